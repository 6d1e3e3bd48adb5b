using System.Buffers.Binary;
using EventFrame.IO.Bytes;

namespace EventFrame.XRootD.Tests;

/// <summary>
/// The client against a scripted server on loopback: partial answers, kXR_wait, kXR_waitresp, kXR_error, redirects,
/// dropped connections, silence, and malformed or malicious frames, which must end in a typed exception naming the URL,
/// never a crash, a hang or an allocation of what a bad header declares.
/// </summary>
public sealed class ProtocolFaultTests
{
    private static readonly XRootDClientOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private static readonly byte[] Data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 + (i >> 8))).ToArray();

    /// <summary>Serves kXR_open, kXR_read (in <paramref name="chunks"/> kXR_oksofar pieces), kXR_readv and kXR_close from <see cref="Data"/>.</summary>
    private static async Task Serve(FakeRequest r, FakeConnection c, int chunks = 1)
    {
        switch (r.RequestId)
        {
            case 3010:
                await c.Send(r.StreamId, 0, FakeServer.OpenAnswer(Data.Length));
                break;
            case 3013:
            {
                var (offset, length) = FakeServer.ReadRange(r);
                var bytes = Data.AsSpan((int)offset, Math.Min(length, Data.Length - (int)offset)).ToArray();
                int step = Math.Max(1, bytes.Length / chunks);
                for (int start = 0; start < bytes.Length; start += step)
                {
                    int n = Math.Min(step, bytes.Length - start);
                    await c.Send(r.StreamId, start + n < bytes.Length ? (ushort)4000 : (ushort)0, bytes.AsSpan(start, n).ToArray());
                }
                if (bytes.Length == 0) await c.Send(r.StreamId, 0, []);
                break;
            }
            case 3025:
                await c.Send(r.StreamId, 0, FakeServer.ReadVAnswer(r, Data));
                break;
            default:
                await c.Send(r.StreamId, 0, []);
                break;
        }
    }

    [Fact]
    public async Task PartialAnswersAreAssembled()
    {
        using var server = new FakeServer((r, c) => Serve(r, c, chunks: 7));
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(server.Url("f.root"));
        var buffer = new byte[50_001];
        Assert.Equal(buffer.Length, await file.ReadAsync(123, buffer));
        Assert.Equal(Data.AsSpan(123, buffer.Length).ToArray(), buffer);
    }

    [Fact]
    public async Task ReadVAnswerSplitAcrossPartialFramesAtEveryByte()
    {
        // The kXR_readv answer cut into 13-byte kXR_oksofar frames: segment headers and data straddle frames.
        using var server = new FakeServer(async (r, c) =>
        {
            if (r.RequestId != 3025)
            {
                await Serve(r, c);
                return;
            }
            var answer = FakeServer.ReadVAnswer(r, Data);
            for (int start = 0; start < answer.Length; start += 13)
            {
                int n = Math.Min(13, answer.Length - start);
                await c.Send(r.StreamId, start + n < answer.Length ? (ushort)4000 : (ushort)0, answer.AsSpan(start, n).ToArray());
            }
        });
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(server.Url("f.root"));
        long[] offsets = [5, 1000, 99_000, 40_000];
        Memory<byte>[] buffers = [new byte[10], new byte[0], new byte[1000], new byte[333]];
        await file.ReadVAsync(offsets, buffers);
        for (int i = 0; i < offsets.Length; i++) Assert.Equal(Data.AsSpan((int)offsets[i], buffers[i].Length).ToArray(), buffers[i].ToArray());
    }

    [Fact]
    public async Task WaitIsHonouredAndTheRequestSentAgain()
    {
        int opens = 0;
        using var server = new FakeServer(async (r, c) =>
        {
            if (r.RequestId == 3010 && Interlocked.Increment(ref opens) == 1)
                await c.Send(r.StreamId, 4005, [0, 0, 0, 0, .. "busy"u8]);
            else await Serve(r, c);
        });
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(server.Url("f.root"));
        Assert.Equal(2, opens);
        Assert.Equal(Data.Length, file.Size);
    }

    [Fact]
    public async Task WaitRespIsFollowedByTheAsynchronousAnswer()
    {
        using var server = new FakeServer(async (r, c) =>
        {
            if (r.RequestId != 3013)
            {
                await Serve(r, c);
                return;
            }
            await c.Send(r.StreamId, 4006, [0, 0, 0, 1]);
            await Task.Delay(50);
            var (offset, length) = FakeServer.ReadRange(r);
            // kXR_attn { kXR_asynresp, reserved[4], embedded header, data }
            var inner = Data.AsSpan((int)offset, length).ToArray();
            var body = new byte[16 + inner.Length];
            BinaryPrimitives.WriteInt32BigEndian(body, 5008);
            BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), r.StreamId);
            BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(12), inner.Length);
            inner.CopyTo(body, 16);
            await c.Send(0, 4001, body);
        });
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(server.Url("f.root"));
        var buffer = new byte[777];
        Assert.Equal(777, await file.ReadAsync(1000, buffer));
        Assert.Equal(Data.AsSpan(1000, 777).ToArray(), buffer);
    }

    [Fact]
    public async Task ServerErrorCarriesTheServersMessage()
    {
        using var server = new FakeServer((r, c) => c.Send(r.StreamId, 4003, FakeServer.Error(3010, "you shall not read /f.root")));
        using var client = new XRootDClient(Fast);
        var e = await Assert.ThrowsAsync<XRootDServerException>(() => client.OpenAsync(server.Url("f.root")));
        Assert.Equal(3010, e.ErrorCode);
        Assert.Equal("you shall not read /f.root", e.ServerMessage);
        Assert.Contains(server.Url("f.root"), e.Message);
        // Through the byte source the same failure is a ByteSourceException naming the URL.
        var b = Assert.Throws<ByteSourceException>(() => new XRootDByteSource(server.Url("f.root"), client));
        Assert.Equal(server.Url("f.root"), b.SourceName);
        Assert.Contains("you shall not read", b.Message);
    }

    [Fact]
    public async Task RedirectToAnotherServerWithOpaque()
    {
        using var data = new FakeServer((r, c) => Serve(r, c));
        using var manager = new FakeServer((r, c) =>
        {
            var body = new byte[4 + 40];
            BinaryPrimitives.WriteInt32BigEndian(body, data.Port);
            var text = System.Text.Encoding.ASCII.GetBytes("127.0.0.1?tried=x");
            return c.Send(r.StreamId, 4004, [.. body[..4], .. text]);
        });
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(manager.Url("store/f.root"));
        Assert.Contains($":{data.Port}", file.Location);
        Assert.Equal("/store/f.root?tried=x", data.Requests.Single(r => r.RequestId == 3010).Path);
        var buffer = new byte[10];
        await file.ReadAsync(0, buffer);
        Assert.Equal(Data.AsSpan(0, 10).ToArray(), buffer);
    }

    [Fact]
    public async Task RedirectLoopsEnd()
    {
        FakeServer? self = null;
        using var server = new FakeServer((r, c) =>
        {
            var body = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(body, self!.Port);
            return c.Send(r.StreamId, 4004, [.. body, .. "127.0.0.1"u8]);
        });
        self = server;
        using var client = new XRootDClient(Fast with { MaxRedirects = 5 });
        var e = await Assert.ThrowsAsync<XRootDException>(() => client.OpenAsync(server.Url("f.root")));
        Assert.Contains("more than 5 redirects", e.Message);
    }

    [Fact]
    public async Task DroppedConnectionIsReopenedAndTheReadRetried()
    {
        using var server = new FakeServer(async (r, c) =>
        {
            // The first connection dies in the middle of the first read's answer.
            if (r.RequestId == 3013 && c.Index == 1)
            {
                await c.Send(r.StreamId, 0, new byte[10], declaredLength: 1000);
                c.Close();
                return;
            }
            await Serve(r, c);
        });
        using var client = new XRootDClient(Fast);
        await using var file = await client.OpenAsync(server.Url("f.root"));
        var buffer = new byte[1000];
        Assert.Equal(1000, await file.ReadAsync(500, buffer));
        Assert.Equal(Data.AsSpan(500, 1000).ToArray(), buffer);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(2, server.Requests.Count(r => r.RequestId == 3010));
    }

    [Fact]
    public async Task SilentServerTimesOut()
    {
        using var server = new FakeServer((r, c) => r.RequestId == 3013 ? Task.CompletedTask : Serve(r, c));
        using var client = new XRootDClient(Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 });
        await using var file = await client.OpenAsync(server.Url("f.root"));
        var e = await Assert.ThrowsAsync<XRootDTimeoutException>(() => file.ReadAsync(0, new byte[10]));
        Assert.Contains(server.Url("f.root"), e.Message);
        Assert.Contains("no answer to kXR_read", e.Message);
        Assert.Contains("after 1 retries", e.Message);
    }

    [Fact]
    public async Task HugeDeclaredLengthsAreNotAllocated()
    {
        // Each answer declares far more than it sends (up to 2 GiB) and the server then closes: the client must fail
        // with a protocol or connection error, without trying to allocate what the header claims.
        foreach (var (request, declared) in new[] { (3010, int.MaxValue), (3013, int.MaxValue), (3010, 100 << 20), (3025, int.MaxValue) })
        {
            using var server = new FakeServer(async (r, c) =>
            {
                if (r.RequestId == request)
                {
                    await c.Send(r.StreamId, request == 3013 ? (ushort)4000 : (ushort)0, new byte[16], declared);
                    c.Close();
                }
                else await Serve(r, c);
            });
            using var client = new XRootDClient(Fast with { MaxRetries = 0 });
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var e = await Assert.ThrowsAnyAsync<XRootDException>(async () =>
            {
                await using var file = await client.OpenAsync(server.Url("f.root"));
                if (request == 3013) await file.ReadAsync(0, new byte[100]);
                else await file.ReadVAsync([0], [new byte[100]]);
            });
            Assert.Contains(server.Url("f.root"), e.Message);
            // Allocating what the header declares would add 2 GiB (or 100 MiB); the other tests running meanwhile add far less.
            Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < (declared > (1 << 30) ? 1L << 30 : 50L << 20), "allocated what the header declared");
            Assert.True(e is XRootDProtocolException or XRootDConnectionException, e.ToString());
        }
    }

    [Fact]
    public async Task MalformedFramesGiveTypedErrors()
    {
        // Seeded garbage in every position of the read answer: the read fails with an XRootDException (or succeeds
        // with the right bytes if the garbage happens to be a valid answer), never anything else, and never hangs.
        var rng = new Random(20261122);
        for (int round = 0; round < 60; round++)
        {
            int kind = round % 6;
            var garbage = new byte[rng.Next(1, 64)];
            rng.NextBytes(garbage);
            using var server = new FakeServer(async (r, c) =>
            {
                if (r.RequestId != 3013 && r.RequestId != 3025)
                {
                    await Serve(r, c);
                    return;
                }
                switch (kind)
                {
                    case 0: // raw garbage, then close
                        await c.SendRaw(garbage);
                        c.Close();
                        break;
                    case 1: // a valid header with a random status
                        await c.Send(r.StreamId, (ushort)rng.Next(1, 65535), garbage);
                        c.Close();
                        break;
                    case 2: // more data than asked for
                        await c.Send(r.StreamId, 0, new byte[200]);
                        break;
                    case 3: // a readv answer whose segment header lies about the offset
                    {
                        var answer = FakeServer.ReadVAnswer(r, Data);
                        if (answer.Length >= 16) answer[15] ^= 0x5a;
                        await c.Send(r.StreamId, 0, answer);
                        break;
                    }
                    case 4: // the answer cut inside its header
                        await c.SendRaw([(byte)(r.StreamId >> 8), (byte)r.StreamId, 0]);
                        c.Close();
                        break;
                    default: // an attention with a malformed embedded answer
                    {
                        var body = new byte[16 + garbage.Length];
                        BinaryPrimitives.WriteInt32BigEndian(body, 5008);
                        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), r.StreamId);
                        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(12), garbage.Length + 1 + rng.Next(0, 1000));
                        garbage.CopyTo(body, 16);
                        await c.Send(0, 4001, body);
                        break;
                    }
                }
            });
            using var client = new XRootDClient(Fast with { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(3), MaxWait = TimeSpan.FromMilliseconds(50) });
            var file = await client.OpenAsync(server.Url("f.root"));
            var buffer = new byte[100];
            var e = await Record.ExceptionAsync(() => kind == 3 ? file.ReadVAsync([10], [buffer]) : file.ReadAsync(10, buffer));
            if (e is null) Assert.Equal(Data.AsSpan(10, 100).ToArray(), buffer);
            else
            {
                Assert.True(e is XRootDException, $"round {round} kind {kind}: {e}");
                Assert.Contains(server.Url("f.root"), e.Message);
            }
            await file.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnsupportedAuthenticationIsReported()
    {
        using var server = new FakeServer((r, c) => Serve(r, c), loginSecurity: "&P=gsi,v:10400,c:ssl,ca:abc");
        using var client = new XRootDClient(Fast);
        var e = await Assert.ThrowsAsync<XRootDException>(() => client.OpenAsync(server.Url("f.root")));
        Assert.Contains("gsi", e.Message);
        Assert.Contains("supports only 'unix'", e.Message);
    }

    [Fact]
    public async Task UnixAuthenticationSendsUserAndGroup()
    {
        using var server = new FakeServer((r, c) => Serve(r, c), loginSecurity: "&P=unix");
        using var client = new XRootDClient(Fast with { UserName = "alice" });
        await using var file = await client.OpenAsync(server.Url("f.root"));
        var auth = server.Requests.Single(r => r.RequestId == 3000);
        Assert.Equal("unix"u8.ToArray(), auth.Parameters[12..16]);
        Assert.Equal("unix\0alice alice\0"u8.ToArray(), auth.Payload);
    }

    [Fact]
    public void NotAnXRootDServerIsReported()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            using var c = await listener.AcceptTcpClientAsync();
            await c.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());
            await Task.Delay(200);
        });
        try
        {
            using var client = new XRootDClient(Fast with { MaxRetries = 0 });
            var url = $"root://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}//f.root";
            var e = Assert.ThrowsAny<XRootDException>(() => client.OpenAsync(url).GetAwaiter().GetResult());
            Assert.Contains("127.0.0.1", e.Message);
        }
        finally
        {
            listener.Stop();
        }
    }
}
