namespace EventFrame.Columns;

/// <summary>
/// One column's values for one chunk of consecutive entries. The engine owns the buffers and reuses them from
/// chunk to chunk; a data source fills them through the typed subclasses
/// (<see cref="FlatBuffer{T}"/>, <see cref="JaggedBuffer{T}"/>, <see cref="Jagged2Buffer{T}"/>).
/// </summary>
public abstract class ColumnBuffer
{
    /// <summary>The column's type.</summary>
    public ColumnType Type { get; }

    /// <summary>Number of entries currently held.</summary>
    public int EntryCount { get; protected set; }

    /// <summary>Creates a buffer for a column of type <paramref name="type"/>.</summary>
    protected ColumnBuffer(ColumnType type) => Type = type;

    /// <summary>Creates an empty buffer of the subclass that holds <paramref name="type"/>.</summary>
    public static ColumnBuffer Create(ColumnType type)
    {
        var elem = type.Element.ClrType();
        var generic = type.Depth switch
        {
            0 => typeof(FlatBuffer<>),
            1 => typeof(JaggedBuffer<>),
            2 => typeof(Jagged2Buffer<>),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Depth, "column depth must be 0, 1 or 2"),
        };
        return (ColumnBuffer)Activator.CreateInstance(generic.MakeGenericType(elem))!;
    }

    /// <summary>Returns the value of entry <paramref name="index"/> (0-based within the chunk) boxed; for tests and display, not for hot loops.</summary>
    public abstract object? GetBoxed(int index);

    /// <summary>Bytes of the chunk's values and offsets in memory (strings count 2 bytes per character).</summary>
    public abstract long ByteSize { get; }
}

