using System.Collections;
using EventFrame.Columns;
using EventFrame.IO.Bytes;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// Memory-mapped local files: the mapping and positional reads give the same bytes and the same column values, pins
/// outlive the source, every range is checked before the mapping is touched, and damaged or truncated files read
/// through the mapping fail with <see cref="RootFormatException"/> only.
/// </summary>
public class MappedFileTests
{
    [Fact]
    public unsafe void PinsLendTheFileBytesAndOutliveTheSource()
    {
        var path = TestData.RootFile("uproot-HZZ.root");
        var all = File.ReadAllBytes(path);
        var source = new LocalFileSource(path, map: true);
        Assert.True(source.IsMapped);
        Assert.True(((IByteSource)source).CanPin);
        Assert.True(source.TryPin(1000, 5000, out var pin));
        Assert.Equal(5000, source.BytesRead);
        source.Dispose();
        // The view stays mapped while the pin is held, although the source is gone.
        Assert.True(new ReadOnlySpan<byte>(pin.Pointer, 5000).SequenceEqual(all.AsSpan(1000, 5000)));
        pin.Dispose();
        Assert.Throws<ByteSourceException>(() => source.TryPin(0, 10, out _));
        Assert.Throws<ByteSourceException>(() => source.Read(0, new byte[10]));
    }

    [Fact]
    public void RangesAreCheckedBeforeTheMappingIsTouched()
    {
        var path = TestData.RootFile("uproot-HZZ.root");
        using var source = new LocalFileSource(path, map: true);
        long n = source.Length;
        Assert.Throws<ByteSourceException>(() => source.TryPin(n - 10, 11, out _));
        Assert.Throws<ByteSourceException>(() => source.TryPin(-1, 1, out _));
        Assert.Throws<ByteSourceException>(() => source.TryPin(0, -1, out _));
        Assert.Throws<ByteSourceException>(() => source.Read(long.MaxValue - 2, new byte[8]));
        Assert.True(source.TryPin(n, 0, out var empty));
        empty.Dispose();
        using var unmapped = new LocalFileSource(path, map: false);
        Assert.False(unmapped.IsMapped);
        Assert.False(unmapped.TryPin(0, 10, out _));
    }

    [Fact]
    public void EmptyFilesAreReadWithoutAMapping()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eventframe-empty-{Guid.NewGuid():N}.root");
        File.WriteAllBytes(path, []);
        try
        {
            using var source = new LocalFileSource(path, map: true);
            Assert.False(source.IsMapped);
            source.Read(0, Span<byte>.Empty);
            Assert.Throws<ByteSourceException>(() => source.Read(0, new byte[1]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<object?> ReadColumn(RootFile file, string tree, string branch, int chunk)
    {
        var b = RootTree.Read(file, tree).GetBranch(branch)!;
        var layout = BranchLayout.TryCreate(b, out _)!;
        using var reader = new BranchReader(layout);
        var buffer = ColumnBuffer.Create(layout.Type);
        var values = new List<object?>();
        for (long e = 0; e < reader.CoveredEntries; e += chunk)
        {
            int c = (int)Math.Min(chunk, reader.CoveredEntries - e);
            reader.Read(e, c, buffer);
            for (int i = 0; i < c; i++) values.Add(buffer.GetBoxed(i));
        }
        return values;
    }

    [Theory]
    [InlineData("uproot-HZZ-uncompressed.root", "events")]
    [InlineData("uproot-HZZ-lz4.root", "events")]
    [InlineData("uproot-small-dy-nooffsets.root", "tree")]
    [InlineData("uproot-stl_containers.root", "tree")]
    public void MappedAndPositionalReadsDecodeTheSameValues(string name, string tree)
    {
        var path = TestData.RootFile(name);
        using var mapped = RootFile.Open(new LocalFileSource(path, map: true));
        using var positional = RootFile.Open(new LocalFileSource(path, map: false));
        Assert.True(mapped.Source.CanPin);
        int columns = 0;
        foreach (var b in RootTree.Read(mapped, tree).AllBranches)
        {
            if (BranchLayout.TryCreate(b, out _) is null) continue;
            var a = ReadColumn(mapped, tree, b.Name, 37);
            var p = ReadColumn(positional, tree, b.Name, 1000);
            Assert.Equal(p.Count, a.Count);
            for (int i = 0; i < a.Count; i++)
                Assert.True(StructuralComparisons.StructuralEqualityComparer.Equals(a[i], p[i]), $"{name} {b.Name} entry {i} differs");
            columns++;
        }
        Assert.True(columns > 0);
    }

    [Fact]
    public void DamagedFilesReadThroughTheMappingFailWithFormatErrors()
    {
        // Truncations make the mapping end before records the file structure still points at; the byte changes hit
        // basket headers and offset tables, which the mapped path reads in place.
        var clean = File.ReadAllBytes(TestData.RootFile("uproot-HZZ-uncompressed.root"));
        var rng = new Random(4711);
        var dir = Directory.CreateTempSubdirectory("eventframe-mapped-");
        int failures = 0;
        try
        {
            for (int k = 0; k < 60; k++)
            {
                var bytes = k % 2 == 0 ? clean[..rng.Next(1, clean.Length)] : (byte[])clean.Clone();
                if (k % 2 == 1)
                    for (int j = 0; j < 8; j++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                var path = Path.Combine(dir.FullName, $"case{k}.root");
                File.WriteAllBytes(path, bytes);
                try
                {
                    using var file = RootFile.Open(new LocalFileSource(path, map: true));
                    var tree = RootTree.Read(file, "events");
                    foreach (var b in tree.AllBranches)
                        if (BranchLayout.TryCreate(b, out _) is not null) ReadColumn(file, "events", b.Name, 500);
                }
                catch (RootFormatException)
                {
                    failures++;
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        Assert.True(failures >= 25, $"only {failures} of 60 damaged files were rejected");
    }
}
