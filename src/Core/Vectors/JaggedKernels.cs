using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame;

/// <summary>
/// Whole-chunk reductions over a jagged column given as <c>offsets</c> (n + 1 entries; event i owns
/// <c>values[offsets[i] .. offsets[i+1])</c>) and the flat <c>values</c>, without building
/// <see cref="RVec{T}"/>s. Each event's result is bit-identical to the corresponding <see cref="VecOps"/>
/// function on that event's vector. Offsets that decrease or point outside <c>values</c> raise
/// <see cref="ArgumentException"/> naming the event.
/// </summary>
public static class JaggedKernels
{
    /// <summary>
    /// <c>result[i] = VecOps.Sum(event i)</c>: the sequential sum from 0 in <typeparamref name="T"/>, in element
    /// order (0 for an empty event). <paramref name="result"/> has one entry per event.
    /// </summary>
    public static void Sum<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
    {
        CheckShape(offsets.Length, result.Length);
        int i = 0;
        if (typeof(T) == typeof(float) && Avx2.IsSupported)
            i = SumFloatBy8(offsets,
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(values)), values.Length),
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(result)), result.Length));
        else if (typeof(T) == typeof(double) && Avx2.IsSupported)
            i = DoubleBy4<NoFlag>(offsets,
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values)), values.Length),
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(result)), result.Length), 0.0, true, sum: true);
        ref T v0 = ref MemoryMarshal.GetReference(values);
        ref T r0 = ref MemoryMarshal.GetReference(result);
        int total = values.Length;
        int start = offsets[i];
        for (; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
            Unsafe.Add(ref r0, i) = VectorKernels.Sum(ref Unsafe.Add(ref v0, start), end - start, total - start);
            start = end;
        }
    }

    /// <summary>
    /// Sums eight events at a time. Each event's first 4 elements are loaded as one 128-bit row (events k and
    /// k+4 share a 256-bit register), the two 4x4 blocks are transposed so that lane k holds event k, lanes past
    /// each event's length are zeroed and <c>(((0 + c0) + c1) + c2) + c3</c> is added vertically: every lane is
    /// then exactly the sequential sum of its event's first elements (padding adds +0.0f to a sum that cannot be
    /// -0.0f). The rare longer events continue that chain one element at a time, which keeps them exact too.
    /// Returns the first event not handled (the caller finishes the last few, whose rows would read past the
    /// values, and reports invalid offsets).
    /// </summary>
    // Called once per chunk over many events: compile fully optimised at once rather than start in tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SumFloatBy8(ReadOnlySpan<int> offsets, ReadOnlySpan<float> values, Span<float> result)
    {
        int events = result.Length;
        int total = values.Length;
        if (offsets[0] < 0) return 0;
        ref int o = ref MemoryMarshal.GetReference(offsets);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float r = ref MemoryMarshal.GetReference(result);
        int i = 0;
        for (; events - i >= 8; i += 8)
        {
            var starts = Vector256.LoadUnsafe(ref o, (nuint)i);
            var lens = Vector256.LoadUnsafe(ref o, (nuint)(i + 1)) - starts;
            // Decreasing offsets, or rows that would read past the values: stop before loading anything.
            if (Vector256.LessThanAny(lens, Vector256<int>.Zero) || (long)starts.GetElement(7) + 4 > total) break;
            var lo = starts.GetLower();
            var hi = starts.GetUpper();
            var r0 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.ToScalar()), Vector128.LoadUnsafe(ref v, (nuint)hi.ToScalar()));
            var r1 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(1)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(1)));
            var r2 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(2)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(2)));
            var r3 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(3)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(3)));
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var c0 = Avx.Shuffle(t0, t2, 0x44) & Vector256.GreaterThan(lens, Vector256<int>.Zero).AsSingle();
            var c1 = Avx.Shuffle(t0, t2, 0xEE) & Vector256.GreaterThan(lens, Vector256.Create(1)).AsSingle();
            var c2 = Avx.Shuffle(t1, t3, 0x44) & Vector256.GreaterThan(lens, Vector256.Create(2)).AsSingle();
            var c3 = Avx.Shuffle(t1, t3, 0xEE) & Vector256.GreaterThan(lens, Vector256.Create(3)).AsSingle();
            var sum = Vector256<float>.Zero + c0;
            sum += c1;
            sum += c2;
            sum += c3;
            sum.StoreUnsafe(ref r, (nuint)i);
            uint longer = Vector256.GreaterThan(lens, Vector256.Create(4)).ExtractMostSignificantBits();
            while (longer != 0)
            {
                int k = i + BitOperations.TrailingZeroCount(longer);
                longer &= longer - 1;
                int start = Unsafe.Add(ref o, k), end = Unsafe.Add(ref o, k + 1);
                if ((uint)end > (uint)total) ThrowOffsets(k, start, end, total);
                float acc = Unsafe.Add(ref r, k);
                for (int j = start + 4; j < end; j++) acc += Unsafe.Add(ref v, j);
                Unsafe.Add(ref r, k) = acc;
            }
        }
        return i;
    }

    /// <summary>
    /// <c>result[i] = VecOps.Max(event i)</c> (ROOT's <c>*std::max_element</c> semantics), or
    /// <paramref name="emptyValue"/> for an event without elements.
    /// </summary>
    public static void Max<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue) where T : INumber<T>
        => Extremum<T, MaxFlag>(offsets, values, result, emptyValue, true);

    /// <summary><c>result[i] = VecOps.Max(event i)</c>; throws <see cref="InvalidOperationException"/> naming the first empty event.</summary>
    public static void Max<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
        => Extremum<T, MaxFlag>(offsets, values, result, T.Zero, false);

    /// <summary>
    /// <c>result[i] = VecOps.Min(event i)</c> (ROOT's <c>*std::min_element</c> semantics), or
    /// <paramref name="emptyValue"/> for an event without elements.
    /// </summary>
    public static void Min<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue) where T : INumber<T>
        => Extremum<T, MinFlag>(offsets, values, result, emptyValue, true);

    /// <summary><c>result[i] = VecOps.Min(event i)</c>; throws <see cref="InvalidOperationException"/> naming the first empty event.</summary>
    public static void Min<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
        => Extremum<T, MinFlag>(offsets, values, result, T.Zero, false);

    /// <summary><c>result[i] = offsets[i+1] - offsets[i]</c>, the number of elements of each event.</summary>
    public static void Count(ReadOnlySpan<int> offsets, Span<int> result)
    {
        CheckShape(offsets.Length, result.Length);
        int start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if (end < start) ThrowOffsets(i, start, end, int.MaxValue);
            result[i] = end - start;
            start = end;
        }
    }

    /// <summary><c>result[i] = VecOps.Count(mask of event i)</c>, the number of true entries of each event's mask.</summary>
    public static void Count(ReadOnlySpan<int> offsets, ReadOnlySpan<bool> mask, Span<int> result)
    {
        CheckShape(offsets.Length, result.Length);
        int total = mask.Length;
        int start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
            result[i] = VectorKernels.CountTrue(mask[start..end]);
            start = end;
        }
    }

    private static void Extremum<T, TMax>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue, bool allowEmpty)
        where T : INumber<T> where TMax : struct, IFlag
    {
        CheckShape(offsets.Length, result.Length);
        int i = 0;
        if (typeof(T) == typeof(float) && Avx2.IsSupported)
            i = ExtremumFloatBy8<TMax>(offsets,
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(values)), values.Length),
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(result)), result.Length),
                Unsafe.As<T, float>(ref emptyValue), allowEmpty);
        else if (typeof(T) == typeof(double) && Avx2.IsSupported)
            i = DoubleBy4<TMax>(offsets,
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(values)), values.Length),
                MemoryMarshal.CreateSpan(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(result)), result.Length),
                Unsafe.As<T, double>(ref emptyValue), allowEmpty, sum: false);
        ref T v0 = ref MemoryMarshal.GetReference(values);
        ref T r0 = ref MemoryMarshal.GetReference(result);
        int total = values.Length;
        int start = offsets[i];
        for (; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
            int n = end - start;
            if (n == 0)
            {
                if (!allowEmpty) ThrowEmptyEvent(TMax.Value ? "Max" : "Min", i);
                Unsafe.Add(ref r0, i) = emptyValue;
            }
            else Unsafe.Add(ref r0, i) = VectorKernels.Extremum<T, TMax>(ref Unsafe.Add(ref v0, start), n, total - start);
            start = end;
        }
    }

    /// <summary>
    /// Max (or min) of eight events at a time, laid out as in <see cref="SumFloatBy8"/>: lanes past an event's
    /// length hold NaN, and <c>m = c0; m = MAXPS(c1, m); ...</c> reproduces <c>std::max_element</c>'s
    /// "replace only when strictly greater" step in every lane (VMAXPS returns its second operand on NaN or
    /// equal zeros). Longer events continue the chain one element at a time; empty events get
    /// <paramref name="emptyValue"/> (or throw).
    /// </summary>
    // Called once per chunk over many events: compile fully optimised at once rather than start in tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ExtremumFloatBy8<TMax>(ReadOnlySpan<int> offsets, ReadOnlySpan<float> values, Span<float> result, float emptyValue, bool allowEmpty)
        where TMax : struct, IFlag
    {
        int events = result.Length;
        int total = values.Length;
        if (offsets[0] < 0) return 0;
        ref int o = ref MemoryMarshal.GetReference(offsets);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float r = ref MemoryMarshal.GetReference(result);
        var nan = Vector256.Create(float.NaN);
        int i = 0;
        for (; events - i >= 8; i += 8)
        {
            var starts = Vector256.LoadUnsafe(ref o, (nuint)i);
            var lens = Vector256.LoadUnsafe(ref o, (nuint)(i + 1)) - starts;
            if (Vector256.LessThanAny(lens, Vector256<int>.Zero) || (long)starts.GetElement(7) + 4 > total) break;
            var empty = Vector256.Equals(lens, Vector256<int>.Zero);
            if (!allowEmpty && empty != Vector256<int>.Zero)
                ThrowEmptyEvent(TMax.Value ? "Max" : "Min", i + BitOperations.TrailingZeroCount(empty.ExtractMostSignificantBits()));
            var lo = starts.GetLower();
            var hi = starts.GetUpper();
            var r0 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.ToScalar()), Vector128.LoadUnsafe(ref v, (nuint)hi.ToScalar()));
            var r1 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(1)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(1)));
            var r2 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(2)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(2)));
            var r3 = Vector256.Create(Vector128.LoadUnsafe(ref v, (nuint)lo.GetElement(3)), Vector128.LoadUnsafe(ref v, (nuint)hi.GetElement(3)));
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var c0 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256<int>.Zero).AsSingle(), Avx.Shuffle(t0, t2, 0x44), nan);
            var c1 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(1)).AsSingle(), Avx.Shuffle(t0, t2, 0xEE), nan);
            var c2 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(2)).AsSingle(), Avx.Shuffle(t1, t3, 0x44), nan);
            var c3 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(3)).AsSingle(), Avx.Shuffle(t1, t3, 0xEE), nan);
            var m = c0;
            if (TMax.Value)
            {
                m = Avx.Max(c1, m);
                m = Avx.Max(c2, m);
                m = Avx.Max(c3, m);
            }
            else
            {
                m = Avx.Min(c1, m);
                m = Avx.Min(c2, m);
                m = Avx.Min(c3, m);
            }
            m = Vector256.ConditionalSelect(empty.AsSingle(), Vector256.Create(emptyValue), m);
            m.StoreUnsafe(ref r, (nuint)i);
            uint longer = Vector256.GreaterThan(lens, Vector256.Create(4)).ExtractMostSignificantBits();
            while (longer != 0)
            {
                int k = i + BitOperations.TrailingZeroCount(longer);
                longer &= longer - 1;
                int start = Unsafe.Add(ref o, k), end = Unsafe.Add(ref o, k + 1);
                if ((uint)end > (uint)total) ThrowOffsets(k, start, end, total);
                float acc = Unsafe.Add(ref r, k);
                for (int j = start + 4; j < end; j++)
                {
                    float x = Unsafe.Add(ref v, j);
                    if (TMax.Value ? acc < x : x < acc) acc = x;
                }
                Unsafe.Add(ref r, k) = acc;
            }
        }
        return i;
    }

    /// <summary>
    /// <c>result[i]</c> = invariant mass of elements <paramref name="first"/> and <paramref name="second"/> of event i
    /// (e.g. 0 and 1: the two leading objects), with the formula of
    /// <see cref="VecOps.InvariantMass(double, double, double, double, double, double, double, double)"/> in
    /// double, or <paramref name="missing"/> when the event has too few elements. Four events are computed at
    /// once with 256-bit sin/cos/exp, so a value may differ from the per-event function (which calls the C
    /// library) in the last bits. Throws <see cref="ArgumentException"/> when the four columns differ in length
    /// or an offset points outside them, and <see cref="ArgumentOutOfRangeException"/> for negative element indices.
    /// </summary>
    // Called once per chunk over many events: compile fully optimised at once rather than start in tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InvariantMassOfPair<T>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> pt, ReadOnlySpan<T> eta, ReadOnlySpan<T> phi,
                                              ReadOnlySpan<T> mass, int first, int second, Span<double> result, double missing) where T : INumber<T>
    {
        CheckShape(offsets.Length, result.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(second);
        int total = pt.Length;
        if (eta.Length != total || phi.Length != total || mass.Length != total)
            throw new ArgumentException($"pt, eta, phi and mass columns differ in length ({pt.Length}, {eta.Length}, {phi.Length}, {mass.Length})");
        int need = Math.Max(first, second) + 1;
        int events = result.Length;
        // Blocks of events: gather the pairs into double columns on the stack, then compute 4 events at a time.
        const int Block = 128;
        Span<double> g = stackalloc double[8 * Block];
        Span<bool> valid = stackalloc bool[Block];
        var pt1 = g[..Block];
        var eta1 = g.Slice(Block, Block);
        var phi1 = g.Slice(2 * Block, Block);
        var m1 = g.Slice(3 * Block, Block);
        var pt2 = g.Slice(4 * Block, Block);
        var eta2 = g.Slice(5 * Block, Block);
        var phi2 = g.Slice(6 * Block, Block);
        var m2 = g.Slice(7 * Block, Block);
        int start = offsets[0];
        for (int block = 0; block < events; block += Block)
        {
            int count = Math.Min(Block, events - block);
            for (int j = 0; j < count; j++)
            {
                int i = block + j;
                int end = offsets[i + 1];
                if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
                bool ok = end - start >= need;
                valid[j] = ok;
                // Short events read element 0 of the column (any valid index) and are masked out below.
                int ia = ok ? start + first : 0, ib = ok ? start + second : 0;
                if (total == 0) { pt1[j] = eta1[j] = phi1[j] = m1[j] = pt2[j] = eta2[j] = phi2[j] = m2[j] = 0; start = end; continue; }
                pt1[j] = double.CreateTruncating(pt[ia]);
                eta1[j] = double.CreateTruncating(eta[ia]);
                phi1[j] = double.CreateTruncating(phi[ia]);
                m1[j] = double.CreateTruncating(mass[ia]);
                pt2[j] = double.CreateTruncating(pt[ib]);
                eta2[j] = double.CreateTruncating(eta[ib]);
                phi2[j] = double.CreateTruncating(phi[ib]);
                m2[j] = double.CreateTruncating(mass[ib]);
                start = end;
            }
            int k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; count - k >= 4; k += 4)
                {
                    var (x1, y1, z1, e1) = Cartesian(Vector256.Create(pt1.Slice(k, 4)), Vector256.Create(eta1.Slice(k, 4)), Vector256.Create(phi1.Slice(k, 4)), Vector256.Create(m1.Slice(k, 4)));
                    var (x2, y2, z2, e2) = Cartesian(Vector256.Create(pt2.Slice(k, 4)), Vector256.Create(eta2.Slice(k, 4)), Vector256.Create(phi2.Slice(k, 4)), Vector256.Create(m2.Slice(k, 4)));
                    var e = e1 + e2;
                    var x = x1 + x2;
                    var y = y1 + y2;
                    var z = z1 + z2;
                    var m = Vector256.Sqrt(e * e - x * x - y * y - z * z);
                    for (int j = 0; j < 4; j++) result[block + k + j] = valid[k + j] ? m.GetElement(j) : missing;
                }
            }
            for (; k < count; k++)
                result[block + k] = valid[k] ? VecOps.InvariantMass(pt1[k], eta1[k], phi1[k], m1[k], pt2[k], eta2[k], phi2[k], m2[k]) : missing;
        }
    }

    // x = pt cos(phi), y = pt sin(phi), z = pt sinh(eta) (sinh from one exp), e = sqrt(x² + y² + z² + m²).
    // Called once per chunk over many events: compile fully optimised at once rather than start in tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Vector256<double> X, Vector256<double> Y, Vector256<double> Z, Vector256<double> E) Cartesian(
        Vector256<double> pt, Vector256<double> eta, Vector256<double> phi, Vector256<double> m)
    {
        var (sin, cos) = Vector256.SinCos(phi);
        var ex = Vector256.Exp(eta);
        var sinh = (ex - Vector256<double>.One / ex) * 0.5;
        var x = pt * cos;
        var y = pt * sin;
        var z = pt * sinh;
        return (x, y, z, Vector256.Sqrt(x * x + y * y + z * z + m * m));
    }

    /// <summary>
    /// The double version of <see cref="SumFloatBy8"/> and <see cref="ExtremumFloatBy8{TMax}"/>: four events at a
    /// time, each event's first 4 elements as one 256-bit row, transposed so that lane k holds event k. For a sum
    /// (<paramref name="sum"/>) padding lanes are +0.0 and the columns are added from +0.0 in order; otherwise they
    /// are NaN and chained with VMAXPD/VMINPD (<typeparamref name="TMax"/>), which is <c>std::max_element</c>'s
    /// step. Longer events continue the chain element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DoubleBy4<TMax>(ReadOnlySpan<int> offsets, ReadOnlySpan<double> values, Span<double> result, double emptyValue, bool allowEmpty, bool sum)
        where TMax : struct, IFlag
    {
        int events = result.Length;
        int total = values.Length;
        if (offsets[0] < 0) return 0;
        ref int o = ref MemoryMarshal.GetReference(offsets);
        ref double v = ref MemoryMarshal.GetReference(values);
        ref double r = ref MemoryMarshal.GetReference(result);
        var pad = sum ? Vector256<double>.Zero : Vector256.Create(double.NaN);
        int i = 0;
        for (; events - i >= 4; i += 4)
        {
            var starts = Vector128.LoadUnsafe(ref o, (nuint)i);
            var lens32 = Vector128.LoadUnsafe(ref o, (nuint)(i + 1)) - starts;
            if (Vector128.LessThanAny(lens32, Vector128<int>.Zero) || (long)starts.GetElement(3) + 4 > total) break;
            var lens = Avx2.ConvertToVector256Int64(lens32);
            var empty = Vector256.Equals(lens, Vector256<long>.Zero);
            if (!sum && !allowEmpty && empty != Vector256<long>.Zero)
                ThrowEmptyEvent(TMax.Value ? "Max" : "Min", i + BitOperations.TrailingZeroCount(empty.ExtractMostSignificantBits()));
            var r0 = Vector256.LoadUnsafe(ref v, (nuint)starts.ToScalar());
            var r1 = Vector256.LoadUnsafe(ref v, (nuint)starts.GetElement(1));
            var r2 = Vector256.LoadUnsafe(ref v, (nuint)starts.GetElement(2));
            var r3 = Vector256.LoadUnsafe(ref v, (nuint)starts.GetElement(3));
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var c0 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256<long>.Zero).AsDouble(), Avx.Permute2x128(t0, t2, 0x20), pad);
            var c1 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(1L)).AsDouble(), Avx.Permute2x128(t1, t3, 0x20), pad);
            var c2 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(2L)).AsDouble(), Avx.Permute2x128(t0, t2, 0x31), pad);
            var c3 = Vector256.ConditionalSelect(Vector256.GreaterThan(lens, Vector256.Create(3L)).AsDouble(), Avx.Permute2x128(t1, t3, 0x31), pad);
            Vector256<double> m;
            if (sum)
            {
                m = Vector256<double>.Zero + c0;
                m += c1;
                m += c2;
                m += c3;
            }
            else
            {
                m = c0;
                if (TMax.Value)
                {
                    m = Avx.Max(c1, m);
                    m = Avx.Max(c2, m);
                    m = Avx.Max(c3, m);
                }
                else
                {
                    m = Avx.Min(c1, m);
                    m = Avx.Min(c2, m);
                    m = Avx.Min(c3, m);
                }
                m = Vector256.ConditionalSelect(empty.AsDouble(), Vector256.Create(emptyValue), m);
            }
            m.StoreUnsafe(ref r, (nuint)i);
            uint longer = Vector256.GreaterThan(lens, Vector256.Create(4L)).ExtractMostSignificantBits();
            while (longer != 0)
            {
                int k = i + BitOperations.TrailingZeroCount(longer);
                longer &= longer - 1;
                int start = Unsafe.Add(ref o, k), end = Unsafe.Add(ref o, k + 1);
                if ((uint)end > (uint)total) ThrowOffsets(k, start, end, total);
                double acc = Unsafe.Add(ref r, k);
                for (int j = start + 4; j < end; j++)
                {
                    double x = Unsafe.Add(ref v, j);
                    if (sum) acc += x;
                    else if (TMax.Value ? acc < x : x < acc) acc = x;
                }
                Unsafe.Add(ref r, k) = acc;
            }
        }
        return i;
    }

    // ------------------------------------------------------------------ 64-bit offsets (RNTuple index columns)

    /// <summary>As <see cref="Sum{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T})"/> with 64-bit offsets.</summary>
    public static void Sum<T>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
    {
        CheckShape(offsets.Length, result.Length);
        ref T v0 = ref MemoryMarshal.GetReference(values);
        int total = values.Length;
        long start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            long end = offsets[i + 1];
            if ((ulong)start > (ulong)end || (ulong)end > (ulong)total) ThrowOffsets(i, start, end, total);
            result[i] = VectorKernels.Sum(ref Unsafe.Add(ref v0, (nint)start), (int)(end - start), total - (int)start);
            start = end;
        }
    }

    /// <summary>As <see cref="Max{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T}, T)"/> with 64-bit offsets.</summary>
    public static void Max<T>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue) where T : INumber<T>
        => Extremum<T, MaxFlag>(offsets, values, result, emptyValue, true);

    /// <summary>As <see cref="Max{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T})"/> with 64-bit offsets.</summary>
    public static void Max<T>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
        => Extremum<T, MaxFlag>(offsets, values, result, T.Zero, false);

    /// <summary>As <see cref="Min{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T}, T)"/> with 64-bit offsets.</summary>
    public static void Min<T>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue) where T : INumber<T>
        => Extremum<T, MinFlag>(offsets, values, result, emptyValue, true);

    /// <summary>As <see cref="Min{T}(ReadOnlySpan{int}, ReadOnlySpan{T}, Span{T})"/> with 64-bit offsets.</summary>
    public static void Min<T>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result) where T : INumber<T>
        => Extremum<T, MinFlag>(offsets, values, result, T.Zero, false);

    /// <summary>
    /// <c>result[i] = offsets[i+1] - offsets[i]</c> with 64-bit offsets; throws <see cref="ArgumentException"/> when
    /// offsets decrease or an event has more than <c>int.MaxValue</c> elements.
    /// </summary>
    public static void Count(ReadOnlySpan<long> offsets, Span<int> result)
    {
        CheckShape(offsets.Length, result.Length);
        long start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            long end = offsets[i + 1];
            if (end < start || end - start > int.MaxValue) ThrowOffsets(i, start, end, long.MaxValue);
            result[i] = (int)(end - start);
            start = end;
        }
    }

    /// <summary>As <see cref="Count(ReadOnlySpan{int}, ReadOnlySpan{bool}, Span{int})"/> with 64-bit offsets.</summary>
    public static void Count(ReadOnlySpan<long> offsets, ReadOnlySpan<bool> mask, Span<int> result)
    {
        CheckShape(offsets.Length, result.Length);
        int total = mask.Length;
        long start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            long end = offsets[i + 1];
            if ((ulong)start > (ulong)end || (ulong)end > (ulong)total) ThrowOffsets(i, start, end, total);
            result[i] = VectorKernels.CountTrue(mask[(int)start..(int)end]);
            start = end;
        }
    }

    private static void Extremum<T, TMax>(ReadOnlySpan<long> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue, bool allowEmpty)
        where T : INumber<T> where TMax : struct, IFlag
    {
        CheckShape(offsets.Length, result.Length);
        ref T v0 = ref MemoryMarshal.GetReference(values);
        int total = values.Length;
        long start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            long end = offsets[i + 1];
            if ((ulong)start > (ulong)end || (ulong)end > (ulong)total) ThrowOffsets(i, start, end, total);
            int n = (int)(end - start);
            if (n == 0)
            {
                if (!allowEmpty) ThrowEmptyEvent(TMax.Value ? "Max" : "Min", i);
                result[i] = emptyValue;
            }
            else result[i] = VectorKernels.Extremum<T, TMax>(ref Unsafe.Add(ref v0, (nint)start), n, total - (int)start);
            start = end;
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOffsets(int evt, long start, long end, long total) =>
        throw new ArgumentException($"Invalid offsets for event {evt}: [{start}, {end}) with {total} values");

    private static void CheckShape(int offsets, int results)
    {
        if (offsets != results + 1)
            throw new ArgumentException($"A jagged column of {results} events needs {results + 1} offsets, got {offsets}");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOffsets(int evt, int start, int end, int total) =>
        throw new ArgumentException($"Invalid offsets for event {evt}: [{start}, {end}) with {total} values");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEmptyEvent(string what, int evt) =>
        throw new InvalidOperationException($"{what} of event {evt}, which has no elements, is undefined; pass an emptyValue");
}
