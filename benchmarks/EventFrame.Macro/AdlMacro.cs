// The ADL macro benchmark (issue 6): each query alone, in its own child process so that its peak RSS is its own.
//   adl FILE... [--threads T] [--repeat R] [--warmup W] [--rounds N] [--query Q1,Q5] [--form lambdas,strings]
// prints per query and form: the event loop's time (median of R after W warm-up runs, or by default at least one run
// and one second), events/s and per core, uncompressed
// MB/s, the time split into reading (I/O + decompression + decoding, inside the source's readers) and computing
// (everything else the slots did), the child's peak RSS; and, for reference, the two limits of the same query on
// the same file: decompressing exactly the baskets of the branches it reads (one thread), and a hand-written C#
// loop over the same columns pre-loaded into arrays (AdlHandwritten, one thread). The histograms of all three
// must be identical (bin counts with flow, entries; sums to 1e-9), else the row says DIFF.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventFrame;
using EventFrame.Adl;

internal static class AdlMacro
{
    /// <summary>What a child process reports: timings, memory, and the histograms it filled.</summary>
    private sealed record ChildResult(double Seconds, double CpuSeconds, long Entries, double ReadSeconds, double BusySeconds, long BytesRead, long PeakRss, long PeakPrivate,
                                      string[] Branches, long[][] Counts, long[] HistEntries, double[] Sums, double LoadSeconds, long ArrayBytes);

    private const string ResultPrefix = "ADL-RESULT ";

    /// <summary>The parent: one child per query and form plus one for the compute limit; prints the table.</summary>
    public static int Run(IReadOnlyList<string> files, int threads, int repeat, int warmup, IReadOnlyList<string> queries, IReadOnlyList<string> forms, int rounds = 1)
    {
        if (files.Count == 0) { Console.Error.WriteLine("adl: give the ROOT file(s)"); return 2; }
        Console.WriteLine($"  files: {string.Join(", ", files)}");
        Console.WriteLine($"  loop: median of {repeat} after {(warmup < 0 ? ">= 1 s of" : warmup.ToString(CultureInfo.InvariantCulture))} warm-up run(s) and until the JIT settles" +
                          (rounds > 1 ? $", the best of {rounds} rounds (children alternating)" : "") + "; read/compute: wall time of the slots inside/outside the source readers;");
        Console.WriteLine("  decomp.: one thread decompressing the query's baskets; compute: one thread, hand-written loop over pre-loaded arrays");
        Console.WriteLine("  cpu ms: process CPU time (median run); vs cpu: CPU time over the CPU time of decomp. + compute (the steadier ratio on a busy machine)");
        Console.WriteLine("  RSS: peak resident set (VmHWM), which counts the pages of the memory-mapped input file that were read; private: peak of");
        Console.WriteLine("  RssAnon + RssShmem sampled every 10 ms (the memory the process owns: heaps, buffers, code)");
        Console.WriteLine($"  {"query",-5} {"form",-8} {"loop ms",9} {"cpu ms",8} {"M ev/s",8} {"per core",8} {"MB/s",6} {"read ms",8} {"comp. ms",8} {"RSS",7} {"private",7} " +
                          $"{"decomp. ms",10} {"(cpu)",7} {"compute ms",10} {"(cpu)",7} {"vs decomp",9} {"vs compute",10} {"vs sum",7} {"vs cpu",7} check");
        int status = 0;
        foreach (var q in queries)
        {
            // On a shared machine a child's speed drifts by 10-30% from minute to minute; alternating the children over
            // rounds and keeping each one's fastest compares them at the machine's best.
            ChildResult Hand() => RunChild("adl-compute", files, 1, repeat, warmup, q, "hand");
            ChildResult Engine(string form) => RunChild("adl-run", files, threads, repeat, warmup, q, form);
            var compute = Hand();
            var best = forms.Select(Engine).ToArray();
            for (int round = 1; round < rounds; round++)
            {
                compute = Faster(compute, Hand());
                for (int f = 0; f < forms.Count; f++) best[f] = Faster(best[f], Engine(forms[f]));
            }
            var results = forms.Select((f, i) => (Form: f, Result: best[i])).ToList();
            var branches = results.SelectMany(r => r.Result.Branches).ToHashSet();
            var (decomp, decompCpu) = DecompressionSeconds(files, branches);
            foreach (var (form, r) in results)
            {
                bool same = SameHistograms(r, compute);
                if (!same) status = 1;
                double computeCpu = r.BusySeconds - r.ReadSeconds;
                Console.WriteLine($"  {q,-5} {form,-8} {r.Seconds * 1e3,9:F1} {r.CpuSeconds * 1e3,8:F1} {r.Entries / r.Seconds / 1e6,8:F2} {r.Entries / r.Seconds / 1e6 / threads,8:F2} " +
                                  $"{r.BytesRead / 1e6 / r.Seconds,6:F0} {r.ReadSeconds * 1e3,8:F1} {computeCpu * 1e3,8:F1} {r.PeakRss / 1e6,5:F0}MB {r.PeakPrivate / 1e6,5:F0}MB " +
                                  $"{decomp * 1e3,10:F1} {decompCpu * 1e3,7:F1} {compute.Seconds * 1e3,10:F1} {compute.CpuSeconds * 1e3,7:F1} {r.Seconds * threads / decomp,8:F2}x {computeCpu / compute.Seconds,9:F2}x " +
                                  $"{r.Seconds * threads / (decomp + compute.Seconds),6:F2}x {r.CpuSeconds / (decompCpu + compute.CpuSeconds),6:F2}x {(same ? "ok" : "DIFF")}");
            }
            Console.WriteLine($"  {q,-5} {"hand",-8} {compute.Seconds * 1e3,9:F1} {compute.CpuSeconds * 1e3,8:F1} {compute.Entries / compute.Seconds / 1e6,8:F2} {compute.Entries / compute.Seconds / 1e6,8:F2} " +
                              $"{"",6} {"",8} {compute.Seconds * 1e3,8:F1} {compute.PeakRss / 1e6,5:F0}MB {compute.PeakPrivate / 1e6,5:F0}MB   (arrays {compute.ArrayBytes / 1e6:F0} MB loaded in {compute.LoadSeconds:F1} s)");
        }
        return status;
    }

