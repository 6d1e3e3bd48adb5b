using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EventFrame.IO.Bytes;

namespace EventFrame.IO.Tests;

/// <summary>HttpByteSource against a real Kestrel server: range and vectored reads, fallbacks, redirects, errors, TLS.</summary>
public class HttpByteSourceTests(HttpServerFixture fixture) : IClassFixture<HttpServerFixture>
{
    private TestHttpServer Server => fixture.Server;

    private static readonly HttpSourceOptions Fast = new() { MaxAttempts = 3, Timeout = TimeSpan.FromSeconds(20) };

    private static byte[] Local(string name) =>
        File.ReadAllBytes(File.Exists(TestData.RootFile(name)) ? TestData.RootFile(name) : Path.Combine(TestData.Dir, "adl", name));

    private static (ByteRange[] Ranges, Memory<byte>[] Buffers) RandomRanges(int seed, int count, long length, int maxLength)
    {
        var rng = new Random(seed);
        var ranges = new ByteRange[count];
        for (int i = 0; i < count; i++)
        {
            int len = rng.Next(0, maxLength);
            ranges[i] = new ByteRange(rng.NextInt64(0, length - len + 1), len);
        }
        // Touching and overlapping neighbours, which servers may merge into one part.
        if (count > 3)
        {
            ranges[1] = new ByteRange(ranges[0].End, Math.Min(100, (int)(length - ranges[0].End)));
            ranges[2] = ranges[0] with { Length = ranges[0].Length / 2 };
        }
        return (ranges, ranges.Select(r => new Memory<byte>(new byte[r.Length])).ToArray());
    }

    private static void AssertRanges(byte[] all, ByteRange[] ranges, Memory<byte>[] buffers)
    {
        for (int i = 0; i < ranges.Length; i++)
            Assert.True(buffers[i].Span.SequenceEqual(all.AsSpan((int)ranges[i].Offset, ranges[i].Length)), $"range {i} {ranges[i]} differs");
    }

    [Theory]
    [InlineData("files")]
    [InlineData("multi")]
    public async Task RangeReadsMatchTheLocalFile(string endpoint)
    {
        var all = Local("uproot-HZZ.root");
        using var source = new HttpByteSource(Server.Url(endpoint, "uproot-HZZ.root"), Fast);
        Assert.Equal(all.Length, source.Length);
        Assert.NotNull(source.Version);
        var rng = new Random(11);
        for (int i = 0; i < 40; i++)
        {
            int len = rng.Next(1, 5000);
            long off = rng.NextInt64(0, all.Length - len + 1);
            var buf = new byte[len];
            if (i % 2 == 0) source.Read(off, buf);
            else await source.ReadAsync(off, buf);
            Assert.True(buf.AsSpan().SequenceEqual(all.AsSpan((int)off, len)), $"read {i} at {off}");
        }
        Assert.Equal(40, source.Requests);
        Assert.Throws<ByteSourceException>(() => source.Read(all.Length - 2, new byte[3]));
    }

    [Theory]
    [InlineData("multi/adl_100k_lz4.root")]
    [InlineData("multi/adl_100k_lz4.root?merge=1")]
    public async Task VectoredReadIsOneMultipartRequest(string path)
    {
        var all = Local("adl_100k_lz4.root");
        using var source = new HttpByteSource($"{Server.BaseUrl}/{path}", Fast);
        var (ranges, buffers) = RandomRanges(5, 60, all.Length, 20000);
        long before = source.HttpRequests;
        await source.ReadRangesAsync(ranges, buffers);
        Assert.Equal(1, source.HttpRequests - before);
        AssertRanges(all, ranges, buffers);
        (ranges, buffers) = RandomRanges(6, 30, all.Length, 3000);
        ((IByteSource)source).ReadRanges(ranges, buffers);
        Assert.Equal(2, source.HttpRequests - before);
        AssertRanges(all, ranges, buffers);
        // Ranges that only touch are read straight into their buffers, in any order given.
        ranges = [new ByteRange(100, 150), new ByteRange(0, 100), new ByteRange(250, 750), new ByteRange(400_000, 10)];
        buffers = ranges.Select(r => new Memory<byte>(new byte[r.Length])).ToArray();
        await source.ReadRangesAsync(ranges, buffers);
        Assert.Equal(3, source.HttpRequests - before);
        AssertRanges(all, ranges, buffers);
        Assert.False(source.SingleRangesOnly);
    }

