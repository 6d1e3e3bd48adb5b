using BenchmarkDotNet.Attributes;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Compression;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.Benchmarks;

/// <summary>
/// Reading the 100k-event ADL file (all branches, one thread, 16k-entry chunks as the engine asks for them) per codec,
/// and the raw decompression of the same baskets for comparison.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private RootDataSource _source = null!;
    private IChunkReader _reader = null!;
    private List<ColumnBuffer> _buffers = null!;
    private List<(byte[] Stored, int ObjLen)> _baskets = null!;
    private byte[] _output = [];

    /// <summary>The ADL file variant.</summary>
    [Params("zlib", "lz4")]
    public string Codec { get; set; } = "zlib";

    private static string DataDir()
    {
        var env = Environment.GetEnvironmentVariable("EVENTFRAME_TESTDATA");
        if (!string.IsNullOrEmpty(env)) return env;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EventFrame.sln"))) dir = dir.Parent;
        return dir is null ? "/work/shared/data" : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
    }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(DataDir(), "adl", $"adl_100k_{Codec}.root");
        _source = new RootDataSource("Events", [path]);
        _reader = _source.CreateReader(_source.Columns.Select(c => c.Name).ToList());
        _buffers = _source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        var tree = _source.Tree(0);
        _baskets = [];
        foreach (var b in tree.AllBranches)
            for (int i = 0; i < b.WriteBasket; i++)
            {
                var key = tree.File.ReadKeyAt(b.BasketSeek[i], b.Name);
                _baskets.Add((tree.File.ReadBytes(key.PayloadOffset, key.StoredLength, b.Name), key.ObjLen));
            }
        _output = new byte[_baskets.Max(x => x.ObjLen)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        _source.Dispose();
    }

    /// <summary>Reads every column of every entry; returns the number of entries read.</summary>
    [Benchmark]
    public long ReadAllBranches()
    {
        long n = 0;
        foreach (var p in _source.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += 16384)
            {
                int c = (int)Math.Min(16384, p.EndEntry - e);
                _reader.ReadChunk(p, e, c, _buffers);
                n += c;
            }
        return n;
    }

    /// <summary>Decompresses every basket of the file into one reused buffer; returns the bytes produced.</summary>
    [Benchmark]
    public long DecompressBaskets()
    {
        long n = 0;
        var where = new RootLocation("bench", "basket", -1);
        foreach (var (stored, objLen) in _baskets)
        {
            RootCompression.Decompress(stored, _output.AsSpan(0, objLen), where);
            n += objLen;
        }
        return n;
    }
}
