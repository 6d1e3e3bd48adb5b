using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A read-through block cache on local disk over any <see cref="IByteSource"/>: the source is cut into aligned blocks
/// of <see cref="CacheOptions.BlockSize"/> bytes, each block read once from the inner source is stored as a file, and
/// later reads (by this or any other process using the same directory) are served from those files. The missing blocks
/// of one read or vectored read are fetched with one <see cref="IByteSource.ReadRanges"/> call, so a remote source
/// still sends one vectored request.
/// </summary>
/// <remarks>
/// Block files live in <c>DIR/kk/KEY-INDEX.blk</c>, where KEY is the SHA-256 of the source's name, length, version
/// (<see cref="IVersionedByteSource"/>) and block size, and <c>kk</c> its first two hex digits. Layout (little-endian):
/// <list type="table">
/// <listheader><term>bytes</term><description>field</description></listheader>
/// <item><term>0–7</term><description>magic <c>EFBLOCK1</c></description></item>
/// <item><term>8–39</term><description>SHA-256 identity of the source (the KEY)</description></item>
/// <item><term>40–47</term><description>offset of the block in the source</description></item>
/// <item><term>48–51</term><description>payload length</description></item>
/// <item><term>52–55</term><description>zero</description></item>
/// <item><term>56–63</term><description>XXH64 of the payload, seeded with the XXH64 of bytes 0–55</description></item>
/// <item><term>64–</term><description>payload</description></item>
/// </list>
/// Files are written to a temporary name and renamed, so readers see whole files or none; a file whose header,
/// length or checksum disagrees (torn by a crash, truncated, corrupted) is a miss and is rewritten, never returned.
/// Reading a block refreshes its modification time, which orders eviction (least recently used first).
/// </remarks>
public sealed class CachedByteSource : IVersionedByteSource
{
    private const int HeaderSize = 64;
    private static readonly byte[] s_magic = "EFBLOCK1"u8.ToArray();

    private readonly IByteSource _inner;
    private readonly bool _ownsInner;
    private readonly CacheOptions _options;
    private readonly CacheDirectory _directory;
    private readonly byte[] _identity;
    private readonly string _key;
    private readonly string _blockDirectory;
    private readonly Dictionary<long, TaskCompletionSource> _inFlight = new();
    private bool _blockDirectoryExists;
    private long _bytesRead, _requests, _hits, _misses, _bytesFromCache, _corrupt, _writeFailures;

