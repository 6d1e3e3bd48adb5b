using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame.Execution;

/// <summary>
/// Selection compaction for vectorized filters: appends the indices of the lanes whose mask is set (all bits of
/// the lane) to an index list. Used by generated filter code; AVX-512 compress where available, a bit loop elsewhere.
/// </summary>
public static class VectorSelection
{
    /// <summary>
    /// Writes <c>baseIndex + lane</c> for every set lane of <paramref name="mask"/> at <c>output[k..]</c>, in lane
    /// order, and returns the new count. May write up to <c>Vector512&lt;T&gt;.Count</c> slots past the new count, so
    /// <paramref name="output"/> must have room for <c>k + Vector512&lt;T&gt;.Count</c> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Append<T>(Vector512<T> mask, int baseIndex, int[] output, int k)
    {
        if (Unsafe.SizeOf<T>() == 4 && Avx512F.IsSupported && (uint)k <= (uint)output.Length - 16)
        {
            var lanes = Vector512.Create(baseIndex) + Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var packed = Avx512F.Compress(Vector512<int>.Zero, mask.AsInt32(), lanes);
            packed.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(output), (nuint)k);
            return k + BitOperations.PopCount(mask.ExtractMostSignificantBits());
        }
        return AppendBits(mask.ExtractMostSignificantBits(), baseIndex, output, k);
    }

    /// <summary>As <see cref="Append{T}(Vector512{T}, int, int[], int)"/> for 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Append<T>(Vector256<T> mask, int baseIndex, int[] output, int k) =>
        AppendBits(mask.ExtractMostSignificantBits(), baseIndex, output, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AppendBits(ulong bits, int baseIndex, int[] output, int k)
    {
        while (bits != 0)
        {
            output[k++] = baseIndex + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        return k;
    }
}
