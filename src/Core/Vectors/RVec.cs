using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

/// <summary>
/// A per-event list of values, like ROOT's <c>ROOT::VecOps::RVec&lt;T&gt;</c>: a view (array, offset, length)
/// over column buffers or over the per-thread <see cref="RVecArena"/>. Creating one never copies, and the
/// results of operations on it (<c>pt[eta &lt; 2.4]</c>, <c>pt * 2</c>) are allocated in the arena, so per-event
/// temporaries cost no heap allocation. Views handed out by the event loop are valid until the loop moves to
/// the next chunk; call <see cref="ToArray"/> (or <see cref="Copy"/>) to keep values longer.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(RVec), nameof(RVec.Create))]
public readonly partial struct RVec<T> : IReadOnlyList<T>, IEquatable<RVec<T>>
{
    internal readonly T[]? _array;
    internal readonly int _offset;
    internal readonly int _length;

    /// <summary>A view of the whole of <paramref name="array"/> (no copy).</summary>
    public RVec(T[] array)
    {
        _array = array;
        _offset = 0;
        _length = array.Length;
    }

    /// <summary>A view of <paramref name="length"/> elements of <paramref name="array"/> from <paramref name="offset"/> (no copy).</summary>
    public RVec(T[] array, int offset, int length)
    {
        if ((uint)offset > (uint)array.Length || (uint)length > (uint)(array.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length), $"view [{offset}, {offset}+{length}) outside an array of {array.Length}");
        _array = array;
        _offset = offset;
        _length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length => _length;

    /// <summary>Number of elements (ROOT's <c>size()</c>).</summary>
    public int Size => _length;

    /// <summary>Number of elements.</summary>
    public int Count => _length;

    /// <summary>True when there are no elements.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The element at <paramref name="index"/>; throws <see cref="IndexOutOfRangeException"/> outside <c>[0, Length)</c>.</summary>
    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_length) ThrowIndex(index, _length);
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array!), _offset + index);
        }
    }

    /// <summary>The elements as a span over the underlying storage.</summary>
    public ReadOnlySpan<T> AsSpan() => _array is null ? default : new ReadOnlySpan<T>(_array, _offset, _length);

    /// <summary>Copies the elements into a new array.</summary>
    public T[] ToArray() => AsSpan().ToArray();

    /// <summary>Copies the elements into a new heap array and returns a view of it, valid for as long as it is referenced.</summary>
    public RVec<T> Copy() => new(ToArray());

    /// <summary>The backing array (may be shared); elements are at <c>[ArrayOffset, ArrayOffset + Length)</c>.</summary>
    internal T[]? BackingArray => _array;

    /// <summary>Index of the first element in <see cref="BackingArray"/>.</summary>
    internal int ArrayOffset => _offset;

    // Not marked NoInlining: the JIT then sees that it always throws and treats its call sites as no-return, so a
    // loop that indexes a vector need not keep its variables alive (spilled) across a call that could come back.
    [DoesNotReturn]
    private static void ThrowIndex(int index, int length) =>
        throw new IndexOutOfRangeException($"RVec index {index} is out of range for a vector of size {length}");

    /// <summary>Returns an enumerator over the elements.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Element-wise equality of contents (not of storage).</summary>
    public bool Equals(RVec<T> other) => AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RVec<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in AsSpan()) h.Add(v);
        return h.ToHashCode();
    }

    /// <summary>Formats as <c>{ 1, 2, 3 }</c>, as ROOT prints an RVec.</summary>
    public override string ToString()
    {
        if (_length == 0) return "{ }";
        var sb = new System.Text.StringBuilder("{ ");
        for (int i = 0; i < _length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Convert.ToString(this[i], System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.Append(" }").ToString();
    }

    /// <summary>An enumerator over an <see cref="RVec{T}"/>.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly RVec<T> _vec;
        private int _index;

        internal Enumerator(RVec<T> vec)
        {
            _vec = vec;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly T Current => _vec[_index];

        readonly object? IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _vec._length;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose() { }
    }
}

/// <summary>Factory methods for <see cref="RVec{T}"/>.</summary>
public static partial class RVec
{
    /// <summary>A new vector holding a copy of <paramref name="values"/> (used by collection expressions <c>[1, 2, 3]</c>).</summary>
    public static RVec<T> Create<T>(ReadOnlySpan<T> values) => new(values.ToArray());

    /// <summary>A new vector with a copy of <paramref name="values"/>.</summary>
    public static RVec<T> Of<T>(params T[] values) => new((T[])values.Clone());
}
