using System.Buffers.Binary;
namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// Everything an RNTuple's metadata says: the schema from the header (plus the footer's schema extension) and, from
/// the page lists of all cluster groups, the clusters with the location of every page.
/// <code>
///  header   : feature flags, name, description, writer, [fields], [columns], [alias columns], [extra type info]
///  footer   : feature flags, header checksum, {schema extension: the same four lists}, [cluster groups]
///  page list: header checksum, [cluster summaries], [clusters: [columns: [pages] element offset, compression]]
/// </code>
/// ([…] is a list frame, {…} a record frame; every item of a list of records is itself a record frame.)
/// </summary>
internal sealed class RNTupleDescriptor
{
    private const int MaxSchemaItems = 1 << 20;

    private readonly List<RNTupleField> _fields = [];
    private readonly List<RNTupleColumn> _columns = [];
    private readonly List<RNTupleAliasColumn> _aliases = [];
    private readonly List<RNTupleCluster> _clusters = [];

    /// <summary>The RNTuple's name as stored in the header.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The RNTuple's description.</summary>
    public string Description { get; private set; } = "";

    /// <summary>The library that wrote the data, e.g. <c>ROOT v6.35.001</c>.</summary>
    public string Writer { get; private set; } = "";

    /// <summary>All fields, indexed by id (header fields, then schema-extension fields).</summary>
    public IReadOnlyList<RNTupleField> Fields => _fields;

    /// <summary>All physical columns, indexed by id.</summary>
    public IReadOnlyList<RNTupleColumn> Columns => _columns;

    /// <summary>All alias columns, in serialization order.</summary>
    public IReadOnlyList<RNTupleAliasColumn> AliasColumns => _aliases;

    /// <summary>Number of cluster groups in the footer.</summary>
    public int ClusterGroupCount { get; private set; }

    /// <summary>All clusters, ordered by first entry; they cover <c>[0, EntryCount)</c> without gaps.</summary>
    public IReadOnlyList<RNTupleCluster> Clusters => _clusters;

    /// <summary>Total number of entries.</summary>
    public long EntryCount { get; private set; }

    /// <summary>
    /// Reads the header, the footer and every page list of the RNTuple anchored by <paramref name="anchor"/>, verifying
    /// every checksum.
    /// </summary>
    /// <exception cref="RootFormatException">Any envelope is malformed, inconsistent or fails its checksum.</exception>
    public static RNTupleDescriptor Read(RootFile source, RNTupleAnchor anchor, string ntupleName)
    {
        var d = new RNTupleDescriptor();
        var headerWhere = new RootLocation(source.Path, $"RNTuple '{ntupleName}' header envelope", anchor.SeekHeader);
        var header = RNTupleEnvelope.Read(source, new RNTupleLocator(anchor.SeekHeader, anchor.NbytesHeader), anchor.LenHeader,
            RNTupleEnvelopeType.Header, headerWhere);
        d.ParseHeader(header, headerWhere);
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(header.Length - 8));

        var footerWhere = new RootLocation(source.Path, $"RNTuple '{ntupleName}' footer envelope", anchor.SeekFooter);
        var footer = RNTupleEnvelope.Read(source, new RNTupleLocator(anchor.SeekFooter, anchor.NbytesFooter), anchor.LenFooter,
            RNTupleEnvelopeType.Footer, footerWhere);
        var groups = d.ParseFooter(footer, headerChecksum, footerWhere);
        d.CheckSchema(headerWhere);

