using System.Buffers.Binary;
using EventFrame.Columns;
using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>Corrupted RNTuple files: checksum mismatches are reported, and seeded random damage only ever raises <see cref="RootFormatException"/>.</summary>
public sealed class RNTupleCorruptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ef-rntuple-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCopy(string file, Action<byte[]> mutate, string tag)
    {
        var bytes = File.ReadAllBytes(TestData.RootFile(file));
        mutate(bytes);
        var path = Path.Combine(_dir, tag + "-" + file);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void ReadEverything(string path, string name)
    {
        using var s = new RNTupleDataSource([path], name);
        var names = s.Columns.Select(c => c.Name).ToArray();
        var buffers = s.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToArray();
        using var r = s.CreateReader(names);
        foreach (var p in s.Partitions)
            for (long e = p.FirstEntry; e < p.EndEntry; e += 1000)
                r.ReadChunk(p, e, (int)Math.Min(1000, p.EndEntry - e), buffers);
    }

    [Fact]
    public void FlippedByteInAnEnvelopeIsAChecksumError()
    {
        using var nt = RNTupleFile.Open(TestData.RootFile(RNTupleExpected.Uncompressed), "Contributors");
        var header = nt.Anchor.SeekHeader;
        var path = WriteCopy(RNTupleExpected.Uncompressed, b => b[header + 20] ^= 0x10, "header");
        var e = Assert.Throws<RootFormatException>(() => RNTupleFile.Open(path, "Contributors"));
        Assert.Contains("header envelope", e.Message);
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(header, e.Offset);

        var footer = nt.Anchor.SeekFooter;
        path = WriteCopy(RNTupleExpected.Uncompressed, b => b[footer + nt.Anchor.NbytesFooter - 3] ^= 0x01, "footer");
        e = Assert.Throws<RootFormatException>(() => RNTupleFile.Open(path, "Contributors"));
        Assert.Contains("footer envelope", e.Message);
        Assert.Contains("checksum mismatch", e.Message);
    }

    [Fact]
    public void FlippedByteInTheAnchorIsAChecksumError()
    {
        using var f = RootFile.Open(TestData.RootFile(RNTupleExpected.IntFloat));
        var key = f.FindKey("ntuple")!;
        var path = WriteCopy(RNTupleExpected.IntFloat, b => b[key.PayloadOffset + 30] ^= 0x04, "anchor");
        var e = Assert.Throws<RootFormatException>(() => RNTupleFile.Open(path, "ntuple"));
        Assert.Contains("anchor checksum mismatch", e.Message);
    }

    [Fact]
    public void FlippedByteInAPageIsAChecksumError()
    {
        using var nt = RNTupleFile.Open(TestData.RootFile(RNTupleExpected.IntFloat), "ntuple");
        var page = nt.Descriptor.Clusters[0].Columns[0]!.Pages[0];
        Assert.True(page.HasChecksum);
        var path = WriteCopy(RNTupleExpected.IntFloat, b => b[page.Locator.Offset + page.Locator.Size / 2] ^= 0x80, "page");
        var e = Assert.Throws<RootFormatException>(() => ReadEverything(path, "ntuple"));
        Assert.Contains("page checksum mismatch", e.Message);
        Assert.Contains("one_integers", e.Message);
        Assert.Equal(page.Locator.Offset, e.Offset);
    }

    [Fact]
    public void FilesCutShortInsideTheRNTupleAreFormatErrors()
    {
        foreach (var file in RNTupleExpected.Files)
        {
            string name = RNTupleExpected.NameOf(file);
            long[] cuts;
            using (var nt = RNTupleFile.Open(TestData.RootFile(file), name))
                cuts = [nt.Anchor.SeekFooter + 1, nt.Anchor.SeekHeader + nt.Anchor.NbytesHeader / 2,
                        nt.Descriptor.Clusters[0].Columns[0]!.Pages[0].Locator.Offset + 1];
            foreach (var cut in cuts)
            {
                var bytes = File.ReadAllBytes(TestData.RootFile(file))[..(int)cut];
                var path = Path.Combine(_dir, $"cut{cut}-{file}");
                File.WriteAllBytes(path, bytes);
                Assert.Throws<RootFormatException>(() => ReadEverything(path, name));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void RandomDamageToRNTupleBytesOnlyRaisesFormatErrors(string file)
    {
        string name = RNTupleExpected.NameOf(file);
        var ranges = new List<(long Offset, long Size)>();
        using (var nt = RNTupleFile.Open(TestData.RootFile(file), name))
        {
            var key = nt.File.FindKey(name)!;
            ranges.Add((key.PayloadOffset, key.StoredLength));
            ranges.Add((nt.Anchor.SeekHeader, nt.Anchor.NbytesHeader));
            ranges.Add((nt.Anchor.SeekFooter, nt.Anchor.NbytesFooter));
            foreach (var cl in nt.Descriptor.Clusters)
                foreach (var col in cl.Columns)
                    foreach (var p in col?.Pages ?? [])
                        ranges.Add((p.Locator.Offset, p.Locator.Size + (p.HasChecksum ? 8 : 0)));
        }
        var rng = new Random(1234 + file.Length);
        for (int trial = 0; trial < 60; trial++)
        {
            var (off, size) = ranges[rng.Next(ranges.Count)];
            long at = off + rng.NextInt64(size);
            byte value = (byte)rng.Next(256);
            var path = WriteCopy(file, b => b[at] = b[at] == value ? (byte)~value : value, $"t{trial}");
            try
            {
                ReadEverything(path, name);
            }
            catch (RootFormatException)
            {
            }
        }
    }

    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void DamagedMetadataWithValidChecksumsOnlyRaisesFormatErrors(string file)
    {
        // Rewriting the checksum after the damage reaches the frame parser instead of stopping at the checksum.
        string name = RNTupleExpected.NameOf(file);
        using var nt = RNTupleFile.Open(TestData.RootFile(file), name);
        var where = new RootLocation("test", "envelope", 0);
        var a = nt.Anchor;
        var header = RNTupleEnvelope.Read(nt.File, new RNTupleLocator(a.SeekHeader, a.NbytesHeader), a.LenHeader, RNTupleEnvelopeType.Header, where);
        var footer = RNTupleEnvelope.Read(nt.File, new RNTupleLocator(a.SeekFooter, a.NbytesFooter), a.LenFooter, RNTupleEnvelopeType.Footer, where);
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(header.Length - 8));
        var group = new RNTupleDescriptor().ParseFooter(footer, headerChecksum, where)[0];
        var pageList = RNTupleEnvelope.Read(nt.File, group.PageList, group.PageListLength, RNTupleEnvelopeType.PageList, where);

        var rng = new Random(99 + file.Length);
        int parsed = 0;
        for (int trial = 0; trial < 1000; trial++)
        {
            var h = (byte[])header.Clone();
            var f = (byte[])footer.Clone();
            var p = (byte[])pageList.Clone();
            var target = (trial % 3) switch { 0 => h, 1 => f, _ => p };
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++)
            {
                int at = 8 + rng.Next(target.Length - 16);
                // Mostly inflate bytes (sizes, counts, ids) to extreme values, sometimes flip single bits.
                target[at] = rng.Next(3) switch { 0 => 0xFF, 1 => 0x80, _ => (byte)(target[at] ^ (1 << rng.Next(8))) };
            }
            try
            {
                var d = new RNTupleDescriptor();
                d.ParseHeader(h, where);
                var groups = d.ParseFooter(f, headerChecksum, where);
                d.CheckSchema(where);
                if (groups.Count > 0) d.ParsePageList(p, headerChecksum, groups[0], nt.File.Length, where);
                d.FinishClusters(where);
                RNTupleColumnPlan.Build(d);
                parsed++;
            }
            catch (RootFormatException)
            {
            }
        }
        Assert.InRange(parsed, 0, 1000);
    }

    [Fact]
    public void DamagedOffsetPagesWithValidChecksumsOnlyRaiseFormatErrors()
    {
        // Offsets from a damaged page must never size an allocation: every bad offset is caught against the column below.
        const string file = RNTupleExpected.Uncompressed;
        var pages = new List<RNTuplePage>();
        using (var nt = RNTupleFile.Open(TestData.RootFile(file), "Contributors"))
            foreach (var col in nt.Descriptor.Columns.Where(c => c.Type == RNTupleColumnType.Index64))
                pages.AddRange(nt.Descriptor.Clusters[0].Columns[col.Id]!.Pages);
        var rng = new Random(321);
        int failures = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var page = pages[trial % pages.Count];
            var path = WriteCopy(file, b =>
            {
                var span = b.AsSpan((int)page.Locator.Offset, (int)page.Locator.Size);
                int at = rng.Next(span.Length / 8) * 8;
                long value = rng.Next(4) switch { 0 => long.MaxValue, 1 => -1, 2 => int.MaxValue, _ => rng.Next(1000) };
                BinaryPrimitives.WriteInt64LittleEndian(span[at..], value);
                if (page.HasChecksum) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan((int)(page.Locator.Offset + page.Locator.Size)), RNTupleHash.Xxh3(span));
            }, $"o{trial}");
            try
            {
                ReadEverything(path, "Contributors");
            }
            catch (RootFormatException)
            {
                failures++;
            }
        }
        Assert.InRange(failures, 100, 200);
    }
}
