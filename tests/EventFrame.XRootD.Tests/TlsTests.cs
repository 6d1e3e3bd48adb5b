using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EventFrame.XRootD.Tests;

/// <summary>roots:// against a real xrootd server configured with a certificate (xrd.tls) made by the test.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "eventframe-xrootd-tls-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly X509Certificate2 _certificate;
    private readonly XRootDServer _server;

    public TlsTests()
    {
        XRootDServer.RequireIsolatedNetwork();
        Directory.CreateDirectory(_dir);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cert = Path.Combine(_dir, "cert.pem");
        var key = Path.Combine(_dir, "key.pem");
        File.WriteAllText(cert, _certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        XRootDServer.GiveToServerUser(_dir);
        _server = XRootDServer.Start($"""
            xrd.tls {cert} {key}
            xrd.tlsca certfile {cert}
            """);
    }

    private XRootDClientOptions TrustingOurCertificate => new()
    {
        ServerCertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString(),
    };

    [Fact]
    public async Task RootsUrlsSwitchToTls()
    {
        var bytes = new byte[100_000];
        new Random(13).NextBytes(bytes);
        var url = _server.Add(bytes, "tls.bin").Replace("root://", "roots://", StringComparison.Ordinal);
        using var client = new XRootDClient(TrustingOurCertificate);
        await using var file = await client.OpenAsync(url);
        var buffer = new byte[50_000];
        Assert.Equal(buffer.Length, await file.ReadAsync(1234, buffer));
        Assert.Equal(bytes.AsSpan(1234, buffer.Length).ToArray(), buffer);
        await file.ReadVAsync([0, 99_000], [buffer.AsMemory(0, 10), buffer.AsMemory(10, 1000)]);
        Assert.Equal(bytes.AsSpan(99_000, 1000).ToArray(), buffer.AsSpan(10, 1000).ToArray());
        var connection = await client.GetConnectionAsync(XRootDUrl.Parse(url), default);
        Assert.True(connection.IsTls);
        Assert.NotEqual(0u, connection.ServerFlags & 0x80000000u); // kXR_haveTLS

        // root:// to the same server stays in the clear (the server does not require TLS).
        var plain = await client.GetConnectionAsync(XRootDUrl.Parse(_server.Url("tls.bin")), default);
        Assert.False(plain.IsTls);
    }

    [Fact]
    public async Task UntrustedCertificateIsRefused()
    {
        var url = _server.Add(new byte[10], "tls2.bin").Replace("root://", "roots://", StringComparison.Ordinal);
        using var client = new XRootDClient(new XRootDClientOptions { MaxRetries = 0 });
        var e = await Assert.ThrowsAnyAsync<XRootDException>(() => client.OpenAsync(url));
        Assert.Contains("TLS handshake failed", e.Message);
        Assert.Contains(url, e.Message);
    }

    [Fact]
    public async Task RootsToAServerWithoutTlsIsRefused()
    {
        using var plain = XRootDServer.Start();
        var url = plain.Add(new byte[10], "x.bin").Replace("root://", "roots://", StringComparison.Ordinal);
        using var client = new XRootDClient(new XRootDClientOptions { MaxRetries = 0 });
        var e = await Assert.ThrowsAnyAsync<XRootDException>(() => client.OpenAsync(url));
        Assert.Contains("does not offer TLS", e.Message);
        Assert.Contains(url, e.Message);
    }

    public void Dispose()
    {
        _server.Dispose();
        _certificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
