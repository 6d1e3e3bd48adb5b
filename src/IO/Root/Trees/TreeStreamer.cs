namespace EventFrame.IO.Root.Trees;

/// <summary>
/// Reads the objects of a TTree record without StreamerInfo: member lists are hard-coded per class version, as uproot
/// does (TTree v16-20, TBranch v10-13, TBranchElement v8-10, TLeaf v2 and its subclasses, TObjArray, embedded TBasket);
/// everything else is skipped by its byte count.
/// </summary>
internal sealed class TreeStreamer
{
    private readonly Dictionary<long, string> _classes = new();
    private readonly Dictionary<long, object> _objects = new();
    private int _depth;

    private sealed record Skipped(string ClassName);

    /// <summary>Reads a polymorphic pointer: byte count, class tag (new class name or reference), then the object.</summary>
    public object? ReadObjectAny(ref RootReader r)
    {
        int beg = r.Position;
        uint bcnt = r.U32();
        uint tag;
        int tagPos;
        bool hasCount;
        if ((bcnt & RootReader.ByteCountMask) == 0 || bcnt == RootReader.NewClassTag)
        {
            tag = bcnt;
            tagPos = beg;
            hasCount = false;
        }
        else
        {
            tagPos = r.Position;
            tag = r.U32();
            hasCount = true;
        }
        int end = -1;
        if (hasCount)
        {
            long len = bcnt & ~RootReader.ByteCountMask;
            if (len < 4 || len > r.Length - beg - 4) throw r.Error($"object byte count {len} runs past the end of the buffer");
            end = (int)(beg + 4 + len);
        }
        if ((tag & RootReader.ClassMask) == 0)
        {
            if (tag == 0) return null;
            if (_objects.TryGetValue(tag, out var known)) return known;
            if (end >= 0) r.Seek(end);
            return null;
        }
        string cls;
        if (tag == RootReader.NewClassTag)
        {
            cls = r.CString();
            _classes[tagPos + r.KeyLength + RootReader.MapOffset] = cls;
        }
        else
        {
            long refKey = tag & ~RootReader.ClassMask;
            if (!_classes.TryGetValue(refKey, out cls!))
                throw r.Error($"class reference {refKey} does not point to a class name read earlier");
        }
        if (++_depth > 100) throw r.Error("objects nested more than 100 deep");
        try
        {
            object obj = ReadClass(ref r, cls, end);
            if (hasCount) _objects[beg + r.KeyLength + RootReader.MapOffset] = obj;
            if (end >= 0) r.SkipTo(end, cls);
            return obj;
        }
        finally
        {
            _depth--;
        }
    }

    private object ReadClass(ref RootReader r, string cls, int end) => cls switch
    {
        "TObjArray" => ReadObjArray(ref r),
        "TBranch" => ReadBranch(ref r, "TBranch"),
        "TBranchElement" => ReadBranchElement(ref r),
        "TBasket" => RootBasket.ReadEmbedded(ref r, end),
        "TList" => ReadList(ref r),
        "TStreamerInfo" => ReadStreamerInfo(ref r),
        _ when cls.StartsWith("TStreamer", StringComparison.Ordinal) => ReadStreamerElement(ref r, cls),
        _ when cls.StartsWith("TLeaf", StringComparison.Ordinal) => ReadLeaf(ref r, cls),
        _ => Skip(ref r, cls),
    };

    private static Skipped Skip(ref RootReader r, string cls)
    {
        r.Version(out int end);
        if (end < 0) throw r.Error($"object of class {cls} has no byte count and cannot be skipped");
        r.Seek(end);
        return new Skipped(cls);
    }

    /// <summary>Reads a TObjArray (TObject, fName, n, lowerBound, n pointers).</summary>
    public List<object?> ReadObjArray(ref RootReader r)
    {
        r.Version(out int end);
        r.TObject();
        r.String();
        int n = r.I32();
        r.I32();
        if (n < 0 || n > r.Remaining / 4) throw r.Error($"TObjArray claims {n} elements in {r.Remaining} bytes");
        var list = new List<object?>(n);
        for (int i = 0; i < n; i++) list.Add(ReadObjectAny(ref r));
        r.SkipTo(end, "TObjArray");
        return list;
    }

    /// <summary>Reads a TList (TObject, fName, n, then n × (pointer, u8-length option string)).</summary>
    public List<object?> ReadList(ref RootReader r)
    {
        r.Version(out int end);
        r.TObject();
        r.String();
        int n = r.I32();
        if (n < 0 || n > r.Remaining / 5) throw r.Error($"TList claims {n} elements in {r.Remaining} bytes");
        var list = new List<object?>(n);
        for (int i = 0; i < n; i++)
        {
            list.Add(ReadObjectAny(ref r));
            r.Skip(r.U8());
        }
        r.SkipTo(end, "TList");
        return list;
    }

