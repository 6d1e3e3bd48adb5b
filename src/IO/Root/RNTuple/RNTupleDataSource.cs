using System.Text;
using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// An <see cref="IDataSource"/> over an RNTuple stored in one or more ROOT files (entries numbered across the files
/// in order). Columns are the fields listed by <see cref="RNTupleColumnPlan.Build"/>: numeric and boolean fields,
/// strings and cardinalities, inside up to two levels of collections (<c>std::vector</c>, <c>RVec</c>, untyped
/// collections, whose record members become <c>collection.member</c>) or fixed-size arrays. Each cluster of each file
/// is one partition. Readers decode each page once and keep one decoded page per column.
/// </summary>
internal sealed class RNTupleDataSource : IDataSource
{
    private readonly RNTupleFile[] _files;
    private readonly Dictionary<string, RNTupleColumnPlan>[] _plans;
    private readonly (int File, RNTupleCluster Cluster)[] _partitionClusters;
    private readonly string _name;
    private readonly string[] _paths;

    /// <summary>Opens the RNTuple <paramref name="name"/> in every file of <paramref name="paths"/>; all must have the same columns.</summary>
    /// <exception cref="RootFormatException">A file is malformed, lacks the RNTuple, or has different columns than the first file.</exception>
    public RNTupleDataSource(IReadOnlyList<string> paths, string name)
    {
        if (paths.Count == 0) throw new ArgumentException("at least one file is needed", nameof(paths));
        _name = name;
        _paths = [.. paths];
        _files = new RNTupleFile[paths.Count];
        _plans = new Dictionary<string, RNTupleColumnPlan>[paths.Count];
        try
        {
            var columns = new List<ColumnInfo>();
            var partitions = new List<Partition>();
            var clusters = new List<(int, RNTupleCluster)>();
            long entries = 0;
            for (int i = 0; i < paths.Count; i++)
            {
                _files[i] = RNTupleFile.Open(paths[i], name);
                var plans = RNTupleColumnPlan.Build(_files[i].Descriptor);
                _plans[i] = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
                if (i == 0) columns.AddRange(plans.Select(p => new ColumnInfo(p.Name, p.Type, p.TypeName)));
                else CheckSameColumns(columns, plans, paths[i]);
                foreach (var cl in _files[i].Descriptor.Clusters)
                {
                    if (cl.EntryCount == 0) continue;
                    partitions.Add(new Partition(partitions.Count, entries + cl.FirstEntry, cl.EntryCount, i, cl.FirstEntry));
                    clusters.Add((i, cl));
                }
                entries += _files[i].Descriptor.EntryCount;
            }
            Columns = columns;
            Partitions = partitions;
            _partitionClusters = [.. clusters];
            EntryCount = entries;
        }
        catch
        {
            foreach (var f in _files) f?.Dispose();
            throw;
        }
        Description = $"RNTuple {name} in {paths[0]}" + (paths.Count > 1 ? $" (+{paths.Count - 1} files)" : "");
    }

    private static void CheckSameColumns(List<ColumnInfo> expected, List<RNTupleColumnPlan> plans, string path)
    {
        var byName = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var c in expected)
            if (!byName.TryGetValue(c.Name, out var p) || p.Type != c.Type)
                throw new RootFormatException(path, c.Name, -1,
                    $"column '{c.Name}' is {(p is null ? "missing" : p.Type.ToString())} in this file but {c.Type} in the first file of the dataset");
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ColumnInfo> Columns { get; }

    /// <inheritdoc/>
    public long EntryCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Partition> Partitions { get; }

    /// <inheritdoc/>
    public DataSourceSpec? Spec => new("root", new Dictionary<string, string>
    {
        ["tree"] = _name,
        ["files"] = string.Join("\n", _paths),
    });

    /// <summary>The parsed files, in dataset order (for listings and tests).</summary>
    internal IReadOnlyList<RNTupleFile> Files => _files;

    /// <inheritdoc/>
    public IChunkReader CreateReader(IReadOnlyList<string> columns)
    {
        foreach (var c in columns)
            if (!_plans[0].ContainsKey(c))
                throw new ArgumentException($"{Description} has no column '{c}'", nameof(columns));
        return new Reader(this, [.. columns]);
    }

