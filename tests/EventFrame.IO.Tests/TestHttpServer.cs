using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventFrame.IO.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) serving the files of some directories, with endpoints that behave
/// like real servers and like broken ones:
/// <c>/files/NAME</c> ASP.NET Core's own file result (single ranges; a multi-range request gets HTTP 200 and the whole file),
/// <c>/multi/NAME</c> multipart/byteranges (<c>?merge=1</c>: ranges closer than 4 KiB merged into one part),
/// <c>/redirect/NAME</c> a 302 to /multi/NAME, <c>/status/CODE</c>, <c>/cut/NAME</c> answers stopping half way,
/// <c>/flaky/NAME</c> the first two GETs dropped, <c>/whole/NAME</c> always 200 with the whole file,
/// <c>/slow/NAME</c> GETs delayed 5 s, <c>/bad/KIND/NAME</c> malformed multipart answers.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string[] _roots;

    private TestHttpServer(WebApplication app, string[] roots)
    {
        _app = app;
        _roots = roots;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>GET requests received, by first path segment.</summary>
    public ConcurrentDictionary<string, int> Gets { get; } = new();

    /// <summary>Range header values of the GETs received, in order.</summary>
    public ConcurrentQueue<string> RangeHeaders { get; } = new();

    public string Url(string endpoint, string file) => $"{BaseUrl}/{endpoint}/{file}";

    /// <summary>A server over the shared ROOT and ADL test files.</summary>
    public static Task<TestHttpServer> StartOverTestDataAsync(X509Certificate2? certificate = null) =>
        StartAsync([TestData.RootDir, Path.Combine(TestData.Dir, "adl")], certificate);

    /// <summary>Starts a server for the files of <paramref name="roots"/> (a name is looked up in each in turn), over TLS with <paramref name="certificate"/> if given.</summary>
    public static async Task<TestHttpServer> StartAsync(string[] roots, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null) l.UseHttps(certificate);
        }));
        var app = builder.Build();
        var server = new TestHttpServer(app, roots);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public static X509Certificate2 CreateCertificate(string subject = "CN=127.0.0.1")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var parts = ctx.Request.Path.Value!.Trim('/').Split('/');
        bool head = HttpMethods.IsHead(ctx.Request.Method);
        if (!head)
        {
            Gets.AddOrUpdate(parts[0], 1, (_, n) => n + 1);
            RangeHeaders.Enqueue(ctx.Request.Headers.Range.ToString());
        }
        if (parts[0] == "status")
        {
            ctx.Response.StatusCode = int.Parse(parts[1]);
            return;
        }
        var path = _roots.Select(r => Path.Combine(r, parts[^1])).FirstOrDefault(File.Exists);
        if (parts[^1].Contains("..") || path is null)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var data = await File.ReadAllBytesAsync(path);
        switch (parts[0])
        {
            case "files":
                await Microsoft.AspNetCore.Http.Results.File(path, "application/octet-stream", lastModified: File.GetLastWriteTimeUtc(path), enableRangeProcessing: true).ExecuteAsync(ctx);
                return;
            case "redirect":
                ctx.Response.Redirect($"/multi/{parts[^1]}");
                return;
            case "whole":
                ctx.Response.ContentLength = data.Length;
                if (!head) await ctx.Response.Body.WriteAsync(data);
                return;
            case "flaky" when !head && Gets["flaky"] <= 2:
                ctx.Abort();
                return;
            case "slow" when !head:
                await Task.Delay(5000, ctx.RequestAborted);
                break;
            case "bad" when !head:
                await WriteMalformedAsync(ctx, parts[1], data);
                return;
        }
        var ranges = ParseRanges(ctx.Request.Headers.Range.ToString(), data.Length);
        if (head || ranges.Count == 0)
        {
            ctx.Response.ContentLength = data.Length;
            ctx.Response.Headers.ETag = $"\"{data.Length:x}-{Convert.ToHexString(SHA256.HashData(data))[..8]}\"";
            if (!head) await ctx.Response.Body.WriteAsync(data);
            return;
        }
        if (ctx.Request.Query["merge"] == "1") ranges = Merge(ranges, 4096);
        ctx.Response.StatusCode = 206;
        if (parts[0] == "cut")
        {
            var (a, b) = ranges[0];
            ctx.Response.Headers.ContentRange = $"bytes {a}-{b}/{data.Length}";
            ctx.Response.ContentLength = b - a + 1;
            await ctx.Response.Body.WriteAsync(data.AsMemory((int)a, (int)(b - a + 1) / 2));
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
            return;
        }
        if (ranges.Count == 1)
        {
            var (a, b) = ranges[0];
            ctx.Response.Headers.ContentRange = $"bytes {a}-{b}/{data.Length}";
            ctx.Response.ContentLength = b - a + 1;
            await ctx.Response.Body.WriteAsync(data.AsMemory((int)a, (int)(b - a + 1)));
            return;
        }
        const string boundary = "3d6b6a416f9b5";
        ctx.Response.ContentType = $"multipart/byteranges; boundary={boundary}";
        var body = new MemoryStream();
        // A preamble is allowed before the first boundary; real servers rarely send one, parsers must skip it.
        body.Write("preamble to be ignored\r\n"u8);
        foreach (var (a, b) in ranges)
        {
            body.Write(Encoding.ASCII.GetBytes($"\r\n--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {a}-{b}/{data.Length}\r\n\r\n"));
            body.Write(data, (int)a, (int)(b - a + 1));
        }
        body.Write(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n"));
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length));
    }

    private static async Task WriteMalformedAsync(HttpContext ctx, string kind, byte[] data)
    {
        ctx.Response.StatusCode = 206;
        ctx.Response.ContentType = kind == "noboundary" ? "multipart/byteranges" : "multipart/byteranges; boundary=B";
        string head(long a, long b) => $"--B\r\nContent-Range: bytes {a}-{b}/{data.Length}\r\n\r\n";
        byte[] body = kind switch
        {
            "longline" => Encoding.ASCII.GetBytes("--B\r\n" + new string('x', 1 << 20)),
            "norange" => Encoding.ASCII.GetBytes("--B\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n--B--\r\n"),
            "outside" => Encoding.ASCII.GetBytes(head(data.Length, data.Length + 10) + "abc\r\n--B--\r\n"),
            "badnumber" => Encoding.ASCII.GetBytes("--B\r\nContent-Range: bytes 12-ab/100\r\n\r\n"),
            "manyheaders" => Encoding.ASCII.GetBytes("--B\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 1\r\n", 1000))),
            "garbage" => Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 % 251 == 10 ? 'y' : i * 7 % 251)).ToArray(),
            // A part claiming the whole file: taking it would mean reading megabytes nobody asked for.
            "wholepart" => [.. Encoding.ASCII.GetBytes(head(0, data.Length - 1)), .. data, .. "\r\n--B--\r\n"u8],
            "truncated" => [.. Encoding.ASCII.GetBytes(head(0, 99)), .. data.AsSpan(0, 100)],
            // Endless small parts nobody asked for: each within bounds, together more than the discard budget.
            "manyparts" => [.. Enumerable.Range(0, 2000).SelectMany(_ => Encoding.ASCII.GetBytes(head(0, 999)).Concat(data.Take(1000)).Concat("\r\n"u8.ToArray()))],
            "noboundary" => "abc"u8.ToArray(),
            _ => throw new ArgumentException(kind),
        };
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
    }

    private static List<(long, long)> ParseRanges(string header, long length)
    {
        var result = new List<(long, long)>();
        if (!header.StartsWith("bytes=", StringComparison.Ordinal)) return result;
        foreach (var item in header[6..].Split(','))
        {
            var ab = item.Trim().Split('-');
            long a = long.Parse(ab[0]), b = Math.Min(long.Parse(ab[1]), length - 1);
            result.Add((a, b));
        }
        return result;
    }

    private static List<(long, long)> Merge(List<(long A, long B)> ranges, long gap)
    {
        var sorted = ranges.OrderBy(r => r.A).ToList();
        var merged = new List<(long, long)>();
        var (a, b) = sorted[0];
        foreach (var r in sorted.Skip(1))
        {
            if (r.A - b <= gap) b = Math.Max(b, r.B);
            else
            {
                merged.Add((a, b));
                (a, b) = r;
            }
        }
        merged.Add((a, b));
        return merged;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One plain-HTTP test server per test class that asks for it.</summary>
public sealed class HttpServerFixture : IAsyncLifetime
{
    private TestHttpServer? _server;

    internal TestHttpServer Server => _server ?? throw new InvalidOperationException("server not started");

    public async Task InitializeAsync() => _server = await TestHttpServer.StartOverTestDataAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
