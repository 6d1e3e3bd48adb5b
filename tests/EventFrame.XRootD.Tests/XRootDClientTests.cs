namespace EventFrame.XRootD.Tests;

/// <summary>One real xrootd server shared by the tests of a class.</summary>
public sealed class ServerFixture : IDisposable
{
    public ServerFixture() => Server = XRootDServer.Start();

    public XRootDServer Server { get; }

    public void Dispose() => Server.Dispose();
}

/// <summary>The client against a real xrootd server: open, stat, read, readv, dirlist, close, errors.</summary>
public sealed class XRootDClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly XRootDServer _server = fixture.Server;

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task OpenStatReadAndClose()
    {
        var data = RandomBytes(300_000, 1);
        var url = _server.Add(data, "client/a.bin");
        using var client = new XRootDClient();
        var stat = await client.StatAsync(url);
        Assert.Equal(data.Length, stat.Size);
        Assert.False(stat.IsDirectory);
        Assert.True(stat.IsReadable);
        await using var file = await client.OpenAsync(url);
        Assert.Equal(data.Length, file.Size);
        var buffer = new byte[1000];
        Assert.Equal(1000, await file.ReadAsync(12_345, buffer));
        Assert.Equal(data.AsSpan(12_345, 1000).ToArray(), buffer);
        // A read past the end returns what there is.
        Assert.Equal(500, await file.ReadAsync(data.Length - 500, buffer));
        Assert.Equal(data.AsSpan(data.Length - 500).ToArray(), buffer.AsSpan(0, 500).ToArray());
        Assert.Equal(0, await file.ReadAsync(data.Length + 10, buffer));
        var whole = new byte[data.Length];
        Assert.Equal(data.Length, await file.ReadAsync(0, whole));
        Assert.Equal(data, whole);
        Assert.Equal(data.Length, (await file.StatAsync()).Size);
    }

    [Fact]
    public async Task VectoredReadsSplitLargeRangesAndManySegments()
    {
        // 6 MiB file: ranges longer than a readv segment (2 MiB - 16) and more ranges than one kXR_readv may carry (1024).
        var data = RandomBytes(6 << 20, 2);
        var url = _server.Add(data, "client/big.bin");
        using var client = new XRootDClient();
        await using var file = await client.OpenAsync(url);
        var rng = new Random(3);
        var offsets = new List<long>();
        var buffers = new List<Memory<byte>>();
        offsets.Add(100);
        buffers.Add(new byte[5_000_000]);
        for (int i = 0; i < 2500; i++)
        {
            int len = rng.Next(0, 3000);
            offsets.Add(rng.NextInt64(0, data.Length - len));
            buffers.Add(new byte[len]);
        }
        long before = file.ReadRequests;
        await file.ReadVAsync(offsets, buffers);
        for (int i = 0; i < offsets.Count; i++)
            Assert.True(data.AsSpan((int)offsets[i], buffers[i].Length).SequenceEqual(buffers[i].Span), $"range {i}");
        // 3 segments for the large range + 2500 small ones -> 3 requests of at most 1024 segments.
        Assert.Equal(3, file.ReadRequests - before);
        await Assert.ThrowsAsync<ArgumentException>(() => file.ReadVAsync([data.Length - 10], [new byte[20]]));
    }

    [Fact]
    public async Task ManyRequestsInFlightOnOneConnection()
    {
        var data = RandomBytes(1 << 20, 4);
        var url = _server.Add(data, "client/many.bin");
        using var client = new XRootDClient();
        await using var file = await client.OpenAsync(url);
        var rng = new Random(5);
        var reads = Enumerable.Range(0, 200).Select(_ =>
        {
            long offset = rng.Next(0, data.Length - 10_000);
            var buffer = new byte[rng.Next(1, 10_000)];
            return (offset, buffer, task: file.ReadAsync(offset, buffer));
        }).ToList();
        await Task.WhenAll(reads.Select(r => r.task));
        foreach (var (offset, buffer, task) in reads)
        {
            Assert.Equal(buffer.Length, await task);
            Assert.True(data.AsSpan((int)offset, buffer.Length).SequenceEqual(buffer));
        }
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task ListsDirectoriesWithStat()
    {
        _server.Add(RandomBytes(10, 6), "list/one.root");
        _server.Add(RandomBytes(20, 7), "list/two.root");
        _server.Add(RandomBytes(30, 8), "list/sub/three.root");
        using var client = new XRootDClient();
        var entries = await client.ListDirectoryAsync(_server.Url("list"));
        Assert.Equal(["one.root", "sub", "two.root"], entries.Select(e => e.Name));
        Assert.Equal(10, entries[0].Stat.Size);
        Assert.True(entries[1].Stat.IsDirectory);
        Assert.Equal(20, entries[2].Stat.Size);
    }

    [Fact]
    public async Task MissingFileIsAServerErrorNamingTheUrl()
    {
        using var client = new XRootDClient();
        var url = _server.Url("no/such/file.root");
        var e = await Assert.ThrowsAsync<XRootDServerException>(() => client.OpenAsync(url));
        Assert.Equal(3011, e.ErrorCode);
        Assert.Contains(url, e.Message);
        Assert.Contains("kXR_NotFound", e.Message);
        Assert.Contains("kXR_open", e.Message);
        var s = await Assert.ThrowsAsync<XRootDServerException>(() => client.StatAsync(url));
        Assert.Equal(3011, s.ErrorCode);
    }

    [Fact]
    public async Task UnreadableFileIsPermissionDenied()
    {
        var url = _server.Add(RandomBytes(10, 9), "client/secret.bin");
        var path = Path.Combine(_server.DataDirectory, "client/secret.bin");
        File.SetUnixFileMode(path, UnixFileMode.None);
        if (Environment.UserName != "root") return; // the server runs as this user, which still owns the file
        using var client = new XRootDClient();
        var e = await Assert.ThrowsAsync<XRootDServerException>(() => client.OpenAsync(url));
        Assert.Equal(3010, e.ErrorCode);
        Assert.Contains("kXR_NotAuthorized", e.Message);
        Assert.Contains(url, e.Message);
    }

    [Fact]
    public async Task RefusedConnectionAndUnknownHostNameTheUrl()
    {
        using var client = new XRootDClient(new XRootDClientOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var refused = $"root://127.0.0.1:{XRootDServer.FreePort()}//file.root";
        var e = await Assert.ThrowsAsync<XRootDConnectionException>(() => client.OpenAsync(refused));
        Assert.Contains(refused, e.Message);
        Assert.Contains("refused", e.Message);
        var unknown = "root://no-such-host.invalid//file.root";
        var u = await Assert.ThrowsAsync<XRootDConnectionException>(() => client.OpenAsync(unknown));
        Assert.Contains(unknown, u.Message);
        Assert.Contains("no-such-host.invalid", u.Message);
    }
}
