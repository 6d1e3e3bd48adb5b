using EventFrame.IO.Bytes;

namespace EventFrame.XRootD.Tests;

/// <summary>The IByteSource adapter over a real server: reads, mixed vectored reads, bounds, counters, version.</summary>
public sealed class XRootDByteSourceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly XRootDServer _server = fixture.Server;

    [Fact]
    public async Task ReadsLargeAndSmallRangesAndChecksBounds()
    {
        var data = new byte[3 << 20];
        new Random(21).NextBytes(data);
        var url = _server.Add(data, "source/mixed.bin");
        using var client = new XRootDClient();
        using (var opened = ByteSources.Open(url)) Assert.IsType<XRootDByteSource>(opened);
        using var source = new XRootDByteSource(url, client);
        Assert.Equal(data.Length, source.Length);
        Assert.Equal(url, source.Name);
        Assert.Matches("^[0-9]+-3145728$", source.Version);
        // Two ranges large enough for their own kXR_read, and 300 small ones in one kXR_readv.
        var rng = new Random(22);
        var ranges = new List<ByteRange> { new(10, 1 << 20), new(2 << 20, XRootDByteSource.LargeRange) };
        for (int i = 0; i < 300; i++) ranges.Add(new ByteRange(rng.Next(0, data.Length - 5000), rng.Next(0, 5000)));
        var buffers = ranges.Select(r => (Memory<byte>)new byte[r.Length]).ToList();
        long before = source.ServerRequests;
        await source.ReadRangesAsync(ranges, buffers);
        Assert.Equal(3, source.ServerRequests - before);
        for (int i = 0; i < ranges.Count; i++)
            Assert.True(data.AsSpan((int)ranges[i].Offset, ranges[i].Length).SequenceEqual(buffers[i].Span), $"range {i}");
        var one = new byte[100];
        source.Read(data.Length - 100, one);
        Assert.Equal(data.AsSpan(data.Length - 100).ToArray(), one);
        var e = Assert.Throws<ByteSourceException>(() => source.Read(data.Length - 50, one));
        Assert.Contains(url, e.Message);
        Assert.Contains("outside the file", e.Message);
        await Assert.ThrowsAsync<ByteSourceException>(async () => await source.ReadRangesAsync([new ByteRange(-1, 10)], [new byte[10]]));
        Assert.True(source.BytesRead >= ranges.Sum(r => (long)r.Length) + 100);
    }
}
