using System.Net;
using BenchmarkDotNet.Attributes;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventFrame.Benchmarks;

/// <summary>
/// Reading every basket of the 100k-event ADL lz4 file, cluster by cluster in coalesced vectored reads as the reader
/// prefetches them: from the local file, through the block cache when it is warm (hit) and cold (miss), and over HTTP
/// on loopback (Kestrel's file result: single ranges, 4 in parallel) with and without the cache.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private string _path = "";
    private string _warm = "", _cold = "", _httpWarm = "", _httpCold = "";
    private List<ByteRange[]> _clusters = [];
    private LocalFileSource _local = null!;
    private WebApplication? _server;
    private HttpByteSource _http = null!;

    /// <summary>Cache block size.</summary>
    [Params(1 << 20, 256 << 10)]
    public int BlockSize { get; set; } = 1 << 20;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(BenchmarkData.Directory(), "adl", "adl_100k_lz4.root");
        using (var file = RootFile.Open(_path))
        {
            var tree = RootTree.Read(file, "Events");
            _clusters = tree.AllBranches
                .SelectMany(b => Enumerable.Range(0, b.BasketCount).Where(i => b.BasketBytes[i] > 0)
                    .Select(i => (Entry: b.BasketEntry[i], Range: new ByteRange(b.BasketSeek[i], b.BasketBytes[i]))))
                .GroupBy(x => x.Entry).OrderBy(g => g.Key).Select(g => g.Select(x => x.Range).ToArray()).ToList();
        }
        _local = new LocalFileSource(_path);
        var root = Path.Combine(Path.GetTempPath(), $"ef-cache-bench-{Environment.ProcessId}");
        (_warm, _cold, _httpWarm, _httpCold) = (root + "/warm", root + "/cold", root + "/http-warm", root + "/http-cold");
        StartServer();
        ReadAll(new CachedByteSource(_local, Options(_warm), ownsInner: false));
        ReadAll(new CachedByteSource(_http, Options(_httpWarm), ownsInner: false));
    }

    private void StartServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(ctx => Microsoft.AspNetCore.Http.Results.File(_path, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(ctx));
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _server = app;
        _http = new HttpByteSource(address.TrimEnd('/') + "/adl_100k_lz4.root");
    }

    private CacheOptions Options(string dir) => new(dir, 1L << 30, BlockSize);

    /// <summary>Reads all baskets, one coalesced vectored read per cluster; returns the bytes read.</summary>
    private long ReadAll(IByteSource source)
    {
        long bytes = 0;
        foreach (var cluster in _clusters)
        {
            using var p = PrefetchedRanges.Read(source, cluster);
            bytes += p.Bytes;
        }
        return bytes;
    }

    [IterationSetup(Targets = [nameof(CacheMiss), nameof(HttpCacheMiss)])]
    public void EmptyColdCaches()
    {
        foreach (var dir in new[] { _cold, _httpCold })
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public long LocalFile() => ReadAll(_local);

    [Benchmark]
    public long CacheHit() => ReadAll(new CachedByteSource(_local, Options(_warm), ownsInner: false));

    [Benchmark]
    public long CacheMiss() => ReadAll(new CachedByteSource(_local, Options(_cold), ownsInner: false));

    [Benchmark]
    public long Http() => ReadAll(_http);

    [Benchmark]
    public long HttpCacheHit() => ReadAll(new CachedByteSource(_http, Options(_httpWarm), ownsInner: false));

    [Benchmark]
    public long HttpCacheMiss() => ReadAll(new CachedByteSource(_http, Options(_httpCold), ownsInner: false));

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _local.Dispose();
        _server?.StopAsync().GetAwaiter().GetResult();
        var root = Path.GetDirectoryName(_warm)!;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
