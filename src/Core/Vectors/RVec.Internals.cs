using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

public readonly partial struct RVec<T>
{
    /// <summary>Reference to the first element, or a null reference for a default (storage-less) vector.</summary>
    internal ref T DataRef
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _array is null ? ref Unsafe.NullRef<T>() : ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset);
    }

    /// <summary>
    /// How many elements can be read from <see cref="DataRef"/> without leaving the backing array: SIMD kernels
    /// load whole registers past <see cref="Length"/> when this allows it and mask the extra lanes away.
    /// </summary>
    internal int Readable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _array is null ? 0 : _array.Length - _offset;
    }
}

public readonly partial struct RVec<T>
{
    /// <summary>
    /// A writable span over the elements, for operations that fill a vector they have just allocated in the
    /// arena (views handed to user code are read-only by convention).
    /// </summary>
    internal Span<T> AsWritableSpan() => _array is null ? default : new Span<T>(_array, _offset, _length);
}

public readonly partial struct RVec<T>
{
    /// <summary>A view whose bounds the caller has already established (the arena's hot path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RVec(T[] array, int offset, int length, bool trusted)
    {
        _ = trusted;
        _array = array;
        _offset = offset;
        _length = length;
    }
}
