// Remote reading (issue 5): the ADL sample's branches read over XRootD on loopback, next to the same reads of the local
// file. Run by benchmarks/run-remote.sh, which starts xrootd in a loopback-only network namespace, exports the files and
// sets EVENTFRAME_XROOTD_BASE=root://127.0.0.1:PORT/ (the files are found there under their own names).
//   remote FILE... [--repeat R]
// Two tables per file:
//  - reader: every branch of the Events tree decoded by RootDataSource, one reader, partition by partition (the
//    data source prefetches each cluster's baskets with one ReadRanges call and reads the next cluster ahead): local
//    file; root:// through XRootDByteSource (coalesced ranges of 256 KiB or more as kXR_read in flight together,
//    smaller ones in one kXR_readv); root:// with each coalesced range as its own kXR_read, one after the other (a
//    source without vectored reads); root:// through the block cache, cold and then warm.
//  - raw I/O: the byte ranges of all baskets, no decompression: one kXR_read per basket in sequence; one kXR_read per
//    basket all in flight; kXR_readv of the baskets as they are; kXR_readv of the coalesced ranges.
// MB/s is the file's bytes (all branches are read, so all baskets) over the median time; requests are what the server
// was sent (kXR_read/kXR_readv, plus kXR_open/kXR_close per pass for the reader).
using System.Diagnostics;
using System.Runtime.InteropServices;
using EventFrame.Columns;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;
using EventFrame.XRootD;

internal static class RemoteMacro
{
    /// <summary>
    /// Seconds of uncounted rounds before the counted ones. Every pass opens a new file, and on this loaded 2-core machine
    /// tiered compilation takes several seconds to promote the decoding loops: after a single warm-up round the passes
    /// mostly timed tier-0 and instrumented code (reader thread 10–11 ms instead of 6.5–8 ms per pass).
    /// </summary>
    private const double WarmupSeconds = 10;

    /// <summary>Runs every variant once per round, in turn, for at least <see cref="WarmupSeconds"/> (and one round).</summary>
    private static void WarmUp(IReadOnlyList<Action> variants)
    {
        var sw = Stopwatch.StartNew();
        do
            foreach (var v in variants) v();
        while (sw.Elapsed.TotalSeconds < WarmupSeconds);
    }

