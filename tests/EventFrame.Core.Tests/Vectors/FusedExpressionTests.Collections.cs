namespace EventFrame.Tests.Vectors;

/// <summary>
/// Fused <c>Concatenate</c> of selections, <c>Drop</c> of computed indices and the indices of
/// <c>Combinations(v1, v2)</c>, <c>Combinations(v, 2)</c> and <c>Combinations(v, 3)</c> (loop counters, nested loops
/// with values hoisted to the counter they depend on, or one combination computed from the sizes, instead of index
/// vectors) against the unfused VecOps functions, at every length 0..256 (0..60 for triplets), with the same exceptions.
/// </summary>
public partial class FusedExpressionTests
{
    [Fact]
    public void ConcatenationsOfSelectionsMatchVecOps()
    {
        var df = Make(11);
        Check(df, "Concatenate(a[b > 0], a[m])", (RVec<float> a, RVec<float> b, RVec<bool> m) => VecOps.Concatenate(a[b > 0], a[m]), "a", "b", "m");
        Check(df, "Concatenate(a * 2, b[m])", (RVec<float> a, RVec<float> b, RVec<bool> m) => VecOps.Concatenate(a * 2, b[m]), "a", "b", "m");
        Check(df, "Concatenate(a, c[c > 1])", (RVec<float> a, RVec<float> c) => VecOps.Concatenate(a, c[c > 1]), "a", "c");
        Check(df, "Concatenate(Map(q, v => 13), Map(idx, v => 11))", (RVec<int> q, RVec<int> idx) => VecOps.Concatenate(VecOps.Map(q, v => 13), VecOps.Map(idx, v => 11)), "q", "idx");
        Check(df, "Concatenate(Take(d, idx), d[d > 0.5])", (RVec<double> d, RVec<int> idx) => VecOps.Concatenate(VecOps.Take(d, idx), d[d > 0.5]), "d", "idx");
    }

    [Fact]
    public void ConcatenationsFailAsVecOpsDoes()
    {
        var df = Make(12);
        // The second part's mask does not fit; the first part's gather fails first where it can.
        SameError(df, "Concatenate(a[m], c[m])", (RVec<float> a, RVec<float> c, RVec<bool> m) => VecOps.Concatenate(a[m], c[m]), "a", "c", "m");
        SameError(df, "Concatenate(Take(a, far)[m], c[m])", (RVec<float> a, RVec<int> far, RVec<float> c, RVec<bool> m) => VecOps.Concatenate(VecOps.Take(a, far)[m], c[m]), "a", "far", "c", "m");
    }

