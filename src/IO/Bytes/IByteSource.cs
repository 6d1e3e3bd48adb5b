using System.Buffers;

namespace EventFrame.IO.Bytes;

/// <summary>A contiguous range of bytes in a source: <paramref name="Length"/> bytes starting at <paramref name="Offset"/>.</summary>
/// <param name="Offset">Position of the first byte, from the start of the source.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct ByteRange(long Offset, int Length)
{
    /// <summary>Position one past the last byte (<c>Offset + Length</c>).</summary>
    public long End => Offset + Length;
}

/// <summary>
/// Random-access, read-only bytes: a local file, or later a remote one (XRootD, HTTP). Implementations are
/// thread-safe: any number of threads may read at the same time. Every read is checked against <see cref="Length"/>.
/// </summary>
public interface IByteSource : IDisposable
{
    /// <summary>The path or URL the source was opened from, for messages.</summary>
    string Name { get; }

    /// <summary>Total number of bytes in the source.</summary>
    long Length { get; }

    /// <summary>Number of bytes delivered by all reads so far.</summary>
    long BytesRead { get; }

    /// <summary>Number of read requests served so far (a vectored read counts once per range it contains).</summary>
    long Requests { get; }

    /// <summary>Fills <paramref name="destination"/> with the bytes at <c>[offset, offset + destination.Length)</c>.</summary>
    /// <exception cref="ByteSourceException">The range is not inside <c>[0, Length)</c> or the underlying read failed.</exception>
    void Read(long offset, Span<byte> destination);

    /// <summary>Asynchronously fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>.</summary>
    /// <exception cref="ByteSourceException">The range is not inside <c>[0, Length)</c> or the underlying read failed.</exception>
    ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default);

    /// <summary>
    /// Reads several ranges, <c>ranges[i]</c> into <c>destinations[i]</c> (which must have exactly <c>ranges[i].Length</c>
    /// bytes); remote sources send them as one vectored request.
    /// </summary>
    /// <exception cref="ByteSourceException">A range is out of bounds, the lists disagree, or a read failed.</exception>
    ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default);

    /// <summary>
    /// Synchronously reads several ranges, <c>ranges[i]</c> into <c>destinations[i]</c>. The default reads them one by one
    /// with <see cref="Read"/>; remote sources override it with one vectored request.
    /// </summary>
    /// <exception cref="ByteSourceException">A range is out of bounds, the lists disagree, or a read failed.</exception>
    void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        for (int i = 0; i < ranges.Count; i++) Read(ranges[i].Offset, destinations[i].Span);
    }

    /// <summary>
    /// Whether <see cref="TryPin"/> lends bytes in place: the whole source is addressable memory (a memory-mapped file),
    /// so a read is a memory access and reading ahead into buffers would only add a copy. The default is false.
    /// </summary>
    bool CanPin => false;

    /// <summary>
    /// Lends the bytes <c>[offset, offset + length)</c> in place, without copying: on success <c>pin.Pointer</c> addresses
    /// them, and they stay readable (even if the source is disposed meanwhile) until <paramref name="pin"/> is disposed,
    /// which the caller must do exactly once. Returns false, with a default <paramref name="pin"/>, when the source does
    /// not hold its bytes in memory; the caller then uses <see cref="Read"/>. The default always returns false.
    /// </summary>
    /// <exception cref="ByteSourceException">The range is not inside <c>[0, Length)</c> or the source is disposed.</exception>
    bool TryPin(long offset, int length, out MemoryHandle pin)
    {
        pin = default;
        return false;
    }
}

/// <summary>A read from an <see cref="IByteSource"/> failed or asked for bytes outside the source.</summary>
public class ByteSourceException : IOException
{
    /// <summary>Creates the exception for source <paramref name="sourceName"/> with a message that names it.</summary>
    public ByteSourceException(string sourceName, string message, Exception? inner = null)
        : base($"{sourceName}: {message}", inner) => SourceName = sourceName;

    /// <summary>The <see cref="IByteSource.Name"/> of the source that failed.</summary>
    public string SourceName { get; }
}
