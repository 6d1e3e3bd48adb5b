using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class VecOpsSortingTests
{
    [Fact]
    public void ArgsortAndSortAreStableAndMatchReference()
    {
        var rng = new Random(21);
        foreach (int n in Enumerable.Range(0, MaxLength + 1).Concat([100, 257, 1000]))
        {
            // Few distinct values so that ties are frequent and stability is visible.
            var a = Enumerable.Range(0, n).Select(_ => (float)rng.Next(0, Math.Max(1, n / 3))).ToArray();
            var v = View(a, 1, 0f);
            var expected = Enumerable.Range(0, n).OrderBy(i => a[i]).ToArray(); // LINQ OrderBy is stable
            AssertSame<int>(expected, VecOps.Argsort(v), $"Argsort n={n}");
            AssertSame<int>(expected, VecOps.StableArgsort(v), $"StableArgsort n={n}");
            AssertSame<float>(expected.Select(i => a[i]).ToArray(), VecOps.Sort(v), $"Sort n={n}");
            var desc = Enumerable.Range(0, n).OrderByDescending(i => a[i]).ToArray();
            AssertSame<int>(desc, VecOps.Argsort(v, (x, y) => x > y), $"Argsort desc n={n}");
            AssertSame<float>(desc.Select(i => a[i]).ToArray(), VecOps.Sort(v, (x, y) => x > y), $"Sort desc n={n}");
            AssertSame<float>(expected.Select(i => a[i]).ToArray(), VecOps.Take(v, VecOps.Argsort(v)), $"Take(Argsort) n={n}");
        }
    }

    [Fact]
    public void RootDocumentedExamples()
    {
        Assert.Equal("{ 2, 0, 1 }", VecOps.Argsort(RVec.Of(2.0, 3.0, 1.0)).ToString());
        Assert.Equal("{ 1, 0, 2 }", VecOps.Argsort(RVec.Of(2.0, 3.0, 1.0), (x, y) => x > y).ToString());
        Assert.Equal("{ 3, 0, 2, 1 }", VecOps.StableArgsort(RVec.Of(2.0, 3.0, 2.0, 1.0)).ToString());
        Assert.Equal("{ 1, 0, 2, 3 }", VecOps.StableArgsort(RVec.Of(2.0, 3.0, 2.0, 1.0), (x, y) => x > y).ToString());
        Assert.Equal("{ 1, 2, 3 }", VecOps.Sort(RVec.Of(2.0, 3.0, 1.0)).ToString());
        Assert.Equal("{ 3, 2, 1 }", VecOps.Sort(RVec.Of(2.0, 3.0, 1.0), (x, y) => 1 / x < 1 / y).ToString());
    }
}
