using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// The read-through block cache: second passes served without inner reads, one inner vectored read per outer read,
/// corrupt block files detected and repaired, the LRU bound, and several independent users of one directory.
/// </summary>
public sealed class CachedByteSourceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ef-cache-test-" + Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string AdlPath => Path.Combine(TestData.Dir, "adl", "adl_100k_lz4.root");

    /// <summary>The byte ranges of every basket of the ADL tree, grouped by cluster as the reader prefetches them.</summary>
    internal static List<ByteRange[]> AdlBasketRanges()
    {
        using var file = RootFile.Open(AdlPath);
        var tree = RootTree.Read(file, "Events");
        var ranges = new List<(long Entry, ByteRange Range)>();
        foreach (var b in tree.AllBranches)
            for (int i = 0; i < b.BasketCount; i++)
                if (b.BasketBytes[i] > 0) ranges.Add((b.BasketEntry[i], new ByteRange(b.BasketSeek[i], b.BasketBytes[i])));
        return ranges.GroupBy(r => r.Entry).OrderBy(g => g.Key).Select(g => g.Select(r => r.Range).ToArray()).ToList();
    }

    private static void ReadAll(IByteSource source, List<ByteRange[]> groups, byte[] expected)
    {
        foreach (var group in groups)
        {
            var buffers = group.Select(r => new Memory<byte>(new byte[r.Length])).ToArray();
            source.ReadRanges(group, buffers);
            for (int i = 0; i < group.Length; i++)
                Assert.True(buffers[i].Span.SequenceEqual(expected.AsSpan((int)group[i].Offset, group[i].Length)), $"range {group[i]} differs");
        }
    }

    [Fact]
    public async Task SecondPassIsServedWithoutInnerReads()
    {
        var expected = File.ReadAllBytes(AdlPath);
        var groups = AdlBasketRanges();
        var options = new CacheOptions(_dir, 1L << 30, 256 * 1024);
        var inner1 = new CountingByteSource(new LocalFileSource(AdlPath));
        using (var first = new CachedByteSource(inner1, options))
        {
            ReadAll(first, groups, expected);
            // Each outer vectored read sends at most one inner vectored read, never single reads.
            Assert.InRange(inner1.VectoredReads, 1, groups.Count);
            Assert.Equal(0, inner1.Reads);
            Assert.Equal((expected.Length + options.BlockSize - 1) / options.BlockSize, first.Misses + 0L);
            Assert.True(first.Hits > 0, "baskets of later clusters share blocks with earlier ones");
        }
        var inner2 = new CountingByteSource(new LocalFileSource(AdlPath));
        using var second = new CachedByteSource(inner2, options);
        ReadAll(second, groups, expected);
        var rng = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            int len = rng.Next(0, 3 * options.BlockSize);
            long off = rng.NextInt64(0, expected.Length - len + 1);
            var buf = new byte[len];
            if (i % 2 == 0) second.Read(off, buf);
            else await second.ReadAsync(off, buf);
            Assert.True(buf.AsSpan().SequenceEqual(expected.AsSpan((int)off, len)));
        }
        Assert.Equal(0, inner2.Reads + inner2.VectoredReads);
        Assert.Equal(0, second.Misses);
        Assert.True(second.BytesFromCache >= expected.Length);
    }

    [Fact]
    public void RootFileOverTheCacheReadsTheSameTree()
    {
        var options = new CacheOptions(_dir, 1L << 30, 64 * 1024);
        for (int pass = 0; pass < 2; pass++)
        {
            var inner = new CountingByteSource(new LocalFileSource(TestData.RootFile("uproot-HZZ.root")));
            using var file = RootFile.Open(new CachedByteSource(inner, options));
            var tree = RootTree.Read(file, "events");
            Assert.Equal(2421, tree.Entries);
            Assert.Equal(pass == 0, inner.Reads + inner.VectoredReads > 0);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConcurrentReadersOfOneMissingBlockFetchItOnce(bool firstReadsWholeBlock)
    {
        var expected = File.ReadAllBytes(AdlPath);
        const int block = 64 * 1024;
        var inner = new CountingByteSource(new LocalFileSource(AdlPath), TimeSpan.FromSeconds(1));
        using var source = new CachedByteSource(inner, new CacheOptions(_dir, 1L << 30, block));
        // One reader wants the whole block (read straight into its buffer), the other a piece of it (through a block buffer).
        var whole = new ByteRange(3 * block, block);
        var piece = new ByteRange(3 * block + 100, 5000);
        var (a, b) = firstReadsWholeBlock ? (whole, piece) : (piece, whole);
        var bufA = new byte[a.Length];
        var bufB = new byte[b.Length];
        var first = new Thread(() => source.Read(a.Offset, bufA));
        first.Start();
        // The first reader is inside the slow inner read by now, with the block registered as in flight.
        SpinWait.SpinUntil(() => inner.VectoredReads == 1, 10_000);
        source.Read(b.Offset, bufB);
        first.Join();
        Assert.Equal(expected.AsSpan((int)a.Offset, a.Length).ToArray(), bufA);
        Assert.Equal(expected.AsSpan((int)b.Offset, b.Length).ToArray(), bufB);
        Assert.Equal(1, inner.VectoredReads);
        Assert.Equal(1, source.Misses);
    }

    [Fact]
    public void CorruptBlockFilesAreDetectedAndRewritten()
    {
        var expected = File.ReadAllBytes(AdlPath);
        var options = new CacheOptions(_dir, 1L << 30, 64 * 1024, memoryBlocks: 0);
        var ranges = new[] { new ByteRange(0, 64 * 1024), new ByteRange(64 * 1024 + 10, 64 * 1024), new ByteRange(5 * 64 * 1024, 100), new ByteRange(7 * 64 * 1024, 5) };
        Memory<byte>[] Buffers() => ranges.Select(r => new Memory<byte>(new byte[r.Length])).ToArray();
        void Check(Memory<byte>[] b)
        {
            for (int i = 0; i < ranges.Length; i++) Assert.True(b[i].Span.SequenceEqual(expected.AsSpan((int)ranges[i].Offset, ranges[i].Length)));
        }
        using (var first = new CachedByteSource(new LocalFileSource(AdlPath), options))
        {
            var b = Buffers();
            first.ReadRanges(ranges, b);
            Check(b);
            Assert.Equal(5, first.Misses);
            // A flipped payload bit, a truncated file, a header of another block, and a torn (empty) file.
            var flip = File.ReadAllBytes(first.BlockPath(0));
            flip[^100] ^= 0x10;
            File.WriteAllBytes(first.BlockPath(0), flip);
            using (var f = new FileStream(first.BlockPath(1), FileMode.Open)) f.SetLength(f.Length - 1);
            var other = File.ReadAllBytes(first.BlockPath(2));
            File.Copy(first.BlockPath(5), first.BlockPath(2), overwrite: true);
            File.WriteAllBytes(first.BlockPath(7), []);
            Assert.NotEqual(other, File.ReadAllBytes(first.BlockPath(2)));
        }
        var inner = new CountingByteSource(new LocalFileSource(AdlPath));
        using (var second = new CachedByteSource(inner, options))
        {
            var b = Buffers();
            second.ReadRanges(ranges, b);
            Check(b);
            Assert.Equal(4, second.CorruptBlocks);
            Assert.Equal(4, second.Misses);
            Assert.Equal(1, second.Hits);
            Assert.Equal(1, inner.VectoredReads);
        }
        using var third = new CachedByteSource(new LocalFileSource(AdlPath), options);
        var c = Buffers();
        third.ReadRanges(ranges, c);
        Check(c);
        Assert.Equal(0, third.Misses + third.CorruptBlocks);
    }

    [Fact]
    public void TheDirectoryStaysWithinItsBoundEvictingLeastRecentlyUsed()
    {
        const int block = 16 * 1024;
        long fileBytes = block + 64;
        var options = new CacheOptions(_dir, 10 * fileBytes, block, memoryBlocks: 0);
        ByteRange[] Blocks(int from, int to) => Enumerable.Range(from, to - from).Select(k => new ByteRange((long)k * block, block)).ToArray();
        void Read(CachedByteSource s, ByteRange[] r) => s.ReadRanges(r, r.Select(x => new Memory<byte>(new byte[x.Length])).ToArray());
        using var source = new CachedByteSource(new LocalFileSource(AdlPath), options);
        Read(source, Blocks(0, 10));
        Assert.Equal(0, source.Evicted);
        Thread.Sleep(50);
        using (var again = new CachedByteSource(new LocalFileSource(AdlPath), options))
        {
            Read(again, Blocks(0, 5));
            Assert.Equal(5, again.Hits);
        }
        Thread.Sleep(50);
        Read(source, Blocks(10, 15));
        long total = Directory.EnumerateFiles(_dir, "*.blk", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(total <= options.MaxBytes, $"{total} bytes in the cache, bound {options.MaxBytes}");
        Assert.Equal(6, source.Evicted);
        for (int k = 5; k < 10; k++) Assert.False(File.Exists(source.BlockPath(k)), $"block {k} was used least recently");
        for (int k = 10; k < 15; k++) Assert.True(File.Exists(source.BlockPath(k)), $"block {k} was just written");
        Assert.Equal(4, Enumerable.Range(0, 5).Count(k => File.Exists(source.BlockPath(k))));
    }

    [Fact]
    public void IndependentUsersOfOneDirectoryReadCorrectBytes()
    {
        var expected = File.ReadAllBytes(AdlPath);
        // A small bound, so that both "processes" evict while the other reads and writes.
        var options = new CacheOptions(_dir, 40L * (32 * 1024 + 64), 32 * 1024, memoryBlocks: 2);
        using var a = new CachedByteSource(new LocalFileSource(AdlPath), options, true, CacheDirectory.Unshared(options.Directory));
        using var b = new CachedByteSource(new LocalFileSource(AdlPath), options, true, CacheDirectory.Unshared(options.Directory));
        using var c = new CachedByteSource(new LocalFileSource(AdlPath), options);
        var sources = new[] { a, b, c };
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, t =>
        {
            var rng = new Random(1000 + t);
            var source = sources[t % 3];
            for (int i = 0; i < 150; i++)
            {
                // Reads cluster in the first 3 MiB so that blocks are shared, rewritten and evicted concurrently.
                var ranges = Enumerable.Range(0, rng.Next(1, 6)).Select(_ =>
                {
                    int len = rng.Next(1, 70_000);
                    return new ByteRange(rng.NextInt64(0, 3_000_000 - len), len);
                }).ToArray();
                var buffers = ranges.Select(r => new Memory<byte>(new byte[r.Length])).ToArray();
                if (i % 2 == 0) source.ReadRanges(ranges, buffers);
                else source.ReadRangesAsync(ranges, buffers).AsTask().GetAwaiter().GetResult();
                for (int k = 0; k < ranges.Length; k++)
                    Assert.True(buffers[k].Span.SequenceEqual(expected.AsSpan((int)ranges[k].Offset, ranges[k].Length)), $"thread {t} read {i} range {ranges[k]}");
            }
        });
        Assert.True(sources.Sum(s => s.Evicted) > 0);
        Assert.True(sources.Sum(s => s.Hits) > 0);
        Assert.Equal(0, sources.Sum(s => s.CorruptBlocks));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void AnUnwritableCacheStillServesReads()
    {
        var expected = File.ReadAllBytes(TestData.RootFile("uproot-HZZ.root"));
        var options = new CacheOptions(_dir, 1L << 30, 4096);
        using var source = new CachedByteSource(new LocalFileSource(TestData.RootFile("uproot-HZZ.root")), options);
        // A file where the block subdirectory should be: every block write fails.
        File.WriteAllBytes(Path.GetDirectoryName(source.BlockPath(0))!, [1]);
        var buf = new byte[10000];
        source.Read(100, buf);
        Assert.Equal(expected[100..10100], buf);
        Assert.True(source.WriteFailures > 0);
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RemoteSourcesOpenedWithACacheSkipTheNetworkOnTheSecondPass()
    {
        await using var server = await TestHttpServer.StartOverTestDataAsync();
        var expected = File.ReadAllBytes(AdlPath);
        var groups = AdlBasketRanges();
        var options = new CacheOptions(_dir);
        var url = server.Url("multi", "adl_100k_lz4.root");
        using (var first = Assert.IsType<CachedByteSource>(ByteSources.OpenWithCache(url, options)))
        {
            ReadAll(first, groups, expected);
            var http = Assert.IsType<HttpByteSource>(first.Inner);
            // HEAD plus at most one multi-range GET per cluster.
            Assert.InRange(http.HttpRequests, 2, 1 + groups.Count);
        }
        using var second = Assert.IsType<CachedByteSource>(ByteSources.OpenWithCache(url, options));
        ReadAll(second, groups, expected);
        Assert.Equal(1, ((HttpByteSource)second.Inner).HttpRequests);
        Assert.Equal(0, second.Misses);
        Assert.IsType<LocalFileSource>(ByteSources.OpenWithCache(AdlPath, options));
    }

    [Theory]
    [InlineData("1048576", 1L << 20)]
    [InlineData("500M", 500L << 20)]
    [InlineData("10GiB", 10L << 30)]
    [InlineData(" 2g ", 2L << 30)]
    [InlineData("1T", 1L << 40)]
    [InlineData("64KB", 64L << 10)]
    public void SizesParse(string text, long bytes) => Assert.Equal(bytes, CacheOptions.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("12X")]
    [InlineData("99999999999T")]
    [InlineData("1.5G")]
    public void BadSizesAreRejected(string text) =>
        Assert.Contains("EVENTFRAME_CACHE_MAX_BYTES", Assert.Throws<ArgumentException>(() => CacheOptions.ParseSize(text, "EVENTFRAME_CACHE_MAX_BYTES")).Message);

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new CacheOptions(_dir, 1000, 4096));
        Assert.Throws<ArgumentException>(() => new CacheOptions(_dir, 1L << 30, 100));
        Assert.Throws<ArgumentException>(() => new CacheOptions(" "));
        Assert.True(Path.IsPathRooted(new CacheOptions("relative/dir").Directory));
    }
}
