using System.Runtime.CompilerServices;

namespace EventFrame.Columns;

/// <summary>
/// A growable managed array whose usable region starts on a 64-byte boundary (for unmanaged element types),
/// so SIMD kernels see aligned data while per-event <see cref="RVec{T}"/> views can still reference the
/// managed array. Arrays of unmanaged types live on the pinned object heap, so the alignment holds for the
/// array's lifetime.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class AlignedArray<T>
{
    /// <summary>The alignment in bytes of <see cref="Span"/>'s first element for unmanaged element types.</summary>
    public const int Alignment = 64;

    private T[] _array = [];
    private int _offset;

    /// <summary>The backing array; the usable region is <c>[Offset, Offset + Capacity)</c>.</summary>
    public T[] Array => _array;

    /// <summary>Index in <see cref="Array"/> of the first usable (aligned) element.</summary>
    public int Offset => _offset;

    /// <summary>Number of usable elements.</summary>
    public int Capacity { get; private set; }

    /// <summary>Creates an array with at least <paramref name="capacity"/> usable elements.</summary>
    public AlignedArray(int capacity = 0)
    {
        if (capacity > 0) Allocate(capacity);
    }

    /// <summary>The whole usable region.</summary>
    public Span<T> Span => _array.AsSpan(_offset, Capacity);

    /// <summary>
    /// Makes at least <paramref name="capacity"/> elements usable. When it grows, the previous contents are
    /// copied if <paramref name="preserve"/> is true and discarded otherwise.
    /// </summary>
    public void EnsureCapacity(int capacity, bool preserve = false)
    {
        if (capacity <= Capacity) return;
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var oldArray = _array;
        int oldOffset = _offset, oldCapacity = Capacity;
        long grown = Math.Max((long)capacity, (long)Capacity * 3 / 2);
        Allocate((int)Math.Min(grown, System.Array.MaxLength - 64));
        if (preserve && oldCapacity > 0)
            oldArray.AsSpan(oldOffset, oldCapacity).CopyTo(_array.AsSpan(_offset));
    }

    private unsafe void Allocate(int capacity)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            _array = new T[capacity];
            _offset = 0;
        }
        else
        {
            int size = Unsafe.SizeOf<T>();
            int slack = (Alignment + size - 1) / size;
            _array = GC.AllocateUninitializedArray<T>(capacity + slack, pinned: true);
            nuint address = (nuint)Unsafe.AsPointer(ref _array[0]);
            nuint misalignment = address % Alignment;
            _offset = misalignment == 0 ? 0 : (int)((Alignment - misalignment) / (nuint)size);
            if ((Alignment - misalignment) % (nuint)size != 0 && misalignment != 0) _offset = 0; // odd-sized T: no alignment possible
        }
        Capacity = capacity;
    }
}
