using System.Buffers.Binary;

namespace EventFrame.XRootD;

/// <summary>
/// A file opened for reading on an XRootD server. Reads may run concurrently (each is one request in flight on the
/// connection). When the connection drops or the server stops answering, a read reopens the file (on a new connection,
/// from the original URL, so redirects are followed again) and is sent again, up to
/// <see cref="XRootDClientOptions.MaxRetries"/> times. Dispose sends kXR_close.
/// </summary>
public sealed class XRootDFile : IDisposable, IAsyncDisposable
{
    private readonly XRootDClient _client;
    private readonly XRootDUrl _url;
    private readonly SemaphoreSlim _reopen = new(1, 1);
    private FileHandle _handle;
    private long _bytesRead;
    private long _reads;
    private int _disposed;

    internal XRootDFile(XRootDClient client, XRootDUrl url, FileHandle handle, XRootDStatInfo stat)
    {
        _client = client;
        _url = url;
        _handle = handle;
        OpenStat = stat;
    }

    /// <summary>The stat information the server returned with kXR_open (size, flags, modification time).</summary>
    public XRootDStatInfo OpenStat { get; }

    /// <summary>The URL the file was opened with.</summary>
    public string Url => _url.ToString();

    /// <summary>Where the file is served from now (differs from <see cref="Url"/> after a redirect).</summary>
    public string Location => Volatile.Read(ref _handle).Location.ToString();

    /// <summary>Size in bytes when the file was opened.</summary>
    public long Size => OpenStat.Size;

