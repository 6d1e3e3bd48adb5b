namespace EventFrame.Plotting.Tests;

public class PlotTests
{
    private static Hist1D RandomHist(Random r, int bins, double lo, double hi, string title = "t;x [GeV];y", bool variable = false)
    {
        var h = variable
            ? new Hist1D("h", title, [.. Enumerable.Range(0, bins + 1).Select(i => lo + (hi - lo) * Math.Pow((double)i / bins, 1.7))])
            : new Hist1D("h", title, bins, lo, hi);
        int n = r.Next(0, 3000);
        for (int i = 0; i < n; i++) h.Fill(lo + (hi - lo) * (r.NextDouble() * 1.1 - 0.05), 0.5 + r.NextDouble());
        return h;
    }

    [Fact]
    public void StepAndFilledOutlinesMapBinsToTheirCoordinates()
    {
        var r = new Random(3);
        for (int trial = 0; trial < 40; trial++)
        {
            int bins = r.Next(1, 60);
            double lo = Math.Round((r.NextDouble() - 0.5) * 200), hi = lo + 1 + Math.Round(r.NextDouble() * 500);
            var h = RandomHist(r, bins, lo, hi, variable: trial % 4 >= 2);
            var style = trial % 2 == 0 ? HistStyle.Step : HistStyle.Filled;
            var doc = new SvgDoc(h.ToSvg(style));
            var x = SvgDoc.Mapping(doc.TickLabels("x", false));
            var y = SvgDoc.Mapping(doc.TickLabels("y", true));
            var layer = doc.Group(style == HistStyle.Step ? "step" : "filled");
            var pts = SvgDoc.Points(layer.Elements().Single(e => SvgDoc.HasClass(e, "bins")));
            Assert.Equal(2 * bins + 2, pts.Count);
            for (int b = 1; b <= bins; b++)
            {
                var (xl, yl) = pts[2 * b - 1];
                var (xr, yr) = pts[2 * b];
                Assert.Equal(x(h.XAxis.Lower(b)), xl, 0.05);
                Assert.Equal(x(h.XAxis.Upper(b)), xr, 0.05);
                Assert.Equal(y(h.Value(b)), yl, 0.05);
                Assert.Equal(yl, yr);
            }
            Assert.Equal(y(0), pts[0].Y, 0.05); // the outline starts and ends on the zero line
            // Axis labels come from the title; the x label's unit survives.
            Assert.Contains("x [GeV]", doc.All("axis-label", "x").Single().Value);
            Assert.Equal("y", doc.All("axis-label", "y").Single().Value);
            // The panel contains every tick and the whole outline.
            var frame = doc.All("frame", "main").Single();
            double top = SvgDoc.D(frame, "y"), bottom = top + SvgDoc.D(frame, "height");
            Assert.All(pts, p => Assert.InRange(p.Y, top - 0.5, bottom + 0.5));
        }
    }

    [Fact]
    public void ErrorBarsSitAtBinCentresWithSqrtSumW2()
    {
        var r = new Random(5);
        for (int trial = 0; trial < 25; trial++)
        {
            var h = RandomHist(r, r.Next(1, 40), 0, 100);
            var doc = new SvgDoc(h.ToSvg(HistStyle.Errorbar));
            var x = SvgDoc.Mapping(doc.TickLabels("x", false));
            var y = SvgDoc.Mapping(doc.TickLabels("y", true));
            var layer = doc.Group("errorbar");
            var markers = layer.Elements(SvgDoc.Ns + "circle").ToList();
            var filled = Enumerable.Range(1, h.XAxis.Bins).Where(b => h.Value(b) != 0).ToList();
            Assert.Equal(filled.Count, markers.Count);
            var yerr = layer.Elements().Where(e => SvgDoc.HasClass(e, "yerr")).ToList();
            Assert.Equal(filled.Count, yerr.Count);
            for (int i = 0; i < filled.Count; i++)
            {
                int b = filled[i];
                Assert.Equal(x(h.XAxis.Center(b)), SvgDoc.D(markers[i], "cx"), 0.05);
                Assert.Equal(y(h.Value(b)), SvgDoc.D(markers[i], "cy"), 0.05);
                Assert.Equal(y(h.Value(b) - h.Error(b)), SvgDoc.D(yerr[i], "y1"), 0.05);
                Assert.Equal(y(h.Value(b) + h.Error(b)), SvgDoc.D(yerr[i], "y2"), 0.05);
            }
        }
    }

