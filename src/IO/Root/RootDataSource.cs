using System.Runtime.CompilerServices;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Root;

/// <summary>
/// An <see cref="IDataSource"/> over a TTree stored in one or many ROOT files (paths, <c>file://</c> or registered URLs,
/// and globs in file names). Entries are numbered globally across the files in order; partitions are the TTree clusters,
/// each inside one file. Columns are the branches EventFrame can decode (see <see cref="BranchLayout"/>); the others are
/// listed in <see cref="UnsupportedBranches"/>.
/// </summary>
public sealed class RootDataSource : IDataSource
{
    /// <summary>
    /// Opens RNTuples: set by the RNTuple module's initializer; called with the file list and the RNTuple name when the
    /// name resolves to a key of class <c>ROOT::RNTuple</c>.
    /// </summary>
    internal static Func<IReadOnlyList<string>, string, IDataSource>? RNTupleFactory;

    private readonly RootFile[] _files;
    private readonly RootTree[] _trees;
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly List<ColumnInfo> _columns = [];
    private readonly Dictionary<string, string> _unsupported = new(StringComparer.Ordinal);

    /// <summary>Opens the TTree <paramref name="treeName"/> ("name", "dir/name" or "name;cycle") in <paramref name="filesOrGlobs"/>.</summary>
    /// <exception cref="RootFormatException">A file cannot be read, the tree is missing or is not a TTree, or the files'
    /// trees have different column types.</exception>
    /// <exception cref="ArgumentException">No files are given or a glob matches nothing.</exception>
    public RootDataSource(string treeName, IReadOnlyList<string> filesOrGlobs)
    {
        ArgumentException.ThrowIfNullOrEmpty(treeName);
        TreeName = treeName;
        Files = ExpandFiles(filesOrGlobs);
        _files = new RootFile[Files.Count];
        _trees = new RootTree[Files.Count];
        try
        {
            for (int i = 0; i < Files.Count; i++)
            {
                _files[i] = RootFile.Open(Files[i]);
                _trees[i] = RootTree.Read(_files[i], treeName);
            }
        }
        catch
        {
            foreach (var f in _files) f?.Dispose();
            throw;
        }
        foreach (var b in _trees[0].AllBranches)
        {
            var layout = BranchLayout.TryCreate(b, out var reason);
            if (layout is null)
            {
                _unsupported.TryAdd(b.Name, reason ?? "not supported");
                continue;
            }
            if (_columnIndex.ContainsKey(b.Name)) continue;
            _columnIndex[b.Name] = _columns.Count;
            _columns.Add(new ColumnInfo(b.Name, layout.Type, b.Leaves.Count == 1 ? b.Leaves[0].Title + (b.ElementClassName.Length > 0 ? " (" + b.ElementClassName + ")" : "") : b.Title));
        }
        // Every file must offer every column with the same type: a mismatch is reported now, naming the file, rather
        // than in the middle of an event loop.
        for (int f = 1; f < _trees.Length; f++)
            foreach (var c in _columns)
            {
                var b = _trees[f].GetBranch(c.Name);
                var layout = b is null ? null : BranchLayout.TryCreate(b, out _);
                if (layout is null || layout.Type != c.Type)
                {
                    foreach (var file in _files) file.Dispose();
                    throw new RootFormatException(Files[f], c.Name, -1, b is null
                        ? $"branch is missing from TTree {treeName} in this file but present in {Files[0]}"
                        : $"branch has type {(layout is null ? "(unreadable)" : layout.Type)} in this file but {c.Type} in {Files[0]}");
                }
            }
        var partitions = new List<Partition>();
        long global = 0;
        for (int f = 0; f < _trees.Length; f++)
        {
            var bounds = _trees[f].ClusterBoundaries();
            for (int k = 0; k + 1 < bounds.Count; k++)
                if (bounds[k + 1] > bounds[k])
                    partitions.Add(new Partition(partitions.Count, global + bounds[k], bounds[k + 1] - bounds[k], f, bounds[k]));
            global += _trees[f].Entries;
        }
        Partitions = partitions;
        EntryCount = global;
    }

