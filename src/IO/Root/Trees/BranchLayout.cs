using EventFrame.Columns;

namespace EventFrame.IO.Root.Trees;

/// <summary>How a branch's entries are laid out in its baskets.</summary>
public enum BranchEncoding
{
    /// <summary>One fixed-size value per entry.</summary>
    Scalar,
    /// <summary><c>x[3]</c>: a fixed number of values per entry.</summary>
    FixedArray,
    /// <summary><c>x[n]</c>: a count given by a counter branch; values back to back.</summary>
    CountedArray,
    /// <summary><c>std::vector&lt;T&gt;</c>: per entry a 10-byte header (byte count, version, size) then the values.</summary>
    Vector,
    /// <summary><c>std::vector&lt;std::vector&lt;T&gt;&gt;</c> (T a number or a string): byte count and version, outer size, then per inner vector its size and values.</summary>
    VectorVector,
    /// <summary><c>char*</c>, <c>std::string</c>, <c>TString</c>: a u8 length (255: an i32 follows) and the bytes.</summary>
    String,
    /// <summary><c>std::vector&lt;std::string&gt;</c>: byte count and version, size, then that many strings.</summary>
    VectorString,
}

/// <summary>
/// What EventFrame reads from a branch: the column type and how to decode the basket bytes into it.
/// </summary>
/// <param name="Branch">The branch.</param>
/// <param name="Type">The column type (element + depth).</param>
/// <param name="Encoding">The byte layout.</param>
/// <param name="DiskSize">Bytes per stored value (e.g. 4 for Double32 stored as float); 0 for strings.</param>
/// <param name="Multiplicity">Values per entry for <see cref="BranchEncoding.Scalar"/>/<see cref="BranchEncoding.FixedArray"/>, per counted item for <see cref="BranchEncoding.CountedArray"/>.</param>
/// <param name="Counter">The counter branch of an <c>x[n]</c> leaf, or null.</param>
/// <param name="HeaderBytes">Bytes before each entry's values of a <see cref="BranchEncoding.CountedArray"/> (1 for the
/// "is array" flag of a <c>T* x; //[n]</c> member of a split object; 0 for plain <c>x[n]</c> leaves).</param>
public sealed record BranchLayout(RootBranch Branch, ColumnType Type, BranchEncoding Encoding, int DiskSize, int Multiplicity, RootBranch? Counter, int HeaderBytes = 0)
{
    /// <summary>Largest fixed array length (fLen) accepted; larger values come from corrupt leaves.</summary>
    public const int MaxFixedLength = 1 << 16;

