using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EventFrame.XRootD;

/// <summary>
/// An XRootD client: opens files, stats paths and lists directories on <c>root://</c> and <c>roots://</c> servers. It
/// keeps one logged-in connection per server (several requests in flight on it), follows redirects and kXR_wait, and
/// retries idempotent operations on a new connection when one drops. Thread-safe; dispose it to close the connections.
/// </summary>
public sealed class XRootDClient : IDisposable
{
    private readonly Dictionary<string, Task<XRootDConnection>> _connections = new(StringComparer.Ordinal);
    private long _requests;
    private long _connects;
    private bool _disposed;

    /// <summary>Creates a client with <paramref name="options"/> (or <see cref="XRootDClientOptions.Default"/>).</summary>
    public XRootDClient(XRootDClientOptions? options = null) => Options = options ?? XRootDClientOptions.Default;

    /// <summary>The client's settings.</summary>
    public XRootDClientOptions Options { get; }

    /// <summary>Number of requests sent so far (every kXR_open, kXR_read, kXR_readv... counts once, retries included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Number of connections opened so far (reconnections included).</summary>
    public long Connections => Interlocked.Read(ref _connects);

    /// <summary>Opens <paramref name="url"/> for reading (kXR_open with kXR_retstat, following redirects).</summary>
    /// <exception cref="XRootDServerException">The server refused (e.g. kXR_NotFound, kXR_NotAuthorized).</exception>
    /// <exception cref="XRootDException">The server cannot be reached or breaks the protocol.</exception>
    public async Task<XRootDFile> OpenAsync(string url, CancellationToken ct = default)
    {
        var parsed = XRootDUrl.Parse(url);
        var (handle, stat) = await OpenHandleAsync(parsed, ct).ConfigureAwait(false);
        return new XRootDFile(this, parsed, handle, stat);
    }

    /// <summary>Returns the kXR_stat information of <paramref name="url"/>.</summary>
    /// <exception cref="XRootDServerException">The server refused (e.g. kXR_NotFound).</exception>
    /// <exception cref="XRootDException">The server cannot be reached or breaks the protocol.</exception>
    public async Task<XRootDStatInfo> StatAsync(string url, CancellationToken ct = default)
    {
        var parsed = XRootDUrl.Parse(url);
        var sink = new BufferSink(64 * 1024);
        await PathRequestAsync(parsed, XRootDProtocol.kXR_stat, new byte[16], sink, ct).ConfigureAwait(false);
        return ParseStat(parsed, sink.ToArray(), 0);
    }

