using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>TTree cluster boundaries (the partitions of the data source) from fAutoFlush, cluster ranges and basket boundaries.</summary>
public class ClusterTests
{
    [Theory]
    // Expected values as asserted by uproot's tests/test_0067_common_entry_offsets.py.
    [InlineData("uproot-foriter.root", "foriter", new long[] { 0, 6, 12, 18, 24, 30, 36, 42, 46 })]
    [InlineData("uproot-small-dy-withoffsets.root", "tree", new long[] { 0, 200, 400, 501 })]
    [InlineData("uproot-small-dy-nooffsets.root", "tree", new long[] { 0, 200, 400, 501 })]
    [InlineData("uproot-hepdata-example.root", "ntuple", new long[] { 0, 75000 })]
    [InlineData("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events", new long[] { 0, 200 })]
    public void BoundariesOfTestFiles(string file, string tree, long[] expected)
    {
        using var f = RootFile.Open(TestData.RootFile(file));
        Assert.Equal(expected, RootTree.Read(f, tree).ClusterBoundaries());
        using var source = new RootDataSource(tree, [TestData.RootFile(file)]);
        Assert.Equal(expected[..^1], source.Partitions.Select(p => p.FirstEntry));
    }

    [Fact]
    public void Issue412HasOneClusterPerTenThousandEntries()
    {
        using var f = RootFile.Open(TestData.RootFile("uproot-issue412.root"));
        var b = RootTree.Read(f, "test").ClusterBoundaries();
        Assert.Equal(Enumerable.Range(0, 101).Select(i => i * 10000L), b);
    }

    private static RootTree Synthetic(long entries, long autoFlush, long[] rangeEnd, long[] size)
    {
        var file = RootFile.Open(new MemoryByteSource(File.ReadAllBytes(TestData.RootFile("uproot-foriter.root"))));
        return new RootTree(file, file.FindKey("foriter")!, "t", "", entries, autoFlush, rangeEnd, size, []);
    }

    [Fact]
    public void ClusterRangesThenAutoFlush()
    {
        var rng = new Random(99);
        for (int trial = 0; trial < 200; trial++)
        {
            long entries = rng.Next(1, 5000);
            long autoFlush = rng.Next(1, 300);
            int nRanges = rng.Next(0, 4);
            var ends = new List<long>();
            var sizes = new List<long>();
            long last = -1;
            for (int i = 0; i < nRanges; i++)
            {
                last += rng.Next(1, 1000);
                ends.Add(last);
                sizes.Add(rng.Next(1, 100));
            }
            var b = Synthetic(entries, autoFlush, [.. ends], [.. sizes]).ClusterBoundaries();
            // Reference walk: within range i step sizes[i] up to ends[i] + 1, then fAutoFlush.
            var want = new List<long> { 0 };
            long pos = 0;
            for (int i = 0; i < nRanges && pos < entries; i++)
                while (pos < Math.Min(ends[i] + 1, entries))
                {
                    pos = Math.Min(Math.Min(pos + sizes[i], ends[i] + 1), entries);
                    want.Add(pos);
                }
            while (pos < entries)
            {
                pos = Math.Min(pos + autoFlush, entries);
                want.Add(pos);
            }
            Assert.Equal(want, b);
        }
    }
}
