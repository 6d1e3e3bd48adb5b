using System.Numerics;
using System.Runtime.CompilerServices;

namespace EventFrame;

public static partial class VecOps
{
    // ------------------------------------------------------------------ kinematics

    /// <summary>
    /// The signed angle from <paramref name="v1"/> to <paramref name="v2"/> folded into <c>[-c, c]</c>, exactly as
    /// ROOT's <c>DeltaPhi(v1, v2, c)</c>: <c>r = fmod(v2 - v1, 2.0 * c)</c> with the difference taken in
    /// <typeparamref name="T"/> and the rest in double (C++'s <c>2.0 * c</c> promotes), then <c>r += 2c</c> if
    /// <c>r &lt; -c</c> or <c>r -= 2c</c> if <c>r &gt; c</c>, and the result rounded to <typeparamref name="T"/>.
    /// </summary>
    // Called once per element by fused loops, which should not pay a call for it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T DeltaPhi<T>(T v1, T v2, T c) where T : IFloatingPointIeee754<T>
    {
        double dc = double.CreateTruncating(c);
        double d = double.CreateTruncating(v2 - v1);
        // fmod(d, 2c) is d itself (exactly, -0 included) when |d| < |2c|, the usual case; the libm call is not.
        double r = Math.Abs(d) < Math.Abs(2.0 * dc) ? d : d % (2.0 * dc);
        if (r < -dc) r += 2.0 * dc;
        else if (r > dc) r -= 2.0 * dc;
        return T.CreateTruncating(r);
    }

    /// <summary><see cref="DeltaPhi{T}(T, T, T)"/> in radians (c = π rounded to <typeparamref name="T"/>, ROOT's default <c>M_PI</c>).</summary>
    public static T DeltaPhi<T>(T v1, T v2) where T : IFloatingPointIeee754<T> => DeltaPhi(v1, v2, T.Pi);

    /// <summary>Element-wise <c>DeltaPhi(v1[i], v2[i], c)</c>; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<T> DeltaPhi<T>(RVec<T> v1, RVec<T> v2, T c) where T : IFloatingPointIeee754<T>
    {
        Elementwise.CheckSizes("DeltaPhi", v1.Length, v2.Length);
        var a = v1.AsSpan();
        var b = v2.AsSpan();
        var dst = RVecArena.Allocate<T>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = DeltaPhi(a[i], b[i], c);
        return r;
    }

    /// <summary>Element-wise <c>DeltaPhi(v1[i], v2[i])</c> in radians; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<T> DeltaPhi<T>(RVec<T> v1, RVec<T> v2) where T : IFloatingPointIeee754<T> => DeltaPhi(v1, v2, T.Pi);

    /// <summary>Element-wise <c>DeltaPhi(v1[i], v2, c)</c>.</summary>
    public static RVec<T> DeltaPhi<T>(RVec<T> v1, T v2, T c) where T : IFloatingPointIeee754<T>
    {
        var a = v1.AsSpan();
        var dst = RVecArena.Allocate<T>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = DeltaPhi(a[i], v2, c);
        return r;
    }

    /// <summary>Element-wise <c>DeltaPhi(v1[i], v2)</c> in radians.</summary>
    public static RVec<T> DeltaPhi<T>(RVec<T> v1, T v2) where T : IFloatingPointIeee754<T> => DeltaPhi(v1, v2, T.Pi);

    /// <summary>Element-wise <c>DeltaPhi(v1, v2[i], c)</c>.</summary>
    public static RVec<T> DeltaPhi<T>(T v1, RVec<T> v2, T c) where T : IFloatingPointIeee754<T>
    {
        var b = v2.AsSpan();
        var dst = RVecArena.Allocate<T>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = DeltaPhi(v1, b[i], c);
        return r;
    }

    /// <summary>Element-wise <c>DeltaPhi(v1, v2[i])</c> in radians.</summary>
    public static RVec<T> DeltaPhi<T>(T v1, RVec<T> v2) where T : IFloatingPointIeee754<T> => DeltaPhi(v1, v2, T.Pi);

    /// <summary>
    /// <c>(eta1 - eta2)² + dphi²</c> in <typeparamref name="T"/> with <c>dphi = DeltaPhi(phi1, phi2, c)</c>, as
    /// ROOT's <c>DeltaR2</c>. Note ROOT's argument order: both etas, then both phis.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T DeltaR2<T>(T eta1, T eta2, T phi1, T phi2, T c) where T : IFloatingPointIeee754<T>
    {
        T dphi = DeltaPhi(phi1, phi2, c);
        return (eta1 - eta2) * (eta1 - eta2) + dphi * dphi;
    }

