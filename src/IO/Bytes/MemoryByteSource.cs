namespace EventFrame.IO.Bytes;

/// <summary>An <see cref="IByteSource"/> over bytes in memory (tests, caches, data received over the network).</summary>
public sealed class MemoryByteSource : IByteSource
{
    private readonly ReadOnlyMemory<byte> _data;
    private long _bytesRead;
    private long _requests;

    /// <summary>Wraps <paramref name="data"/> (not copied) under the name <paramref name="name"/>.</summary>
    public MemoryByteSource(ReadOnlyMemory<byte> data, string name = "memory")
    {
        _data = data;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public long Length => _data.Length;

    /// <inheritdoc/>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > _data.Length - destination.Length)
            throw new ByteSourceException(Name, $"read of {destination.Length} bytes at offset {offset} is outside the data (length {_data.Length})");
        _data.Span.Slice((int)offset, destination.Length).CopyTo(destination);
        Interlocked.Add(ref _bytesRead, destination.Length);
        Interlocked.Increment(ref _requests);
    }

    /// <inheritdoc/>
    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Read(offset, destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        for (int i = 0; i < ranges.Count; i++) Read(ranges[i].Offset, destinations[i].Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }
}