    /// <summary>Closes the files.</summary>
    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }

    private sealed class Reader(RNTupleDataSource source, string[] columns) : IChunkReader
    {
        private readonly RNTupleColumnReader?[] _readers = new RNTupleColumnReader?[source._files.Length];
        private long[] _index = [];
        private byte[] _chars = [];

        public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
        {
            if ((uint)partition.Index >= (uint)source.Partitions.Count || source.Partitions[partition.Index] != partition)
                throw new ArgumentException($"partition {partition} is not a partition of {source.Description}", nameof(partition));
            if (count < 0 || firstEntry < partition.FirstEntry || firstEntry > partition.EndEntry - count)
                throw new ArgumentOutOfRangeException(nameof(firstEntry), $"entries [{firstEntry}, {firstEntry + count}) are not inside partition [{partition.FirstEntry}, {partition.EndEntry})");
            if (buffers.Count != columns.Length)
                throw new ArgumentException($"{buffers.Count} buffers for {columns.Length} columns", nameof(buffers));
            var (file, cluster) = source._partitionClusters[partition.Index];
            var reader = _readers[file] ??= new RNTupleColumnReader(source._files[file]);
            long first = partition.FileFirstEntry + (firstEntry - partition.FirstEntry) - cluster.FirstEntry;
            for (int c = 0; c < columns.Length; c++)
                ReadColumn(reader, source._plans[file][columns[c]], cluster, first, count, buffers[c]);
        }

        private void ReadColumn(RNTupleColumnReader r, RNTupleColumnPlan plan, RNTupleCluster cl, long first, int count, ColumnBuffer buffer)
        {
            switch (plan.Type.Element)
            {
                case ElementType.Bool: Read<bool>(r, plan, cl, first, count, buffer); break;
                case ElementType.Int8: Read<sbyte>(r, plan, cl, first, count, buffer); break;
                case ElementType.UInt8: Read<byte>(r, plan, cl, first, count, buffer); break;
                case ElementType.Int16: Read<short>(r, plan, cl, first, count, buffer); break;
                case ElementType.UInt16: Read<ushort>(r, plan, cl, first, count, buffer); break;
                case ElementType.Int32: Read<int>(r, plan, cl, first, count, buffer); break;
                case ElementType.UInt32: Read<uint>(r, plan, cl, first, count, buffer); break;
                case ElementType.Int64: Read<long>(r, plan, cl, first, count, buffer); break;
                case ElementType.UInt64: Read<ulong>(r, plan, cl, first, count, buffer); break;
                case ElementType.Float32: Read<float>(r, plan, cl, first, count, buffer); break;
                case ElementType.Float64: Read<double>(r, plan, cl, first, count, buffer); break;
                case ElementType.String: ReadStrings(r, plan, cl, first, count, buffer); break;
                default: throw new InvalidOperationException($"unexpected element type {plan.Type.Element}");
            }
        }

        private void Read<T>(RNTupleColumnReader r, RNTupleColumnPlan plan, RNTupleCluster cl, long first, int count, ColumnBuffer buffer)
            where T : unmanaged
        {
            // (lo, hi): the range of items at the current level, starting with the chunk's entries.
            long lo = first, hi = first + count;
            Span<T> values;
            switch (buffer)
            {
                case FlatBuffer<T> flat when plan.Type.Depth == 0:
                    values = flat.Prepare(count);
                    break;
                case JaggedBuffer<T> jagged when plan.Type.Depth == 1:
                    (lo, hi) = Level(r, plan, 0, cl, lo, hi, jagged.PrepareOffsets(count));
                    values = jagged.PrepareValues(Items(r, lo, hi, plan, 1, cl));
                    break;
                case Jagged2Buffer<T> jagged2 when plan.Type.Depth == 2:
                    (lo, hi) = Level(r, plan, 0, cl, lo, hi, jagged2.PrepareOuter(count));
                    (lo, hi) = Level(r, plan, 1, cl, lo, hi, jagged2.Inner.PrepareOffsets(Items(r, lo, hi, plan, 1, cl)));
                    values = jagged2.Inner.PrepareValues(Items(r, lo, hi, plan, 2, cl));
                    break;
                default:
                    throw new ArgumentException($"column '{plan.Name}' of type {plan.Type} cannot be read into a {buffer.GetType().Name}");
            }
            // A cardinality's last level is the collection it counts; its sizes are the values.
            if (plan.Shape == RNTupleValueShape.Cardinality) Cardinalities(r, plan, plan.Levels.Length - 1, cl, lo, hi, values);
            else r.Read(cl, plan.Value!, lo, values, entryAligned: plan.Levels.Length == 0);
        }

        private void ReadStrings(RNTupleColumnReader r, RNTupleColumnPlan plan, RNTupleCluster cl, long first, int count, ColumnBuffer buffer)
        {
            long lo = first, hi = first + count;
            Span<string> values;
            switch (buffer)
            {
                case FlatBuffer<string> flat when plan.Type.Depth == 0:
                    values = flat.Prepare(count);
                    break;
                case JaggedBuffer<string> jagged when plan.Type.Depth == 1:
                    (lo, hi) = Level(r, plan, 0, cl, lo, hi, jagged.PrepareOffsets(count));
                    values = jagged.PrepareValues(Items(r, lo, hi, plan, plan.Levels.Length - 1, cl));
                    break;
                default:
                    throw new ArgumentException($"column '{plan.Name}' of type {plan.Type} cannot be read into a {buffer.GetType().Name}");
            }
            int n = values.Length;
            var offsets = new int[n + 1];
            (lo, hi) = Level(r, plan, plan.Levels.Length - 1, cl, lo, hi, offsets);
            int bytes = Items(r, lo, hi, plan, plan.Levels.Length, cl);
            if (_chars.Length < bytes) _chars = new byte[Math.Max(bytes, 2 * _chars.Length)];
            r.Read(cl, plan.Value!, lo, _chars.AsSpan(0, bytes));
            for (int i = 0; i < n; i++) values[i] = Encoding.UTF8.GetString(_chars, offsets[i], offsets[i + 1] - offsets[i]);
        }

        // Converts a level's end offsets into sizes (a cardinality field's values).
        private void Cardinalities<T>(RNTupleColumnReader r, RNTupleColumnPlan plan, int level, RNTupleCluster cl, long lo, long hi, Span<T> values)
            where T : unmanaged
        {
            var offsets = new int[values.Length + 1];
            Level(r, plan, level, cl, lo, hi, offsets);
            var sizes = new long[values.Length];
            for (int i = 0; i < sizes.Length; i++) sizes[i] = offsets[i + 1] - offsets[i];
            RNTupleColumnReader.Convert(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sizes.AsSpan()), 8, RNTupleValueKind.Signed, values);
        }

        /// <summary>
        /// Returns the number of items <c>[lo, hi)</c> that feed level <paramref name="next"/> (or the value column when
        /// it equals the number of levels), after checking that the first column below holds them in this cluster
        /// (scaled by the fixed-size arrays in between), so offsets from a damaged file never size an allocation.
        /// </summary>
        private static int Items(RNTupleColumnReader r, long lo, long hi, RNTupleColumnPlan plan, int next, RNTupleCluster cl)
        {
            long scale = 1;
            RNTupleSlot? below = plan.Value;
            for (int k = next; k < plan.Levels.Length; k++)
            {
                if (plan.Levels[k].Index is { } index) { below = index; break; }
                scale *= plan.Levels[k].FixedSize;
                if (scale > int.MaxValue) break;
            }
            long available = below is null ? long.MaxValue : below.Active(cl).Pages?.ElementCount ?? 0;
            if (scale > int.MaxValue || hi > available / scale || hi - lo > Array.MaxLength)
                throw new RootFormatException(r.FilePath, plan.Name, -1,
                    $"column '{plan.Name}' in cluster {cl.Id} needs items [{lo}, {hi}) × {scale}, but the column below holds {available}");
            return (int)(hi - lo);
        }

        /// <summary>
        /// Reads the end offsets of items <c>[lo, hi)</c> at <paramref name="level"/>, writes them relative to the first
        /// item's start into <paramref name="offsets"/> (length hi - lo + 1) and returns the range of the next level's items.
        /// </summary>
        private (long Lo, long Hi) Level(RNTupleColumnReader r, RNTupleColumnPlan plan, int level, RNTupleCluster cl, long lo, long hi, Span<int> offsets)
        {
            if (plan.Levels[level].Index is not { } index)
            {
                // A fixed-size array: item i spans elements [i·N, (i+1)·N).
                long size = plan.Levels[level].FixedSize;
                if ((hi - lo) * size > int.MaxValue)
                    throw new RootFormatException(r.FilePath, plan.Name, -1, $"a chunk of column '{plan.Name}' holds {(hi - lo) * size} array elements, more than fit in one buffer");
                for (int i = 0; i <= hi - lo; i++) offsets[i] = (int)(i * size);
                return (lo * size, hi * size);
            }
            int m = (int)(hi - lo);
            if (_index.Length < m + 1) _index = new long[Math.Max(m + 1, 2 * _index.Length)];
            var ends = _index.AsSpan(0, m + 1);
            if (lo == 0)
            {
                ends[0] = 0;
                r.Read(cl, index, 0, ends[1..], entryAligned: level == 0);
            }
            else r.Read(cl, index, lo - 1, ends, entryAligned: level == 0);
            long start = ends[0];
            for (int i = 0; i < m; i++)
            {
                long size = ends[i + 1] - ends[i];
                if (size < 0 || ends[i + 1] - start > int.MaxValue)
                    throw new RootFormatException(r.FilePath, plan.Name, -1,
                        $"offset column of '{plan.Name}' in cluster {cl.Id} is not increasing or too large at item {lo + i} ({ends[i]} → {ends[i + 1]})");
                offsets[i] = (int)(ends[i] - start);
            }
            offsets[m] = (int)(ends[m] - start);
            return (start, ends[m]);
        }

        public void Dispose()
        {
            foreach (var r in _readers) r?.Dispose();
        }
    }
}
