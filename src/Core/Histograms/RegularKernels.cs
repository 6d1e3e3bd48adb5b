using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EventFrame.Histograms;

/// <summary>
/// Fused block kernels for regular axes without transform: bins, global bins and the statistics sums of one block
/// in a single Vector512 (or Vector256) pass (the general path needs one pass per sum). Sums are accumulated lane-wise and the
/// four lanes combined in a fixed order, then the scalar tail is added, so results are deterministic.
/// </summary>
internal static class RegularKernels
{
    /// <summary>1D weighted: bins of x into <paramref name="bins"/>, and Σw, Σw², Σw·x, Σw·x² over in-range entries into block[0..3].</summary>
    internal static void Weighted1D(RegularAxis axis, double[] x, double[] w, int len, int[] bins, double[] block)
    {
        int i = 0;
        ref double xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref double wr = ref MemoryMarshal.GetArrayDataReference(w);
        ref int br = ref MemoryMarshal.GetArrayDataReference(bins);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var k = new RegularAxis.Consts512(axis);
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= len - 16; i += 16)
            {
                var x0 = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector512.LoadUnsafe(ref xr, (nuint)(i + 8));
                var b0 = RegularAxis.Bin512(x0, k, out var in0);
                var b1 = RegularAxis.Bin512(x1, k, out var in1);
                RegularAxis.Store512(b0, b1, ref br, i);
                var m0 = Vector512.ConditionalSelect(in0, Vector512.LoadUnsafe(ref wr, (nuint)i), Vector512<double>.Zero);
                var m1 = Vector512.ConditionalSelect(in1, Vector512.LoadUnsafe(ref wr, (nuint)(i + 8)), Vector512<double>.Zero);
                var c0 = Vector512.ConditionalSelect(in0, x0, Vector512<double>.Zero);
                var c1 = Vector512.ConditionalSelect(in1, x1, Vector512<double>.Zero);
                var p0 = m0 * c0;
                var p1 = m1 * c1;
                a0 += m0 + m1;
                a1 += m0 * m0 + m1 * m1;
                a2 += p0 + p1;
                a3 += p0 * c0 + p1 * c1;
            }
            s0 = Lanes(a0); s1 = Lanes(a1); s2 = Lanes(a2); s3 = Lanes(a3);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var k = new RegularAxis.Consts256(axis);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= len - 8; i += 8)
            {
                var x0 = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref xr, (nuint)(i + 4));
                var b0 = RegularAxis.Bin256(x0, k, out var in0);
                var b1 = RegularAxis.Bin256(x1, k, out var in1);
                RegularAxis.Store256(b0, b1, ref br, i);
                var m0 = Vector256.ConditionalSelect(in0, Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256<double>.Zero);
                var m1 = Vector256.ConditionalSelect(in1, Vector256.LoadUnsafe(ref wr, (nuint)(i + 4)), Vector256<double>.Zero);
                var c0 = Vector256.ConditionalSelect(in0, x0, Vector256<double>.Zero);
                var c1 = Vector256.ConditionalSelect(in1, x1, Vector256<double>.Zero);
                var p0 = m0 * c0;
                var p1 = m1 * c1;
                a0 += m0 + m1;
                a1 += m0 * m0 + m1 * m1;
                a2 += p0 + p1;
                a3 += p0 * c0 + p1 * c1;
            }
            s0 = Lanes(a0); s1 = Lanes(a1); s2 = Lanes(a2); s3 = Lanes(a3);
        }
        for (; i < len; i++)
        {
            double v = Unsafe.Add(ref xr, i), wk = Unsafe.Add(ref wr, i);
            int b = axis.Index(v);
            Unsafe.Add(ref br, i) = b;
            if ((uint)(b - 1) < (uint)axis.Bins)
            {
                s0 += wk; s1 += wk * wk;
                double wx = wk * v;
                s2 += wx; s3 += wx * v;
            }
        }
        block[0] = s0; block[1] = s1; block[2] = s2; block[3] = s3;
    }

    /// <summary>
    /// 2D, weighted if <paramref name="w"/> is not null: global bins bx + stride·by into <paramref name="global"/>, and
    /// Σw, Σw², Σw·x, Σw·x², Σw·y, Σw·y², Σw·x·y over entries in range on both axes into block[0..6].
    /// </summary>
    internal static void Fill2D(RegularAxis ax, RegularAxis ay, int stride, double[] x, double[] y, double[]? w, int len, int[] global, double[] block)
    {
        int i = 0;
        ref double xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref double yr = ref MemoryMarshal.GetArrayDataReference(y);
        ref double wr = ref w is null ? ref xr : ref MemoryMarshal.GetArrayDataReference(w);
        ref int gr = ref MemoryMarshal.GetArrayDataReference(global);
        Span<double> s = stackalloc double[7];
        s.Clear();
        if (Vector512.IsHardwareAccelerated)
        {
            var kx = new RegularAxis.Consts512(ax);
            var ky = new RegularAxis.Consts512(ay);
            var st = Vector512.Create((double)stride);
            var one = Vector512.Create(1.0);
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
            for (; i <= len - 16; i += 16)
            {
                var x0 = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector512.LoadUnsafe(ref xr, (nuint)(i + 8));
                var y0 = Vector512.LoadUnsafe(ref yr, (nuint)i);
                var y1 = Vector512.LoadUnsafe(ref yr, (nuint)(i + 8));
                var g0 = RegularAxis.Bin512(x0, kx, out var ix0) + st * RegularAxis.Bin512(y0, ky, out var iy0);
                var g1 = RegularAxis.Bin512(x1, kx, out var ix1) + st * RegularAxis.Bin512(y1, ky, out var iy1);
                RegularAxis.Store512(g0, g1, ref gr, i);
                var in0 = ix0 & iy0;
                var in1 = ix1 & iy1;
                var m0 = Vector512.ConditionalSelect(in0, w is null ? one : Vector512.LoadUnsafe(ref wr, (nuint)i), Vector512<double>.Zero);
                var m1 = Vector512.ConditionalSelect(in1, w is null ? one : Vector512.LoadUnsafe(ref wr, (nuint)(i + 8)), Vector512<double>.Zero);
                var cx0 = Vector512.ConditionalSelect(in0, x0, Vector512<double>.Zero);
                var cx1 = Vector512.ConditionalSelect(in1, x1, Vector512<double>.Zero);
                var cy0 = Vector512.ConditionalSelect(in0, y0, Vector512<double>.Zero);
                var cy1 = Vector512.ConditionalSelect(in1, y1, Vector512<double>.Zero);
                var px0 = m0 * cx0;
                var px1 = m1 * cx1;
                var py0 = m0 * cy0;
                var py1 = m1 * cy1;
                a0 += m0 + m1;
                a1 += m0 * m0 + m1 * m1;
                a2 += px0 + px1;
                a3 += px0 * cx0 + px1 * cx1;
                a4 += py0 + py1;
                a5 += py0 * cy0 + py1 * cy1;
                a6 += px0 * cy0 + px1 * cy1;
            }
            s[0] = Lanes(a0); s[1] = Lanes(a1); s[2] = Lanes(a2); s[3] = Lanes(a3); s[4] = Lanes(a4); s[5] = Lanes(a5); s[6] = Lanes(a6);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var kx = new RegularAxis.Consts256(ax);
            var ky = new RegularAxis.Consts256(ay);
            var st = Vector256.Create((double)stride);
            var one = Vector256.Create(1.0);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
            for (; i <= len - 8; i += 8)
            {
                var x0 = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref xr, (nuint)(i + 4));
                var y0 = Vector256.LoadUnsafe(ref yr, (nuint)i);
                var y1 = Vector256.LoadUnsafe(ref yr, (nuint)(i + 4));
                var g0 = RegularAxis.Bin256(x0, kx, out var ix0) + st * RegularAxis.Bin256(y0, ky, out var iy0);
                var g1 = RegularAxis.Bin256(x1, kx, out var ix1) + st * RegularAxis.Bin256(y1, ky, out var iy1);
                RegularAxis.Store256(g0, g1, ref gr, i);
                var in0 = ix0 & iy0;
                var in1 = ix1 & iy1;
                var m0 = Vector256.ConditionalSelect(in0, w is null ? one : Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256<double>.Zero);
                var m1 = Vector256.ConditionalSelect(in1, w is null ? one : Vector256.LoadUnsafe(ref wr, (nuint)(i + 4)), Vector256<double>.Zero);
                var cx0 = Vector256.ConditionalSelect(in0, x0, Vector256<double>.Zero);
                var cx1 = Vector256.ConditionalSelect(in1, x1, Vector256<double>.Zero);
                var cy0 = Vector256.ConditionalSelect(in0, y0, Vector256<double>.Zero);
                var cy1 = Vector256.ConditionalSelect(in1, y1, Vector256<double>.Zero);
                var px0 = m0 * cx0;
                var px1 = m1 * cx1;
                var py0 = m0 * cy0;
                var py1 = m1 * cy1;
                a0 += m0 + m1;
                a1 += m0 * m0 + m1 * m1;
                a2 += px0 + px1;
                a3 += px0 * cx0 + px1 * cx1;
                a4 += py0 + py1;
                a5 += py0 * cy0 + py1 * cy1;
                a6 += px0 * cy0 + px1 * cy1;
            }
            s[0] = Lanes(a0); s[1] = Lanes(a1); s[2] = Lanes(a2); s[3] = Lanes(a3); s[4] = Lanes(a4); s[5] = Lanes(a5); s[6] = Lanes(a6);
        }
        for (; i < len; i++)
        {
            double vx = Unsafe.Add(ref xr, i), vy = Unsafe.Add(ref yr, i);
            double wk = w is null ? 1.0 : Unsafe.Add(ref wr, i);
            int bx = ax.Index(vx), by = ay.Index(vy);
            Unsafe.Add(ref gr, i) = bx + stride * by;
            if ((uint)(bx - 1) < (uint)ax.Bins && (uint)(by - 1) < (uint)ay.Bins)
            {
                s[0] += wk; s[1] += wk * wk;
                double wx = wk * vx, wy = wk * vy;
                s[2] += wx; s[3] += wx * vx;
                s[4] += wy; s[5] += wy * vy;
                s[6] += wx * vy;
            }
        }
        s.CopyTo(block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lanes(Vector256<double> v) => (v[0] + v[1]) + (v[2] + v[3]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lanes(Vector512<double> v) => Lanes(v.GetLower()) + Lanes(v.GetUpper());
}
