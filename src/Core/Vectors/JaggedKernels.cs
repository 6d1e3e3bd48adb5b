using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        ref T v0 = ref MemoryMarshal.GetReference(values);
        ref T r0 = ref MemoryMarshal.GetReference(result);
        int total = values.Length;
        int start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
            Unsafe.Add(ref r0, i) = Kernels.Sum(ref Unsafe.Add(ref v0, start), end - start, total - start);
            start = end;
        }
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
            result[i] = Kernels.CountTrue(mask[start..end]);
            start = end;
        }
    }

    private static void Extremum<T, TMax>(ReadOnlySpan<int> offsets, ReadOnlySpan<T> values, Span<T> result, T emptyValue, bool allowEmpty)
        where T : INumber<T> where TMax : struct, IFlag
    {
        CheckShape(offsets.Length, result.Length);
        ref T v0 = ref MemoryMarshal.GetReference(values);
        ref T r0 = ref MemoryMarshal.GetReference(result);
        int total = values.Length;
        int start = offsets[0];
        for (int i = 0; i < result.Length; i++)
        {
            int end = offsets[i + 1];
            if ((uint)start > (uint)end || (uint)end > (uint)total) ThrowOffsets(i, start, end, total);
            int n = end - start;
            if (n == 0)
            {
                if (!allowEmpty) ThrowEmptyEvent(TMax.Value ? "Max" : "Min", i);
                Unsafe.Add(ref r0, i) = emptyValue;
            }
            else Unsafe.Add(ref r0, i) = Kernels.Extremum<T, TMax>(ref Unsafe.Add(ref v0, start), n, total - start);
            start = end;
        }
    }

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
