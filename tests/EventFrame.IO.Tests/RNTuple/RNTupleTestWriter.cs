using System.Buffers.Binary;
using System.Text;
using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>
/// Builds small RNTuples byte by byte from the specification (uncompressed, for tests of layouts the sample files
/// lack): it appends the pages and envelopes to a copy of a real RNTuple file and rewrites that file's anchor to
/// point at them, so the ROOT file structure around the anchor stays valid.
/// </summary>
internal sealed class RNTupleTestWriter
{
    internal sealed record Field(string Name, string Type, int Parent, int Role, int Flags = 0, int Source = -1, long ArraySize = 0);

    internal sealed record Column(int Type, int Bits, int Field, int Representation = 0, long FirstElement = 0);

    /// <summary>Elements of one column in one cluster, already in their final in-memory form (little-endian, unsplit).</summary>
    internal sealed record ColumnData(byte[] Elements, int Count);

    private sealed class Buf
    {
        public readonly List<byte> B = [];
        public void U16(int v) { Span<byte> s = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v); B.AddRange(s); }
        public void U32(long v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v); B.AddRange(s); }
        public void I32(int v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(s, v); B.AddRange(s); }
        public void U64(ulong v) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(s, v); B.AddRange(s); }
        public void I64(long v) => U64((ulong)v);
        public void Str(string s) { var b = Encoding.UTF8.GetBytes(s); U32(b.Length); B.AddRange(b); }

        public void Record(Action body)
        {
            int start = B.Count;
            I64(0);
            body();
            Patch(start, B.Count - start);
        }

        public void List(int count, Action body)
        {
            int start = B.Count;
            I64(0);
            U32(count);
            body();
            Patch(start, -(B.Count - start));
        }

        private void Patch(int at, long size)
        {
            var s = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(s, size);
            for (int i = 0; i < 8; i++) B[at + i] = s[i];
        }

        public void Locator(long offset, long size, bool large)
        {
            if (!large) { I32((int)size); U64((ulong)offset); return; }
            I32(-(20 | 0x01 << 24));
            U64((ulong)size);
            U64((ulong)offset);
        }
    }

    public List<Field> HeaderFields { get; } = [];
    public List<Column> HeaderColumns { get; } = [];
    public List<(int Physical, int Field)> Aliases { get; } = [];
    public List<Field> ExtensionFields { get; } = [];
    public List<Column> ExtensionColumns { get; } = [];

    /// <summary>Clusters: entry count and per column its data, or null if the page list omits the column.</summary>
    public List<(long Entries, ColumnData?[] Columns)> Clusters { get; } = [];

    /// <summary>Cluster counts per cluster group.</summary>
    public List<int> Groups { get; } = [];

    /// <summary>Columns whose representation is suppressed, per cluster index.</summary>
    public HashSet<(int Cluster, int Column)> Suppressed { get; } = [];

    public int PageSize { get; set; } = 37;

    private static byte[] Envelope(int type, Buf payload)
    {
        int len = 8 + payload.B.Count + 8;
        var e = new byte[len];
        BinaryPrimitives.WriteUInt64LittleEndian(e, (uint)type | (ulong)(uint)len << 16);
        payload.B.CopyTo(e, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(len - 8), XxHash3(e.AsSpan(0, len - 8)));
        return e;
    }

    private static ulong XxHash3(ReadOnlySpan<byte> data) => RNTupleHash.Xxh3(data);

    private static void Fields(Buf b, List<Field> fields, int firstId)
    {
        b.List(fields.Count, () =>
        {
            for (int i = 0; i < fields.Count; i++)
            {
                var f = fields[i];
                b.Record(() =>
                {
                    b.U32(0); b.U32(0); b.U32(f.Parent < 0 ? firstId + i : f.Parent); b.U16(f.Role); b.U16(f.Flags);
                    b.Str(f.Name); b.Str(f.Type); b.Str(""); b.Str("");
                    if ((f.Flags & 1) != 0) b.U64((ulong)f.ArraySize);
                    if ((f.Flags & 2) != 0) b.U32(f.Source);
                });
            }
        });
    }

    private static void Columns(Buf b, List<Column> columns)
    {
        b.List(columns.Count, () =>
        {
            foreach (var c in columns)
                b.Record(() =>
                {
                    b.U16(c.Type); b.U16(c.Bits); b.U32(c.Field); b.U16(c.FirstElement != 0 ? 1 : 0); b.U16(c.Representation);
                    if (c.FirstElement != 0) b.I64(c.FirstElement);
                });
        });
    }

    /// <summary>Encodes one page of a column as the writer would: split, zigzag, delta or bit packing by column type.</summary>
    internal static byte[] EncodePage(int type, int bits, ReadOnlySpan<byte> elements, int n)
    {
        var t = (RNTupleColumnType)type;
        if (t == RNTupleColumnType.Bit)
        {
            var packed = new byte[(n + 7) / 8];
            for (int i = 0; i < n; i++) if (elements[i] != 0) packed[i >> 3] |= (byte)(1 << (i & 7));
            return packed;
        }
        int w = bits / 8;
        var e = elements[..(n * w)].ToArray();
        if (RNTupleColumnTypes.IsDelta(t))
        {
            for (int i = n - 1; i > 0; i--)
            {
                if (w == 8) BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(i * 8), BinaryPrimitives.ReadUInt64LittleEndian(e.AsSpan(i * 8)) - BinaryPrimitives.ReadUInt64LittleEndian(e.AsSpan((i - 1) * 8)));
                else BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(i * 4), BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan(i * 4)) - BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan((i - 1) * 4)));
            }
        }
        if (RNTupleColumnTypes.IsZigzag(t))
        {
            for (int i = 0; i < n; i++)
            {
                if (w == 8) { long v = BinaryPrimitives.ReadInt64LittleEndian(e.AsSpan(i * 8)); BinaryPrimitives.WriteInt64LittleEndian(e.AsSpan(i * 8), (v << 1) ^ (v >> 63)); }
                else if (w == 4) { int v = BinaryPrimitives.ReadInt32LittleEndian(e.AsSpan(i * 4)); BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(i * 4), (v << 1) ^ (v >> 31)); }
                else { short v = BinaryPrimitives.ReadInt16LittleEndian(e.AsSpan(i * 2)); BinaryPrimitives.WriteInt16LittleEndian(e.AsSpan(i * 2), (short)((v << 1) ^ (v >> 15))); }
            }
        }
        if (!RNTupleColumnTypes.IsSplit(t)) return e;
        var planes = new byte[e.Length];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < w; k++) planes[k * n + i] = e[i * w + k];
        return planes;
    }

    /// <summary>Writes the RNTuple into a copy of <paramref name="baseFile"/> (whose RNTuple key is <paramref name="keyName"/>) at <paramref name="path"/>.</summary>
    public void Write(string baseFile, string keyName, string path, string name = "synthetic")
    {
        var file = new List<byte>(File.ReadAllBytes(baseFile));
        long anchorAt;
        using (var f = RootFile.Open(baseFile)) anchorAt = f.FindKey(keyName)!.PayloadOffset;
        var allColumns = HeaderColumns.Concat(ExtensionColumns).ToList();

        var h = new Buf();
        h.U64(0); h.Str(name); h.Str("test"); h.Str("EventFrame test writer");
        Fields(h, HeaderFields, 0);
        Columns(h, HeaderColumns);
        h.List(Aliases.Count, () => { foreach (var (p, fld) in Aliases) h.Record(() => { h.U32(p); h.U32(fld); }); });
        h.List(0, () => { });
        var header = Envelope(1, h);
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(header.Length - 8));
        long headerAt = file.Count;
        file.AddRange(header);

        var elementOffsets = allColumns.Select(c => c.FirstElement).ToArray();
        var groupLinks = new List<(long Min, long Span, int N, long Len, long At, long Size)>();
        long entry = 0;
        int cluster = 0;
        foreach (int nClusters in Groups)
        {
            long groupMin = entry;
            var pageLocations = new List<List<(int N, bool Checksum, long At, long Size, bool Large)>?>[nClusters];
            var summaries = new List<(long, long)>();
            for (int c = 0; c < nClusters; c++, cluster++)
            {
                var (entries, data) = Clusters[cluster];
                summaries.Add((entry, entries));
                entry += entries;
                pageLocations[c] = [];
                for (int col = 0; col < allColumns.Count; col++)
                {
                    var d = col < data.Length ? data[col] : null;
                    if (d is null || Suppressed.Contains((cluster, col))) { pageLocations[c].Add(d is null ? null : []); continue; }
                    var pages = new List<(int, bool, long, long, bool)>();
                    int w = Math.Max(1, allColumns[col].Bits / 8);
                    for (int at = 0; at < d.Count; at += PageSize)
                    {
                        int n = Math.Min(PageSize, d.Count - at);
                        var stored = EncodePage(allColumns[col].Type, allColumns[col].Bits, d.Elements.AsSpan(at * w), n);
                        bool checksum = (at / PageSize) % 2 == 1;
                        long pos = file.Count;
                        file.AddRange(stored);
                        if (checksum) { var cs = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(cs, XxHash3(stored)); file.AddRange(cs); }
                        pages.Add((n, checksum, pos, stored.Length, col % 2 == 1));
                    }
                    pageLocations[c].Add(pages);
                }
            }
            var pl = new Buf();
            pl.U64(headerChecksum);
            pl.List(summaries.Count, () => { foreach (var (first, n) in summaries) pl.Record(() => { pl.U64((ulong)first); pl.U64((ulong)n); }); });
            int clusterBase = cluster - nClusters;
            pl.List(nClusters, () =>
            {
                for (int c = 0; c < nClusters; c++)
                {
                    var cols = pageLocations[c];
                    int listed = cols.Count;
                    while (listed > 0 && cols[listed - 1] is null) listed--;
                    pl.List(listed, () =>
                    {
                        for (int col = 0; col < listed; col++)
                        {
                            var pages = cols[col] ?? [];
                            bool suppressed = Suppressed.Contains((clusterBase + c, col));
                            pl.List(pages.Count, () =>
                            {
                                foreach (var (n, checksum, at, size, large) in pages) { pl.I32(checksum ? -n : n); pl.Locator(at, size, large); }
                                var d = Clusters[clusterBase + c].Columns[col];
                                pl.I64(suppressed ? long.MinValue : elementOffsets[col]);
                                if (!suppressed) pl.U32(0);
                                elementOffsets[col] += d?.Count ?? 0;
                            });
                        }
                    });
                }
            });
            var pageList = Envelope(3, pl);
            long plAt = file.Count;
            file.AddRange(pageList);
            groupLinks.Add((groupMin, entry - groupMin, nClusters, pageList.Length, plAt, pageList.Length));
        }

        var ft = new Buf();
        ft.U64(0);
        ft.U64(headerChecksum);
        ft.Record(() =>
        {
            Fields(ft, ExtensionFields, HeaderFields.Count);
            Columns(ft, ExtensionColumns);
            ft.List(0, () => { });
            ft.List(0, () => { });
        });
        ft.List(groupLinks.Count, () =>
        {
            foreach (var g in groupLinks)
                ft.Record(() => { ft.U64((ulong)g.Min); ft.U64((ulong)g.Span); ft.U32(g.N); ft.U64((ulong)g.Len); ft.Locator(g.At, g.Size, false); });
        });
        var footer = Envelope(2, ft);
        long footerAt = file.Count;
        file.AddRange(footer);

        var bytes = file.ToArray();
        var anchor = bytes.AsSpan((int)anchorAt + 6, 64);
        BinaryPrimitives.WriteUInt16BigEndian(anchor, 1);
        BinaryPrimitives.WriteUInt16BigEndian(anchor[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(anchor[4..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(anchor[6..], 0);
        long[] links = [headerAt, header.Length, header.Length, footerAt, footer.Length, footer.Length, 1 << 30];
        for (int i = 0; i < 7; i++) BinaryPrimitives.WriteInt64BigEndian(anchor[(8 + 8 * i)..], links[i]);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan((int)anchorAt + 70), XxHash3(anchor));
        File.WriteAllBytes(path, bytes);
    }
}
