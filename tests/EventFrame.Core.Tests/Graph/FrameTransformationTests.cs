using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Graph;

/// <summary>Define, Redefine, Filter, Alias and Range in both forms (string expression and typed lambda).</summary>
public class FrameTransformationTests
{
    private static readonly TestData.Events Data = TestData.Make();

    [Fact]
    public void StringAndLambdaFiltersAgree()
    {
        var df = TestData.Frame(Data);
        var s = df.Filter("nMuon >= 2 && MET_pt > 20").Count();
        var l = df.Filter((uint n, float met) => n >= 2 && met > 20, ["nMuon", "MET_pt"]).Count();
        long expected = Enumerable.Range(0, TestData.Entries).Count(i => Data.NMuon[i] >= 2 && Data.Met[i] > 20);
        Assert.Equal(expected, s.Value);
        Assert.Equal(expected, l.Value);
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void StringAndLambdaDefinesAgree()
    {
        var df = TestData.Frame(Data);
        var a = df.Define("ht", "Muon_pt.Sum()").Take<float>("ht");
        var b = df.Define("ht", (RVec<float> pt) => pt.Sum(), "Muon_pt").Take<float>("ht");
        Assert.Equal(a.Value, b.Value);
        var expected = Data.MuonPt.Select(v => { float s = 0; foreach (var x in v) s += x; return s; }).ToList();
        Assert.Equal(expected, a.Value);
    }

    [Fact]
    public void ChunkSumKernelMatchesPerEventSums()
    {
        var df = TestData.Frame(Data, chunk: 777);
        var expected = Data.MuonPt.Select(v => { float s = 0; foreach (var x in v) s += x; return s; }).ToList();
        Assert.Equal(expected, df.Define("s", "Sum(Muon_pt)").Take<float>("s").Value);
        var sparse = df.Filter("nMuon != 2").Define("s", "Muon_pt.Sum()").Take<float>("s").Value;
        Assert.Equal(expected.Where((_, i) => Data.NMuon[i] != 2), sparse);
        var charges = df.Define("q", "Sum(Muon_charge)").Take<int>("q").Value;
        Assert.Equal(Data.MuonCharge.Select(v => v.Sum()), charges);
    }

    [Fact]
    public void MasksSelectElementsInBothForms()
    {
        var df = TestData.Frame(Data);
        var a = df.Define("central", "Muon_pt[abs(Muon_eta) < 2.4 && Muon_pt > 20.]").Take<RVec<float>>("central");
        var b = df.Define("central", (RVec<float> pt, RVec<float> eta) =>
        {
            var keep = new List<float>();
            for (int i = 0; i < pt.Length; i++)
                if (Math.Abs(eta[i]) < 2.4 && pt[i] > 20.0) keep.Add(pt[i]);
            return new RVec<float>([.. keep]);
        }, "Muon_pt", "Muon_eta").Take<RVec<float>>("central");
        Assert.Equal(TestData.Entries, a.Value.Count);
        for (int i = 0; i < TestData.Entries; i++) Assert.Equal(b.Value[i].ToArray(), a.Value[i].ToArray());
    }

    [Fact]
    public void DefinesChainAndAreOnlyEvaluatedWhereNeeded()
    {
        int calls = 0;
        var df = TestData.Frame(Data, threads: 1);
        var h = df.Define("x", (float met) => { Interlocked.Increment(ref calls); return met * 2; }, "MET_pt")
            .Filter("nMuon == 3", "three")
            .Define("y", "x + 1")
            .Sum("y");
        var expected = Enumerable.Range(0, TestData.Entries).Where(i => Data.NMuon[i] == 3).Sum(i => (double)(Data.Met[i] * 2 + 1));
        Assert.Equal(expected, h.Value, 9);
        // x is only consumed below the filter, so it is computed only for the entries that pass it.
        Assert.Equal(Data.NMuon.Count(n => n == 3), calls);
    }

    [Fact]
    public void RedefineReplacesValuesDownstreamOnly()
    {
        var df = TestData.Frame(Data);
        var before = df.Sum("MET_pt");
        var after = df.Redefine("MET_pt", "MET_pt * 2").Sum("MET_pt");
        var lambda = df.Redefine("MET_pt", (float m) => m * 2, "MET_pt").Sum("MET_pt");
        Assert.Equal(before.Value * 2, after.Value, 6);
        Assert.Equal(after.Value, lambda.Value);
    }

    [Fact]
    public void AliasGivesTheSameColumn()
    {
        var df = TestData.Frame(Data).Alias("met", "MET_pt");
        Assert.Equal(df.Sum("MET_pt").Value, df.Sum("met").Value);
        Assert.Contains("met", df.ColumnNames);
    }

    [Fact]
    public void RootRangeKeepsEntryWindowWithStride()
    {
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var df = TestData.Frame(Data, threads);
            var entries = df.Range(10, 5000, 7).Take<ulong>("rdfentry_").Value;
            Assert.Equal(Enumerable.Range(0, 5000).Where(i => i >= 10 && (i - 10) % 7 == 0).Select(i => (ulong)i), entries);
        }
    }

