using Microsoft.Win32.SafeHandles;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A local file read with positional reads (<see cref="RandomAccess"/>) on one shared handle: no file position
/// is shared, so any number of threads read concurrently without locks.
/// </summary>
public sealed class LocalFileSource : IByteSource
{
    private readonly SafeFileHandle _handle;
    private long _bytesRead;
    private long _requests;

    /// <summary>Opens <paramref name="path"/> for reading (shared with other readers and writers).</summary>
    /// <exception cref="ByteSourceException">The file cannot be opened.</exception>
    public LocalFileSource(string path)
    {
        Name = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ByteSourceException(path, "cannot open file: " + e.Message, e);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public long Length { get; }

    /// <inheritdoc/>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    private void Check(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ByteSourceException(Name, $"read of {length} bytes at offset {offset} is outside the file (length {Length})");
    }

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        Check(offset, destination.Length);
        int done = 0;
        try
        {
            while (done < destination.Length)
            {
                int n = RandomAccess.Read(_handle, destination[done..], offset + done);
                if (n <= 0) throw new ByteSourceException(Name, $"file ended early while reading {destination.Length} bytes at offset {offset}");
                done += n;
            }
        }
        catch (Exception e) when (e is IOException and not ByteSourceException || e is ObjectDisposedException)
        {
            throw new ByteSourceException(Name, $"read of {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
        }
        Interlocked.Add(ref _bytesRead, done);
        Interlocked.Increment(ref _requests);
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        Check(offset, destination.Length);
        int done = 0;
        try
        {
            while (done < destination.Length)
            {
                int n = await RandomAccess.ReadAsync(_handle, destination[done..], offset + done, ct).ConfigureAwait(false);
                if (n <= 0) throw new ByteSourceException(Name, $"file ended early while reading {destination.Length} bytes at offset {offset}");
                done += n;
            }
        }
        catch (Exception e) when (e is IOException and not ByteSourceException || e is ObjectDisposedException)
        {
            throw new ByteSourceException(Name, $"read of {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
        }
        Interlocked.Add(ref _bytesRead, done);
        Interlocked.Increment(ref _requests);
    }

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        for (int i = 0; i < ranges.Count; i++)
            await ReadAsync(ranges[i].Offset, destinations[i], ct).ConfigureAwait(false);
    }

    /// <summary>Closes the file handle.</summary>
    public void Dispose() => _handle.Dispose();
}
