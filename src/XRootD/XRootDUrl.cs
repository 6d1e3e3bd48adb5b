using System.Globalization;

namespace EventFrame.XRootD;

/// <summary>
/// A parsed <c>root://[user@]host[:port]//path[?opaque]</c> or <c>roots://...</c> URL (roots asks for TLS). The path
/// always starts with '/'; a missing port is <see cref="XRootDProtocol.DefaultPort"/>.
/// </summary>
public sealed record XRootDUrl(string Scheme, string? User, string Host, int Port, string Path, string Opaque)
{
    /// <summary>True for <c>roots://</c>, which requires the connection to switch to TLS.</summary>
    public bool UseTls => Scheme == "roots";

    /// <summary><c>host:port</c>, with IPv6 addresses in brackets.</summary>
    public string Endpoint => (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentException">The text is not a root:// or roots:// URL with a host.</exception>
    public static XRootDUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        int sep = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = sep > 0 ? url[..sep].ToLowerInvariant() : "";
        if (scheme is not ("root" or "roots" or "xroot" or "xroots"))
            throw new ArgumentException($"'{url}' is not a root:// or roots:// URL", nameof(url));
        if (scheme.StartsWith('x')) scheme = scheme[1..];
        var rest = url[(sep + 3)..];
        int slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var pathAndQuery = slash < 0 ? "/" : rest[slash..];
        string? user = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            user = authority[..at];
            authority = authority[(at + 1)..];
        }
        string host;
        int port = XRootDProtocol.DefaultPort;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0) throw new ArgumentException($"'{url}': unterminated IPv6 address", nameof(url));
            host = authority[1..close];
            if (close + 1 < authority.Length)
            {
                if (authority[close + 1] != ':') throw new ArgumentException($"'{url}': bad text after the IPv6 address", nameof(url));
                portText = authority[(close + 2)..];
            }
        }
        else
        {
            int colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            if (colon >= 0) portText = authority[(colon + 1)..];
        }
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw new ArgumentException($"'{url}': '{portText}' is not a port number", nameof(url));
        if (host.Length == 0) throw new ArgumentException($"'{url}' has no host", nameof(url));
        int q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var opaque = q < 0 ? "" : pathAndQuery[(q + 1)..];
        // root://host//abs/path and root://host/abs/path both name /abs/path.
        while (path.StartsWith("//", StringComparison.Ordinal)) path = path[1..];
        return new XRootDUrl(scheme, user, host, port, path, opaque) { Text = url };
    }

    /// <summary>The same server with another path (and no opaque part).</summary>
    public XRootDUrl WithPath(string path) => this with { Path = path.StartsWith('/') ? path : "/" + path, Opaque = "", Text = null };

    /// <summary>The text this URL was parsed from (null for URLs derived from another, e.g. by a redirect).</summary>
    public string? Text { get; init; }

    /// <summary>The URL as given to <see cref="Parse"/>, or else as <c>scheme://[user@]host:port//path[?opaque]</c>.</summary>
    public override string ToString() =>
        Text ?? $"{Scheme}://{(User is null ? "" : User + "@")}{Endpoint}/{Path}{(Opaque.Length > 0 ? "?" + Opaque : "")}";
}