    [Fact]
    public void ManyRangesAreSplitIntoBoundedRequests()
    {
        var all = Local("adl_100k_lz4.root");
        using var source = new HttpByteSource(Server.Url("multi", "adl_100k_lz4.root"), Fast with { MaxRangesPerRequest = 16 });
        // Ranges far apart so that none merge: 100 ranges → 7 requests of at most 16.
        var ranges = Enumerable.Range(0, 100).Select(i => new ByteRange(i * 150_000L, 1000)).ToArray();
        var buffers = ranges.Select(r => new Memory<byte>(new byte[r.Length])).ToArray();
        long before = source.HttpRequests;
        source.ReadRanges(ranges, buffers);
        Assert.Equal(7, source.HttpRequests - before);
        AssertRanges(all, ranges, buffers);
    }

    [Fact]
    public void ServerIgnoringMultiRangeFallsBackToSingleRanges()
    {
        // ASP.NET Core's file result serves single ranges but answers a multi-range request with 200 and the whole file.
        var all = Local("adl_100k_lz4.root");
        using var source = new HttpByteSource(Server.Url("files", "adl_100k_lz4.root"), Fast);
        var (ranges, buffers) = RandomRanges(7, 12, all.Length, 50000);
        source.ReadRanges(ranges, buffers);
        AssertRanges(all, ranges, buffers);
        Assert.True(source.SingleRangesOnly);
        long before = source.HttpRequests;
        (ranges, buffers) = RandomRanges(8, 5, all.Length, 50000);
        source.ReadRanges(ranges, buffers);
        AssertRanges(all, ranges, buffers);
        // Known from the first read: no more multi-range attempts, one request per merged range.
        Assert.InRange(source.HttpRequests - before, 1, 5);
    }

    [Fact]
    public void RedirectsAreFollowedOnce()
    {
        var all = Local("uproot-Zmumu.root");
        using var source = new HttpByteSource(Server.Url("redirect", "uproot-Zmumu.root"), Fast);
        Assert.EndsWith("/multi/uproot-Zmumu.root", source.Target.AbsoluteUri);
        var buf = new byte[1000];
        source.Read(500, buf);
        Assert.Equal(all[500..1500], buf);
    }

    [Theory]
    [InlineData("status/404", 404)]
    [InlineData("status/403", 403)]
    [InlineData("files/no-such-file.root", 404)]
    public void ErrorStatusesNameTheUrl(string path, int status)
    {
        var url = $"{Server.BaseUrl}/{path}";
        var e = Assert.Throws<HttpByteSourceException>(() => new HttpByteSource(url, Fast));
        Assert.Contains(url, e.Message);
        Assert.Contains(status.ToString(), e.Message);
        Assert.False(e.Retryable);
    }