    /// <summary>
    /// Works out the layout of <paramref name="branch"/>, or returns null with the reason it is not readable as a column
    /// (multiple leaves, split objects, std::map/set, Float16, packed Double32, ...).
    /// </summary>
    public static BranchLayout? TryCreate(RootBranch branch, out string? reason)
    {
        reason = null;
        if (branch.Leaves.Count != 1)
        {
            reason = branch.Leaves.Count == 0 ? "branch has no leaf (a group of sub-branches)" : $"branch has {branch.Leaves.Count} leaves (leaf lists are not supported)";
            return null;
        }
        if (branch.Branches.Count > 0)
        {
            reason = "split object with sub-branches";
            return null;
        }
        var leaf = branch.Leaves[0];
        if (leaf.ClassName == "TLeafElement")
            return FromElement(branch, out reason);
        ElementType? elem = leaf.ClassName switch
        {
            "TLeafO" => ElementType.Bool,
            "TLeafB" => leaf.IsUnsigned ? ElementType.UInt8 : ElementType.Int8,
            "TLeafS" => leaf.IsUnsigned ? ElementType.UInt16 : ElementType.Int16,
            "TLeafI" => leaf.IsUnsigned ? ElementType.UInt32 : ElementType.Int32,
            "TLeafL" or "TLeafG" => leaf.IsUnsigned ? ElementType.UInt64 : ElementType.Int64,
            "TLeafF" => ElementType.Float32,
            "TLeafD" or "TLeafD32" => ElementType.Float64,
            "TLeafC" => ElementType.String,
            _ => null,
        };
        if (elem is null)
        {
            reason = $"leaf class {leaf.ClassName} is not supported";
            return null;
        }
        if (elem == ElementType.String)
            return new BranchLayout(branch, new ColumnType(ElementType.String), BranchEncoding.String, 0, 1, null);
        int disk = elem.Value.Size();
        if (leaf.ClassName == "TLeafD32")
        {
            // Double32_t without a range is stored as a float; with [min,max,nbits] it is packed, which is not supported.
            int bracket = leaf.Title.IndexOf("[", leaf.Title.IndexOf(']') + 1, StringComparison.Ordinal);
            if (bracket >= 0 && leaf.Title.IndexOf(',', bracket) > 0)
            {
                reason = "Double32_t with a packing range is not supported";
                return null;
            }
            disk = 4;
        }
        if (leaf.LenType > 0 && leaf.LenType != disk)
        {
            reason = $"leaf {leaf.ClassName} has fLenType {leaf.LenType}, expected {disk}";
            return null;
        }
        if (leaf.Len < 0 || leaf.Len > MaxFixedLength)
        {
            reason = $"leaf has fLen {leaf.Len}, outside 0..{MaxFixedLength}";
            return null;
        }
        int len = Math.Max(1, leaf.Len);
        if (leaf.LeafCount is { } countLeaf)
        {
            var counter = countLeaf.Branch;
            if (counter is null)
            {
                reason = $"counter leaf {countLeaf.Name} belongs to no branch of the tree";
                return null;
            }
            return new BranchLayout(branch, new ColumnType(elem.Value, 1), BranchEncoding.CountedArray, disk, len, counter);
        }
        return len == 1
            ? new BranchLayout(branch, new ColumnType(elem.Value), BranchEncoding.Scalar, disk, 1, null)
            : new BranchLayout(branch, new ColumnType(elem.Value, 1), BranchEncoding.FixedArray, disk, len, null);
    }

    private static BranchLayout? FromElement(RootBranch branch, out string? reason)
    {
        reason = null;
        var cls = Normalize(branch.ElementClassName);
        if (branch.ElementType == 0 && branch.ElementId >= 0 && branch.StreamerType is > 0 and < 60 or 65)
            return FromMember(branch, out reason);
        if (branch.ElementType == 0 && branch.ElementId >= 0 && branch.StreamerType is 300 or 365 or 500)
        {
            // An STL member of a split object: fClassName names the parent class, so the member's own type comes from
            // the parent's StreamerInfo, whose elements fID indexes.
            var info = branch.Tree.File.GetStreamerInfo(branch.ElementClassName);
            if (info is null || branch.ElementId >= info.Elements.Count)
            {
                reason = $"STL member {branch.ElementId} of class {branch.ElementClassName} is not in the file's StreamerInfo";
                return null;
            }
            cls = Normalize(info.Elements[branch.ElementId].TypeName);
        }
        if (branch.ElementType != 0 || branch.StreamerType is not (-1 or 365 or 300 or 500))
        {
            if (cls is "string" or "TString")
                return new BranchLayout(branch, new ColumnType(ElementType.String), BranchEncoding.String, 0, 1, null);
            reason = $"TBranchElement with fType {branch.ElementType} and fStreamerType {branch.StreamerType} (members of split objects) is not supported";
            return null;
        }
        if (cls is "string" or "TString")
            return new BranchLayout(branch, new ColumnType(ElementType.String), BranchEncoding.String, 0, 1, null);
        if (Inner(cls, "vector") is { } inner)
        {
            if (inner is "string" or "TString")
                return new BranchLayout(branch, new ColumnType(ElementType.String, 1), BranchEncoding.VectorString, 0, 1, null);
            if (Scalar(inner) is { } e)
                return new BranchLayout(branch, new ColumnType(e, 1), BranchEncoding.Vector, e.Size(), 1, null);
            if (Inner(inner, "vector") is { } inner2)
            {
                if (inner2 is "string" or "TString")
                    return new BranchLayout(branch, new ColumnType(ElementType.String, 2), BranchEncoding.VectorVector, 0, 1, null);
                if (Scalar(inner2) is { } e2)
                    return new BranchLayout(branch, new ColumnType(e2, 2), BranchEncoding.VectorVector, e2.Size(), 1, null);
            }
        }
        reason = $"C++ type '{branch.ElementClassName}' is not supported (numbers, strings, vector and vector<vector> of them are)";
        return null;
    }