    /// <summary>
    /// Opens <paramref name="name"/> in <paramref name="filesOrGlobs"/>: a TTree as a <see cref="RootDataSource"/>, or an
    /// RNTuple (key class <c>ROOT::RNTuple</c>) through the RNTuple module.
    /// </summary>
    /// <exception cref="RootFormatException">The object is missing, of another class, or RNTuple support is not loaded.</exception>
    public static IDataSource Open(string name, IReadOnlyList<string> filesOrGlobs)
    {
        var files = ExpandFiles(filesOrGlobs);
        string cls;
        using (var first = RootFile.Open(files[0]))
        {
            var key = first.FindKey(name) ?? throw new RootFormatException(first.Path, name, -1, "no TTree or RNTuple of this name in the file");
            cls = key.ClassName;
        }
        if (cls is "ROOT::RNTuple" or "ROOT::Experimental::RNTuple")
        {
            var factory = RNTupleFactory ?? throw new RootFormatException(files[0], name, -1,
                "the object is an RNTuple but no RNTuple reader is registered (RootDataSource.RNTupleFactory is not set)");
            return factory(files, name);
        }
        return new RootDataSource(name, files);
    }

    /// <summary>
    /// Expands globs (<c>*</c>, <c>?</c> in the file-name part of local paths; <c>*</c> in the file-name part of
    /// <c>root://</c> URLs, listed with kXR_dirlist) into the sorted matching files; other entries are kept as given.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, a glob matches nothing, or a directory part has wildcards.</exception>
    /// <exception cref="ByteSourceException">A remote directory cannot be listed.</exception>
    public static IReadOnlyList<string> ExpandFiles(IEnumerable<string> filesOrGlobs)
    {
        var result = new List<string>();
        foreach (var raw in filesOrGlobs)
        {
            var p = raw.Trim();
            if (p.Length == 0) continue;
            var scheme = ByteSources.SchemeOf(p);
            if (scheme is "root" or "roots" && p.Contains('*'))
            {
                var urls = XRootDByteSource.ExpandGlob(p);
                if (urls.Count == 0) throw new ArgumentException($"glob '{p}' matches no file", nameof(filesOrGlobs));
                result.AddRange(urls);
                continue;
            }
            if (scheme is not null || p.IndexOfAny(['*', '?']) < 0)
            {
                result.Add(p);
                continue;
            }
            var dir = Path.GetDirectoryName(p);
            var pattern = Path.GetFileName(p);
            if (string.IsNullOrEmpty(dir)) dir = ".";
            if (dir.IndexOfAny(['*', '?']) >= 0) throw new ArgumentException($"glob '{p}': wildcards are only supported in the file name", nameof(filesOrGlobs));
            var matches = Directory.Exists(dir) ? Directory.GetFiles(dir, pattern) : [];
            if (matches.Length == 0) throw new ArgumentException($"glob '{p}' matches no file", nameof(filesOrGlobs));
            Array.Sort(matches, StringComparer.Ordinal);
            result.AddRange(matches);
        }
        if (result.Count == 0) throw new ArgumentException("no input files", nameof(filesOrGlobs));
        return result;
    }

    /// <summary>The tree name as given.</summary>
    public string TreeName { get; }

    /// <summary>The files after glob expansion, in entry order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Branches that are not columns, with the reason (e.g. std::map, split objects).</summary>
    public IReadOnlyDictionary<string, string> UnsupportedBranches => _unsupported;

    /// <summary>The tree of file <paramref name="fileIndex"/>.</summary>
    public RootTree Tree(int fileIndex) => _trees[fileIndex];

    /// <inheritdoc/>
    public string Description => $"TTree {TreeName} in {Files[0]}" + (Files.Count > 1 ? $" (+{Files.Count - 1} files)" : "");

    /// <inheritdoc/>
    public IReadOnlyList<ColumnInfo> Columns => _columns;

    /// <inheritdoc/>
    public long EntryCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Partition> Partitions { get; }

    /// <inheritdoc/>
    public DataSourceSpec? Spec => new("root", new Dictionary<string, string>
    {
        ["tree"] = TreeName,
        ["files"] = string.Join('\n', Files),
    });

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A column is not one of <see cref="Columns"/>.</exception>
    public IChunkReader CreateReader(IReadOnlyList<string> columns)
    {
        foreach (var c in columns)
            if (!_columnIndex.ContainsKey(c))
                throw new ArgumentException(_unsupported.TryGetValue(c, out var why)
                    ? $"branch '{c}' of {Description} cannot be read as a column: {why}"
                    : $"no column '{c}' in {Description}", nameof(columns));
        return new Reader(this, columns);
    }

