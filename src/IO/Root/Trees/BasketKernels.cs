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
    public static bool RebaseOffsets(ReadOnlySpan<byte> source, int subtract, int limit, Span<int> destination)
    {
        int n = destination.Length;
        if (source.Length / 4 < n)
            throw new ArgumentException($"{source.Length} bytes hold fewer than {n} int32 values", nameof(source));
        if (n == 0) return true;
        ref byte s = ref MemoryMarshal.GetReference(source);
        ref int d = ref MemoryMarshal.GetReference(destination);
        d = BinaryPrimitives.ReadInt32BigEndian(source) - subtract;
        bool bad = d != 0 || d > limit;
        int i = 1;
        // Each step decodes values i..i+w-1 and, from an overlapping load shifted back by one value, their predecessors,
        // so monotonicity is checked without carrying a vector across iterations.
        if (Avx512BW.IsSupported)
        {
            var swap = Vector512.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            var sub = Vector512.Create(subtract);
            var lim = Vector512.Create(limit);
            var acc = Vector512<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var cur = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref s, (nuint)i * 4), swap).AsInt32() - sub;
                var prev = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref s, (nuint)i * 4 - 4), swap).AsInt32() - sub;
                acc |= Vector512.LessThan(cur, prev) | Vector512.GreaterThan(cur, lim);
                cur.StoreUnsafe(ref d, (nuint)i);
            }
            bad |= acc != Vector512<int>.Zero;
        }
        else if (Avx2.IsSupported)
        {
            var swap = Vector256.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
                3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            var sub = Vector256.Create(subtract);
            var lim = Vector256.Create(limit);
            var acc = Vector256<int>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var cur = Avx2.Shuffle(Vector256.LoadUnsafe(ref s, (nuint)i * 4), swap).AsInt32() - sub;
                var prev = Avx2.Shuffle(Vector256.LoadUnsafe(ref s, (nuint)i * 4 - 4), swap).AsInt32() - sub;
                acc |= Vector256.LessThan(cur, prev) | Vector256.GreaterThan(cur, lim);
                cur.StoreUnsafe(ref d, (nuint)i);
            }
            bad |= acc != Vector256<int>.Zero;
        }
        int last = Unsafe.Add(ref d, i - 1);
        for (; i < n; i++)
        {
            int v = BinaryPrimitives.ReadInt32BigEndian(source.Slice(i * 4)) - subtract;
            bad |= v < last || v > limit;
            Unsafe.Add(ref d, i) = v;
            last = v;
        }
        return !bad;
    }
}
