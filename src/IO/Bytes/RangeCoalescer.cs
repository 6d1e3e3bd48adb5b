namespace EventFrame.IO.Bytes;

/// <summary>How nearby byte ranges are merged into fewer, larger requests (uproot's defaults: 32 KiB gap, 10 MiB per request).</summary>
/// <param name="MaxGap">Largest gap of unwanted bytes between two ranges that still merges them.</param>
/// <param name="MaxRequestBytes">Largest merged request (a single range larger than this stays on its own).</param>
public sealed record CoalescingOptions(int MaxGap = 32 * 1024, int MaxRequestBytes = 10 << 20)
{
    /// <summary>The defaults.</summary>
    public static CoalescingOptions Default { get; } = new();
}

/// <summary>A merged request and the original ranges it covers.</summary>
/// <param name="Range">The bytes to request.</param>
/// <param name="Parts">The original ranges inside it, by offset.</param>
public sealed record CoalescedRange(ByteRange Range, IReadOnlyList<ByteRange> Parts);

/// <summary>Merges byte ranges that overlap or lie close together, so that a remote source serves them in few requests.</summary>
public static class RangeCoalescer
{
    /// <summary>
    /// Sorts <paramref name="ranges"/> by offset and merges neighbours whose gap is at most
    /// <see cref="CoalescingOptions.MaxGap"/> while the merged request stays within <see cref="CoalescingOptions.MaxRequestBytes"/>;
    /// overlapping or touching ranges always merge. Every input range lies inside exactly one output range, the outputs
    /// do not overlap, and empty or negative ranges are dropped.
    /// </summary>
    public static IReadOnlyList<CoalescedRange> Coalesce(IEnumerable<ByteRange> ranges, CoalescingOptions? options = null)
    {
        options ??= CoalescingOptions.Default;
        var sorted = ranges.Where(r => r.Length > 0 && r.Offset >= 0).Distinct().OrderBy(r => r.Offset).ThenBy(r => r.Length).ToList();
        var result = new List<CoalescedRange>();
        int i = 0;
        while (i < sorted.Count)
        {
            long start = sorted[i].Offset, end = sorted[i].End;
            var parts = new List<ByteRange> { sorted[i] };
            int j = i + 1;
            // Overlapping or touching ranges always merge (no byte is requested twice); a gap is bridged only while the
            // request stays within the size limit.
            while (j < sorted.Count && (sorted[j].Offset <= end ||
                   sorted[j].Offset - end <= options.MaxGap && Math.Max(end, sorted[j].End) - start <= options.MaxRequestBytes))
            {
                end = Math.Max(end, sorted[j].End);
                parts.Add(sorted[j]);
                j++;
            }
            result.Add(new CoalescedRange(new ByteRange(start, (int)(end - start)), parts));
            i = j;
        }
        return result;
    }
}

/// <summary>
/// Bytes of many ranges read ahead in few coalesced requests (as ROOT's TTreeCache does for a cluster's baskets); later
/// reads of any of the original ranges are served from memory. The blocks are pooled: dispose the object when done, after
/// which <see cref="TryGet"/> finds nothing. Readers inside the assembly may borrow a block (to decode a basket straight
/// out of it); the blocks go back to the pool only once the object is disposed and every borrow is returned.
/// </summary>
public sealed class PrefetchedRanges : IDisposable
{
    private List<(long Start, int Length, byte[] Data)> _blocks;
    private readonly List<(long Start, int Length, byte[] Data)> _owned;
    // One reference for the owner (dropped by Dispose) plus one per outstanding borrow; at zero the blocks are returned.
    private int _references = 1;
    private int _disposed;

    private PrefetchedRanges(List<(long, int, byte[])> blocks)
    {
        _blocks = blocks;
        _owned = blocks;
    }

    /// <summary>Total bytes held.</summary>
    public long Bytes => _blocks.Sum(b => (long)b.Length);

    /// <summary>Number of requests that were made (merged ranges).</summary>
    public int Requests => _blocks.Count;

