using System.Text.Json;
using EventFrame.Columns;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// Every branch of every TTree in the test files against its expected JSON: basket tables, first 3 and last entries,
/// element counts, fsum, min and max. Branches EventFrame does not read as columns must be listed in
/// <see cref="Unsupported"/> with the reason.
/// </summary>
public class TTreeExpectedTests
{
    /// <summary>(file prefix, branch) → why it is not read as a column; anything else must decode.</summary>
    private static readonly Dictionary<(string File, string Branch), string> Unsupported = new()
    {
        [("uproot-nesteddirs.root", "evt")] = "split object (class Event) with sub-branches; the JSON has no values for it (AsGroup)",
    };

    /// <summary>std::set and std::map columns of uproot-stl_containers.root are not representable as EventFrame columns.</summary>
    private static bool IsMapOrSet(JsonElement b) =>
        b.GetProperty("typename").GetString()!.Contains("map<", StringComparison.Ordinal) ||
        b.GetProperty("typename").GetString()!.Contains("set<", StringComparison.Ordinal);

    public static TheoryData<string> Files() => new(TestData.TreeFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void AllBranchesMatchExpected(string name)
    {
        var exp = TestData.Expected(name);
        using var file = RootFile.Open(TestData.RootFile(name));
        var failures = new List<string>();
        foreach (var t in exp.GetProperty("trees").EnumerateObject())
        {
            var tree = RootTree.Read(file, t.Name);
            Assert.Equal(t.Value.GetProperty("entries").GetInt64(), tree.Entries);
            Assert.Equal(t.Value.GetProperty("num_branches_top").GetInt32(), tree.Branches.Count);
            Assert.Equal(t.Value.GetProperty("num_branches_all").GetInt32(), tree.AllBranches.Count);
            foreach (var b in t.Value.GetProperty("branches").EnumerateArray())
            {
                var bname = b.GetProperty("name").GetString()!;
                try
                {
                    CheckBranch(name, tree, b, failures);
                }
                catch (Exception e) when (e is RootFormatException or InvalidCastException or InvalidOperationException)
                {
                    failures.Add($"{t.Name}/{bname}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static void CheckBranch(string file, RootTree tree, JsonElement b, List<string> failures)
    {
        var bname = b.GetProperty("name").GetString()!;
        var branch = tree.Branches.FirstOrDefault(x => x.Name == bname) ?? tree.GetBranch(bname);
        if (branch is null)
        {
            failures.Add($"{bname}: branch not found");
            return;
        }
        var prefix = $"{tree.Name}/{bname}";
        if (b.TryGetProperty("fBasketEntry", out var be))
        {
            if (!be.EnumerateArray().Select(x => x.GetInt64()).SequenceEqual(branch.BasketEntry)) failures.Add($"{prefix}: fBasketEntry differs");
            if (!b.GetProperty("fBasketSeek").EnumerateArray().Select(x => x.GetInt64()).SequenceEqual(branch.BasketSeek)) failures.Add($"{prefix}: fBasketSeek differs");
            if (!b.GetProperty("fBasketBytes").EnumerateArray().Select(x => x.GetInt32()).SequenceEqual(branch.BasketBytes)) failures.Add($"{prefix}: fBasketBytes differs");
        }
        if (b.GetProperty("num_baskets").GetInt32() != branch.BasketCount) failures.Add($"{prefix}: {branch.BasketCount} baskets, expected {b.GetProperty("num_baskets")}");
        if (b.GetProperty("embedded_baskets").GetInt32() != branch.EmbeddedBaskets.Count) failures.Add($"{prefix}: {branch.EmbeddedBaskets.Count} embedded baskets");

        var layout = BranchLayout.TryCreate(branch, out var reason);
        if (layout is null)
        {
            if (!Unsupported.ContainsKey((file, bname)) && !IsMapOrSet(b))
                failures.Add($"{prefix}: not readable ({reason}) and not listed as unsupported");
            return;
        }
        if (!b.TryGetProperty("first", out var first)) return;

        long n = tree.Entries;
        using var reader = new BranchReader(layout);
        var buffer = ColumnBuffer.Create(layout.Type);
        var flat = new List<double>();
        var firstValues = new List<object?>();
        object? last = null;
        // Odd chunk sizes cross basket boundaries at every possible offset.
        long pos = 0;
        int chunk = 7;
        while (pos < n)
        {
            int c = (int)Math.Min(chunk, n - pos);
            reader.Read(pos, c, buffer);
            Assert.Equal(c, buffer.EntryCount);
            for (int i = 0; i < c; i++)
            {
                var v = buffer.GetBoxed(i);
                if (pos + i < 3) firstValues.Add(v);
                if (pos + i == n - 1) last = v;
                ExpectedValues.Flatten(v, flat);
            }
            pos += c;
            chunk = chunk == 7 ? 1000 : 7;
        }
        int k = 0;
        foreach (var e in first.EnumerateArray())
        {
            if (!ExpectedValues.Matches(e, firstValues[k], out var why)) failures.Add($"{prefix}: entry {k}: {why}");
            k++;
        }
        if (b.TryGetProperty("last", out var el) && n > 0 && !ExpectedValues.Matches(el, last, out var why2))
            failures.Add($"{prefix}: last entry: {why2}");
        if (b.TryGetProperty("numeric_count", out var nc) && nc.GetInt64() != flat.Count)
            failures.Add($"{prefix}: {flat.Count} values, expected {nc.GetInt64()}");
        if (b.TryGetProperty("fsum", out var fs) && fs.ValueKind == JsonValueKind.Number)
        {
            double sum = ExpectedValues.FSum(flat), want = fs.GetDouble();
            if (Math.Abs(sum - want) > 1e-12 * Math.Max(1, Math.Abs(want))) failures.Add($"{prefix}: fsum {sum:R}, expected {want:R}");
        }
        if (b.TryGetProperty("min", out var mn) && mn.ValueKind == JsonValueKind.Number && flat.Count > 0 && flat.Min() != mn.GetDouble())
            failures.Add($"{prefix}: min {flat.Min()}, expected {mn.GetDouble()}");
        if (b.TryGetProperty("max", out var mx) && mx.ValueKind == JsonValueKind.Number && flat.Count > 0 && flat.Max() != mx.GetDouble())
            failures.Add($"{prefix}: max {flat.Max()}, expected {mx.GetDouble()}");
    }
}
