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
    // All of a thread's blocks hang off one thread-static object, found with a single thread-local lookup; each
    // element type owns a fixed slot index, so the fast path is that lookup, one array index and a bump.
    [ThreadStatic] private static ThreadArena? t_state;
    private static int s_slotCount;

    /// <summary>Marks every block of the calling thread as reusable (called by the event loop between chunks).</summary>
    public static void Reset()
    {
        var state = t_state;
        if (state is null) return;
        state.Epoch++;
        // A handful of element types are in use; clearing their bump pointers is cheaper than checking an epoch
        // on every allocation.
        foreach (ref var slot in state.Slots.AsSpan()) slot.Used = 0;
    }

    /// <summary>How many times the calling thread's arena has been reset.</summary>
    internal static int Epoch => t_state?.Epoch ?? 0;

    /// <summary>
    /// Allocates <paramref name="length"/> elements in the calling thread's arena and returns a writable span over
    /// them, with <paramref name="vector"/> a view of the same elements. The elements are not cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<T> Allocate<T>(int length, out RVec<T> vector) =>
        Current() is { } state ? state.Allocate(length, out vector) : ForCurrentThread().AllocateSlow(length, out vector);

    /// <summary>The calling thread's arena, created on first use.</summary>
    internal static ThreadArena ForCurrentThread() => Current() ?? (t_state ??= new ThreadArena());

    private const int InitialSize = 4096;

    // ---------------------------------------------------------------------------------------------------------
    // Finding the calling thread's arena without a thread-static lookup. On Linux a [ThreadStatic] read is a call
    // to __tls_get_addr, which costs as much as a small lambda's whole allocation. The event loop registers the
    // stack window just below its frame for the duration of a partition: any code it calls (kernels, lambdas) runs
    // on that thread with its stack pointer inside the window, and no other thread's stack can overlap it while
    // the registration lasts, so a stack address identifies the thread as reliably as the thread-static does.

    // Bytes of stack below the registering frame that the window covers; code deeper than that (a lambda
    // recursing far) simply takes the thread-static path.
    private const int WindowBytes = 64 * 1024;

    // A few registrations, one per event-loop slot (slot number modulo the length); a clash only costs speed.
    private static readonly Window?[] s_windows = new Window?[4];

    private sealed class Window(nuint low, ThreadArena state)
    {
        public readonly nuint Low = low;
        public readonly ThreadArena State = state;
    }

    /// <summary>The calling thread's state: from a registered stack window when the stack pointer lies in one, else the thread-static.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ThreadArena? Current()
    {
        byte marker = 0;
        nuint sp = (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref marker);
        var windows = s_windows;
        for (int i = 0; i < windows.Length; i++)
        {
            var w = windows[i];
            if (w is not null && sp - w.Low < WindowBytes) return w.State;
        }
        return t_state;
    }

    /// <summary>
    /// Registers the stack window below <paramref name="frameMarker"/> (a local of the caller's frame) as the calling
    /// thread's, under <paramref name="slot"/>, until the returned scope is disposed (which must happen on the same
    /// thread, before the caller's frame returns). Does nothing when less than twice the window of stack is left.
    /// </summary>
    internal static WindowScope EnterWindow(ref byte frameMarker, int slot)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) return default;
        var state = t_state ??= new ThreadArena();
        nuint high = (nuint)Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref frameMarker);
        int index = (int)((uint)slot % (uint)s_windows.Length);
        var previous = s_windows[index];
        // Only a window of this same thread is put back later (a nested loop's registration over its outer one,
        // whose frame is still live then); another thread's may be gone by then, so it is dropped instead.
        if (previous is not null && previous.State != state) previous = null;
        var mine = new Window(high - WindowBytes, state);
        s_windows[index] = mine;
        return new WindowScope(index, mine, previous);
    }

    /// <summary>
    /// Undoes one <see cref="EnterWindow"/>: if its registration is still there (another slot may have replaced it,
    /// which only costs speed), puts back this thread's registration it replaced, if any. So every registered window
    /// belongs to a thread that is inside the frame that registered it.
    /// </summary>
    internal readonly struct WindowScope : IDisposable
    {
        private readonly int _index;
        private readonly object? _mine;
        private readonly object? _previous;

        internal WindowScope(int index, object mine, object? previous) => (_index, _mine, _previous) = (index, mine, previous);

        public void Dispose()
        {
            if (_mine is not null) Interlocked.CompareExchange(ref s_windows[_index], (Window?)_previous, (Window)_mine);
        }
    }

    /// <summary>
    /// One thread's arena: what <see cref="Allocate{T}(int, out RVec{T})"/> allocates from. Generated kernels look
    /// it up once per chunk (<see cref="FusedVecOps.Arena"/>) and allocate from it directly, without finding the
    /// thread again for every temporary. It must only be used on the thread it belongs to. Not meant to be used by
    /// analysis code.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class ThreadArena
    {
        internal Slot[] Slots = new Slot[8];
        internal int Epoch;

        internal ThreadArena() { }

        /// <summary>
        /// Allocates <paramref name="length"/> elements in this arena and returns a writable span over them, with
        /// <paramref name="vector"/> a view of the same elements. The elements are not cleared.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<T> Allocate<T>(int length, out RVec<T> vector)
        {
            int index = SlotOf<T>.Index;
            var slots = Slots;
            if ((uint)index < (uint)slots.Length)
            {
                ref var slot = ref slots[index];
                int used = slot.Used;
                // A slot only ever holds blocks of its own element type; `is T[]` would call the runtime's array
                // cast helper (int[] and uint[] are cast-compatible) on every allocation.
                var block = Unsafe.As<T[]?>(slot.Block);
                if (block is not null && (uint)length <= (uint)(block.Length - used))
                {
                    slot.Used = used + length;
                    vector = new RVec<T>(block, used, length, trusted: true);
                    return new Span<T>(block, used, length);
                }
            }
            return AllocateSlow(length, out vector);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        internal Span<T> AllocateSlow<T>(int length, out RVec<T> vector)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            int index = SlotOf<T>.Index;
            if (index >= Slots.Length) Array.Resize(ref Slots, Math.Max(index + 1, Slots.Length * 2));
            ref var slot = ref Slots[index];
            var old = slot.Block as T[];
            int size = Math.Max(InitialSize, (old?.Length ?? 0) * 2);
            while (size < length) size = checked(size * 2);
            // Older blocks stay alive through the views that reference them; this thread moves on to the new one.
            var block = RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[size] : GC.AllocateUninitializedArray<T>(size);
            slot.Block = block;
            slot.Used = length;
            vector = new RVec<T>(block, 0, length, trusted: true);
            return new Span<T>(block, 0, length);
        }
    }

    internal struct Slot
    {
        public object? Block;
        public int Used;
    }

    private static class SlotOf<T>
    {
        public static readonly int Index = Interlocked.Increment(ref s_slotCount) - 1;
    }
}
