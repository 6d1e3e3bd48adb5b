using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame;

/// <summary>
/// SIMD building blocks shared by <see cref="VecOps"/>, the <see cref="RVec{T}"/> operators and
/// <see cref="JaggedKernels"/>. Floating-point reductions here reproduce ROOT's sequential
/// <c>std::accumulate</c>/<c>std::max_element</c> order bit for bit: a vector register is only used to load
/// up to 8 (float) or 4 (double) elements at once, masking lanes past the end, and the lanes are then combined
/// one after another in element order.
/// </summary>
internal static class VectorKernels
{
    // ---------------------------------------------------------------- Sum

    /// <summary>
    /// <c>((0 + p[0]) + p[1]) + ... + p[n-1]</c> in float, exactly as <c>std::accumulate</c> with <c>T{}</c>.
    /// <paramref name="readable"/> elements from <paramref name="p"/> may be loaded (>= n).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float SumFloat(ref float p, int n, int readable)
    {
        // Lanes past n become +0.0f. Adding +0.0f changes nothing because a sum started from +0.0f can never be
        // -0.0f (x + -x is +0.0 in round-to-nearest), so the padded chain equals the exact one. Most physics
        // collections have at most 4 entries: one 128-bit load and 4 additions then cover the whole event.
        if (Vector128.IsHardwareAccelerated && n <= 4 && readable >= 4)
        {
            var mask = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(n)).AsSingle();
            return AddLanes(0f, Vector128.LoadUnsafe(ref p) & mask);
        }
        if (Vector256.IsHardwareAccelerated && n <= 8 && readable >= 8)
        {
            var mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).AsSingle();
            return AddLanes(0f, Vector256.LoadUnsafe(ref p) & mask);
        }
        return SumFloatLong(ref p, n, readable);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float SumFloatLong(ref float p, int n, int readable)
    {
        float s = 0f;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; n - i >= 8; i += 8) s = AddLanes(s, Vector256.LoadUnsafe(ref p, (nuint)i));
            if (i < n && readable - i >= 8)
            {
                var mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n - i)).AsSingle();
                return AddLanes(s, Vector256.LoadUnsafe(ref p, (nuint)i) & mask);
            }
        }
        for (; i < n; i++) s += Unsafe.Add(ref p, i);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AddLanes(float s, Vector256<float> v) => AddLanes(AddLanes(s, v.GetLower()), v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AddLanes(float s, Vector128<float> v)
    {
        s += v.ToScalar();
        s += v.GetElement(1);
        s += v.GetElement(2);
        s += v.GetElement(3);
        return s;
    }

    /// <summary>Sequential double sum from +0.0, as <see cref="SumFloat"/> (4 lanes per load).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SumDouble(ref double p, int n, int readable)
    {
        if (Vector256.IsHardwareAccelerated && n <= 4 && readable >= 4)
        {
            var mask = Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)n)).AsDouble();
            return AddLanes(0.0, Vector256.LoadUnsafe(ref p) & mask);
        }
        return SumDoubleLong(ref p, n, readable);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double SumDoubleLong(ref double p, int n, int readable)
    {
        double s = 0.0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; n - i >= 4; i += 4) s = AddLanes(s, Vector256.LoadUnsafe(ref p, (nuint)i));
            if (i < n && readable - i >= 4)
            {
                var mask = Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)(n - i))).AsDouble();
                return AddLanes(s, Vector256.LoadUnsafe(ref p, (nuint)i) & mask);
            }
        }
        for (; i < n; i++) s += Unsafe.Add(ref p, i);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AddLanes(double s, Vector256<double> v)
    {
        var lo = v.GetLower();
        var hi = v.GetUpper();
        s += lo.ToScalar();
        s += lo.GetElement(1);
        s += hi.ToScalar();
        s += hi.GetElement(1);
        return s;
    }

    /// <summary>
    /// Wrapping sum of integers. Integer addition is associative, so any order gives ROOT's result; a short
    /// vector is one masked load and a horizontal add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T SumInteger<T>(ref T p, int n, int readable) where T : INumber<T>
    {
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n <= Vector256<T>.Count && readable >= Vector256<T>.Count)
        {
            var v = Vector256.LoadUnsafe(ref p);
            var idx = Vector256<T>.Indices;
            var mask = Vector256.LessThan(idx, Vector256.Create(T.CreateTruncating(n)));
            // For byte-sized types n may equal Count (32) and wrap to 0 in T; then every lane is wanted.
            if (n == Vector256<T>.Count) mask = Vector256<T>.AllBitsSet;
            return Vector256.Sum(v & mask);
        }
        return SumScalar(ref p, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static T SumScalar<T>(ref T p, int n) where T : INumber<T>
    {
        T s = T.Zero;
        for (int i = 0; i < n; i++) s += Unsafe.Add(ref p, i);
        return s;
    }

    /// <summary>Dispatches to the fastest exact sum for <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Sum<T>(ref T p, int n, int readable) where T : INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            float r = SumFloat(ref Unsafe.As<T, float>(ref p), n, readable);
            return Unsafe.As<float, T>(ref r);
        }
        if (typeof(T) == typeof(double))
        {
            double r = SumDouble(ref Unsafe.As<T, double>(ref p), n, readable);
            return Unsafe.As<double, T>(ref r);
        }
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong)
            || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) || typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte))
            return SumInteger(ref p, n, readable);
        return SumScalar(ref p, n);
    }

    // ---------------------------------------------------------------- Max / Min

    // ROOT's Max is *std::max_element: keep the current element unless a later one is strictly greater
    // (m < x). MAXSS(x, m) returns x when x > m and m otherwise (also when either is NaN or both are zeros),
    // which is exactly that step; MINSS(x, m) likewise for std::min_element (x < m).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxStep(float m, float x) => Sse.IsSupported
        ? Sse.MaxScalar(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(m)).ToScalar()
        : (m < x ? x : m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MinStep(float m, float x) => Sse.IsSupported
        ? Sse.MinScalar(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(m)).ToScalar()
        : (x < m ? x : m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MaxStep(double m, double x) => Sse2.IsSupported
        ? Sse2.MaxScalar(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(m)).ToScalar()
        : (m < x ? x : m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MinStep(double m, double x) => Sse2.IsSupported
        ? Sse2.MinScalar(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(m)).ToScalar()
        : (x < m ? x : m);

    /// <summary>Value of <c>*std::max_element</c> (or min_element) over n >= 1 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ExtremumFloat<TMax>(ref float p, int n, int readable) where TMax : struct, IFlag
    {
        // Padding lanes hold NaN: neither m < NaN nor NaN < m holds, so they never replace m.
        if (Vector128.IsHardwareAccelerated && n <= 4 && readable >= 4)
        {
            var mask = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(n)).AsSingle();
            var v = Vector128.ConditionalSelect(mask, Vector128.LoadUnsafe(ref p), Vector128.Create(float.NaN));
            float m = p;
            if (TMax.Value)
            {
                m = MaxStep(m, v.GetElement(1)); m = MaxStep(m, v.GetElement(2)); m = MaxStep(m, v.GetElement(3));
            }
            else
            {
                m = MinStep(m, v.GetElement(1)); m = MinStep(m, v.GetElement(2)); m = MinStep(m, v.GetElement(3));
            }
            return m;
        }
        if (Vector256.IsHardwareAccelerated && n <= 8 && readable >= 8)
        {
            var mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).AsSingle();
            var v = Vector256.ConditionalSelect(mask, Vector256.LoadUnsafe(ref p), Vector256.Create(float.NaN));
            return ChainLanes<TMax>(p, v);
        }
        return ExtremumFloatLong<TMax>(ref p, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ChainLanes<TMax>(float m, Vector256<float> v) where TMax : struct, IFlag
    {
        var lo = v.GetLower();
        var hi = v.GetUpper();
        if (TMax.Value)
        {
            m = MaxStep(m, lo.ToScalar()); m = MaxStep(m, lo.GetElement(1)); m = MaxStep(m, lo.GetElement(2)); m = MaxStep(m, lo.GetElement(3));
            m = MaxStep(m, hi.ToScalar()); m = MaxStep(m, hi.GetElement(1)); m = MaxStep(m, hi.GetElement(2)); m = MaxStep(m, hi.GetElement(3));
        }
        else
        {
            m = MinStep(m, lo.ToScalar()); m = MinStep(m, lo.GetElement(1)); m = MinStep(m, lo.GetElement(2)); m = MinStep(m, lo.GetElement(3));
            m = MinStep(m, hi.ToScalar()); m = MinStep(m, hi.GetElement(1)); m = MinStep(m, hi.GetElement(2)); m = MinStep(m, hi.GetElement(3));
        }
        return m;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ExtremumFloatLong<TMax>(ref float p, int n) where TMax : struct, IFlag
    {
        float m = p;
        for (int i = 1; i < n; i++) m = TMax.Value ? MaxStep(m, Unsafe.Add(ref p, i)) : MinStep(m, Unsafe.Add(ref p, i));
        return m;
    }

    /// <summary>Value of <c>*std::max_element</c> (or min_element) over n >= 1 doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ExtremumDouble<TMax>(ref double p, int n, int readable) where TMax : struct, IFlag
    {
        if (Vector256.IsHardwareAccelerated && n <= 4 && readable >= 4)
        {
            var mask = Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)n)).AsDouble();
            var v = Vector256.ConditionalSelect(mask, Vector256.LoadUnsafe(ref p), Vector256.Create(double.NaN));
            var lo = v.GetLower();
            var hi = v.GetUpper();
            double m = p;
            if (TMax.Value)
            {
                m = MaxStep(m, lo.GetElement(1)); m = MaxStep(m, hi.ToScalar()); m = MaxStep(m, hi.GetElement(1));
            }
            else
            {
                m = MinStep(m, lo.GetElement(1)); m = MinStep(m, hi.ToScalar()); m = MinStep(m, hi.GetElement(1));
            }
            return m;
        }
        return ExtremumDoubleLong<TMax>(ref p, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ExtremumDoubleLong<TMax>(ref double p, int n) where TMax : struct, IFlag
    {
        double m = p;
        for (int i = 1; i < n; i++) m = TMax.Value ? MaxStep(m, Unsafe.Add(ref p, i)) : MinStep(m, Unsafe.Add(ref p, i));
        return m;
    }

    /// <summary>Value of <c>*std::max_element</c> / <c>*std::min_element</c> over n >= 1 elements of any type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Extremum<T, TMax>(ref T p, int n, int readable) where T : INumber<T> where TMax : struct, IFlag
    {
        if (typeof(T) == typeof(float))
        {
            float r = ExtremumFloat<TMax>(ref Unsafe.As<T, float>(ref p), n, readable);
            return Unsafe.As<float, T>(ref r);
        }
        if (typeof(T) == typeof(double))
        {
            double r = ExtremumDouble<TMax>(ref Unsafe.As<T, double>(ref p), n, readable);
            return Unsafe.As<double, T>(ref r);
        }
        T m = p;
        for (int i = 1; i < n; i++)
        {
            T x = Unsafe.Add(ref p, i);
            if (TMax.Value ? m < x : x < m) m = x;
        }
        return m;
    }

    // ---------------------------------------------------------------- masks

    /// <summary>Number of true entries (bools are stored as bytes 0/1).</summary>
    internal static int CountTrue(ReadOnlySpan<bool> mask)
    {
        var bytes = MemoryMarshal.AsBytes(mask);
        int count = 0;
        int i = 0;
        for (; bytes.Length - i >= 8; i += 8)
            count += BitOperations.PopCount(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), i)));
        for (; i < bytes.Length; i++) count += bytes[i] != 0 ? 1 : 0;
        return count;
    }

    /// <summary>
    /// Writes <paramref name="count"/> bools (bytes 0/1) from the low bits of <paramref name="bits"/>; PDEP
    /// spreads 8 mask bits to the low bit of 8 bytes in one instruction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteBits(ref byte d, uint bits, int count)
    {
        if (count == 4)
            Unsafe.WriteUnaligned(ref d, (uint)Bmi2.X64.ParallelBitDeposit(bits, 0x01010101UL));
        else if (count == 2)
            Unsafe.WriteUnaligned(ref d, (ushort)Bmi2.X64.ParallelBitDeposit(bits, 0x0101UL));
        else
            for (int k = 0; k < count; k += 8)
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, k), Bmi2.X64.ParallelBitDeposit(bits >> k, 0x0101010101010101UL));
    }

    /// <summary><c>dst[i] = op(a[i], b[i])</c> for a comparison operator; the spans have equal lengths.</summary>
    internal static void Compare<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> dst) where T : INumber<T> where TOp : struct, ICompareOp
    {
        int n = a.Length;
        int i = 0;
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T pb = ref MemoryMarshal.GetReference(b);
        ref byte pd = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(dst));
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && Bmi2.X64.IsSupported)
        {
            for (; n - i >= Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var m = TOp.Invoke(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
                WriteBits(ref Unsafe.Add(ref pd, i), m.ExtractMostSignificantBits(), Vector256<T>.Count);
            }
        }
        for (; i < n; i++) dst[i] = TOp.Invoke(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i));
    }

    /// <summary><c>dst[i] = op(a[i], b)</c> for a comparison operator.</summary>
    internal static void Compare<T, TOp>(ReadOnlySpan<T> a, T b, Span<bool> dst) where T : INumber<T> where TOp : struct, ICompareOp
    {
        int n = a.Length;
        int i = 0;
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref byte pd = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(dst));
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && Bmi2.X64.IsSupported)
        {
            var vb = Vector256.Create(b);
            for (; n - i >= Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var m = TOp.Invoke(Vector256.LoadUnsafe(ref pa, (nuint)i), vb);
                WriteBits(ref Unsafe.Add(ref pd, i), m.ExtractMostSignificantBits(), Vector256<T>.Count);
            }
        }
        for (; i < n; i++) dst[i] = TOp.Invoke(Unsafe.Add(ref pa, i), b);
    }

    /// <summary>
    /// <c>dst[i] = op((double)a[i], b)</c>: C++ promotes both operands of <c>float &lt; double</c> to double, and
    /// so does this (floats are widened 4 at a time; other types convert one by one).
    /// </summary>
    internal static void CompareDouble<T, TOp>(ReadOnlySpan<T> a, double b, Span<bool> dst) where T : INumber<T> where TOp : struct, ICompareOp
    {
        if (typeof(T) == typeof(double))
        {
            Compare<double, TOp>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(a)), a.Length), b, dst);
            return;
        }
        int n = a.Length;
        int i = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported && Bmi2.X64.IsSupported)
        {
            ref float pa = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(a));
            ref byte pd = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(dst));
            var vb = Vector256.Create(b);
            for (; n - i >= 4; i += 4)
            {
                var w = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref pa, (nuint)i));
                WriteBits(ref Unsafe.Add(ref pd, i), TOp.Invoke(w, vb).ExtractMostSignificantBits(), 4);
            }
        }
        for (; i < n; i++) dst[i] = TOp.Invoke(double.CreateTruncating(a[i]), b);
    }
}