    /// <summary>
    /// Wraps <paramref name="inner"/> with the block cache described by <paramref name="options"/>; disposing this
    /// source disposes <paramref name="inner"/> when <paramref name="ownsInner"/> is true.
    /// </summary>
    /// <exception cref="ByteSourceException">The cache directory cannot be created.</exception>
    public CachedByteSource(IByteSource inner, CacheOptions options, bool ownsInner = true)
        : this(inner, options, ownsInner, null)
    {
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> using <paramref name="directory"/> as this process's view of the cache directory
    /// (tests pass a separate view to act as a second process); null uses the process-wide one.
    /// </summary>
    internal CachedByteSource(IByteSource inner, CacheOptions options, bool ownsInner, CacheDirectory? directory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _ownsInner = ownsInner;
        _options = options;
        Length = inner.Length;
        Version = (inner as IVersionedByteSource)?.Version;
        try
        {
            _directory = directory ?? CacheDirectory.For(options.Directory);
        }
        catch (IOException e)
        {
            throw new ByteSourceException(inner.Name, e.Message, e);
        }
        _identity = SHA256.HashData(Encoding.UTF8.GetBytes($"{inner.Name}\n{Length}\n{Version}\n{options.BlockSize}"));
        _key = Convert.ToHexStringLower(_identity);
        _blockDirectory = Path.Combine(options.Directory, _key[..2]);
    }

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <inheritdoc/>
    public long Length { get; }

    /// <summary>The inner source's version (null when it has none).</summary>
    public string? Version { get; }

    /// <summary>The wrapped source.</summary>
    public IByteSource Inner => _inner;

    /// <summary>The cache settings.</summary>
    public CacheOptions Options => _options;

    /// <summary>Bytes delivered to callers (from the cache or the inner source).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Blocks served from memory or from a valid block file.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Blocks fetched from the inner source (including those whose block file was corrupt).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Payload bytes of the blocks counted in <see cref="Hits"/>.</summary>
    public long BytesFromCache => Interlocked.Read(ref _bytesFromCache);

    /// <summary>Block files found invalid (wrong header, length or checksum) and replaced.</summary>
    public long CorruptBlocks => Interlocked.Read(ref _corrupt);

    /// <summary>Blocks that could not be stored (disk full, no permission); reads still succeed.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Block files of the cache directory evicted by this process (all sources sharing it).</summary>
    public long Evicted => _directory.Evicted;

    /// <summary>The path of the file that holds block <paramref name="index"/> (whether or not it exists).</summary>
    public string BlockPath(long index) => Path.Combine(_blockDirectory, $"{_key}-{index:x}{CacheDirectory.BlockSuffix}");

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        ByteSources.CheckRead(Name, Length, offset, destination.Length);
        if (destination.Length == 0) return;
        ByteSources.ReadThroughBuffer(destination, memory =>
            ReadCoreAsync([new ByteRange(offset, memory.Length)], [memory], sync: true, default).GetAwaiter().GetResult());
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        ByteSources.CheckRead(Name, Length, offset, destination.Length);
        if (destination.Length == 0) return;
        await ReadCoreAsync([new ByteRange(offset, destination.Length)], [destination], sync: false, ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        ByteSources.CheckReads(Name, Length, ranges, destinations);
        ReadCoreAsync(ranges, destinations, sync: true, default).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckReads(Name, Length, ranges, destinations);
        await ReadCoreAsync(ranges, destinations, sync: false, ct).ConfigureAwait(false);
    }

    /// <summary>What one read needs of one block: the ranges that touch it and, if one range covers the whole block, that
    /// range's slice of its destination (the block is then read straight into it, without a buffer).</summary>
    private sealed class BlockUse
    {
        public List<int> Ranges { get; } = [];
        public int DirectRange { get; set; } = -1;
        public Memory<byte> Direct { get; set; }
        public ReadOnlyMemory<byte> Data { get; set; }

        /// <summary>The pooled block this read holds a reference to (released when the read ends).</summary>
        public SharedBlock? Owned { get; set; }
    }

    private int BlockLength(long index) => (int)Math.Min(_options.BlockSize, Length - index * _options.BlockSize);

    /// <summary>
    /// Fills the destinations from the blocks the ranges touch: blocks kept in memory, valid block files, fetches other
    /// threads already have in flight, and for the rest one inner vectored read (whose blocks are then stored). With
    /// <paramref name="sync"/> everything runs synchronously and the returned task is complete.
    /// </summary>
    private async ValueTask ReadCoreAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, bool sync, CancellationToken ct)
    {
        long b = _options.BlockSize;
        var uses = new SortedDictionary<long, BlockUse>();
        for (int i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            if (r.Length == 0) continue;
            for (long k = r.Offset / b; k <= (r.End - 1) / b; k++)
            {
                if (!uses.TryGetValue(k, out var use)) uses[k] = use = new BlockUse();
                use.Ranges.Add(i);
                long start = k * b;
                int length = BlockLength(k);
                if (use.DirectRange < 0 && r.Offset <= start && start + length <= r.End)
                {
                    use.DirectRange = i;
                    use.Direct = destinations[i].Slice((int)(start - r.Offset), length);
                }
            }
        }
        try
        {
            await ResolveAsync(uses, ranges, destinations, sync, ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var use in uses.Values) use.Owned?.Release();
        }
        long bytes = 0;
        foreach (var r in ranges) bytes += r.Length;
        Interlocked.Add(ref _bytesRead, bytes);
        Interlocked.Add(ref _requests, ranges.Count);
    }

