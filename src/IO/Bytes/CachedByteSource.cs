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
    private readonly LinkedList<(long Index, byte[] Data)> _memory = new();
    private readonly Dictionary<long, TaskCompletionSource<byte[]>> _inFlight = new();
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

    private void Check(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ByteSourceException(Name, $"read of {length} bytes at offset {offset} is outside the source (length {Length})");
    }

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        Check(offset, destination.Length);
        if (destination.Length == 0) return;
        var range = new ByteRange(offset, destination.Length);
        var blocks = GetBlocksAsync([range], sync: true, default);
        Copy(range, blocks.GetAwaiter().GetResult(), destination);
        Count(destination.Length, 1);
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        Check(offset, destination.Length);
        if (destination.Length == 0) return;
        var range = new ByteRange(offset, destination.Length);
        Copy(range, await GetBlocksAsync([range], sync: false, ct).ConfigureAwait(false), destination.Span);
        Count(destination.Length, 1);
    }

    /// <inheritdoc/>
    public void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        CheckAll(ranges, destinations);
        var blocks = GetBlocksAsync(ranges, sync: true, default).GetAwaiter().GetResult();
        CopyAll(ranges, destinations, blocks);
    }

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        CheckAll(ranges, destinations);
        CopyAll(ranges, destinations, await GetBlocksAsync(ranges, sync: false, ct).ConfigureAwait(false));
    }

    private void CheckAll(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        foreach (var r in ranges) Check(r.Offset, r.Length);
    }

    private void CopyAll(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, Dictionary<long, byte[]> blocks)
    {
        long bytes = 0;
        for (int i = 0; i < ranges.Count; i++)
        {
            Copy(ranges[i], blocks, destinations[i].Span);
            bytes += ranges[i].Length;
        }
        Count(bytes, ranges.Count);
    }

    private void Count(long bytes, int requests)
    {
        Interlocked.Add(ref _bytesRead, bytes);
        Interlocked.Add(ref _requests, requests);
    }

    private void Copy(ByteRange range, Dictionary<long, byte[]> blocks, Span<byte> destination)
    {
        long b = _options.BlockSize;
        for (long pos = range.Offset; pos < range.End;)
        {
            long index = pos / b;
            int within = (int)(pos - index * b);
            int n = (int)Math.Min(range.End - pos, b - within);
            blocks[index].AsSpan(within, n).CopyTo(destination[(int)(pos - range.Offset)..]);
            pos += n;
        }
    }

    /// <summary>
    /// Returns every block that <paramref name="ranges"/> touch: from memory, from valid block files, from fetches other
    /// threads already have in flight, and the rest from one inner vectored read (written to the cache afterwards).
    /// With <paramref name="sync"/> everything runs synchronously and the returned task is complete.
    /// </summary>
    private async ValueTask<Dictionary<long, byte[]>> GetBlocksAsync(IReadOnlyList<ByteRange> ranges, bool sync, CancellationToken ct)
    {
        long b = _options.BlockSize;
        var wanted = new SortedSet<long>();
        foreach (var r in ranges)
            if (r.Length > 0)
                for (long k = r.Offset / b; k <= (r.End - 1) / b; k++) wanted.Add(k);
        var blocks = new Dictionary<long, byte[]>(wanted.Count);
        var fetch = new List<(long Index, TaskCompletionSource<byte[]> Done)>();
        var waits = new List<(long Index, Task<byte[]> Done)>();
        foreach (var k in wanted)
        {
            var data = TryMemory(k);
            if (data is null && (data = TryFile(k)) is not null) Remember(k, data);
            if (data is not null)
            {
                blocks[k] = data;
                Interlocked.Increment(ref _hits);
                Interlocked.Add(ref _bytesFromCache, data.Length);
                continue;
            }
            lock (_inFlight)
            {
                if (_inFlight.TryGetValue(k, out var other)) waits.Add((k, other.Task));
                else
                {
                    var mine = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight[k] = mine;
                    fetch.Add((k, mine));
                }
            }
        }
        if (fetch.Count > 0) await FetchAsync(fetch, blocks, sync, ct).ConfigureAwait(false);
        foreach (var (k, done) in waits)
            blocks[k] = sync ? done.GetAwaiter().GetResult() : await done.WaitAsync(ct).ConfigureAwait(false);
        return blocks;
    }

    private int BlockLength(long index) => (int)Math.Min(_options.BlockSize, Length - index * _options.BlockSize);

    private async ValueTask FetchAsync(List<(long Index, TaskCompletionSource<byte[]> Done)> fetch, Dictionary<long, byte[]> blocks, bool sync, CancellationToken ct)
    {
        var ranges = new ByteRange[fetch.Count];
        var buffers = new byte[fetch.Count][];
        var memories = new Memory<byte>[fetch.Count];
        for (int i = 0; i < fetch.Count; i++)
        {
            ranges[i] = new ByteRange(fetch[i].Index * _options.BlockSize, BlockLength(fetch[i].Index));
            buffers[i] = GC.AllocateUninitializedArray<byte>(ranges[i].Length);
            memories[i] = buffers[i];
        }
        try
        {
            if (sync) _inner.ReadRanges(ranges, memories);
            else await _inner.ReadRangesAsync(ranges, memories, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            lock (_inFlight)
                foreach (var (k, done) in fetch)
                {
                    _inFlight.Remove(k);
                    if (e is OperationCanceledException) done.SetCanceled(CancellationToken.None);
                    else done.SetException(e);
                }
            throw;
        }
        long written = 0;
        for (int i = 0; i < fetch.Count; i++)
        {
            var (k, done) = fetch[i];
            if (Write(k, buffers[i])) written += HeaderSize + buffers[i].Length;
            Remember(k, buffers[i]);
            blocks[k] = buffers[i];
            lock (_inFlight) _inFlight.Remove(k);
            done.SetResult(buffers[i]);
        }
        Interlocked.Add(ref _misses, fetch.Count);
        if (written > 0) _directory.Added(written, _options.MaxBytes);
    }

    private byte[]? TryMemory(long index)
    {
        if (_options.MemoryBlocks == 0) return null;
        lock (_memory)
            for (var node = _memory.First; node is not null; node = node.Next)
                if (node.Value.Index == index)
                {
                    _memory.Remove(node);
                    _memory.AddFirst(node);
                    return node.Value.Data;
                }
        return null;
    }

    private void Remember(long index, byte[] data)
    {
        if (_options.MemoryBlocks == 0) return;
        lock (_memory)
        {
            for (var node = _memory.First; node is not null; node = node.Next)
                if (node.Value.Index == index) return;
            _memory.AddFirst((index, data));
            if (_memory.Count > _options.MemoryBlocks) _memory.RemoveLast();
        }
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

    /// <summary>Reads and verifies block file <paramref name="index"/>; null when it is missing or invalid.</summary>
    private byte[]? TryFile(long index)
    {
        var path = BlockPath(index);
        int length = BlockLength(index);
        byte[] data;
        Span<byte> header = stackalloc byte[HeaderSize];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength != HeaderSize + length)
            {
                Interlocked.Increment(ref _corrupt);
                return null;
            }
            data = GC.AllocateUninitializedArray<byte>(length);
            if (RandomAccess.Read(handle, header, 0) != HeaderSize || ReadFully(handle, data, HeaderSize) != length)
            {
                Interlocked.Increment(ref _corrupt);
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing (never written, or evicted by another process) or unreadable: a miss.
            return null;
        }
        Span<byte> expected = stackalloc byte[HeaderSize];
        FillHeader(expected, index, data);
        if (!header.SequenceEqual(expected))
        {
            Interlocked.Increment(ref _corrupt);
            return null;
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
        return data;
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
    private bool Write(long index, byte[] data)
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
