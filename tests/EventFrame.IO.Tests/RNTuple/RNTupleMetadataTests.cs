using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>Anchor, header, footer and page lists of every RNTuple test file against the expected JSON; column values read page by page.</summary>
public class RNTupleMetadataTests
{
    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void AnchorAndSchemaMatchExpected(string file)
    {
        var expected = TestData.Expected(file);
        using var nt = RNTupleFile.Open(TestData.RootFile(file), RNTupleExpected.NameOf(file));
        var a = expected.GetProperty("anchor");
        Assert.Equal(a.GetProperty("epoch").GetInt32(), nt.Anchor.Epoch);
        Assert.Equal(a.GetProperty("major").GetInt32(), nt.Anchor.Major);
        Assert.Equal(a.GetProperty("seekHeader").GetInt64(), nt.Anchor.SeekHeader);
        Assert.Equal(a.GetProperty("nbytesHeader").GetInt64(), nt.Anchor.NbytesHeader);
        Assert.Equal(a.GetProperty("lenHeader").GetInt64(), nt.Anchor.LenHeader);
        Assert.Equal(a.GetProperty("seekFooter").GetInt64(), nt.Anchor.SeekFooter);
        Assert.Equal(a.GetProperty("nbytesFooter").GetInt64(), nt.Anchor.NbytesFooter);
        Assert.Equal(a.GetProperty("lenFooter").GetInt64(), nt.Anchor.LenFooter);
        Assert.Equal(a.GetProperty("maxKeySize").GetInt64(), nt.Anchor.MaxKeySize);

        var d = nt.Descriptor;
        Assert.Equal(expected.GetProperty("name").GetString(), d.Name);
        Assert.Equal(expected.GetProperty("writer").GetString(), d.Writer);
        Assert.Equal(expected.GetProperty("entries").GetInt64(), d.EntryCount);
        Assert.Equal(expected.GetProperty("cluster_groups").GetInt32(), d.ClusterGroupCount);
        var clusters = expected.GetProperty("clusters").EnumerateArray().Select(c => (c[0].GetInt64(), c[1].GetInt64())).ToArray();
        Assert.Equal(clusters, d.Clusters.Select(c => (c.FirstEntry, c.EntryCount)).ToArray());

        var fields = expected.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(fields.Length, d.Fields.Count);
        foreach (var f in fields)
        {
            var actual = d.Fields[f.GetProperty("id").GetInt32()];
            Assert.Equal(f.GetProperty("name").GetString(), actual.Name);
            Assert.Equal(f.GetProperty("type").GetString(), actual.TypeName);
            Assert.Equal(f.GetProperty("parent").GetInt32(), actual.ParentId);
            Assert.Equal(f.GetProperty("role").GetInt32(), (int)actual.Role);
            Assert.Equal(f.GetProperty("flags").GetInt32(), (int)actual.Flags);
        }

        var columns = expected.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(columns.Length, d.Columns.Count);
        foreach (var c in columns)
        {
            var actual = d.Columns[c.GetProperty("id").GetInt32()];
            Assert.Equal(Convert.ToInt32(c.GetProperty("type").GetString(), 16), (int)actual.Type);
            Assert.Equal(c.GetProperty("bits").GetInt32(), actual.Bits);
            Assert.Equal(c.GetProperty("field_id").GetInt32(), actual.FieldId);
            var perCluster = d.Clusters.Select(cl => cl.Columns[actual.Id]!).ToArray();
            Assert.Equal(c.GetProperty("n").GetInt64(), perCluster.Sum(p => p.ElementCount));
            Assert.Equal(c.GetProperty("pages").GetInt32(), perCluster.Sum(p => p.Pages.Length));
            Assert.Equal(c.GetProperty("compression").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                perCluster.Select(p => p.CompressionSettings).Distinct().ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void EveryPhysicalColumnDecodesToExpectedValues(string file)
    {
        var expected = TestData.Expected(file);
        using var nt = RNTupleFile.Open(TestData.RootFile(file), RNTupleExpected.NameOf(file));
        using var reader = new RNTupleColumnReader(nt);
        foreach (var c in expected.GetProperty("columns").EnumerateArray())
        {
            var column = nt.Descriptor.Columns[c.GetProperty("id").GetInt32()];
            var slot = new RNTupleSlot([column]);
            var values = new List<double>();
            foreach (var cl in nt.Descriptor.Clusters)
            {
                var n = (int)cl.Columns[column.Id]!.ElementCount;
                var buf = new double[n];
                // Odd-sized pieces cross page boundaries and exercise the page cache.
                for (int at = 0; at < n; at += 37) reader.Read<double>(cl, slot, at, buf.AsSpan(at, Math.Min(37, n - at)));
                values.AddRange(buf);
            }
            RNTupleExpected.AssertColumnValues(c, values, $"{file} column {column.Id}");
        }
    }

    [Fact]
    public void MissingOrWrongKeyIsAFormatError()
    {
        var e = Assert.Throws<RootFormatException>(() => RNTupleFile.Open(TestData.RootFile(RNTupleExpected.IntFloat), "nope"));
        Assert.Contains("nope", e.Message);
        Assert.Throws<RootFormatException>(() => RNTupleFile.Open(TestData.RootFile("uproot-HZZ.root"), "events"));
    }

    [Theory]
    [MemberData(nameof(RNTupleExpected.FileData), MemberType = typeof(RNTupleExpected))]
    public void InfoSummarizesTheRNTuple(string file)
    {
        var expected = TestData.Expected(file);
        using var f = EventFrame.IO.Root.RootFile.Open(TestData.RootFile(file));
        var info = RNTupleInfo.Read(f, RNTupleExpected.NameOf(file));
        Assert.Equal("1.0.0.0", info.FormatVersion);
        Assert.Equal(expected.GetProperty("entries").GetInt64(), info.Entries);
        Assert.Equal(expected.GetProperty("fields").GetArrayLength(), info.Fields.Count);
        var columns = expected.GetProperty("columns").EnumerateArray().ToArray();
        Assert.Equal(columns.Sum(c => c.GetProperty("pages").GetInt32()), info.PageCount);
        Assert.Equal(columns.Sum(c => (c.GetProperty("n").GetInt64() * c.GetProperty("bits").GetInt32() + 7) / 8), info.UnpackedBytes);
        bool compressed = columns.Any(c => c.GetProperty("compression")[0].GetInt32() != 0);
        // ROOT stores a page raw when compressing it does not make it smaller.
        Assert.True(compressed ? info.StoredBytes <= info.UnpackedBytes : info.StoredBytes == info.UnpackedBytes);
        Assert.Equal(expected.GetProperty("fields")[0].GetProperty("name").GetString(), info.Fields[0].Name);
        // The file stays usable: the summary does not close it.
        Assert.NotNull(f.FindKey(RNTupleExpected.NameOf(file)));
    }
}