    /// <summary>A child: runs one query in one form (<c>adl-run</c>) or its hand-written loop (<c>adl-compute</c>) and prints the result line.</summary>
    public static int Child(string mode, IReadOnlyList<string> files, int threads, int repeat, int warmup, string query, string form)
    {
        using var memory = new PrivateMemorySampler();
        ChildResult result;
        if (mode == "adl-compute")
        {
            var load = Stopwatch.StartNew();
            AdlArrays data;
            using (var source = new EventFrame.IO.Root.RootDataSource("Events", files))
                data = AdlArrays.Load(source, AdlArrays.Branches[query]);
            double loadSeconds = load.Elapsed.TotalSeconds;
            AdlPlainHistogram[] hists = [];
            var (seconds, cpu) = Median(repeat, warmup, () =>
            {
                hists = AdlHandwritten.Run(query, data);
                return hists[0].Entries;
            });
            result = new ChildResult(seconds, cpu, data.Events, 0, seconds, 0, PeakRss(), memory.Peak, AdlArrays.Branches[query],
                [.. hists.Select(h => h.Counts)], [.. hists.Select(h => h.Entries)], [.. hists.Select(h => h.Sum)], loadSeconds, data.ByteSize);
        }
        else
        {
            RunStatistics? last = null;
            AdlHistogram[] booked = [];
            var used = new HashSet<string>();
            var (_, cpu) = Median(repeat, warmup, () =>
            {
                var source = new RecordingSource(new EventFrame.IO.Root.RootDataSource("Events", files));
                var df = Frame.FromSource(source).WithThreads(threads);
                booked = form == "lambdas" ? AdlQueries.BookLambdas(df, query) : AdlQueries.BookStrings(df, query);
                double entries = booked.Sum(h => h.Histogram.Value.Entries);
                last = df.LastRun;
                used.UnionWith(source.Opened);
                return entries;
            });
            // The loop time is the engine's own (LastRun), the median's run; statistics of the same run.
            var r = last!;
            result = new ChildResult(r.Elapsed.TotalSeconds, cpu, r.Entries, r.ReadTime.TotalSeconds, r.BusyTime.TotalSeconds, r.BytesRead, PeakRss(), memory.Peak, [.. used],
                [.. booked.Select(h => h.Histogram.Value.Values.ToArray().Select(c => (long)c).ToArray())], [.. booked.Select(h => (long)h.Histogram.Value.Entries)],
                [.. booked.Select(h => h.Sum.Value)], 0, 0);
        }
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    private static ChildResult Faster(ChildResult a, ChildResult b) => b.Seconds < a.Seconds ? b : a;

    private static ChildResult RunChild(string mode, IReadOnlyList<string> files, int threads, int repeat, int warmup, string query, string form)
    {
        // Re-run this program: through the host when started as "dotnet EventFrame.Macro.dll".
        string self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(AdlMacro).Assembly.Location);
        foreach (var a in new[] { mode }.Concat(files).Concat(["--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--repeat", repeat.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--query", query, "--form", form]))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (p.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"adl child '{mode} {query} {form}' exited with {p.ExitCode}:\n{output}");
        return JsonSerializer.Deserialize<ChildResult>(line[ResultPrefix.Length..])!;
    }

    private static bool SameHistograms(ChildResult a, ChildResult b) =>
        a.Counts.Length == b.Counts.Length &&
        a.Counts.Zip(b.Counts).All(p => p.First.AsSpan().SequenceEqual(p.Second)) &&
        a.HistEntries.AsSpan().SequenceEqual(b.HistEntries) &&
        a.Sums.Zip(b.Sums).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * Math.Abs(p.Second));

    /// <summary>
    /// The process's peak resident set size (VmHWM), bytes, the peak working set where /proc is missing. It counts the
    /// pages of memory-mapped input files that were touched, so it grows with the bytes read.
    /// </summary>
    private static long PeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return 1024 * long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    // Methods compiled during a warm-up run (and a quarter second after it) below which the JIT counts as settled.
    private const int SettledMethods = 20;

    /// <summary>
    /// Medians of the wall-clock and of the process CPU time of <paramref name="repeat"/> runs after
    /// <paramref name="warmup"/> runs, or if negative after warming up for at least a second and one run (so the JIT
    /// has promoted the hot methods to their optimized tier; long runs get there during the run), then (unless
    /// <paramref name="warmup"/> is 0) more runs until one compiles fewer than <see cref="SettledMethods"/> methods. CPU time is the
    /// steadier of the two on a busy machine; it includes the runtime's own threads (JIT, GC).
    /// </summary>
    private static (double Wall, double Cpu) Median(int repeat, int warmup, Func<double> run)
    {
        var warm = Stopwatch.StartNew();
        int warmRuns = 0;
        while (warmup >= 0 ? warmRuns < warmup : warmRuns < 1 || (warm.Elapsed.TotalSeconds < 1.0 && warmRuns < 50))
        {
            run();
            warmRuns++;
        }
        // Then until the JIT has settled. After the first runs the runtime is still promoting methods (the loop's,
        // the expression compiler's) to their optimized tier on a background thread for seconds: in a one-thread run
        // that costs CPU time on the other core, in a two-thread run it takes a core from the slots.
        if (warmup != 0)
        {
            Thread.Sleep(250);
            for (int extra = 0; extra < 20 && warm.Elapsed.TotalSeconds < 60; extra++)
            {
                long before = System.Runtime.JitInfo.GetCompiledMethodCount();
                run();
                Thread.Sleep(250);
                if (System.Runtime.JitInfo.GetCompiledMethodCount() - before < SettledMethods) break;
            }
        }
        var times = new List<double>();
        var cpu = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            var c0 = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            run();
            times.Add(sw.Elapsed.TotalSeconds);
            cpu.Add((Environment.CpuUsage.TotalTime - c0).TotalSeconds);
        }
        times.Sort();
        cpu.Sort();
        return (times[times.Count / 2], cpu[cpu.Count / 2]);
    }

    /// <summary>
    /// Seconds (median of 3) to decompress (or copy, if stored raw), on one thread, every basket of the named
    /// branches: the file's physical limit for a query that reads them.
    /// </summary>
    private static (double Wall, double Cpu) DecompressionSeconds(IReadOnlyList<string> files, IReadOnlyCollection<string> branches)
    {
        var baskets = new List<(byte[] Stored, int ObjLen)>();
        using (var source = new EventFrame.IO.Root.RootDataSource("Events", files))
            for (int f = 0; f < files.Count; f++)
            {
                var tree = source.Tree(f);
                foreach (var b in tree.AllBranches.Where(b => branches.Contains(b.Name)))
                    for (int i = 0; i < b.WriteBasket; i++)
                    {
                        var key = tree.File.ReadKeyAt(b.BasketSeek[i], b.Name);
                        baskets.Add((tree.File.ReadBytes(key.PayloadOffset, key.StoredLength, b.Name), key.ObjLen));
                    }
            }
        var output = new byte[Math.Max(1, baskets.Count == 0 ? 1 : baskets.Max(x => x.ObjLen))];
        var times = new List<double>();
        var cpu = new List<double>();
        for (int rep = 0; rep < 3; rep++)
        {
            var c0 = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            foreach (var (stored, objLen) in baskets)
            {
                // Baskets stored raw (compression did not help) still cost a copy out of the file's bytes.
                if (stored.Length == objLen) stored.CopyTo(output.AsSpan());
                else EventFrame.IO.Compression.RootCompression.Decompress(stored, output.AsSpan(0, objLen), new EventFrame.IO.Root.RootLocation("bench", "basket", 0));
            }
            times.Add(sw.Elapsed.TotalSeconds);
            cpu.Add((Environment.CpuUsage.TotalTime - c0).TotalSeconds);
        }
        times.Sort();
        cpu.Sort();
        return (Math.Max(1e-9, times[1]), Math.Max(1e-9, cpu[1]));
    }
}

/// <summary>
/// Samples the process's private resident memory (RssAnon + RssShmem of /proc/self/status) every 10 ms on a
/// background thread and keeps the largest value; 0 where /proc is missing.
/// </summary>
internal sealed class PrivateMemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peak;

