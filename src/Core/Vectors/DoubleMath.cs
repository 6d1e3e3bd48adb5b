using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

/// <summary>
/// Sine, cosine and hyperbolic sine in double precision for the four-vector arithmetic of physics analyses
/// (<c>px = pt cos φ</c>, <c>py = pt sin φ</c>, <c>pz = pt sinh η</c>), one value at a time or SIMD over spans.
/// The algorithms are fdlibm's (Cody–Waite reduction by π/2 to 118 bits, the <c>__kernel_sin</c>/<c>__kernel_cos</c>
/// polynomials with the reduced argument's tail; <c>exp</c>'s rational approximation), with the error of each below
/// one unit in the last place for sin/cos and below two for sinh, so a value may differ from <see cref="Math.Sin"/>
/// (the C library's) in the last bit. Every entry point computes the same operations in the same order without
/// fused multiply-adds, so the scalar and every vector width give identical bits on every machine.
/// </summary>
/// <remarks>
/// Arguments beyond the reduction's range (|x| &gt; 2^19·π/2 for sin/cos, |x| &gt; 22 for sinh, NaN and infinities)
/// are handed to <see cref="Math.Sin"/>, <see cref="Math.Cos"/> and <see cref="Math.Sinh"/>, identically on every path.
/// </remarks>
[SkipLocalsInit]
public static class DoubleMath
{
    // fdlibm's split of π/2: Pio2_1 holds 33 bits, so fn·Pio2_1 and fn·Pio2_2 are exact for |fn| < 2^20.
    private const double InvPio2 = 6.36619772367581382433e-01;
    private const double Pio2_1 = 1.57079632673412561417e+00;
    private const double Pio2_2 = 6.07710050630396597660e-11;
    private const double Pio2_2t = 2.02226624879595063154e-21;
    private const double ReductionLimit = 823549.6653758542; // 2^19 · π/2

    // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits.
    private const double Magic = 6755399441055744.0;

    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
                         S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;

    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
                         C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10, InvLn2 = 1.44269504088896338700e+00;

    private const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                         P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;

    // sinh(x) = x + x·z·(1/3! + z·(1/5! + … + z/19!)) with z = x², |x| < 1: the next term, x^21/21!, is below 2^-66.
    private const double T3 = 1.0 / 6, T5 = 1.0 / 120, T7 = 1.0 / 5040, T9 = 1.0 / 362880, T11 = 1.0 / 39916800,
                         T13 = 1.0 / 6227020800, T15 = 1.0 / 1307674368000, T17 = 1.0 / 355687428096000, T19 = 1.0 / 121645100408832000;

    private const double SinhLimit = 22.0;

    // -------------------------------------------------------------------------------------------- scalar

