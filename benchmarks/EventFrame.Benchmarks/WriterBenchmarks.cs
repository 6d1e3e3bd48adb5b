using BenchmarkDotNet.Attributes;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Root.Writing;

namespace EventFrame.Benchmarks;

/// <summary>
/// Writing a NanoAOD-like TTree (two flat columns and two jagged float columns, 200k entries handed over in 16k-entry
/// blocks as the engine does) with each codec, to a temporary file that is deleted afterwards.
/// </summary>
[MemoryDiagnoser]
public class WriterBenchmarks
{
    private const int Entries = 200_000, Block = 16_384;
    private readonly List<(ColumnBuffer[] Columns, int Count)> _blocks = [];
    private string _path = "";

    private static readonly ColumnInfo[] Columns =
    [
        new("run", new ColumnType(ElementType.Int32)),
        new("MET_pt", new ColumnType(ElementType.Float32)),
        new("Muon_pt", new ColumnType(ElementType.Float32, 1)),
        new("Jet_pt", new ColumnType(ElementType.Float32, 1)),
    ];

    /// <summary>The snapshot codec.</summary>
    [Params(SnapshotCodec.None, SnapshotCodec.Zlib, SnapshotCodec.Lz4, SnapshotCodec.Zstd)]
    public SnapshotCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int start = 0; start < Entries; start += Block)
        {
            int n = Math.Min(Block, Entries - start);
            var run = new FlatBuffer<int>();
            run.Prepare(n).Fill(1);
            var met = new FlatBuffer<float>();
            var m = met.Prepare(n);
            for (int i = 0; i < n; i++) m[i] = (float)(rng.NextDouble() * 100);
            _blocks.Add(([run, met, Jagged(n, 2, rng), Jagged(n, 6, rng)], n));
        }
        _path = Path.Combine(Path.GetTempPath(), $"ef-writer-bench-{Environment.ProcessId}.root");
    }

    private static JaggedBuffer<float> Jagged(int n, int mean, Random rng)
    {
        var j = new JaggedBuffer<float>();
        var off = j.PrepareOffsets(n);
        off[0] = 0;
        for (int i = 0; i < n; i++) off[i + 1] = off[i] + rng.Next(2 * mean + 1);
        var v = j.PrepareValues(off[n]);
        for (int i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 50);
        return j;
    }

    /// <summary>Writes all blocks and completes the file.</summary>
    [Benchmark]
    public long Snapshot()
    {
        using var w = new RootSnapshotWriter(new SnapshotSpec("Events", _path, Columns, new SnapshotOptions { Codec = Codec, Level = Codec == SnapshotCodec.Lz4 ? 4 : 1 }));
        foreach (var (cols, n) in _blocks) w.Write(cols, n);
        w.Complete();
        return new FileInfo(_path).Length;
    }

    /// <summary>
    /// The raw speed of the same library on the same bytes: every column's values compressed in 32 KiB pieces (the
    /// basket size) with ROOT's block format, without the writer around it.
    /// </summary>
    [Benchmark]
    public long RawCompression()
    {
        var codec = RootSnapshotWriter.Codec(Codec);
        int level = Codec == SnapshotCodec.Lz4 ? 4 : 1;
        long total = 0;
        var output = new byte[64 * 1024];
        foreach (var (cols, _) in _blocks)
            foreach (var c in cols)
            {
                var bytes = c switch
                {
                    FlatBuffer<int> f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.Values),
                    FlatBuffer<float> f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.Values),
                    JaggedBuffer<float> j => System.Runtime.InteropServices.MemoryMarshal.AsBytes(j.Values),
                    _ => default,
                };
                for (int at = 0; at < bytes.Length; at += 32 * 1024)
                    total += EventFrame.IO.Compression.RootCompressor.Compress(bytes.Slice(at, Math.Min(32 * 1024, bytes.Length - at)), output, codec, level);
            }
        return total;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);
}
