using System.Buffers;
using System.Collections;
using EventFrame.Columns;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// Raw baskets decoded straight out of a prefetched cluster: they borrow the cluster's pooled blocks, so the blocks go
/// back to the pool only after the cluster is disposed and the last such basket is released, and the values equal those
/// read with positional reads basket by basket.
/// </summary>
public class PrefetchedBasketTests
{
    private static List<object?> Values(ColumnBuffer buffer, int count) => Enumerable.Range(0, count).Select(buffer.GetBoxed).ToList();

    private static void AssertSame(List<object?> expected, List<object?> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(StructuralComparisons.StructuralEqualityComparer.Equals(expected[i], actual[i]), $"{what}: entry {i} differs");
    }

    [Fact]
    public void BorrowedBlocksStayOutOfThePoolUntilTheLastBasketIsReleased()
    {
        var path = TestData.RootFile("uproot-HZZ-uncompressed.root");
        using var file = RootFile.Open(new LocalFileSource(path, map: false));
        var branch = RootTree.Read(file, "events").GetBranch("Muon_Px")!;
        var layout = BranchLayout.TryCreate(branch, out _)!;
        int firstBasket = (int)(branch.BasketEntry[1] - branch.BasketEntry[0]);
        Assert.True(firstBasket > 2);

        // Expected values from a reader that reads each basket itself.
        var expected = ColumnBuffer.Create(layout.Type);
        using (var plain = new BranchReader(layout)) plain.Read(0, firstBasket, expected);

        using var reader = new BranchReader(layout);
        var prefetched = PrefetchedRanges.Read(file.Source, reader.BasketRanges(0, firstBasket).ToList());
        reader.Prefetched = prefetched;
        var head = ColumnBuffer.Create(layout.Type);
        int half = firstBasket / 2;
        reader.Read(0, half, head);
        var got = Values(head, half);
        // The raw basket is current and points into the cluster's block: disposing the cluster must not hand the block
        // to the next renter, which here scribbles over everything it gets of that size.
        reader.Prefetched = null;
        prefetched.Dispose();
        Assert.False(prefetched.Returned);
        Assert.False(prefetched.TryGet(branch.BasketSeek[0], 10, out _));
        var rented = Enumerable.Range(0, 8).Select(_ => ArrayPool<byte>.Shared.Rent(branch.BasketBytes[0])).ToList();
        foreach (var r in rented) r.AsSpan().Fill(0xA5);
        var tail = ColumnBuffer.Create(layout.Type);
        reader.Read(half, firstBasket - half, tail);
        got.AddRange(Values(tail, firstBasket - half));
        AssertSame(Values(expected, firstBasket), got, "Muon_Px");
        // Reading reached the basket's last entry, so it was released, and with it the last borrow.
        Assert.True(prefetched.Returned);
        foreach (var r in rented) ArrayPool<byte>.Shared.Return(r);
    }

    [Fact]
    public void DisposingTheReaderReturnsTheBorrow()
    {
        var path = TestData.RootFile("uproot-HZZ-uncompressed.root");
        using var file = RootFile.Open(new LocalFileSource(path, map: false));
        var layout = BranchLayout.TryCreate(RootTree.Read(file, "events").GetBranch("Jet_Px")!, out _)!;
        var reader = new BranchReader(layout);
        var prefetched = PrefetchedRanges.Read(file.Source, reader.BasketRanges(0, 1).ToList());
        reader.Prefetched = prefetched;
        reader.Read(0, 1, ColumnBuffer.Create(layout.Type));
        prefetched.Dispose();
        prefetched.Dispose();
        Assert.False(prefetched.Returned);
        reader.Dispose();
        Assert.True(prefetched.Returned);
        Assert.Throws<ObjectDisposedException>(prefetched.Borrow);
    }

    [Theory]
    [InlineData("uproot-HZZ-uncompressed.root", "events", 11)]
    [InlineData("uproot-HZZ-lz4.root", "events", 12)]
    [InlineData("uproot-small-dy-nooffsets.root", "tree", 13)]
    [InlineData("uproot-stl_containers.root", "tree", 14)]
    public void ClustersReadAheadDecodeLikeTheMappedFile(string name, string tree, int seed)
    {
        // Chunks of random length cross basket and cluster boundaries, so baskets outlive the cluster they were lent
        // from while the next cluster (read ahead in the background) becomes current.
        ByteSources.Register("prefetchtest", u => new LocalFileSource(u["prefetchtest://".Length..], map: false));
        var path = TestData.RootFile(name);
        using var mapped = new RootDataSource(tree, [path]);
        using var unmapped = new RootDataSource(tree, ["prefetchtest://" + path]);
        var columns = mapped.Columns.Select(c => c.Name).ToList();
        var rng = new Random(seed);
        using var a = mapped.CreateReader(columns);
        using var b = unmapped.CreateReader(columns);
        var ba = mapped.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        var bb = unmapped.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
        foreach (var p in unmapped.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry;)
            {
                int n = (int)Math.Min(p.EndEntry - e, rng.Next(1, 700));
                a.ReadChunk(p, e, n, ba);
                b.ReadChunk(p, e, n, bb);
                for (int c = 0; c < columns.Count; c++)
                    AssertSame(Values(ba[c], n), Values(bb[c], n), $"{name} {columns[c]} at {e}");
                e += n;
            }
    }
}