    private async ValueTask ResolveAsync(SortedDictionary<long, BlockUse> uses, IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, bool sync, CancellationToken ct)
    {
        var fetch = new List<(long Index, BlockUse Use, TaskCompletionSource Done)>();
        var waits = new List<(long Index, BlockUse Use, Task Done)>();
        foreach (var (k, use) in uses)
        {
            if (TryCached(k, use))
            {
                Deliver(k, use, ranges, destinations);
                continue;
            }
            lock (_inFlight)
            {
                if (_inFlight.TryGetValue(k, out var other)) waits.Add((k, use, other.Task));
                else
                {
                    var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight[k] = mine;
                    fetch.Add((k, use, mine));
                }
            }
        }
        if (fetch.Count > 0) await FetchAsync(fetch, sync, ct).ConfigureAwait(false);
        foreach (var (k, use, _) in fetch) Deliver(k, use, ranges, destinations);
        foreach (var (k, use, done) in waits)
        {
            if (sync) done.GetAwaiter().GetResult();
            else await done.WaitAsync(ct).ConfigureAwait(false);
            // The other reader's block is in memory or in the block file now, unless it was dropped meanwhile or the
            // write failed; then this reader fetches it itself.
            if (!TryCached(k, use))
                await FetchAsync([(k, use, new TaskCompletionSource())], sync, ct).ConfigureAwait(false);
            Deliver(k, use, ranges, destinations);
        }
    }

    /// <summary>Finds block <paramref name="index"/> in memory or in a valid block file; sets <see cref="BlockUse.Data"/>.</summary>
    private bool TryCached(long index, BlockUse use)
    {
        var block = _options.MemoryBlocks == 0 ? null : _directory.Recall(_key, index);
        if (block is not null)
        {
            use.Owned = block;
            use.Data = block.Memory;
        }
        else if (use.DirectRange >= 0 && TryFile(index, use.Direct.Span)) use.Data = use.Direct;
        else if (use.DirectRange < 0)
        {
            block = SharedBlock.Rent(BlockLength(index));
            if (!TryFile(index, block.Memory.Span))
            {
                block.Release();
                return false;
            }
            use.Owned = block;
            use.Data = block.Memory;
            Remember(index, block);
        }
        else return false;
        Interlocked.Increment(ref _hits);
        Interlocked.Add(ref _bytesFromCache, use.Data.Length);
        return true;
    }

    /// <summary>Copies block <paramref name="index"/> into every destination that wants part of it (except where it already is).</summary>
    private void Deliver(long index, BlockUse use, IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        long start = index * _options.BlockSize;
        var data = use.Data.Span;
        foreach (int i in use.Ranges)
        {
            var r = ranges[i];
            if (i == use.DirectRange && use.Data.Equals(use.Direct)) continue;
            long from = Math.Max(start, r.Offset), to = Math.Min(start + data.Length, r.End);
            data.Slice((int)(from - start), (int)(to - from)).CopyTo(destinations[i].Span[(int)(from - r.Offset)..]);
        }
    }

