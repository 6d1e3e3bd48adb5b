namespace EventFrame.Tests.Vectors;

public class VecOpsCombinationsTests
{
    private static List<int[]> Reference(int s, int n)
    {
        var result = new List<int[]>();
        void Rec(int start, List<int> cur)
        {
            if (cur.Count == n) { result.Add([.. cur]); return; }
            for (int i = start; i < s; i++) { cur.Add(i); Rec(i + 1, cur); cur.RemoveAt(cur.Count - 1); }
        }
        Rec(0, []);
        return result;
    }

    [Fact]
    public void UniqueCombinationsMatchLexicographicReference()
    {
        for (int s = 0; s <= 24; s++)
            for (int n = 1; n <= Math.Min(s, 5); n++)
            {
                var expected = Reference(s, n);
                var c = VecOps.Combinations(RVec.Of(new float[s]), n);
                Assert.Equal(n, c.Length);
                for (int k = 0; k < n; k++)
                {
                    Assert.Equal(expected.Count, c[k].Length);
                    for (int j = 0; j < expected.Count; j++)
                        if (expected[j][k] != c[k][j]) Assert.Fail($"s={s} n={n} k={k} j={j}: expected {expected[j][k]}, got {c[k][j]}");
                }
            }
    }

    [Fact]
    public void CartesianCombinationsMatchReference()
    {
        for (int s1 = 0; s1 <= 9; s1++)
            for (int s2 = 0; s2 <= 9; s2++)
            {
                var c = VecOps.Combinations(RVec.Of(new int[s1]), RVec.Of(new double[s2]));
                Assert.Equal(2, c.Length);
                int j = 0;
                for (int a = 0; a < s1; a++)
                    for (int b = 0; b < s2; b++, j++)
                    {
                        Assert.Equal(a, c[0][j]);
                        Assert.Equal(b, c[1][j]);
                    }
                Assert.Equal(s1 * s2, c[0].Length);
            }
    }

    [Fact]
    public void RootDocumentedExamplesAndErrors()
    {
        var v = RVec.Of(1.0, 2.0, 3.0, 4.0);
        Assert.Equal("{ { 0, 1, 2, 3 } }", VecOps.Combinations(v, 1).ToString());
        Assert.Equal("{ { 0, 0, 0, 1, 1, 2 }, { 1, 2, 3, 2, 3, 3 } }", VecOps.Combinations(v, 2).ToString());
        Assert.Equal("{ { 0, 0, 0, 1 }, { 1, 1, 2, 2 }, { 2, 3, 3, 3 } }", VecOps.Combinations(v, 3).ToString());
        Assert.Equal("{ { 0 }, { 1 }, { 2 }, { 3 } }", VecOps.Combinations(v, 4).ToString());
        Assert.Equal("{ { 0, 0, 1, 1, 2, 2 }, { 0, 1, 0, 1, 0, 1 } }", VecOps.Combinations(3, 2).ToString());
        Assert.Equal(0, VecOps.Combinations(v, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(v, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(v, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(-1, 2));
        // C(200, 10) ~ 2e16 combinations must be refused, not attempted.
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(RVec.Of(new int[200]), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(100000, 100000));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(new RVec<byte>(new byte[3_000_000]), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(new RVec<byte>(new byte[30_000]), 2));
    }
}
