using EventFrame.Columns;

namespace EventFrame.Data;

/// <summary>
/// A source of <c>n</c> entries and no columns, as ROOT's <c>RDataFrame(n)</c>: columns come from Defines, typically
/// from the built-in <c>rdfentry_</c> and <c>rdfrandom_</c>. Partitions have a fixed size, so results never depend
/// on the number of threads.
/// </summary>
public sealed class EmptySource : IDataSource
{
    private readonly Partition[] _partitions;

    /// <summary>A source of <paramref name="entries"/> entries cut into partitions of <paramref name="partitionSize"/>.</summary>
    public EmptySource(long entries, long partitionSize = 1L << 18)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionSize, 1);
        EntryCount = entries;
        _partitions = MemorySource.Cut(entries, partitionSize);
    }

    /// <inheritdoc/>
    public string Description => $"Empty({EntryCount})";

    /// <inheritdoc/>
    public IReadOnlyList<ColumnInfo> Columns => [];

    /// <inheritdoc/>
    public long EntryCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Partition> Partitions => _partitions;

    /// <inheritdoc/>
    public DataSourceSpec? Spec => new("empty", new Dictionary<string, string>
    {
        ["entries"] = EntryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["partitionSize"] = (_partitions.Length > 0 ? _partitions[0].EntryCount : 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <inheritdoc/>
    public IChunkReader CreateReader(IReadOnlyList<string> columns)
    {
        if (columns.Count > 0) throw new ArgumentException($"an empty source has no column '{columns[0]}'", nameof(columns));
        return new NoColumnsReader();
    }

    /// <inheritdoc/>
    public void Dispose() { }

    private sealed class NoColumnsReader : IChunkReader
    {
        public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers) { }

        public void Dispose() { }
    }
}

/// <summary>
/// A source over arrays in memory: flat columns as <c>T[]</c>, jagged columns as <c>T[][]</c> or
/// <c>RVec&lt;T&gt;[]</c>, and string columns as <c>string[]</c>. All columns must have the same length.
/// </summary>
public sealed class MemorySource : IDataSource
{
    private readonly Dictionary<string, object> _data;
    private readonly List<ColumnInfo> _columns = [];
    private readonly Partition[] _partitions;

    /// <summary>Creates the source; every array must have the same length and a supported element type.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a type is not supported.</exception>
    public MemorySource(IReadOnlyDictionary<string, Array> columns, long partitionSize = 1L << 18)
    {
        _data = new Dictionary<string, object>(StringComparer.Ordinal);
        long n = -1;
        foreach (var (name, array) in columns)
        {
            if (n >= 0 && array.Length != n)
                throw new ArgumentException($"column '{name}' has {array.Length} entries but an earlier column has {n}", nameof(columns));
            n = array.Length;
            var elementType = array.GetType().GetElementType()!;
            ColumnType? type;
            if (elementType.IsArray)
            {
                var inner = ElementTypes.FromClrType(elementType.GetElementType()!);
                type = inner is null ? null : new ColumnType(inner.Value, 1);
            }
            else type = ColumnType.FromClrType(elementType);
            if (type is null)
                throw new ArgumentException($"column '{name}': arrays of {TypeNames.CSharpName(elementType)} are not supported (numeric, bool, string, T[] and RVec<T> are)", nameof(columns));
            _data[name] = type.Value.Depth == 1 ? Flatten((dynamic)array) : array;
            _columns.Add(new ColumnInfo(name, type.Value));
        }
        EntryCount = Math.Max(n, 0);
        _partitions = Cut(EntryCount, partitionSize);
    }

    /// <summary>A vector column stored columnar: entry i is <c>Values[Offsets[i]..Offsets[i+1]]</c>.</summary>
    private sealed record Flat<T>(long[] Offsets, T[] Values);

    private static object Flatten<T>(T[][] lists) => Flatten(lists.Length, i => lists[i]);

    private static object Flatten<T>(RVec<T>[] lists) => Flatten(lists.Length, i => lists[i].AsSpan());

    // Copies the lists once into one contiguous array, so chunks are read like columnar storage (one copy per chunk).
    private static Flat<T> Flatten<T>(int n, Func<int, ReadOnlySpan<T>> entry)
    {
        var offsets = new long[n + 1];
        for (int i = 0; i < n; i++) offsets[i + 1] = offsets[i] + entry(i).Length;
        var values = new T[offsets[n]];
        for (int i = 0; i < n; i++) entry(i).CopyTo(values.AsSpan((int)offsets[i]));
        return new Flat<T>(offsets, values);
    }

    internal static Partition[] Cut(long entries, long size)
    {
        var list = new List<Partition>();
        for (long first = 0; first < entries; first += size)
            list.Add(new Partition(list.Count, first, Math.Min(size, entries - first), 0, first));
        return [.. list];
    }

    /// <inheritdoc/>
    public string Description => $"in-memory arrays ({_columns.Count} columns, {EntryCount} entries)";

    /// <inheritdoc/>
    public IReadOnlyList<ColumnInfo> Columns => _columns;

    /// <inheritdoc/>
    public long EntryCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Partition> Partitions => _partitions;

    /// <inheritdoc/>
    public DataSourceSpec? Spec => null;

    /// <inheritdoc/>
    public IChunkReader CreateReader(IReadOnlyList<string> columns)
    {
        object[] arrays = columns.Select(c => _data.TryGetValue(c, out var a) ? a : throw new ArgumentException($"no column '{c}' in {Description}", nameof(columns))).ToArray();
        return new Reader(arrays);
    }

    private static void CopyFlat<T>(Flat<T> source, JaggedBuffer<T> buffer, int first, int count)
    {
        var offsets = buffer.PrepareOffsets(count);
        long start = source.Offsets[first];
        for (int i = 0; i <= count; i++) offsets[i] = (int)(source.Offsets[first + i] - start);
        source.Values.AsSpan((int)start, offsets[count]).CopyTo(buffer.PrepareValues(offsets[count]));
    }

    /// <inheritdoc/>
    public void Dispose() { }

    private sealed class Reader(object[] arrays) : IChunkReader
    {
        public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
        {
            for (int c = 0; c < arrays.Length; c++)
                Copy((dynamic)arrays[c], (dynamic)buffers[c], (int)firstEntry, count);
        }

        private static void Copy<T>(T[] source, FlatBuffer<T> buffer, int first, int count) => buffer.Borrow(source, first, count);

        private static void Copy<T>(Flat<T> source, JaggedBuffer<T> buffer, int first, int count) => CopyFlat(source, buffer, first, count);

        public void Dispose() { }
    }
}