        for (int g = 0; g < groups.Count; g++)
        {
            var plWhere = new RootLocation(source.Path, $"RNTuple '{ntupleName}' page list envelope of cluster group {g}", groups[g].PageList.Offset);
            var pageList = RNTupleEnvelope.Read(source, groups[g].PageList, groups[g].PageListLength, RNTupleEnvelopeType.PageList, plWhere);
            d.ParsePageList(pageList, headerChecksum, groups[g], source.Length, plWhere);
        }
        d.FinishClusters(footerWhere);
        return d;
    }

    /// <summary>Parses a verified, uncompressed header envelope (including its type word and checksum).</summary>
    internal void ParseHeader(ReadOnlySpan<byte> envelope, in RootLocation where)
    {
        var c = new RNTupleCursor(envelope[..^8], where) { Position = 8 };
        c.FeatureFlags();
        Name = c.String("ntuple name");
        Description = c.String("ntuple description");
        Writer = c.String("writer identifier");
        ParseSchemaLists(ref c, c.Remaining + c.Position);
    }

    /// <summary>Parses a verified footer envelope; returns its cluster groups.</summary>
    internal List<RNTupleClusterGroup> ParseFooter(ReadOnlySpan<byte> envelope, ulong headerChecksum, in RootLocation where)
    {
        var c = new RNTupleCursor(envelope[..^8], where) { Position = 8 };
        c.FeatureFlags();
        ulong hc = c.U64("header checksum");
        if (hc != headerChecksum)
            throw c.Error($"footer refers to a header with checksum 0x{hc:x16}, but the header's checksum is 0x{headerChecksum:x16}");
        int extEnd = c.RecordFrame("schema extension");
        ParseSchemaLists(ref c, extEnd);
        c.LeaveFrame(extEnd, "schema extension");

        var (n, end) = c.ListFrame("cluster groups");
        var groups = new List<RNTupleClusterGroup>(n);
        for (int i = 0; i < n; i++)
        {
            int itemEnd = c.RecordFrame($"cluster group {i}");
            ulong minEntry = c.U64("cluster group min entry");
            ulong span = c.U64("cluster group entry span");
            uint nClusters = c.U32("cluster group cluster count");
            ulong len = c.U64("page list length");
            var loc = c.Locator("page list");
            if (minEntry > long.MaxValue || span > long.MaxValue || nClusters > int.MaxValue || len > long.MaxValue)
                throw c.Error($"cluster group {i} has out-of-range values (min entry {minEntry}, span {span}, clusters {nClusters}, page list length {len})");
            c.LeaveFrame(itemEnd, $"cluster group {i}");
            groups.Add(new RNTupleClusterGroup((long)minEntry, (long)span, (int)nClusters, (long)len, loc));
        }
        c.LeaveFrame(end, "cluster groups");
        ClusterGroupCount = n;
        return groups;
    }

    // The four schema lists are optional at the end of the (extension) record, hence the checks against `end`.
    private void ParseSchemaLists(ref RNTupleCursor c, int end)
    {
        if (c.Position >= end) return;
        var (nf, fEnd) = c.ListFrame("field list");
        for (int i = 0; i < nf; i++) _fields.Add(ParseField(ref c, _fields.Count));
        c.LeaveFrame(fEnd, "field list");
        CheckCount(ref c, _fields.Count, "fields");
        if (c.Position >= end) return;

        var (nc, cEnd) = c.ListFrame("column list");
        for (int i = 0; i < nc; i++) _columns.Add(ParseColumn(ref c, _columns.Count));
        c.LeaveFrame(cEnd, "column list");
        CheckCount(ref c, _columns.Count, "columns");
        if (c.Position >= end) return;

        var (na, aEnd) = c.ListFrame("alias column list");
        for (int i = 0; i < na; i++)
        {
            int itemEnd = c.RecordFrame($"alias column {i}");
            uint phys = c.U32("alias physical column id");
            uint field = c.U32("alias field id");
            if (phys > int.MaxValue || field > int.MaxValue) throw c.Error($"alias column {i} has out-of-range ids ({phys}, {field})");
            c.LeaveFrame(itemEnd, $"alias column {i}");
            _aliases.Add(new RNTupleAliasColumn((int)phys, (int)field));
        }
        c.LeaveFrame(aEnd, "alias column list");
        if (c.Position >= end) return;

        // Extra type information (streamer infos of streamer fields) is not needed to read numeric data.
        var (_, xEnd) = c.ListFrame("extra type information list");
        c.LeaveFrame(xEnd, "extra type information list");
    }

    private static void CheckCount(ref RNTupleCursor c, int count, string what)
    {
        if (count > MaxSchemaItems) throw c.Error($"schema has {count} {what}, more than the supported {MaxSchemaItems}");
    }

    private static RNTupleField ParseField(ref RNTupleCursor c, int id)
    {
        int end = c.RecordFrame($"field {id}");
        c.U32("field version");
        c.U32("type version");
        uint parent = c.U32("parent field id");
        var role = (RNTupleFieldRole)c.U16("structural role");
        var flags = (RNTupleFieldFlags)c.U16("field flags");
        string name = c.String("field name");
        string type = c.String("field type name");
        string alias = c.String("field type alias");
        string desc = c.String("field description");
        long arraySize = 0;
        int source = -1;
        if ((flags & RNTupleFieldFlags.Repetitive) != 0)
        {
            ulong n = c.U64("array size");
            if (n > int.MaxValue) throw c.Error($"field '{name}' has array size {n}");
            arraySize = (long)n;
        }
        if ((flags & RNTupleFieldFlags.Projected) != 0)
        {
            uint s = c.U32("source field id");
            if (s > int.MaxValue) throw c.Error($"field '{name}' has source field id {s}");
            source = (int)s;
        }
        if ((flags & RNTupleFieldFlags.TypeChecksum) != 0) c.U32("type checksum");
        if (parent > int.MaxValue) throw c.Error($"field '{name}' has parent id {parent}");
        c.LeaveFrame(end, $"field {id}");
        return new RNTupleField(id, (int)parent, role, flags, name, type, alias, desc, arraySize, source);
    }

    private static RNTupleColumn ParseColumn(ref RNTupleCursor c, int id)
    {
        int end = c.RecordFrame($"column {id}");
        var type = (RNTupleColumnType)c.U16("column type");
        int bits = c.U16("bits on storage");
        uint field = c.U32("column field id");
        ushort flags = c.U16("column flags");
        int repr = c.U16("representation index");
        long first = 0;
        (double, double)? range = null;
        if ((flags & 0x01) != 0) first = c.I64("first element index");
        if ((flags & 0x02) != 0) range = (c.F64("column min value"), c.F64("column max value"));
        if (field > int.MaxValue) throw c.Error($"column {id} has field id {field}");
        if (!RNTupleColumnTypes.IsVariableWidth(type) && RNTupleColumnTypes.TryDescribe(type, bits, out int diskBits, out _, out _) && diskBits != bits)
            throw c.Error($"column {id} of type {RNTupleColumnTypes.Describe(type)} claims {bits} bits on storage instead of {diskBits}");
        c.LeaveFrame(end, $"column {id}");
        return new RNTupleColumn(id, type, bits, (int)field, repr, first, range);
    }

    /// <summary>Checks that every id in the schema refers to something that exists.</summary>
    internal void CheckSchema(in RootLocation where)
    {
        foreach (var f in _fields)
        {
            if (f.ParentId >= _fields.Count)
                throw new RootFormatException(where, $"field {f.Id} '{f.Name}' has parent {f.ParentId}, but there are only {_fields.Count} fields");
            if (f.SourceFieldId >= _fields.Count)
                throw new RootFormatException(where, $"projected field {f.Id} '{f.Name}' has source {f.SourceFieldId}, but there are only {_fields.Count} fields");
        }
        foreach (var col in _columns)
            if (col.FieldId >= _fields.Count)
                throw new RootFormatException(where, $"column {col.Id} belongs to field {col.FieldId}, but there are only {_fields.Count} fields");
        foreach (var a in _aliases)
            if (a.FieldId >= _fields.Count || a.PhysicalColumnId >= _columns.Count)
                throw new RootFormatException(where, $"alias column ({a.PhysicalColumnId} → field {a.FieldId}) refers to a missing column or field");
    }

    /// <summary>Parses a verified page list envelope of <paramref name="group"/>, appending its clusters.</summary>
    internal void ParsePageList(ReadOnlySpan<byte> envelope, ulong headerChecksum, RNTupleClusterGroup group, long fileSize, in RootLocation where)
    {
        var c = new RNTupleCursor(envelope[..^8], where) { Position = 8 };
        ulong hc = c.U64("header checksum");
        if (hc != headerChecksum)
            throw c.Error($"page list refers to a header with checksum 0x{hc:x16}, but the header's checksum is 0x{headerChecksum:x16}");

        var (nSummaries, sEnd) = c.ListFrame("cluster summaries");
        if (nSummaries != group.ClusterCount)
            throw c.Error($"page list has {nSummaries} cluster summaries, but its cluster group says {group.ClusterCount}");
        var summaries = new (long First, long Count)[nSummaries];
        for (int i = 0; i < nSummaries; i++)
        {
            int itemEnd = c.RecordFrame($"cluster summary {i}");
            ulong first = c.U64("cluster first entry");
            ulong word = c.U64("cluster entry count and flags");
            ulong count = word & 0x00FF_FFFF_FFFF_FFFFUL;
            int flags = (int)(word >> 56);
            if ((flags & 0x01) != 0) throw c.Error($"cluster {i} is sharded (flag 0x01), which format 1.0 readers must reject");
            if (first > long.MaxValue / 2 || count > long.MaxValue / 2) throw c.Error($"cluster {i} has out-of-range entries ({first}, {count})");
            c.LeaveFrame(itemEnd, $"cluster summary {i}");
            summaries[i] = ((long)first, (long)count);
        }
        c.LeaveFrame(sEnd, "cluster summaries");

        var (nClusters, clEnd) = c.ListFrame("page locations");
        if (nClusters != nSummaries)
            throw c.Error($"page list has {nClusters} cluster page lists for {nSummaries} cluster summaries");
        for (int i = 0; i < nClusters; i++)
        {
            var (nCols, colsEnd) = c.ListFrame($"cluster {i} column list");
            if (nCols > _columns.Count)
                throw c.Error($"cluster {i} lists pages of {nCols} columns, but the schema has only {_columns.Count}");
            var columns = new RNTupleColumnPages?[_columns.Count];
            for (int col = 0; col < nCols; col++) columns[col] = ParseColumnPages(ref c, i, col, fileSize);
            c.LeaveFrame(colsEnd, $"cluster {i} column list");
            _clusters.Add(new RNTupleCluster(_clusters.Count, summaries[i].First, summaries[i].Count, columns));
        }
        c.LeaveFrame(clEnd, "page locations");
    }

    private RNTupleColumnPages ParseColumnPages(ref RNTupleCursor c, int cluster, int column, long fileSize)
    {
        string what = $"cluster {cluster} column {column} page list";
        var (nPages, end) = c.ListFrame(what);
        var pages = new RNTuplePage[nPages];
        var first = new long[nPages + 1];
        for (int p = 0; p < nPages; p++)
        {
            int n = c.I32("page element count");
            bool checksum = n < 0;
            if (n == int.MinValue) throw c.Error($"{what}: page {p} has an invalid element count");
            var loc = c.Locator($"page {p}");
            long stored = loc.Size + (checksum ? 8 : 0);
            if (loc.Offset < 0 || loc.Size < 0 || loc.Offset > fileSize - stored)
                throw c.Error($"{what}: page {p} [{loc.Offset}, +{stored}) lies outside the file of {fileSize} bytes");
            pages[p] = new RNTuplePage(Math.Abs(n), checksum, loc);
            first[p + 1] = first[p] + pages[p].ElementCount;
        }
        long elementOffset = c.I64("column element offset");
        bool suppressed = elementOffset < 0;
        int compression = 0;
        if (!suppressed) compression = (int)c.U32("column compression settings");
        else if (nPages != 0) throw c.Error($"{what}: a suppressed column has {nPages} pages");
        c.LeaveFrame(end, what);
        return new RNTupleColumnPages(suppressed ? 0 : elementOffset, suppressed, compression, pages, first);
    }

    /// <summary>Orders the clusters by first entry and checks that they tile <c>[0, EntryCount)</c>.</summary>
    internal void FinishClusters(in RootLocation where)
    {
        _clusters.Sort((a, b) => a.FirstEntry.CompareTo(b.FirstEntry));
        long next = 0;
        foreach (var cl in _clusters)
        {
            if (cl.FirstEntry != next)
                throw new RootFormatException(where, $"cluster {cl.Id} starts at entry {cl.FirstEntry}, expected {next} (clusters must cover the entries without gaps)");
            next += cl.EntryCount;
        }
        EntryCount = next;
    }
}
