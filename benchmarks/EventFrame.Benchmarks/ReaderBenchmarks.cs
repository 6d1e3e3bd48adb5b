using BenchmarkDotNet.Attributes;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Bytes;
using EventFrame.IO.Compression;
using EventFrame.IO.Root;

namespace EventFrame.Benchmarks;

/// <summary>
/// Reading all branches of the 100k-event ADL sample per codec through <see cref="RootDataSource"/> (the engine's read
/// path: one <see cref="IChunkReader"/> per thread, 16k-entry chunks within each partition), next to the raw speed of the
/// codec library on the same baskets.
/// <list type="bullet">
/// <item><c>ReadAllBranches</c>: everything the engine gets: basket key checks, decompression straight from the
/// memory-mapped file (XXH64 verified for lz4), entry-offset tables decoded and checked, values byte-swapped into the
/// column buffers.</item>
/// <item><c>ReadAllBranchesPositional</c>: the same with the file read by positional reads (no mapping), as for files
/// opened with <c>EVENTFRAME_MMAP=0</c>.</item>
/// <item><c>DecompressBaskets</c>: only <see cref="RootCompression.Decompress"/> of every basket payload, pre-loaded
/// into memory, into one reused buffer: the codec call with its checks (XXH64 for lz4), or a memcpy for baskets
/// stored uncompressed. No file access, no decoding.</item>
/// <item>The <c>TwoThreads</c> forms split the partitions (clusters) over two threads, even ones to the first;
/// the raw form splits the baskets the same way, alternately.</item>
/// </list>
/// The input is <c>adl/adl_100k_{Codec}.root</c> under the test data directory, or every <c>.root</c> file of the
/// directory <c>adl/adl_100k_{Codec}/</c> when that exists (files written with <c>--entries-per-file</c>, so that
/// single-cluster outputs still give several partitions). Codecs whose input is missing are left out.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private RootDataSource _source = null!;
    private RootDataSource _positional = null!;
    private readonly IChunkReader[] _readers = new IChunkReader[2];
    private readonly List<ColumnBuffer>[] _buffers = new List<ColumnBuffer>[2];
    private IChunkReader _positionalReader = null!;
    private List<(byte[] Stored, int ObjLen)> _baskets = null!;
    private readonly byte[][] _output = new byte[2][];

    /// <summary>Codec of the ADL input.</summary>
    [ParamsSource(nameof(Codecs))]
    public string Codec { get; set; } = "lz4";

    /// <summary>The codecs whose ADL input exists (lz4 and zlib ship with the test data; zstd and lzma when generated).</summary>
    public static IEnumerable<string> Codecs() =>
        new[] { "lz4", "zlib", "zstd", "lzma" }.Where(c => Inputs(c).Count > 0);

    private static List<string> Inputs(string codec)
    {
        var dir = Path.Combine(BenchmarkData.Directory(), "adl", $"adl_100k_{codec}");
        if (Directory.Exists(dir)) return Directory.GetFiles(dir, "*.root").Order(StringComparer.Ordinal).ToList();
        var file = dir + ".root";
        return File.Exists(file) ? [file] : [];
    }

    [GlobalSetup]
    public void Setup()
    {
        var files = Inputs(Codec);
        ByteSources.Register("positional", url => new LocalFileSource(url["positional://".Length..], map: false));
        _source = new RootDataSource("Events", files);
        _positional = new RootDataSource("Events", files.Select(f => "positional://" + f).ToList());
        var columns = _source.Columns.Select(c => c.Name).ToList();
        for (int t = 0; t < 2; t++)
        {
            _readers[t] = _source.CreateReader(columns);
            _buffers[t] = _source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        }
        _positionalReader = _positional.CreateReader(columns);
        _baskets = [];
        for (int f = 0; f < files.Count; f++)
        {
            var tree = _source.Tree(f);
            foreach (var b in tree.AllBranches)
                for (int i = 0; i < b.WriteBasket; i++)
                {
                    var key = tree.File.ReadKeyAt(b.BasketSeek[i], b.Name);
                    _baskets.Add((tree.File.ReadBytes(key.PayloadOffset, key.StoredLength, b.Name), key.ObjLen));
                }
        }
        int largest = _baskets.Max(x => x.ObjLen);
        _output[0] = new byte[largest];
        _output[1] = new byte[largest];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var r in _readers) r.Dispose();
        _positionalReader.Dispose();
        _source.Dispose();
        _positional.Dispose();
    }

    /// <summary>Reads every column of the partitions <c>p</c> with <c>p.Index % stride == slot</c>; returns the entries read.</summary>
    private static long ReadPartitions(IDataSource source, IChunkReader reader, List<ColumnBuffer> buffers, int slot, int stride)
    {
        long n = 0;
        foreach (var p in source.Partitions)
        {
            if (p.Index % stride != slot) continue;
            for (long e = p.FirstEntry; e < p.EndEntry; e += 16384)
            {
                int c = (int)Math.Min(16384, p.EndEntry - e);
                reader.ReadChunk(p, e, c, buffers);
                n += c;
            }
        }
        return n;
    }

    /// <summary>Decompresses the baskets <c>k</c> with <c>k % stride == slot</c> into one reused buffer; returns the bytes produced.</summary>
    private long Decompress(int slot, int stride)
    {
        long n = 0;
        var where = new RootLocation("bench", "basket", -1);
        var output = _output[slot];
        for (int k = slot; k < _baskets.Count; k += stride)
        {
            var (stored, objLen) = _baskets[k];
            RootCompression.Decompress(stored, output.AsSpan(0, objLen), where);
            n += objLen;
        }
        return n;
    }

    private static long OnTwoThreads(Func<int, long> work)
    {
        long second = 0;
        var thread = new Thread(() => second = work(1));
        thread.Start();
        long first = work(0);
        thread.Join();
        return first + second;
    }

    /// <summary>Reads every column of every entry on one thread (mapped file); returns the number of entries read.</summary>
    [Benchmark(Baseline = true)]
    public long ReadAllBranches() => ReadPartitions(_source, _readers[0], _buffers[0], 0, 1);

    /// <summary>Reads every column of every entry on one thread with positional reads; returns the number of entries read.</summary>
    [Benchmark]
    public long ReadAllBranchesPositional() => ReadPartitions(_positional, _positionalReader, _buffers[0], 0, 1);

    /// <summary>Decompresses every basket of the input into one reused buffer on one thread; returns the bytes produced.</summary>
    [Benchmark]
    public long DecompressBaskets() => Decompress(0, 1);

    /// <summary>Reads every column of every entry, the partitions split over two threads; returns the entries read.</summary>
    [Benchmark]
    public long ReadAllBranchesTwoThreads() => OnTwoThreads(t => ReadPartitions(_source, _readers[t], _buffers[t], t, 2));

    /// <summary>Decompresses every basket, alternate baskets on two threads; returns the bytes produced.</summary>
    [Benchmark]
    public long DecompressBasketsTwoThreads() => OnTwoThreads(t => Decompress(t, 2));
}
