using EventFrame.Columns;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;

namespace EventFrame.IO.Tests;

/// <summary>Coalescing of byte ranges, prefetched reads, and the data source reading each cluster in few requests.</summary>
public class RangeCoalescerTests
{
    [Fact]
    public void EveryRangeLandsInExactlyOneMergedRequest()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            var options = new CoalescingOptions(rng.Next(0, 5000), rng.Next(1, 50000));
            var ranges = Enumerable.Range(0, rng.Next(0, 60)).Select(_ => new ByteRange(rng.Next(0, 200000), rng.Next(0, 8000))).ToList();
            var merged = RangeCoalescer.Coalesce(ranges, options);
            foreach (var r in ranges.Where(r => r.Length > 0))
                Assert.Single(merged, m => m.Range.Offset <= r.Offset && r.End <= m.Range.End && m.Parts.Contains(r));
            for (int i = 0; i < merged.Count; i++)
            {
                var m = merged[i];
                Assert.Equal(m.Parts.Min(p => p.Offset), m.Range.Offset);
                Assert.Equal(m.Parts.Max(p => p.End), m.Range.End);
                if (i > 0)
                {
                    var prev = merged[i - 1];
                    Assert.True(prev.Range.End < m.Range.Offset, "overlapping or touching requests");
                    // Two neighbours stay apart only if the gap is too large or merging would exceed the size limit.
                    Assert.True(m.Range.Offset - prev.Range.End > options.MaxGap || m.Range.End - prev.Range.Offset > options.MaxRequestBytes);
                }
            }
        }
    }

    [Fact]
    public void PrefetchedBytesEqualTheSource()
    {
        var rng = new Random(6);
        var data = new byte[100000];
        rng.NextBytes(data);
        var source = new MemoryByteSource(data);
        var ranges = Enumerable.Range(0, 40).Select(_ => { int o = rng.Next(0, 99000); return new ByteRange(o, rng.Next(1, 1000)); }).ToList();
        var pre = PrefetchedRanges.Read(source, ranges);
        Assert.True(pre.Requests <= ranges.Count);
        foreach (var r in ranges)
        {
            Assert.True(pre.TryGet(r.Offset, r.Length, out var bytes));
            Assert.Equal(data.AsSpan((int)r.Offset, r.Length).ToArray(), bytes.ToArray());
        }
        Assert.False(pre.TryGet(-5, 10, out _));
        Assert.False(PrefetchedRanges.Read(source, []).TryGet(0, 1, out _));
        Assert.Throws<ByteSourceException>(() => PrefetchedRanges.Read(source, [new ByteRange(99990, 100)]));
    }

    [Fact]
    public void ClustersAreReadInFewRequests()
    {
        CountingByteSource? last = null;
        ByteSources.Register("c1count", url => last = new CountingByteSource(new LocalFileSource(url["c1count://".Length..])));
        using var source = new RootDataSource("Events", ["c1count://" + Path.Combine(TestData.Dir, "adl", "adl_100k_zlib.root")]);
        var cols = source.Columns.Select(c => c.Name).ToList();
        int baskets = cols.Sum(c => source.Tree(0).GetBranch(c)!.WriteBasket);
        using var reader = source.CreateReader(cols);
        var buffers = source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        int before = last!.Reads + last.VectoredReads;
        foreach (var p in source.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += 3000)
                reader.ReadChunk(p, e, (int)Math.Min(3000, p.EndEntry - e), buffers);
        int reads = last.Reads + last.VectoredReads - before;
        // One coalesced request per cluster (the baskets of a cluster are written together), not one per basket.
        Assert.True(reads <= 2 * source.Partitions.Count, $"{reads} reads for {source.Partitions.Count} clusters and {baskets} baskets");
        Assert.True(baskets > 10 * source.Partitions.Count);
    }
}