    [Fact]
    public void RefusedConnectionAndUnknownHostAreReported()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}/x.root";
        var e = Assert.Throws<HttpByteSourceException>(() => new HttpByteSource(url, Fast with { MaxAttempts = 2 }));
        Assert.Contains(url, e.Message);
        Assert.Contains("connection failed", e.Message);
        Assert.Contains("attempt 2 of 2", e.Message);
        var unknown = "http://no-such-host.invalid/x.root";
        var u = Assert.Throws<HttpByteSourceException>(() => new HttpByteSource(unknown, Fast));
        Assert.Contains(unknown, u.Message);
        Assert.Contains("unknown host", u.Message);
        Assert.Throws<HttpByteSourceException>(() => new HttpByteSource("ftp://127.0.0.1/x", Fast));
    }

    [Fact]
    public void AnswersCutShortAreRetriedThenReported()
    {
        using var source = new HttpByteSource(Server.Url("cut", "uproot-HZZ.root"), Fast);
        long before = source.HttpRequests;
        var e = Assert.Throws<HttpByteSourceException>(() => source.Read(1000, new byte[20000]));
        Assert.Contains(Server.Url("cut", "uproot-HZZ.root"), e.Message);
        Assert.Contains("attempt 3 of 3", e.Message);
        Assert.Equal(3, source.HttpRequests - before);
    }

    [Fact]
    public void DroppedConnectionsAreRetried()
    {
        var all = Local("uproot-HZZ.root");
        using var source = new HttpByteSource(Server.Url("flaky", "uproot-HZZ.root"), Fast);
        var buf = new byte[3000];
        // The server drops the first two GETs; the third attempt succeeds.
        source.Read(200, buf);
        Assert.Equal(all[200..3200], buf);
    }

    [Fact]
    public void WholeFileAnswersToRangeRequestsAreBounded()
    {
        var small = Local("uproot-HZZ.root");
        using (var source = new HttpByteSource(Server.Url("whole", "uproot-HZZ.root"), Fast))
        {
            // Within the discard budget the bytes are taken from the start of the whole-file answer.
            var buf = new byte[100];
            source.Read(5000, buf);
            Assert.Equal(small[5000..5100], buf);
        }
        using var big = new HttpByteSource(Server.Url("whole", "adl_100k_lz4.root"), Fast with { MaxDiscardBytes = 1 << 20 });
        var e = Assert.Throws<HttpByteSourceException>(() => big.Read(10_000_000, new byte[100]));
        Assert.Contains("ignores Range requests", e.Message);
        Assert.Contains(Server.Url("whole", "adl_100k_lz4.root"), e.Message);
    }

    [Theory]
    [InlineData("longline", "longer than")]
    [InlineData("norange", "without Content-Range")]
    [InlineData("outside", "outside the file")]
    [InlineData("badnumber", "Content-Range 'bytes 12-ab/100'")]
    [InlineData("manyheaders", "part headers")]
    [InlineData("garbage", "malformed multipart")]
    [InlineData("wholepart", "not asked for")]
    [InlineData("truncated", "attempt 3 of 3")]
    [InlineData("manyparts", "not asked for")]
    [InlineData("noboundary", "boundary")]
    public void MalformedMultipartAnswersGiveTypedErrors(string kind, string message)
    {
        var url = Server.Url($"bad/{kind}", "adl_100k_lz4.root");
        using var source = new HttpByteSource(url, Fast with { MaxDiscardBytes = 1 << 20 });
        var ranges = new[] { new ByteRange(1000, 10), new ByteRange(5_000_000, 10) };
        var e = Assert.Throws<HttpByteSourceException>(() => source.ReadRanges(ranges, [new byte[10], new byte[10]]));
        Assert.Contains(url, e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SlowServersTimeOut()
    {
        using var source = new HttpByteSource(Server.Url("slow", "uproot-HZZ.root"), Fast with { Timeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 });
        var e = Assert.Throws<HttpByteSourceException>(() => source.Read(0, new byte[10]));
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task HttpsTrustsOnlyExplicitlyGivenCertificates()
    {
        using var certificate = TestHttpServer.CreateCertificate();
        await using var server = await TestHttpServer.StartOverTestDataAsync(certificate);
        var url = server.Url("multi", "uproot-HZZ.root");
        Assert.StartsWith("https://", url);
        using var publicPart = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        using (var source = new HttpByteSource(url, Fast with { TrustedCertificates = [publicPart] }))
        {
            var buf = new byte[777];
            source.Read(123, buf);
            Assert.Equal(Local("uproot-HZZ.root")[123..900], buf);
        }
        var e = Assert.Throws<HttpByteSourceException>(() => new HttpByteSource(url, Fast));
        Assert.Contains("TLS", e.Message);
        using var other = TestHttpServer.CreateCertificate("CN=someone else");
        using var otherPublic = X509CertificateLoader.LoadCertificate(other.Export(X509ContentType.Cert));
        Assert.Throws<HttpByteSourceException>(() => new HttpByteSource(url, Fast with { TrustedCertificates = [otherPublic] }));
    }
}
