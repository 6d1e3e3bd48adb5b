using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

// One test here swaps the process-wide RootDataSource.RNTupleFactory hook, which every RNTuple read goes through:
// this collection runs alone (see RNTupleFactoryCollection).
/// <summary>Reading TTrees through the IDataSource contract: partitions, chunking, multiple files, globs, the spec, RNTuple delegation.</summary>
[Collection("RootDataSource.RNTupleFactory")]
public class RootDataSourceTests
{
    private static List<object?> ReadAll(IDataSource source, string column, Func<int> chunkSize)
    {
        var info = source.Columns.Single(c => c.Name == column);
        using var reader = source.CreateReader([column]);
        var buffer = ColumnBuffer.Create(info.Type);
        var values = new List<object?>();
        foreach (var p in source.Partitions)
        {
            long e = p.FirstEntry;
            while (e < p.EndEntry)
            {
                int n = (int)Math.Min(chunkSize(), p.EndEntry - e);
                reader.ReadChunk(p, e, n, [buffer]);
                for (int i = 0; i < n; i++) values.Add(buffer.GetBoxed(i));
                e += n;
            }
        }
        return values;
    }

    private static List<object?> ReadDirect(RootTree tree, string branch)
    {
        var layout = BranchLayout.TryCreate(tree.GetBranch(branch)!, out _)!;
        using var r = new BranchReader(layout);
        var buffer = ColumnBuffer.Create(layout.Type);
        r.Read(0, (int)tree.Entries, buffer);
        return Enumerable.Range(0, (int)tree.Entries).Select(buffer.GetBoxed).ToList();
    }

