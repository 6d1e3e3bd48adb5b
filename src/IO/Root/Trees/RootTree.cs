namespace EventFrame.IO.Root.Trees;

/// <summary>
/// A TTree read from a ROOT file: entries, cluster layout and branches (metadata only; values are read per basket by
/// <see cref="BranchReader"/>).
/// </summary>
public sealed class RootTree
{
    internal RootTree(RootFile file, RootKey key, string name, string title, long entries, long autoFlush,
        long[] clusterRangeEnd, long[] clusterSize, List<RootBranch> branches)
    {
        File = file;
        Key = key;
        Name = name;
        Title = title;
        Entries = entries;
        AutoFlush = autoFlush;
        ClusterRangeEnd = clusterRangeEnd;
        ClusterSize = clusterSize;
        Branches = branches;
        var all = new List<RootBranch>();
        void Walk(RootBranch b)
        {
            b.Tree = this;
            all.Add(b);
            foreach (var s in b.Branches) Walk(s);
        }
        foreach (var b in branches) Walk(b);
        AllBranches = all;
    }

    /// <summary>Reads the tree stored under <paramref name="path"/> ("dir/name" or "name;cycle").</summary>
    /// <exception cref="RootFormatException">The key is missing, is not a TTree/TNtuple, or the record is malformed.</exception>
    public static RootTree Read(RootFile file, string path)
    {
        var key = file.FindKey(path) ?? throw new RootFormatException(file.Path, path, -1, "no such key in the file");
        return Read(key);
    }

    /// <summary>Reads the tree stored under <paramref name="key"/>.</summary>
    /// <exception cref="RootFormatException">The key is not a TTree/TNtuple or the record is malformed.</exception>
    public static RootTree Read(RootKey key)
    {
        if (key.ClassName is not ("TTree" or "TNtuple" or "TNtupleD"))
            throw new RootFormatException(key.File.Path, key.Name, key.SeekKey, $"object is a {key.ClassName}, not a TTree");
        var payload = key.File.ReadObject(key);
        var r = new RootReader(payload, new RootLocation(key.File.Path, key.Name, key.PayloadOffset), key.PayloadOffset, key.Keylen);
        return new TreeStreamer().ReadTree(ref r, key.ClassName, key.File, key);
    }

    /// <summary>The file.</summary>
    public RootFile File { get; }

    /// <summary>The key the tree was read from.</summary>
    public RootKey Key { get; }

    /// <summary>fName.</summary>
    public string Name { get; }

    /// <summary>fTitle.</summary>
    public string Title { get; }

    /// <summary>fEntries.</summary>
    public long Entries { get; }

    /// <summary>fAutoFlush: entries per cluster when positive (0 or negative: not known in entries).</summary>
    public long AutoFlush { get; }

    /// <summary>fClusterRangeEnd: last entry (inclusive) of each cluster range.</summary>
    public IReadOnlyList<long> ClusterRangeEnd { get; }

    /// <summary>fClusterSize: cluster size within each range.</summary>
    public IReadOnlyList<long> ClusterSize { get; }

    /// <summary>Top-level branches.</summary>
    public IReadOnlyList<RootBranch> Branches { get; }

    /// <summary>All branches, depth first.</summary>
    public IReadOnlyList<RootBranch> AllBranches { get; }

    /// <summary>Returns the branch named <paramref name="name"/> (searching all levels), or null.</summary>
    public RootBranch? GetBranch(string name)
    {
        foreach (var b in AllBranches) if (b.Name == name) return b;
        return null;
    }

    /// <summary>
    /// The first entry of every cluster plus <see cref="Entries"/> at the end: from fClusterRangeEnd/fClusterSize and
    /// fAutoFlush as ROOT's TClusterIterator walks them; when the tree has no entry-based cluster size, the entry
    /// boundaries shared by the baskets of all branches.
    /// </summary>
    public IReadOnlyList<long> ClusterBoundaries()
    {
        var result = new List<long> { 0 };
        if (Entries == 0) return result;
        long start = 0;
        for (int i = 0; i < ClusterRangeEnd.Count && start < Entries; i++)
        {
            long size = ClusterSize[i] > 0 ? ClusterSize[i] : AutoFlush;
            if (size <= 0) return CommonBasketBoundaries();
            long rangeEnd = Math.Min(ClusterRangeEnd[i] + 1, Entries);
            while (start < rangeEnd)
            {
                start = Math.Min(start + size, rangeEnd);
                result.Add(start);
            }
        }
        if (start < Entries)
        {
            if (AutoFlush <= 0) return start == 0 ? CommonBasketBoundaries() : [.. result, Entries];
            while (start < Entries)
            {
                start = Math.Min(start + AutoFlush, Entries);
                result.Add(start);
            }
        }
        return result;
    }

    private List<long> CommonBasketBoundaries()
    {
        HashSet<long>? common = null;
        foreach (var b in AllBranches)
        {
            if (b.BasketCount == 0) continue;
            var set = new HashSet<long>(b.BasketEntry) { Entries };
            foreach (var e in b.EmbeddedBaskets) set.Add(e.EntryStart);
            if (common is null) common = set;
            else common.IntersectWith(set);
        }
        var list = (common ?? [0, Entries]).Where(e => e >= 0 && e <= Entries).Append(0).Append(Entries).Distinct().Order().ToList();
        return list;
    }

    /// <summary><c>TTree Name (Entries entries)</c>.</summary>
    public override string ToString() => $"TTree {Name} ({Entries} entries)";
}
