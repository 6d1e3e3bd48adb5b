// Reader cost next to raw decompression, measured in thread CPU time (CLOCK_THREAD_CPUTIME_ID) with the two passes
// interleaved, so that both see the same load on a shared 2-core machine where wall times are meaningless.
//   dotnet run -c Release --project benchmarks/EventFrame.ReaderCpuTime -- ab FILE|GLOB [REPS] [--positional] [--chunk N]
//   dotnet run -c Release --project benchmarks/EventFrame.ReaderCpuTime -- mt2 FILE|GLOB [REPS]
// ab:  one thread; per repetition a read pass of all branches (RootDataSource, 16k-entry chunks per partition unless
//      --chunk says otherwise) and a raw pass (RootCompression.Decompress of every basket payload, pre-loaded, into
//      one reused buffer).
// mt2: per repetition a one-thread read, the partitions split over two threads (p.Index % 2), and the same for the raw
//      pass (alternate baskets); "efficiency" = one-thread CPU / summed two-thread CPU (1.0: the threads do not slow
//      each other), wall times show whether they ran in parallel.
using System.Diagnostics;
using System.Runtime.InteropServices;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Bytes;
using EventFrame.IO.Compression;
using EventFrame.IO.Root;

if (args.Length < 2 || args[0] is not ("ab" or "mt2"))
{
    Console.Error.WriteLine("usage: (ab|mt2) FILE|GLOB [REPS] [--positional] [--chunk ENTRIES]");
    return 2;
}
string mode = args[0], path = args[1];
int reps = args.Length > 2 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out int r) ? r : 50;
bool positional = args.Contains("--positional");
int chunkAt = Array.IndexOf(args, "--chunk");
int chunk = chunkAt > 0 && chunkAt + 1 < args.Length ? int.Parse(args[chunkAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 16384;
if (positional) ByteSources.Register("positional", u => new LocalFileSource(u["positional://".Length..], map: false));
using var source = new RootDataSource("Events", [positional ? "positional://" + path : path]);
var columns = source.Columns.Select(c => c.Name).ToList();
var baskets = new List<(byte[] Stored, int ObjLen)>();
long rawBytes = 0, compressedBytes = 0;
for (int f = 0; f < source.Files.Count; f++)
{
    var tree = source.Tree(f);
    foreach (var b in tree.AllBranches)
        for (int i = 0; i < b.WriteBasket; i++)
        {
            var key = tree.File.ReadKeyAt(b.BasketSeek[i], b.Name);
            baskets.Add((tree.File.ReadBytes(key.PayloadOffset, key.StoredLength, b.Name), key.ObjLen));
            if (key.StoredLength == key.ObjLen) rawBytes += key.ObjLen;
            else compressedBytes += key.ObjLen;
        }
}
long total = rawBytes + compressedBytes;
Console.WriteLine($"{path}: {source.Files.Count} file(s), {source.Partitions.Count} partitions, {baskets.Count} baskets, " +
                  $"{total / 1e6:F1} MB uncompressed ({rawBytes / 1e6:F1} MB stored raw), {(positional ? "positional reads" : "memory-mapped")}, chunks of {chunk} entries");
var where = new RootLocation("bench", "basket", -1);
int largest = baskets.Max(x => x.ObjLen);
byte[][] outputs = [new byte[largest], new byte[largest]];
IChunkReader[] readers = [source.CreateReader(columns), source.CreateReader(columns)];
List<ColumnBuffer>[] buffers = [.. Enumerable.Range(0, 2).Select(_ => source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList())];

long Read(int slot, int stride)
{
    long n = 0;
    foreach (var p in source.Partitions)
    {
        if (p.Index % stride != slot) continue;
        for (long e = p.FirstEntry; e < p.EndEntry; e += chunk)
        {
            int c = (int)Math.Min(chunk, p.EndEntry - e);
            readers[slot].ReadChunk(p, e, c, buffers[slot]);
            n += c;
        }
    }
    return n;
}

long Raw(int slot, int stride)
{
    long n = 0;
    for (int k = slot; k < baskets.Count; k += stride)
    {
        RootCompression.Decompress(baskets[k].Stored, outputs[slot].AsSpan(0, baskets[k].ObjLen), where);
        n += baskets[k].ObjLen;
    }
    return n;
}

double One(Func<int, int, long> work)
{
    double c = ThreadCpu.Milliseconds();
    work(0, 1);
    return ThreadCpu.Milliseconds() - c;
}

(double Wall, double Cpu) Two(Func<int, int, long> work)
{
    double second = 0;
    using var go = new Barrier(2);
    var t = new Thread(() =>
    {
        go.SignalAndWait();
        double c1 = ThreadCpu.Milliseconds();
        work(1, 2);
        second = ThreadCpu.Milliseconds() - c1;
    });
    t.Start();
    go.SignalAndWait();
    var sw = Stopwatch.StartNew();
    double c0 = ThreadCpu.Milliseconds();
    work(0, 2);
    double first = ThreadCpu.Milliseconds() - c0;
    t.Join();
    return (sw.Elapsed.TotalMilliseconds, first + second);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

// Warm up for two seconds so that the hot methods reach their optimized tier.
var warm = Stopwatch.StartNew();
while (warm.Elapsed.TotalSeconds < 2)
{
    One(Read);
    One(Raw);
    if (mode == "mt2") Two(Read);
}
if (mode == "ab")
{
    // Process CPU time as well: it includes work the reader hands to other threads (read-ahead of positional reads).
    List<double> read = [], raw = [], readProcess = [], rawProcess = [];
    for (int i = 0; i < reps; i++)
    {
        var p0 = Environment.CpuUsage.TotalTime;
        read.Add(One(Read));
        var p1 = Environment.CpuUsage.TotalTime;
        raw.Add(One(Raw));
        var p2 = Environment.CpuUsage.TotalTime;
        readProcess.Add((p1 - p0).TotalMilliseconds);
        rawProcess.Add((p2 - p1).TotalMilliseconds);
    }
    double mr = Median(read), mw = Median(raw), pr = Median(readProcess), pw = Median(rawProcess);
    Console.WriteLine($"one thread, median thread CPU of {reps}: read {mr:F2} ms ({total / mr / 1e3:F0} MB/s), raw decompression {mw:F2} ms " +
                      $"({total / mw / 1e3:F0} MB/s), read / raw {mr / mw:F3}; process CPU: read {pr:F2} ms, raw {pw:F2} ms, read / raw {pr / pw:F3}");
}
else
{
    List<double> read1 = [], read2 = [], wall2 = [], raw1 = [], raw2 = [], rawWall2 = [];
    for (int i = 0; i < reps; i++)
    {
        read1.Add(One(Read));
        var (w, c) = Two(Read);
        wall2.Add(w);
        read2.Add(c);
        raw1.Add(One(Raw));
        (w, c) = Two(Raw);
        rawWall2.Add(w);
        raw2.Add(c);
    }
    double r1 = Median(read1), r2 = Median(read2), d1 = Median(raw1), d2 = Median(raw2);
    Console.WriteLine($"two threads, medians of {reps}: read CPU {r1:F2} ms on one thread, {r2:F2} ms summed over two (efficiency {r1 / r2:F3}, " +
                      $"{total / r2 / 1e3:F0} MB/s per core, wall {Median(wall2):F2} ms); raw CPU {d1:F2} / {d2:F2} ms (efficiency {d1 / d2:F3}, " +
                      $"{total / d2 / 1e3:F0} MB/s per core, wall {Median(rawWall2):F2} ms); read / raw on two threads {r2 / d2:F3}");
}
foreach (var reader in readers) reader.Dispose();
return 0;

/// <summary>The calling thread's CPU time.</summary>
internal static partial class ThreadCpu
{
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec value);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Milliseconds of CPU time the calling thread has used (CLOCK_THREAD_CPUTIME_ID).</summary>
    public static double Milliseconds()
    {
        ClockGetTime(3, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}
