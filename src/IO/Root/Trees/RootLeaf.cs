namespace EventFrame.IO.Root.Trees;

/// <summary>
/// A TLeaf of a branch: the type code and shape of the values a branch stores per entry. Read from the
/// hard-coded TLeaf v2 layout (TNamed, fLen, fLenType, fOffset, fIsRange, fIsUnsigned, fLeafCount) followed by the
/// subclass members (fMinimum/fMaximum, or fID/fType for TLeafElement).
/// </summary>
public sealed class RootLeaf
{
    /// <summary>The leaf class, e.g. <c>TLeafF</c>, <c>TLeafElement</c>.</summary>
    public string ClassName { get; internal init; } = "";

    /// <summary>fName.</summary>
    public string Name { get; internal init; } = "";

    /// <summary>fTitle, e.g. <c>Muon_pt[nMuon]</c>.</summary>
    public string Title { get; internal init; } = "";

    /// <summary>fLen: number of fixed-length elements per entry (3 for <c>x[3]</c>; 1 for scalars and <c>x[n]</c>).</summary>
    public int Len { get; internal init; }

    /// <summary>fLenType: bytes per element.</summary>
    public int LenType { get; internal init; }

    /// <summary>fIsRange: whether this leaf is a counter of another leaf.</summary>
    public bool IsRange { get; internal init; }

    /// <summary>fIsUnsigned.</summary>
    public bool IsUnsigned { get; internal init; }

    /// <summary>fLeafCount: the counter leaf of a variable-length array <c>x[n]</c>, or null.</summary>
    public RootLeaf? LeafCount { get; internal init; }

    /// <summary>The branch that owns this leaf (set once the tree is read).</summary>
    public RootBranch? Branch { get; internal set; }

    /// <summary><c>ClassName Name</c>.</summary>
    public override string ToString() => $"{ClassName} {Title}";
}