/// <summary>A column with one value per entry, in a 64-byte-aligned buffer.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class FlatBuffer<T> : ColumnBuffer
{
    private readonly AlignedArray<T> _values = new();
    private T[]? _borrowed;
    private int _borrowedOffset;

    /// <summary>Creates an empty buffer.</summary>
    public FlatBuffer() : base(ColumnType.FromClrType(typeof(T)) ?? new ColumnType(ElementType.Float64)) { }

    /// <summary>Sets the chunk to <paramref name="entryCount"/> entries and returns the span to write their values into.</summary>
    public Span<T> Prepare(int entryCount)
    {
        _borrowed = null;
        _values.EnsureCapacity(entryCount);
        EntryCount = entryCount;
        return _values.Array.AsSpan(_values.Offset, entryCount);
    }

    /// <summary>
    /// Makes the chunk's values a view of <paramref name="entryCount"/> elements of <paramref name="array"/> from
    /// <paramref name="offset"/>, without copying (for sources that already hold the values in memory). The view is
    /// not necessarily 64-byte aligned, and the array must not change while the chunk is processed.
    /// </summary>
    public void Borrow(T[] array, int offset, int entryCount)
    {
        if ((uint)offset > (uint)array.Length || (uint)entryCount > (uint)(array.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(entryCount), $"[{offset}, {offset}+{entryCount}) is outside an array of {array.Length}");
        _borrowed = array;
        _borrowedOffset = offset;
        EntryCount = entryCount;
    }

    /// <summary>The values of the current chunk, one per entry.</summary>
    public ReadOnlySpan<T> Values => Array.AsSpan(ArrayOffset, EntryCount);

    /// <summary>The backing array; the chunk's values are at <c>[ArrayOffset, ArrayOffset + EntryCount)</c>.</summary>
    public T[] Array => _borrowed ?? _values.Array;

    /// <summary>Index in <see cref="Array"/> of the chunk's first value.</summary>
    public int ArrayOffset => _borrowed is null ? _values.Offset : _borrowedOffset;

    /// <inheritdoc/>
    public override object? GetBoxed(int index) => Values[index];

    /// <inheritdoc/>
    public override long ByteSize => typeof(T) == typeof(string) ? StringBytes(Values) : (long)EntryCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    internal static long StringBytes(ReadOnlySpan<T> values)
    {
        long n = 0;
        foreach (var v in values) n += ((v as string)?.Length ?? 0) * 2L;
        return n;
    }
}

/// <summary>
/// A column with a variable-length list of values per entry: <see cref="Offsets"/> (entry count + 1,
/// non-decreasing) index into <see cref="Values"/>; entry i spans <c>Values[Offsets[i]..Offsets[i+1]]</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class JaggedBuffer<T> : ColumnBuffer
{
    private readonly AlignedArray<int> _offsets = new();
    private readonly AlignedArray<T> _values = new();
    private int _valueCount;

    /// <summary>Creates an empty buffer.</summary>
    public JaggedBuffer() : base(new ColumnType(ElementTypes.FromClrType(typeof(T)) ?? ElementType.Float64, 1)) { }

    /// <summary>Sets the chunk to <paramref name="entryCount"/> entries and returns the span of its <c>entryCount + 1</c> offsets.</summary>
    public Span<int> PrepareOffsets(int entryCount)
    {
        _offsets.EnsureCapacity(entryCount + 1);
        EntryCount = entryCount;
        return _offsets.Array.AsSpan(_offsets.Offset, entryCount + 1);
    }

    /// <summary>Returns the span to write <paramref name="valueCount"/> values into (all entries' values back to back).</summary>
    public Span<T> PrepareValues(int valueCount)
    {
        _values.EnsureCapacity(valueCount);
        _valueCount = valueCount;
        return _values.Array.AsSpan(_values.Offset, valueCount);
    }

    /// <summary>Ensures room for <paramref name="valueCount"/> values, keeping the ones already written; returns the whole writable region.</summary>
    public Span<T> GrowValues(int valueCount)
    {
        _values.EnsureCapacity(valueCount, preserve: true);
        _valueCount = valueCount;
        return _values.Array.AsSpan(_values.Offset, valueCount);
    }

    /// <summary>The <c>EntryCount + 1</c> offsets of the current chunk.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.Array.AsSpan(_offsets.Offset, EntryCount + 1);

    /// <summary>All values of the current chunk, back to back.</summary>
    public ReadOnlySpan<T> Values => _values.Array.AsSpan(_values.Offset, _valueCount);

    /// <summary>The backing array of <see cref="Values"/>.</summary>
    public T[] ValueArray => _values.Array;

    /// <summary>Index in <see cref="ValueArray"/> of <c>Values[0]</c>.</summary>
    public int ValueArrayOffset => _values.Offset;

    /// <summary>Entry <paramref name="index"/>'s values as a view (no copy).</summary>
    public RVec<T> this[int index]
    {
        get
        {
            var o = Offsets;
            return new RVec<T>(_values.Array, _values.Offset + o[index], o[index + 1] - o[index]);
        }
    }

    /// <inheritdoc/>
    public override object? GetBoxed(int index) => this[index].ToArray();

    /// <inheritdoc/>
    public override long ByteSize => 4L * (EntryCount + 1) + (typeof(T) == typeof(string) ? FlatBuffer<T>.StringBytes(Values) : (long)_valueCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
}

/// <summary>
/// A column with a list of lists per entry: <see cref="Outer"/> (entry count + 1) indexes the inner lists
/// held in <see cref="Inner"/>, whose entries are the inner lists.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Jagged2Buffer<T> : ColumnBuffer
{
    private readonly AlignedArray<int> _outer = new();

    /// <summary>Creates an empty buffer.</summary>
    public Jagged2Buffer() : base(new ColumnType(ElementTypes.FromClrType(typeof(T)) ?? ElementType.Float64, 2)) { }

    /// <summary>The inner lists, one "entry" per inner list.</summary>
    public JaggedBuffer<T> Inner { get; } = new();

    /// <summary>Sets the chunk to <paramref name="entryCount"/> entries and returns the span of its <c>entryCount + 1</c> outer offsets (indices of inner lists).</summary>
    public Span<int> PrepareOuter(int entryCount)
    {
        _outer.EnsureCapacity(entryCount + 1);
        EntryCount = entryCount;
        return _outer.Array.AsSpan(_outer.Offset, entryCount + 1);
    }

    /// <summary>The <c>EntryCount + 1</c> outer offsets of the current chunk.</summary>
    public ReadOnlySpan<int> Outer => _outer.Array.AsSpan(_outer.Offset, EntryCount + 1);

    /// <summary>Entry <paramref name="index"/>'s lists; the outer list is built in the per-thread arena, the inner ones are views.</summary>
    public RVec<RVec<T>> this[int index]
    {
        get
        {
            var o = Outer;
            int first = o[index], n = o[index + 1] - first;
            var span = RVecArena.Allocate<RVec<T>>(n, out var result);
            for (int k = 0; k < n; k++) span[k] = Inner[first + k];
            return result;
        }
    }

    /// <inheritdoc/>
    public override long ByteSize => 4L * (EntryCount + 1) + Inner.ByteSize;

    /// <inheritdoc/>
    public override object? GetBoxed(int index)
    {
        var o = Outer;
        var lists = new T[o[index + 1] - o[index]][];
        for (int k = 0; k < lists.Length; k++) lists[k] = Inner[o[index] + k].ToArray();
        return lists;
    }
}
