using System.Runtime.InteropServices;
using System.Text;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;
using static EventFrame.IO.Tests.RNTuple.RNTupleTestWriter;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>
/// An RNTuple written here from the specification with what the sample files lack: 12 clusters in 3 cluster groups,
/// many pages per column (some with checksums, some behind large locators), unsplit and 32-bit index columns,
/// booleans, int16 zigzag, nested vectors, vectors of strings, records, two column representations with suppressed
/// columns, fixed-size arrays (also inside vectors), projected fields and cardinalities, and a column added in the
/// footer's schema extension in the middle of a cluster (deferred: the entries before it read as zeros).
/// </summary>
public sealed class RNTupleSyntheticTests : IDisposable
{
    private static readonly long[] ClusterSizes = [100, 73, 1, 150, 76, 90, 110, 60, 95, 85, 80, 80];
    // Inside cluster 5 (entries 400-489), the first cluster of the second group.
    private const long LateStart = 430;

    private readonly string _dir = Directory.CreateTempSubdirectory("ef-rntuple-syn-").FullName;
    private readonly string _path;

    public RNTupleSyntheticTests()
    {
        _path = Path.Combine(_dir, "synthetic.root");
        Build().Write(TestData.RootFile(RNTupleExpected.IntFloat), "ntuple", _path);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Name(long i) => $"n{i}" + new string('é', (int)(i % 4));

    private static float[][] Vv(long i) => [.. Enumerable.Range(0, (int)(i % 3)).Select(j => Enumerable.Range(0, j).Select(m => i + 0.5f * m).ToArray())];

    private static string[] Vs(long i) => [.. Enumerable.Range(0, (int)(i % 2) + (i % 5 == 0 ? 2 : 0)).Select(j => $"s{i}_{j}")];

    private static float[] Arr(long i) => [i, i + 0.5f, i + 0.25f];

    private static short[][] Varr(long i) => [.. Enumerable.Range(0, (int)(i % 3)).Select(j => new[] { (short)(i + j), (short)-i })];

    private static long Late(long i) => i < LateStart ? 0 : i * 1000 - (i << 33) + 1;

    private static ColumnData Of<T>(IEnumerable<T> values) where T : unmanaged
    {
        var a = values.ToArray();
        return new ColumnData(MemoryMarshal.AsBytes(a.AsSpan()).ToArray(), a.Length);
    }

    private static long[] Ends(IEnumerable<int> sizes)
    {
        long e = 0;
        return [.. sizes.Select(s => e += s)];
    }

    private static RNTupleTestWriter Build()
    {
        var w = new RNTupleTestWriter();
        w.HeaderFields.AddRange([
            new Field("one", "std::int32_t", -1, 0),
            new Field("int_vector", "std::vector<std::int32_t>", -1, 1),
            new Field("_0", "std::int32_t", 1, 0),
            new Field("flag", "bool", -1, 0),
            new Field("name", "std::string", -1, 0),
            new Field("vv", "std::vector<std::vector<float>>", -1, 1),
            new Field("_0", "std::vector<float>", 5, 1),
            new Field("_0", "float", 6, 0),
            new Field("d", "double", -1, 0),
            new Field("proj", "std::int32_t", -1, 0, Flags: 2, Source: 0),
            new Field("s16", "std::int16_t", -1, 0),
            new Field("vs", "std::vector<std::string>", -1, 1),
            new Field("_0", "std::string", 11, 0),
            new Field("rec", "Rec", -1, 2),
            new Field("a", "float", 13, 0),
            new Field("b", "std::uint16_t", 13, 0),
            new Field("card", "ROOT::RNTupleCardinality<std::uint64_t>", -1, 0, Flags: 2, Source: 1),
            new Field("arr", "std::array<float,3>", -1, 0, Flags: 1, ArraySize: 3),
            new Field("_0", "float", 17, 0),
            new Field("varr", "std::vector<std::array<std::int16_t,2>>", -1, 1),
            new Field("_0", "std::array<std::int16_t,2>", 19, 0, Flags: 1, ArraySize: 2),
            new Field("_0", "std::int16_t", 20, 0),
        ]);
        w.HeaderColumns.AddRange([
            new Column(0x13, 32, 0), new Column(0x1b, 64, 1), new Column(0x07, 32, 2), new Column(0x00, 1, 3),
            new Column(0x0e, 32, 4), new Column(0x02, 8, 4), new Column(0x1a, 32, 5), new Column(0x0f, 64, 6),
            new Column(0x0c, 32, 7), new Column(0x19, 64, 8, 0), new Column(0x0c, 32, 8, 1), new Column(0x11, 16, 10),
            new Column(0x1b, 64, 11), new Column(0x0f, 64, 12), new Column(0x02, 8, 12), new Column(0x18, 32, 14),
            new Column(0x12, 16, 15), new Column(0x18, 32, 18), new Column(0x1b, 64, 19), new Column(0x05, 16, 21),
        ]);
        w.Aliases.AddRange([(0, 9), (1, 16)]);
        w.ExtensionFields.Add(new Field("late", "std::int64_t", 22, 0));
        w.ExtensionColumns.Add(new Column(0x15, 64, 22, 0, LateStart));
        w.Groups.AddRange([5, 4, 3]);

        long first = 0;
        for (int c = 0; c < ClusterSizes.Length; c++)
        {
            var e = Enumerable.Range(0, (int)ClusterSizes[c]).Select(k => first + k).ToArray();
            var names = e.Select(i => Encoding.UTF8.GetBytes(Name(i))).ToArray();
            var vv = e.Select(Vv).ToArray();
            var vs = e.SelectMany(Vs).Select(Encoding.UTF8.GetBytes).ToArray();
            var cols = new ColumnData?[]
            {
                Of(e.Select(i => (int)i - 500)),
                Of(Ends(e.Select(_ => 2))),
                Of(e.SelectMany(i => new[] { (int)i, (int)i + 1 })),
                Of(e.Select(i => (byte)(i % 3 == 0 ? 1 : 0))),
                Of(Ends(names.Select(n => n.Length)).Select(x => (uint)x)),
                Of(names.SelectMany(n => n)),
                Of(Ends(vv.Select(v => v.Length)).Select(x => (uint)x)),
                Of(Ends(vv.SelectMany(v => v).Select(v => v.Length))),
                Of(vv.SelectMany(v => v).SelectMany(v => v)),
                Of(e.Select(i => i * 0.25)),
                Of(e.Select(i => (float)(i * 0.25))),
                Of(e.Select(i => (short)(i * 37 - 20000))),
                Of(Ends(e.Select(i => Vs(i).Length))),
                Of(Ends(vs.Select(s => s.Length))),
                Of(vs.SelectMany(s => s)),
                Of(e.Select(i => i * 1.5f)),
                Of(e.Select(i => (ushort)(i * 7))),
                Of(e.SelectMany(Arr)),
                Of(Ends(e.Select(i => Varr(i).Length))),
                Of(e.SelectMany(Varr).SelectMany(a => a)),
                first + ClusterSizes[c] > LateStart ? Of(e.Where(i => i >= LateStart).Select(Late)) : null,
            };
            w.Clusters.Add((ClusterSizes[c], cols));
            // Alternate the active representation of "d" from cluster to cluster.
            w.Suppressed.Add((c, c % 2 == 0 ? 10 : 9));
            first += ClusterSizes[c];
        }
        return w;
    }

    [Fact]
    public void ClustersGroupsAndColumnsAreListed()
    {
        using var s = new RNTupleDataSource([_path], "ntuple");
        Assert.Equal(1000, s.EntryCount);
        Assert.Equal(ClusterSizes, s.Partitions.Select(p => p.EntryCount));
        Assert.Equal(3, s.Files[0].Descriptor.ClusterGroupCount);
        Assert.Equal("one:int, int_vector:RVec<int>, flag:bool, name:string, vv:RVec<RVec<float>>, d:double, proj:int, s16:short, " +
            "vs:RVec<string>, rec.a:float, rec.b:ushort, card:ulong, arr:RVec<float>, varr:RVec<RVec<short>>, late:long",
            string.Join(", ", s.Columns.Select(c => $"{c.Name}:{c.Type}")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(16384)]
    public void EveryColumnReadsBackWhatWasWritten(int chunk)
    {
        using var s = new RNTupleDataSource([_path], "ntuple");
        var names = s.Columns.Select(c => c.Name).ToArray();
        var buffers = s.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToArray();
        using var r = s.CreateReader(names);
        foreach (var p in s.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += chunk)
            {
                int n = (int)Math.Min(chunk, p.EndEntry - e);
                r.ReadChunk(p, e, n, buffers);
                for (int k = 0; k < n; k++)
                {
                    long i = e + k;
                    object?[] expected =
                    [
                        (int)i - 500, new[] { (int)i, (int)i + 1 }, i % 3 == 0, Name(i), Vv(i), i * 0.25, (int)i - 500,
                        (short)(i * 37 - 20000), Vs(i), i * 1.5f, (ushort)(i * 7), 2UL, Arr(i), Varr(i), Late(i),
                    ];
                    for (int c = 0; c < names.Length; c++)
                        Assert.True(Same(expected[c], buffers[c].GetBoxed(k)), $"entry {i} column {names[c]}: {Show(buffers[c].GetBoxed(k))}, expected {Show(expected[c])}");
                }
            }
    }

    [Fact]
    public void PartitionsReadInParallelGiveTheSameValues()
    {
        using var s = new RNTupleDataSource([_path], "ntuple");
        var names = s.Columns.Select(c => c.Name).ToArray();
        string ReadPartition(Partition p)
        {
            var buffers = s.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToArray();
            using var r = s.CreateReader(names);
            var sb = new StringBuilder();
            for (long e = p.FirstEntry; e < p.EndEntry; e += 16)
            {
                int n = (int)Math.Min(16, p.EndEntry - e);
                r.ReadChunk(p, e, n, buffers);
                foreach (var b in buffers)
                    for (int k = 0; k < n; k++) sb.Append(Show(b.GetBoxed(k))).Append(';');
            }
            return sb.ToString();
        }
        var sequential = s.Partitions.Select(ReadPartition).ToArray();
        int count = sequential.Length;
        // Each partition four times, on four threads, each with its own reader over the shared source.
        Parallel.For(0, 4 * count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            Assert.Equal(sequential[i % count], ReadPartition(s.Partitions[i % count])));
    }

    [Fact]
    public void RandomDamageOnlyRaisesFormatErrors()
    {
        // Pages without checksums let damage through to the decoders: offsets, string lengths, bits.
        var original = File.ReadAllBytes(_path);
        long start = new FileInfo(TestData.RootFile(RNTupleExpected.IntFloat)).Length;
        var rng = new Random(77);
        var damaged = Path.Combine(_dir, "damaged.root");
        int failures = 0;
        for (int trial = 0; trial < 120; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 1 + rng.Next(4); k++)
                bytes[start + rng.NextInt64(bytes.Length - start)] = rng.Next(3) == 0 ? (byte)0xFF : (byte)rng.Next(256);
            File.WriteAllBytes(damaged, bytes);
            try
            {
                using var s = new RNTupleDataSource([damaged], "ntuple");
                var buffers = s.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToArray();
                using var r = s.CreateReader([.. s.Columns.Select(c => c.Name)]);
                foreach (var p in s.Partitions) r.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, buffers);
            }
            catch (RootFormatException)
            {
                failures++;
            }
        }
        Assert.InRange(failures, 1, 120);
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x == y || (float)x == y,
        (Array x, Array y) => x.Length == y.Length && Enumerable.Range(0, x.Length).All(i => Same(x.GetValue(i), y.GetValue(i))),
        _ => Equals(a, b),
    };

    private static string Show(object? v) => v is Array a ? "[" + string.Join(",", a.Cast<object?>().Select(Show)) + "]" : v?.ToString() ?? "null";
}
