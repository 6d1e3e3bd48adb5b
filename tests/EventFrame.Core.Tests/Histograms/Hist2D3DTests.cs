using EventFrame.Histograms;
using static EventFrame.Core.Tests.Histograms.HistTestUtil;

namespace EventFrame.Core.Tests.Histograms;

public class Hist2D3DTests
{
    [Fact]
    public void GlobalBinLayoutIsRoots()
    {
        var h = new Hist2D("h", "t;x;y;z", 3, 0, 3, 2, 0, 2);
        Assert.Equal(5 * 4, h.TotalBins);
        h.Fill(1.5, 0.5, 2);
        Assert.Equal(2, h.Value(2 + 5 * 1));
        Assert.Equal(2, h.Value(2, 1));
        Assert.Equal(4, h.Variance(h.GetBin(2, 1)));
        Assert.Equal([2, 1], h.GetBinXYZ(7));
        h.Fill(-1, 5);
        Assert.Equal(1, h.Value(0, 3));
        Assert.Equal("x", h.XAxis.Label);
        Assert.Equal("y", h.YAxis.Label);
        Assert.Equal("z", h.ValueLabel);
        var h3 = new Hist3D("h", "", 2, 0, 2, 3, 0, 3, 4, 0, 4);
        h3.Fill(1.5, 2.5, 3.5, 7);
        Assert.Equal(7, h3.Value(2 + 4 * (3 + 5 * 4)));
        Assert.Equal(7, h3.Value(2, 3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => h3.GetBin(0, 0, 6));
        Assert.Throws<ArgumentException>(() => h3.GetBin(0, 0));
    }

    [Fact]
    public void StatisticsCountOnlyFillsInRangeOnEveryAxis()
    {
        var rng = new Random(7);
        var h = new Hist2D("h", "", 10, 0, 1, 5, -1, 1);
        double sw = 0, sx = 0, sy = 0, sxy = 0, sx2 = 0, sy2 = 0;
        for (int i = 0; i < 2000; i++)
        {
            double x = rng.NextDouble() * 1.2 - 0.1, y = rng.NextDouble() * 2.4 - 1.2, w = rng.NextDouble();
            h.Fill(x, y, w);
            if (x >= 0 && x < 1 && y >= -1 && y < 1) { sw += w; sx += w * x; sy += w * y; sxy += w * x * y; sx2 += w * x * x; sy2 += w * y * y; }
        }
        Near(sw, h.SumW);
        Near(sx / sw, h.Mean(0), 1e-10);
        Near(sy / sw, h.Mean(1), 1e-10);
        Near(sxy, h.SumWXY(0, 1), 1e-10);
        Near(Math.Sqrt(sy2 / sw - sy / sw * (sy / sw)), h.StdDev(1), 1e-10);
        double cov = sxy / sw - sx / sw * (sy / sw);
        Near(cov / (h.StdDev(0) * h.StdDev(1)), h.CorrelationFactor, 1e-9);
        Assert.Equal(2000, h.Entries);
    }

    [Fact]
    public void ProjectionsSumOverAllBinsIncludingFlow()
    {
        var rng = new Random(9);
        var h = new Hist2D("h", "title;xl;yl", 4, 0, 4, 3, 0, 3);
        for (int i = 0; i < 500; i++) h.Fill(rng.NextDouble() * 6 - 1, rng.NextDouble() * 5 - 1, rng.NextDouble());
        var px = h.ProjectionX();
        var py = h.ProjectionY("py");
        Assert.Equal("h_px", px.Name);
        Assert.Equal("py", py.Name);
        Assert.Equal("xl", px.XAxis.Label);
        for (int bx = 0; bx <= 5; bx++)
        {
            double s = 0, v = 0;
            for (int by = 0; by <= 4; by++) { s += h.Value(bx, by); v += h.Variance(h.GetBin(bx, by)); }
            Near(s, px.Value(bx));
            Near(v, px.Variance(bx));
        }
        for (int by = 0; by <= 4; by++)
        {
            double s = 0;
            for (int bx = 0; bx <= 5; bx++) s += h.Value(bx, by);
            Near(s, py.Value(by));
        }
        Assert.Equal(h.Entries, px.Entries);
        // Statistics of a projection come from its bin centres.
        double sw = 0, swx = 0;
        for (int b = 1; b <= 4; b++) { sw += px.Value(b); swx += px.Value(b) * px.XAxis.Center(b); }
        Near(sw, px.SumW);
        Near(swx / sw, px.Mean());

        var h3 = new Hist3D("g", "", new RegularAxis(3, 0, 3), new VariableAxis([0, 1, 3]), new IntegerAxis(0, 2));
        for (int i = 0; i < 300; i++) h3.Fill(rng.NextDouble() * 4 - 0.5, rng.NextDouble() * 4 - 0.5, rng.Next(-1, 3), 0.5);
        var pz = h3.Project(2);
        Assert.True(pz.XAxis.SameBinning(new IntegerAxis(0, 2)));
        Near(h3.Integral(includeFlow: true), pz.Integral(includeFlow: true));
        var pyz = h3.Project(1, 2);
        Assert.True(pyz.XAxis is VariableAxis && pyz.YAxis is IntegerAxis);
        for (int by = 0; by <= 3; by++)
            for (int bz = 0; bz <= 3; bz++)
            {
                double s = 0;
                for (int bx = 0; bx <= 4; bx++) s += h3.Value(bx, by, bz);
                Near(s, pyz.Value(by, bz));
            }
        Assert.Throws<ArgumentException>(() => h3.Project(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => h3.Project(3));
    }

    [Fact]
    public void MergeAddScaleClone()
    {
        var rng = new Random(13);
        var all = new Hist3D("h", "", 3, 0, 1, 3, 0, 1, 2, 0, 1);
        var a = new Hist3D("h", "", 3, 0, 1, 3, 0, 1, 2, 0, 1);
        var b = a.Clone();
        for (int i = 0; i < 400; i++)
        {
            double x = rng.NextDouble() * 1.2 - 0.1, y = rng.NextDouble(), z = rng.NextDouble() * 1.5;
            all.Fill(x, y, z);
            (i % 3 == 0 ? a : b).Fill(x, y, z);
        }
        a.Merge(b);
        AssertSame(all, a);
        var twice = all.Clone();
        twice.Add(all);
        var scaled = all.Clone();
        scaled.Scale(2);
        Assert.Equal(scaled.Values.ToArray(), twice.Values.ToArray());
        Assert.Equal(2 * all.Entries, twice.Entries);
        Assert.Throws<ArgumentException>(() => a.Merge(new Hist3D("h", "", 3, 0, 1, 3, 0, 1, 3, 0, 1)));

        var h2 = new Hist2D("h", "", 2, 0, 1, 2, 0, 1);
        var g2 = h2.Clone();
        h2.Fill(0.2, 0.2);
        g2.Fill(0.7, 0.7, 2);
        h2.Merge(g2);
        Assert.Equal(1, h2.Value(1, 1));
        Assert.Equal(2, h2.Value(2, 2));
        Assert.Contains("Hist2D 'h'", h2.ToString());
    }
}
