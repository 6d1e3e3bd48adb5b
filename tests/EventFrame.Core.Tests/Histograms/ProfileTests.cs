using EventFrame.Histograms;
using static EventFrame.Core.Tests.Histograms.HistTestUtil;

namespace EventFrame.Core.Tests.Histograms;

public class ProfileTests
{
    [Fact]
    public void BinMeanAndErrorFollowRootsDefaultOption()
    {
        var p = new Profile1D("p", "t;x;<y>", 2, 0, 2);
        p.Fill(0.5, 1);
        p.Fill(0.5, 3);
        p.Fill(0.5, 8, 2);
        p.Fill(1.5, 4);
        // Bin 1: Σw = 4, Σw² = 6, Σwy = 1 + 3 + 16 = 20, Σwy² = 1 + 9 + 128 = 138.
        Assert.Equal(4, p.BinSumW[1]);
        Assert.Equal(6, p.BinSumW2[1]);
        Assert.Equal(20, p.BinSumWV[1]);
        Assert.Equal(138, p.BinSumWV2[1]);
        Assert.Equal(5, p.Mean(1));
        double spread = Math.Sqrt(138.0 / 4 - 25);
        Near(spread, p.Spread(1));
        Near(16.0 / 6, p.EffectiveBinEntries(1));
        Near(spread / Math.Sqrt(16.0 / 6), p.Error(1));
        // A single entry has no spread, so no error (ROOT returns 0 without the approximation option).
        Assert.Equal(4, p.Mean(2));
        Assert.Equal(0, p.Error(2));
        Assert.Equal(0, p.Mean(0));
        Assert.Equal(0, p.Error(3));
        Assert.Equal(4, p.Entries);
        Assert.Equal("<y>", p.ValueLabel);
        // Statistics: x and y over in-range fills (TProfile's fTsumwx, fTsumwy).
        Near((0.5 * 4 + 1.5) / 5, p.GetMean(0));
        Near((20.0 + 4) / 5, p.GetMean(1));
    }

    [Fact]
    public void MergeOfPartialsEqualsOneProfile()
    {
        var rng = new Random(19);
        var all = new Profile2D("p", "", 4, 0, 1, 3, 0, 1);
        var parts = new[] { new Profile2D("p", "", 4, 0, 1, 3, 0, 1), new Profile2D("p", "", 4, 0, 1, 3, 0, 1) };
        for (int i = 0; i < 1000; i++)
        {
            double x = rng.NextDouble() * 1.2 - 0.1, y = rng.NextDouble(), z = rng.NextDouble() * 10, w = rng.NextDouble();
            all.Fill(x, y, z, w);
            parts[i < 400 ? 0 : 1].Fill(x, y, z, w);
        }
        var merged = parts[0].Clone();
        merged.Merge(parts[1]);
        // Weighted sums added in another order: equal up to rounding.
        Assert.Equal(all.Entries, merged.Entries);
        for (int g = 0; g < all.TotalBins; g++)
        {
            Near(all.BinSumW[g], merged.BinSumW[g]);
            Near(all.BinSumW2[g], merged.BinSumW2[g]);
            Near(all.BinSumWV[g], merged.BinSumWV[g]);
            Near(all.BinSumWV2[g], merged.BinSumWV2[g]);
            Near(all.Mean(g), merged.Mean(g));
        }
        AssertStats(all, merged);
        Near(all.Mean(2, 2), merged.Mean(all.GetBin(2, 2)));
        Assert.Throws<ArgumentException>(() => merged.Merge(new Profile2D("p", "", 4, 0, 1, 3, 0, 2)));
    }

    [Fact]
    public void ScaleAddAndProjection()
    {
        var p = new Profile1D("p", "", 3, 0, 3);
        p.Fill(0.5, 2);
        p.Fill(0.5, 4);
        p.Fill(1.5, 10, 3);
        var s = p.Clone();
        s.Scale(-2);
        Assert.Equal(-6, s.Mean(1));
        Near(2 * p.Error(1), s.Error(1));
        Near(-2 * p.GetMean(1), s.GetMean(1));
        Assert.Equal(p.BinSumW.ToArray(), s.BinSumW.ToArray());

        var q = p.Clone();
        q.Add(p);
        Assert.Equal(p.Mean(1), q.Mean(1));
        Assert.Equal(2 * p.BinSumW[2], q.BinSumW[2]);
        Assert.Equal(6, q.Entries);

        var h = p.ProjectionX();
        Assert.Equal(3, h.Value(1));
        Near(p.Error(1) * p.Error(1), h.Variance(1));
        Assert.Equal(10, h.Value(2));
        Assert.Equal(p.Entries, h.Entries);
        Assert.Contains("Profile1D 'p'", p.ToString());
    }
}