    [Fact]
    public void StackWithRatioAndLegend()
    {
        var r = new Random(9);
        for (int trial = 0; trial < 10; trial++)
        {
            int bins = r.Next(2, 30);
            var samples = Enumerable.Range(0, r.Next(1, 5)).Select(i => ($"s_{{{i}}}", RandomHist(r, bins, 0, 50))).ToList();
            var data = RandomHist(r, bins, 0, 50);
            var doc = new SvgDoc(Plot.Stack(samples, data).ToSvg());
            var x = SvgDoc.Mapping(doc.TickLabels("x", false));
            var y = SvgDoc.Mapping(doc.TickLabels("y", true));
            var polys = doc.All("stack-sample").ToList();
            Assert.Equal(samples.Count, polys.Count);
            var sum = new double[bins];
            for (int s = 0; s < samples.Count; s++)
            {
                var pts = SvgDoc.Points(polys[s]);
                Assert.Equal(4 * bins, pts.Count);
                for (int b = 1; b <= bins; b++)
                {
                    double lower = sum[b - 1];
                    sum[b - 1] += samples[s].Item2.Value(b);
                    Assert.Equal(y(sum[b - 1]), pts[2 * b - 2].Y, 0.05); // upper edge, left to right
                    Assert.Equal(x(samples[s].Item2.XAxis.Lower(b)), pts[2 * b - 2].X, 0.05);
                    Assert.Equal(y(lower), pts[4 * bins - 2 * b].Y, 0.05); // lower edge, right to left
                }
            }
            // Legend: data first, then the samples top of the stack first.
            var legend = doc.All("legend-entry").Select(e => e.Attribute("data-label")!.Value).ToList();
            Assert.Equal(["Data", .. Enumerable.Range(0, samples.Count).Reverse().Select(i => $"s{i}")], legend);
            // Ratio panel: data / stack sum at each bin with data.
            var ry = SvgDoc.Mapping(doc.TickLabels("ratio-y", true));
            var markers = doc.Group("ratio-points").Elements(SvgDoc.Ns + "circle").ToList();
            var expected = Enumerable.Range(1, bins).Where(b => sum[b - 1] > 0 && data.Value(b) != 0).ToList();
            Assert.Equal(expected.Count, markers.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                double ratio = data.Value(expected[i]) / sum[expected[i] - 1];
                double frameTop = SvgDoc.D(doc.All("frame", "ratio").Single(), "y");
                double frameBottom = frameTop + SvgDoc.D(doc.All("frame", "ratio").Single(), "height");
                double cy = SvgDoc.D(markers[i], "cy");
                if (ry(ratio) < frameTop) Assert.InRange(cy, frameTop - 0.5, frameTop);          // off-scale: pinned to the edge
                else if (ry(ratio) > frameBottom) Assert.InRange(cy, frameBottom, frameBottom + 0.5);
                else Assert.Equal(ry(ratio), cy, 0.05);
            }
            // The main panel has no x tick labels; the ratio panel has them and the x-axis label.
            Assert.Equal(doc.All("tick", "x").Count(), 2 * 2 * doc.TickLabels("x", false).Count);
            Assert.Single(doc.All("axis-label", "ratio-y"));
        }
    }

