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
    private readonly Dictionary<string, Array> _data;
    private readonly List<ColumnInfo> _columns = [];
    private readonly Partition[] _partitions;

    /// <summary>Creates the source; every array must have the same length and a supported element type.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a type is not supported.</exception>
    public MemorySource(IReadOnlyDictionary<string, Array> columns, long partitionSize = 1L << 18)
    {
        _data = new Dictionary<string, Array>(StringComparer.Ordinal);
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
            _data[name] = array;
            _columns.Add(new ColumnInfo(name, type.Value));
        }
        EntryCount = Math.Max(n, 0);
        _partitions = Cut(EntryCount, partitionSize);
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
        var arrays = columns.Select(c => _data.TryGetValue(c, out var a) ? a : throw new ArgumentException($"no column '{c}' in {Description}", nameof(columns))).ToArray();
        return new Reader(arrays);
    }

    /// <inheritdoc/>
    public void Dispose() { }

    private sealed class Reader(Array[] arrays) : IChunkReader
    {
        public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
        {
            for (int c = 0; c < arrays.Length; c++)
                Copy((dynamic)arrays[c], (dynamic)buffers[c], (int)firstEntry, count);
        }

        private static void Copy<T>(T[] source, FlatBuffer<T> buffer, int first, int count) => buffer.Borrow(source, first, count);

        private static void Copy<T>(T[][] source, JaggedBuffer<T> buffer, int first, int count) =>
            CopyJagged(i => source[first + i], buffer, count);

        private static void Copy<T>(RVec<T>[] source, JaggedBuffer<T> buffer, int first, int count) =>
            CopyJagged(i => source[first + i].AsSpan(), buffer, count);

        private static void CopyJagged<T>(Func<int, ReadOnlySpan<T>> entry, JaggedBuffer<T> buffer, int count)
        {
            var offsets = buffer.PrepareOffsets(count);
            int total = 0;
            offsets[0] = 0;
            for (int i = 0; i < count; i++)
            {
                total += entry(i).Length;
                offsets[i + 1] = total;
            }
            var values = buffer.PrepareValues(total);
            for (int i = 0; i < count; i++) entry(i).CopyTo(values[offsets[i]..]);
        }

        public void Dispose() { }
    }
}
