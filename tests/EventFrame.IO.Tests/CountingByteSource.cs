using EventFrame.IO.Bytes;

namespace EventFrame.IO.Tests;

/// <summary>
/// Counts the calls that reach a source: single reads (<see cref="Reads"/>) and vectored reads
/// (<see cref="VectoredReads"/>, one per call whatever its ranges); vectored reads are delayed by <paramref name="delay"/>
/// so that another reader can arrive while one is in flight.
/// </summary>
internal sealed class CountingByteSource(IByteSource inner, TimeSpan delay = default) : IByteSource
{
    private int _reads, _vectored;
    public int Reads => _reads;
    public int VectoredReads => _vectored;
    public string Name => inner.Name;
    public long Length => inner.Length;
    public long BytesRead => inner.BytesRead;
    public long Requests => inner.Requests;

    public void Read(long offset, Span<byte> destination)
    {
        Interlocked.Increment(ref _reads);
        inner.Read(offset, destination);
    }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(offset, destination, ct);
    }

    public void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        Interlocked.Increment(ref _vectored);
        if (delay > TimeSpan.Zero) Thread.Sleep(delay);
        inner.ReadRanges(ranges, destinations);
    }

    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _vectored);
        if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
        await inner.ReadRangesAsync(ranges, destinations, ct);
    }

    public void Dispose() => inner.Dispose();
}
