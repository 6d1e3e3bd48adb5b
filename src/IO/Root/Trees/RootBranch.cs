namespace EventFrame.IO.Root.Trees;

/// <summary>
/// A TBranch or TBranchElement: its leaves, sub-branches and where its baskets are. Basket i holds entries
/// <c>[BasketEntry[i], BasketEntry[i+1])</c> in the record at <c>BasketSeek[i]</c> of <c>BasketBytes[i]</c> bytes, for
/// i &lt; <see cref="WriteBasket"/>; entries from <c>BasketEntry[WriteBasket]</c> to <see cref="Entries"/> are in
/// <see cref="EmbeddedBaskets"/> (stored inside the TTree record).
/// </summary>
public sealed class RootBranch
{
    /// <summary>The branch class: <c>TBranch</c>, <c>TBranchElement</c>, ...</summary>
    public string ClassName { get; internal init; } = "";

    /// <summary>fName.</summary>
    public string Name { get; internal init; } = "";

    /// <summary>fTitle (e.g. <c>Muon_pt[nMuon]/F</c>).</summary>
    public string Title { get; internal init; } = "";

    /// <summary>Class version of the TBranch part (10-13).</summary>
    public int Version { get; internal init; }

    /// <summary>fEntries: number of entries.</summary>
    public long Entries { get; internal init; }

    /// <summary>fWriteBasket: number of baskets written to their own records.</summary>
    public int WriteBasket { get; internal init; }

    /// <summary>fEntryOffsetLen: initial length of the per-basket entry-offset table (0 for fixed-size entries).</summary>
    public int EntryOffsetLen { get; internal init; }

    /// <summary>fSplitLevel.</summary>
    public int SplitLevel { get; internal init; }

    /// <summary>fBasketBytes of the <see cref="WriteBasket"/> written baskets.</summary>
    public IReadOnlyList<int> BasketBytes { get; internal init; } = [];

    /// <summary>fBasketEntry: <see cref="WriteBasket"/> + 1 values (first entry of each basket, then of the open one).</summary>
    public IReadOnlyList<long> BasketEntry { get; internal init; } = [];

    /// <summary>fBasketSeek of the <see cref="WriteBasket"/> written baskets.</summary>
    public IReadOnlyList<long> BasketSeek { get; internal init; } = [];

    /// <summary>The leaves (one for the branches EventFrame reads as columns).</summary>
    public IReadOnlyList<RootLeaf> Leaves { get; internal init; } = [];

    /// <summary>The sub-branches.</summary>
    public IReadOnlyList<RootBranch> Branches { get; internal init; } = [];

    /// <summary>Baskets stored inside the TTree record (TBranch.fBaskets), in entry order.</summary>
    public IReadOnlyList<RootBasket> EmbeddedBaskets { get; internal init; } = [];

    /// <summary>TBranchElement.fClassName: the C++ type of the element (e.g. <c>vector&lt;float&gt;</c>), or empty.</summary>
    public string ElementClassName { get; internal init; } = "";

    /// <summary>TBranchElement.fStreamerType (-1 for a whole object or STL collection), or 0.</summary>
    public int StreamerType { get; internal init; }

    /// <summary>TBranchElement.fType (0 for a top-level element, 3/4 collection counters, 31/41 their members).</summary>
    public int ElementType { get; internal init; }

    /// <summary>TBranchElement.fID (-1 for the whole object).</summary>
    public int ElementId { get; internal init; }

    /// <summary>The tree the branch belongs to.</summary>
    public RootTree Tree { get; internal set; } = null!;

    /// <summary>The parent branch, or null for top-level branches.</summary>
    public RootBranch? Parent { get; internal set; }

    /// <summary>Total number of baskets (written plus embedded).</summary>
    public int BasketCount => WriteBasket + EmbeddedBaskets.Count;

    /// <summary><c>ClassName Name</c>.</summary>
    public override string ToString() => $"{ClassName} {Name}";
}
