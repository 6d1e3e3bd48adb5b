using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame.Histograms;

/// <summary>
/// Reads a block of a typed column into doubles for the fill kernels, either contiguously or through an index
/// list (gather). T is dispatched on typeof(T), which the JIT folds to a single branch per instantiation.
/// </summary>
internal static class FillInput
{
    /// <summary>Elements processed per block: big enough to amortize per-block work, small enough for L1.</summary>
    internal const int BlockSize = 1024;

    /// <summary>Throws <see cref="NotSupportedException"/> unless T is one of the column element types a histogram can fill from.</summary>
    internal static void CheckType<T>(string parameter)
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(long)
            || typeof(T) == typeof(bool) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte) || typeof(T) == typeof(short)
            || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong))
            return;
        throw new NotSupportedException(
            $"{parameter}: histograms fill from bool, sbyte, byte, short, ushort, int, uint, long, ulong, float or double columns, not {typeof(T).Name}");
    }

    /// <summary>Throws if any of <paramref name="indices"/> is outside [0, <paramref name="length"/>).</summary>
    internal static void CheckIndices(ReadOnlySpan<int> indices, int length)
    {
        if (indices.IsEmpty) return;
        int min = TensorPrimitives.Min(indices), max = TensorPrimitives.Max(indices);
        if (min < 0 || max >= length)
            throw new ArgumentOutOfRangeException(nameof(indices),
                $"entry indices must be in [0, {length}) for columns of {length} entries, but they span [{min}, {max}]");
    }

    /// <summary>Throws if a column's length differs from the first column's.</summary>
    internal static void CheckLength(int expected, int actual, string parameter)
    {
        if (expected != actual)
            throw new ArgumentException($"{parameter} has {actual} entries but the first column has {expected}", parameter);
    }

    /// <summary>Converts <paramref name="src"/> element-wise to double into <paramref name="dst"/>.</summary>
    internal static void Read<T>(ReadOnlySpan<T> src, Span<double> dst) where T : unmanaged
    {
        int n = src.Length;
        if (typeof(T) == typeof(double)) { MemoryMarshal.Cast<T, double>(src).CopyTo(dst); return; }
        if (typeof(T) == typeof(float)) { Widen(MemoryMarshal.Cast<T, float>(src), dst); return; }
        ref T s = ref MemoryMarshal.GetReference(src);
        ref double d = ref MemoryMarshal.GetReference(dst[..n]);
        for (int i = 0; i < n; i++) Unsafe.Add(ref d, i) = ToDouble(Unsafe.Add(ref s, i));
    }

    /// <summary>
    /// Writes src[indices[k]] as double into dst[k]. The caller has validated the indices with <see cref="CheckIndices"/>.
    /// </summary>
    internal static unsafe void Gather<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> indices, Span<double> dst) where T : unmanaged
    {
        int n = indices.Length;
        ref T s = ref MemoryMarshal.GetReference(src);
        ref int ix = ref MemoryMarshal.GetReference(indices);
        ref double d = ref MemoryMarshal.GetReference(dst[..n]);
        int k = 0;
        if (Avx2.IsSupported && n >= 8 && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            // Hardware gathers: one instruction loads 8 floats (or 4 doubles) at the selected entries.
            fixed (T* p = &s)
            fixed (int* ip = &ix)
            fixed (double* dp = &d)
            {
                if (typeof(T) == typeof(float))
                {
                    for (; k <= n - 8; k += 8)
                    {
                        var v = Avx2.GatherVector256((float*)p, Avx.LoadVector256(ip + k), 4);
                        Vector256.WidenLower(v).Store(dp + k);
                        Vector256.WidenUpper(v).Store(dp + k + 4);
                    }
                }
                else
                {
                    for (; k <= n - 8; k += 8)
                    {
                        Avx2.GatherVector256((double*)p, Sse2.LoadVector128(ip + k), 8).Store(dp + k);
                        Avx2.GatherVector256((double*)p, Sse2.LoadVector128(ip + k + 4), 8).Store(dp + k + 4);
                    }
                }
            }
        }
        for (; k <= n - 4; k += 4)
        {
            // Four independent loads per iteration keep the load ports busy instead of one dependent chain.
            double a = ToDouble(Unsafe.Add(ref s, Unsafe.Add(ref ix, k)));
            double b = ToDouble(Unsafe.Add(ref s, Unsafe.Add(ref ix, k + 1)));
            double c = ToDouble(Unsafe.Add(ref s, Unsafe.Add(ref ix, k + 2)));
            double e = ToDouble(Unsafe.Add(ref s, Unsafe.Add(ref ix, k + 3)));
            Unsafe.Add(ref d, k) = a;
            Unsafe.Add(ref d, k + 1) = b;
            Unsafe.Add(ref d, k + 2) = c;
            Unsafe.Add(ref d, k + 3) = e;
        }
        for (; k < n; k++) Unsafe.Add(ref d, k) = ToDouble(Unsafe.Add(ref s, Unsafe.Add(ref ix, k)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToDouble<T>(T v) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref v);
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref v);
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref v);
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, byte>(ref v) != 0 ? 1.0 : 0.0;
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref v);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref v);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref v);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref v);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref v);
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref v);
        throw new NotSupportedException($"cannot fill a histogram from {typeof(T).Name}");
    }

    private static void Widen(ReadOnlySpan<float> src, Span<double> dst)
    {
        int n = src.Length, i = 0;
        ref float s = ref MemoryMarshal.GetReference(src);
        ref double d = ref MemoryMarshal.GetReference(dst[..n]);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref s, (nuint)i);
                Vector512.WidenLower(v).StoreUnsafe(ref d, (nuint)i);
                Vector512.WidenUpper(v).StoreUnsafe(ref d, (nuint)(i + 8));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref s, (nuint)i);
                Vector256.WidenLower(v).StoreUnsafe(ref d, (nuint)i);
                Vector256.WidenUpper(v).StoreUnsafe(ref d, (nuint)(i + 4));
            }
        }
        for (; i < n; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
    }
}
