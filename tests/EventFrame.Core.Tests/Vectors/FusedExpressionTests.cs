using EventFrame.Expressions;

namespace EventFrame.Tests.Vectors;

/// <summary>
/// String expressions whose RVec operation chains compile into one generated loop (Fusion) give bit for bit what the
/// same operations give one by one (the RVec operators and VecOps functions called from a typed lambda), and a
/// hand-written scalar loop, for every vector length 0..256, and raise the same exceptions.
/// </summary>
public partial class FusedExpressionTests
{
    private const int MaxLength = 256;

    private static readonly Dictionary<string, Type> s_types = new()
    {
        ["a"] = typeof(RVec<float>), ["b"] = typeof(RVec<float>), ["d"] = typeof(RVec<double>), ["q"] = typeof(RVec<int>),
        ["m"] = typeof(RVec<bool>), ["idx"] = typeof(RVec<int>), ["jdx"] = typeof(RVec<int>), ["far"] = typeof(RVec<int>), ["c"] = typeof(RVec<float>),
        ["s"] = typeof(int), ["x"] = typeof(float),
    };

    /// <summary>
    /// One event per length 0..256 (twice, with different values): a, b, d, q, m have that length; idx and jdx hold
    /// valid indices into them (as many as the length), far some indices out of range, c is one longer; s and x are scalars.
    /// Values include NaN, ±0, infinities and repeated values (ties for ArgMin/ArgMax).
    /// </summary>
    private static Frame Make(int seed)
    {
        var rng = new Random(seed);
        int events = 2 * (MaxLength + 1);
        var a = new float[events][];
        var b = new float[events][];
        var d = new double[events][];
        var q = new int[events][];
        var m = new bool[events][];
        var idx = new int[events][];
        var jdx = new int[events][];
        var far = new int[events][];
        var c = new float[events][];
        var s = new int[events];
        var x = new float[events];
        for (int e = 0; e < events; e++)
        {
            int n = e % (MaxLength + 1);
            a[e] = [.. Enumerable.Range(0, n).Select(_ => Special(rng) ?? (float)(rng.NextDouble() * 100 - 20))];
            b[e] = [.. Enumerable.Range(0, n).Select(_ => Special(rng) ?? (float)(rng.NextDouble() * 6 - 3))];
            d[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(40) == 0 ? double.NaN : Math.Round(rng.NextDouble(), 2))];
            q[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(-2, 3))];
            m[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(3) > 0)];
            idx[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(n))];
            jdx[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(n))];
            far[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(-2, n + 2))];
            c[e] = new float[n + 1];
            s[e] = rng.Next(Math.Max(n, 1));
            x[e] = (float)rng.NextDouble();
        }
        return Frame.FromArrays(new Dictionary<string, Array>
        {
            ["a"] = a, ["b"] = b, ["d"] = d, ["q"] = q, ["m"] = m, ["idx"] = idx, ["jdx"] = jdx, ["far"] = far, ["c"] = c, ["s"] = s, ["x"] = x,
        }, new ExecutionOptions { Threads = 2, ChunkSize = 100 });
    }

    private static float? Special(Random rng) => rng.Next(30) switch
    {
        0 => float.NaN,
        1 => -0f,
        2 => 0f,
        3 => float.PositiveInfinity,
        4 => 42f,
        _ => null,
    };

    private static void AssertFused(string expression) =>
        Assert.Contains("__Fuse_", ExpressionCompiler.Analyze("test", expression, s_types).Source);

    private static void AssertSame<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Equal(expected[i], actual[i]), $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }

    // Bitwise for floating point (-0 differs from +0) except that every NaN equals every NaN (SIMD and scalar
    // instructions may give NaNs of different signs), element by element for vectors.
    private static bool Equal<T>(T x, T y) => (x, y) switch
    {
        (float f, float g) => BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits(g) || (float.IsNaN(f) && float.IsNaN(g)),
        (double f, double g) => BitConverter.DoubleToInt64Bits(f) == BitConverter.DoubleToInt64Bits(g) || (double.IsNaN(f) && double.IsNaN(g)),
        (RVec<float> u, RVec<float> v) => u.Length == v.Length && Enumerable.Range(0, u.Length).All(i => Equal(u[i], v[i])),
        (RVec<double> u, RVec<double> v) => u.Length == v.Length && Enumerable.Range(0, u.Length).All(i => Equal(u[i], v[i])),
        _ => EqualityComparer<T>.Default.Equals(x, y),
    };

    [Fact]
    public void MaskSelectionsMatchTheOperatorsAndAScalarLoop()
    {
        var df = Make(1);
        const string e = "a[abs(b) < 1.0 && !m]";
        AssertFused(e);
        var fused = df.Define("z", e).Take<RVec<float>>("z");
        var unfused = df.Define("z", (RVec<float> a, RVec<float> b, RVec<bool> m) => a[VecOps.abs(b) < 1.0 && !m], "a", "b", "m").Take<RVec<float>>("z");
        var scalar = df.Define("z", (RVec<float> a, RVec<float> b, RVec<bool> m) =>
        {
            var kept = new List<float>();
            for (int k = 0; k < a.Length; k++)
                if (Math.Abs(b[k]) < 1.0 && !m[k]) kept.Add(a[k]);
            return RVec.Of([.. kept]);
        }, "a", "b", "m").Take<RVec<float>>("z");
        AssertSame(unfused.Value, fused.Value);
        AssertSame(scalar.Value, fused.Value);
    }

    [Fact]
    public void ElementWiseChainsMatchTheOperators()
    {
        var df = Make(2);
        Check(df, "sqrt(d * d + 1) - a * 2.0", (RVec<double> d, RVec<float> a) => VecOps.sqrt(d * d + 1) - a * 2.0, "d", "a");
        Check(df, "-a + 1.5", (RVec<float> a) => -a + 1.5, "a");
        Check(df, "a / b * x - 3", (RVec<float> a, RVec<float> b, float x) => a / b * x - 3, "a", "b", "x");
        Check(df, "(q * 3 - s) > 1 || q == 0", (RVec<int> q, int s) => (q * 3 - s) > 1 || q == 0, "q", "s");
        Check(df, "Where(m, q, 7) + Where(d > 0.5, 1, q)", (RVec<bool> m, RVec<int> q, RVec<double> d) => VecOps.Where(m, q, 7) + VecOps.Where(d > 0.5, 1, q), "m", "q", "d");
        Check(df, "Where(m, 2.5, d) != Where(m, d, -1.0)", (RVec<bool> m, RVec<double> d) => VecOps.Where(m, 2.5, d) != VecOps.Where(m, d, -1.0), "m", "d");
        Check(df, "Map(a, b, (u, v) => u * Math.Cos(v)) + Map(d, w => w * w)",
              (RVec<float> a, RVec<float> b, RVec<double> d) => VecOps.Map(a, b, (u, v) => u * Math.Cos(v)) + VecOps.Map(d, w => w * w), "a", "b", "d");
        Check(df, "exp(b) + log(abs(a)) * sin(b) + round(a) - floor(b)",
              (RVec<float> a, RVec<float> b) => VecOps.exp(b) + VecOps.log(VecOps.abs(a)) * VecOps.sin(b) + VecOps.round(a) - VecOps.floor(b), "a", "b");
        Check(df, "abs(q) + sqrt(q)", (RVec<int> q) => VecOps.abs(q) + VecOps.sqrt(q), "q");
        Check(df, "Enumerate(a) != s && Enumerate(a) != idx", (RVec<float> a, int s, RVec<int> idx) => VecOps.Enumerate(a) != s && VecOps.Enumerate(a) != idx, "a", "s", "idx");
        Check(df, "(m == (a > b)) ^ (d <= 0.5)", (RVec<bool> m, RVec<float> a, RVec<float> b, RVec<double> d) => (m == (a > b)) ^ (d <= 0.5), "m", "a", "b", "d");
    }

    [Fact]
    public void GathersAndKinematicsMatchTheOperators()
    {
        var df = Make(3);
        Check(df, "Take(a, idx) + Take(b, idx) * Take(a, Reverse(idx))",
              (RVec<float> a, RVec<float> b, RVec<int> idx) => VecOps.Take(a, idx) + VecOps.Take(b, idx) * VecOps.Take(a, VecOps.Reverse(idx)), "a", "b", "idx");
        Check(df, "Take(q, idx) != q", (RVec<int> q, RVec<int> idx) => VecOps.Take(q, idx) != q, "q", "idx");
        Check(df, "Take(a, far, -1f) * 2", (RVec<float> a, RVec<int> far) => VecOps.Take(a, far, -1f) * 2, "a", "far");
        Check(df, "InvariantMasses(a, b, b, abs(a), Take(a, idx), Take(b, idx), Take(b, idx), Take(a, idx))",
              (RVec<float> a, RVec<float> b, RVec<int> idx) => VecOps.InvariantMasses(a, b, b, VecOps.abs(a), VecOps.Take(a, idx), VecOps.Take(b, idx), VecOps.Take(b, idx), VecOps.Take(a, idx)), "a", "b", "idx");
        // Pairs gathered from one collection (four-vectors computed once per particle), sources of different sizes.
        Check(df, "InvariantMasses(Take(a, idx), Take(b, idx), Take(c, idx), Take(a, idx), Take(a, jdx), Take(b, jdx), Take(c, jdx), Take(a, jdx))",
              (RVec<float> a, RVec<float> b, RVec<float> c, RVec<int> idx, RVec<int> jdx) => VecOps.InvariantMasses(VecOps.Take(a, idx), VecOps.Take(b, idx), VecOps.Take(c, idx), VecOps.Take(a, idx),
                                                                                                 VecOps.Take(a, jdx), VecOps.Take(b, jdx), VecOps.Take(c, jdx), VecOps.Take(a, jdx)), "a", "b", "c", "idx", "jdx");
        Check(df, "DeltaR(b, Take(b, idx), a, Take(a, idx))", (RVec<float> a, RVec<float> b, RVec<int> idx) => VecOps.DeltaR(b, VecOps.Take(b, idx), a, VecOps.Take(a, idx)), "a", "b", "idx");
        Check(df, "DeltaR2(b, b * 2, a, a + 1, 3f)", (RVec<float> a, RVec<float> b) => VecOps.DeltaR2(b, b * 2, a, a + 1, 3f), "a", "b");
        Check(df, "DeltaPhi(a, b * 2) + DeltaPhi(x, a * 3)", (RVec<float> a, RVec<float> b, float x) => VecOps.DeltaPhi(a, b * 2) + VecOps.DeltaPhi(x, a * 3), "a", "b", "x");
    }

    [Fact]
    public void ReductionsMatchTheOperatorsAndAScalarLoop()
    {
        var df = Make(4);
        Check(df, "Sum(a > 40)", (RVec<float> a) => VecOps.Sum(a > 40), "a");
        Check(df, "Count(a > b)", (RVec<float> a, RVec<float> b) => VecOps.Count(a > b), "a", "b");
        Check(df, "Sum(a * b)", (RVec<float> a, RVec<float> b) => VecOps.Sum(a * b), "a", "b");
        Check(df, "Sum(Take(d, idx))", (RVec<double> d, RVec<int> idx) => VecOps.Sum(VecOps.Take(d, idx)), "d", "idx");
        Check(df, "Sum(q * q)", (RVec<int> q) => VecOps.Sum(q * q), "q");
        Check(df, "Any(m && d > 0.5 && d < 0.9)", (RVec<bool> m, RVec<double> d) => VecOps.Any(m && d > 0.5 && d < 0.9), "m", "d");
        Check(df, "All(m || a > 0)", (RVec<bool> m, RVec<float> a) => VecOps.All(m || a > 0), "m", "a");
        Check(df, "Any(Take(q, idx) > 1)", (RVec<int> q, RVec<int> idx) => VecOps.Any(VecOps.Take(q, idx) > 1), "q", "idx");
        Check(df, "ArgMin(abs(d - 0.5))", (RVec<double> d) => VecOps.ArgMin(VecOps.abs(d - 0.5)), "d");
        Check(df, "ArgMax(Where(m, a, float.NegativeInfinity))", (RVec<bool> m, RVec<float> a) => VecOps.ArgMax(VecOps.Where(m, a, float.NegativeInfinity)), "m", "a");
        Check(df, "ArgMax(q - 1)", (RVec<int> q) => VecOps.ArgMax(q - 1), "q");
        var nonEmpty = df.Filter("a.Length > 0");
        Check(nonEmpty, "Max(a * 2)", (RVec<float> a) => VecOps.Max(a * 2), "a");
        Check(nonEmpty, "Min(a - b)", (RVec<float> a, RVec<float> b) => VecOps.Min(a - b), "a", "b");
        Check(nonEmpty, "Max(abs(d - 0.5))", (RVec<double> d) => VecOps.Max(VecOps.abs(d - 0.5)), "d");

        // Independent of VecOps: sequential float sum from +0 and first-wins argmin with strict <.
        var sum = df.Define("z", "Sum(a * b)").Take<float>("z");
        var arg = df.Define("z", "ArgMin(abs(d - 0.5))").Take<int>("z");
        var refSum = df.Define("z", (RVec<float> a, RVec<float> b) =>
        {
            float t = 0f;
            for (int k = 0; k < a.Length; k++) t += a[k] * b[k];
            return t;
        }, "a", "b").Take<float>("z");
        var refArg = df.Define("z", (RVec<double> d) =>
        {
            int best = 0;
            for (int k = 1; k < d.Length; k++)
                if (Math.Abs(d[k] - 0.5) < Math.Abs(d[best] - 0.5)) best = k;
            return best;
        }, "d").Take<int>("z");
        AssertSame(refSum.Value, sum.Value);
        AssertSame(refArg.Value, arg.Value);
    }

    [Fact]
    public void ChunkWideFormsOverSourceColumnsMatchOnDenseAndSparseSelections()
    {
        // Vectors and mask selections over vector columns only run over each chunk's flat values at once.
        foreach (var e in new[] { "a[abs(b) < 1.0 && !m]", "Map(a, b, (u, v) => u * Math.Cos(v)) - d" })
            Assert.NotNull(Fusion.ChunkFormOf(ExpressionCompiler.Analyze("t", e, s_types).Source));
        Assert.Null(Fusion.ChunkFormOf(ExpressionCompiler.Analyze("t", "Take(a, idx) * 2", s_types).Source));
        Assert.Null(Fusion.ChunkFormOf(ExpressionCompiler.Analyze("t", "a * x", s_types).Source));
        var df = Make(7);
        foreach (var at in new[] { df, df.Filter("x > 0.3 && s % 3 != 1") })
        {
            Check(at, "a[abs(b) < 1.0 && !m]", (RVec<float> a, RVec<float> b, RVec<bool> m) => a[VecOps.abs(b) < 1.0 && !m], "a", "b", "m");
            Check(at, "Map(a, b, (u, v) => u * Math.Cos(v)) - d", (RVec<float> a, RVec<float> b, RVec<double> d) => VecOps.Map(a, b, (u, v) => u * Math.Cos(v)) - d, "a", "b", "d");
        }
        // An element that throws is reported at its entry, as the per-entry form reports it.
        SameError(df, "Map(a, v => float.IsInfinity(v) ? throw new InvalidOperationException(\"infinite\") : v) * 2",
                  (RVec<float> a) => VecOps.Map(a, v => float.IsInfinity(v) ? throw new InvalidOperationException("infinite") : v) * 2, "a");
    }

    [Fact]
    public void ExpressionsOutsideTheFusedFormsStayUnfused()
    {
        // A bare column, a lambda that captures another column, and a statement lambda are left to VecOps.
        Assert.DoesNotContain("__Fuse_", ExpressionCompiler.Analyze("t", "Sum(a)", s_types).Source);
        Assert.DoesNotContain("__Fuse_", ExpressionCompiler.Analyze("t", "Map(a, v => v * x)", s_types).Source);
        Assert.DoesNotContain("__Fuse_", ExpressionCompiler.Analyze("t", "Map(a, v => { return v * 2; })", s_types).Source);
        Assert.DoesNotContain("__Fuse_", ExpressionCompiler.Analyze("t", "checked(Sum(Map(q, k => k * 1000000000)))", s_types).Source);
        var df = Make(5);
        Check(df, "Map(a, v => v * x) + 1", (RVec<float> a, float x) => VecOps.Map(a, v => v * x) + 1, "a", "x", fused: true);
    }

    [Fact]
    public void ErrorsAreTheOnesOfTheUnfusedOperations()
    {
        var df = Make(6);
        SameError(df, "a + c * 2", (RVec<float> a, RVec<float> c) => a + c * 2, "a", "c");
        SameError(df, "a[c > 0]", (RVec<float> a, RVec<float> c) => a[c > 0], "a", "c");
        SameError(df, "Take(a, far) * 2", (RVec<float> a, RVec<int> far) => VecOps.Take(a, far) * 2, "a", "far");
        SameError(df, "Max(a * 2)", (RVec<float> a) => VecOps.Max(a * 2), "a");
        SameError(df, "InvariantMasses(Take(a, idx), Take(b, idx), Take(c, idx), Take(a, idx), Take(a, far), Take(b, far), Take(c, far), Take(a, far))",
                  (RVec<float> a, RVec<float> b, RVec<float> c, RVec<int> idx, RVec<int> far) => VecOps.InvariantMasses(VecOps.Take(a, idx), VecOps.Take(b, idx), VecOps.Take(c, idx), VecOps.Take(a, idx),
                      VecOps.Take(a, far), VecOps.Take(b, far), VecOps.Take(c, far), VecOps.Take(a, far)), "a", "b", "c", "idx", "far");
        SameError(df, "Sum(Take(b, far) > 0)", (RVec<float> b, RVec<int> far) => VecOps.Sum(VecOps.Take(b, far) > 0), "b", "far");
    }

    private static void Check<T1, TResult>(Frame df, string expression, Func<T1, TResult> reference, string c1, bool fused = true) =>
        Compare(df, expression, df.Define("z", reference, c1), fused);

    private static void Check<T1, T2, TResult>(Frame df, string expression, Func<T1, T2, TResult> reference, string c1, string c2, bool fused = true) =>
        Compare(df, expression, df.Define("z", reference, c1, c2), fused);

    private static void Check<T1, T2, T3, TResult>(Frame df, string expression, Func<T1, T2, T3, TResult> reference, string c1, string c2, string c3) =>
        Compare(df, expression, df.Define("z", reference, c1, c2, c3), true);

    private static void Check<T1, T2, T3, T4, TResult>(Frame df, string expression, Func<T1, T2, T3, T4, TResult> reference, string c1, string c2, string c3, string c4) =>
        Compare(df, expression, df.Define("z", reference, c1, c2, c3, c4), true);

    private static void Check<T1, T2, T3, T4, T5, TResult>(Frame df, string expression, Func<T1, T2, T3, T4, T5, TResult> reference, string c1, string c2, string c3, string c4, string c5) =>
        Compare(df, expression, df.Define("z", reference, c1, c2, c3, c4, c5), true);

    private static void Compare(Frame df, string expression, Frame reference, bool fused)
    {
        if (fused) AssertFused(expression);
        var type = ExpressionCompiler.Analyze("test", expression, s_types).ResultType;
        var take = typeof(Frame).GetMethod(nameof(Frame.Take), [typeof(string)])!.MakeGenericMethod(type);
        object Values(Frame f)
        {
            var result = take.Invoke(f, ["z"])!;
            return result.GetType().GetProperty("Value")!.GetValue(result)!;
        }
        var expected = Values(reference);
        var actual = Values(df.Define("z", expression));
        var same = typeof(FusedExpressionTests).GetMethod(nameof(AssertSame), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(type);
        try
        {
            same.Invoke(null, [expected, actual]);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new Xunit.Sdk.XunitException($"{expression}: {e.InnerException.Message}");
        }
    }

    private static void SameError<T1, TResult>(Frame df, string expression, Func<T1, TResult> reference, string c1) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1));

    private static void SameError<T1, T2, TResult>(Frame df, string expression, Func<T1, T2, TResult> reference, string c1, string c2) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2));

    private static void SameError<T1, T2, T3, T4, T5, TResult>(Frame df, string expression, Func<T1, T2, T3, T4, T5, TResult> reference, string c1, string c2, string c3, string c4, string c5) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2, c3, c4, c5));

    private static void SameError<TResult>(Frame df, string expression, Frame reference)
    {
        AssertFused(expression);
        var expected = Assert.Throws<EventLoopException>(() => reference.Take<TResult>("z").Value);
        var actual = Assert.Throws<EventLoopException>(() => df.Define("z", expression).Take<TResult>("z").Value);
        Assert.Contains("\"" + expression + "\"", actual.Node);
        AssertSameError(expected, actual);
    }

    private static void AssertSameError(EventLoopException expected, EventLoopException actual)
    {
        Assert.Equal(expected.Entry, actual.Entry);
        Assert.Equal(expected.InnerException!.GetType(), actual.InnerException!.GetType());
        Assert.Equal(expected.InnerException.Message, actual.InnerException.Message);
    }
}