    /// <summary>
    /// sin x and cos x of <paramref name="x"/>, each within one unit in the last place of the exact value
    /// (fdlibm's algorithm), bit for bit as the span overloads compute them.
    /// </summary>
    public static (double Sin, double Cos) SinCos(double x)
    {
        if (!(Math.Abs(x) <= ReductionLimit)) return (Math.Sin(x), Math.Cos(x));
        double t = x * InvPio2 + Magic;
        double fn = t - Magic;
        long n = BitConverter.DoubleToInt64Bits(t);
        double r0 = x - fn * Pio2_1;
        double w = fn * Pio2_2;
        double r = r0 - w;
        w = fn * Pio2_2t - ((r0 - r) - w);
        double y0 = r - w;
        double y1 = (r - y0) - w;
        double z = y0 * y0;
        double v = z * y0;
        double rs = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        double ks = y0 - ((z * (0.5 * y1 - v * rs) - y1) - v * S1);
        double zz = z * z;
        double rc = z * (C1 + z * (C2 + z * C3)) + zz * zz * (C4 + z * (C5 + z * C6));
        double hz = 0.5 * z;
        double hw = 1.0 - hz;
        double kc = hw + (((1.0 - hw) - hz) + (z * rc - y0 * y1));
        bool swap = (n & 1) != 0;
        double s = swap ? kc : ks, c = swap ? ks : kc;
        s = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(s) ^ (n << 62 & long.MinValue));
        c = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(c) ^ ((n + 1) << 62 & long.MinValue));
        return (s, c);
    }

    /// <summary>sin x, as <see cref="SinCos(double)"/> computes it.</summary>
    public static double Sin(double x) => SinCos(x).Sin;

    /// <summary>cos x, as <see cref="SinCos(double)"/> computes it.</summary>
    public static double Cos(double x) => SinCos(x).Cos;

    /// <summary>
    /// sinh x of <paramref name="x"/>, within two units in the last place: the odd Taylor series to x^19 for |x| &lt; 1,
    /// <c>(e^|x| − e^−|x|)/2</c> with fdlibm's exp for 1 ≤ |x| ≤ 22, <see cref="Math.Sinh"/> beyond and for NaN; bit for
    /// bit as the span overloads compute it.
    /// </summary>
    public static double Sinh(double x)
    {
        double a = Math.Abs(x);
        if (a < 1.0)
        {
            double z = x * x;
            double q = T17 + z * T19;
            q = T15 + z * q;
            q = T13 + z * q;
            q = T11 + z * q;
            q = T9 + z * q;
            q = T7 + z * q;
            q = T5 + z * q;
            q = T3 + z * q;
            return x + x * z * q;
        }
        if (!(a <= SinhLimit)) return Math.Sinh(x);
        double t = a * InvLn2 + Magic;
        double kf = t - Magic;
        long k = BitConverter.DoubleToInt64Bits(t) - BitConverter.DoubleToInt64Bits(Magic);
        double hi = a - kf * Ln2Hi;
        double lo = kf * Ln2Lo;
        double r = hi - lo;
        double rr = r * r;
        double c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
        double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
        double e = y * BitConverter.Int64BitsToDouble((k + 1023) << 52);
        double h = x < 0 ? -0.5 : 0.5;
        return h * (e - 1.0 / e);
    }

    // -------------------------------------------------------------------------------------------- spans

    /// <summary>
    /// <c>sin[i] = Sin(x[i])</c> and <c>cos[i] = Cos(x[i])</c> (<see cref="SinCos(double)"/>, SIMD where available).
    /// Throws <see cref="ArgumentException"/> when an output is shorter than <paramref name="x"/>.
    /// </summary>
    public static void SinCos(ReadOnlySpan<double> x, Span<double> sin, Span<double> cos)
    {
        if (sin.Length < x.Length || cos.Length < x.Length) throw new ArgumentException($"outputs of {sin.Length} and {cos.Length} for {x.Length} inputs");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double sr = ref MemoryMarshal.GetReference(sin);
            ref double cr = ref MemoryMarshal.GetReference(cos);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                SinCos(Vector.LoadUnsafe(ref xr, (nuint)i), out var s, out var c);
                s.StoreUnsafe(ref sr, (nuint)i);
                c.StoreUnsafe(ref cr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) (sin[i], cos[i]) = SinCos(x[i]);
    }

    /// <summary>
    /// <c>result[i] = Sinh(x[i])</c> (<see cref="Sinh(double)"/>, SIMD where available). Throws
    /// <see cref="ArgumentException"/> when <paramref name="result"/> is shorter than <paramref name="x"/>.
    /// </summary>
    public static void Sinh(ReadOnlySpan<double> x, Span<double> result)
    {
        if (result.Length < x.Length) throw new ArgumentException($"output of {result.Length} for {x.Length} inputs");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double xr = ref MemoryMarshal.GetReference(x);
            ref double rr = ref MemoryMarshal.GetReference(result);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
                Sinh(Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        }
        for (; i < x.Length; i++) result[i] = Sinh(x[i]);
    }

    /// <summary>
    /// The Cartesian components of particles given as (pt, eta, phi, mass) in float, computed in double:
    /// <c>px = pt·cos φ, py = pt·sin φ, pz = pt·sinh η</c> (<see cref="SinCos(double)"/>, <see cref="Sinh(double)"/>) and
    /// <c>e = sqrt(max(px² + py² + pz² + m·|m|, 0))</c> (a negative mass is a negative m², as in GenVector), exactly as the
    /// <see cref="PtEtaPhiMVector"/> constructor computes them; SIMD where available. The particle count is
    /// <paramref name="pt"/>'s length; throws <see cref="ArgumentException"/> when another span is shorter.
    /// </summary>
    public static void PtEtaPhiMToCartesian(ReadOnlySpan<float> pt, ReadOnlySpan<float> eta, ReadOnlySpan<float> phi, ReadOnlySpan<float> mass,
                                            Span<double> px, Span<double> py, Span<double> pz, Span<double> e)
    {
        int n = pt.Length;
        if (eta.Length < n || phi.Length < n || mass.Length < n || px.Length < n || py.Length < n || pz.Length < n || e.Length < n)
            throw new ArgumentException($"four-vector spans of sizes pt {n}, eta {eta.Length}, phi {phi.Length}, mass {mass.Length}, " +
                                        $"px {px.Length}, py {py.Length}, pz {pz.Length}, e {e.Length}");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float ptr = ref MemoryMarshal.GetReference(pt), etar = ref MemoryMarshal.GetReference(eta);
            ref float phir = ref MemoryMarshal.GetReference(phi), mr = ref MemoryMarshal.GetReference(mass);
            ref double xr = ref MemoryMarshal.GetReference(px), yr = ref MemoryMarshal.GetReference(py);
            ref double zr = ref MemoryMarshal.GetReference(pz), er = ref MemoryMarshal.GetReference(e);
            int w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                var ps = Vector.LoadUnsafe(ref ptr, (nuint)i);
                var (p0, p1) = (Vector.WidenLower(ps), Vector.WidenUpper(ps));
                var hs = Vector.LoadUnsafe(ref etar, (nuint)i);
                var (h0, h1) = (Vector.WidenLower(hs), Vector.WidenUpper(hs));
                var fs = Vector.LoadUnsafe(ref phir, (nuint)i);
                var (f0, f1) = (Vector.WidenLower(fs), Vector.WidenUpper(fs));
                var ms = Vector.LoadUnsafe(ref mr, (nuint)i);
                var (m0, m1) = (Vector.WidenLower(ms), Vector.WidenUpper(ms));
                CartesianStore(p0, h0, f0, m0, ref xr, ref yr, ref zr, ref er, (nuint)i);
                CartesianStore(p1, h1, f1, m1, ref xr, ref yr, ref zr, ref er, (nuint)(i + Vector<double>.Count));
            }
        }
        if (Vector.IsHardwareAccelerated && i < n)
        {
            // The last particles (all of them in a typical event) padded to whole vectors of doubles, element by
            // element (a handful: cheaper than span copies): the same lane arithmetic as the loop above and the
            // scalar path below, so the bits do not depend on where a particle falls.
            int w = Vector<double>.Count;
            Span<double> lanes = stackalloc double[8 * w];
            ref double lr = ref MemoryMarshal.GetReference(lanes);
            while (i < n)
            {
                int r = Math.Min(w, n - i);
                for (int k = 0; k < w; k++)
                {
                    bool real = k < r;
                    lanes[k] = real ? pt[i + k] : 0;
                    lanes[w + k] = real ? eta[i + k] : 0;
                    lanes[2 * w + k] = real ? phi[i + k] : 0;
                    lanes[3 * w + k] = real ? mass[i + k] : 0;
                }
                CartesianStore(Vector.LoadUnsafe(ref lr), Vector.LoadUnsafe(ref lr, (nuint)w), Vector.LoadUnsafe(ref lr, (nuint)(2 * w)),
                               Vector.LoadUnsafe(ref lr, (nuint)(3 * w)), ref Unsafe.Add(ref lr, 4 * w), ref Unsafe.Add(ref lr, 5 * w),
                               ref Unsafe.Add(ref lr, 6 * w), ref Unsafe.Add(ref lr, 7 * w), 0);
                for (int k = 0; k < r; k++)
                {
                    px[i + k] = lanes[4 * w + k];
                    py[i + k] = lanes[5 * w + k];
                    pz[i + k] = lanes[6 * w + k];
                    e[i + k] = lanes[7 * w + k];
                }
                i += r;
            }
            return;
        }
        for (; i < n; i++)
        {
            var (x, y, z, en) = Cartesian(pt[i], eta[i], phi[i], mass[i]);
            px[i] = x;
            py[i] = y;
            pz[i] = z;
            e[i] = en;
        }
    }

    /// <summary>
    /// One particle's <c>(px, py, pz, e)</c> from (pt, eta, phi, mass), as <see cref="PtEtaPhiMToCartesian"/> and the
    /// <see cref="PtEtaPhiMVector"/> constructor compute it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Px, double Py, double Pz, double E) Cartesian(double pt, double eta, double phi, double mass)
    {
        var (s, c) = SinCos(phi);
        double x = pt * c, y = pt * s, z = pt * Sinh(eta);
        double m2 = mass >= 0 ? mass * mass : -mass * mass;
        double v = x * x + y * y + z * z + m2;
        return (x, y, z, Math.Sqrt(v < 0 ? 0.0 : v));
    }

    // -------------------------------------------------------------------------------------------- vector kernels

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CartesianStore(Vector<double> pt, Vector<double> eta, Vector<double> phi, Vector<double> mass,
                                  ref double xr, ref double yr, ref double zr, ref double er, nuint at)
    {
        SinCos(phi, out var s, out var c);
        var x = pt * c;
        var y = pt * s;
        var z = pt * Sinh(eta);
        var m2 = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(mass, Vector<double>.Zero), mass * mass, -mass * mass);
        var v = x * x + y * y + z * z + m2;
        v = Vector.ConditionalSelect(Vector.LessThan(v, Vector<double>.Zero), Vector<double>.Zero, v);
        x.StoreUnsafe(ref xr, at);
        y.StoreUnsafe(ref yr, at);
        z.StoreUnsafe(ref zr, at);
        Vector.SquareRoot(v).StoreUnsafe(ref er, at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SinCos(Vector<double> x, out Vector<double> sin, out Vector<double> cos)
    {
        var magic = new Vector<double>(Magic);
        var t = x * new Vector<double>(InvPio2) + magic;
        var fn = t - magic;
        var n = t.As<double, long>();
        var r0 = x - fn * new Vector<double>(Pio2_1);
        var w = fn * new Vector<double>(Pio2_2);
        var r = r0 - w;
        w = fn * new Vector<double>(Pio2_2t) - ((r0 - r) - w);
        var y0 = r - w;
        var y1 = (r - y0) - w;
        var z = y0 * y0;
        var v = z * y0;
        var rs = new Vector<double>(S2) + z * (new Vector<double>(S3) + z * (new Vector<double>(S4) + z * (new Vector<double>(S5) + z * new Vector<double>(S6))));
        var half = new Vector<double>(0.5);
        var ks = y0 - ((z * (half * y1 - v * rs) - y1) - v * new Vector<double>(S1));
        var zz = z * z;
        var rc = z * (new Vector<double>(C1) + z * (new Vector<double>(C2) + z * new Vector<double>(C3)))
                 + zz * zz * (new Vector<double>(C4) + z * (new Vector<double>(C5) + z * new Vector<double>(C6)));
        var hz = half * z;
        var one = Vector<double>.One;
        var hw = one - hz;
        var kc = hw + (((one - hw) - hz) + (z * rc - y0 * y1));
        var swap = Vector.Equals(n & Vector<long>.One, Vector<long>.One);
        var s = Vector.ConditionalSelect(swap, kc, ks);
        var c = Vector.ConditionalSelect(swap, ks, kc);
        var signBit = new Vector<long>(long.MinValue);
        sin = (s.As<double, long>() ^ (Vector.ShiftLeft(n, 62) & signBit)).As<long, double>();
        cos = (c.As<double, long>() ^ (Vector.ShiftLeft(n + Vector<long>.One, 62) & signBit)).As<long, double>();
        if (Vector.GreaterThanAny(Vector.Abs(x), new Vector<double>(ReductionLimit)) || !Vector.EqualsAll(x, x))
            Fallback(x, ref sin, ref cos);
    }

    // Lanes outside the reduction's range, NaN or infinite: the library's values, as the scalar path gives them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fallback(Vector<double> x, ref Vector<double> sin, ref Vector<double> cos)
    {
        Span<double> s = stackalloc double[Vector<double>.Count];
        Span<double> c = stackalloc double[Vector<double>.Count];
        sin.CopyTo(s);
        cos.CopyTo(c);
        for (int k = 0; k < Vector<double>.Count; k++)
            if (!(Math.Abs(x[k]) <= ReductionLimit)) (s[k], c[k]) = (Math.Sin(x[k]), Math.Cos(x[k]));
        sin = new Vector<double>(s);
        cos = new Vector<double>(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Sinh(Vector<double> x)
    {
        var a = Vector.Abs(x);
        var z = x * x;
        var q = new Vector<double>(T17) + z * new Vector<double>(T19);
        q = new Vector<double>(T15) + z * q;
        q = new Vector<double>(T13) + z * q;
        q = new Vector<double>(T11) + z * q;
        q = new Vector<double>(T9) + z * q;
        q = new Vector<double>(T7) + z * q;
        q = new Vector<double>(T5) + z * q;
        q = new Vector<double>(T3) + z * q;
        var small = x + x * z * q;
        var one = Vector<double>.One;
        var isSmall = Vector.LessThan(a, one);
        if (Vector.EqualsAll(isSmall, Vector<long>.AllBitsSet)) return small;

        var magic = new Vector<double>(Magic);
        var t = a * new Vector<double>(InvLn2) + magic;
        var kf = t - magic;
        // Lanes that take the series may hold any k here; clamp so the exponent stays a valid bit pattern.
        var k = Vector.Min(Vector.Max(t.As<double, long>() - magic.As<double, long>(), Vector<long>.Zero), new Vector<long>(64));
        var hi = a - kf * new Vector<double>(Ln2Hi);
        var lo = kf * new Vector<double>(Ln2Lo);
        var r = hi - lo;
        var rr = r * r;
        var c = r - rr * (new Vector<double>(P1) + rr * (new Vector<double>(P2) + rr * (new Vector<double>(P3) + rr * (new Vector<double>(P4) + rr * new Vector<double>(P5)))));
        var y = one - ((lo - (r * c) / (new Vector<double>(2.0) - c)) - hi);
        var e = y * Vector.ShiftLeft(k + new Vector<long>(1023), 52).As<long, double>();
        var h = Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), new Vector<double>(-0.5), new Vector<double>(0.5));
        var large = h * (e - one / e);
        var result = Vector.ConditionalSelect(isSmall, small, large);
        if (!Vector.LessThanOrEqualAll(a, new Vector<double>(SinhLimit))) result = SinhFallback(x, result);
        return result;
    }

    // Lanes beyond 22 and NaN lanes: the library's value, as the scalar path gives it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<double> SinhFallback(Vector<double> x, Vector<double> result)
    {
        Span<double> s = stackalloc double[Vector<double>.Count];
        result.CopyTo(s);
        for (int k = 0; k < Vector<double>.Count; k++)
            if (!(Math.Abs(x[k]) < 1.0) && !(Math.Abs(x[k]) <= SinhLimit)) s[k] = Math.Sinh(x[k]);
        return new Vector<double>(s);
    }
}
