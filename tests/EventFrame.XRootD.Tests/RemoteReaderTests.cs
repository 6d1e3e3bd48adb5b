using EventFrame.IO.Bytes;
using EventFrame.IO.Root;

namespace EventFrame.XRootD.Tests;

/// <summary>
/// Every ROOT test file read over root:// from a real xrootd server gives exactly what it gives locally: the same keys,
/// and for every TTree and RNTuple the same columns and every value of every entry. The ADL sample gives the same
/// analysis results through Frame.FromRoot, and URL globs expand through kXR_dirlist.
/// </summary>
public sealed class RemoteReaderTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly XRootDServer _server = fixture.Server;

    public static TheoryData<string> Files() => [.. TestFiles.RootFiles().Select(Path.GetFileName).Select(n => n!)];

    [Theory]
    [MemberData(nameof(Files))]
    public void FileReadsTheSameOverXRootD(string name)
    {
        var local = Path.Combine(TestFiles.Dir, "root", name);
        var url = _server.Add(local, "reader/" + name);
        List<(string Path, string Class)> keys;
        using (var file = RootFile.Open(local))
            keys = file.AllKeys().Select(k => (k.Path, k.Key.ClassName)).ToList();
        using (var remote = RootFile.Open(url))
        {
            Assert.IsType<XRootDByteSource>(remote.Source);
            Assert.Equal(keys, remote.AllKeys().Select(k => (k.Path, k.Key.ClassName)).ToList());
        }
        int compared = 0;
        foreach (var (path, cls) in keys.Distinct())
        {
            if (cls is not ("TTree" or "ROOT::RNTuple" or "ROOT::Experimental::RNTuple")) continue;
            List<string> expected;
            try
            {
                using var localSource = RootDataSource.Open(path, [local]);
                expected = TestFiles.Dump(localSource);
            }
            catch (Exception e) when (e is RootFormatException or NotSupportedException or ArgumentException)
            {
                // What the reader cannot read locally it must refuse the same way remotely.
                var remoteError = Record.Exception(() => { using var s = RootDataSource.Open(path, [url]); TestFiles.Dump(s); });
                Assert.NotNull(remoteError);
                Assert.Equal(e.GetType(), remoteError.GetType());
                continue;
            }
            using var remoteSource = RootDataSource.Open(path, [url]);
            var actual = TestFiles.Dump(remoteSource);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++) Assert.True(expected[i] == actual[i], $"{name} {path}: line {i} differs");
            compared++;
        }
        // Every file with a tree or RNTuple has at least one that the reader reads (and so was compared value by value).
        Assert.True(compared > 0 || !keys.Any(k => k.Class is "TTree" or "ROOT::RNTuple" or "ROOT::Experimental::RNTuple"), $"{name}: nothing was compared");
    }

    [Theory]
    [InlineData("adl_100k_lz4.root")]
    [InlineData("adl_100k_zlib.root")]
    public void AdlAnalysisGivesTheSameResultsOverXRootD(string name)
    {
        var url = _server.Add(TestFiles.Adl(name), "adl/" + name);
        (long, double, double[]) Run(string file)
        {
            var df = Frame.FromRoot("Events", file);
            var count = df.Count();
            var sum = df.Filter("nJet >= 2").Sum("MET_pt");
            var h = df.Histo1D(new("met", "MET", 50, 0, 200), "MET_pt");
            return (count.Value, sum.Value, h.Value.Values.ToArray());
        }
        var (n, sum, counts) = Run(TestFiles.Adl(name));
        var (rn, rsum, rcounts) = Run(url);
        Assert.Equal(100_000, n);
        Assert.Equal(n, rn);
        Assert.Equal(sum, rsum);
        Assert.Equal(counts, rcounts);
    }

    [Fact]
    public void NextClusterTravelsWhileTheCurrentOneIsDecoded()
    {
        var local = TestFiles.Adl("adl_100k_zlib.root");
        var url = _server.Add(local, "ahead/adl.root");
        // A scheme of this test's own, so that its requests are counted on a client nobody else uses.
        using var client = new XRootDClient();
        using var remote = new RootDataSource("Events", [ServerFailureTests.WithClient(url, "rootahead", client)]);
        using var here = new RootDataSource("Events", [local]);
        Assert.True(remote.Partitions.Count >= 3);
        using var reader = remote.CreateReader(["MET_pt", "Jet_pt"]);
        using var localReader = here.CreateReader(["MET_pt", "Jet_pt"]);
        long start = client.Requests;
        void WaitFor(long requests)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (client.Requests < requests && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Thread.Sleep(50);
            Assert.Equal(requests, client.Requests);
        }
        for (int k = 0; k < 3; k++)
        {
            var p = remote.Partitions[k];
            var buffers = remote.Columns.Where(c => c.Name is "MET_pt" or "Jet_pt").OrderBy(c => c.Name == "Jet_pt").Select(c => EventFrame.Columns.ColumnBuffer.Create(c.Type)).ToList();
            var expected = remote.Columns.Where(c => c.Name is "MET_pt" or "Jet_pt").OrderBy(c => c.Name == "Jet_pt").Select(c => EventFrame.Columns.ColumnBuffer.Create(c.Type)).ToList();
            reader.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, buffers);
            localReader.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, expected);
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < (int)p.EntryCount; i += 97)
                    Assert.Equal(expected[c].GetBoxed(i), buffers[c].GetBoxed(i));
            // Partition 0: its own kXR_readv and the one reading partition 1 ahead; afterwards one kXR_readv per
            // partition, for the next one, since the current one was already there.
            WaitFor(start + (k == 0 ? 2 : k + 2));
        }
    }

    [Fact]
    public void GlobsOverRootUrlsListTheDirectory()
    {
        var hzz = Path.Combine(TestFiles.Dir, "root", "uproot-HZZ.root");
        _server.Add(hzz, "glob/a.root");
        _server.Add(hzz, "glob/b.root");
        _server.Add(hzz, "glob/c.txt");
        _server.Add(hzz, "glob/sub/d.root");
        var files = RootDataSource.ExpandFiles([_server.Url("glob/*.root")]);
        Assert.Equal([_server.Url("glob/a.root"), _server.Url("glob/b.root")], files);
        using var both = RootDataSource.Open("events", [_server.Url("glob/*.root")]);
        using var one = RootDataSource.Open("events", [hzz]);
        Assert.Equal(2 * one.EntryCount, both.EntryCount);
        Assert.Throws<ArgumentException>(() => RootDataSource.ExpandFiles([_server.Url("glob/*.none")]));
        var missing = Assert.Throws<ByteSourceException>(() => RootDataSource.ExpandFiles([_server.Url("nodir/*.root")]));
        Assert.Contains("nodir", missing.Message);
    }
}