    /// <summary>
    /// A data member of a split object (fType 0, fID ≥ 0): the fStreamerType is the TStreamerInfo type code, base type
    /// + 20 for fixed arrays (kOffsetL) and + 40 for pointer arrays <c>T* x; //[n]</c> (kOffsetP, one flag byte per entry).
    /// </summary>
    private static BranchLayout? FromMember(RootBranch branch, out string? reason)
    {
        reason = null;
        int st = branch.StreamerType;
        var leaf = branch.Leaves[0];
        if (st == 65)
            return new BranchLayout(branch, new ColumnType(ElementType.String), BranchEncoding.String, 0, 1, null);
        int kind = st / 20, code = st % 20;
        (ElementType Type, int Disk)? basic = code switch
        {
            1 => (ElementType.Int8, 1),
            2 => (ElementType.Int16, 2),
            3 or 6 => (ElementType.Int32, 4),
            4 or 16 => (ElementType.Int64, 8),
            5 => (ElementType.Float32, 4),
            8 => (ElementType.Float64, 8),
            9 => (ElementType.Float64, 4),
            11 => (ElementType.UInt8, 1),
            12 => (ElementType.UInt16, 2),
            13 or 15 => (ElementType.UInt32, 4),
            14 or 17 => (ElementType.UInt64, 8),
            18 => (ElementType.Bool, 1),
            _ => null,
        };
        if (basic is not { } b)
        {
            reason = $"member with fStreamerType {st} is not supported";
            return null;
        }
        if (leaf.Len < 0 || leaf.Len > MaxFixedLength)
        {
            reason = $"leaf has fLen {leaf.Len}, outside 0..{MaxFixedLength}";
            return null;
        }
        switch (kind)
        {
            case 0:
                return new BranchLayout(branch, new ColumnType(b.Type), BranchEncoding.Scalar, b.Disk, 1, null);
            case 1:
                return new BranchLayout(branch, new ColumnType(b.Type, 1), BranchEncoding.FixedArray, b.Disk, Math.Max(1, leaf.Len), null);
            default:
                if (leaf.LeafCount?.Branch is not { } counter)
                {
                    reason = "pointer-array member without a counter leaf";
                    return null;
                }
                return new BranchLayout(branch, new ColumnType(b.Type, 1), BranchEncoding.CountedArray, b.Disk, 1, counter, HeaderBytes: 1);
        }
    }

    private static string Normalize(string cls) => cls.Replace("std::", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

    private static string? Inner(string cls, string template)
    {
        if (!cls.StartsWith(template + "<", StringComparison.Ordinal) || !cls.EndsWith('>')) return null;
        var inner = cls[(template.Length + 1)..^1];
        // vector<T,allocator<T>> is not written by ROOT; a comma at depth 0 means another template shape.
        int depth = 0;
        foreach (char c in inner)
        {
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) return null;
        }
        return inner;
    }

    private static ElementType? Scalar(string cpp) => cpp switch
    {
        "bool" or "Bool_t" => ElementType.Bool,
        "char" or "Char_t" or "int8_t" or "signedchar" => ElementType.Int8,
        "unsignedchar" or "UChar_t" or "uint8_t" => ElementType.UInt8,
        "short" or "Short_t" or "int16_t" => ElementType.Int16,
        "unsignedshort" or "UShort_t" or "uint16_t" => ElementType.UInt16,
        "int" or "Int_t" or "int32_t" => ElementType.Int32,
        "unsignedint" or "unsigned" or "UInt_t" or "uint32_t" => ElementType.UInt32,
        "long" or "Long_t" or "longlong" or "Long64_t" or "int64_t" => ElementType.Int64,
        "unsignedlong" or "ULong_t" or "unsignedlonglong" or "ULong64_t" or "uint64_t" => ElementType.UInt64,
        "float" or "Float_t" => ElementType.Float32,
        "double" or "Double_t" => ElementType.Float64,
        _ => null,
    };
}