    [Fact]
    public void DropsOfComputedIndicesMatchVecOps()
    {
        var df = Make(13);
        Check(df, "Drop(a, idx[m])", (RVec<float> a, RVec<int> idx, RVec<bool> m) => VecOps.Drop(a, idx[m]), "a", "idx", "m");
        Check(df, "Drop(a, far[b > 0])", (RVec<float> a, RVec<int> far, RVec<float> b) => VecOps.Drop(a, far[b > 0]), "a", "far", "b");
        Check(df, "Drop(q, Take(idx, jdx))", (RVec<int> q, RVec<int> idx, RVec<int> jdx) => VecOps.Drop(q, VecOps.Take(idx, jdx)), "q", "idx", "jdx");
        Check(df, "Drop(c, Combinations(a, b)[0][Take(a, Combinations(a, b)[0]) > Take(b, Combinations(a, b)[1])])",
              (RVec<float> c, RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, b);
                  return VecOps.Drop(c, p[0][VecOps.Take(a, p[0]) > VecOps.Take(b, p[1])]);
              }, "c", "a", "b");
        SameError(df, "Drop(a, Take(idx, far))", (RVec<float> a, RVec<int> idx, RVec<int> far) => VecOps.Drop(a, VecOps.Take(idx, far)), "a", "idx", "far");
    }

    [Fact]
    public void PairsOfTwoCollectionsMatchCombinations()
    {
        var df = Make(14);
        // An index vector alone stays Combinations' shared view: a loop would only copy it.
        Check(df, "Combinations(a, c)[0]", (RVec<float> a, RVec<float> c) => VecOps.Combinations(a, c)[0], "a", "c", fused: false);
        Check(df, "Combinations(a, c)[1] * 2", (RVec<float> a, RVec<float> c) => VecOps.Combinations(a, c)[1] * 2, "a", "c");
        Check(df, "Sum(Combinations(q, c)[1]) + Sum(Combinations(q, c)[0] * 2)",
              (RVec<int> q, RVec<float> c) => VecOps.Sum(VecOps.Combinations(q, c)[1]) + VecOps.Sum(VecOps.Combinations(q, c)[0] * 2), "q", "c");
        Check(df, "DeltaR(Take(a, Combinations(a, b)[0]), Take(b, Combinations(a, b)[1]), Take(b, Combinations(a, b)[0]), Take(a, Combinations(a, b)[1]))",
              (RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, b);
                  return VecOps.DeltaR(VecOps.Take(a, p[0]), VecOps.Take(b, p[1]), VecOps.Take(b, p[0]), VecOps.Take(a, p[1]));
              }, "a", "b");
        Check(df, "Combinations(a, q)[0][Take(a, Combinations(a, q)[0]) > 10]",
              (RVec<float> a, RVec<int> q) => VecOps.Combinations(a, q)[0][VecOps.Take(a, VecOps.Combinations(a, q)[0]) > 10], "a", "q");
    }

    [Fact]
    public void PairsAndTripletsOfOneCollectionMatchCombinations()
    {
        // Up to 40 elements (9880 triplets); every form below runs as nested loops over the counters.
        var df = Make(15).Filter("a.Length >= 3 && a.Length <= 40");
        Check(df, "Combinations(a, 2)[1] * 2", (RVec<float> a) => VecOps.Combinations(a, 2)[1] * 2, "a");
        Check(df, "Take(a, Combinations(a, 3)[0]) + Take(a, Combinations(a, 3)[1]) + Take(a, Combinations(a, 3)[2])",
              (RVec<float> a) =>
              {
                  var t = VecOps.Combinations(a, 3);
                  return VecOps.Take(a, t[0]) + VecOps.Take(a, t[1]) + VecOps.Take(a, t[2]);
              }, "a");
        Check(df, "ArgMin(abs(Take(b, Combinations(a, 3)[2]) - Take(a, Combinations(a, 3)[0]) * Take(a, Combinations(a, 3)[1])))",
              (RVec<float> a, RVec<float> b) =>
              {
                  var t = VecOps.Combinations(a, 3);
                  return VecOps.ArgMin(VecOps.abs(VecOps.Take(b, t[2]) - VecOps.Take(a, t[0]) * VecOps.Take(a, t[1])));
              }, "a", "b");
        Check(df, "Max(Take(d, Combinations(a, 3)[0]) + Take(d, Combinations(a, 3)[2]))",
              (RVec<float> a, RVec<double> d) => VecOps.Max(VecOps.Take(d, VecOps.Combinations(a, 3)[0]) + VecOps.Take(d, VecOps.Combinations(a, 3)[2])), "a", "d");
        Check(df, "Any(Take(a, Combinations(a, 2)[0]) > Take(a, Combinations(a, 2)[1]) + 90)",
              (RVec<float> a) => VecOps.Any(VecOps.Take(a, VecOps.Combinations(a, 2)[0]) > VecOps.Take(a, VecOps.Combinations(a, 2)[1]) + 90), "a");
        Check(df, "Sum(Map(Take(q, Combinations(a, 3)[0]), Take(q, Combinations(a, 3)[1]), (x, y) => x * 10 + y))",
              (RVec<float> a, RVec<int> q) => VecOps.Sum(VecOps.Map(VecOps.Take(q, VecOps.Combinations(a, 3)[0]), VecOps.Take(q, VecOps.Combinations(a, 3)[1]), (x, y) => x * 10 + y)), "a", "q");
        Check(df, "Combinations(a, 2)[1][Take(a, Combinations(a, 2)[0]) > Take(b, Combinations(a, 2)[1])]",
              (RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, 2);
                  return p[1][VecOps.Take(a, p[0]) > VecOps.Take(b, p[1])];
              }, "a", "b");
        Check(df, "Drop(b, Combinations(a, 2)[0][Take(a, Combinations(a, 2)[0]) < Take(a, Combinations(a, 2)[1])])",
              (RVec<float> b, RVec<float> a) =>
              {
                  var p = VecOps.Combinations(a, 2);
                  return VecOps.Drop(b, p[0][VecOps.Take(a, p[0]) < VecOps.Take(a, p[1])]);
              }, "b", "a");
        // The pairs' masses: each particle's four-vector at its own loop level (the outer one once per element).
        Check(df, "InvariantMasses(Take(a, Combinations(a, b)[0]), Take(b, Combinations(a, b)[0]), Take(a, Combinations(a, b)[0]), Take(b, Combinations(a, b)[0]), " +
                  "Take(b, Combinations(a, b)[1]), Take(a, Combinations(a, b)[1]), Take(b, Combinations(a, b)[1]), Take(a, Combinations(a, b)[1]))",
              (RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, b);
                  return VecOps.InvariantMasses(VecOps.Take(a, p[0]), VecOps.Take(b, p[0]), VecOps.Take(a, p[0]), VecOps.Take(b, p[0]),
                                                VecOps.Take(b, p[1]), VecOps.Take(a, p[1]), VecOps.Take(b, p[1]), VecOps.Take(a, p[1]));
              }, "a", "b");
        // One collection's pairs gather the same four sources: every particle's four-vector once per entry (PairMass).
        const string Masses = "InvariantMasses(Take(a, Combinations(a, 2)[0]), Take(b, Combinations(a, 2)[0]), Take(a, Combinations(a, 2)[0]), Take(b, Combinations(a, 2)[0]), " +
                              "Take(a, Combinations(a, 2)[1]), Take(b, Combinations(a, 2)[1]), Take(a, Combinations(a, 2)[1]), Take(b, Combinations(a, 2)[1]))";
        Check(df, Masses, (RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, 2);
                  return VecOps.InvariantMasses(VecOps.Take(a, p[0]), VecOps.Take(b, p[0]), VecOps.Take(a, p[0]), VecOps.Take(b, p[0]),
                                                VecOps.Take(a, p[1]), VecOps.Take(b, p[1]), VecOps.Take(a, p[1]), VecOps.Take(b, p[1]));
              }, "a", "b");
        var masses = EventFrame.Expressions.ExpressionCompiler.Analyze("test", Masses, s_types).Source;
        Assert.Contains("PairMass", string.Concat(EventFrame.Expressions.Fusion.HelpersOf(masses)));
        // A Concatenate of combinations is not fused (its size would read the parts' counts before they are declared,
        // so the generated method does not compile and the expression runs unfused); All leaves a nest at the first false.
        Check(df, "Concatenate(Combinations(a, 2)[0][Take(a, Combinations(a, 2)[0]) > Take(b, Combinations(a, 2)[1])], Combinations(b, 3)[2] * 2)",
              (RVec<float> a, RVec<float> b) => VecOps.Concatenate(VecOps.Combinations(a, 2)[0][VecOps.Take(a, VecOps.Combinations(a, 2)[0]) > VecOps.Take(b, VecOps.Combinations(a, 2)[1])],
                                                                   VecOps.Combinations(b, 3)[2] * 2), "a", "b", fused: false);
        Check(df, "All(Take(a, Combinations(a, 3)[0]) + Take(a, Combinations(a, 3)[1]) < Take(a, Combinations(a, 3)[2]) + 60)",
              (RVec<float> a) =>
              {
                  var t = VecOps.Combinations(a, 3);
                  return VecOps.All(VecOps.Take(a, t[0]) + VecOps.Take(a, t[1]) < VecOps.Take(a, t[2]) + 60);
              }, "a");
        // Two nests in one loop: one flat loop stepping both sets of counters.
        Check(df, "Combinations(a, 2)[0] * 100 + Combinations(b, 2)[1]", (RVec<float> a, RVec<float> b) => VecOps.Combinations(a, 2)[0] * 100 + VecOps.Combinations(b, 2)[1], "a", "b");
        Check(df, "Combinations(a, 3)[2] * 10000 + Combinations(b, 3)[1] * 100 + Combinations(b, 3)[0]",
              (RVec<float> a, RVec<float> b) => VecOps.Combinations(a, 3)[2] * 10000 + VecOps.Combinations(b, 3)[1] * 100 + VecOps.Combinations(b, 3)[0], "a", "b");
        // Every length from 0: Combinations' own exception below n elements, and a gather past the end of a.
        var all = Make(16);
        SameError(all, "Take(a, Combinations(b, 3)[1]) * 2", (RVec<float> a, RVec<float> b) => VecOps.Take(a, VecOps.Combinations(b, 3)[1]) * 2, "a", "b");
        SameError(all.Filter("a.Length >= 2 && a.Length <= 40"), "Take(a, Combinations(c, 2)[1]) + Take(a, Combinations(c, 2)[0])",
                  (RVec<float> a, RVec<float> c) => VecOps.Take(a, VecOps.Combinations(c, 2)[1]) + VecOps.Take(a, VecOps.Combinations(c, 2)[0]), "a", "c");
    }

    [Fact]
    public void AFormWrittenTwiceIsComputedOncePerElement()
    {
        var df = Make(18);
        const string Twice = "ArgMax((Take(a, idx) * 2f) * (Take(a, idx) * 2f) - (Take(a, idx) * 2f))";
        var code = string.Concat(EventFrame.Expressions.Fusion.HelpersOf(EventFrame.Expressions.ExpressionCompiler.Analyze("test", Twice, s_types).Source));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(code, @"FusedVecOps\.At\("));
        Check(df, Twice, (RVec<float> a, RVec<int> idx) => VecOps.ArgMax(VecOps.Take(a, idx) * 2f * (VecOps.Take(a, idx) * 2f) - VecOps.Take(a, idx) * 2f), "a", "idx");
        SameError(df, "Sum(Take(a, far) + Take(a, far) * Take(a, far))", (RVec<float> a, RVec<int> far) => VecOps.Sum(VecOps.Take(a, far) + VecOps.Take(a, far) * VecOps.Take(a, far)), "a", "far");
    }

    [Fact]
    public void AFormWithARandomDrawIsComputedAsOftenAsItIsWritten()
    {
        // Two draws are two values: the same text must not be computed once (then every difference would be 0).
        var df = Make(20).Filter("a.Length <= 60");
        var z = df.Define("z", "b * rdfrandom_.Uniform() - b * rdfrandom_.Uniform()").Take<RVec<double>>("z");
        var b = df.Take<RVec<float>>("b");
        Assert.True(z.Value.Sum(v => v.Count(double.IsFinite)) > 1000);
        Assert.Equal(b.Value.Sum(v => v.Count(x => x == 0)), z.Value.Sum(v => v.Count(x => x == 0)));
    }

    [Fact]
    public void GathersOfAFourVectorMemberReadTheGatheredVectors()
    {
        var df = Make(19).Filter("a.Length >= 3 && a.Length <= 40").Define("p4", PtEtaPhiMVector.Construct, "a", "b", "b", "a");
        const string Sums = "Take(Map(p4, p => p.Px()), Combinations(a, 3)[0]) + Take(Map(p4, p => p.Px()), Combinations(a, 3)[1]) * Take(Map(p4, v => v.E()), Combinations(a, 3)[2])";
        var types = new Dictionary<string, Type>(s_types) { ["p4"] = typeof(RVec<PtEtaPhiMVector>) };
        var source = EventFrame.Expressions.ExpressionCompiler.Analyze("test", Sums, types).Source;
        Assert.DoesNotContain("Map(", source);
        Assert.Single(EventFrame.Expressions.Fusion.HelpersOf(source));
        var expected = df.Define("z", (RVec<PtEtaPhiMVector> p4, RVec<float> a) =>
        {
            var t = VecOps.Combinations(a, 3);
            var px = VecOps.Map(p4, p => p.Px());
            return VecOps.Take(px, t[0]) + VecOps.Take(px, t[1]) * VecOps.Take(VecOps.Map(p4, v => v.E()), t[2]);
        }, "p4", "a").Take<RVec<double>>("z").Value;
        AssertSame(expected, df.Define("z", Sums).Take<RVec<double>>("z").Value);

        // An index past the end fails as Take over the mapped vector does (same entry, same message).
        var all = Make(19).Define("p4", PtEtaPhiMVector.Construct, "a", "b", "b", "a");
        var e1 = Assert.Throws<EventLoopException>(() => all.Define("z", (RVec<PtEtaPhiMVector> p4, RVec<int> far) => VecOps.Take(VecOps.Map(p4, p => p.Pt()), far), "p4", "far").Take<RVec<double>>("z").Value);
        var e2 = Assert.Throws<EventLoopException>(() => all.Define("z", "Take(Map(p4, p => p.Pt()), far)").Take<RVec<double>>("z").Value);
        AssertSameError(e1, e2);
    }

    [Fact]
    public void OneCombinationAtAScalarIndexMatchesCombinations()
    {
        // s is in [0, length): beyond the number of combinations for short vectors, so some entries fail.
        var df = Make(17).Filter("a.Length >= 6 && a.Length <= 60");
        foreach (var (expression, reference) in new (string, Func<RVec<float>, RVec<float>, int, int>)[]
                 {
                     ("Combinations(a, 3)[0][s] * 100 + Combinations(a, 3)[1][s] * 10 + Combinations(a, 3)[2][s]",
                      (a, _, s) => VecOps.Combinations(a, 3)[0][s] * 100 + VecOps.Combinations(a, 3)[1][s] * 10 + VecOps.Combinations(a, 3)[2][s]),
                     ("Combinations(a, 2)[0][s] * 100 + Combinations(a, 2)[1][s]", (a, _, s) => VecOps.Combinations(a, 2)[0][s] * 100 + VecOps.Combinations(a, 2)[1][s]),
                     ("Combinations(a, b)[0][s] * 100 + Combinations(a, b)[1][s]", (a, b, s) => VecOps.Combinations(a, b)[0][s] * 100 + VecOps.Combinations(a, b)[1][s]),
                 })
        {
            var source = EventFrame.Expressions.ExpressionCompiler.Analyze("test", expression, s_types).Source;
            Assert.Contains("FusedVecOps.", source);
            Assert.DoesNotContain("Combinations(", source);
            Assert.Equal(df.Define("z", reference, "a", "b", "s").Take<int>("z").Value, df.Define("z", expression).Take<int>("z").Value);
            // Every entry: too few elements for a combination, or an index past the last one.
            var expected = Assert.Throws<EventLoopException>(() => Make(17).Define("z", reference, "a", "b", "s").Take<int>("z").Value);
            var actual = Assert.Throws<EventLoopException>(() => Make(17).Define("z", expression).Take<int>("z").Value);
            AssertSameError(expected, actual);
        }

        // Too few elements and a failing index expression: Combinations' error comes first, as it is built first.
        var few = Make(17).Filter("a.Length >= 1 && a.Length <= 2");
        var e1 = Assert.Throws<EventLoopException>(() => few.Define("z", (RVec<float> a, RVec<int> idx) => VecOps.Combinations(a, 3)[0][VecOps.Take(a, idx + 5).Length], "a", "idx").Take<int>("z").Value);
        var e2 = Assert.Throws<EventLoopException>(() => few.Define("z", "Combinations(a, 3)[0][Take(a, idx + 5).Length]").Take<int>("z").Value);
        Assert.IsType<ArgumentOutOfRangeException>(e1.InnerException);
        AssertSameError(e1, e2);
        var e3 = Assert.Throws<EventLoopException>(() => few.Define("z", (RVec<float> a, RVec<float> b, RVec<int> idx) => VecOps.Combinations(a, b)[1][VecOps.Take(a, idx + 5).Length], "a", "b", "idx").Take<int>("z").Value);
        var e4 = Assert.Throws<EventLoopException>(() => few.Define("z", "Combinations(a, b)[1][Take(a, idx + 5).Length]").Take<int>("z").Value);
        Assert.IsType<IndexOutOfRangeException>(e3.InnerException);
        AssertSameError(e3, e4);
    }

    [Fact]
    public void SelectionsOfADropMatchVecOpsInOneLoop()
    {
        var df = Make(21).Filter("a.Length <= 80");
        // Overlap removal: drop each a with some b within ΔR 1, then keep those above 10 (a Define read twice).
        const string Clean = "Drop(a, Combinations(a, b)[0][DeltaR(Take(a, Combinations(a, b)[0]), Take(b, Combinations(a, b)[1]), Take(b, Combinations(a, b)[0]), Take(a, Combinations(a, b)[1])) < 1])";
        static RVec<float> Cleaned(RVec<float> a, RVec<float> b)
        {
            var p = VecOps.Combinations(a, b);
            return VecOps.Drop(a, p[0][VecOps.DeltaR(VecOps.Take(a, p[0]), VecOps.Take(b, p[1]), VecOps.Take(b, p[0]), VecOps.Take(a, p[1])) < 1]);
        }
        string selected = $"({Clean})[({Clean}) > 10]";
        var source = EventFrame.Expressions.ExpressionCompiler.Analyze("test", selected, s_types).Source;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, "__Fuse_"));
        // The selection's rejects are passed over, and a dropped element's other pairs are not looked at.
        var code = string.Concat(EventFrame.Expressions.Fusion.HelpersOf(source));
        Assert.Contains(") continue;", code);
        Assert.Contains("break; }", code);
        Check(df, selected, (RVec<float> a, RVec<float> b) => Cleaned(a, b)[Cleaned(a, b) > 10], "a", "b");
        Check(df, $"({Clean})[!(({Clean}) > x) && ({Clean}) != 42]", (RVec<float> a, RVec<float> b, float x) => Cleaned(a, b)[!(Cleaned(a, b) > x) & (Cleaned(a, b) != 42)], "a", "b", "x");
        // A selection that reads another vector (here of another size where something was dropped) is a loop of its
        // own over the Drop's result.
        SameError(df, $"({Clean})[Take(b, idx) > 0]", (RVec<float> a, RVec<float> b, RVec<int> idx) => Cleaned(a, b)[VecOps.Take(b, idx) > 0], "a", "b", "idx");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(EventFrame.Expressions.ExpressionCompiler.Analyze("test", $"({Clean})[Take(b, idx) > 0]", s_types).Source, "__Fuse_").Count);

        // c is one longer than a: the pairs of c gather a out of range. Neither the values of c the selection rejects
        // (past a's end here) nor the pairs after a drop may be passed over then.
        static RVec<float> Unsafe(RVec<float> a, RVec<float> b, RVec<float> c)
        {
            var p = VecOps.Combinations(c, b);
            return VecOps.Drop(a, p[0][VecOps.Take(a, p[0]) > -1000]);
        }
        const string Failing = "Drop(a, Combinations(c, b)[0][Take(a, Combinations(c, b)[0]) > -1000])";
        SameError(df, $"({Failing})[({Failing}) > 10]", (RVec<float> a, RVec<float> b, RVec<float> c) => Unsafe(a, b, c)[Unsafe(a, b, c) > 10], "a", "b", "c");
        SameError(df, Failing, (RVec<float> a, RVec<float> b, RVec<float> c) => Unsafe(a, b, c), "a", "b", "c");
    }

    [Fact]
    public void AnyAndAllOverPairsStopEarlyOnlyWhenNoLaterPairCanFail()
    {
        var df = Make(22).Filter("a.Length <= 80");
        // c is longer than a: its gathers cannot fail, which is checked from the sizes before the loop.
        const string Safe = "Any(Take(c, Combinations(a, b)[0]) + Take(b, Combinations(a, b)[1]) > 1)";
        var code = string.Concat(EventFrame.Expressions.Fusion.HelpersOf(EventFrame.Expressions.ExpressionCompiler.Analyze("test", Safe, s_types).Source));
        Assert.Contains("if (__safe) goto __stop;", code);
        Check(df, Safe, (RVec<float> a, RVec<float> b, RVec<float> c) =>
        {
            var p = VecOps.Combinations(a, b);
            return VecOps.Any(VecOps.Take(c, p[0]) + VecOps.Take(b, p[1]) > 1);
        }, "a", "b", "c");
        Check(df.Filter("a.Length >= 2"), "All(InvariantMasses(Take(a, Combinations(a, 2)[0]), Take(b, Combinations(a, 2)[0]), Take(b, Combinations(a, 2)[0]), Take(a, Combinations(a, 2)[0]), Take(a, Combinations(a, 2)[1]), Take(b, Combinations(a, 2)[1]), Take(b, Combinations(a, 2)[1]), Take(a, Combinations(a, 2)[1])) < 50)",
              (RVec<float> a, RVec<float> b) =>
              {
                  var p = VecOps.Combinations(a, 2);
                  return VecOps.All(VecOps.InvariantMasses(VecOps.Take(a, p[0]), VecOps.Take(b, p[0]), VecOps.Take(b, p[0]), VecOps.Take(a, p[0]),
                      VecOps.Take(a, p[1]), VecOps.Take(b, p[1]), VecOps.Take(b, p[1]), VecOps.Take(a, p[1])) < 50);
              }, "a", "b");
        // The pairs of c gather a out of range at the last c: the first pair decides, but the error must still come.
        SameError(df, "Any(Take(a, Combinations(c, b)[0]) > -1000 || Take(b, Combinations(c, b)[1]) < 1000)", (RVec<float> a, RVec<float> b, RVec<float> c) =>
        {
            var p = VecOps.Combinations(c, b);
            return VecOps.Any((VecOps.Take(a, p[0]) > -1000) | (VecOps.Take(b, p[1]) < 1000));
        }, "a", "b", "c");
        SameError(df, "All(InvariantMasses(Take(a, Combinations(c, 2)[0]), Take(b, Combinations(c, 2)[0]), Take(b, Combinations(c, 2)[0]), Take(a, Combinations(c, 2)[0]), Take(a, Combinations(c, 2)[1]), Take(b, Combinations(c, 2)[1]), Take(b, Combinations(c, 2)[1]), Take(a, Combinations(c, 2)[1])) > 1e9)",
              (RVec<float> a, RVec<float> b, RVec<float> c) =>
              {
                  var p = VecOps.Combinations(c, 2);
                  return VecOps.All(VecOps.InvariantMasses(VecOps.Take(a, p[0]), VecOps.Take(b, p[0]), VecOps.Take(b, p[0]), VecOps.Take(a, p[0]),
                      VecOps.Take(a, p[1]), VecOps.Take(b, p[1]), VecOps.Take(b, p[1]), VecOps.Take(a, p[1])) > 1e9);
              }, "a", "b", "c");
    }

    [Fact]
    public void CombinationCountsMatchCombinationsAtTheEdgesOfTheShortcuts()
    {
        // The closed form in int stops at 256 elements, the precomputed tables at 16; 600 elements give more triplet
        // indices than Combinations allows.
        int[] sizes = [0, 1, 2, 3, 15, 16, 17, 255, 256, 257];
        static Frame Of(int[] sizes) => Frame.FromArrays(new Dictionary<string, Array>
        {
            ["a"] = sizes.Select(n => Enumerable.Range(0, n).Select(i => (float)i).ToArray()).ToArray(),
            // Indices 70% of the way through the triplets and the pairs.
            ["s3"] = sizes.Select(n => (int)((long)n * (n - 1) * (n - 2) / 6 * 7 / 10)).ToArray(),
            ["s2"] = sizes.Select(n => n * (n - 1) / 2 * 7 / 10).ToArray(),
        }, new ExecutionOptions { Threads = 1, ChunkSize = 3 });
        var df = Of(sizes).Filter("a.Length >= 3");
        Assert.Equal(df.Define("z", (RVec<float> a) => VecOps.Sum(VecOps.Combinations(a, 3)[2]) + VecOps.Sum(VecOps.Combinations(a, 2)[1]), "a").Take<int>("z").Value,
                     df.Define("z", "Sum(Combinations(a, 3)[2]) + Sum(Combinations(a, 2)[1])").Take<int>("z").Value);
        Assert.Equal(df.Define("z", (RVec<float> a, int s3, int s2) => VecOps.Combinations(a, 3)[1][s3] * 1000 + VecOps.Combinations(a, 2)[0][s2], "a", "s3", "s2").Take<int>("z").Value,
                     df.Define("z", "Combinations(a, 3)[1][s3] * 1000 + Combinations(a, 2)[0][s2]").Take<int>("z").Value);
        foreach (var (expression, reference) in new (string, Func<RVec<float>, int>)[]
                 {
                     ("Sum(Combinations(a, 3)[0])", a => VecOps.Sum(VecOps.Combinations(a, 3)[0])),
                     ("Combinations(a, 3)[0][0]", a => VecOps.Combinations(a, 3)[0][0]),
                 })
        {
            var expected = Assert.Throws<EventLoopException>(() => Of([4, 600]).Define("z", reference, "a").Take<int>("z").Value);
            var actual = Assert.Throws<EventLoopException>(() => Of([4, 600]).Define("z", expression).Take<int>("z").Value);
            Assert.Contains("exceed the limit", actual.InnerException!.Message);
            AssertSameError(expected, actual);
        }
        var few = Assert.Throws<EventLoopException>(() => Of([2]).Define("z", "Combinations(a, 3)[1][0]").Take<int>("z").Value);
        AssertSameError(Assert.Throws<EventLoopException>(() => Of([2]).Define("z", (RVec<float> a) => VecOps.Combinations(a, 3)[1][0], "a").Take<int>("z").Value), few);
    }

    [Fact]
    public void ElementsOfFusedVectorsAtAScalarIndexAreComputedAlone()
    {
        // s is in [0, length): below the number of triplets from 4 elements on.
        var df = Make(23).Filter("a.Length >= 4 && a.Length <= 60");
        const string Px = "(Take(a, Combinations(a, 3)[0]) + Take(a, Combinations(a, 3)[1]) + Take(a, Combinations(a, 3)[2]))";
        const string Py = "(Take(b, Combinations(a, 3)[0]) + Take(b, Combinations(a, 3)[1]) + Take(b, Combinations(a, 3)[2]))";
        static RVec<float> Sum3(RVec<float> v, RVec<float> a)
        {
            var t = VecOps.Combinations(a, 3);
            return VecOps.Take(v, t[0]) + VecOps.Take(v, t[1]) + VecOps.Take(v, t[2]);
        }
        string pt = $"(float)Math.Sqrt({Px}[s] * {Px}[s] + {Py}[s] * {Py}[s])";
        var source = EventFrame.Expressions.ExpressionCompiler.Analyze("test", pt, s_types).Source;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, "__Fuse_"));
        // No loop: the triplet is found from s, and only its three elements are read.
        Assert.DoesNotContain("for (", string.Concat(EventFrame.Expressions.Fusion.HelpersOf(source)));
        Check(df, pt, (RVec<float> a, RVec<float> b, int s) => (float)Math.Sqrt(Sum3(a, a)[s] * Sum3(a, a)[s] + Sum3(b, a)[s] * Sum3(b, a)[s]), "a", "b", "s");
        Check(df, "(Take(a, Combinations(a, b)[0]) * Take(b, Combinations(a, b)[1]))[s] + x",
              (RVec<float> a, RVec<float> b, int s, float x) => (VecOps.Take(a, VecOps.Combinations(a, b)[0]) * VecOps.Take(b, VecOps.Combinations(a, b)[1]))[s] + x, "a", "b", "s", "x");
        Check(df, "(a * 2 + b)[s] - d[s] / 3", (RVec<float> a, RVec<float> b, RVec<double> d, int s) => (a * 2 + b)[s] - d[s] / 3, "a", "b", "d", "s");
        Check(df, "Math.Max((a * b)[0], (a - b)[s]) > 1", (RVec<float> a, RVec<float> b, int s) => Math.Max((a * b)[0], (a - b)[s]) > 1, "a", "b", "s");

        var all = Make(24);
        // An index past the end (empty vectors), sizes that differ, and the order of the two.
        SameError(all, "(a * 2)[s]", (RVec<float> a, int s) => (a * 2)[s], "a", "s");
        SameError(all, "(a + c)[s]", (RVec<float> a, RVec<float> c, int s) => (a + c)[s], "a", "c", "s");
        SameError(all, "q[s] * 0 + (a + c)[s]", (RVec<int> q, RVec<float> a, RVec<float> c, int s) => q[s] * 0 + (a + c)[s], "q", "a", "c", "s");
        // Too few elements for a triplet, or s past the triplets.
        SameError(Make(24).Filter("a.Length <= 5"), $"{Px}[s]", (RVec<float> a, int s) => Sum3(a, a)[s], "a", "s");
        // c is one longer than a: the whole vector gathers a out of range at c's last element, which the element
        // at s does not read. The expression then runs as written and raises that.
        SameError(Make(24).Filter("a.Length >= 3 && a.Length <= 40"), "(Take(a, Combinations(c, 3)[0]) + Take(a, Combinations(c, 3)[2]))[s]",
                  (RVec<float> a, RVec<float> c, int s) => (VecOps.Take(a, VecOps.Combinations(c, 3)[0]) + VecOps.Take(a, VecOps.Combinations(c, 3)[2]))[s], "a", "c", "s");
    }

    [Fact]
    public void ASelectionOfADropReadingTheVectorItselfIsNotJoinedToTheDrop()
    {
        var df = Make(31);
        // The mask reads a, not the Drop's result: it is a's length, so it does not fit where something was dropped.
        SameError(df, "Drop(a, idx)[a > 0]", (RVec<float> a, RVec<int> idx) => VecOps.Drop(a, idx)[a > 0], "a", "idx");
        SameError(df, "Drop(a, far)[Enumerate(a) > 2]", (RVec<float> a, RVec<int> far) => VecOps.Drop(a, far)[VecOps.Enumerate(a) > 2], "a", "far");
        // Where nothing is dropped the lengths agree, and positions in a are positions in the result.
        Check(df, "Drop(a, far[far < 0])[a > 0]", (RVec<float> a, RVec<int> far) => VecOps.Drop(a, far[far < 0])[a > 0], "a", "far");
    }

    [Fact]
    public void TheFallbackOfAnElementAtComputedAloneReadsColumnsInsideComputedArguments()
    {
        // Take's source is a computed vector (a parameter of its own); b inside it is no parameter of the method.
        var df = Make(32).Filter("a.Length >= 3 && a.Length <= 40");
        Check(df, "Take(Reverse(b), Combinations(a, 2)[0])[s]", (RVec<float> a, RVec<float> b, int s) => VecOps.Take(VecOps.Reverse(b), VecOps.Combinations(a, 2)[0])[s], "a", "b", "s");
    }

    private static void SameError<T1, T2, T3, TResult>(Frame df, string expression, Func<T1, T2, T3, TResult> reference, string c1, string c2, string c3) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2, c3));

    private static void SameError<T1, T2, T3, T4, TResult>(Frame df, string expression, Func<T1, T2, T3, T4, TResult> reference, string c1, string c2, string c3, string c4) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2, c3, c4));
}
