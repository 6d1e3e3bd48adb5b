using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class VecOpsSelectionTests
{
    [Fact]
    public void MaskIndexerTakeWhereNonzeroMatchReference()
    {
        var rng = new Random(11);
        for (int n = 0; n <= MaxLength; n++)
        {
            var a = Floats(rng, n);
            var b = Floats(rng, n);
            var m = Bools(rng, n);
            var va = View(a, 2, 9f);
            var vb = RVec.Of(b);
            var vm = View(m, 1, true);
            AssertSame<float>(a.Where((_, i) => m[i]).ToArray(), va[vm], $"mask n={n}");
            AssertSame<float>(a.Select((x, i) => m[i] ? x : b[i]).ToArray(), VecOps.Where(vm, va, vb), $"Where vv n={n}");
            AssertSame<float>(a.Select((x, i) => m[i] ? x : 5f).ToArray(), VecOps.Where(vm, va, 5f), $"Where vs n={n}");
            AssertSame<float>(b.Select((x, i) => m[i] ? 5f : x).ToArray(), VecOps.Where(vm, 5f, vb), $"Where sv n={n}");
            AssertSame<float>(m.Select(x => x ? 1f : 2f).ToArray(), VecOps.Where(vm, 1f, 2f), $"Where ss n={n}");
            AssertSame<int>(Enumerable.Range(0, n).Where(i => m[i]).ToArray(), VecOps.Nonzero(vm), $"Nonzero mask n={n}");
            var ints = Integers<int>(rng, n).Select(x => x % 3 == 0 ? 0 : x).ToArray();
            AssertSame<int>(Enumerable.Range(0, n).Where(i => ints[i] != 0).ToArray(), VecOps.Nonzero(RVec.Of(ints)), $"Nonzero n={n}");

            var idx = Enumerable.Range(0, rng.Next(0, 10)).Select(_ => n == 0 ? 0 : rng.Next(n)).ToArray();
            if (n > 0) AssertSame<float>(idx.Select(i => a[i]).ToArray(), VecOps.Take(va, RVec.Of(idx)), $"Take idx n={n}");
            var wild = idx.Select(i => i - 2).ToArray();
            AssertSame<float>(wild.Select(i => i >= 0 && i < n ? a[i] : -1f).ToArray(), VecOps.Take(va, RVec.Of(wild), -1f), $"Take default n={n}");
            int k = rng.Next(0, n + 1);
            AssertSame<float>(a.Take(k).ToArray(), VecOps.Take(va, k), $"Take first n={n}");
            AssertSame<float>(a.Skip(n - k).ToArray(), VecOps.Take(va, -k), $"Take last n={n}");

            var drop = Enumerable.Range(0, rng.Next(0, 6)).Select(_ => rng.Next(-2, n + 2)).ToArray();
            AssertSame<float>(a.Where((_, i) => !drop.Contains(i)).ToArray(), VecOps.Drop(va, RVec.Of(drop)), $"Drop n={n}");
            AssertSame<float>(a.Reverse().ToArray(), VecOps.Reverse(va), $"Reverse n={n}");
            AssertSame<float>(a.Concat(b).ToArray(), VecOps.Concatenate(va, vb), $"Concatenate n={n}");
            AssertSame<float>(a.Where(x => x > 0).ToArray(), VecOps.Filter(va, x => x > 0), $"Filter n={n}");
            AssertSame<double>(a.Select(x => x * 2.0).ToArray(), VecOps.Map(va, x => x * 2.0), $"Map n={n}");
            AssertSame<float>(a.Zip(b, (x, y) => x - y).ToArray(), VecOps.Map(va, vb, (x, y) => x - y), $"Map2 n={n}");

            var small1 = Integers<int>(rng, n).Select(x => x % 7).ToArray();
            var small2 = Integers<int>(rng, rng.Next(0, 20)).Select(x => x % 7).ToArray();
            AssertSame<int>(small1.Where(x => small2.Contains(x)).ToArray(), VecOps.Intersect(RVec.Of(small1), RVec.Of(small2)), $"Intersect n={n}");
            AssertSame<int>(Enumerable.Range(0, n).ToArray(), VecOps.Enumerate(va), $"Enumerate n={n}");
        }
    }

    [Fact]
    public void RootDocumentedExamples()
    {
        var v = RVec.Of(2.0, 3.0, 1.0);
        Assert.Equal("{ 2, 1 }", VecOps.Take(v, RVec.Of(0, 2)).ToString());
        Assert.Equal("{ 2, 3 }", VecOps.Take(v, 2).ToString());
        Assert.Equal("{ 1 }", VecOps.Take(v, -1).ToString());
        Assert.Equal("{ 1, 3, 2 }", VecOps.Reverse(v).ToString());
        Assert.Equal("{ 0, 2, 4 }", VecOps.Nonzero(RVec.Of(2.0, 0.0, 3.0, 0.0, 1.0)).ToString());
        Assert.Equal("{ 1, 2 }", VecOps.Intersect(RVec.Of(1.0, 2.0, 3.0), RVec.Of(-4.0, -5.0, 2.0, 1.0)).ToString());
        var c = RVec.Of(1.0, 2.0, 3.0) > 1;
        Assert.Equal("{ -1, 2, 3 }", VecOps.Where(c, RVec.Of(1.0, 2.0, 3.0), RVec.Of(-1.0, -2.0, -3.0)).ToString());
        Assert.Equal("{ 0, 1, 2 }", VecOps.Range(3).ToString());
        Assert.Equal("{ }", VecOps.Range(5, 2).ToString());
    }

    [Fact]
    public void BadInputThrowsTypedExceptions()
    {
        var v = RVec.Of(1f, 2f, 3f);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Take(v, 4));
        Assert.Contains("4", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Take(v, -4));
        Assert.Throws<IndexOutOfRangeException>(() => VecOps.Take(v, RVec.Of(0, 3)));
        Assert.Throws<IndexOutOfRangeException>(() => VecOps.Take(v, RVec.Of(-1)));
        Assert.Throws<ArgumentException>(() => VecOps.Where(RVec.Of(true), v, v));
        Assert.Throws<ArgumentException>(() => VecOps.Map(v, RVec.Of(1f), (x, y) => x + y));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Range(int.MinValue, int.MaxValue));
    }
}