/// <summary>A compile-time boolean used to specialise generic kernels (max vs min).</summary>
internal interface IFlag
{
    /// <summary>The flag's value.</summary>
    static abstract bool Value { get; }
}

/// <summary>Selects the maximum in <see cref="VectorKernels"/> extremum kernels.</summary>
internal readonly struct MaxFlag : IFlag
{
    /// <inheritdoc/>
    public static bool Value => true;
}

/// <summary>A flag for kernels that take one but do not use it (a sum).</summary>
internal readonly struct NoFlag : IFlag
{
    /// <inheritdoc/>
    public static bool Value => false;
}

/// <summary>Selects the minimum in <see cref="VectorKernels"/> extremum kernels.</summary>
internal readonly struct MinFlag : IFlag
{
    /// <inheritdoc/>
    public static bool Value => false;
}

/// <summary>A comparison operator with scalar and 256-bit forms (IEEE semantics: any comparison with NaN is false except !=).</summary>
internal interface ICompareOp
{
    /// <summary>The scalar comparison.</summary>
    static abstract bool Invoke<T>(T a, T b) where T : INumber<T>;

    /// <summary>The lane-wise comparison giving all-ones lanes where it holds.</summary>
    static abstract Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b);
}

internal readonly struct LessOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a < b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);
}

internal readonly struct LessEqualOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a <= b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => Vector256.LessThanOrEqual(a, b);
}

internal readonly struct GreaterOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a > b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);
}

internal readonly struct GreaterEqualOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a >= b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b);
}

internal readonly struct EqualOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a == b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);
}

internal readonly struct NotEqualOp : ICompareOp
{
    public static bool Invoke<T>(T a, T b) where T : INumber<T> => a != b;
    public static Vector256<T> Invoke<T>(Vector256<T> a, Vector256<T> b) => ~Vector256.Equals(a, b);
}