    /// <summary>Lists the directory <paramref name="url"/> (kXR_dirlist with kXR_dstat): names and their stat information, sorted by name.</summary>
    /// <exception cref="XRootDServerException">The server refused (e.g. kXR_NotFound, or the path is not a directory).</exception>
    /// <exception cref="XRootDException">The server cannot be reached or breaks the protocol.</exception>
    public async Task<IReadOnlyList<XRootDDirectoryEntry>> ListDirectoryAsync(string url, CancellationToken ct = default)
    {
        var parsed = XRootDUrl.Parse(url);
        var parameters = new byte[16];
        parameters[15] = XRootDProtocol.kXR_dstat;
        var sink = new BufferSink(Options.MaxResponseBytes);
        await PathRequestAsync(parsed, XRootDProtocol.kXR_dirlist, parameters, sink, ct).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(sink.ToArray()).TrimEnd('\0');
        var lines = text.Split('\n');
        var entries = new List<XRootDDirectoryEntry>();
        int i = 0;
        // With kXR_dstat the listing starts with ".\n0 0 0 0\n" and then alternates name and stat lines.
        bool withStat = lines.Length >= 2 && lines[0] == "." && lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 4;
        if (withStat) i = 2;
        for (; i < lines.Length; i++)
        {
            var name = lines[i];
            if (name.Length == 0) continue;
            if (withStat)
            {
                if (i + 1 >= lines.Length) throw new XRootDProtocolException(parsed.ToString(), -1, $"kXR_dirlist entry '{name}' has no stat line");
                entries.Add(new XRootDDirectoryEntry(name, ParseStat(parsed, Encoding.UTF8.GetBytes(lines[++i]), -1)));
            }
            else entries.Add(new XRootDDirectoryEntry(name, default));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static XRootDStatInfo ParseStat(XRootDUrl url, byte[] text, long offset)
    {
        try
        {
            return XRootDStatInfo.Parse(Encoding.ASCII.GetString(text));
        }
        catch (FormatException e)
        {
            throw new XRootDProtocolException(url.ToString(), offset, e.Message, e);
        }
    }

    /// <summary>
    /// kXR_open of <paramref name="url"/> for reading; returns where the file ended up (after redirects), the handle and
    /// the size from the kXR_retstat information.
    /// </summary>
    internal async Task<(FileHandle Handle, XRootDStatInfo Stat)> OpenHandleAsync(XRootDUrl url, CancellationToken ct)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(parameters.AsSpan(2), XRootDProtocol.kXR_open_read | XRootDProtocol.kXR_retstat);
        var sink = new BufferSink(64 * 1024);
        var (connection, location) = await PathRequestAsync(url, XRootDProtocol.kXR_open, parameters, sink, ct).ConfigureAwait(false);
        var body = sink.ToArray();
        if (body.Length < 4) throw new XRootDProtocolException(url.ToString(), -1, $"kXR_open answered {body.Length} bytes, fewer than the 4-byte file handle");
        XRootDStatInfo? info = body.Length > 12 ? ParseStat(url, body[12..], -1) : null;
        var handle = new FileHandle(connection, location, body[..4]);
        if (info is null)
        {
            var stat = new byte[16];
            body.AsSpan(0, 4).CopyTo(stat.AsSpan(12));
            var statSink = new BufferSink(64 * 1024);
            var response = await Send(connection, XRootDProtocol.kXR_stat, stat, [], statSink, ct).ConfigureAwait(false);
            if (response.Status == XRootDProtocol.kXR_error) throw XRootDConnection.ServerError(url.ToString(), "kXR_stat", response.Body);
            info = ParseStat(url, statSink.ToArray(), -1);
        }
        return (handle, info.Value);
    }

    /// <summary>
    /// Sends a request that names a path (open, stat, dirlist) to <paramref name="url"/>'s server, following redirects
    /// and kXR_wait, and retrying on a new connection when the connection fails. Returns the connection and location
    /// that answered kXR_ok; the body is in <paramref name="sink"/>.
    /// </summary>
    internal async Task<(XRootDConnection Connection, XRootDUrl Location)> PathRequestAsync(XRootDUrl url, ushort requestId, byte[] parameters, ResponseSink sink, CancellationToken ct)
    {
        var operation = XRootDProtocol.RequestName(requestId);
        var target = url;
        int redirects = 0;
        int attempt = 0;
        while (true)
        {
            try
            {
                var connection = await GetConnectionAsync(target, ct).ConfigureAwait(false);
                var path = Encoding.UTF8.GetBytes(target.Path + (target.Opaque.Length > 0 ? "?" + target.Opaque : ""));
                var response = await Send(connection, requestId, parameters, path, sink, ct).ConfigureAwait(false);
                switch (response.Status)
                {
                    case XRootDProtocol.kXR_ok:
                        return (connection, target);
                    case XRootDProtocol.kXR_error:
                        throw XRootDConnection.ServerError(url.ToString(), operation, response.Body);
                    case XRootDProtocol.kXR_redirect:
                        if (++redirects > Options.MaxRedirects)
                            throw new XRootDException(url.ToString(), $"{operation}: more than {Options.MaxRedirects} redirects (last to {target.Endpoint})");
                        target = Redirect(target, response.Body, connection.Name);
                        sink.Reset();
                        continue;
                    default:
                        throw new XRootDProtocolException(url.ToString(), -1, $"{operation} answered status {response.Status}");
                }
            }
            catch (XRootDException e) when (!IsRetryable(e))
            {
                throw Wrap(url, operation, 0, e);
            }
            catch (XRootDException e) when (IsRetryable(e))
            {
                if (attempt >= Options.MaxRetries)
                    throw Wrap(url, operation, attempt, e);
                await Task.Delay(RetryDelay(attempt++), ct).ConfigureAwait(false);
                // After a failure at a redirect target, start again from the URL's own server, which may send us elsewhere.
                target = url;
                sink.Reset();
            }
        }
    }

    internal static bool IsRetryable(XRootDException e) => e is XRootDTimeoutException || e is XRootDConnectionException { Permanent: false };

    internal TimeSpan RetryDelay(int attempt) => Options.RetryDelay * Math.Pow(2, Math.Min(attempt, 10));

    /// <summary>
    /// The exception the caller sees: the same kind, naming <paramref name="url"/> (and the server that failed, when that
    /// is another address) and how many retries were made.
    /// </summary>
    internal static XRootDException Wrap(XRootDUrl url, string operation, int retries, XRootDException e)
    {
        var text = url.ToString();
        if (e.Url == text && retries == 0) return e;
        var where = e.Url == text ? "" : $"server {e.Url}";
        var note = retries > 0 ? $" (after {retries} retries{(where.Length > 0 ? "; " + where : "")})" : $" ({where})";
        return e switch
        {
            XRootDTimeoutException => new XRootDTimeoutException(text, e.Detail + note),
            XRootDConnectionException c => new XRootDConnectionException(text, e.Detail + note, e) { Permanent = c.Permanent },
            XRootDProtocolException p => new XRootDProtocolException(text, p.StreamOffset, p.Reason + note, e),
            XRootDServerException s => new XRootDServerException(text, operation, s.ErrorCode, s.ServerMessage),
            _ => new XRootDException(text, e.Detail + note, e),
        };
    }

    /// <summary>Where a kXR_redirect body (port, then "host[?opaque]" or a URL when the port is -1) sends the request.</summary>
    internal static XRootDUrl Redirect(XRootDUrl origin, byte[] body, string server)
    {
        if (body.Length < 5) throw new XRootDProtocolException(server, -1, $"kXR_redirect body of {body.Length} bytes has no host");
        int port = BinaryPrimitives.ReadInt32BigEndian(body);
        var text = Encoding.UTF8.GetString(body, 4, body.Length - 4).TrimEnd('\0');
        if (text.Contains("://", StringComparison.Ordinal))
        {
            XRootDUrl to;
            try
            {
                to = XRootDUrl.Parse(text);
            }
            catch (ArgumentException e)
            {
                throw new XRootDProtocolException(server, -1, $"kXR_redirect to '{text}': {e.Message}", e);
            }
            return to with { Scheme = origin.Scheme, User = origin.User, Path = to.Path == "/" ? origin.Path : to.Path, Text = null };
        }
        int q = text.IndexOf('?');
        var host = q < 0 ? text : text[..q];
        var opaque = q < 0 ? "" : text[(q + 1)..].Trim('?');
        if (host.Length == 0 || port is < 0 or > 65535)
            throw new XRootDProtocolException(server, -1, $"kXR_redirect to host '{host}' port {port.ToString(CultureInfo.InvariantCulture)} is not usable");
        return origin with { Host = host.Trim('[', ']'), Port = port == 0 ? XRootDProtocol.DefaultPort : port, Opaque = opaque, Text = null };
    }

    /// <summary>Sends one request on <paramref name="connection"/>, counting it.</summary>
    internal Task<XRootDResponse> Send(XRootDConnection connection, ushort requestId, byte[] parameters, byte[] payload, ResponseSink sink, CancellationToken ct)
    {
        Interlocked.Increment(ref _requests);
        return connection.RequestAsync(requestId, parameters, payload, sink, ct);
    }

    /// <summary>The logged-in connection to <paramref name="url"/>'s server, opening a new one if there is none or it broke.</summary>
    internal async Task<XRootDConnection> GetConnectionAsync(XRootDUrl url, CancellationToken ct)
    {
        var key = $"{url.Scheme}://{url.User}@{url.Endpoint}";
        Task<XRootDConnection> task;
        XRootDConnection? broken = null;
        lock (_connections)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue(key, out task!) || task.IsFaulted || task.IsCanceled || task.IsCompletedSuccessfully && task.Result.IsBroken)
            {
                if (task is { IsCompletedSuccessfully: true }) broken = task.Result;
                Interlocked.Increment(ref _connects);
                task = XRootDConnection.ConnectAsync(url, Options, CancellationToken.None);
                _connections[key] = task;
            }
        }
        // Outside the lock: disposing waits for the old connection's reader thread to end.
        broken?.Dispose();
        return await task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Closes every connection; files opened through this client stop working.</summary>
    public void Dispose()
    {
        List<Task<XRootDConnection>> all;
        lock (_connections)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _connections.Values];
            _connections.Clear();
        }
        foreach (var t in all)
            if (t.IsCompletedSuccessfully) t.Result.Dispose();
            else t.ContinueWith(c => c.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}

/// <summary>An open file: the connection it was opened on, where (after redirects), and the server's 4-byte handle.</summary>
internal sealed record FileHandle(XRootDConnection Connection, XRootDUrl Location, byte[] Handle);
