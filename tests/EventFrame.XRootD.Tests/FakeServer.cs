using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventFrame.XRootD.Tests;

/// <summary>A request as the fake server received it.</summary>
public sealed record FakeRequest(ushort StreamId, ushort RequestId, byte[] Parameters, byte[] Payload, int Connection)
{
    public string Path => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A scripted XRootD server on 127.0.0.1 for faults a real server does not produce: it answers the handshake,
/// kXR_protocol and kXR_login itself and passes every other request to the test's handler, which may answer anything,
/// including malformed frames, or close the connection.
/// </summary>
public sealed class FakeServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<FakeRequest, FakeConnection, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FakeConnection> _connections = [];
    private int _accepted;

    public FakeServer(Func<FakeRequest, FakeConnection, Task> handler, string loginSecurity = "")
    {
        _handler = handler;
        LoginSecurity = loginSecurity;
        _listener.Start();
        _ = AcceptLoop();
    }

    /// <summary>Text appended to the kXR_login answer after the session id (e.g. "&amp;P=unix").</summary>
    public string LoginSecurity { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url(string path) => $"root://127.0.0.1:{Port}//{path}";

    /// <summary>Number of connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Every request handed to the handler, in arrival order.</summary>
    public List<FakeRequest> Requests { get; } = [];

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            int index = Interlocked.Increment(ref _accepted);
            var connection = new FakeConnection(tcp, index);
            lock (_connections) _connections.Add(connection);
            _ = Serve(connection);
        }
    }

    private async Task Serve(FakeConnection c)
    {
        try
        {
            var hello = new byte[20];
            await c.Stream.ReadExactlyAsync(hello);
            var answer = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(4), 8);
            BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(8), 0x520);
            BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(12), 1);
            await c.SendRaw(answer);
            while (true)
            {
                var header = new byte[24];
                await c.Stream.ReadExactlyAsync(header);
                var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20))];
                await c.Stream.ReadExactlyAsync(payload);
                var request = new FakeRequest(BinaryPrimitives.ReadUInt16BigEndian(header), BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)),
                    header[4..20], payload, c.Index);
                switch (request.RequestId)
                {
                    case 3006: // kXR_protocol
                    {
                        var body = new byte[8];
                        BinaryPrimitives.WriteInt32BigEndian(body, 0x520);
                        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), 1);
                        await c.Send(request.StreamId, 0, body);
                        break;
                    }
                    case 3007: // kXR_login
                        await c.Send(request.StreamId, 0, [.. new byte[16], .. Encoding.ASCII.GetBytes(LoginSecurity)]);
                        break;
                    default:
                        lock (Requests) Requests.Add(request);
                        await _handler(request, c);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            c.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections) foreach (var c in _connections) c.Close();
    }

    /// <summary>The body of a kXR_open answer: handle, cpsize, cptype, then the kXR_retstat text for a file of <paramref name="size"/> bytes.</summary>
    public static byte[] OpenAnswer(long size, byte handle = 7) =>
        [handle, 0, 0, 0, .. new byte[8], .. Encoding.ASCII.GetBytes($"1 {size} 16 1700000000\0")];

    /// <summary>A kXR_error body.</summary>
    public static byte[] Error(int code, string message)
    {
        var b = new byte[4 + Encoding.UTF8.GetByteCount(message) + 1];
        BinaryPrimitives.WriteInt32BigEndian(b, code);
        Encoding.UTF8.GetBytes(message).CopyTo(b, 4);
        return b;
    }

    /// <summary>Offset and length of a kXR_read request.</summary>
    public static (long Offset, int Length) ReadRange(FakeRequest r) =>
        (BinaryPrimitives.ReadInt64BigEndian(r.Parameters.AsSpan(4)), BinaryPrimitives.ReadInt32BigEndian(r.Parameters.AsSpan(12)));

    /// <summary>A kXR_readv answer for the request's read list, served from <paramref name="data"/>.</summary>
    public static byte[] ReadVAnswer(FakeRequest r, byte[] data)
    {
        var answer = new List<byte>();
        for (int k = 0; k + 16 <= r.Payload.Length; k += 16)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(r.Payload.AsSpan(k + 4));
            long off = BinaryPrimitives.ReadInt64BigEndian(r.Payload.AsSpan(k + 8));
            answer.AddRange(r.Payload.AsSpan(k, 16).ToArray());
            answer.AddRange(data.AsSpan((int)off, len).ToArray());
        }
        return [.. answer];
    }
}

/// <summary>One accepted connection of a <see cref="FakeServer"/>.</summary>
public sealed class FakeConnection(TcpClient tcp, int index)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public NetworkStream Stream { get; } = tcp.GetStream();

    /// <summary>1 for the first connection the server accepted, 2 for the next...</summary>
    public int Index { get; } = index;

    public Task Send(ushort streamId, ushort status, byte[] body) => Send(streamId, status, body, body.Length);

    /// <summary>Sends a response header declaring <paramref name="declaredLength"/> bytes, then <paramref name="body"/>.</summary>
    public async Task Send(ushort streamId, ushort status, byte[] body, int declaredLength)
    {
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, streamId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), status);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), declaredLength);
        body.CopyTo(frame, 8);
        await SendRaw(frame);
    }

    public async Task SendRaw(byte[] bytes)
    {
        await _send.WaitAsync();
        try
        {
            await Stream.WriteAsync(bytes);
        }
        finally
        {
            _send.Release();
        }
    }

    public void Close()
    {
        try
        {
            tcp.Client?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        tcp.Dispose();
    }
}