    /// <summary>Reads <paramref name="ranges"/> from <paramref name="source"/> with one <see cref="IByteSource.ReadRanges"/> call over their coalesced form.</summary>
    /// <exception cref="ByteSourceException">A read failed or a range is outside the source.</exception>
    public static PrefetchedRanges Read(IByteSource source, IEnumerable<ByteRange> ranges, CoalescingOptions? options = null)
    {
        var (result, requests, destinations) = Prepare(ranges, options);
        try
        {
            if (requests.Count > 0) source.ReadRanges(requests, destinations);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>
    /// Reads <paramref name="ranges"/> as <see cref="Read"/> does, with <see cref="IByteSource.ReadRangesAsync"/>: no
    /// thread waits while the bytes travel (for reading ahead in the background).
    /// </summary>
    /// <exception cref="ByteSourceException">A read failed or a range is outside the source.</exception>
    public static async Task<PrefetchedRanges> ReadAsync(IByteSource source, IEnumerable<ByteRange> ranges, CoalescingOptions? options = null, CancellationToken ct = default)
    {
        var (result, requests, destinations) = Prepare(ranges, options);
        try
        {
            if (requests.Count > 0) await source.ReadRangesAsync(requests, destinations, ct).ConfigureAwait(false);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>The coalesced requests, pooled buffers for them, and the object that owns those buffers.</summary>
    private static (PrefetchedRanges Result, List<ByteRange> Requests, List<Memory<byte>> Destinations) Prepare(IEnumerable<ByteRange> ranges, CoalescingOptions? options)
    {
        var requests = RangeCoalescer.Coalesce(ranges, options).Select(m => m.Range).ToList();
        var buffers = requests.Select(r => System.Buffers.ArrayPool<byte>.Shared.Rent(r.Length)).ToList();
        var result = new PrefetchedRanges(requests.Select((r, k) => (r.Offset, r.Length, buffers[k])).ToList());
        return (result, requests, requests.Select((r, k) => new Memory<byte>(buffers[k], 0, r.Length)).ToList());
    }

    /// <summary>Returns the prefetched bytes <c>[offset, offset + length)</c> if one read block holds all of them.</summary>
    public bool TryGet(long offset, int length, out ReadOnlySpan<byte> bytes)
    {
        if (TryGetBlock(offset, length, out var block, out int start))
        {
            bytes = block.AsSpan(start, length);
            return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>
    /// Finds the block that holds all of <c>[offset, offset + length)</c>: its array and where the range starts in it.
    /// The array stays valid while the object is not disposed, or while a borrow taken with <see cref="Borrow"/> is held.
    /// </summary>
    internal bool TryGetBlock(long offset, int length, out byte[] block, out int start)
    {
        var blocks = _blocks;
        int lo = 0, hi = blocks.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (blocks[mid].Start <= offset) lo = mid + 1;
            else hi = mid - 1;
        }
        if (hi >= 0 && length >= 0)
        {
            var (blockStart, blockLength, data) = blocks[hi];
            if (offset - blockStart <= blockLength - length)
            {
                block = data;
                start = (int)(offset - blockStart);
                return true;
            }
        }
        block = [];
        start = 0;
        return false;
    }

    /// <summary>
    /// Keeps the blocks out of the pool until a matching <see cref="ReturnBorrow"/>, even if the object is disposed
    /// meanwhile: taken by a basket that decodes its values straight out of a block found by <see cref="TryGetBlock"/>
    /// (call it before the object can be disposed, i.e. on the thread that owns it).
    /// </summary>
    internal void Borrow()
    {
        if (Interlocked.Increment(ref _references) <= 1)
            throw new ObjectDisposedException(nameof(PrefetchedRanges), "borrowed prefetched blocks after they went back to the pool");
    }

    /// <summary>Whether the blocks went back to the pool (the object is disposed and no borrow is held).</summary>
    internal bool Returned => Volatile.Read(ref _references) == 0;

    /// <summary>Ends one <see cref="Borrow"/>; the last reference returns the blocks to the pool.</summary>
    internal void ReturnBorrow() => Unreference();

    private void Unreference()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            foreach (var b in _owned) System.Buffers.ArrayPool<byte>.Shared.Return(b.Data);
    }

    /// <summary>
    /// Makes <see cref="TryGet"/> find nothing and returns the blocks to the pool, at once or, while baskets still borrow
    /// them, when the last one is released.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _blocks = [];
        Unreference();
    }
}
