using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Graph;

/// <summary>Every action: Count, Sum, Mean, StdDev, Min, Max, Take, Histo1D/2D/3D, Profile1D/2D, Report, Aggregate, Reduce.</summary>
public class FrameActionTests
{
    private static readonly TestData.Events Data = TestData.Make();

    [Fact]
    public void OneLoopFillsEveryBookedResult()
    {
        var df = TestData.Frame(Data);
        var count = df.Count();
        var sum = df.Sum("MET_pt");
        var h = df.Histo1D(new("met", "MET;p_{T} [GeV];Events", 50, 0, 150), "MET_pt");
        Assert.False(count.IsReady);
        Assert.False(h.IsReady);
        Assert.Equal(TestData.Entries, count.Value);
        Assert.True(sum.IsReady);
        Assert.True(h.IsReady);
        Assert.Equal(1, df.RunCount);
        _ = df.Count().Value;
        Assert.Equal(2, df.RunCount);
    }

    [Fact]
    public void StatisticsMatchDirectComputation()
    {
        var df = TestData.Frame(Data);
        var met = Data.Met.Select(x => (double)x).ToArray();
        double mean = met.Average();
        double sd = Math.Sqrt(met.Sum(x => (x - mean) * (x - mean)) / (met.Length - 1));
        var rMean = df.Mean("MET_pt");
        var rSd = df.StdDev("MET_pt");
        var rMin = df.Min("MET_pt");
        var rMax = df.Max("MET_pt");
        var rSum = df.Sum("Muon_pt");
        Assert.Equal(mean, rMean.Value, 9);
        Assert.Equal(sd, rSd.Value, 9);
        Assert.Equal(met.Min(), rMin.Value);
        Assert.Equal(met.Max(), rMax.Value);
        Assert.Equal(Data.MuonPt.SelectMany(v => v).Sum(x => (double)x), rSum.Value, 6);
    }

    [Fact]
    public void StatisticsOfNothing()
    {
        var df = TestData.Frame(Data).Filter("MET_pt < -1");
        var mean = df.Mean("MET_pt");
        var sd = df.StdDev("MET_pt");
        var min = df.Min("MET_pt");
        Assert.True(double.IsNaN(mean.Value));
        Assert.Equal(0, sd.Value);
        Assert.Equal(double.PositiveInfinity, min.Value);
    }

    [Fact]
    public void Histo1DMatchesHandFilledHistogram()
    {
        var df = TestData.Frame(Data);
        var unweighted = df.Filter("HLT").Histo1D(new("met", "MET", 30, 10, 100), "MET_pt");
        var weighted = df.Filter("HLT").Histo1D(new("metw", "MET", 30, 10, 100), "MET_pt", "weight");
        var vector = df.Histo1D(new("pt", "muon pt", 40, 0, 70), "Muon_pt", "weight");
        var h = new Hist1D("met", "MET", 30, 10, 100);
        var hw = new Hist1D("metw", "MET", 30, 10, 100);
        var hv = new Hist1D("pt", "muon pt", 40, 0, 70);
        for (int i = 0; i < TestData.Entries; i++)
        {
            foreach (var p in Data.MuonPt[i]) hv.Fill(p, Data.Weight[i]);
            if (!Data.Trigger[i]) continue;
            h.Fill(Data.Met[i]);
            hw.Fill(Data.Met[i], Data.Weight[i]);
        }
        TestData.AssertSameHistogram(h, unweighted.Value);
        Assert.Equal(hw.Entries, weighted.Value.Entries);
        for (int b = 0; b < 32; b++)
        {
            Assert.Equal(hw.Values[b], weighted.Value.Values[b], 9);
            Assert.Equal(hw.Variances[b], weighted.Value.Variances[b], 9);
        }
        Assert.Equal(hv.Entries, vector.Value.Entries);
        for (int b = 0; b < 42; b++) Assert.Equal(hv.Values[b], vector.Value.Values[b], 9);
        Assert.Equal(h.Mean(), unweighted.Value.Mean(), 9);
    }

    [Fact]
    public void FlowBinsAndHandComputedWeights()
    {
        var df = Frame.FromArrays(new Dictionary<string, Array>
        {
            ["x"] = new double[] { -1, 0, 0.5, 1, 1.5, 2, double.NaN, 5 },
            ["w"] = new double[] { 1, 2, 3, 4, 5, 6, 7, 8 },
        });
        var h = df.Histo1D(new("h", "", 2, 0, 2), "x", "w").Value;
        // underflow: -1 (w 1); bin 1 [0,1): 0, 0.5 (2+3); bin 2 [1,2): 1, 1.5 (4+5); overflow: 2, NaN, 5 (6+7+8).
        Assert.Equal(new double[] { 1, 5, 9, 21 }, h.Values.ToArray());
        Assert.Equal(new double[] { 1, 4 + 9, 16 + 25, 36 + 49 + 64 }, h.Variances.ToArray());
        Assert.Equal(8, h.Entries);
    }