    /// <summary><see cref="DeltaR2{T}(T, T, T, T, T)"/> in radians.</summary>
    public static T DeltaR2<T>(T eta1, T eta2, T phi1, T phi2) where T : IFloatingPointIeee754<T> => DeltaR2(eta1, eta2, phi1, phi2, T.Pi);

    /// <summary>
    /// <c>sqrt((eta1 - eta2)² + dphi²)</c> in <typeparamref name="T"/> (ROOT's scalar <c>DeltaR(eta1, eta2, phi1, phi2, c)</c>:
    /// both etas first, then both phis).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T DeltaR<T>(T eta1, T eta2, T phi1, T phi2, T c) where T : IFloatingPointIeee754<T> => T.Sqrt(DeltaR2(eta1, eta2, phi1, phi2, c));

    /// <summary><see cref="DeltaR{T}(T, T, T, T, T)"/> in radians.</summary>
    public static T DeltaR<T>(T eta1, T eta2, T phi1, T phi2) where T : IFloatingPointIeee754<T> => T.Sqrt(DeltaR2(eta1, eta2, phi1, phi2, T.Pi));

    /// <summary>
    /// Element-wise <see cref="DeltaR2{T}(T, T, T, T, T)"/> (ROOT's vector <c>DeltaR2</c>); throws
    /// <see cref="ArgumentException"/> when the four sizes differ.
    /// </summary>
    public static RVec<T> DeltaR2<T>(RVec<T> eta1, RVec<T> eta2, RVec<T> phi1, RVec<T> phi2, T c) where T : IFloatingPointIeee754<T>
    {
        Elementwise.CheckSizes("DeltaR2", eta1.Length, eta2.Length);
        Elementwise.CheckSizes("DeltaR2", eta1.Length, phi1.Length);
        Elementwise.CheckSizes("DeltaR2", eta1.Length, phi2.Length);
        var e1 = eta1.AsSpan();
        var e2 = eta2.AsSpan();
        var p1 = phi1.AsSpan();
        var p2 = phi2.AsSpan();
        var dst = RVecArena.Allocate<T>(e1.Length, out var r);
        for (int i = 0; i < e1.Length; i++) dst[i] = DeltaR2(e1[i], e2[i], p1[i], p2[i], c);
        return r;
    }

    /// <summary>Element-wise <see cref="DeltaR2{T}(T, T, T, T)"/> in radians.</summary>
    public static RVec<T> DeltaR2<T>(RVec<T> eta1, RVec<T> eta2, RVec<T> phi1, RVec<T> phi2) where T : IFloatingPointIeee754<T>
        => DeltaR2(eta1, eta2, phi1, phi2, T.Pi);

    /// <summary>
    /// Element-wise <c>sqrt</c> of <see cref="DeltaR2{T}(RVec{T}, RVec{T}, RVec{T}, RVec{T}, T)"/> in
    /// <typeparamref name="T"/> (ROOT's vector <c>DeltaR</c>); throws <see cref="ArgumentException"/> when the sizes differ.
    /// </summary>
    public static RVec<T> DeltaR<T>(RVec<T> eta1, RVec<T> eta2, RVec<T> phi1, RVec<T> phi2, T c) where T : IFloatingPointIeee754<T>
    {
        var r = DeltaR2(eta1, eta2, phi1, phi2, c);
        var s = r.AsWritableSpan();
        for (int i = 0; i < s.Length; i++) s[i] = T.Sqrt(s[i]);
        return r;
    }

    /// <summary>Element-wise <see cref="DeltaR{T}(T, T, T, T)"/> in radians.</summary>
    public static RVec<T> DeltaR<T>(RVec<T> eta1, RVec<T> eta2, RVec<T> phi1, RVec<T> phi2) where T : IFloatingPointIeee754<T>
        => DeltaR(eta1, eta2, phi1, phi2, T.Pi);

    /// <summary>
    /// Invariant mass of two particles given as (pt, eta, phi, mass): each is converted to
    /// <c>x = pt cos φ, y = pt sin φ, z = pt sinh η, e = sqrt(x² + y² + z² + m²)</c> (sin, cos and sinh of
    /// <see cref="DoubleMath"/>, within one or two units in the last place), the four-vectors are added and
    /// <c>sqrt(e² - x² - y² - z²)</c> is returned (NaN when that is negative), all in double: ROOT's
    /// <c>InvariantMasses</c> formula, evaluated in double as <c>PtEtaPhiMVector</c> does (in float the
    /// cancellation in <c>e² - p²</c> costs up to several percent at low mass).
    /// </summary>
    public static double InvariantMass(double pt1, double eta1, double phi1, double mass1, double pt2, double eta2, double phi2, double mass2)
    {
        var (x1, y1, z1, e1) = Cartesian(pt1, eta1, phi1, mass1);
        var (x2, y2, z2, e2) = Cartesian(pt2, eta2, phi2, mass2);
        return MassOfSum(x1, y1, z1, e1, x2, y2, z2, e2);
    }

