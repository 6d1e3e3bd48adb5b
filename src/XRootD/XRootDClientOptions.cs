using System.Net.Security;

namespace EventFrame.XRootD;

/// <summary>Settings of an <see cref="XRootDClient"/>.</summary>
public sealed record XRootDClientOptions
{
    /// <summary>The defaults: 10 s to connect, 60 s per request, 5 retries starting 0.25 s apart.</summary>
    public static XRootDClientOptions Default { get; } = new();

    /// <summary>Longest wait for the TCP connection, handshake and login.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the answer to one request (time spent in kXR_wait is not counted).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times an idempotent operation (open, stat, read, readv, dirlist) is retried after the connection failed.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Delay before the first retry; it doubles with every further retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>Longest single kXR_wait the client honours; a server asking for longer is waited for this long.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many redirects one operation may follow before it fails.</summary>
    public int MaxRedirects { get; init; } = 16;

    /// <summary>Largest response body kept in memory for anything but reads (e.g. a directory listing).</summary>
    public int MaxResponseBytes { get; init; } = 64 << 20;

    /// <summary>User name sent in kXR_login and in <c>unix</c> authentication; null uses the URL's user or the process's.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// Checks the server's TLS certificate; null uses the system's trust store. Called for roots:// and whenever the
    /// server asks the client to switch to TLS.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
