using System.Numerics;
using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class VecOpsReductionTests
{
    private static T RefSum<T>(ReadOnlySpan<T> a) where T : INumber<T>
    {
        T s = T.Zero;
        foreach (var x in a) s += x;
        return s;
    }

    // std::max_element / std::min_element.
    private static T RefMax<T>(ReadOnlySpan<T> a, out int index) where T : INumber<T>
    {
        index = 0;
        for (int i = 1; i < a.Length; i++)
            if (a[index] < a[i]) index = i;
        return a[index];
    }

    private static T RefMin<T>(ReadOnlySpan<T> a, out int index) where T : INumber<T>
    {
        index = 0;
        for (int i = 1; i < a.Length; i++)
            if (a[i] < a[index]) index = i;
        return a[index];
    }

    private static void CheckReductions<T>(T[] values, int slack, T garbage, string ctx) where T : INumber<T>
    {
        var v = View(values, slack, garbage);
        AssertSame(RefSum<T>(values), VecOps.Sum(v), ctx + " Sum");
        AssertSame(RefSum<T>(values), v.Sum(), ctx + " .Sum()");
        if (values.Length > 0)
        {
            AssertSame(RefMax<T>(values, out int imax), VecOps.Max(v), ctx + " Max");
            AssertSame(RefMin<T>(values, out int imin), VecOps.Min(v), ctx + " Min");
            Assert.Equal(imax, VecOps.ArgMax(v));
            Assert.Equal(imin, VecOps.ArgMin(v));
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => VecOps.Max(v));
            Assert.Throws<InvalidOperationException>(() => VecOps.Min(v));
            Assert.Equal(0, VecOps.ArgMax(v));
        }
        double mean = values.Length == 0 ? 0.0 : double.CreateTruncating(RefSum<T>(values)) / values.Length;
        AssertSame(mean, VecOps.Mean(v), ctx + " Mean");
    }

    [Fact]
    public void FloatReductionsAreBitIdenticalToSequentialReference()
    {
        var rng = new Random(1234);
        foreach (var (n, slack) in Shapes())
        {
            CheckReductions(Floats(rng, n), slack, 1e30f, $"float n={n} slack={slack}");
            CheckReductions(Floats(rng, n, special: true), slack, float.NaN, $"float* n={n} slack={slack}");
        }
    }

    [Fact]
    public void DoubleReductionsAreBitIdenticalToSequentialReference()
    {
        var rng = new Random(99);
        foreach (var (n, slack) in Shapes())
        {
            CheckReductions(Doubles(rng, n), slack, 1e300, $"double n={n} slack={slack}");
            CheckReductions(Doubles(rng, n, special: true), slack, double.NaN, $"double* n={n} slack={slack}");
        }
    }

    [Fact]
    public void IntegerReductionsMatchReferenceForEveryType()
    {
        var rng = new Random(7);
        foreach (var (n, slack) in Shapes())
        {
            CheckReductions(Integers<int>(rng, n), slack, int.MaxValue, $"int n={n}");
            CheckReductions(Integers<uint>(rng, n), slack, uint.MaxValue, $"uint n={n}");
            CheckReductions(Integers<long>(rng, n), slack, long.MaxValue, $"long n={n}");
            CheckReductions(Integers<ulong>(rng, n), slack, ulong.MaxValue, $"ulong n={n}");
            CheckReductions(Integers<short>(rng, n), slack, short.MaxValue, $"short n={n}");
            CheckReductions(Integers<ushort>(rng, n), slack, ushort.MaxValue, $"ushort n={n}");
            CheckReductions(Integers<byte>(rng, n), slack, byte.MaxValue, $"byte n={n}");
            CheckReductions(Integers<sbyte>(rng, n), slack, sbyte.MaxValue, $"sbyte n={n}");
        }
    }

    [Fact]
    public void SignedZerosAndNaNFollowRootSemantics()
    {
        // std::accumulate from +0: a sum of negative zeros is +0.
        AssertSame(0.0f, VecOps.Sum(RVec.Of(-0.0f, -0.0f)), "sum of -0");
        AssertSame(-0.0f, VecOps.Sum(RVec.Of(-0.0f), -0.0f), "sum with init -0");
        // max_element keeps the first of equal elements and never picks a NaN after the first element.
        AssertSame(-0.0f, VecOps.Max(RVec.Of(-0.0f, 0.0f)), "max -0,+0");
        AssertSame(0.0f, VecOps.Max(RVec.Of(0.0f, -0.0f)), "max +0,-0");
        AssertSame(3.0f, VecOps.Max(RVec.Of(1f, float.NaN, 3f)), "max skips NaN");
        Assert.True(float.IsNaN(VecOps.Max(RVec.Of(float.NaN, 3f))));
        AssertSame(1.0, VecOps.Min(RVec.Of(2.0, double.NaN, 1.0)), "min skips NaN");
    }

    [Fact]
    public void RootDocumentedExamples()
    {
        var v = RVec.Of(1f, 2f, 4f);
        Assert.Equal(7f, VecOps.Sum(v));
        Assert.Equal(7.0, VecOps.Sum(v, 0.0));
        Assert.Equal(7.0 / 3.0, VecOps.Mean(v));
        Assert.Equal(7f / 3f, VecOps.Mean(v, 0f));
        Assert.Equal(4f, VecOps.Max(v));
        Assert.Equal(1f, VecOps.Min(v));
        Assert.Equal(2, VecOps.ArgMax(v));
        Assert.Equal(0, VecOps.ArgMin(v));
        Assert.Equal(2.3333333333333335, VecOps.Var(v), 12);
        Assert.Equal(1.5275252316519468, VecOps.StdDev(v), 12);
        Assert.Equal(32f, VecOps.Dot(RVec.Of(1f, 2f, 3f), RVec.Of(4f, 5f, 6f)));
        Assert.Equal(8f, VecOps.Product(v));
        Assert.True(VecOps.Any(RVec.Of(0, 1, 0)));
        Assert.False(VecOps.All(RVec.Of(0, 1, 0)));
        Assert.Equal(2, VecOps.Sum(RVec.Of(true, false, true)));
    }

    [Fact]
    public void VarDotProductAnyAllMatchReference()
    {
        var rng = new Random(5);
        for (int n = 0; n <= MaxLength; n++)
        {
            var a = Floats(rng, n);
            var b = Floats(rng, n);
            var va = RVec.Of(a);
            float ss = 0f, s = 0f, dot = 0f, prod = 1f;
            for (int i = 0; i < n; i++)
            {
                ss += a[i] * a[i];
                s += a[i];
                dot += a[i] * b[i];
                prod *= a[i];
            }
            s *= s;
            double var = n < 2 ? 0.0 : 1.0 / (n - 1.0) * ((double)ss - (double)s / n);
            AssertSame(var, VecOps.Var(va), $"Var n={n}");
            AssertSame(Math.Sqrt(var), VecOps.StdDev(va), $"StdDev n={n}");
            AssertSame(dot, VecOps.Dot(va, RVec.Of(b)), $"Dot n={n}");
            AssertSame(prod, VecOps.Product(va), $"Product n={n}");

            var m = Bools(rng, n);
            var vm = RVec.Of(m);
            Assert.Equal(m.Count(x => x), VecOps.Count(vm));
            Assert.Equal(m.Any(x => x), VecOps.Any(vm));
            Assert.Equal(m.All(x => x), VecOps.All(vm));
            var ints = Integers<int>(rng, n);
            if (n > 0 && rng.Next(3) == 0) ints[rng.Next(n)] = 0;
            Assert.Equal(ints.Any(x => x != 0), VecOps.Any(RVec.Of(ints)));
            Assert.Equal(ints.All(x => x != 0), VecOps.All(RVec.Of(ints)));
        }
        Assert.Throws<ArgumentException>(() => VecOps.Dot(RVec.Of(1f, 2f), RVec.Of(1f)));
    }
}
