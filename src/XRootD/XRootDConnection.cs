using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace EventFrame.XRootD;

/// <summary>The final answer to a request: its status and, for anything but data, the (bounded) body.</summary>
internal readonly record struct XRootDResponse(ushort Status, byte[] Body);

/// <summary>
/// One logged-in TCP (or TLS) connection to one server. Any number of requests may be in flight: each gets a free
/// stream id and a <see cref="ResponseSink"/>; a dedicated thread reads response frames and hands each body to the sink
/// of its stream id, so data lands straight in the caller's buffers. The first error on the connection (closed, reset,
/// malformed frame) fails every request in flight and marks the connection broken; the client then opens a new one.
/// </summary>
internal sealed class XRootDConnection : IDisposable
{
    /// <summary>Largest body kept for error, redirect and wait responses; longer ones are cut (their text is a message).</summary>
    private const int MaxControlBody = 64 * 1024;

    private readonly XRootDClientOptions _options;
    private readonly Socket _socket;
    private Stream _stream;
    private Stream _input;
    private readonly object _sendLock = new();
    private readonly object _lock = new();
    private readonly Dictionary<ushort, Pending> _pending = [];
    private readonly byte[] _skipBuffer = new byte[64 * 1024];
    private ushort _nextId;
    private Exception? _failure;
    private long _received;
    private Thread? _thread;

    private XRootDConnection(string name, Socket socket, XRootDClientOptions options)
    {
        Name = name;
        _socket = socket;
        _options = options;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = _stream;
    }

    /// <summary>"root://host:port", for messages.</summary>
    public string Name { get; }

    /// <summary>The kXR_protocol flags of the server (kXR_isServer, kXR_isManager, kXR_haveTLS...).</summary>
    public uint ServerFlags { get; private set; }

    /// <summary>Protocol version the server announced.</summary>
    public int ServerProtocolVersion { get; private set; }

    /// <summary>True when the connection runs over TLS.</summary>
    public bool IsTls { get; private set; }

    /// <summary>The session id returned by kXR_login.</summary>
    public byte[] SessionId { get; private set; } = [];

    /// <summary>Authentication protocol used at login ("unix"), or null when the server asked for none.</summary>
    public string? AuthenticationProtocol { get; private set; }

