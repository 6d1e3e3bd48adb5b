using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Histograms;

public class AxisTests
{
    private static double[] Probe(Random rng, Axis axis, int n)
    {
        // Random values around the axis, every edge exactly, and the special values.
        var list = new List<double> { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon };
        list.AddRange(axis.Edges);
        foreach (var e in axis.Edges) { list.Add(Math.BitDecrement(e)); list.Add(Math.BitIncrement(e)); }
        double lo = axis.Min, hi = axis.Max, span = hi - lo;
        for (int i = 0; i < n; i++) list.Add(lo - 0.2 * span + 1.4 * span * rng.NextDouble());
        return [.. list];
    }

    [Fact]
    public void RegularAxisFollowsFindFixBinExactly()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int bins = rng.Next(1, 300);
            double lo = Math.Round((rng.NextDouble() - 0.5) * 1000, rng.Next(0, 4));
            double hi = lo + Math.Round(rng.NextDouble() * 500 + 1e-3, rng.Next(0, 4)) + 1e-3;
            var axis = new RegularAxis(bins, lo, hi);
            foreach (var x in Probe(rng, axis, 200))
            {
                int expected;
                if (x < lo) expected = 0;
                else if (!(x < hi)) expected = bins + 1;
                else expected = Math.Clamp(1 + (int)(bins * (x - lo) / (hi - lo)), 1, bins);
                Assert.Equal(expected, axis.Index(x));
            }
        }
    }

    [Fact]
    public void EdgesAndSpecialValuesGoWhereRootPutsThem()
    {
        var a = new RegularAxis(10, 0, 10);
        Assert.Equal(1, a.Index(0.0));
        Assert.Equal(1, a.Index(-0.0));
        Assert.Equal(4, a.Index(3.0));
        Assert.Equal(10, a.Index(Math.BitDecrement(10.0)));
        Assert.Equal(11, a.Index(10.0));
        Assert.Equal(0, a.Index(Math.BitDecrement(0.0)));
        Assert.Equal(11, a.Index(double.NaN));
        Assert.Equal(11, a.Index(double.PositiveInfinity));
        Assert.Equal(0, a.Index(double.NegativeInfinity));
    }

    [Fact]
    public void VectorizedIndexMatchesScalarAtEveryLength()
    {
        var rng = new Random(5);
        Axis[] axes = [new RegularAxis(100, -3, 7), new RegularAxis(7, 0.1, 0.2), new RegularAxis(20, 1, 1000, AxisTransform.Log),
            new VariableAxis([0, 1, 1.5, 4, 10]), new IntegerAxis(-2, 5), new CategoryAxis(["a", "b", "c"]), new IntCategoryAxis([5, -1, 3])];
        foreach (var axis in axes)
        {
            for (int n = 0; n <= 256; n++)
            {
                var x = Probe(rng, axis, n).Take(n).ToArray();
                var bins = new int[n];
                axis.Index(x, bins);
                for (int i = 0; i < n; i++) Assert.Equal(axis.Index(x[i]), bins[i]);
            }
        }
        Assert.Throws<ArgumentException>(() => axes[0].Index(new double[5], new int[4]));
    }

    [Fact]
    public void VectorizedRegularIndexIsExactNearEveryBinBoundary()
    {
        // The vector kernel estimates the quotient with a reciprocal and falls back to the division near integers;
        // values a few ulps around computed edges are where the two could disagree.
        var rng = new Random(77);
        for (int trial = 0; trial < 300; trial++)
        {
            int bins = rng.Next(1, 2000);
            double lo = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 6));
            double hi = lo + rng.NextDouble() * Math.Pow(10, rng.Next(-3, 6)) + 1e-9;
            var axis = new RegularAxis(bins, lo, hi);
            var x = new List<double>();
            for (int k = 0; k < 64; k++)
            {
                double e = lo + (hi - lo) * rng.Next(0, bins + 1) / bins;
                x.Add(e);
                double up = e, down = e;
                for (int u = 0; u < 3; u++) { up = Math.BitIncrement(up); down = Math.BitDecrement(down); x.Add(up); x.Add(down); }
            }
            var bulk = new int[x.Count];
            axis.Index(x.ToArray(), bulk);
            for (int i = 0; i < x.Count; i++) Assert.Equal(axis.Index(x[i]), bulk[i]);
        }
    }

    [Fact]
    public void LogAxisIsUniformInLog()
    {
        var a = new RegularAxis(3, 1, 1000, AxisTransform.Log);
        Assert.Equal(1, a.Index(1));
        Assert.Equal(1, a.Index(9.99));
        Assert.Equal(2, a.Index(10.01));
        Assert.Equal(3, a.Index(999));
        Assert.Equal(4, a.Index(1000));
        Assert.Equal(0, a.Index(0.5));
        Assert.Equal(10, a.Edges[1], 12);
        Assert.Equal(100, a.Edges[2], 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(3, 0, 10, AxisTransform.Log));
    }

    [Fact]
    public void VariableAxisBinarySearchMatchesLinearScan()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = rng.Next(1, 40);
            var edges = new double[n + 1];
            edges[0] = rng.NextDouble() * 10 - 5;
            for (int i = 1; i <= n; i++) edges[i] = edges[i - 1] + 0.01 + rng.NextDouble();
            var a = new VariableAxis(edges);
            foreach (var x in Probe(rng, a, 100))
            {
                int expected = x < edges[0] ? 0 : !(x < edges[n]) ? n + 1 : Array.FindLastIndex(edges, e => e <= x) + 1;
                Assert.Equal(expected, a.Index(x));
            }
        }
    }

    [Fact]
    public void IntegerAndCategoryAxes()
    {
        var i = new IntegerAxis(-2, 3);
        Assert.Equal(5, i.Bins);
        Assert.Equal(0, i.Index(-2.5));
        Assert.Equal(1, i.Index(-2));
        Assert.Equal(1, i.Index(-1.5));
        Assert.Equal(5, i.Index(2.999));
        Assert.Equal(6, i.Index(3));
        Assert.Equal(6, i.Index(double.NaN));
        Assert.Equal(-2, i.Lower(1));
        Assert.Equal(-1.5, i.Center(1));

        var c = new CategoryAxis(["ee", "mumu", "emu"]);
        Assert.Equal(2, c.Index("mumu"));
        Assert.Equal(4, c.Index("tautau"));
        Assert.Equal(1, c.Index(0.0));
        Assert.Equal(3, c.Index(2.5));
        Assert.Equal(4, c.Index(-0.5));
        Assert.Equal(4, c.Index(double.NaN));
        Assert.Equal([0.0, 1, 2, 3], c.Edges);

        var ic = new IntCategoryAxis([11, -13, 22]);
        Assert.Equal(1, ic.Index(11));
        Assert.Equal(2, ic.Index(-13));
        Assert.Equal(4, ic.Index(12));
        Assert.Equal(4, ic.Index(11.5));
        Assert.Equal(4, ic.Index(double.NaN));
        Assert.Equal(4, ic.Index(1e300));
    }

    [Fact]
    public void BinGeometry()
    {
        var a = new RegularAxis(4, 0, 2);
        Assert.Equal(0.5, a.Lower(2));
        Assert.Equal(1.0, a.Upper(2));
        Assert.Equal(0.75, a.Center(2));
        Assert.Equal(0.5, a.Width(2));
        Assert.Equal(double.NegativeInfinity, a.Lower(0));
        Assert.Equal(0, a.Upper(0));
        Assert.Equal(2, a.Lower(5));
        Assert.Equal(double.PositiveInfinity, a.Upper(5));
        Assert.Equal([0, 0.5, 1, 1.5, 2], a.Edges);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Lower(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Center(-1));
        var v = new VariableAxis([1, 2, 4]);
        Assert.Equal(3, v.Center(2));
        Assert.Equal(2, v.Width(2));
    }

    [Fact]
    public void InvalidArgumentsThrowClearly()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(-3, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(10, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(10, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(10, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularAxis(10, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new VariableAxis([1.0]));
        Assert.Throws<ArgumentException>(() => new VariableAxis([1.0, 1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => new VariableAxis([1.0, 3.0, 2.0]));
        Assert.Throws<ArgumentException>(() => new VariableAxis([1.0, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntegerAxis(3, 3));
        Assert.Throws<ArgumentException>(() => new CategoryAxis([]));
        Assert.Throws<ArgumentException>(() => new CategoryAxis(["a", "a"]));
        Assert.Throws<ArgumentException>(() => new IntCategoryAxis([1, 1]));
    }

    [Fact]
    public void SameBinningIgnoresLabels()
    {
        var a = new RegularAxis(10, 0, 1);
        Assert.True(a.SameBinning(new RegularAxis(10, 0, 1).WithLabel("x")));
        Assert.False(a.SameBinning(new RegularAxis(11, 0, 1)));
        Assert.False(a.SameBinning(new VariableAxis(a.Edges)));
        Assert.Equal("p_T", a.WithLabel("p_T").Label);
        Assert.Equal("", a.Label);
        Assert.True(new CategoryAxis(["a", "b"]).SameBinning(new CategoryAxis(["a", "b"])));
        Assert.False(new CategoryAxis(["a", "b"]).SameBinning(new CategoryAxis(["b", "a"])));
    }
}
