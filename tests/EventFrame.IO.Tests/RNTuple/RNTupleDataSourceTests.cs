using System.Text;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>Every RNTuple test file read through <see cref="IDataSource"/> with several chunk sizes, against the expected JSON.</summary>
public class RNTupleDataSourceTests
{
    private static readonly int[] ChunkSizes = [1, 7, 1000, 16384];

    /// <summary>Reads a whole column chunk by chunk; returns per entry the boxed value (arrays for jagged columns).</summary>
    internal static List<object?> ReadAll(IDataSource source, string column, int chunk)
    {
        var type = source.Columns.Single(c => c.Name == column).Type;
        var buffer = ColumnBuffer.Create(type);
        var result = new List<object?>();
        using var reader = source.CreateReader([column]);
        foreach (var p in source.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += chunk)
            {
                int n = (int)Math.Min(chunk, p.EndEntry - e);
                reader.ReadChunk(p, e, n, [buffer]);
                Assert.Equal(n, buffer.EntryCount);
                for (int i = 0; i < n; i++) result.Add(buffer.GetBoxed(i));
            }
        return result;
    }

    private static double[] Flatten(IEnumerable<object?> values) => [.. values.SelectMany(v => v switch
    {
        Array a => a.Cast<object>().Select(System.Convert.ToDouble),
        _ => [System.Convert.ToDouble(v)],
    })];

    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void EveryColumnMatchesItsPhysicalColumns(string file)
    {
        var expected = TestData.Expected(file);
        var byId = expected.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt32());
        using var source = new RNTupleDataSource([TestData.RootFile(file)], RNTupleExpected.NameOf(file));
        Assert.Equal(expected.GetProperty("entries").GetInt64(), source.EntryCount);
        Assert.Equal(source.EntryCount, source.Partitions.Sum(p => p.EntryCount));
        var plans = RNTupleColumnPlan.Build(source.Files[0].Descriptor).ToDictionary(p => p.Name);
        Assert.NotEmpty(source.Columns);
        foreach (var info in source.Columns)
        {
            var plan = plans[info.Name];
            foreach (int chunk in ChunkSizes)
            {
                var entries = ReadAll(source, info.Name, chunk);
                Assert.Equal(source.EntryCount, entries.Count);
                string context = $"{file} {info.Name} chunk {chunk}";
                if (plan.Levels.Length > 0)
                {
                    // The outermost offset column holds each entry's end offset (one cluster per file here).
                    var sizes = plan.Shape == RNTupleValueShape.Cardinality && info.Type.Depth == 0
                        ? entries.Select(System.Convert.ToInt64)
                        : entries.Select(v => (long)(v is string s ? Encoding.UTF8.GetByteCount(s) : ((Array)v!).Length));
                    long end = 0;
                    var ends = sizes.Select(s => end += s).Select(x => (double)x).ToArray();
                    RNTupleExpected.AssertColumnValues(byId[plan.Levels[0].Index!.Columns[0].Id], ends, context + " offsets");
                }
                if (plan.Shape == RNTupleValueShape.String && info.Type.Depth == 0)
                {
                    var bytes = entries.SelectMany(v => Encoding.UTF8.GetBytes((string)v!)).Select(b => (double)b).ToArray();
                    RNTupleExpected.AssertColumnValues(byId[plan.Value!.Columns[0].Id], bytes, context);
                }
                else if (plan.Shape == RNTupleValueShape.Numeric)
                    RNTupleExpected.AssertColumnValues(byId[plan.Value!.Columns[0].Id], Flatten(entries), context);
            }
        }
    }

    [Fact]
    public void ColumnsHaveTheExpectedNamesAndTypes()
    {
        static string Describe(string file)
        {
            using var s = new RNTupleDataSource([TestData.RootFile(file)], RNTupleExpected.NameOf(file));
            return string.Join(", ", s.Columns.Select(c => $"{c.Name}:{c.Type}"));
        }
        Assert.Equal("one_integers:int, two_floats:float", Describe(RNTupleExpected.IntFloat));
        Assert.Equal("one_v_integers:RVec<int>, two_v_floats:RVec<float>", Describe(RNTupleExpected.Jagged));
        Assert.Equal("Category:int, Flag:uint, Age:int, Service:int, Children:int, Grade:int, Step:int, Hrweek:int, Cost:int, Division:string, Nation:string",
            Describe(RNTupleExpected.Staff));
        Assert.Equal("_collection0.Muon_pt:RVec<float>, _collection0.Muon_eta:RVec<float>, _collection0.Muon_phi:RVec<float>, " +
            "_collection0.Muon_mass:RVec<float>, _collection0.Muon_charge:RVec<int>, Muon_pt:RVec<float>, Muon_eta:RVec<float>, " +
            "Muon_phi:RVec<float>, Muon_mass:RVec<float>, Muon_charge:RVec<int>, nMuon:uint", Describe(RNTupleExpected.Muons));
        Assert.Equal("firstName:string, lastName:string", Describe(RNTupleExpected.Uncompressed));
    }

    [Fact]
    public void KnownValuesFromUpstreamTests()
    {
        using (var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.Muons)], "Events"))
        {
            var pt = ReadAll(s, "Muon_pt", 100);
            Assert.Equal([10.763696670532227f, 15.736522674560547f], (float[])pt[0]!);
            Assert.Equal([-1, -1], (int[])ReadAll(s, "Muon_charge", 100)[0]!);
            var n = ReadAll(s, "nMuon", 333).Select(v => (uint)v!).ToArray();
            Assert.Equal(2372, n.Sum(x => (long)x));
            Assert.Equal(pt.Select(v => (uint)((float[])v!).Length), n);
            Assert.Equal(ReadAll(s, "_collection0.Muon_eta", 64).Select(v => (float[])v!), ReadAll(s, "Muon_eta", 5).Select(v => (float[])v!));
        }
        using (var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.Jagged)], "ntuple"))
        {
            var v = ReadAll(s, "one_v_integers", 13).Select(x => (int[])x!).ToArray();
            for (int k = 0; k < v.Length; k++) Assert.Equal(k % 10, v[k].Length);
            Assert.Equal([100, 99], v[2]);
        }
        using (var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.Int5e4)], "ntuple"))
        {
            var v = ReadAll(s, "one_integers", 16384).Select(x => (int)x!).ToArray();
            Assert.Equal(Enumerable.Range(1, 50000).Reverse(), v);
        }
        using (var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.Staff)], "Staff"))
            Assert.Equal([202, 530, 316], ReadAll(s, "Category", 2).Take(3).Select(x => (int)x!));
        using (var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.Uncompressed)], "Contributors"))
            Assert.Equal("Jakob", ReadAll(s, "firstName", 3)[0]);
    }

    [Fact]
    public void SeveralFilesNumberEntriesGlobally()
    {
        var path = TestData.RootFile(RNTupleExpected.IntFloat);
        using var s = new RNTupleDataSource([path, path, path], "ntuple");
        Assert.Equal(30, s.EntryCount);
        Assert.Equal([(0L, 10L, 0), (10L, 10L, 1), (20L, 10L, 2)], s.Partitions.Select(p => (p.FirstEntry, p.EntryCount, p.FileIndex)));
        var values = ReadAll(s, "two_floats", 4).Select(x => (float)x!).ToArray();
        var one = Enumerable.Range(0, 10).Select(i => (float)(9 - i) * 1.1f).ToArray();
        Assert.Equal(one.Concat(one).Concat(one).Select(f => MathF.Round(f, 4)), values.Select(f => MathF.Round(f, 4)));
        Assert.Equal("root", s.Spec!.Kind);
        Assert.EndsWith("(+2 files)", s.Description);
    }

    [Fact]
    public void ChunksOutsideThePartitionOrWrongBuffersAreRejected()
    {
        using var s = new RNTupleDataSource([TestData.RootFile(RNTupleExpected.IntFloat)], "ntuple");
        using var r = s.CreateReader(["one_integers"]);
        var p = s.Partitions[0];
        var buffer = ColumnBuffer.Create(new ColumnType(ElementType.Int32));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadChunk(p, 5, 6, [buffer]));
        Assert.Throws<ArgumentException>(() => r.ReadChunk(p, 0, 1, [ColumnBuffer.Create(new ColumnType(ElementType.Float32))]));
        Assert.Throws<ArgumentException>(() => s.CreateReader(["nope"]));
    }
}