    private static void AssertSameValues(IReadOnlyList<object?> a, IReadOnlyList<object?> b, string what)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            bool same = a[i] is Array x && b[i] is Array y
                ? x.Length == y.Length && Enumerable.Range(0, x.Length).All(k => Equals(x.GetValue(k), y.GetValue(k)) || x.GetValue(k) is Array)
                : Equals(a[i], b[i]);
            Assert.True(same, $"{what}: entry {i} differs");
        }
    }

    public static TheoryData<string, string> Trees() => new()
    {
        { "uproot-HZZ.root", "events" },
        { "uproot-small-dy-nooffsets.root", "tree" },
        { "nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events" },
        { "uproot-sample-6.20.04-uncompressed.root", "sample" },
        { "uproot-stl_containers.root", "tree" },
        { "uproot-issue412.root", "test" },
        { "uproot-nesteddirs.root", "one/two/tree" },
    };

    [Theory]
    [MemberData(nameof(Trees))]
    public void ChunkSizesDoNotChangeValues(string file, string treeName)
    {
        using var source = (RootDataSource)DataSources.Open(new DataSourceSpec("root", new Dictionary<string, string>
        {
            ["tree"] = treeName,
            ["files"] = TestData.RootFile(file),
        }));
        var tree = source.Tree(0);
        Assert.Equal(tree.Entries, source.EntryCount);
        // Partitions tile [0, EntryCount) in order.
        long next = 0;
        for (int i = 0; i < source.Partitions.Count; i++)
        {
            var p = source.Partitions[i];
            Assert.Equal(i, p.Index);
            Assert.Equal(next, p.FirstEntry);
            Assert.True(p.EntryCount > 0);
            Assert.Equal(p.FirstEntry, p.FileFirstEntry);
            next = p.EndEntry;
        }
        Assert.Equal(source.EntryCount, next);
        var rng = new Random(1234);
        var columns = source.Columns.Select(c => c.Name).ToList();
        // Large trees: a sample of columns keeps the test fast.
        if (columns.Count > 40) columns = columns.OrderBy(_ => rng.Next()).Take(40).ToList();
        foreach (var c in columns)
        {
            var direct = ReadDirect(tree, c);
            AssertSameValues(direct, ReadAll(source, c, () => 7), c + " (chunks of 7)");
            AssertSameValues(direct, ReadAll(source, c, () => 1000), c + " (chunks of 1000)");
            AssertSameValues(direct, ReadAll(source, c, () => 1 + rng.Next(50)), c + " (random chunks)");
        }
    }

    [Fact]
    public void ManyColumnsInOneReader()
    {
        using var source = new RootDataSource("events", [TestData.RootFile("uproot-HZZ.root")]);
        var cols = source.Columns.Select(c => c.Name).ToList();
        using var reader = source.CreateReader(cols);
        var buffers = source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        var p = source.Partitions[0];
        reader.ReadChunk(p, p.FirstEntry, (int)Math.Min(100, p.EntryCount), buffers);
        var muonPx = (JaggedBuffer<float>)buffers[cols.IndexOf("Muon_Px")];
        Assert.Equal([-52.89945602416992f, 37.7377815246582f], muonPx[0].ToArray());
        var nMuon = (FlatBuffer<int>)buffers[cols.IndexOf("NMuon")];
        Assert.Equal(2, nMuon.Values[0]);
        Assert.Equal(ElementType.Int32, source.Columns.Single(c => c.Name == "NMuon").Type.Element);
        Assert.Equal(new ColumnType(ElementType.Float32, 1), source.Columns.Single(c => c.Name == "Muon_Px").Type);
        Assert.Throws<ArgumentException>(() => source.CreateReader(["NoSuchBranch"]));
    }

    [Fact]
    public void ColumnTypesFollowLeaves()
    {
        using var stl = new RootDataSource("tree", [TestData.RootFile("uproot-stl_containers.root")]);
        var types = stl.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(new ColumnType(ElementType.String), types["string"]);
        Assert.Equal(new ColumnType(ElementType.String), types["tstring"]);
        Assert.Equal(new ColumnType(ElementType.Int32, 1), types["vector_int32"]);
        Assert.Equal(new ColumnType(ElementType.Int32, 2), types["vector_vector_int32"]);
        Assert.Equal(new ColumnType(ElementType.String, 1), types["vector_string"]);
        Assert.Equal(new ColumnType(ElementType.String, 2), types["vector_vector_string"]);
        using (var vv = new RootDataSource("t", [TestData.RootFile("uproot-vectorVectorDouble.root")]))
            Assert.Equal(new ColumnType(ElementType.Float64, 2), vv.Columns[0].Type);
        Assert.Contains("map_int32_int16", stl.UnsupportedBranches.Keys);
        using var sample = new RootDataSource("sample", [TestData.RootFile("uproot-sample-6.20.04-uncompressed.root")]);
        types = sample.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(new ColumnType(ElementType.UInt16, 1), types["au2"]);
        Assert.Equal(new ColumnType(ElementType.Int64, 1), types["Ai8"]);
        Assert.Equal(new ColumnType(ElementType.Bool), types["b"]);
        Assert.Equal(new ColumnType(ElementType.String), types["str"]);
    }

    [Fact]
    public void MultipleFilesAndGlobsNumberEntriesGlobally()
    {
        var glob = Path.Combine(TestData.RootDir, "uproot-HZZ*.root");
        var spec = new DataSourceSpec("root", new Dictionary<string, string> { ["tree"] = "events", ["files"] = glob });
        using var source = (RootDataSource)DataSources.Open(spec);
        Assert.Equal(5, source.Files.Count);
        Assert.Equal(5 * 2421, source.EntryCount);
        Assert.Equal(source.Files.Order(StringComparer.Ordinal), source.Files);
        // The spec travels: reopening gives the same files and partitions.
        using var again = (RootDataSource)DataSources.Open(source.Spec!);
        Assert.Equal(source.Files, again.Files);
        Assert.Equal(source.Partitions, again.Partitions);
        foreach (var p in source.Partitions)
        {
            long fileStart = p.FirstEntry - p.FileFirstEntry;
            Assert.Equal(2421L * p.FileIndex, fileStart);
        }
        // Every codec variant gives identical values.
        var all = ReadAll(source, "Muon_Px", () => 333);
        var single = ReadDirect(source.Tree(0), "Muon_Px");
        for (int f = 0; f < 5; f++)
            AssertSameValues(single, all.Skip(f * 2421).Take(2421).ToList(), $"Muon_Px of {source.Files[f]}");
        var elec = ReadAll(source, "Electron_Px", () => 1000);
        for (int f = 1; f < 5; f++)
            AssertSameValues(elec.Take(2421).ToList(), elec.Skip(f * 2421).Take(2421).ToList(), $"Electron_Px of {source.Files[f]}");
    }

    [Fact]
    public void ReadersOnSeveralThreadsAgree()
    {
        using var source = new RootDataSource("Events", [TestData.RootFile("nanoAOD_2015_CMS_Open_Data_ttbar.root")]);
        var cols = new[] { "Jet_pt", "nJet", "Muon_pt", "event", "LHEPdfWeight" };
        var reference = cols.Select(c => ReadAll(source, c, () => 64)).ToList();
        var results = new List<object?>[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            var rng = new Random(t);
            results[t] = cols.Select(c => ReadAll(source, c, () => 1 + rng.Next(40))).ToArray();
        });
        foreach (var r in results)
            for (int c = 0; c < cols.Length; c++)
                AssertSameValues(reference[c], r[c], cols[c]);
    }

    [Fact]
    public void BadArgumentsGiveClearErrors()
    {
        Assert.Throws<ArgumentException>(() => RootDataSource.ExpandFiles([Path.Combine(TestData.RootDir, "nothing-*.root")]));
        Assert.Throws<ArgumentException>(() => RootDataSource.ExpandFiles([]));
        var e = Assert.Throws<RootFormatException>(() => new RootDataSource("nosuchtree", [TestData.RootFile("uproot-HZZ.root")]));
        Assert.Contains("nosuchtree", e.Message);
        var mixed = Assert.Throws<RootFormatException>(() => new RootDataSource("events", [TestData.RootFile("uproot-HZZ.root"), TestData.RootFile("uproot-Zmumu.root")]));
        Assert.EndsWith("uproot-Zmumu.root", mixed.FilePath);
        Assert.Contains("missing", mixed.Message);
        var h = Assert.Throws<RootFormatException>(() => new RootDataSource("hpx", [TestData.RootFile("uproot-hepdata-example.root")]));
        Assert.Contains("TH1F", h.Message);
    }

    [Fact]
    public void RNTupleKeysAreDelegatedToTheFactory()
    {
        var file = TestData.RootFile("test_int_float_rntuple_v1-0-0-0.root");
        var saved = RootDataSource.RNTupleFactory;
        try
        {
            RootDataSource.RNTupleFactory = null;
            var e = Assert.Throws<RootFormatException>(() => RootDataSource.Open("ntuple", [file]));
            Assert.Contains("RNTuple", e.Message);
            IReadOnlyList<string>? seenFiles = null;
            string? seenName = null;
            using var stub = new RootDataSource("foriter", [TestData.RootFile("uproot-foriter.root")]);
            RootDataSource.RNTupleFactory = (files, name) =>
            {
                seenFiles = files;
                seenName = name;
                return stub;
            };
            Assert.Same(stub, RootDataSource.Open("ntuple", [file]));
            Assert.Equal([file], seenFiles);
            Assert.Equal("ntuple", seenName);
        }
        finally
        {
            RootDataSource.RNTupleFactory = saved;
        }
    }
}
