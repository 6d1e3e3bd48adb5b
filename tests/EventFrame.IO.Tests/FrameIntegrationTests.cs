namespace EventFrame.IO.Tests;

/// <summary>The engine's <c>Frame.FromRoot</c> over RootDataSource: the "root" kind resolves, and results match the ground truth.</summary>
public class FrameIntegrationTests
{
    [Fact]
    public void HzzCountsAndSumsMatchExpected()
    {
        var exp = TestData.Expected("uproot-HZZ.root").GetProperty("trees").GetProperty("events;1").GetProperty("branches")
            .EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);
        var df = Frame.FromRoot("events", TestData.RootFile("uproot-HZZ.root"));
        var count = df.Count();
        var nMuon = df.Sum("NMuon");
        var px = df.Define("px_sum", (RVec<float> v) => { double s = 0; foreach (var x in v) s += x; return s; }, "Muon_Px").Sum("px_sum");
        Assert.Equal(2421, count.Value);
        Assert.Equal(exp["NMuon"].GetProperty("fsum").GetDouble(), nMuon.Value);
        double want = exp["Muon_Px"].GetProperty("fsum").GetDouble();
        Assert.True(Math.Abs(px.Value - want) < 1e-9 * Math.Max(1, Math.Abs(want)), $"{px.Value} vs {want}");
    }

    [Fact]
    public void AdlMetSumOverAllThreads()
    {
        var df = Frame.FromRoot("Events", Path.Combine(TestData.Dir, "adl", "adl_100k_lz4.root"));
        var sum = df.Sum("MET_pt");
        var n = df.Filter("nMuon >= 2").Count();
        Assert.True(Math.Abs(sum.Value - 2438305.300924629) < 1e-6, $"MET_pt sum {sum.Value}");
        Assert.InRange(n.Value, 1, 100000);
    }

    [Fact]
    public void RNTupleNamesResolveThroughTheRootKind()
    {
        // The "root" kind opens the file, sees a ROOT::RNTuple key and hands it to the RNTuple module's factory.
        var df = Frame.FromRoot("ntuple", TestData.RootFile("test_int_5e4_rntuple_v1-0-0-0.root"));
        Assert.Equal(50000, df.Count().Value);
    }
}