    private async ValueTask FetchAsync(List<(long Index, BlockUse Use, TaskCompletionSource Done)> fetch, bool sync, CancellationToken ct)
    {
        var ranges = new ByteRange[fetch.Count];
        var targets = new Memory<byte>[fetch.Count];
        for (int i = 0; i < fetch.Count; i++)
        {
            var (k, use, _) = fetch[i];
            ranges[i] = new ByteRange(k * _options.BlockSize, BlockLength(k));
            // A block wanted whole goes straight into the caller's destination; a partly wanted one into a pooled
            // block that is also kept in memory for the next small read nearby.
            if (use.DirectRange >= 0) targets[i] = use.Direct;
            else
            {
                use.Owned ??= SharedBlock.Rent(ranges[i].Length);
                targets[i] = use.Owned.Memory;
            }
        }
        try
        {
            if (sync) _inner.ReadRanges(ranges, targets);
            else await _inner.ReadRangesAsync(ranges, targets, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            lock (_inFlight)
                foreach (var (k, _, done) in fetch)
                {
                    if (_inFlight.TryGetValue(k, out var registered) && registered == done) _inFlight.Remove(k);
                    if (e is OperationCanceledException) done.TrySetCanceled(CancellationToken.None);
                    else done.TrySetException(e);
                }
            throw;
        }
        long written = 0;
        for (int i = 0; i < fetch.Count; i++)
        {
            var (k, use, done) = fetch[i];
            bool stored = Write(k, targets[i].Span);
            if (stored) written += HeaderSize + targets[i].Length;
            if (use.DirectRange < 0) Remember(k, use.Owned!);
            use.Data = targets[i];
            lock (_inFlight)
                if (_inFlight.TryGetValue(k, out var registered) && registered == done) _inFlight.Remove(k);
            done.TrySetResult();
        }
        Interlocked.Add(ref _misses, fetch.Count);
        if (written > 0) _directory.Added(written, _options.MaxBytes);
    }

    private void Remember(long index, SharedBlock block)
    {
        if (_options.MemoryBlocks > 0) _directory.Keep(_key, index, block, _options.MemoryBlocks);
    }

    private void FillHeader(Span<byte> header, long index, ReadOnlySpan<byte> payload)
    {
        s_magic.CopyTo(header);
        _identity.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], index * _options.BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(header[48..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[52..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[56..], XxHash.Hash64(payload, XxHash.Hash64(header[..56])));
    }

    /// <summary>
    /// Reads block file <paramref name="index"/> into <paramref name="payload"/> (exactly the block's length) and
    /// verifies it; false when it is missing or invalid (then <paramref name="payload"/> holds garbage).
    /// </summary>
    private bool TryFile(long index, Span<byte> payload)
    {
        var path = BlockPath(index);
        Span<byte> header = stackalloc byte[HeaderSize];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) != HeaderSize + payload.Length ||
                RandomAccess.Read(handle, header, 0) != HeaderSize || ReadFully(handle, payload, HeaderSize) != payload.Length)
            {
                Interlocked.Increment(ref _corrupt);
                return false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing (never written, or evicted by another process) or unreadable: a miss.
            return false;
        }
        Span<byte> expected = stackalloc byte[HeaderSize];
        FillHeader(expected, index, payload);
        if (!header.SequenceEqual(expected))
        {
            Interlocked.Increment(ref _corrupt);
            return false;
        }
        try
        {
            // The modification time is the "last used" time that eviction orders by.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Evicted meanwhile, or owned by another user: the bytes are verified, only the LRU order suffers.
        }
        return true;
    }

    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> data, long offset)
    {
        int done = 0;
        while (done < data.Length)
        {
            int n = RandomAccess.Read(handle, data[done..], offset + done);
            if (n <= 0) break;
            done += n;
        }
        return done;
    }

    /// <summary>Stores block <paramref name="index"/> atomically (temporary file + rename); false if the disk refused.</summary>
    private bool Write(long index, ReadOnlySpan<byte> data)
    {
        var path = BlockPath(index);
        var temp = $"{path}.{Environment.ProcessId}.{Random.Shared.NextInt64():x}{CacheDirectory.TempSuffix}";
        Span<byte> header = stackalloc byte[HeaderSize];
        FillHeader(header, index, data);
        try
        {
            if (!Volatile.Read(ref _blockDirectoryExists))
            {
                Directory.CreateDirectory(_blockDirectory);
                Volatile.Write(ref _blockDirectoryExists, true);
            }
            // No fsync: after a crash a torn file fails its checksum and is refetched, which is all a cache needs.
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, header, 0);
                RandomAccess.Write(handle, data, HeaderSize);
            }
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory may have been removed by hand; the next write creates it again.
            if (e is DirectoryNotFoundException) Volatile.Write(ref _blockDirectoryExists, false);
            Interlocked.Increment(ref _writeFailures);
            try
            {
                File.Delete(temp);
            }
            catch (Exception e2) when (e2 is IOException or UnauthorizedAccessException)
            {
            }
            return false;
        }
    }

    /// <summary>Disposes the inner source if this source owns it; block files stay for later readers.</summary>
    public void Dispose()
    {
        if (_ownsInner) _inner.Dispose();
    }
}
