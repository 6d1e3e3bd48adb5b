using EventFrame.IO.Bytes;
using EventFrame.IO.Root;

namespace EventFrame.XRootD.Tests;

/// <summary>
/// Real xrootd servers that go away: a restart in the middle of an analysis is survived by reconnecting (same result),
/// a server that stops for good gives a clear error naming the URL. Each test has its own server, since it kills it.
/// </summary>
public sealed class ServerFailureTests
{
    private static readonly XRootDClientOptions Patient = new() { RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 8 };

    [Fact]
    public void AnalysisSurvivesAServerRestartInTheMiddle()
    {
        using var server = XRootDServer.Start();
        var local = TestFiles.Adl("adl_100k_zlib.root");
        var url = server.Add(local, "adl.root");
        (long, double, double) Run(string file, Action? atHalf)
        {
            int calls = 0;
            var df = Frame.FromRoot("Events", file).Define("met2", (float met) =>
            {
                if (Interlocked.Increment(ref calls) == 50_000) atHalf?.Invoke();
                return met * 2;
            }, "MET_pt");
            var count = df.Count();
            var sum = df.Sum("met2");
            var jets = df.Sum("nJet");
            Frame.RunGraphs(count, sum, jets);
            return (count.Value, sum.Value, jets.Value);
        }
        var expected = Run(local, null);
        using var client = new XRootDClient(Patient);
        long connectionsBefore = 0;
        var actual = Run(WithClient(url, "rootrestart", client), () =>
        {
            connectionsBefore = client.Connections;
            // Killed while the other slot may be reading; back 200 ms later, so that reconnects are refused for a while.
            server.Kill();
            Thread.Sleep(200);
            server.Restart();
        });
        Assert.Equal(expected, actual);
        Assert.True(client.Connections > connectionsBefore, "the client reconnected");
    }

    /// <summary>
    /// <paramref name="url"/> under a URL scheme of the test's own that opens it with <paramref name="client"/>: the
    /// shared default client stays untouched for the tests running meanwhile.
    /// </summary>
    internal static string WithClient(string url, string scheme, XRootDClient client)
    {
        ByteSources.Register(scheme, u => new XRootDByteSource("root" + u[scheme.Length..], client));
        return scheme + url["root".Length..];
    }

    [Fact]
    public void ByteSourceReadsAgainAfterARestart()
    {
        using var server = XRootDServer.Start();
        var data = new byte[1 << 20];
        new Random(11).NextBytes(data);
        var url = server.Add(data, "r.bin");
        using var client = new XRootDClient(Patient);
        using var source = new XRootDByteSource(url, client);
        var buffer = new byte[1000];
        source.Read(10, buffer);
        server.Restart();
        source.Read(5000, buffer);
        Assert.Equal(data.AsSpan(5000, 1000).ToArray(), buffer);
        server.Restart();
        var ranges = new List<ByteRange> { new(0, 100), new(900_000, 5000) };
        var buffers = new List<Memory<byte>> { new byte[100], new byte[5000] };
        source.ReadRanges(ranges, buffers);
        Assert.Equal(data.AsSpan(900_000, 5000).ToArray(), buffers[1].ToArray());
        Assert.Equal(3, client.Connections);
    }

    [Fact]
    public void StoppedServerGivesAClearErrorNamingTheUrl()
    {
        using var server = XRootDServer.Start();
        var url = server.Add(TestFiles.Adl("adl_100k_lz4.root"), "stop.root");
        using var client = new XRootDClient(Patient with { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(20) });
        using var source = new XRootDByteSource(url, client);
        var buffer = new byte[100];
        source.Read(0, buffer);
        server.Kill();
        var e = Assert.Throws<ByteSourceException>(() => source.Read(1000, buffer));
        Assert.Equal(url, e.SourceName);
        Assert.Contains(url, e.Message);
        Assert.Contains("refused", e.Message);
        Assert.Contains("after 2 retries", e.Message);
        var inner = Assert.IsType<XRootDConnectionException>(e.InnerException);
        Assert.Equal(url, inner.Url);
        // Opening anew fails the same way, and through the reader the error still names the file.
        var open = Assert.Throws<ByteSourceException>(() => new XRootDByteSource(url, client));
        Assert.Contains(url, open.Message);
        var viaScheme = WithClient(url, "rootstopped", client);
        var r = Assert.ThrowsAny<Exception>(() => RootDataSource.Open("Events", [viaScheme]));
        Assert.Contains(url[url.IndexOf("://", StringComparison.Ordinal)..], r.Message);
        Assert.Contains("refused", r.Message);
    }
}

/// <summary>A real redirector (xrootd.redirect) in front of a real data server, and a data server that requires unix authentication.</summary>
public sealed class RedirectorTests
{
    [Fact]
    public async Task OpenStatListAndAnalysisGoThroughARedirector()
    {
        using var data = XRootDServer.Start();
        using var redirector = XRootDServer.Start($"""
            xrootd.redirect 127.0.0.1:{data.Port} /
            xrootd.redirect 127.0.0.1:{data.Port} stat dirlist
            """);
        var local = TestFiles.Adl("adl_100k_lz4.root");
        data.Add(local, "store/adl.root");
        data.Add(local, "store/adl2.root");
        var url = redirector.Url("store/adl.root");
        using var client = new XRootDClient();
        await using (var file = await client.OpenAsync(url))
        {
            Assert.Contains($":{data.Port}/", file.Location);
            Assert.Equal(new FileInfo(local).Length, file.Size);
        }
        Assert.Equal(new FileInfo(local).Length, (await client.StatAsync(url)).Size);
        Assert.Equal(["adl.root", "adl2.root"], (await client.ListDirectoryAsync(redirector.Url("store"))).Select(e => e.Name));

        var remote = Frame.FromRoot("Events", redirector.Url("store/*.root"));
        var here = Frame.FromRoot("Events", local, local);
        var (rc, rs) = (remote.Count(), remote.Sum("MET_pt"));
        var (hc, hs) = (here.Count(), here.Sum("MET_pt"));
        Assert.Equal(hc.Value, rc.Value);
        Assert.Equal(hs.Value, rs.Value);
    }

    [Fact]
    public async Task UnixAuthenticationWithARealServer()
    {
        using var server = XRootDServer.Start("""
            xrootd.seclib libXrdSec.so
            sec.protocol unix
            sec.protbind * only unix
            """);
        var bytes = new byte[4096];
        new Random(12).NextBytes(bytes);
        var url = server.Add(bytes, "auth.bin");
        using var client = new XRootDClient();
        await using var file = await client.OpenAsync(url);
        var buffer = new byte[4096];
        Assert.Equal(4096, await file.ReadAsync(0, buffer));
        Assert.Equal(bytes, buffer);
        var connection = await client.GetConnectionAsync(XRootDUrl.Parse(url), default);
        Assert.Equal("unix", connection.AuthenticationProtocol);
    }
}
