namespace EventFrame.IO.Root.RNTuple;

/// <summary>One field of an RNTuple's schema, for listings.</summary>
/// <param name="Id">Field id (position in the header's field list, then the schema extension's).</param>
/// <param name="Name">Field name (<c>_0</c> for the item field of a collection).</param>
/// <param name="TypeName">Normalized C++ type, e.g. <c>std::vector&lt;float&gt;</c>.</param>
/// <param name="ParentId">Id of the parent field; equal to <paramref name="Id"/> for a top-level field.</param>
/// <param name="Role">Structural role: <c>leaf</c>, <c>collection</c>, <c>record</c>, <c>variant</c> or <c>streamer</c>.</param>
/// <param name="Projected">True for a projected (alias) field.</param>
/// <param name="ColumnTypes">Its columns' types as the specification names them (e.g. <c>SplitReal32</c>), aliases included.</param>
public sealed record RNTupleFieldInfo(int Id, string Name, string TypeName, int ParentId, string Role, bool Projected, IReadOnlyList<string> ColumnTypes);

/// <summary>
/// A summary of an RNTuple for listings (<c>eventframe ls</c>): name, writer, entries, clusters, fields, and the stored
/// and unpacked size of its pages. Reading it parses (and checksums) the anchor, header, footer and page lists, but
/// reads no page.
/// </summary>
public sealed class RNTupleInfo
{
    private RNTupleInfo(RNTupleFile f)
    {
        var d = f.Descriptor;
        Name = d.Name;
        Description = d.Description;
        Writer = d.Writer;
        FormatVersion = $"{f.Anchor.Epoch}.{f.Anchor.Major}.{f.Anchor.Minor}.{f.Anchor.Patch}";
        Entries = d.EntryCount;
        ClusterGroupCount = d.ClusterGroupCount;
        Clusters = [.. d.Clusters.Select(c => (c.FirstEntry, c.EntryCount))];
        var columnTypes = new List<string>[d.Fields.Count];
        for (int i = 0; i < columnTypes.Length; i++) columnTypes[i] = [];
        foreach (var c in d.Columns) columnTypes[c.FieldId].Add(c.Type.ToString());
        foreach (var a in d.AliasColumns) columnTypes[a.FieldId].Add(d.Columns[a.PhysicalColumnId].Type.ToString());
        Fields = [.. d.Fields.Select(x => new RNTupleFieldInfo(x.Id, x.Name, x.TypeName, x.ParentId, x.Role.ToString().ToLowerInvariant(),
            (x.Flags & RNTupleFieldFlags.Projected) != 0, columnTypes[x.Id]))];
        foreach (var cl in d.Clusters)
            foreach (var (col, pages) in d.Columns.Zip(cl.Columns))
            {
                if (pages is null) continue;
                RNTupleColumnTypes.TryDescribe(col.Type, col.Bits, out int bits, out _, out _);
                foreach (var p in pages.Pages)
                {
                    StoredBytes += p.Locator.Size;
                    UnpackedBytes += RNTuplePageDecoder.PackedSize(p.ElementCount, bits == 0 ? col.Bits : bits);
                    PageCount++;
                }
            }
    }

    /// <summary>Reads the summary of the RNTuple whose anchor key is <paramref name="name"/> in <paramref name="file"/>.</summary>
    /// <exception cref="RootFormatException">The key is missing, is not an RNTuple, or its metadata is malformed.</exception>
    public static RNTupleInfo Read(RootFile file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var f = RNTupleFile.Open(file, name, ownsFile: false);
        return new RNTupleInfo(f);
    }

    /// <summary>The name stored in the header.</summary>
    public string Name { get; }

    /// <summary>The description stored in the header.</summary>
    public string Description { get; }

    /// <summary>The writing library, e.g. <c>ROOT v6.35.001</c>.</summary>
    public string Writer { get; }

    /// <summary>The anchor's format version, <c>epoch.major.minor.patch</c>.</summary>
    public string FormatVersion { get; }

    /// <summary>Number of entries.</summary>
    public long Entries { get; }

    /// <summary>Number of cluster groups.</summary>
    public int ClusterGroupCount { get; }

    /// <summary>The clusters in entry order: first entry and entry count.</summary>
    public IReadOnlyList<(long FirstEntry, long Entries)> Clusters { get; }

    /// <summary>All fields (header, then schema extension), indexed by id.</summary>
    public IReadOnlyList<RNTupleFieldInfo> Fields { get; }

    /// <summary>Number of pages over all clusters and columns.</summary>
    public long PageCount { get; }

    /// <summary>Bytes the pages take in the file (compressed, without page checksums).</summary>
    public long StoredBytes { get; }

    /// <summary>Bytes the pages take once decompressed (packed elements, before split/zigzag/delta decoding).</summary>
    public long UnpackedBytes { get; }
}
