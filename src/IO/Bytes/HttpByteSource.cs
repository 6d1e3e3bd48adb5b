using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A file served over HTTP or HTTPS, read with range requests (<c>Range: bytes=a-b</c>). The length and version come
/// from a HEAD request (or, when the server does not answer HEAD with a length, from the <c>Content-Range</c> of a
/// one-byte GET). A vectored read is one multi-range request per <see cref="HttpSourceOptions.MaxRangesPerRequest"/>
/// ranges, parsed from its <c>multipart/byteranges</c> answer; ranges a server leaves out (it answered one range, or
/// HTTP 200 with the whole file) are read with single-range requests, <see cref="HttpSourceOptions.MaxParallelRequests"/>
/// at a time, and such a server gets only single-range requests from then on.
/// </summary>
/// <remarks>
/// Redirects are followed once when the source is opened and later requests go to the final address. Reads are
/// idempotent and are retried on connection failures, answers cut short, time-outs and HTTP 408/429/5xx. Every error is
/// an <see cref="HttpByteSourceException"/> naming the URL.
/// </remarks>
public sealed class HttpByteSource : IVersionedByteSource
{
    private const int MaxLine = 8 * 1024;
    private const int MaxPartHeaders = 32;
    private static readonly Dictionary<HttpSourceOptions, HttpClient> s_clients = new(ReferenceEqualityComparer.Instance);

    private readonly HttpClient _client;
    private readonly HttpSourceOptions _options;
    private readonly Uri _target;
    private long _bytesRead, _requests, _httpRequests;
    private volatile bool _singleRangesOnly;
    private volatile bool _disposed;

    /// <summary>The options <c>ByteSources.Open</c> uses for http:// and https:// URLs (default <see cref="HttpSourceOptions.Default"/>).</summary>
    public static HttpSourceOptions DefaultOptions { get; set; } = HttpSourceOptions.Default;

