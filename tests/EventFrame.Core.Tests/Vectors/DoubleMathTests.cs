namespace EventFrame.Tests.Vectors;

/// <summary>
/// <see cref="DoubleMath"/>: within one unit in the last place of the C library for sin/cos and two for sinh over
/// random and special arguments; the span kernels (every length 0..256, every tail) and the four-vector kernel give
/// the scalar functions' bits; <see cref="PtEtaPhiMVector.FromPtEtaPhiM"/> equals the constructor.
/// </summary>
public class DoubleMathTests
{
    private static long Ulps(double a, double b)
    {
        if (a.Equals(b)) return 0;
        if (double.IsNaN(a) || double.IsNaN(b)) return long.MaxValue;
        long x = BitConverter.DoubleToInt64Bits(a), y = BitConverter.DoubleToInt64Bits(b);
        if (x < 0) x = long.MinValue - x;
        if (y < 0) y = long.MinValue - y;
        return Math.Abs(x - y);
    }

    private static readonly double[] Specials =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, 7.4e-9, 1e-5, 0.5, -0.5, 0.7853981633974483, 1.0, -1.0,
        (float)(Math.PI / 2), -(float)(Math.PI / 2), (float)Math.PI, -(float)Math.PI, Math.PI, 2 * Math.PI, 3.5, -3.5, 10, 21.999999,
        22.0, -22.0, 22.000001, 100, 710, -710, 823549.0, 823550.0, -1e6, 1e15, 1e300, double.MaxValue, double.MinValue,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000123)),
    ];

    [Fact]
    public void SinCosWithinOneUlpOfTheLibrary()
    {
        var rng = new Random(31);
        var xs = Specials.Concat(Enumerable.Range(0, 200_000).Select(i => i % 3 == 0 ? (double)(float)((rng.NextDouble() * 2 - 1) * Math.PI)
                                                                        : i % 3 == 1 ? (rng.NextDouble() * 2 - 1) * 50 : (rng.NextDouble() * 2 - 1) * 8e5));
        foreach (double x in xs)
        {
            var (s, c) = DoubleMath.SinCos(x);
            Assert.True(Ulps(s, Math.Sin(x)) <= 1, $"sin({x:R}) = {s:R}, library {Math.Sin(x):R}");
            Assert.True(Ulps(c, Math.Cos(x)) <= 1, $"cos({x:R}) = {c:R}, library {Math.Cos(x):R}");
            Assert.Equal(s, DoubleMath.Sin(x));
            Assert.Equal(c, DoubleMath.Cos(x));
        }
        // Odd and even, exactly.
        foreach (double x in xs.Take(1000).Where(double.IsFinite))
        {
            Assert.Equal(-DoubleMath.Sin(x), DoubleMath.Sin(-x));
            Assert.Equal(DoubleMath.Cos(x), DoubleMath.Cos(-x));
        }
    }

    [Fact]
    public void SinhWithinTwoUlpsOfTheLibrary()
    {
        var rng = new Random(32);
        var xs = Specials.Concat(Enumerable.Range(0, 200_000).Select(i => i % 2 == 0 ? (double)(float)((rng.NextDouble() * 2 - 1) * 5) : (rng.NextDouble() * 2 - 1) * 30));
        foreach (double x in xs)
        {
            double s = DoubleMath.Sinh(x);
            Assert.True(Ulps(s, Math.Sinh(x)) <= 2, $"sinh({x:R}) = {s:R}, library {Math.Sinh(x):R}");
            if (double.IsFinite(x)) Assert.Equal(-s, DoubleMath.Sinh(-x));
        }
    }

    [Fact]
    public void SpanKernelsGiveTheScalarBitsAtEveryLength()
    {
        var rng = new Random(33);
        for (int n = 0; n <= 256; n++)
        {
            // Mostly ordinary values, with specials scattered so that fallback lanes sit at every position.
            double[] x = [.. Enumerable.Range(0, n).Select(i => rng.Next(8) == 0 ? Specials[rng.Next(Specials.Length)] : (rng.NextDouble() * 2 - 1) * 7)];
            var s = new double[n + 1];
            var c = new double[n + 1];
            var h = new double[n + 1];
            s[n] = c[n] = h[n] = 12345;
            DoubleMath.SinCos(x, s, c);
            DoubleMath.Sinh(x, h);
            for (int i = 0; i < n; i++)
            {
                var (ss, cc) = DoubleMath.SinCos(x[i]);
                Assert.Equal(BitConverter.DoubleToInt64Bits(ss), BitConverter.DoubleToInt64Bits(s[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(cc), BitConverter.DoubleToInt64Bits(c[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(DoubleMath.Sinh(x[i])), BitConverter.DoubleToInt64Bits(h[i]));
            }
            Assert.Equal(12345, s[n]);
            Assert.Equal(12345, c[n]);
            Assert.Equal(12345, h[n]);
        }
        Assert.Throws<ArgumentException>(() => DoubleMath.SinCos(new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => DoubleMath.Sinh(new double[3], new double[2]));
    }

    [Fact]
    public void FourVectorKernelGivesTheConstructorBitsAtEveryLength()
    {
        var rng = new Random(34);
        float F(double lo, double hi) => (float)(lo + rng.NextDouble() * (hi - lo));
        for (int n = 0; n <= 256; n++)
        {
            float[] pt = [.. Enumerable.Range(0, n).Select(_ => F(0, 300))];
            float[] eta = [.. Enumerable.Range(0, n).Select(_ => rng.Next(20) == 0 ? F(-40, 40) : F(-5, 5))];
            float[] phi = [.. Enumerable.Range(0, n).Select(_ => rng.Next(20) == 0 ? float.NaN : F(-4, 4))];
            float[] mass = [.. Enumerable.Range(0, n).Select(_ => rng.Next(10) == 0 ? F(-5, 0) : F(0, 50))];
            var (x, y, z, e) = (new double[n], new double[n], new double[n], new double[n]);
            DoubleMath.PtEtaPhiMToCartesian(pt, eta, phi, mass, x, y, z, e);
            var vectors = new PtEtaPhiMVector[n];
            PtEtaPhiMVector.FromPtEtaPhiM(pt, eta, phi, mass, vectors);
            for (int i = 0; i < n; i++)
            {
                var v = new PtEtaPhiMVector(pt[i], eta[i], phi[i], mass[i]);
                Assert.Equal((v.Px(), v.Py(), v.Pz(), v.E()), (x[i], y[i], z[i], e[i]));
                Assert.Equal((v.Px(), v.Py(), v.Pz(), v.E()), (vectors[i].Px(), vectors[i].Py(), vectors[i].Pz(), vectors[i].E()));
                Assert.Equal(DoubleMath.Cartesian(pt[i], eta[i], phi[i], mass[i]), (x[i], y[i], z[i], e[i]));
                // Against the library's formula, to the functions' precision.
                if (!float.IsNaN(phi[i]))
                {
                    Assert.Equal(pt[i] * Math.Cos(phi[i]), x[i], Math.Abs(x[i]) * 1e-15 + 1e-300);
                    Assert.Equal(pt[i] * Math.Sinh(eta[i]), z[i], Math.Abs(z[i]) * 1e-15 + 1e-300);
                }
            }
        }
        Assert.Throws<ArgumentException>(() => DoubleMath.PtEtaPhiMToCartesian(new float[3], new float[3], new float[2], new float[3], new double[3], new double[3], new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => PtEtaPhiMVector.FromPtEtaPhiM(new float[3], new float[3], new float[3], new float[2], new PtEtaPhiMVector[3]));
    }
}