    /// <summary>Bytes delivered by all reads so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Number of kXR_read and kXR_readv requests sent so far (retries included).</summary>
    public long ReadRequests => Interlocked.Read(ref _reads);

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/> with one kXR_read; returns how many
    /// arrived (fewer only at the end of the file).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    /// <exception cref="XRootDException">The read failed after the retries (the message names the URL).</exception>
    public async Task<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.Length == 0) return 0;
        var sink = new ReadSink(destination);
        await WithRetriesAsync("kXR_read", handle =>
        {
            var parameters = new byte[16];
            handle.Handle.CopyTo(parameters, 0);
            BinaryPrimitives.WriteInt64BigEndian(parameters.AsSpan(4), offset);
            BinaryPrimitives.WriteInt32BigEndian(parameters.AsSpan(12), destination.Length);
            return (parameters, [], sink);
        }, ct).ConfigureAwait(false);
        Interlocked.Add(ref _bytesRead, sink.Filled);
        return sink.Filled;
    }

    /// <summary>
    /// Reads several ranges, <c>destinations[i].Length</c> bytes at <c>offsets[i]</c> into <c>destinations[i]</c>, with
    /// kXR_readv: ranges longer than <see cref="XRootDProtocol.MaxReadVSegmentBytes"/> are split, and the segments go in
    /// requests of at most <see cref="XRootDProtocol.MaxReadVSegments"/>, all in flight at once. Every range must lie
    /// inside the file.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length, an offset is negative or a range passes the end of the file.</exception>
    /// <exception cref="XRootDException">A request failed after the retries.</exception>
    public async Task ReadVAsync(IReadOnlyList<long> offsets, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        if (offsets.Count != destinations.Count)
            throw new ArgumentException($"{offsets.Count} offsets but {destinations.Count} destinations", nameof(destinations));
        var segments = new List<ReadSegment>();
        for (int i = 0; i < offsets.Count; i++)
        {
            if (offsets[i] < 0 || offsets[i] + destinations[i].Length > Size)
                throw new ArgumentException($"{Url}: range {i} ({destinations[i].Length} bytes at {offsets[i]}) is not inside the file of {Size} bytes", nameof(offsets));
            for (int done = 0; done < destinations[i].Length; done += XRootDProtocol.MaxReadVSegmentBytes)
            {
                int n = Math.Min(XRootDProtocol.MaxReadVSegmentBytes, destinations[i].Length - done);
                segments.Add(new ReadSegment(offsets[i] + done, destinations[i].Slice(done, n)));
            }
        }
        var tasks = new List<Task>();
        for (int start = 0; start < segments.Count; start += XRootDProtocol.MaxReadVSegments)
            tasks.Add(ReadVBatchAsync(segments.GetRange(start, Math.Min(XRootDProtocol.MaxReadVSegments, segments.Count - start)), ct));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task ReadVBatchAsync(List<ReadSegment> batch, CancellationToken ct)
    {
        var sink = new ReadVSink(batch);
        await WithRetriesAsync("kXR_readv", handle =>
        {
            var list = new byte[batch.Count * XRootDProtocol.ReadVElementSize];
            for (int k = 0; k < batch.Count; k++)
            {
                var element = list.AsSpan(k * XRootDProtocol.ReadVElementSize, XRootDProtocol.ReadVElementSize);
                handle.Handle.CopyTo(element);
                BinaryPrimitives.WriteInt32BigEndian(element[4..], batch[k].Destination.Length);
                BinaryPrimitives.WriteInt64BigEndian(element[8..], batch[k].Offset);
            }
            return (new byte[16], list, sink);
        }, ct).ConfigureAwait(false);
        long total = 0;
        foreach (var s in batch) total += s.Destination.Length;
        Interlocked.Add(ref _bytesRead, total);
    }

    /// <summary>Returns the kXR_stat information of the open file (by handle).</summary>
    /// <exception cref="XRootDException">The request failed after the retries.</exception>
    public async Task<XRootDStatInfo> StatAsync(CancellationToken ct = default)
    {
        var sink = new BufferSink(64 * 1024);
        await WithRetriesAsync("kXR_stat", handle =>
        {
            var parameters = new byte[16];
            handle.Handle.CopyTo(parameters, 12);
            return (parameters, [], sink);
        }, ct, countsAsRead: false).ConfigureAwait(false);
        try
        {
            return XRootDStatInfo.Parse(System.Text.Encoding.ASCII.GetString(sink.ToArray()));
        }
        catch (FormatException e)
        {
            throw new XRootDProtocolException(Url, -1, e.Message, e);
        }
    }

    /// <summary>
    /// Sends the request built by <paramref name="build"/> for the current handle; on a dropped connection, a timeout or a
    /// redirect, reopens the file and sends it again.
    /// </summary>
    private async Task WithRetriesAsync(string operation, Func<FileHandle, (byte[] Parameters, byte[] Payload, ResponseSink Sink)> build,
        CancellationToken ct, bool countsAsRead = true)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        int attempt = 0;
        int redirects = 0;
        ushort requestId = operation switch { "kXR_read" => XRootDProtocol.kXR_read, "kXR_readv" => XRootDProtocol.kXR_readv, _ => XRootDProtocol.kXR_stat };
        while (true)
        {
            var handle = Volatile.Read(ref _handle);
            try
            {
                if (handle.Connection.IsBroken) await ReopenAsync(handle, ct).ConfigureAwait(false);
                handle = Volatile.Read(ref _handle);
                var (parameters, payload, sink) = build(handle);
                sink.Reset();
                if (countsAsRead) Interlocked.Increment(ref _reads);
                var response = await _client.Send(handle.Connection, requestId, parameters, payload, sink, ct).ConfigureAwait(false);
                switch (response.Status)
                {
                    case XRootDProtocol.kXR_ok:
                        return;
                    case XRootDProtocol.kXR_error:
                        throw XRootDConnection.ServerError(Url, operation, response.Body);
                    case XRootDProtocol.kXR_redirect:
                        // The data server sends us away in the middle of reading: open the file where it points.
                        if (++redirects > _client.Options.MaxRedirects)
                            throw new XRootDException(Url, $"{operation}: more than {_client.Options.MaxRedirects} redirects");
                        await ReopenAsync(handle, ct, XRootDClient.Redirect(handle.Location, response.Body, handle.Connection.Name)).ConfigureAwait(false);
                        continue;
                    default:
                        throw new XRootDProtocolException(Url, -1, $"{operation} answered status {response.Status}");
                }
            }
            catch (XRootDException e) when (!XRootDClient.IsRetryable(e))
            {
                throw XRootDClient.Wrap(_url, operation, 0, e);
            }
            catch (XRootDException e)
            {
                if (attempt >= _client.Options.MaxRetries) throw XRootDClient.Wrap(_url, operation, attempt, e);
                await Task.Delay(_client.RetryDelay(attempt++), ct).ConfigureAwait(false);
                try
                {
                    await ReopenAsync(handle, ct).ConfigureAwait(false);
                }
                catch (XRootDException r) when (XRootDClient.IsRetryable(r) && attempt < _client.Options.MaxRetries)
                {
                    // The server is still away; the next round waits longer.
                }
            }
        }
    }

    /// <summary>Opens the file again (once for all readers that saw <paramref name="stale"/> fail).</summary>
    private async Task ReopenAsync(FileHandle stale, CancellationToken ct, XRootDUrl? at = null)
    {
        await _reopen.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _handle) != stale) return;
            var (handle, stat) = await _client.OpenHandleAsync(at ?? _url, ct).ConfigureAwait(false);
            if (stat.Size != Size || stat.ModificationTime != OpenStat.ModificationTime)
                throw new XRootDException(Url, $"the file changed while it was open (reopened after a connection failure: {stat.Size} bytes modified {stat.ModificationTime:u}, was {Size} bytes modified {OpenStat.ModificationTime:u})");
            Volatile.Write(ref _handle, handle);
        }
        finally
        {
            _reopen.Release();
        }
    }

    /// <summary>Sends kXR_close (if the connection is still up) and releases the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var handle = Volatile.Read(ref _handle);
        if (handle.Connection.IsBroken) return;
        var parameters = new byte[16];
        handle.Handle.CopyTo(parameters, 0);
        try
        {
            using var timeout = new CancellationTokenSource(_client.Options.RequestTimeout);
            await _client.Send(handle.Connection, XRootDProtocol.kXR_close, parameters, [], new BufferSink(64 * 1024), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XRootDException or OperationCanceledException)
        {
            // Closing is a courtesy: the server closes the handle with the connection anyway.
        }
    }

    /// <summary>Sends kXR_close and waits for the answer.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