    [Fact]
    public void LogYUsesDecadesAndSkipsEmptyBins()
    {
        var h = new Hist1D("h", "falling;p_{T} [GeV]", 20, 0, 200);
        for (int b = 1; b <= 19; b++) h.SetBin(b, 1e5 * Math.Exp(-0.5 * b), 1e5 * Math.Exp(-0.5 * b));
        var doc = new SvgDoc(h.ToSvg(HistStyle.Errorbar, logY: true));
        var ticks = doc.TickLabels("y", true);
        Assert.All(ticks, t => Assert.Equal(Math.Round(Math.Log10(t.Value)), Math.Log10(t.Value), 9));
        var y = SvgDoc.Mapping(ticks, log: true);
        var markers = doc.Group("errorbar").Elements(SvgDoc.Ns + "circle").ToList();
        Assert.Equal(19, markers.Count);
        for (int b = 1; b <= 19; b++) Assert.Equal(y(h.Value(b)), SvgDoc.D(markers[b - 1], "cy"), 0.05);
        Assert.NotEmpty(doc.All("minor-tick", "y"));
    }

    [Fact]
    public void ProfilesDrawMeansWithErrors()
    {
        var p = Samples.Profile();
        var doc = new SvgDoc(p.ToSvg());
        var y = SvgDoc.Mapping(doc.TickLabels("y", true));
        var x = SvgDoc.Mapping(doc.TickLabels("x", false));
        var markers = doc.Group("profile").Elements(SvgDoc.Ns + "circle").ToList();
        Assert.Equal(p.XAxis.Bins, markers.Count);
        for (int b = 1; b <= p.XAxis.Bins; b++)
        {
            Assert.Equal(y(p.Mean(b)), SvgDoc.D(markers[b - 1], "cy"), 0.05);
            Assert.Equal(x(p.XAxis.Center(b)), SvgDoc.D(markers[b - 1], "cx"), 0.05);
        }
        Assert.Contains("gen", doc.All("axis-label", "x").Single().Value);
    }

    [Fact]
    public void LargeCountsUseAnAxisExponent()
    {
        var h = new Hist1D("h", "big", 4, 0, 4);
        for (int b = 1; b <= 4; b++) h.SetBin(b, b * 2e6, 0);
        var doc = new SvgDoc(h.ToSvg());
        Assert.Single(doc.All("axis-exponent", "y"));
        var exponent = doc.All("axis-exponent", "y").Single().Elements(SvgDoc.Ns + "tspan").Single().Value;
        double unit = Math.Pow(10, int.Parse(exponent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(unit, 1e5, 1e7);
        var y = SvgDoc.Mapping(doc.TickLabels("y", true));
        var pts = SvgDoc.Points(doc.Group("step").Elements().Single());
        for (int b = 1; b <= 4; b++) Assert.Equal(y(b * 2e6 / unit), pts[2 * b].Y, 0.05); // labels are in units of 10^exponent
    }

    [Fact]
    public void CategoryAxesLabelEachBin()
    {
        var h = new Hist1D("c", "channels", new CategoryAxis(["ee", "#mu#mu", "e#mu"]));
        h.Fill("ee", 3); h.Fill("#mu#mu", 5); h.Fill("e#mu", 1);
        var doc = new SvgDoc(h.ToSvg(HistStyle.Filled));
        Assert.Equal(["ee", "μμ", "eμ"], doc.All("tick-label", "x").Select(e => e.Value));
    }

    [Fact]
    public void BadInputGivesTypedErrors()
    {
        var a = new Hist1D("a", "", 10, 0, 1);
        var b = new Hist1D("b", "", 11, 0, 1);
        var ex = Assert.Throws<ArgumentException>(() => new Plot().Add(a).Add(b));
        Assert.Contains("'b'", ex.Message);
        Assert.Throws<InvalidOperationException>(() => new Plot().ToSvg());
        Assert.Throws<ArgumentException>(() => new Plot().AddStack([]));
        Assert.Throws<InvalidOperationException>(() => new Plot { Width = 1e9 }.Add(a).ToSvg());
        Assert.Throws<InvalidOperationException>(() => new Plot().AddData(a).AddData(a));
        // Non-finite contents and an empty histogram still render.
        a.SetBin(3, double.NaN, 0);
        a.SetBin(4, double.PositiveInfinity, 0);
        _ = new SvgDoc(a.ToSvg());
        _ = new SvgDoc(new Hist1D("e", "", 5, 0, 1).ToSvg(logY: true));
        _ = new SvgDoc(new Hist1D("e", "", 5, 0, 1).ToSvg(HistStyle.Errorbar));
    }
}