    /// <summary>One particle's <c>(x, y, z, e)</c> as <see cref="InvariantMass(double, double, double, double, double, double, double, double)"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (double X, double Y, double Z, double E) Cartesian(double pt, double eta, double phi, double mass)
    {
        var (sin, cos) = DoubleMath.SinCos(phi);
        double x = pt * cos;
        double y = pt * sin;
        double z = pt * DoubleMath.Sinh(eta);
        return (x, y, z, Math.Sqrt(x * x + y * y + z * z + mass * mass));
    }

    /// <summary>The mass of the sum of two particles given as <c>(x, y, z, e)</c>, as <see cref="InvariantMass(double, double, double, double, double, double, double, double)"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double MassOfSum(double x1, double y1, double z1, double e1, double x2, double y2, double z2, double e2)
    {
        double e = e1 + e2;
        double x = x1 + x2;
        double y = y1 + y2;
        double z = z1 + z2;
        return Math.Sqrt(e * e - x * x - y * y - z * z);
    }

    /// <summary>
    /// Element-wise invariant mass of the pairs (particle i of the first collection, particle i of the second),
    /// each as <see cref="InvariantMass(double, double, double, double, double, double, double, double)"/>
    /// (ROOT's <c>InvariantMasses</c>, evaluated in double; the result is double). Throws
    /// <see cref="ArgumentException"/> when the eight sizes differ.
    /// </summary>
    public static RVec<double> InvariantMasses<T>(RVec<T> pt1, RVec<T> eta1, RVec<T> phi1, RVec<T> mass1,
                                                  RVec<T> pt2, RVec<T> eta2, RVec<T> phi2, RVec<T> mass2) where T : INumber<T>
    {
        int n = pt1.Length;
        Elementwise.CheckSizes("InvariantMasses", n, eta1.Length);
        Elementwise.CheckSizes("InvariantMasses", n, phi1.Length);
        Elementwise.CheckSizes("InvariantMasses", n, mass1.Length);
        Elementwise.CheckSizes("InvariantMasses", n, pt2.Length);
        Elementwise.CheckSizes("InvariantMasses", n, eta2.Length);
        Elementwise.CheckSizes("InvariantMasses", n, phi2.Length);
        Elementwise.CheckSizes("InvariantMasses", n, mass2.Length);
        var dst = RVecArena.Allocate<double>(n, out var r);
        for (int i = 0; i < n; i++)
            dst[i] = InvariantMass(D(pt1[i]), D(eta1[i]), D(phi1[i]), D(mass1[i]), D(pt2[i]), D(eta2[i]), D(phi2[i]), D(mass2[i]));
        return r;
    }

    /// <summary>
    /// Invariant mass of the sum of all particles of one collection (ROOT's <c>InvariantMass(pt, eta, phi, mass)</c>):
    /// the Cartesian components and energies (formulas of
    /// <see cref="InvariantMass(double, double, double, double, double, double, double, double)"/>) are summed in
    /// element order in double and <c>sqrt(E² - x² - y² - z²)</c> is returned; 0 for an empty collection. Throws
    /// <see cref="ArgumentException"/> when the four sizes differ.
    /// </summary>
    public static double InvariantMass<T>(RVec<T> pt, RVec<T> eta, RVec<T> phi, RVec<T> mass) where T : INumber<T>
    {
        int n = pt.Length;
        Elementwise.CheckSizes("InvariantMass", n, eta.Length);
        Elementwise.CheckSizes("InvariantMass", n, phi.Length);
        Elementwise.CheckSizes("InvariantMass", n, mass.Length);
        double xs = 0, ys = 0, zs = 0, es = 0;
        for (int i = 0; i < n; i++)
        {
            double p = D(pt[i]), h = D(eta[i]), f = D(phi[i]), m = D(mass[i]);
            var (sin, cos) = DoubleMath.SinCos(f);
            double x = p * cos;
            xs += x;
            double y = p * sin;
            ys += y;
            double z = p * DoubleMath.Sinh(h);
            zs += z;
            es += Math.Sqrt(x * x + y * y + z * z + m * m);
        }
        return Math.Sqrt(es * es - xs * xs - ys * ys - zs * zs);
    }

    private static double D<T>(T x) where T : INumber<T> => double.CreateTruncating(x);
}