    public PrivateMemorySampler()
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                Sample();
                Thread.Sleep(10);
            }
        }) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    /// <summary>The largest private resident size seen so far (sampled once more now), bytes.</summary>
    public long Peak
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    private void Sample()
    {
        long bytes = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal) || line.StartsWith("RssShmem:", StringComparison.Ordinal))
                    bytes += 1024 * long.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return; }
        long seen;
        while ((seen = Interlocked.Read(ref _peak)) < bytes && Interlocked.CompareExchange(ref _peak, bytes, seen) != seen) { }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

/// <summary>Records the columns the engine asks a source for.</summary>
internal sealed class RecordingSource(EventFrame.Data.IDataSource inner) : EventFrame.Data.IDataSource
{
    public readonly HashSet<string> Opened = [];
    public string Description => inner.Description;
    public IReadOnlyList<EventFrame.Data.ColumnInfo> Columns => inner.Columns;
    public long EntryCount => inner.EntryCount;
    public IReadOnlyList<EventFrame.Data.Partition> Partitions => inner.Partitions;
    public EventFrame.Data.DataSourceSpec? Spec => inner.Spec;
    public EventFrame.Data.IChunkReader CreateReader(IReadOnlyList<string> columns)
    {
        lock (Opened) Opened.UnionWith(columns);
        return inner.CreateReader(columns);
    }
    public void Dispose() => inner.Dispose();
}
