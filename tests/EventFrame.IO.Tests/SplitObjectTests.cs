using EventFrame.Columns;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>
/// Data members of a split object (uproot-nesteddirs.root three/tree, class Event): basic members, fixed arrays,
/// pointer arrays with a counter (one flag byte per entry), TString members and nested object members. The same
/// generator filled one/two/tree with plain leaves, whose values the expected JSON pins down.
/// </summary>
public class SplitObjectTests
{
    private static List<object?> Read(RootTree tree, string branch)
    {
        var layout = BranchLayout.TryCreate(tree.GetBranch(branch)!, out var why) ?? throw new InvalidOperationException(why);
        using var r = new BranchReader(layout);
        var buffer = ColumnBuffer.Create(layout.Type);
        r.Read(0, (int)tree.Entries, buffer);
        return Enumerable.Range(0, buffer.EntryCount).Select(buffer.GetBoxed).ToList();
    }

    private static double[] Numbers(object? v) => v is Array a ? a.Cast<object>().Select(x => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
        : [Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)];

    [Theory]
    [InlineData("I16", "Int32")]
    [InlineData("I32", "Int32")]
    [InlineData("I64", "Int64")]
    [InlineData("U16", "UInt32")]
    [InlineData("U32", "UInt32")]
    [InlineData("U64", "UInt64")]
    [InlineData("F32", "Float32")]
    [InlineData("F64", "Float64")]
    [InlineData("Str", "Str")]
    [InlineData("N", "N")]
    [InlineData("ArrayI16[10]", "ArrayInt32")]
    [InlineData("ArrayI32[10]", "ArrayInt32")]
    [InlineData("ArrayU64[10]", "ArrayUInt64")]
    [InlineData("ArrayF32[10]", "ArrayFloat32")]
    [InlineData("ArrayF64[10]", "ArrayFloat64")]
    [InlineData("SliceI16", "SliceInt32")]
    [InlineData("SliceI32", "SliceInt32")]
    [InlineData("SliceI64", "SliceInt64")]
    [InlineData("SliceU32", "SliceUInt32")]
    [InlineData("SliceF32", "SliceFloat32")]
    [InlineData("SliceF64", "SliceFloat64")]
    [InlineData("StlVecI16", "SliceInt32")]
    [InlineData("StlVecI32", "SliceInt32")]
    [InlineData("StlVecI64", "SliceInt64")]
    [InlineData("StlVecU64", "SliceUInt64")]
    [InlineData("StlVecF32", "SliceFloat32")]
    [InlineData("StlVecF64", "SliceFloat64")]
    public void MembersMatchThePlainTree(string member, string plain)
    {
        using var file = RootFile.Open(TestData.RootFile("uproot-nesteddirs.root"));
        var split = RootTree.Read(file, "three/tree");
        var flat = RootTree.Read(file, "one/two/tree");
        var a = Read(split, member);
        var b = Read(flat, plain);
        Assert.Equal(100, a.Count);
        for (int i = 0; i < a.Count; i++)
        {
            if (b[i] is string s) Assert.Equal(s, a[i]);
            else Assert.Equal(Numbers(b[i]), Numbers(a[i]));
        }
    }

    [Fact]
    public void NestedObjectAndMarkerMembers()
    {
        using var file = RootFile.Open(TestData.RootFile("uproot-nesteddirs.root"));
        var split = RootTree.Read(file, "three/tree");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)(i - 1)), Read(split, "P3.Px"));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)(double)i), Read(split, "P3.Py"));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)$"beg-{i:000}"), Read(split, "Beg"));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)$"end-{i:000}"), Read(split, "End"));
        // STL members take their type from the parent class's StreamerInfo.
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)$"std-{i:000}"), Read(split, "StdStr"));
        var vecStr = Read(split, "StlVecStr");
        for (int i = 0; i < 100; i++)
            Assert.Equal(Enumerable.Repeat($"vec-{i:000}", i % 10), (string[])vecStr[i]!);
        using var source = new RootDataSource("three/tree", [TestData.RootFile("uproot-nesteddirs.root")]);
        Assert.Contains(source.Columns, c => c.Name == "SliceF64" && c.Type == new ColumnType(ElementType.Float64, 1));
        Assert.Contains(source.Columns, c => c.Name == "StlVecU16" && c.Type == new ColumnType(ElementType.UInt16, 1));
        Assert.Equal(["evt", "P3"], source.UnsupportedBranches.Keys.Order(StringComparer.Ordinal).Reverse());
    }
}
