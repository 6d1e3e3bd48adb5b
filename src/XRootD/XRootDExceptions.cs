namespace EventFrame.XRootD;

/// <summary>An XRootD operation failed; the message names the URL and what was being done.</summary>
public class XRootDException : IOException
{
    /// <summary>Creates the exception for <paramref name="url"/>; the message starts with the URL.</summary>
    public XRootDException(string url, string message, Exception? inner = null) : base($"{url}: {message}", inner)
    {
        Url = url;
        Detail = message;
    }

    /// <summary>The URL (or server address) the operation was for.</summary>
    public string Url { get; }

    /// <summary>The message without the leading URL.</summary>
    public string Detail { get; }
}

/// <summary>The server answered kXR_error: <see cref="ErrorCode"/> and the server's own message.</summary>
public sealed class XRootDServerException : XRootDException
{
    /// <summary>Creates the exception for a kXR_error with code <paramref name="errorCode"/> and text <paramref name="serverMessage"/>.</summary>
    public XRootDServerException(string url, string operation, int errorCode, string serverMessage)
        : base(url, $"{operation} failed: {XRootDProtocol.ErrorName(errorCode)} ({errorCode}): {serverMessage}")
    {
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The XRootD error code (XErrorCode in XProtocol.hh, e.g. 3011 kXR_NotFound).</summary>
    public int ErrorCode { get; }

    /// <summary>The message text the server sent.</summary>
    public string ServerMessage { get; }
}

/// <summary>
/// The connection could not be made or was lost (unknown host, refused, closed by the server, reset); idempotent
/// operations are retried on a new connection before this reaches the caller.
/// </summary>
public sealed class XRootDConnectionException(string url, string message, Exception? inner = null) : XRootDException(url, message, inner)
{
    /// <summary>True when retrying cannot help (the host name does not resolve).</summary>
    public bool Permanent { get; init; }
}

/// <summary>The server did not answer a request within <see cref="XRootDClientOptions.RequestTimeout"/>.</summary>
public sealed class XRootDTimeoutException(string url, string message) : XRootDException(url, message);

/// <summary>
/// The server sent something that breaks the protocol (a truncated or malformed frame, a response longer than allowed);
/// <see cref="StreamOffset"/> is the position in the connection's received bytes where the bad frame starts.
/// </summary>
public sealed class XRootDProtocolException : XRootDException
{
    /// <summary>Creates the exception for a bad frame starting at byte <paramref name="streamOffset"/> of the connection.</summary>
    public XRootDProtocolException(string url, long streamOffset, string message, Exception? inner = null)
        : base(url, $"protocol error at byte {streamOffset} of the server's response stream: {message}", inner)
    {
        StreamOffset = streamOffset;
        Reason = message;
    }

    /// <summary>What was wrong with the frame.</summary>
    public string Reason { get; }

    /// <summary>Offset, in bytes received on the connection, of the frame that broke the protocol.</summary>
    public long StreamOffset { get; }
}