    private RootStreamerInfo ReadStreamerInfo(ref RootReader r)
    {
        r.Version(out int end);
        var (name, _) = r.TNamed();
        uint checkSum = r.U32();
        int classVersion = r.I32();
        var elements = ReadObjectAny(ref r) as List<object?> ?? [];
        r.SkipTo(end, "TStreamerInfo");
        return new RootStreamerInfo(name, classVersion, checkSum, elements.OfType<RootStreamerElement>().ToList());
    }

    /// <summary>Reads the TStreamerElement part of any TStreamer* element class and skips the subclass members.</summary>
    private static RootStreamerElement ReadStreamerElement(ref RootReader r, string cls)
    {
        r.Version(out int end);
        // TStreamerSTLstring derives from TStreamerSTL, one more versioned layer above TStreamerElement.
        if (cls == "TStreamerSTLstring") r.Version(out _);
        int v = r.Version(out int baseEnd);
        var (name, title) = r.TNamed();
        int type = r.I32();
        r.I32();
        int arrayLength = r.I32();
        r.I32();
        if (v == 1)
        {
            int n = r.I32();
            if (n < 0 || n > 64) throw r.Error($"TStreamerElement claims {n} array dimensions");
            r.Skip(4 * n);
        }
        else
            r.Skip(4 * 5);
        string typeName = r.String();
        r.SkipTo(baseEnd, "TStreamerElement");
        if (end >= 0) r.Seek(end);
        return new RootStreamerElement(cls, name, title, type, typeName, arrayLength);
    }

    private RootLeaf ReadLeaf(ref RootReader r, string cls)
    {
        r.Version(out int end);
        int v = r.Version(out int baseEnd);
        if (v < 2 && baseEnd < 0) throw r.Error($"TLeaf version {v} is not supported");
        var (name, title) = r.TNamed();
        int len = r.I32();
        int lenType = r.I32();
        r.I32();
        bool isRange = r.Bool();
        bool isUnsigned = r.Bool();
        var count = ReadObjectAny(ref r) as RootLeaf;
        r.SkipTo(baseEnd, "TLeaf");
        if (end >= 0) r.Seek(end);
        return new RootLeaf
        {
            ClassName = cls, Name = name, Title = title, Len = len, LenType = lenType,
            IsRange = isRange, IsUnsigned = isUnsigned, LeafCount = count,
        };
    }

    private RootBranch ReadBranchElement(ref RootReader r)
    {
        int v = r.Version(out int end);
        if (v < 8 || v > 10) throw r.Error($"TBranchElement version {v} is not supported (8-10)");
        var fields = ReadBranchBody(ref r, "TBranchElement");
        string className = r.String();
        r.String();
        r.String();
        r.U32();
        if (v >= 10) r.I16(); else r.I32();
        int id = r.I32();
        int type = r.I32();
        int streamerType = r.I32();
        r.I32();
        ReadObjectAny(ref r);
        ReadObjectAny(ref r);
        r.SkipTo(end, "TBranchElement");
        return Build(fields, className, streamerType, type, id);
    }

    private RootBranch ReadBranch(ref RootReader r, string cls)
    {
        return Build(ReadBranchBody(ref r, cls), "", 0, 0, -1);
    }

    private sealed record BranchFields(string Name, string Title, int Version, long Entries, int WriteBasket, int EntryOffsetLen, int SplitLevel,
        int[] BasketBytes, long[] BasketEntry, long[] BasketSeek, List<RootLeaf> Leaves, List<RootBranch> Branches, List<RootBasket> Embedded, string Class);

    private static RootBranch Build(BranchFields f, string elementClass, int streamerType, int type, int id)
    {
        var branch = new RootBranch
        {
            ClassName = f.Class, Name = f.Name, Title = f.Title, Version = f.Version, Entries = f.Entries,
            WriteBasket = f.WriteBasket, EntryOffsetLen = f.EntryOffsetLen, SplitLevel = f.SplitLevel,
            BasketBytes = f.BasketBytes, BasketEntry = f.BasketEntry, BasketSeek = f.BasketSeek,
            Leaves = f.Leaves, Branches = f.Branches, EmbeddedBaskets = f.Embedded,
            ElementClassName = elementClass, StreamerType = streamerType, ElementType = type, ElementId = id,
        };
        foreach (var l in f.Leaves) l.Branch = branch;
        foreach (var s in f.Branches) s.Parent = branch;
        return branch;
    }