    [Fact]
    public void MultiDimensionalHistogramsAndProfiles()
    {
        var df = TestData.Frame(Data);
        var h2 = df.Histo2D(new("h2", "", 10, 0, 70, 12, -3, 3), "Muon_pt", "Muon_eta");
        var h3 = df.Histo3D(new("h3", "", 5, 0, 70, 6, -3, 3, 4, 0, 150), "Muon_pt", "Muon_eta", "MET_pt", "weight");
        var p1 = df.Profile1D(new("p1", "", 10, 0, 150), "MET_pt", "nMuon");
        var p2 = df.Profile2D(new("p2", "", 5, 0, 70, 5, -3, 3), "Muon_pt", "Muon_eta", "MET_pt");
        var e2 = new Hist2D("h2", "", 10, 0, 70, 12, -3, 3);
        var e3 = new Hist3D("h3", "", 5, 0, 70, 6, -3, 3, 4, 0, 150);
        var ep1 = new Profile1D("p1", "", 10, 0, 150);
        var ep2 = new Profile2D("p2", "", 5, 0, 70, 5, -3, 3);
        for (int i = 0; i < TestData.Entries; i++)
        {
            for (int j = 0; j < Data.MuonPt[i].Length; j++)
            {
                e2.Fill(Data.MuonPt[i][j], Data.MuonEta[i][j]);
                e3.Fill(Data.MuonPt[i][j], Data.MuonEta[i][j], Data.Met[i], Data.Weight[i]);
                ep2.Fill(Data.MuonPt[i][j], Data.MuonEta[i][j], Data.Met[i]);
            }
            ep1.Fill(Data.Met[i], Data.NMuon[i]);
        }
        Assert.Equal(e2.Values.ToArray(), h2.Value.Values.ToArray());
        Assert.Equal(e3.Entries, h3.Value.Entries);
        for (int b = 0; b < e3.Values.Length; b++) Assert.Equal(e3.Values[b], h3.Value.Values[b], 9);
        for (int b = 1; b <= 10; b++) Assert.Equal(ep1.Mean(b), p1.Value.Mean(b), 9);
        Assert.Equal(ep2.Entries, p2.Value.Entries);
    }

    [Fact]
    public void TakeCopiesVectors()
    {
        var df = TestData.Frame(Data, chunk: 100);
        var pts = df.Take<RVec<float>>("Muon_pt").Value;
        for (int i = 0; i < TestData.Entries; i++) Assert.Equal(Data.MuonPt[i], pts[i].ToArray());
    }

    [Fact]
    public void ReportCountsNamedFilters()
    {
        var df = TestData.Frame(Data);
        var sel = df.Filter("HLT", "trigger").Filter("nMuon >= 2").Filter("MET_pt > 40", "met");
        var rep = sel.Report();
        var all = df.Report();
        int trig = Data.Trigger.Count(t => t);
        int two = Enumerable.Range(0, TestData.Entries).Count(i => Data.Trigger[i] && Data.NMuon[i] >= 2);
        int met = Enumerable.Range(0, TestData.Entries).Count(i => Data.Trigger[i] && Data.NMuon[i] >= 2 && Data.Met[i] > 40);
        Assert.Equal(2, rep.Value.Entries.Count);
        Assert.Equal(new CutflowEntry("trigger", trig, TestData.Entries), rep.Value["trigger"]);
        Assert.Equal(new CutflowEntry("met", met, two), rep.Value["met"]);
        Assert.Equal(rep.Value.Entries, all.Value.Entries);
        var text = rep.Value.ToString();
        Assert.Contains("trigger", text);
        Assert.Contains(((double)met / two * 100).ToString("F2", System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public void AggregateAndReduce()
    {
        var df = TestData.Frame(Data);
        var maxRun = df.Reduce((long a, long b) => Math.Max(a, b), "run", long.MinValue);
        var nMu = df.Aggregate((long acc, uint n) => acc + n, (a, b) => a + b, "nMuon", 0L);
        Assert.Equal(Data.Run.Max(), maxRun.Value);
        Assert.Equal(Data.NMuon.Sum(n => (long)n), nMu.Value);
    }

    [Fact]
    public void RunGraphsRunsSeveralDatasets()
    {
        var a = TestData.Frame(Data).Count();
        var b = Frame.Empty(1234).Count();
        Frame.RunGraphs(a, b);
        Assert.True(a.IsReady && b.IsReady);
        Assert.Equal(1234, b.Value);
    }
}
