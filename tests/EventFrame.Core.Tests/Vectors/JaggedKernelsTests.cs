using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class JaggedKernelsTests
{
    private static int[] Offsets(Random rng, int events, int maxLength, int first)
    {
        var o = new int[events + 1];
        o[0] = first;
        for (int i = 0; i < events; i++) o[i + 1] = o[i] + rng.Next(0, maxLength + 1);
        return o;
    }

    [Fact]
    public void PerEventReductionsEqualVecOpsOnEachEvent()
    {
        var rng = new Random(14);
        foreach (int maxLen in new[] { 0, 1, 3, 8, 9, 20, 64 })
        {
            var off = Offsets(rng, 300, maxLen, rng.Next(0, 3));
            int total = off[^1];
            var f = Floats(rng, total, special: true);
            var d = Doubles(rng, total, special: true);
            var ints = Integers<int>(rng, total);
            var m = Bools(rng, total);
            var sf = new float[300]; var sd = new double[300]; var si = new int[300];
            var xf = new float[300]; var nf = new float[300]; var nd = new double[300]; var xd = new double[300]; var cnt = new int[300]; var cm = new int[300];
            JaggedKernels.Sum<float>(off, f, sf);
            JaggedKernels.Sum<double>(off, d, sd);
            JaggedKernels.Sum<int>(off, ints, si);
            JaggedKernels.Max<float>(off, f, xf, -99f);
            JaggedKernels.Min<double>(off, d, nd, 99.0);
            JaggedKernels.Min<float>(off, f, nf, 99f);
            JaggedKernels.Max<double>(off, d, xd, -99.0);
            JaggedKernels.Count(off, cnt);
            JaggedKernels.Count(off, m, cm);
            for (int i = 0; i < 300; i++)
            {
                int s = off[i], n = off[i + 1] - s;
                var ef = new RVec<float>(f, s, n);
                AssertSame(VecOps.Sum(ef), sf[i], $"sum f ev {i}");
                AssertSame(VecOps.Sum(new RVec<double>(d, s, n)), sd[i], $"sum d ev {i}");
                Assert.Equal(VecOps.Sum(new RVec<int>(ints, s, n)), si[i]);
                AssertSame(n == 0 ? -99f : VecOps.Max(ef), xf[i], $"max f ev {i}");
                AssertSame(n == 0 ? 99.0 : VecOps.Min(new RVec<double>(d, s, n)), nd[i], $"min d ev {i}");
                AssertSame(n == 0 ? 99f : VecOps.Min(ef), nf[i], $"min f ev {i}");
                AssertSame(n == 0 ? -99.0 : VecOps.Max(new RVec<double>(d, s, n)), xd[i], $"max d ev {i}");
                if (n > 0)
                {
                    // Against the plain std::max_element loop as well.
                    float mx = f[s];
                    for (int k = 1; k < n; k++) if (mx < f[s + k]) mx = f[s + k];
                    AssertSame(mx, xf[i], $"seq max f ev {i}");
                }
                Assert.Equal(n, cnt[i]);
                Assert.Equal(VecOps.Count(new RVec<bool>(m, s, n)), cm[i]);
                // And the per-event sum equals the plain sequential loop.
                float r = 0f;
                for (int k = 0; k < n; k++) r += f[s + k];
                AssertSame(r, sf[i], $"seq f ev {i}");
            }
        }
    }

    [Fact]
    public void PairInvariantMassMatchesPerEventFunction()
    {
        var rng = new Random(16);
        foreach (int events in new[] { 0, 1, 3, 4, 5, 17, 200 })
        {
            var off = Offsets(rng, events, 5, 0);
            int total = off[^1];
            float[] R(double lo, double hi) => Enumerable.Range(0, total).Select(_ => (float)(lo + rng.NextDouble() * (hi - lo))).ToArray();
            var pt = R(5, 300); var eta = R(-4, 4); var phi = R(-3.14, 3.14); var m = R(0, 20);
            foreach (var (a, b) in new[] { (0, 1), (1, 0), (0, 2), (2, 3) })
            {
                var res = new double[events];
                JaggedKernels.InvariantMassOfPair<float>(off, pt, eta, phi, m, a, b, res, -1.0);
                for (int i = 0; i < events; i++)
                {
                    int s = off[i];
                    if (off[i + 1] - s <= Math.Max(a, b)) { Assert.Equal(-1.0, res[i]); continue; }
                    double expected = VecOps.InvariantMass(pt[s + a], eta[s + a], phi[s + a], m[s + a], pt[s + b], eta[s + b], phi[s + b], m[s + b]);
                    double scale = (pt[s + a] * Math.Cosh(eta[s + a]) + pt[s + b] * Math.Cosh(eta[s + b]) + 40);
                    Assert.True(Math.Abs(res[i] * res[i] - expected * expected) < 1e-12 * scale * scale, $"event {i}: {res[i]} vs {expected}");
                }
            }
        }
        Assert.Throws<ArgumentException>(() => JaggedKernels.InvariantMassOfPair<float>(new[] { 0, 2 }, new float[2], new float[2], new float[1], new float[2], 0, 1, new double[1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JaggedKernels.InvariantMassOfPair<float>(new[] { 0, 2 }, new float[2], new float[2], new float[2], new float[2], -1, 1, new double[1], 0));
        Assert.Throws<ArgumentException>(() => JaggedKernels.InvariantMassOfPair<float>(new[] { 0, 3 }, new float[2], new float[2], new float[2], new float[2], 0, 1, new double[1], 0));
    }

    [Fact]
    public void LongOffsetsGiveTheSameResultsAsIntOffsets()
    {
        var rng = new Random(18);
        foreach (int maxLen in new[] { 0, 2, 5, 12 })
        {
            var off = Offsets(rng, 100, maxLen, 1);
            var lo = off.Select(x => (long)x).ToArray();
            var f = Floats(rng, off[^1], special: true);
            var m = Bools(rng, off[^1]);
            float[] a = new float[100], b = new float[100];
            JaggedKernels.Sum<float>(off, f, a);
            JaggedKernels.Sum<float>(lo, f, b);
            Assert.True(a.Zip(b).All(p => Same(p.First, p.Second)));
            JaggedKernels.Max<float>(off, f, a, 7f);
            JaggedKernels.Max<float>(lo, f, b, 7f);
            Assert.True(a.Zip(b).All(p => Same(p.First, p.Second)));
            JaggedKernels.Min<float>(off, f, a, 7f);
            JaggedKernels.Min<float>(lo, f, b, 7f);
            Assert.True(a.Zip(b).All(p => Same(p.First, p.Second)));
            int[] c = new int[100], d = new int[100];
            JaggedKernels.Count(off, c);
            JaggedKernels.Count(lo, d);
            Assert.Equal(c, d);
            JaggedKernels.Count(off, m, c);
            JaggedKernels.Count(lo, m, d);
            Assert.Equal(c, d);
        }
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(new long[] { 0, 1L << 40 }, new float[4], new float[1]));
        Assert.Throws<ArgumentException>(() => JaggedKernels.Count(new long[] { 0, 1L << 40 }, new int[1]));
        Assert.Throws<InvalidOperationException>(() => JaggedKernels.Min<float>(new long[] { 0, 0 }, new float[4], new float[1]));
    }

    [Fact]
    public void BadShapesAndOffsetsThrow()
    {
        var values = new float[10];
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(new[] { 0, 5 }, values, new float[2]));
        var ex = Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(new[] { 0, 5, 11 }, values, new float[2]));
        Assert.Contains("event 1", ex.Message);
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(new[] { 0, 5, 3 }, values, new float[2]));
        Assert.Throws<ArgumentException>(() => JaggedKernels.Count(new[] { 4, 2 }, new int[1]));
        // Long chunks take the 8-events-at-a-time path: bad offsets there must be reported, not read.
        var many = Enumerable.Range(0, 41).Select(i => i * 2).ToArray();
        var big = new float[80];
        many[17] = 100;
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(many, big, new float[40]));
        many[17] = 30;
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(many, big, new float[40]));
        many[17] = 34;
        many[0] = -8;
        Assert.Throws<ArgumentException>(() => JaggedKernels.Sum<float>(many, big, new float[40]));
        // Every event has 2 elements except event 13, which is empty.
        var gap = new int[41];
        for (int i = 0; i < 40; i++) gap[i + 1] = gap[i] + (i == 13 ? 0 : 2);
        var noEmpty = Assert.Throws<InvalidOperationException>(() => JaggedKernels.Max<float>(gap, new float[100], new float[40]));
        Assert.Contains("event 13", noEmpty.Message);
        var noEmptyD = Assert.Throws<InvalidOperationException>(() => JaggedKernels.Min<double>(gap, new double[100], new double[40]));
        Assert.Contains("event 13", noEmptyD.Message);
        var empty = Assert.Throws<InvalidOperationException>(() => JaggedKernels.Max<float>(new[] { 0, 2, 2 }, values, new float[2]));
        Assert.Contains("event 1", empty.Message);
    }
}
