using System.Globalization;

namespace EventFrame.Plotting.Tests;

public class TicksTests
{
    [Fact]
    public void KnownRanges()
    {
        Assert.Equal(["0", "50", "100", "150", "200"], Ticks.Linear(0, 200, 6).Select(t => t.Label));
        Assert.Equal(["-3", "-2", "-1", "0", "1", "2", "3"], Ticks.Linear(-3, 3, 7).Select(t => t.Label));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], Ticks.Linear(0, 1, 5).Select(t => t.Label));
        Assert.Equal(["0.50", "0.75", "1.00", "1.25", "1.50"], Ticks.Linear(0.5, 1.5, 4).Select(t => t.Label));
        Assert.Equal(["1", "10", "10^{2}", "10^{3}"], Ticks.Log(1, 1000).Select(t => t.Label));
        Assert.Equal(["10^{-2}", "10^{-1}", "1"], Ticks.Log(0.005, 2).Select(t => t.Label));
    }

    [Fact]
    public void LinearTicksAreNiceEvenAndInside()
    {
        var r = new Random(1);
        for (int trial = 0; trial < 5000; trial++)
        {
            double lo = (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-4, 7));
            double hi = lo + r.NextDouble() * Math.Pow(10, r.Next(-4, 7)) + 1e-9;
            int max = r.Next(2, 10);
            var ticks = Ticks.Linear(lo, hi, max);
            Assert.InRange(ticks.Count, 1, max + 1);
            double step = Ticks.NiceStep(lo, hi, max);
            double mant = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-12));
            Assert.Contains(Math.Round(mant, 6), new[] { 1, 2, 2.5, 5, 10 });
            for (int i = 0; i < ticks.Count; i++)
            {
                Assert.InRange(ticks[i].Value, lo - 1e-9 * step, hi + 1e-9 * step);
                Assert.Equal(ticks[i].Value, double.Parse(ticks[i].Label, CultureInfo.InvariantCulture), Math.Max(step * 1e-6, Math.Abs(ticks[i].Value) * 1e-12));
                if (i > 0) Assert.Equal(step, ticks[i].Value - ticks[i - 1].Value, Math.Max(step * 1e-6, Math.Abs(ticks[i].Value) * 1e-12));
            }
            Assert.Equal(ticks.Count, ticks.Select(t => t.Label).Distinct().Count());
            Assert.DoesNotContain(ticks, t => t.Label.StartsWith("-0") && double.Parse(t.Label, CultureInfo.InvariantCulture) == 0);
        }
    }

    [Fact]
    public void BadRangesThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Linear(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.Log(0, 10));
        Assert.Single(Ticks.Linear(3, 3));
    }
}
