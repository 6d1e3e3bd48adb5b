namespace EventFrame.Tests.Vectors;

/// <summary>
/// String-expression Defines inlined into their only consumer (fusion across Defines) give exactly the values of the
/// same Defines stored as columns (the typed-lambda chain), whatever the consumers, names and exceptions.
/// </summary>
public class DefineInliningTests
{
    private const int Events = 600;

    private static (float[][] A, int[][] Far) Data()
    {
        var rng = new Random(7);
        var a = new float[Events][];
        var far = new int[Events][];
        for (int e = 0; e < Events; e++)
        {
            int n = e % 23;
            a[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(40) == 0 ? float.NaN : (float)(rng.NextDouble() * 50 - 10))];
            far[e] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(n))];
        }
        // One entry reads past its vector: the inlined Define must fail there, as the stored one does.
        far[Events - 5] = [.. far[Events - 5], 99];
        return (a, far);
    }

    private static Frame Make(bool bad = false, int threads = 2)
    {
        var (a, far) = Data();
        if (!bad) far[Events - 5] = far[Events - 5][..^1];
        return Frame.FromArrays(new Dictionary<string, Array> { ["a"] = a, ["far"] = far }, new ExecutionOptions { Threads = threads, ChunkSize = 64 });
    }

    private static List<double> Expected(Func<float[], int[], double?> f)
    {
        var (a, far) = Data();
        far[Events - 5] = far[Events - 5][..^1];
        var r = new List<double>();
        for (int e = 0; e < Events; e++)
            if (f(a[e], far[e]) is { } v) r.Add(v);
        return r;
    }

    private static void AssertBits(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static double SumSelected(float[] a, Func<float, bool> keep, float scale)
    {
        float s = 0;
        foreach (var x in a)
            if (keep(x)) s += x * scale;
        return s;
    }

    [Fact]
    public void ChainBelowAFilterGivesTheStoredValues()
    {
        // x and y have one consumer each (y, then the filter and z share y: y stays a column, x is inlined into it).
        var df = Make().Define("x", "a[a > 1.0f]").Define("y", "x * 2.0f").Filter("y.Length > 1").Define("z", "Sum(y)");
        var expected = Expected((a, _) => a.Count(v => v > 1f) > 1 ? SumSelected(a, v => v > 1f, 2f) : null);
        AssertBits(expected, [.. df.Take<float>("z").Value.Select(v => (double)v)]);
    }

    [Fact]
    public void SingleConsumerChainsCollapseIntoTheAction()
    {
        // w reads u twice and v once; v reads u: both are inlined into w, which the action reads; the filter's own
        // Define is inlined into the filter.
        var df = Make().Define("ok", "a.Length > 0").Filter("ok").Define("u", "a * 0.5f").Define("v", "u[u > 2.0f]").Define("w", "Sum(v) + Max(u) - u.Length");
        var expected = Expected((a, _) =>
        {
            if (a.Length == 0) return null;
            var u = a.Select(x => x * 0.5f).ToArray();
            float sum = 0, max = u[0];
            foreach (var x in u)
                if (x > 2f) sum += x;
            for (int k = 1; k < u.Length; k++)
                if (max < u[k]) max = u[k];
            return sum + max - u.Length;
        });
        AssertBits(expected, [.. df.Take<float>("w").Value.Select(v => (double)v)]);
    }

    [Fact]
    public void ARedefineReadingTheColumnItReplacesStaysCorrect()
    {
        var df = Make().Define("x", "a * 2.0f").Redefine("x", "x + 1.0f").Define("s", "Sum(x)");
        var expected = Expected((a, _) => { float s = 0; foreach (var v in a) s += v * 2f + 1f; return s; });
        AssertBits(expected, [.. df.Take<float>("s").Value.Select(v => (double)v)]);
    }

    [Fact]
    public void AnAliasedDefineStaysCorrect()
    {
        var df = Make().Define("x", "a - 1.0f").Alias("y", "x").Define("s", "Sum(x) + Sum(y[y > 0.0f])");
        var expected = Expected((a, _) =>
        {
            float s1 = 0, s2 = 0;
            foreach (var v in a) s1 += v - 1f;
            foreach (var v in a)
                if (v - 1f > 0f) s2 += v - 1f;
            return s1 + s2;
        });
        AssertBits(expected, [.. df.Take<float>("s").Value.Select(v => (double)v)]);
    }

    [Fact]
    public void ADefineWithTwoConsumersAndAnActionStaysCorrect()
    {
        var df = Make().Define("x", "Take(a, far)").Define("p", "Sum(x)").Define("q", "x.Length");
        var expected = Expected((a, far) => { float s = 0; foreach (var i in far) s += a[i]; return s; });
        AssertBits(expected, [.. df.Take<float>("p").Value.Select(v => (double)v)]);
        Assert.Equal(Expected((_, far) => far.Length), df.Take<int>("q").Value.Select(v => (double)v).ToList());
    }

    [Fact]
    public void CombinationsReadInSeveralGroupsAreCopiedIntoEach()
    {
        // t is read by s (through best, an ArgMax) and by top (at one scalar index): two groups, each with its own copy.
        Frame Chain(Frame f, bool stored) => stored
            ? f.Define("t", (RVec<float> a) => VecOps.Combinations(a, 3), "a")
               .Define("s", (RVec<float> a, RVec<RVec<int>> t) => VecOps.Take(a, t[0]) + VecOps.Take(a, t[1]) + VecOps.Take(a, t[2]), "a", "t")
               .Define("best", (RVec<float> s) => VecOps.ArgMax(s), "s")
               .Define("top", (RVec<float> a, RVec<RVec<int>> t, int best) => a[t[0][best]] * 2f + a[t[2][best]], "a", "t", "best")
            : f.Define("t", "Combinations(a, 3)")
               .Define("s", "Take(a, t[0]) + Take(a, t[1]) + Take(a, t[2])")
               .Define("best", "ArgMax(s)")
               .Define("top", "a[t[0][best]] * 2f + a[t[2][best]]");
        foreach (int threads in new[] { 1, 2 })
        {
            var expected = Chain(Make(threads: threads).Filter("a.Length >= 3"), stored: true);
            var actual = Chain(Make(threads: threads).Filter("a.Length >= 3"), stored: false);
            var e = expected.Take<float>("top");
            var b = expected.Take<int>("best");
            var a = actual.Take<float>("top");
            var c = actual.Take<int>("best");
            Assert.Equal(b.Value, c.Value);
            AssertBits([.. e.Value.Select(v => (double)v)], [.. a.Value.Select(v => (double)v)]);
            Assert.True(e.Value.Count > 400);

            // Below three elements Combinations throws: at the consumer's node, which proves t was written into it.
            var error = Assert.Throws<EventLoopException>(() => Chain(Make(threads: threads), stored: false).Take<float>("top").Value);
            Assert.Equal(0, error.Entry);
            Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
            Assert.DoesNotContain("Combinations(a, 3)", error.Node);
        }
    }

    [Fact]
    public void AnElementWiseDefineReadAtOneIndexElsewhereIsCopiedThere()
    {
        // best is read by a Filter and by top (two groups), so it is stored. s is read whole by best (an ArgMax) and
        // at one index by top: top gets its own copy (one element computed), and so does ax, which only s reads.
        static Frame Chain(Frame f, bool stored) => stored
            ? f.Define("s", (RVec<float> a) =>
                {
                    var t = VecOps.Combinations(a, 3);
                    var ax = a * 2f;
                    return VecOps.Take(ax, t[0]) + VecOps.Take(ax, t[1]) * VecOps.Take(ax, t[2]);
                }, "a")
               .Define("best", (RVec<float> s) => VecOps.ArgMax(s), "s").Filter((int best) => best >= 0, ["best"])
               .Define("top", (RVec<float> s, int best) => s[best] * s[best] + 1f, "s", "best")
            : f.Define("t", "Combinations(a, 3)").Define("ax", "a * 2f")
               .Define("s", "Take(ax, t[0]) + Take(ax, t[1]) * Take(ax, t[2])")
               .Define("best", "ArgMax(s)").Filter("best >= 0")
               .Define("top", "s[best] * s[best] + 1f");
        foreach (int threads in new[] { 1, 2 })
        {
            var expected = Chain(Make(threads: threads).Filter("a.Length >= 3"), stored: true).Take<float>("top");
            var actual = Chain(Make(threads: threads).Filter("a.Length >= 3"), stored: false);
            AssertBits([.. expected.Value.Select(v => (double)v)], [.. actual.Take<float>("top").Value.Select(v => (double)v)]);
            Assert.True(expected.Value.Count > 400);
        }
        // ax is copied too, but neither copy can be written into s (a gather from a computed vector needs the
        // vector): it is refused and stored.
        Assert.Equal(["ax", "best"], Stored<float>(Chain(Make().Filter("a.Length >= 3"), stored: false), "top"));

        // A four-vector member gathered at the triplets is fused: then nothing but best (and the typed p4) is stored.
        static Frame Members(Frame f, bool stored) => (stored
            ? f.Define("p4", PtEtaPhiMVector.Construct, "a", "a", "a", "a").Define("s", (RVec<float> a, RVec<PtEtaPhiMVector> p4) =>
                {
                    var t = VecOps.Combinations(a, 3);
                    var px = VecOps.Map(p4, p => p.Px());
                    return VecOps.Take(px, t[0]) + VecOps.Take(px, t[1]) * VecOps.Take(px, t[2]);
                }, "a", "p4")
               .Define("best", (RVec<double> s) => VecOps.ArgMax(s), "s").Filter((int best) => best >= 0, ["best"])
               .Define("top", (RVec<double> s, int best) => s[best] * s[best] + 1.0, "s", "best")
            : f.Define("p4", PtEtaPhiMVector.Construct, "a", "a", "a", "a").Define("t", "Combinations(a, 3)").Define("px", "Map(p4, p => p.Px())")
               .Define("s", "Take(px, t[0]) + Take(px, t[1]) * Take(px, t[2])")
               .Define("best", "ArgMax(s)").Filter("best >= 0")
               .Define("top", "s[best] * s[best] + 1.0"));
        var e1 = Members(Make().Filter("a.Length >= 3"), stored: true).Take<double>("top");
        AssertBits(e1.Value, Members(Make().Filter("a.Length >= 3"), stored: false).Take<double>("top").Value);
        Assert.Equal(["best", "p4"], Stored<double>(Members(Make().Filter("a.Length >= 3"), stored: false), "top"));

        // Read at one index but not fusable there (Take at computed indices may fail anywhere): the copy is refused
        // and s is stored, as before.
        static Frame Gathers(Frame f, bool stored) => stored
            ? f.Define("s", (RVec<float> a, RVec<int> far) => VecOps.Take(a, far) * 3f, "a", "far").Define("best", (RVec<float> s) => VecOps.ArgMax(s), "s")
               .Filter((int best) => best >= 0, ["best"]).Define("top", (RVec<float> s, int best) => s[best] * s[best], "s", "best")
            : f.Define("s", "Take(a, far) * 3f").Define("best", "ArgMax(s)").Filter("best >= 0").Define("top", "s[best] * s[best]");
        var e2 = Gathers(Make().Filter("a.Length >= 1"), stored: true).Take<float>("top");
        var a2 = Gathers(Make().Filter("a.Length >= 1"), stored: false);
        AssertBits([.. e2.Value.Select(v => (double)v)], [.. a2.Take<float>("top").Value.Select(v => (double)v)]);
        Assert.Equal(["best", "s"], Stored<float>(Gathers(Make().Filter("a.Length >= 1"), stored: false), "top"));
    }

    /// <summary>The Defines the run of <paramref name="column"/>'s Take stores as columns, by name, sorted.</summary>
    private static List<string> Stored<T>(Frame f, string column)
    {
        _ = f.Take<T>(column);
        var actions = f.Graph.TakePending();
        var filters = f.Graph.Nodes.OfType<EventFrame.Graph.FilterNode>().ToList();
        var combined = EventFrame.Expressions.DefineInlining.Combine(actions.SelectMany(a => a.Inputs), filters);
        // A column is stored when some code that runs reads it (the actions', the filters', a stored Define's, each
        // combined where it absorbed others); inlined Defines are read by no one.
        IEnumerable<EventFrame.Graph.ColumnDef> Reads(EventFrame.Graph.Node n) =>
            combined.TryGetValue(n, out var c) ? c.Inputs : n switch
            {
                EventFrame.Graph.DefineNode { Code: EventFrame.Graph.ExpressionCode e } => e.Inputs,
                EventFrame.Graph.FilterNode { Code: EventFrame.Graph.ExpressionCode e } => e.Inputs,
                _ => [],
            };
        var read = actions.SelectMany(a => a.Inputs).Concat(filters.SelectMany(Reads)).ToHashSet();
        for (int before = -1; before != read.Count;)
        {
            before = read.Count;
            foreach (var n in f.Graph.Nodes.OfType<EventFrame.Graph.DefineNode>().Where(n => read.Contains(n.Column)).ToList()) read.UnionWith(Reads(n));
        }
        return [.. f.Graph.Nodes.OfType<EventFrame.Graph.DefineNode>().Where(n => read.Contains(n.Column) && n.Name != column).Select(n => n.Name).Order()];
    }

    [Fact]
    public void ADefineReadTwiceIsWrittenIntoAReaderThatFusesIt()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var stored = Make(threads: threads).Define("x", (RVec<float> a, RVec<int> far) => VecOps.Take(a, far) * 2f, "a", "far")
                .Define("s", (RVec<float> x) => VecOps.ArgMax(x * x - x), "x");
            var inlined = Make(threads: threads).Define("x", "Take(a, far) * 2f").Define("s", "ArgMax(x * x - x)");
            Assert.Equal(stored.Take<int>("s").Value, inlined.Take<int>("s").Value);

            // Written into s (and computed once per element there, see FusedExpressionTests), x fails at s's node.
            var error = Assert.Throws<EventLoopException>(() => Make(bad: true, threads).Define("x", "Take(a, far) * 2f").Define("s", "ArgMax(x * x - x)").Take<int>("s").Value);
            Assert.Equal(Events - 5, error.Entry);
            Assert.Contains("ArgMax", error.Node);
        }
    }

    [Fact]
    public void MasksJoinedByAndAndOrAreEvaluatedWholeButScalarConditionsShortCircuit()
    {
        // RVec masks' && and || evaluate both sides: x, read twice, is written into the filter and fused there.
        var stored = Make().Define("x", (RVec<float> a, RVec<int> far) => VecOps.Take(a, far) * 2f, "a", "far")
            .Filter((RVec<float> a, RVec<float> x) => VecOps.Any((a > 0f) & (x > 1f) & (x < 50f) | (x > 90f)), ["a", "x"]).Count();
        var inlined = Make().Define("x", "Take(a, far) * 2f").Filter("Any(a > 0f && x > 1f && x < 50f || x > 90f)").Count();
        Assert.Equal(stored.Value, inlined.Value);
        Assert.True(inlined.Value > 100);

        // A scalar && skips its right side: x must still be computed (and fail) where the left side is false, as the
        // stored column would be: it is not written under the &&.
        var error = Assert.Throws<EventLoopException>(() => Make(bad: true).Define("x", "Take(a, far) * 2f").Filter("a.Length < 10 && Sum(x) > 0").Count().Value);
        Assert.Equal(Events - 5, error.Entry);
    }

    [Fact]
    public void AnInlinedDefineThatThrowsFailsAtTheSameEntry()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var stored = Make(bad: true, threads).Define("x", "Take(a, far)").Define("s", (RVec<float> x) => Sum(x), ["x"]);
            var inlined = Make(bad: true, threads).Define("x", "Take(a, far)").Define("s", "Sum(x)");
            var e1 = Assert.Throws<EventLoopException>(() => stored.Take<float>("s").Value);
            var e2 = Assert.Throws<EventLoopException>(() => inlined.Take<float>("s").Value);
            Assert.Equal(e1.Entry, e2.Entry);
            // The stored Define fails at its own node; the inlined one at its consumer's (which proves it was inlined).
            Assert.Contains("Take(a, far)", e1.Node);
            Assert.Contains("Sum(x)", e2.Node);
            Assert.Equal(e1.InnerException!.GetType(), e2.InnerException!.GetType());
            Assert.Equal(e1.InnerException!.Message, e2.InnerException!.Message);
        }

        static float Sum(RVec<float> x)
        {
            float s = 0;
            foreach (var v in x) s += v;
            return s;
        }
    }
}
