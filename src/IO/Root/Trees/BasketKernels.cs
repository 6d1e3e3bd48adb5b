using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame.IO.Root.Trees;

/// <summary>Vectorized kernels of the basket decoder, each with a scalar path that defines its result.</summary>
public static class BasketKernels
{
    /// <summary>
    /// Decodes a TBasket entry-offset table in one pass: <c>destination[i] = v[i] − <paramref name="subtract"/></c>
    /// (wrapping 32-bit arithmetic), where <c>v[i]</c> is the big-endian int32 at byte <c>4i</c> of
    /// <paramref name="source"/>, for every <c>i</c> below <c>destination.Length</c>. Returns whether the decoded table
    /// is a valid offset table: empty, or starting at 0, never decreasing, and no value above <paramref name="limit"/>.
    /// The destination is written in full either way.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than <c>4 × destination.Length</c> bytes.</exception>
    // Once per chunk or basket over thousands of values: fully optimized from the first call (see Axis.IndexAndMoments).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool RebaseOffsets(ReadOnlySpan<byte> source, int subtract, int limit, Span<int> destination)
    {
        if (destination.IsEmpty) return ScaleOffsets(source, subtract, limit, 0, 0, destination);
        // With shift 0 and add = o[0], ScaleOffsets writes o[0] + (o[i] − o[0]) = o[i] exactly.
        int first = source.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(source) - subtract : 0;
        return ScaleOffsets(source, subtract, limit, 0, first, destination) && first == 0;
    }

    /// <summary>
    /// Turns a piece of a big-endian entry-offset table into value indices in one pass. With
    /// <c>o[i] = v[i] − <paramref name="subtract"/></c> (wrapping), <c>v[i]</c> the big-endian int32 at byte <c>4i</c> of
    /// <paramref name="source"/>, it writes <c>destination[i] = <paramref name="add"/> + ((o[i] − o[0]) &gt;&gt; <paramref name="shift"/>)</c>
    /// (wrapping, arithmetic shift) for every <c>i</c> below <c>destination.Length</c>, and returns whether the piece is
    /// valid: <c>0 ≤ o[0]</c>, <c>o</c> never decreases, no <c>o[i]</c> exceeds <paramref name="limit"/>, and every
    /// <c>o[i] − o[0]</c> is a multiple of <c>2^shift</c>. The destination is written in full either way.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than <c>4 × destination.Length</c> bytes,
    /// or <paramref name="shift"/> is outside 0..30.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool ScaleOffsets(ReadOnlySpan<byte> source, int subtract, int limit, int shift, int add, Span<int> destination)
    {
        int n = destination.Length;
        if (source.Length / 4 < n)
            throw new ArgumentException($"{source.Length} bytes hold fewer than {n} int32 values", nameof(source));
        if ((uint)shift > 30) throw new ArgumentException($"shift {shift} is outside 0..30", nameof(shift));
        if (n == 0) return true;
        ref byte s = ref MemoryMarshal.GetReference(source);
        ref int d = ref MemoryMarshal.GetReference(destination);
        int o0 = BinaryPrimitives.ReadInt32BigEndian(source) - subtract;
        int mask = (1 << shift) - 1;
        d = add;
        bool bad = o0 < 0 || o0 > limit;
        int i = 1;
        // Each step decodes values i..i+w-1 and compares them with their predecessors: carried over in a register with
        // AVX-512, from an overlapping load shifted back by one value with AVX2.
        if (Avx512BW.IsSupported)
        {
            var swap = Vector512.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            Vector512<int> sub = Vector512.Create(subtract), lim = Vector512.Create(limit), first = Vector512.Create(o0);
            Vector512<int> plus = Vector512.Create(add), m = Vector512.Create(mask), acc = Vector512<int>.Zero;
            // Per-lane shift counts (vpsravd): Vector512.ShiftRightArithmetic with a variable count is not an intrinsic.
            var count512 = Vector512.Create((uint)shift);
            // Lane 15 of `carried` is o[i − 1]: the predecessors are the current values shifted up by one lane (valignd).
            var carried = Vector512.Create(o0);
            for (; i <= n - 16; i += 16)
            {
                var cur = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref s, (nuint)i * 4), swap).AsInt32() - sub;
                var prev = Avx512F.AlignRight32(cur, carried, 15);
                carried = cur;
                var rel = cur - first;
                acc |= Vector512.LessThan(cur, prev) | Vector512.GreaterThan(cur, lim) | (rel & m);
                (plus + Avx512F.ShiftRightArithmeticVariable(rel, count512)).StoreUnsafe(ref d, (nuint)i);
            }
            bad |= acc != Vector512<int>.Zero;
        }
        else if (Avx2.IsSupported)
        {
            var swap = Vector256.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            Vector256<int> sub = Vector256.Create(subtract), lim = Vector256.Create(limit), first = Vector256.Create(o0);
            Vector256<int> plus = Vector256.Create(add), m = Vector256.Create(mask), acc = Vector256<int>.Zero;
            var count256 = Vector256.Create((uint)shift);
            for (; i <= n - 8; i += 8)
            {
                var cur = Avx2.Shuffle(Vector256.LoadUnsafe(ref s, (nuint)i * 4), swap).AsInt32() - sub;
                var prev = Avx2.Shuffle(Vector256.LoadUnsafe(ref s, (nuint)i * 4 - 4), swap).AsInt32() - sub;
                var rel = cur - first;
                acc |= Vector256.LessThan(cur, prev) | Vector256.GreaterThan(cur, lim) | (rel & m);
                (plus + Avx2.ShiftRightArithmeticVariable(rel, count256)).StoreUnsafe(ref d, (nuint)i);
            }
            bad |= acc != Vector256<int>.Zero;
        }
        int last = BinaryPrimitives.ReadInt32BigEndian(source.Slice((i - 1) * 4)) - subtract;
        for (; i < n; i++)
        {
            int o = BinaryPrimitives.ReadInt32BigEndian(source.Slice(i * 4)) - subtract;
            int rel = o - o0;
            bad |= o < last || o > limit || (rel & mask) != 0;
            Unsafe.Add(ref d, i) = add + (rel >> shift);
            last = o;
        }
        return !bad;
    }
}
