using EventFrame.Data;
using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>
/// The RNTuple module registers itself with <see cref="RootDataSource.RNTupleFactory"/>. Tests that change that
/// global hook belong to this collection, so that xunit does not run them at the same time.
/// </summary>
[Collection("RootDataSource.RNTupleFactory")]
public class RNTupleRegistrationTests
{
    [Fact]
    public void RootDataSourceOpensRNTuplesAndSpecsReopenThem()
    {
        var path = TestData.RootFile(RNTupleExpected.Staff);
        using var s = RootDataSource.Open("Staff", [path]);
        Assert.IsType<RNTupleDataSource>(s);
        Assert.Equal(3354, s.EntryCount);
        using var again = DataSources.Open(s.Spec!);
        Assert.IsType<RNTupleDataSource>(again);
        Assert.Equal(s.Columns, again.Columns);
        Assert.Equal(RNTupleDataSourceTests.ReadAll(s, "Nation", 500), RNTupleDataSourceTests.ReadAll(again, "Nation", 77));
    }
}