    /// <summary>
    /// Opens <paramref name="url"/> (http or https) with <paramref name="options"/> (default <see cref="DefaultOptions"/>):
    /// one HEAD request (following redirects) for the length and the version.
    /// </summary>
    /// <exception cref="HttpByteSourceException">The URL is not http(s), or the server cannot be reached, refuses the file
    /// or does not tell its length.</exception>
    public HttpByteSource(string url, HttpSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        Name = url;
        _options = options ?? DefaultOptions;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new HttpByteSourceException(url, "not an http:// or https:// URL");
        _client = ClientFor(_options);
        (_target, Length, Version) = Run(ct => ProbeAsync(uri, ct), default);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public long Length { get; }

    /// <summary>The ETag of the file, else its Last-Modified date, else null.</summary>
    public string? Version { get; }

    /// <summary>The address requests go to after redirects were followed on opening.</summary>
    public Uri Target => _target;

    /// <inheritdoc/>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>HTTP requests sent, including the HEAD on opening and retries.</summary>
    public long HttpRequests => Interlocked.Read(ref _httpRequests);

    /// <summary>Whether the server was seen to ignore multi-range requests, so vectored reads use single ranges.</summary>
    public bool SingleRangesOnly => _singleRangesOnly;

    private static HttpClient ClientFor(HttpSourceOptions options)
    {
        lock (s_clients)
        {
            if (s_clients.TryGetValue(options, out var client)) return client;
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = options.Timeout,
                // Long-lived clients still notice DNS changes.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            };
            if (options.TrustedCertificates is { Count: > 0 } trusted)
            {
                var roots = new X509Certificate2Collection(trusted);
                handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trust(certificate, chain, errors, roots);
            }
            client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            s_clients[options] = client;
            return client;
        }
    }

    /// <summary>
    /// Accepts a server certificate the system trusts, or one whose only fault is a chain that ends in one of
    /// <paramref name="roots"/> instead of a system root (the host name must match in both cases).
    /// </summary>
    private static bool Trust(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        // As for the system roots (SslStream's default), revocation is not checked.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    private T Run<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct) => operation(ct).GetAwaiter().GetResult();

    private async Task<(Uri Target, long Length, string? Version)> ProbeAsync(Uri uri, CancellationToken ct)
    {
        var (target, length, version) = await AttemptsAsync("HEAD", async token =>
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, uri), token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.Forbidden)
                return (response.RequestMessage?.RequestUri ?? uri, -1L, (string?)null);
            ThrowForStatus(response, "HEAD");
            return (response.RequestMessage?.RequestUri ?? uri, response.Content.Headers.ContentLength ?? -1, VersionOf(response));
        }, ct).ConfigureAwait(false);
        if (length >= 0) return (target, length, version);
        // No length from HEAD (not allowed, or a chunked answer): ask for the first byte and read the total from Content-Range.
        return await AttemptsAsync("GET bytes=0-0", async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.Range = new RangeHeaderValue(0, 0);
            using var response = await SendAsync(request, token).ConfigureAwait(false);
            ThrowForStatus(response, "GET bytes=0-0");
            var final = response.RequestMessage?.RequestUri ?? target;
            if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { HasLength: true } cr)
                return (final, cr.Length!.Value, VersionOf(response));
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentLength is { } all)
                return (final, all, VersionOf(response));
            throw new HttpByteSourceException(Name, $"server tells neither Content-Length nor Content-Range (HTTP {(int)response.StatusCode})");
        }, ct).ConfigureAwait(false);
    }

    private static string? VersionOf(HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _httpRequests);
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private void ThrowForStatus(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        int code = (int)response.StatusCode;
        bool transient = code is 408 or 429 || code >= 500;
        throw new HttpByteSourceException(Name, $"{what} answered HTTP {code} {response.ReasonPhrase}", retryable: transient, statusCode: code);
    }

    /// <summary>Runs <paramref name="attempt"/> with a time limit, retrying transient failures; maps every failure to an <see cref="HttpByteSourceException"/>.</summary>
    private async Task<T> AttemptsAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        for (int n = 1; ; n++)
        {
            HttpByteSourceException failure;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                limit.CancelAfter(_options.Timeout);
                try
                {
                    return await attempt(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    failure = new HttpByteSourceException(Name, $"{what} timed out after {_options.Timeout.TotalSeconds:0.#} s", e, retryable: true);
                }
                catch (HttpByteSourceException e)
                {
                    failure = e;
                }
                catch (HttpRequestException e)
                {
                    bool transient = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown;
                    var why = e.HttpRequestError switch
                    {
                        HttpRequestError.NameResolutionError => "unknown host: " + e.Message,
                        HttpRequestError.ConnectionError => "connection failed: " + e.Message,
                        HttpRequestError.SecureConnectionError => "TLS handshake failed (is the server's certificate trusted?): " + e.Message,
                        _ => e.Message,
                    };
                    failure = new HttpByteSourceException(Name, $"{what} failed: {why}", e, transient);
                }
                catch (IOException e) when (e is not ByteSourceException)
                {
                    failure = new HttpByteSourceException(Name, $"{what} failed while reading the answer: {e.Message}", e, retryable: true);
                }
                catch (ObjectDisposedException e)
                {
                    throw new HttpByteSourceException(Name, $"{what}: the source is disposed", e);
                }
            }
            if (!failure.Retryable || n >= _options.MaxAttempts)
                throw n == 1 ? failure : new HttpByteSourceException(Name, $"{failure.Message} (attempt {n} of {_options.MaxAttempts})", failure.InnerException, false, failure.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(100 << (2 * (n - 1))), ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        ByteSources.CheckRead(Name, Length, offset, destination.Length);
        if (destination.Length == 0) return;
        ByteSources.ReadThroughBuffer(destination, memory => Run(ct => ReadSpansAsync([new ByteRange(offset, memory.Length)], [memory], ct), default));
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        ByteSources.CheckRead(Name, Length, offset, destination.Length);
        if (destination.Length == 0) return;
        await ReadSpansAsync([new ByteRange(offset, destination.Length)], [destination], ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        ByteSources.CheckReads(Name, Length, ranges, destinations);
        Run(ct => ReadSpansAsync(ranges, destinations, ct), default);
    }

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckReads(Name, Length, ranges, destinations);
        await ReadSpansAsync(ranges, destinations, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Bytes to request: one or more requested ranges merged because they overlap or touch. <see cref="Pieces"/> tile
    /// the span in order: the destinations themselves when the ranges only touch, else one buffer copied out to the
    /// ranges listed in <see cref="Ranges"/> afterwards.
    /// </summary>
    private sealed class Span(long offset, int length, Memory<byte>[] pieces)
    {
        public long Offset { get; } = offset;
        public int Length { get; } = length;
        public long End => Offset + Length;
        public Memory<byte>[] Pieces { get; } = pieces;
        public List<int>? Ranges { get; init; }
        public bool Covered { get; set; }
    }

    private async Task<bool> ReadSpansAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct)
    {
        var spans = MergeSpans(ranges, destinations);
        if (spans.Count > 0)
        {
            if (spans.Count > 1 && !_singleRangesOnly)
                await Parallel.ForEachAsync(spans.Chunk(Math.Max(1, _options.MaxRangesPerRequest)),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelRequests), CancellationToken = ct },
                    async (batch, token) => await RequestAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
            var rest = spans.Where(s => !s.Covered).ToList();
            if (rest.Count == 1) await RequestAsync([rest[0]], ct).ConfigureAwait(false);
            else if (rest.Count > 1)
                await Parallel.ForEachAsync(rest, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelRequests), CancellationToken = ct },
                    async (span, token) => await RequestAsync([span], token).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var s in rest)
                if (!s.Covered)
                    throw new HttpByteSourceException(Name, $"server did not send bytes {s.Offset}-{s.End - 1} that were asked for");
            foreach (var s in spans)
                if (s.Ranges is { } parts)
                    foreach (int i in parts)
                        s.Pieces[0].Slice((int)(ranges[i].Offset - s.Offset), ranges[i].Length).CopyTo(destinations[i]);
        }
        long bytes = 0;
        foreach (var r in ranges) bytes += r.Length;
        Interlocked.Add(ref _bytesRead, bytes);
        Interlocked.Add(ref _requests, ranges.Count);
        return true;
    }

    /// <summary>
    /// Sorts the non-empty ranges and merges those that overlap or touch; a span of ranges that only touch (blocks of
    /// the cache, adjacent baskets) reads straight into their destinations, one with overlaps into a buffer copied out
    /// afterwards.
    /// </summary>
    private static List<Span> MergeSpans(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        var order = Enumerable.Range(0, ranges.Count).Where(i => ranges[i].Length > 0).OrderBy(i => ranges[i].Offset).ToList();
        var spans = new List<Span>();
        for (int a = 0; a < order.Count;)
        {
            long start = ranges[order[a]].Offset, end = ranges[order[a]].End;
            int b = a + 1;
            bool overlap = false;
            while (b < order.Count && ranges[order[b]].Offset <= end && Math.Max(end, ranges[order[b]].End) - start <= Array.MaxLength)
            {
                overlap |= ranges[order[b]].Offset < end;
                end = Math.Max(end, ranges[order[b++]].End);
            }
            if (!overlap) spans.Add(new Span(start, (int)(end - start), order[a..b].Select(i => destinations[i]).ToArray()));
            else spans.Add(new Span(start, (int)(end - start), [new byte[end - start]]) { Ranges = order[a..b] });
            a = b;
        }
        return spans;
    }

    /// <summary>
    /// Sends one request for <paramref name="batch"/> (one range, or a multi-range request) and stores whatever part of
    /// the spans the answer holds, marking them covered. Spans a server left out stay uncovered for the caller.
    /// </summary>
    private Task<bool> RequestAsync(Span[] batch, CancellationToken ct)
    {
        var what = batch.Length == 1 ? $"GET bytes={batch[0].Offset}-{batch[0].End - 1}" : $"GET of {batch.Length} ranges";
        return AttemptsAsync(what, async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, _target);
            var header = new RangeHeaderValue();
            foreach (var s in batch)
                if (!s.Covered) header.Ranges.Add(new RangeItemHeaderValue(s.Offset, s.End - 1));
            if (header.Ranges.Count == 0) return true;
            request.Headers.Range = header;
            using var response = await SendAsync(request, token).ConfigureAwait(false);
            ThrowForStatus(response, what);
            var content = response.Content.Headers;
            if (content.ContentEncoding.Any(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)))
                throw new HttpByteSourceException(Name, $"{what} answered with Content-Encoding {string.Join(",", content.ContentEncoding)}; ranges of encoded bytes cannot be used");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (header.Ranges.Count > 1)
                {
                    // The server ignores multi-range requests (S3 does): the caller reads the ranges one by one.
                    _singleRangesOnly = true;
                    return true;
                }
                var only = batch.First(s => !s.Covered);
                if (content.ContentLength is { } n && n != Length)
                    throw new HttpByteSourceException(Name, $"{what} answered HTTP 200 with {n} bytes, but the file had {Length} bytes when opened");
                if (only.Offset > _options.MaxDiscardBytes)
                    throw new HttpByteSourceException(Name, $"server ignores Range requests: {what} answered HTTP 200 with the whole file ({Length} bytes), and skipping to offset {only.Offset} would download more than {_options.MaxDiscardBytes} unwanted bytes");
                var body = new HttpResponseReader(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), Name);
                await ConsumePartAsync(body, 0, Length, batch, readToEnd: false, token).ConfigureAwait(false);
                return true;
            }
            if (response.StatusCode != HttpStatusCode.PartialContent)
                throw new HttpByteSourceException(Name, $"{what} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} instead of 206 Partial Content", statusCode: (int)response.StatusCode);
            var reader = new HttpResponseReader(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), Name);
            if (content.ContentType?.MediaType?.Equals("multipart/byteranges", StringComparison.OrdinalIgnoreCase) == true)
            {
                var boundary = content.ContentType.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
                if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
                    throw new HttpByteSourceException(Name, $"{what}: multipart/byteranges answer without a valid boundary parameter");
                await ParseMultipartAsync(reader, boundary, batch, token).ConfigureAwait(false);
            }
            else
            {
                var (first, last) = content.ContentRange is { HasRange: true } cr
                    ? CheckPartRange(cr.From!.Value, cr.To!.Value, cr.HasLength ? cr.Length : null, 0)
                    : throw new HttpByteSourceException(Name, $"{what} answered 206 without Content-Range");
                if (content.ContentLength is { } n && n != last - first + 1)
                    throw new HttpByteSourceException(Name, $"{what}: Content-Length {n} disagrees with Content-Range {first}-{last}");
                await ConsumePartAsync(reader, first, last + 1, batch, readToEnd: false, token).ConfigureAwait(false);
            }
            return true;
        }, ct);
    }

    private (long First, long Last) CheckPartRange(long first, long last, long? total, long bodyOffset)
    {
        if (total is { } t && t != Length)
            throw new HttpByteSourceException(Name, $"the file now has {t} bytes, but had {Length} bytes when opened (answer byte {bodyOffset})");
        if (first < 0 || last < first || last >= Length)
            throw new HttpByteSourceException(Name, $"answer part bytes {first}-{last} is outside the file of {Length} bytes (answer byte {bodyOffset})");
        return (first, last);
    }

    /// <summary>
    /// Reads the answer part holding file bytes <c>[first, end)</c> into the spans of <paramref name="batch"/> it covers
    /// entirely; bytes no span wants are discarded, at most <see cref="HttpSourceOptions.MaxDiscardBytes"/> per answer.
    /// With <paramref name="readToEnd"/> the rest of the part is consumed too (the next multipart boundary follows it).
    /// </summary>
    private async Task ConsumePartAsync(HttpResponseReader reader, long first, long end, Span[] batch, bool readToEnd, CancellationToken ct)
    {
        long pos = first;
        foreach (var s in batch)
        {
            if (s.Covered || s.Offset < pos || s.End > end) continue;
            CheckDiscard(s.Offset - pos, reader);
            await reader.DiscardAsync(s.Offset - pos, ct).ConfigureAwait(false);
            foreach (var piece in s.Pieces) await reader.ReadExactlyAsync(piece, ct).ConfigureAwait(false);
            s.Covered = true;
            pos = s.End;
        }
        if (readToEnd)
        {
            CheckDiscard(end - pos, reader);
            await reader.DiscardAsync(end - pos, ct).ConfigureAwait(false);
        }
    }

    private void CheckDiscard(long more, HttpResponseReader reader)
    {
        if (reader.Discarded + more > _options.MaxDiscardBytes)
            throw new HttpByteSourceException(Name, $"answer holds more than {_options.MaxDiscardBytes} bytes that were not asked for (at answer byte {reader.Position})");
    }

    /// <summary>
    /// Parses a <c>multipart/byteranges</c> body (RFC 9110 §14.6): an optional preamble, then per part a
    /// <c>--boundary</c> line, header lines with <c>Content-Range: bytes a-b/total</c>, an empty line and b−a+1 bytes;
    /// finally <c>--boundary--</c>. Lines, header counts and discarded bytes are bounded.
    /// </summary>
    private async Task ParseMultipartAsync(HttpResponseReader reader, string boundary, Span[] batch, CancellationToken ct)
    {
        string open = "--" + boundary, close = open + "--";
        int preamble = 0;
        while (true)
        {
            var line = await reader.ReadLineAsync(MaxLine, ct).ConfigureAwait(false);
            if (line is null)
                throw new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: body ended at byte {reader.Position} before the closing boundary", retryable: true);
            line = line.TrimEnd(' ', '\t');
            if (line == close) return;
            if (line != open)
            {
                // Text before the first boundary (a preamble) or the line break after a part's bytes.
                if (++preamble > 64)
                    throw new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: no boundary line '{open}' near byte {reader.Position}");
                continue;
            }
            preamble = 0;
            long? first = null, last = null, total = null;
            for (int h = 0; ; h++)
            {
                var header = await reader.ReadLineAsync(MaxLine, ct).ConfigureAwait(false)
                    ?? throw new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: body ended in part headers at byte {reader.Position}", retryable: true);
                if (header.Length == 0) break;
                if (h >= MaxPartHeaders)
                    throw new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: more than {MaxPartHeaders} part headers at byte {reader.Position}");
                int colon = header.IndexOf(':');
                if (colon > 0 && header[..colon].Trim().Equals("Content-Range", StringComparison.OrdinalIgnoreCase))
                    (first, last, total) = ParseContentRange(header[(colon + 1)..].Trim(), reader.Position);
            }
            if (first is null || last is null)
                throw new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: part without Content-Range before byte {reader.Position}");
            var (a, b) = CheckPartRange(first.Value, last.Value, total, reader.Position);
            await ConsumePartAsync(reader, a, b + 1, batch, readToEnd: true, ct).ConfigureAwait(false);
        }
    }

    private (long, long, long?) ParseContentRange(string value, long position)
    {
        // bytes FIRST-LAST/TOTAL, TOTAL possibly "*"
        var bad = new HttpByteSourceException(Name, $"malformed multipart/byteranges answer: Content-Range '{(value.Length > 100 ? value[..100] : value)}' before byte {position}");
        if (!value.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase)) throw bad;
        var rest = value[6..].Trim();
        int dash = rest.IndexOf('-'), slash = rest.IndexOf('/');
        if (dash <= 0 || slash < dash) throw bad;
        if (!long.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            !long.TryParse(rest[(dash + 1)..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
            throw bad;
        var t = rest[(slash + 1)..];
        if (t == "*") return (first, last, null);
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var total)) throw bad;
        return (first, last, total);
    }

    /// <summary>Marks the source closed (the HTTP client and its connections are shared and stay open).</summary>
    public void Dispose() => _disposed = true;
}

/// <summary>An HTTP(S) read failed: the server answered an error status, the answer was malformed, or the connection failed.</summary>
public sealed class HttpByteSourceException : ByteSourceException
{
    /// <summary>Creates the exception for <paramref name="url"/>; <paramref name="retryable"/> marks failures worth another attempt.</summary>
    public HttpByteSourceException(string url, string message, Exception? inner = null, bool retryable = false, int? statusCode = null)
        : base(url, message, inner)
    {
        Retryable = retryable;
        StatusCode = statusCode;
    }

    /// <summary>Whether the failure was transient (connection, time-out, HTTP 408/429/5xx, answer cut short).</summary>
    public bool Retryable { get; }

    /// <summary>The HTTP status of the answer, when the failure was an error status.</summary>
    public int? StatusCode { get; }
}
