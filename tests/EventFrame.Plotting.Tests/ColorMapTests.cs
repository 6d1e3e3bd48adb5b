namespace EventFrame.Plotting.Tests;

public class ColorMapTests
{
    [Fact]
    public void CellsCoverTheirBinsWithTheirColour()
    {
        var r = new Random(21);
        for (int trial = 0; trial < 12; trial++)
        {
            int nx = r.Next(1, 25), ny = r.Next(1, 25);
            var h = new Hist2D("m", "map;x;y;z", nx, -1, 1 + r.Next(5), ny, 0, 10);
            int n = r.Next(0, 2000);
            for (int i = 0; i < n; i++) h.Fill(-1.2 + 8 * r.NextDouble(), 11 * r.NextDouble(), r.NextDouble());
            bool logZ = trial % 3 == 0;
            var plot = new ColorMapPlot(h) { LogZ = logZ };
            var doc = new SvgDoc(plot.ToSvg());
            var x = SvgDoc.Mapping(doc.TickLabels("x", false));
            var y = SvgDoc.Mapping(doc.TickLabels("y", true));
            var cells = doc.All("cell").ToList();
            int expected = 0;
            for (int by = 1; by <= ny; by++)
                for (int bx = 1; bx <= nx; bx++)
                    if (h.Value(bx, by) > 0) expected++;
            Assert.Equal(expected, cells.Count);
            foreach (var c in cells)
            {
                var bin = c.Attribute("data-bin")!.Value.Split(',').Select(int.Parse).ToArray();
                double v = h.Value(bin[0], bin[1]);
                Assert.True(v > 0);
                Assert.Equal(Colormap.Viridis.Map(plot.Normalize(v)), c.Attribute("fill")!.Value);
                Assert.Equal(x(h.XAxis.Lower(bin[0])), SvgDoc.D(c, "x"), 0.05);
                Assert.Equal(y(h.YAxis.Upper(bin[1])), SvgDoc.D(c, "y"), 0.05);
                Assert.Equal(y(h.YAxis.Lower(bin[1])) - y(h.YAxis.Upper(bin[1])) + 0.3, SvgDoc.D(c, "height"), 0.05);
            }
            // The colour bar runs from the lowest colour at the bottom to the highest at the top, with labelled ticks.
            var bands = doc.All("band").ToList();
            Assert.Equal(64, bands.Count);
            Assert.True(SvgDoc.D(bands[0], "y") > SvgDoc.D(bands[^1], "y"));
            var zTicks = doc.TickLabels("z", true);
            Assert.NotEmpty(zTicks);
            Assert.True(zTicks.Zip(zTicks.Skip(1)).All(p => p.Second.Value > p.First.Value && p.Second.Pixel < p.First.Pixel));
            Assert.Equal("z", doc.All("axis-label", "z").Single().Value);
        }
    }

    [Fact]
    public void ColormapInterpolatesBetweenStops()
    {
        var cm = new Colormap("bw", ["#000000", "#ffffff"]);
        Assert.Equal("#000000", cm.Map(0));
        Assert.Equal("#ffffff", cm.Map(1));
        Assert.Equal("#808080", cm.Map(0.5));
        Assert.Equal("#000000", cm.Map(double.NaN));
        Assert.Equal("#ffffff", cm.Map(7));
        Assert.Equal("#440154", Colormap.Viridis.Map(0));
        Assert.Equal("#fde725", Colormap.Viridis.Map(1));
        Assert.Throws<ArgumentException>(() => new Colormap("bad", ["#00"]));
        Assert.Throws<ArgumentException>(() => new Colormap("bad", ["#000000", "red"]));
    }
}