    /// <summary>Closes all files.</summary>
    public void Dispose()
    {
        _readAhead.Dispose();
        foreach (var f in _files) f?.Dispose();
    }

    private readonly ReadAhead _readAhead = new();

    /// <summary>
    /// Clusters read in the background before a reader asks for them, shared by all readers of the source: when a reader
    /// starts partition N it schedules partition N + 1 (the engine hands partitions out in order, so another slot or the
    /// same one takes it next); whoever starts that partition with the same columns takes the bytes. At most
    /// <see cref="MaxAhead"/> clusters wait, each within the prefetch limit.
    /// </summary>
    private sealed class ReadAhead : IDisposable
    {
        private const int MaxAhead = 2;
        private readonly Dictionary<(int Partition, string Columns), Task<PrefetchedRanges?>> _pending = [];
        private bool _disposed;

        /// <summary>The bytes read ahead for the partition and columns, or null when nothing (usable) was read.</summary>
        public PrefetchedRanges? Take(int partition, string columns)
        {
            Task<PrefetchedRanges?>? task;
            lock (_pending)
                if (!_pending.Remove((partition, columns), out task)) return null;
            // A failed read ahead is retried by the caller's own synchronous read, which reports the error properly.
            return task.GetAwaiter().GetResult();
        }

        /// <summary>Starts reading <paramref name="ranges"/> of <paramref name="source"/> for the partition unless it is already under way.</summary>
        public void Schedule(int partition, string columns, IByteSource source, List<ByteRange> ranges)
        {
            lock (_pending)
            {
                if (_disposed || _pending.Count >= MaxAhead || _pending.ContainsKey((partition, columns))) return;
                // On the pool, not the calling thread: a source may do much of its work before its first await (the
                // block cache reads its files synchronously), which would stop the read overlapping the decoding.
                _pending[(partition, columns)] = Task.Run(() => ReadAsync(source, ranges));
            }

            static async Task<PrefetchedRanges?> ReadAsync(IByteSource source, List<ByteRange> ranges)
            {
                try
                {
                    return await PrefetchedRanges.ReadAsync(source, ranges).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ByteSourceException or ObjectDisposedException or IOException)
                {
                    return null;
                }
            }
        }