    [Fact]
    public void RangeBelowFilterMatchesSequentialSemantics()
    {
        var expected = Enumerable.Range(0, TestData.Entries).Where(i => Data.NMuon[i] >= 3).Skip(5).Take(1200).Select(i => (ulong)i).ToList();
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var df = TestData.Frame(Data, threads);
            var got = df.Filter("nMuon >= 3").Range(5, 1205).Take<ulong>("rdfentry_").Value;
            Assert.Equal(expected, got);
        }
    }

    [Fact]
    public void FiltersShortCircuitInBookingOrder()
    {
        var df = TestData.Frame(Data, threads: 1);
        // Without short-circuiting, the second filter would index an empty vector and throw.
        var n = df.Filter("nMuon > 0").Filter("Muon_pt[0] > 30").Count();
        Assert.Equal(Enumerable.Range(0, TestData.Entries).Count(i => Data.NMuon[i] > 0 && Data.MuonPt[i][0] > 30), n.Value);
    }

    [Fact]
    public void PortingFixesForRootExpressions()
    {
        var df = TestData.Frame(Data);
        Assert.Equal(df.Filter("MET_pt > 30.").Count().Value, df.Filter("MET_pt > 30.0").Count().Value);
        Assert.Equal(df.Define("x", "MET_pt * 2.f").Sum("x").Value, df.Define("x", "MET_pt * 2.0f").Sum("x").Value);
    }

    [Fact]
    public void KeywordColumnNamesWork()
    {
        var df = Frame.FromArrays(new Dictionary<string, Array> { ["event"] = new ulong[] { 1, 2, 3, 4 } });
        Assert.Equal(2, df.Filter("event % 2 == 0").Count().Value);
    }

    [Fact]
    public void ColumnNamesAndTypes()
    {
        var df = TestData.Frame(Data).Define("two", "2.0 * MET_pt");
        Assert.Equal(typeof(RVec<float>), df.GetColumnType("Muon_pt"));
        Assert.Equal(typeof(double), df.GetColumnType("two"));
        Assert.Equal(typeof(uint), df.GetColumnType("nMuon"));
        Assert.Contains("two", df.GetColumnNames());
        Assert.DoesNotContain("rdfentry_", df.GetColumnNames());
    }
}

/// <summary>A Range below filters plans a counting pass; it must not change how the main pass evaluates Defines.</summary>
public class RangeCountingPassTests
{
    [Fact]
    public void DefinesKeepTheirEvaluationSelectionAcrossTheCountingPass()
    {
        var df = Frame.Empty(10_000, options: new ExecutionOptions { Threads = 2, GeneratedPartitionSize = 1000 })
            .Define("y", "(double)rdfentry_");
        var ranged = df.Filter("rdfentry_ % 2 == 0").Filter("y > 100").Range(10, 50);
        var n = ranged.Count();
        var sum = df.Sum("y");
        Assert.Equal(40, n.Value);
        Assert.Equal(9999.0 * 10_000 / 2, sum.Value);
    }
}
