using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Histograms;

internal static class HistTestUtil
{
    /// <summary>Values around [lo, hi) with flow values, exact edges and the special doubles mixed in.</summary>
    public static double[] RandomData(Random rng, int n, double lo, double hi)
    {
        var x = new double[n];
        double span = hi - lo;
        for (int i = 0; i < n; i++)
        {
            int r = rng.Next(40);
            x[i] = r switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => double.NegativeInfinity,
                3 => lo,
                4 => hi,
                5 => lo + span * rng.Next(0, 11) / 10.0,
                _ => lo - 0.1 * span + 1.2 * span * rng.NextDouble(),
            };
        }
        return x;
    }

    /// <summary>Asserts identical bins and entries and statistics equal to within 1e-12 of their scale.</summary>
    public static void AssertSame(Histogram expected, Histogram actual)
    {
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        Assert.Equal(expected.Variances.ToArray(), actual.Variances.ToArray());
        AssertStats(expected, actual);
    }

    public static void AssertSame(Profile expected, Profile actual)
    {
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.BinSumW.ToArray(), actual.BinSumW.ToArray());
        Assert.Equal(expected.BinSumW2.ToArray(), actual.BinSumW2.ToArray());
        Assert.Equal(expected.BinSumWV.ToArray(), actual.BinSumWV.ToArray());
        Assert.Equal(expected.BinSumWV2.ToArray(), actual.BinSumWV2.ToArray());
        AssertStats(expected, actual);
    }

    public static void AssertStats(HistogramBase expected, HistogramBase actual, double rel = 1e-12)
    {
        var e = expected.StatsArray;
        var a = actual.StatsArray;
        Assert.Equal(e.Length, a.Length);
        // Scale: the sums of absolute terms bound the rounding differences of any summation order.
        double scale = 1;
        foreach (var v in e) if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < e.Length; i++)
        {
            if (!double.IsFinite(e[i])) { Assert.True(e[i].Equals(a[i]), $"stat {i}: expected {e[i]}, got {a[i]}"); continue; }
            Assert.True(Math.Abs(e[i] - a[i]) <= rel * scale, $"stat {i}: expected {e[i]:R}, got {a[i]:R}");
        }
    }

    public static void Near(double expected, double actual, double rel = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