        public void Dispose()
        {
            List<Task<PrefetchedRanges?>> left;
            lock (_pending)
            {
                _disposed = true;
                left = [.. _pending.Values];
                _pending.Clear();
            }
            foreach (var t in left)
                t.ContinueWith(done => done.Result?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private sealed class Reader(RootDataSource source, IReadOnlyList<string> columns) : IChunkReader
    {
        /// <summary>Largest cluster (compressed bytes of the requested branches) read ahead in one go.</summary>
        private const long MaxPrefetchBytes = 64L << 20;

        private readonly string _columnsKey = string.Join('\n', columns);
        private int _file = -1;
        private int _prefetchedPartition = -1;
        private PrefetchedRanges? _prefetched;
        private BranchReader[] _readers = [];

        public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
        {
            if (buffers.Count != columns.Count)
                throw new ArgumentException($"{buffers.Count} buffers for {columns.Count} columns", nameof(buffers));
            if (firstEntry < partition.FirstEntry || count < 0 || firstEntry + count > partition.EndEntry)
                throw new ArgumentOutOfRangeException(nameof(firstEntry), $"entries [{firstEntry}, {firstEntry + count}) are not inside partition {partition}");
            if (partition.FileIndex != _file) Switch(partition.FileIndex);
            if (partition.Index != _prefetchedPartition) Prefetch(partition);
            long local = firstEntry - partition.FirstEntry + partition.FileFirstEntry;
            for (int c = 0; c < _readers.Length; c++) _readers[c].Read(local, count, buffers[c]);
        }

        /// <summary>
        /// Reads all baskets of the partition's cluster for the requested branches (and their counters) in a few coalesced
        /// requests, as ROOT's TTreeCache does: one round trip per cluster instead of one per basket on remote files.
        /// </summary>
        private void Prefetch(Partition partition)
        {
            _prefetchedPartition = partition.Index;
            // Readers copy or decode what they need when a basket becomes current, so the previous cluster can go now.
            foreach (var r in _readers) r.Prefetched = null;
            _prefetched?.Dispose();
            _prefetched = null;
            // A memory-mapped file lends baskets in place: reading the cluster ahead would only add a copy.
            if (source._files[_file].Source.CanPin) return;
            var file = source._files[_file];
            var ranges = ClusterRanges(partition);
            long total = ranges.Sum(x => (long)x.Length);
            if (ranges.Count == 0 || total > MaxPrefetchBytes) return;
            var prefetched = source._readAhead.Take(partition.Index, _columnsKey);
            if (prefetched is null)
            {
                try
                {
                    prefetched = PrefetchedRanges.Read(file.Source, ranges);
                }
                catch (ByteSourceException e)
                {
                    throw new RootFormatException(file.Path, $"cluster of partition {partition.Index}", -1, e.Message, e);
                }
            }
            _prefetched = prefetched;
            foreach (var r in _readers) r.Prefetched = prefetched;
            // While this cluster is decoded, the next one travels (it matters on remote files, where a request costs a
            // round trip).
            int next = partition.Index + 1;
            if (next < source.Partitions.Count && source.Partitions[next] is { } following && following.FileIndex == _file)
            {
                var nextRanges = ClusterRanges(following);
                if (nextRanges.Count > 0 && nextRanges.Sum(x => (long)x.Length) <= MaxPrefetchBytes)
                    source._readAhead.Schedule(next, _columnsKey, file.Source, nextRanges);
            }
        }

        /// <summary>The basket ranges of the requested branches (and their counters) in the partition's cluster.</summary>
        private List<ByteRange> ClusterRanges(Partition partition)
        {
            var ranges = new List<ByteRange>();
            var seen = new HashSet<RootBranch>();
            foreach (var r in _readers)
            {
                if (seen.Add(r.Layout.Branch)) ranges.AddRange(r.BasketRanges(partition.FileFirstEntry, partition.EntryCount));
                if (r.Layout.Counter is { } counter && seen.Add(counter))
                {
                    var cl = BranchLayout.TryCreate(counter, out _);
                    if (cl is not null)
                        using (var cr = new BranchReader(cl))
                            ranges.AddRange(cr.BasketRanges(partition.FileFirstEntry, partition.EntryCount));
                }
            }
            return ranges;
        }

        private void Switch(int fileIndex)
        {
            if ((uint)fileIndex >= (uint)source._trees.Length)
                throw new ArgumentOutOfRangeException(nameof(fileIndex), $"partition file index {fileIndex} is outside the {source._trees.Length} files");
            foreach (var r in _readers) r.Dispose();
            _readers = [];
            var tree = source._trees[fileIndex];
            var readers = new BranchReader[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                var branch = tree.GetBranch(columns[c]) ?? throw new RootFormatException(tree.File.Path, columns[c], -1, $"branch is missing from TTree {tree.Name} in this file");
                var layout = BranchLayout.TryCreate(branch, out var why) ?? throw new RootFormatException(tree.File.Path, columns[c], -1, $"branch cannot be read in this file: {why}");
                var expected = source._columns[source._columnIndex[columns[c]]].Type;
                if (layout.Type != expected)
                    throw new RootFormatException(tree.File.Path, columns[c], -1, $"branch has type {layout.Type} in this file but {expected} in {source.Files[0]}");
                readers[c] = new BranchReader(layout);
            }
            _readers = readers;
            _file = fileIndex;
            _prefetchedPartition = -1;
        }

        public void Dispose()
        {
            foreach (var r in _readers) r.Dispose();
            _readers = [];
            _prefetched?.Dispose();
            _prefetched = null;
        }
    }
}

/// <summary>Registers the "root" data source kind (parameters <c>tree</c> and newline-separated <c>files</c>).</summary>
internal static class RootDataSourceRegistration
{
#pragma warning disable CA2255 // The module initializer is the registration mechanism DataSources expects.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => DataSources.Register("root", spec =>
    {
        if (!spec.Parameters.TryGetValue("tree", out var tree) || !spec.Parameters.TryGetValue("files", out var files))
            throw new ArgumentException("a 'root' data source needs the parameters 'tree' and 'files'");
        return RootDataSource.Open(tree, files.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    });
}