    /// <summary>Reads the TBranch part (v10-13) and returns its fields.</summary>
    private BranchFields ReadBranchBody(ref RootReader r, string cls)
    {
        int v = r.Version(out int end);
        if (v < 10 || v > 13) throw r.Error($"TBranch version {v} is not supported (10-13)");
        var (name, title) = r.TNamed();
        r.SkipVersioned("TAttFill");
        r.I32();
        r.I32();
        int entryOffsetLen = r.I32();
        int writeBasket = r.I32();
        r.I64();
        if (v >= 13) r.SkipVersioned("TIOFeatures");
        r.I32();
        int maxBaskets = r.I32();
        int splitLevel = r.I32();
        long entries = r.I64();
        if (v >= 11) r.I64();
        r.I64();
        r.I64();
        var where = r.Where;
        var subs = ReadObjArray(ref r);
        var leaves = ReadObjArray(ref r);
        var baskets = ReadObjArray(ref r);
        if (maxBaskets < 0 || writeBasket < 0 || writeBasket > 0 && writeBasket >= maxBaskets)
            throw new RootFormatException(where.For(name), $"branch has fMaxBaskets {maxBaskets} and fWriteBasket {writeBasket}, inconsistent with its {r.Remaining} remaining bytes");
        var bytes = r.I32Array(maxBaskets);
        var entryArr = r.I64Array(maxBaskets);
        var seek = r.I64Array(maxBaskets);
        if (entries < 0) throw new RootFormatException(where.For(name), $"branch has negative fEntries {entries}");
        r.SkipTo(end, "TBranch");
        int nb = writeBasket;
        var basketEntry = entryArr.Length > 0 ? entryArr[..Math.Min(nb + 1, entryArr.Length)] : [0L];
        for (int i = 0; i < basketEntry.Length; i++)
            if (basketEntry[i] < (i == 0 ? 0 : basketEntry[i - 1]) || basketEntry[i] > entries)
                throw new RootFormatException(where.For(name), $"fBasketEntry[{i}] = {basketEntry[i]} is not increasing within [0, {entries}]");
        var embedded = new List<RootBasket>();
        long next = basketEntry[^1];
        foreach (var o in baskets)
        {
            if (o is not RootBasket eb) continue;
            eb.EntryStart = next;
            next += eb.EntryCount;
            embedded.Add(eb);
        }
        return new BranchFields(name, title, v, entries, writeBasket, entryOffsetLen, splitLevel, bytes[..nb], basketEntry, seek[..nb],
            leaves.OfType<RootLeaf>().ToList(), subs.OfType<RootBranch>().ToList(), embedded, cls);
    }

    /// <summary>Reads a TTree (v16-20) or TNtuple/TNtupleD wrapping one.</summary>
    public RootTree ReadTree(ref RootReader r, string cls, RootFile file, RootKey key)
    {
        if (cls is "TNtuple" or "TNtupleD")
        {
            r.Version(out int outer);
            var t = ReadTree(ref r, "TTree", file, key);
            r.SkipTo(outer, cls);
            return t;
        }
        int v = r.Version(out int end);
        if (v < 16 || v > 20) throw r.Error($"TTree version {v} is not supported (16-20)");
        var (name, title) = r.TNamed();
        r.SkipVersioned("TAttLine");
        r.SkipVersioned("TAttFill");
        r.SkipVersioned("TAttMarker");
        long entries = r.I64();
        r.I64();
        r.I64();
        r.I64();
        if (v >= 18) r.I64();
        r.F64();
        r.I32();
        r.I32();
        r.I32();
        if (v >= 17) r.I32();
        int nClusterRange = v >= 19 ? r.I32() : 0;
        r.I64();
        r.I64();
        r.I64();
        r.I64();
        long autoFlush = v >= 18 ? r.I64() : 0;
        r.I64();
        long[] rangeEnd = [], clusterSize = [];
        if (v >= 19)
        {
            if (nClusterRange < 0 || nClusterRange > r.Remaining / 16) throw r.Error($"TTree claims {nClusterRange} cluster ranges");
            rangeEnd = r.I64Array(nClusterRange);
            clusterSize = r.I64Array(nClusterRange);
        }
        if (v >= 20) r.SkipVersioned("TIOFeatures");
        if (entries < 0) throw r.Error($"TTree has negative fEntries {entries}");
        var branches = ReadObjArray(ref r).OfType<RootBranch>().ToList();
        r.SkipTo(end, "TTree");
        return new RootTree(file, key, name, title, entries, autoFlush, rangeEnd, clusterSize, branches);
    }
}
