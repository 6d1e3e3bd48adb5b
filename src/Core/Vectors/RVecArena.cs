using System.Runtime.CompilerServices;

namespace EventFrame;

/// <summary>
/// Per-thread bump allocator behind the results of <see cref="RVec{T}"/> operations. The event loop calls
/// <see cref="Reset"/> before each chunk, so the memory of the previous chunk's temporaries is reused and the
/// steady state allocates nothing. Blocks are never freed while referenced: a view created before a reset stays
/// readable, but its contents may be overwritten by later temporaries of the same thread.
/// </summary>
public static class RVecArena
{
    [ThreadStatic] private static int t_epoch;

    /// <summary>Marks every block of the calling thread as reusable (called by the event loop between chunks).</summary>
    public static void Reset() => t_epoch++;

    internal static int Epoch => t_epoch;

    /// <summary>
    /// Allocates <paramref name="length"/> elements in the calling thread's arena and returns a writable span over
    /// them, with <paramref name="vector"/> a view of the same elements. The elements are not cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<T> Allocate<T>(int length, out RVec<T> vector) => Block<T>.Allocate(length, out vector);

    private static class Block<T>
    {
        private const int InitialSize = 4096;
        [ThreadStatic] private static T[]? t_block;
        [ThreadStatic] private static int t_used;
        [ThreadStatic] private static int t_blockEpoch;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Span<T> Allocate(int length, out RVec<T> vector)
        {
            var block = t_block;
            int used = t_used;
            if (t_blockEpoch != t_epoch)
            {
                used = 0;
                t_blockEpoch = t_epoch;
            }
            if (block is null || block.Length - used < length)
                return AllocateSlow(length, out vector);
            t_used = used + length;
            vector = new RVec<T>(block, used, length);
            return new Span<T>(block, used, length);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Span<T> AllocateSlow(int length, out RVec<T> vector)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            int size = Math.Max(InitialSize, (t_block?.Length ?? 0) * 2);
            while (size < length) size = checked(size * 2);
            // Older blocks stay alive through the views that reference them; this thread moves on to the new one.
            var block = RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[size] : GC.AllocateUninitializedArray<T>(size);
            t_block = block;
            t_used = length;
            t_blockEpoch = t_epoch;
            vector = new RVec<T>(block, 0, length);
            return new Span<T>(block, 0, length);
        }
    }
}
