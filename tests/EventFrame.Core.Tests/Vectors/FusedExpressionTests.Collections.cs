namespace EventFrame.Tests.Vectors;

/// <summary>
/// Fused <c>Concatenate</c> of selections, <c>Drop</c> of computed indices and the pair indices of
/// <c>Combinations(v1, v2)</c> (loop counters instead of index vectors) against the unfused VecOps functions, at
/// every length 0..256, with the same exceptions.
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
        Check(df, "Combinations(a, c)[0]", (RVec<float> a, RVec<float> c) => VecOps.Combinations(a, c)[0], "a", "c");
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

    private static void SameError<T1, T2, T3, TResult>(Frame df, string expression, Func<T1, T2, T3, TResult> reference, string c1, string c2, string c3) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2, c3));

    private static void SameError<T1, T2, T3, T4, TResult>(Frame df, string expression, Func<T1, T2, T3, T4, TResult> reference, string c1, string c2, string c3, string c4) =>
        SameError<TResult>(df, expression, df.Define("z", reference, c1, c2, c3, c4));
}
