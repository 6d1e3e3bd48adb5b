using System.Security.Cryptography.X509Certificates;

namespace EventFrame.IO.Bytes;

/// <summary>How <see cref="HttpByteSource"/> talks to HTTP(S) servers.</summary>
public sealed record HttpSourceOptions
{
    /// <summary>The defaults, used by <c>ByteSources.Open("http://...")</c> unless <see cref="HttpByteSource.DefaultOptions"/> is replaced.</summary>
    public static HttpSourceOptions Default { get; } = new();

    /// <summary>Time limit of one attempt of one request, from sending it to the last byte of its answer (default 60 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Attempts per read (default 3): connection failures, answers cut short, time-outs and HTTP 408/429/5xx are
    /// retried after 0.1 s, 0.4 s, ...; other errors fail at once.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Requests in flight at once for one vectored read when it is split (default 4).</summary>
    public int MaxParallelRequests { get; init; } = 4;

    /// <summary>Ranges per multi-range request (default 64; servers bound the Range header, e.g. Apache at 200 ranges).</summary>
    public int MaxRangesPerRequest { get; init; } = 64;

    /// <summary>Redirects followed per request (default 10).</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>
    /// Bytes of an answer that were not asked for and are read and discarded (default 4 MiB): gaps a server merged
    /// between ranges, or the start of a whole file sent as HTTP 200 by a server that ignores ranges. An answer that
    /// would need more is an error, so such a server never makes a read download a huge file.
    /// </summary>
    public long MaxDiscardBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Certificates to trust as roots for HTTPS in addition to the system's (for example a site's own CA or a
    /// self-signed server certificate). The server's name must still match its certificate. Null or empty: system roots only.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }
}