    public static int Run(IReadOnlyList<string> files, int repeat)
    {
        var server = Environment.GetEnvironmentVariable("EVENTFRAME_XROOTD_BASE");
        if (string.IsNullOrEmpty(server) || files.Count == 0)
        {
            Console.Error.WriteLine("remote: give the local ROOT file(s) and set EVENTFRAME_XROOTD_BASE=root://host:port/ (benchmarks/run-remote.sh does)");
            return 2;
        }
        using var client = new XRootDClient();
        XRootDByteSource.DefaultClient = client;
        ByteSources.Register("rootserial", url => new SerialRangesSource(new XRootDByteSource("root" + url["rootserial".Length..], client)));
        Console.WriteLine($"  server: {server}; median of {repeat} runs after {WarmupSeconds} s of warm-up rounds (variants in turn, round by round); MB = 10^6 bytes of the file; cpu: this process (not the xrootd server), thread: the reading thread only");
        foreach (var file in files)
        {
            var url = server.TrimEnd('/') + "//" + Path.GetFileName(file);
            long size = new FileInfo(file).Length;
            Console.WriteLine($"\n  {Path.GetFileName(file)} ({size / 1e6:F1} MB)");
            Console.WriteLine($"  {"reader, all branches",-44} {"ms",8} {"MB/s",8} {"vs local",8} {"requests",9} {"decoded MB",10} {"cpu ms",8} {"thread ms",9}");
            var serial = "rootserial" + url["root".Length..];
            var cacheDir = Path.Combine(Path.GetTempPath(), "eventframe-remote-bench-cache-" + Environment.ProcessId);
            // Rounds run every variant once, in turn, so that the load of a busy machine falls on all of them alike;
            // the warm-up rounds are not counted. The cache starts empty in every round (cold, then warm).
            var variants = new (string Label, Func<Pass> Run)[]
            {
                ("local file", () => ReadAll(file, client)),
                ("root:// (vectored: big kXR_read + kXR_readv)", () => ReadAll(url, client)),
                ("root://, one kXR_read per range in turn", () => ReadAll(serial, client)),
                ("root:// + block cache, cold", () =>
                {
                    if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, recursive: true);
                    ByteSources.Cache = new CacheOptions(cacheDir);
                    return ReadAll(url, client);
                }),
                ("root:// + block cache, warm", () =>
                {
                    var pass = ReadAll(url, client);
                    ByteSources.Cache = null;
                    return pass;
                }),
            };
            var passes = variants.Select(_ => new List<Pass>()).ToArray();
            try
            {
                WarmUp([.. variants.Select(v => (Action)(() => v.Run()))]);
                for (int round = 0; round < repeat; round++)
                    for (int v = 0; v < variants.Length; v++)
                        passes[v].Add(variants[v].Run());
            }
            finally
            {
                ByteSources.Cache = null;
                if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, recursive: true);
            }
            double local = MedianOf(passes[0], p => p.Seconds);
            for (int v = 0; v < variants.Length; v++)
            {
                var last = passes[v][^1];
                Print(variants[v].Label, MedianOf(passes[v], p => p.Seconds), size, v == 0 ? 0 : local, last.Requests, last.Decoded, MedianOf(passes[v], p => p.CpuSeconds), MedianOf(passes[v], p => p.ThreadSeconds));
            }
            RawIo(file, url, repeat, client);
        }
        return 0;
    }

    /// <summary>One pass over every branch: wall, process and reading-thread CPU time, requests sent, bytes decoded.</summary>
    private readonly record struct Pass(double Seconds, double CpuSeconds, long Requests, long Decoded, double ThreadSeconds = 0);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), in seconds.</summary>
    private static double ThreadCpuSeconds()
    {
        const int ClockThreadCpuTime = 3;
        return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;
    }

    private static Pass ReadAll(string path, XRootDClient client)
    {
        long before = client.Requests;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double thread = ThreadCpuSeconds();
        var sw = Stopwatch.StartNew();
        long decoded = 0;
        using (var source = new RootDataSource("Events", [path]))
        {
            using var reader = source.CreateReader(source.Columns.Select(c => c.Name).ToList());
            var buffers = source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
            foreach (var p in source.Partitions)
            {
                reader.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, buffers);
                decoded += buffers.Sum(b => b.ByteSize);
            }
        }
        return new Pass(sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, client.Requests - before, decoded, ThreadCpuSeconds() - thread);
    }

    private static double MedianOf(List<Pass> passes, Func<Pass, double> value)
    {
        var v = passes.Select(value).Order().ToList();
        return v[v.Count / 2];
    }

    private static void RawIo(string file, string url, int repeat, XRootDClient client)
    {
        List<ByteRange> ranges;
        using (var root = RootFile.Open(file))
        {
            var tree = RootTree.Read(root, "Events");
            ranges = tree.AllBranches.SelectMany(b => Enumerable.Range(0, Math.Min(b.WriteBasket, b.BasketSeek.Count))
                .Select(i => new ByteRange(b.BasketSeek[i], b.BasketBytes[i]))).Where(r => r.Length > 0).OrderBy(r => r.Offset).ToList();
        }
        long bytes = ranges.Sum(r => (long)r.Length);
        var buffers = ranges.Select(r => (Memory<byte>)new byte[r.Length]).ToList();
        var merged = RangeCoalescer.Coalesce(ranges).Select(m => m.Range).ToList();
        var mergedBuffers = merged.Select(r => (Memory<byte>)new byte[r.Length]).ToList();
        Console.WriteLine($"  {$"raw I/O, {ranges.Count} baskets ({bytes / 1e6:F1} MB), {merged.Count} coalesced",-44} {"ms",8} {"MB/s",8} {"vs local",8} {"requests",9}");
        using IByteSource localSource = new LocalFileSource(file);
        using var remote = client.OpenAsync(url).GetAwaiter().GetResult();
        using var source = new XRootDByteSource(url, client);
        var variants = new (string Label, Action Run)[]
        {
            ("local file, ReadRanges", () => localSource.ReadRanges(ranges, buffers)),
            ("kXR_read per basket, one at a time", () =>
            {
                for (int i = 0; i < ranges.Count; i++) remote.ReadAsync(ranges[i].Offset, buffers[i]).GetAwaiter().GetResult();
            }),
            ("kXR_read per basket, all in flight", () =>
                Task.WhenAll(ranges.Select((r, i) => remote.ReadAsync(r.Offset, buffers[i]))).GetAwaiter().GetResult()),
            ("kXR_readv of the baskets (uncoalesced)", () =>
                remote.ReadVAsync(ranges.Select(r => r.Offset).ToList(), buffers).GetAwaiter().GetResult()),
            ("kXR_readv of the coalesced ranges", () =>
                remote.ReadVAsync(merged.Select(r => r.Offset).ToList(), mergedBuffers).GetAwaiter().GetResult()),
            ("kXR_read of the coalesced ranges, in flight", () =>
                Task.WhenAll(merged.Select((r, i) => remote.ReadAsync(r.Offset, mergedBuffers[i]))).GetAwaiter().GetResult()),
            ("XRootDByteSource.ReadRanges of the baskets", () => source.ReadRanges(ranges, buffers)),
        };
        // As for the reader: every variant once per round, in turn, after the warm-up rounds.
        var times = variants.Select(_ => new List<Pass>()).ToArray();
        var requests = new long[variants.Length];
        WarmUp([.. variants.Select(v => v.Run)]);
        for (int round = 0; round < repeat; round++)
            for (int v = 0; v < variants.Length; v++)
            {
                long before = remote.ReadRequests + source.ServerRequests;
                var sw = Stopwatch.StartNew();
                variants[v].Run();
                times[v].Add(new Pass(sw.Elapsed.TotalSeconds, 0, 0, 0));
                requests[v] = remote.ReadRequests + source.ServerRequests - before;
            }
        double local = MedianOf(times[0], p => p.Seconds);
        for (int v = 0; v < variants.Length; v++)
            Print(variants[v].Label, MedianOf(times[v], p => p.Seconds), bytes, v == 0 ? 0 : local, requests[v]);
    }

    private static void Print(string label, double seconds, long bytes, double local, long requests, long decoded = 0, double cpu = 0, double thread = 0) =>
        Console.WriteLine($"  {label,-44} {seconds * 1e3,8:F1} {bytes / seconds / 1e6,8:F0} {(local > 0 ? $"{local / seconds * 100:F0}%" : "-"),8} {(requests > 0 ? requests.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"),9}" +
                          (decoded > 0 ? $" {decoded / 1e6,10:F1} {cpu * 1e3,8:F1} {thread * 1e3,9:F1}" : ""));

    /// <summary>A source without vectored reads: ReadRanges falls back to the interface's one-Read-per-range default.</summary>
    private sealed class SerialRangesSource(IByteSource inner) : IByteSource
    {
        public string Name => inner.Name;
        public long Length => inner.Length;
        public long BytesRead => inner.BytesRead;
        public long Requests => inner.Requests;
        public void Read(long offset, Span<byte> destination) => inner.Read(offset, destination);
        public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default) => inner.ReadAsync(offset, destination, ct);

        public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
        {
            for (int i = 0; i < ranges.Count; i++) await inner.ReadAsync(ranges[i].Offset, destinations[i], ct);
        }

        public void Dispose() => inner.Dispose();
    }
}
