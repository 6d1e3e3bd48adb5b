namespace EventFrame.IO.Bytes;

/// <summary>
/// The shared state of one cache directory in this process: an estimate of its size and the eviction that keeps it
/// under a bound. Other processes evict the same directory; they coordinate through an advisory lock on
/// <c>DIR/.lock</c> (flock, which the kernel releases when a process dies, so a crash never leaves the cache locked).
/// </summary>
internal sealed class CacheDirectory
{
    /// <summary>Suffix of block files.</summary>
    internal const string BlockSuffix = ".blk";

    /// <summary>Suffix of files being written (renamed to their final name when complete).</summary>
    internal const string TempSuffix = ".tmp";

    private static readonly Dictionary<string, CacheDirectory> s_directories = new(StringComparer.Ordinal);

    // Temporary files of writers that died are removed once they are clearly abandoned.
    private static readonly TimeSpan s_staleTemp = TimeSpan.FromMinutes(10);

    private readonly object _evictGate = new();
    private readonly LinkedList<(string Key, long Index, SharedBlock Block)> _memory = new();
    private readonly Dictionary<(string Key, long Index), LinkedListNode<(string Key, long Index, SharedBlock Block)>> _memoryIndex = new();
    private long _estimate = -1;
    private long _sinceScan;
    private long _evicted;

    private CacheDirectory(string root) => Root = root;

    /// <summary>The absolute directory.</summary>
    internal string Root { get; }

    /// <summary>Number of block files this process has evicted from the directory.</summary>
    internal long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Returns the process-wide state for <paramref name="root"/>, creating the directory.</summary>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    internal static CacheDirectory For(string root)
    {
        lock (s_directories)
        {
            if (!s_directories.TryGetValue(root, out var dir))
            {
                try
                {
                    Directory.CreateDirectory(root);
                }
                catch (Exception e) when (e is UnauthorizedAccessException or NotSupportedException or ArgumentException)
                {
                    throw new IOException($"cache directory {root} cannot be created: {e.Message}", e);
                }
                dir = new CacheDirectory(root);
                s_directories[root] = dir;
            }
            return dir;
        }
    }

    /// <summary>A view of <paramref name="root"/> not shared with the rest of this process, as another process has.</summary>
    internal static CacheDirectory Unshared(string root)
    {
        Directory.CreateDirectory(root);
        return new CacheDirectory(root);
    }

    /// <summary>
    /// Returns the verified block <paramref name="index"/> of source <paramref name="key"/> if it is kept in memory,
    /// with a reference the caller must release.
    /// </summary>
    internal SharedBlock? Recall(string key, long index)
    {
        lock (_memory)
        {
            if (!_memoryIndex.TryGetValue((key, index), out var node)) return null;
            _memory.Remove(node);
            _memory.AddFirst(node);
            // The list's own reference keeps the count above zero while the lock is held.
            return node.Value.Block.TryAcquire() ? node.Value.Block : null;
        }
    }

    /// <summary>
    /// Keeps the verified <paramref name="block"/> (index <paramref name="index"/> of source <paramref name="key"/>) in
    /// memory with a reference of its own, dropping the least recently used beyond <paramref name="capacity"/> blocks.
    /// One list per directory and process, so that many open sources (a dataset of thousands of files) do not each
    /// hold blocks.
    /// </summary>
    internal void Keep(string key, long index, SharedBlock block, int capacity)
    {
        lock (_memory)
        {
            if (_memoryIndex.ContainsKey((key, index)) || !block.TryAcquire()) return;
            _memoryIndex[(key, index)] = _memory.AddFirst((key, index, block));
            while (_memory.Count > capacity)
            {
                var last = _memory.Last!;
                _memory.RemoveLast();
                _memoryIndex.Remove((last.Value.Key, last.Value.Index));
                last.Value.Block.Release();
            }
        }
    }

    /// <summary>
    /// Records that <paramref name="bytes"/> were added and evicts least recently used blocks when the directory may
    /// exceed <paramref name="maxBytes"/>.
    /// </summary>
    internal void Added(long bytes, long maxBytes)
    {
        // The estimate only sees this process's writes since the last scan; other processes writing to the same
        // directory are only seen by scanning, so scan again after every tenth of the bound written here too (else
        // each of several processes could stay under its own estimate while the directory grows past the bound).
        long since = Interlocked.Add(ref _sinceScan, bytes);
        if (Interlocked.Read(ref _estimate) < 0) Evict(maxBytes);
        else if (Interlocked.Add(ref _estimate, bytes) > maxBytes || since > maxBytes / 10) Evict(maxBytes);
    }

    /// <summary>
    /// Under the directory lock, measures the directory and, if it holds more than <paramref name="maxBytes"/>, deletes
    /// the block files with the oldest modification times (block reads refresh it) down to 90% of the bound, so that
    /// eviction runs once per tenth of the cache rather than after every block. Never waits for another evictor.
    /// </summary>
    internal void Evict(long maxBytes)
    {
        long target = maxBytes - maxBytes / 10;
        // Whoever holds the gate or the lock (another thread, another process) is evicting right now and brings the
        // directory under the bound; rather than wait for it, assume it did and look again after another tenth.
        if (!Monitor.TryEnter(_evictGate))
            return;
        try
        {
            Interlocked.Exchange(ref _sinceScan, 0);
            using var fileLock = TryLock();
            if (fileLock is null)
            {
                Interlocked.Exchange(ref _estimate, target);
                return;
            }
            var files = new List<(string Path, long Length, DateTime Used)>();
            long total = 0;
            var now = DateTime.UtcNow;
            var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1, IgnoreInaccessible = true, AttributesToSkip = 0 };
            foreach (var f in new DirectoryInfo(Root).EnumerateFiles("*", options))
            {
                try
                {
                    if (f.Name.EndsWith(TempSuffix, StringComparison.Ordinal))
                    {
                        if (now - f.LastWriteTimeUtc > s_staleTemp) f.Delete();
                        else total += f.Length;
                        continue;
                    }
                    if (!f.Name.EndsWith(BlockSuffix, StringComparison.Ordinal)) continue;
                    files.Add((f.FullName, f.Length, f.LastWriteTimeUtc));
                    total += f.Length;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Renamed or deleted while listing (a writer finishing): its size is counted on the next scan.
                }
            }
            if (total > maxBytes)
            {
                files.Sort((a, b) => a.Used.CompareTo(b.Used));
                foreach (var (path, length, _) in files)
                {
                    if (total <= target) break;
                    try
                    {
                        // A process reading the file keeps its open handle valid; one about to open it sees a miss.
                        File.Delete(path);
                        total -= length;
                        Interlocked.Increment(ref _evicted);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                    }
                }
            }
            Interlocked.Exchange(ref _estimate, total);
        }
        finally
        {
            Monitor.Exit(_evictGate);
        }
    }

    /// <summary>Takes the directory's advisory lock without waiting; null if another holder has it (or it cannot be opened).</summary>
    private FileStream? TryLock()
    {
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: exclusive between processes and between handles.
            return new FileStream(Path.Combine(Root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
