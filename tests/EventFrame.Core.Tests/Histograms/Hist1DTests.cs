using EventFrame.Histograms;
using static EventFrame.Core.Tests.Histograms.HistTestUtil;

namespace EventFrame.Core.Tests.Histograms;

public class Hist1DTests
{
    [Fact]
    public void WeightedFillsMatchHandComputedValues()
    {
        var h = new Hist1D("h", "Leading muon;p_{T} [GeV];Events", 4, 0, 4);
        h.Fill(0.5, 2);
        h.Fill(0.7, 3);
        h.Fill(2.5);
        h.Fill(-1, 4);          // underflow
        h.Fill(4, 5);           // overflow (upper edge)
        h.Fill(double.NaN, 6);  // overflow
        Assert.Equal(6, h.Entries);
        Assert.Equal([4, 5, 0, 1, 0, 11], h.Values.ToArray());
        Assert.Equal([16, 13, 0, 1, 0, 61], h.Variances.ToArray());
        Assert.Equal(Math.Sqrt(13), h.Error(1));
        Assert.Equal(6, h.Integral());
        Assert.Equal(21, h.Integral(includeFlow: true));
        Assert.Equal(6, h.Integral(1, 3));
        Assert.Equal(21, h.Integral(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Integral(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Integral(0, 6));
        // Statistics only from in-range fills: w = 2, 3, 1 at x = 0.5, 0.7, 2.5.
        Assert.Equal(6, h.SumW);
        Assert.Equal(14, h.SumW2);
        Near((2 * 0.5 + 3 * 0.7 + 2.5) / 6, h.Mean());
        double m = h.Mean();
        Near(Math.Sqrt((2 * 0.25 + 3 * 0.49 + 6.25) / 6 - m * m), h.StdDev());
        Near(36.0 / 14, h.EffectiveEntries);
        Assert.Equal("Leading muon", h.Title);
        Assert.Equal("p_{T} [GeV]", h.XAxis.Label);
        Assert.Equal("Events", h.ValueLabel);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Value(6));
    }

    [Fact]
    public void StatisticsMatchDirectComputation()
    {
        var rng = new Random(17);
        var x = RandomData(rng, 5000, -2, 3);
        var w = x.Select(_ => rng.NextDouble() * 2 - 0.3).ToArray();
        var h = new Hist1D("h", "", 50, -2, 3);
        for (int i = 0; i < x.Length; i++) h.Fill(x[i], w[i]);
        double sw = 0, sw2 = 0, swx = 0, swx2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= -2 && x[i] < 3)) continue;
            sw += w[i]; sw2 += w[i] * w[i]; swx += w[i] * x[i]; swx2 += w[i] * x[i] * x[i];
        }
        Near(sw, h.SumW);
        Near(sw2, h.SumW2);
        Near(swx / sw, h.Mean(), 1e-10);
        Near(Math.Sqrt(swx2 / sw - swx / sw * (swx / sw)), h.StdDev(), 1e-10);
        Assert.Equal(5000, h.Entries);
        double total = 0;
        foreach (var v in h.Values) total += v;
        Near(w.Sum(), total, 1e-10);
    }

    [Fact]
    public void MergingPartialsEqualsFillingEverything()
    {
        var rng = new Random(23);
        var x = RandomData(rng, 3000, 0, 10);
        var all = new Hist1D("h", "", new VariableAxis([0, 1, 2, 4, 7, 10]));
        foreach (var v in x) all.Fill(v);
        var parts = Enumerable.Range(0, 4).Select(_ => new Hist1D("h", "", new VariableAxis([0, 1, 2, 4, 7, 10]))).ToArray();
        for (int i = 0; i < x.Length; i++) parts[i * 4 / x.Length].Fill<double>(x.AsSpan(i, 1));
        var merged = parts[0].Clone();
        for (int p = 1; p < 4; p++) merged.Merge(parts[p]);
        AssertSame(all, merged);
        Assert.Throws<ArgumentException>(() => merged.Merge(new Hist1D("h", "", 5, 0, 10)));
    }

    [Fact]
    public void AddScaleAndClone()
    {
        var a = new Hist1D("a", "", 3, 0, 3);
        var b = new Hist1D("b", "", 3, 0, 3);
        a.Fill(0.5); a.Fill(1.5, 2);
        b.Fill(1.5, 3); b.Fill(2.5); b.Fill(5);
        var c = a.Clone();
        c.Add(b, -0.5);
        Assert.Equal([0, 1, 2 - 1.5, -0.5, -0.5], c.Values.ToArray());
        Assert.Equal([0, 1, 4 + 0.25 * 9, 0.25, 0.25], c.Variances.ToArray());
        Assert.Equal((long)Math.Round(Math.Abs(2 - 0.5 * 3)), c.Entries);
        Near(a.SumW - 0.5 * b.SumW, c.SumW);
        Near(a.SumW2 + 0.25 * b.SumW2, c.SumW2);
        Assert.Equal([0, 1, 2, 0, 0], a.Values.ToArray());   // the clone is independent

        c = a.Clone();
        c.Scale(3);
        Assert.Equal([0, 3, 6, 0, 0], c.Values.ToArray());
        Assert.Equal([0, 9, 36, 0, 0], c.Variances.ToArray());
        Assert.Equal(a.Entries, c.Entries);
        Near(a.Mean(), c.Mean());
        Near(3 * a.SumW, c.SumW);
        Assert.Throws<ArgumentException>(() => a.Add(new Hist1D("x", "", 3, 0, 4)));
    }

    [Fact]
    public void CategoryFillsAndSummary()
    {
        var h = new Hist1D("ch", "channels", new CategoryAxis(["ee", "mumu"]));
        h.Fill("mumu");
        h.Fill("mumu", 2);
        h.Fill("tautau");
        Assert.Equal([0, 0, 3, 1], h.Values.ToArray());
        Assert.Equal(3, h.Entries);
        Assert.Equal(3, h.SumW);
        Assert.Equal(1.5, h.Mean());
        Assert.Throws<InvalidOperationException>(() => new Hist1D("x", "", 2, 0, 1).Fill("a"));
        var s = new Hist1D("pt", "p_T", 10, 0, 100).ToString();
        Assert.Contains("'pt'", s);
        Assert.Contains("Regular(10, 0, 100)", s);
        Assert.Contains("entries=0", s);
    }

    [Fact]
    public void TitlesSplitLikeRootsAndSurviveCopies()
    {
        var h = new Hist1D("h", "a#;b;x;y", 2, 0, 1);
        Assert.Equal("a;b", h.Title);
        Assert.Equal("x", h.XAxis.Label);
        Assert.Equal("y", h.ValueLabel);
        Assert.Equal("a#;b;x;y", h.FullTitle);
        var c = h.Clone();
        Assert.Equal((h.Title, h.XAxis.Label, h.ValueLabel), (c.Title, c.XAxis.Label, c.ValueLabel));
        var back = Hist1D.FromUhiJson(h.ToUhiJson());
        Assert.Equal((h.Title, h.XAxis.Label, h.ValueLabel), (back.Title, back.XAxis.Label, back.ValueLabel));
        Assert.Equal("plain", new Hist1D("p", "plain", 1, 0, 1).FullTitle);
        var axisLabelled = new Hist1D("q", "t", new RegularAxis(1, 0, 1) { Label = "kept" });
        Assert.Equal("kept", axisLabelled.XAxis.Label);
    }

    [Fact]
    public void ModelsCreateEmptyHistograms()
    {
        Hist1DModel m = new("m", "t;x;y", 10, 0, 1);
        var h = m.Create();
        Assert.Equal("m", h.Name);
        Assert.Equal("t", h.Title);
        Assert.Equal("x", h.XAxis.Label);
        Assert.Equal(10, h.XAxis.Bins);
        Assert.NotSame(h, m.Create());
        Assert.True(new Hist1DModel("v", "", [0.0, 1, 3]).Create().XAxis is VariableAxis { Bins: 2 });
        Assert.True(new Hist1DModel("i", "", new IntegerAxis(0, 5)).Create().XAxis is IntegerAxis);
        Hist2DModel m2 = new("m2", "", 2, 0, 1, 3, 0, 1);
        Assert.Equal(4 * 5, m2.Create().TotalBins);
        Assert.Equal(16, new Hist2DModel("e", "", [0.0, 1, 2], [0.0, 1, 2]).Create().TotalBins);
        Hist3DModel m3 = new("m3", "", 1, 0, 1, 2, 0, 1, 3, 0, 1);
        Assert.Equal(3 * 4 * 5, m3.Create().TotalBins);
        Profile1DModel p1 = new("p", "", 5, 0, 1);
        Assert.Equal(7, p1.Create().TotalBins);
        Profile2DModel p2 = new("p2", "", 5, 0, 1, 2, 0, 1);
        Assert.Equal(28, p2.Create().TotalBins);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hist1DModel("bad", "", 0, 0, 1));
    }
}