    /// <summary>True after the first failure; no request can be sent any more.</summary>
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    /// <summary>
    /// Connects to <paramref name="url"/>'s server: TCP, handshake, kXR_protocol (switching to TLS when asked for or when
    /// the server requires it), kXR_login and, when the server asks for it, <c>unix</c> authentication.
    /// </summary>
    /// <exception cref="XRootDConnectionException">The host is unknown, refuses, or the setup does not complete in time.</exception>
    /// <exception cref="XRootDException">The server requires TLS or an authentication this client does not have.</exception>
    public static async Task<XRootDConnection> ConnectAsync(XRootDUrl url, XRootDClientOptions options, CancellationToken ct)
    {
        var name = $"{url.Scheme}://{url.Endpoint}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.Host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(url.Host, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new XRootDConnectionException(name, $"cannot resolve host '{url.Host}': {e.Message}", e) { Permanent = true };
        }
        if (addresses.Length == 0) throw new XRootDConnectionException(name, $"host '{url.Host}' has no address") { Permanent = true };
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4 << 20 };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, url.Port), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                socket.Dispose();
                last = e;
                continue;
            }
            var connection = new XRootDConnection(name, socket, options);
            try
            {
                await connection.SetUpAsync(url, timeout.Token).ConfigureAwait(false);
                return connection;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                connection.Dispose();
                if (e is XRootDException x and not XRootDConnectionException) throw;
                throw new XRootDConnectionException(name, e is OperationCanceledException
                    ? $"the server did not complete the handshake and login within {options.ConnectTimeout.TotalSeconds:0.###} s"
                    : $"handshake or login failed: {e.Message}", e);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        var reason = last is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "connection refused"
            : last is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0.###} s" : last?.Message;
        throw new XRootDConnectionException(name, $"cannot connect to {url.Endpoint}: {reason}", last);
    }

    private async Task SetUpAsync(XRootDUrl url, CancellationToken ct)
    {
        // Handshake: five int32 (0, 0, 0, 4, 2012); the server answers with a header and (protocol version, server type).
        var hello = new byte[20];
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(12), 4);
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(16), 2012);
        await _stream.WriteAsync(hello, ct).ConfigureAwait(false);
        var answer = new byte[16];
        await ReadSetupAsync(answer, "handshake", ct).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(2)) != 0 || BinaryPrimitives.ReadInt32BigEndian(answer.AsSpan(4)) != 8)
            throw new XRootDProtocolException(Name, 0, "the server's handshake answer is not an XRootD one (is this an XRootD server?)");

        var protocol = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(protocol, XRootDProtocol.ClientProtocolVersion);
        protocol[4] = (byte)(XRootDProtocol.kXR_secreqs | XRootDProtocol.kXR_ableTLS | (url.UseTls ? XRootDProtocol.kXR_wantTLS : 0));
        protocol[5] = XRootDProtocol.kXR_ExpLogin;
        await _stream.WriteAsync(Frame(1, XRootDProtocol.kXR_protocol, protocol, []), ct).ConfigureAwait(false);
        var header = new byte[8];
        await ReadSetupAsync(header, "kXR_protocol", ct).ConfigureAwait(false);
        ushort status = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        int dlen = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (dlen < 0 || dlen > MaxControlBody) throw new XRootDProtocolException(Name, 16, $"kXR_protocol answer declares {dlen} bytes");
        var body = new byte[dlen];
        await ReadSetupAsync(body, "kXR_protocol", ct).ConfigureAwait(false);
        if (status == XRootDProtocol.kXR_error) throw ServerError(Name, "kXR_protocol", body);
        if (status != XRootDProtocol.kXR_ok || dlen < 8) throw new XRootDProtocolException(Name, 16, $"kXR_protocol answered status {status} with {dlen} bytes");
        ServerProtocolVersion = BinaryPrimitives.ReadInt32BigEndian(body);
        ServerFlags = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4));
        _received = 24 + dlen;

        bool serverWantsTls = (ServerFlags & XRootDProtocol.kXR_gotoTLS) != 0;
        if (url.UseTls && (ServerFlags & XRootDProtocol.kXR_haveTLS) == 0)
            throw new XRootDException(Name, "roots:// asks for TLS but the server does not offer TLS (kXR_haveTLS is not set in its kXR_protocol answer)");
        if (url.UseTls || serverWantsTls)
        {
            var tls = new SslStream(_stream, leaveInnerStreamOpen: false, _options.ServerCertificateValidation);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host }, ct).ConfigureAwait(false);
            }
            catch (System.Security.Authentication.AuthenticationException e)
            {
                throw new XRootDException(Name, $"TLS handshake failed: {e.Message}", e);
            }
            _stream = tls;
            IsTls = true;
        }
        // Small buffer: headers come through it, while data reads of a page or more bypass it and land straight in the
        // caller's buffer (a large buffer would copy every basket twice).
        _input = new BufferedStream(_stream, 4096);
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = $"XRootD reader {Name}" };
        _thread.Start();

        var login = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(login, Environment.ProcessId);
        var user = UserName(url, _options);
        var userBytes = Encoding.ASCII.GetBytes(user);
        userBytes.AsSpan(0, Math.Min(8, userBytes.Length)).CopyTo(login.AsSpan(4));
        login[14] = XRootDProtocol.kXR_asyncap | XRootDProtocol.kXR_ver005;
        var sink = new BufferSink(MaxControlBody);
        var response = await RequestAsync(XRootDProtocol.kXR_login, login, [], sink, ct).ConfigureAwait(false);
        if (response.Status == XRootDProtocol.kXR_error) throw ServerError(Name, "kXR_login", response.Body);
        if (response.Status != XRootDProtocol.kXR_ok) throw new XRootDException(Name, $"kXR_login answered status {response.Status}");
        var loginBody = sink.ToArray();
        if (loginBody.Length < 16) throw new XRootDProtocolException(Name, _received, $"kXR_login answer has {loginBody.Length} bytes, fewer than the 16-byte session id");
        SessionId = loginBody[..16];
        var security = Encoding.ASCII.GetString(loginBody, 16, loginBody.Length - 16).TrimEnd('\0');
        if (security.Contains("&P=", StringComparison.Ordinal)) await AuthenticateAsync(security, user, ct).ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(string security, string user, CancellationToken ct)
    {
        var offered = new List<string>();
        foreach (var part in security.Split("&P=", StringSplitOptions.RemoveEmptyEntries))
        {
            var protocolName = part.Split(',', '&')[0].Trim();
            if (protocolName.Length > 0) offered.Add(protocolName);
        }
        if (!offered.Contains("unix"))
            throw new XRootDException(Name, $"the server requires authentication with {string.Join(", ", offered)}; this client supports only 'unix'");
        // unix credentials: "unix\0<user> <group>\0" (XrdSecProtocolunix::getCredentials).
        var credentials = Encoding.ASCII.GetBytes("unix\0" + user + " " + user + "\0");
        var auth = new byte[16];
        Encoding.ASCII.GetBytes("unix").CopyTo(auth, 12);
        var response = await RequestAsync(XRootDProtocol.kXR_auth, auth, credentials, new BufferSink(MaxControlBody), ct).ConfigureAwait(false);
        if (response.Status == XRootDProtocol.kXR_error) throw ServerError(Name, "kXR_auth (unix)", response.Body);
        if (response.Status != XRootDProtocol.kXR_ok)
            throw new XRootDException(Name, $"unix authentication answered status {response.Status} (kXR_authmore is not part of the unix protocol)");
        AuthenticationProtocol = "unix";
    }

    private static string UserName(XRootDUrl url, XRootDClientOptions options)
    {
        var user = options.UserName ?? url.User ?? Environment.UserName;
        var clean = new string(user.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.').ToArray());
        return clean.Length == 0 ? "nobody" : clean;
    }

    private async Task ReadSetupAsync(byte[] buffer, string step, CancellationToken ct)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new XRootDConnectionException(Name, $"the server closed the connection during {step}", e);
        }
    }

    /// <summary>Builds a request frame: header with stream id, request id, 16 parameter bytes and payload length, then the payload.</summary>
    private static byte[] Frame(ushort streamId, ushort requestId, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[XRootDProtocol.RequestHeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, streamId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), requestId);
        parameters.CopyTo(frame.AsSpan(4, 16));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(20), payload.Length);
        payload.CopyTo(frame.AsSpan(24));
        return frame;
    }

    /// <summary>Builds the exception for a kXR_error body (errnum, then the message).</summary>
    internal static XRootDServerException ServerError(string url, string operation, byte[] body)
    {
        int code = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;
        var message = body.Length > 4 ? Encoding.UTF8.GetString(body, 4, body.Length - 4).TrimEnd('\0', '\n') : "(no message)";
        return new XRootDServerException(url, operation, code, message);
    }

    /// <summary>
    /// Sends a request and waits for its final answer. kXR_wait is honoured here (wait, then send again); kXR_waitresp
    /// extends the deadline until the server's asynchronous answer arrives. Data of kXR_ok/kXR_oksofar goes to
    /// <paramref name="sink"/>; other answers (error, redirect) come back with their body.
    /// </summary>
    /// <exception cref="XRootDConnectionException">The connection is broken or breaks meanwhile.</exception>
    /// <exception cref="XRootDTimeoutException">No answer within the request timeout (the connection is then closed).</exception>
    /// <exception cref="XRootDProtocolException">The answer is malformed or does not fit the request.</exception>
    public async Task<XRootDResponse> RequestAsync(ushort requestId, byte[] parameters, byte[] payload, ResponseSink sink, CancellationToken ct)
    {
        while (true)
        {
            var pending = Register(requestId, sink);
            var frame = Frame(pending.Id, requestId, parameters, payload);
            try
            {
                lock (_sendLock) _stream.Write(frame);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                Fail(new XRootDConnectionException(Name, $"sending {XRootDProtocol.RequestName(requestId)} failed: {e.Message}", e));
                Abandon(pending);
                throw Failure(requestId);
            }
            var response = await WaitAsync(pending, ct).ConfigureAwait(false);
            if (response.Status != XRootDProtocol.kXR_wait) return response;
            int seconds = response.Body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(response.Body) : 1;
            var delay = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, int.MaxValue / 1000));
            await Task.Delay(delay < _options.MaxWait ? delay : _options.MaxWait, ct).ConfigureAwait(false);
            sink.Reset();
        }
    }

    private async Task<XRootDResponse> WaitAsync(Pending pending, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var remaining = new DateTime(Volatile.Read(ref pending.DeadlineTicks), DateTimeKind.Utc) - DateTime.UtcNow;
                try
                {
                    return await pending.Done.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // kXR_waitresp may have moved the deadline while we slept.
                    if (Volatile.Read(ref pending.DeadlineTicks) > DateTime.UtcNow.Ticks) continue;
                    var error = new XRootDTimeoutException(Name, $"no answer to {XRootDProtocol.RequestName(pending.RequestId)} within {_options.RequestTimeout.TotalSeconds:0.###} s");
                    // A silent server cannot be trusted with the rest of the stream: close it so that retries reconnect.
                    Fail(error);
                    throw error;
                }
            }
        }
        finally
        {
            if (!pending.Done.Task.IsCompletedSuccessfully) Abandon(pending);
        }
    }

    private Pending Register(ushort requestId, ResponseSink sink)
    {
        lock (_lock)
        {
            if (_failure is not null) throw Failure(requestId);
            if (_pending.Count >= ushort.MaxValue - 1) throw new XRootDException(Name, "too many requests in flight on one connection");
            do _nextId++; while (_nextId == 0 || _pending.ContainsKey(_nextId));
            var p = new Pending(_nextId, requestId, sink, DateTime.UtcNow.Add(_options.RequestTimeout).Ticks);
            _pending.Add(p.Id, p);
            return p;
        }
    }

    private XRootDException Failure(ushort requestId)
    {
        var name = XRootDProtocol.RequestName(requestId);
        return _failure switch
        {
            XRootDProtocolException p => new XRootDProtocolException(Name, p.StreamOffset, $"{name} failed: {p.Reason}", p),
            XRootDTimeoutException t => new XRootDConnectionException(Name, $"{name} failed: the connection was closed because {t.Detail}", t),
            XRootDException x => new XRootDConnectionException(Name, $"{name} failed: {x.Detail}", x),
            _ => new XRootDConnectionException(Name, $"{name} failed: {_failure?.Message ?? "connection closed"}", _failure),
        };
    }

    /// <summary>
    /// Stops delivering to <paramref name="pending"/>'s sink. Waits for a body chunk being written into it right now, so
    /// that no byte lands in the caller's buffer after this returns.
    /// </summary>
    private void Abandon(Pending pending)
    {
        lock (_lock)
            if (_pending.TryGetValue(pending.Id, out var p) && p == pending) _pending.Remove(pending.Id);
        lock (pending) pending.Abandoned = true;
    }

    private void ReadLoop()
    {
        var header = new byte[8];
        try
        {
            while (true)
            {
                long frameStart = _received;
                int n = ReadAtMost(header);
                if (n == 0) throw new XRootDConnectionException(Name, "the server closed the connection");
                if (n < 8) throw new XRootDConnectionException(Name, $"the server closed the connection inside a response header (at byte {frameStart}, {n} of 8 bytes)");
                ushort sid = BinaryPrimitives.ReadUInt16BigEndian(header);
                ushort status = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                int dlen = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
                if (dlen < 0) throw new XRootDProtocolException(Name, frameStart, $"response declares a negative body length ({dlen})");
                if (status == XRootDProtocol.kXR_attn) HandleAttention(frameStart, dlen);
                else Dispatch(frameStart, sid, status, dlen);
            }
        }
        catch (Exception e)
        {
            Fail(e switch
            {
                XRootDException => e,
                EndOfStreamException => new XRootDConnectionException(Name, $"the server closed the connection in the middle of a response (at byte {_received})", e),
                _ => new XRootDConnectionException(Name, $"connection lost: {e.Message}", e),
            });
        }
    }

    private void HandleAttention(long frameStart, int dlen)
    {
        if (dlen < 8)
        {
            Skip(dlen);
            return;
        }
        Span<byte> head = stackalloc byte[8];
        ReadExactly(head);
        int action = BinaryPrimitives.ReadInt32BigEndian(head);
        if (action != XRootDProtocol.kXR_asynresp)
        {
            Skip(dlen - 8);
            return;
        }
        // kXR_asynresp: the answer to a request that got kXR_waitresp, as a complete response inside the attention body.
        if (dlen < 16) throw new XRootDProtocolException(Name, frameStart, $"kXR_asynresp attention of {dlen} bytes has no room for the embedded response header");
        ReadExactly(head);
        ushort sid = BinaryPrimitives.ReadUInt16BigEndian(head);
        ushort status = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        int inner = BinaryPrimitives.ReadInt32BigEndian(head[4..]);
        if (inner != dlen - 16)
            throw new XRootDProtocolException(Name, frameStart, $"kXR_asynresp embeds a {inner}-byte response in {dlen - 16} bytes");
        if (status is XRootDProtocol.kXR_attn or XRootDProtocol.kXR_waitresp)
            throw new XRootDProtocolException(Name, frameStart, $"kXR_asynresp embeds status {status}, which cannot be a final answer");
        Dispatch(frameStart, sid, status, inner);
    }

    private void Dispatch(long frameStart, ushort sid, ushort status, int dlen)
    {
        Pending? p;
        lock (_lock) _pending.TryGetValue(sid, out p);
        if (p is null)
        {
            // The late answer to a request its caller gave up on.
            Skip(dlen);
            return;
        }
        switch (status)
        {
            case XRootDProtocol.kXR_ok:
            case XRootDProtocol.kXR_oksofar:
                lock (p)
                {
                    if (p.Abandoned) Skip(dlen);
                    else
                    {
                        p.Sink.Consume(this, dlen, frameStart);
                        if (status == XRootDProtocol.kXR_ok) p.Sink.Finish(this, frameStart);
                    }
                }
                if (status == XRootDProtocol.kXR_ok)
                {
                    Complete(p);
                    if (p.Sink.Error is { } sinkError) p.Done.TrySetException(sinkError);
                    else p.Done.TrySetResult(new XRootDResponse(status, []));
                }
                break;
            case XRootDProtocol.kXR_waitresp:
            {
                var body = ReadControlBody(dlen);
                int seconds = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;
                var extended = DateTime.UtcNow.AddSeconds(Math.Clamp(seconds, 0, 86400)).Add(_options.RequestTimeout).Ticks;
                Volatile.Write(ref p.DeadlineTicks, extended);
                break;
            }
            case XRootDProtocol.kXR_error:
            case XRootDProtocol.kXR_redirect:
            case XRootDProtocol.kXR_wait:
            case XRootDProtocol.kXR_authmore:
            {
                var body = ReadControlBody(dlen);
                Complete(p);
                p.Done.TrySetResult(new XRootDResponse(status, body));
                break;
            }
            default:
                throw new XRootDProtocolException(Name, frameStart, $"unknown response status {status} for {XRootDProtocol.RequestName(p.RequestId)} (stream id {sid})");
        }
    }

    private void Complete(Pending p)
    {
        lock (_lock)
            if (_pending.TryGetValue(p.Id, out var q) && q == p) _pending.Remove(p.Id);
    }

    private byte[] ReadControlBody(int dlen)
    {
        var body = new byte[Math.Min(dlen, MaxControlBody)];
        ReadExactly(body);
        Skip(dlen - body.Length);
        return body;
    }

    /// <summary>Reads exactly <c>destination.Length</c> body bytes from the server (reader thread only).</summary>
    /// <exception cref="EndOfStreamException">The connection ended first.</exception>
    internal void ReadExactly(Span<byte> destination)
    {
        _input.ReadExactly(destination);
        _received += destination.Length;
    }

    /// <summary>Reads and discards <paramref name="count"/> body bytes (reader thread only).</summary>
    internal void Skip(long count)
    {
        while (count > 0)
        {
            int n = (int)Math.Min(count, _skipBuffer.Length);
            ReadExactly(_skipBuffer.AsSpan(0, n));
            count -= n;
        }
    }

    private int ReadAtMost(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = _input.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        _received += total;
        return total;
    }

    /// <summary>Bytes received on the connection so far (offsets in protocol errors count from here).</summary>
    internal long Received => _received;

    private void Fail(Exception error)
    {
        List<Pending> pending;
        lock (_lock)
        {
            if (_failure is not null) return;
            _failure = error;
            pending = [.. _pending.Values];
            _pending.Clear();
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the other side.
        }
        _socket.Close();
        foreach (var p in pending) p.Done.TrySetException(error is XRootDException ? Failure(p.RequestId) : error);
    }

    /// <summary>Closes the connection; requests in flight fail.</summary>
    public void Dispose()
    {
        Fail(new XRootDConnectionException(Name, "the connection was closed by the client"));
        if (_thread is not null && _thread != Thread.CurrentThread) _thread.Join(TimeSpan.FromSeconds(5));
        _stream.Dispose();
    }

    private sealed class Pending(ushort id, ushort requestId, ResponseSink sink, long deadlineTicks)
    {
        public readonly ushort Id = id;
        public readonly ushort RequestId = requestId;
        public readonly ResponseSink Sink = sink;
        public readonly TaskCompletionSource<XRootDResponse> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long DeadlineTicks = deadlineTicks;
        public bool Abandoned;
    }
}
