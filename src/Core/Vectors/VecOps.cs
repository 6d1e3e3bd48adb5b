using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EventFrame;

/// <summary>
/// ROOT's <c>ROOT::VecOps</c> free functions over <see cref="RVec{T}"/>: reductions, selections, reordering,
/// combinatorics, kinematics and element-wise math. Generated analysis code imports them with
/// <c>using static EventFrame.VecOps;</c> and calls them as in ROOT (<c>Sum(x)</c>, <c>DeltaR(...)</c>,
/// <c>abs(x)</c>). Every vector result is allocated in the calling thread's <see cref="RVecArena"/>, so no
/// operation allocates on the GC heap (apart from user delegates that capture state).
/// Semantics, result types and floating-point evaluation order follow ROOT's <c>RVec.hxx</c>; each member says
/// where it deviates and why.
/// </summary>
public static partial class VecOps
{
    // ------------------------------------------------------------------ reductions

    /// <summary>
    /// The sum <c>((T{} + v[0]) + v[1]) + ...</c> in <typeparamref name="T"/>, in element order, bit-identical to
    /// ROOT's <c>Sum(v)</c> (<c>std::accumulate</c> from <c>T(0)</c>); 0 for an empty vector. Integer sums wrap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T>(RVec<T> v) where T : INumber<T> => VectorKernels.Sum(ref v.DataRef, v.Length, v.Readable);

    /// <summary>
    /// The sum <c>((init + v[0]) + v[1]) + ...</c> accumulated in <typeparamref name="TResult"/> in element
    /// order (ROOT's <c>Sum(v, zero)</c>); each element is converted to <typeparamref name="TResult"/> before it
    /// is added, which is C++'s promotion whenever <typeparamref name="TResult"/> is the wider type (<c>Sum(v, 0.0)</c>).
    /// </summary>
    public static TResult Sum<T, TResult>(RVec<T> v, TResult init) where T : INumber<T> where TResult : INumber<TResult>
    {
        TResult s = init;
        foreach (var x in v.AsSpan()) s += TResult.CreateTruncating(x);
        return s;
    }

    /// <summary>The number of true entries of a mask (ROOT's <c>Sum(RVec&lt;bool&gt;)</c>, which returns a count).</summary>
    public static int Sum(RVec<bool> mask) => VectorKernels.CountTrue(mask.AsSpan());

    /// <summary>The number of true entries of a mask.</summary>
    public static int Count(RVec<bool> mask) => VectorKernels.CountTrue(mask.AsSpan());

    /// <summary>
    /// The product <c>((1 * v[0]) * v[1]) * ...</c> in <typeparamref name="T"/>, in element order (ROOT's
    /// <c>Product(v)</c>, <c>std::accumulate</c> with <c>std::multiplies</c> from <c>T(1)</c>); 1 for an empty vector.
    /// </summary>
    public static T Product<T>(RVec<T> v) where T : INumber<T> => Product(v, T.One);

    /// <summary>The product <c>((init * v[0]) * v[1]) * ...</c> in element order (ROOT's <c>Product(v, init)</c>).</summary>
    public static T Product<T>(RVec<T> v, T init) where T : INumber<T>
    {
        T p = init;
        foreach (var x in v.AsSpan()) p *= x;
        return p;
    }

    /// <summary>Same as <see cref="Product{T}(RVec{T})"/> (short name).</summary>
    public static T Prod<T>(RVec<T> v) where T : INumber<T> => Product(v, T.One);

    /// <summary>
    /// <c>(double)Sum(v) / v.Size</c>: the sum is taken in <typeparamref name="T"/> (as ROOT does, so a float vector
    /// is summed in float) and then divided in double; 0 for an empty vector (ROOT's <c>Mean(v)</c>).
    /// </summary>
    public static double Mean<T>(RVec<T> v) where T : INumber<T>
    {
        if (v.Length == 0) return 0.0;
        return double.CreateTruncating(Sum(v)) / v.Length;
    }

    /// <summary>
    /// <c>Sum(v, init) / v.Size</c> evaluated in <typeparamref name="TResult"/>; <paramref name="init"/> for an
    /// empty vector (ROOT's <c>Mean(v, zero)</c>, e.g. <c>Mean(v, 0f)</c> to stay in float).
    /// </summary>
    public static TResult Mean<T, TResult>(RVec<T> v, TResult init) where T : INumber<T> where TResult : INumber<TResult>
    {
        if (v.Length == 0) return init;
        return Sum(v, init) / TResult.CreateTruncating(v.Length);
    }

    /// <summary>
    /// The unbiased variance exactly as ROOT's <c>Var(v)</c>: <c>Σx²</c> and <c>Σx</c> accumulated in
    /// <typeparamref name="T"/> in element order, then <c>1/(n-1) * (Σx² - (Σx)²/n)</c> in double with
    /// <c>(Σx)²</c> squared in <typeparamref name="T"/>; 0 when there are fewer than 2 elements. (This one-pass
    /// formula can lose precision when the mean is large compared to the spread; it is ROOT's.)
    /// </summary>
    public static double Var<T>(RVec<T> v) where T : INumber<T>
    {
        int n = v.Length;
        if (n < 2) return 0.0;
        T sumSquares = T.Zero, squaredSum = T.Zero;
        foreach (var x in v.AsSpan())
        {
            sumSquares += x * x;
            squaredSum += x;
        }
        squaredSum *= squaredSum;
        double dsize = n;
        return 1.0 / (dsize - 1.0) * (double.CreateTruncating(sumSquares) - double.CreateTruncating(squaredSum) / dsize);
    }

    /// <summary><c>Math.Sqrt(Var(v))</c> (ROOT's <c>StdDev(v)</c>).</summary>
    public static double StdDev<T>(RVec<T> v) where T : INumber<T> => Math.Sqrt(Var(v));

    /// <summary>
    /// The value of ROOT's <c>Max(v)</c> (<c>*std::max_element</c>): starting from <c>v[0]</c>, an element replaces
    /// the current maximum only when the maximum is <c>&lt;</c> it. So NaNs after the first element are skipped,
    /// a NaN first element is returned, and of equal elements (+0/-0) the first wins. Throws
    /// <see cref="InvalidOperationException"/> for an empty vector (undefined behaviour in ROOT).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(RVec<T> v) where T : INumber<T>
    {
        if (v.Length == 0) ThrowEmpty("Max");
        return VectorKernels.Extremum<T, MaxFlag>(ref v.DataRef, v.Length, v.Readable);
    }

    /// <summary>
    /// The value of ROOT's <c>Min(v)</c> (<c>*std::min_element</c>): an element replaces the current minimum only
    /// when it is <c>&lt;</c> it (NaN and ±0 handled as in <see cref="Max{T}(RVec{T})"/>). Throws
    /// <see cref="InvalidOperationException"/> for an empty vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min<T>(RVec<T> v) where T : INumber<T>
    {
        if (v.Length == 0) ThrowEmpty("Min");
        return VectorKernels.Extremum<T, MinFlag>(ref v.DataRef, v.Length, v.Readable);
    }

    /// <summary>
    /// Index of the element <see cref="Max{T}(RVec{T})"/> returns (the first occurrence of the maximum), as ROOT's
    /// <c>ArgMax</c>; 0 for an empty vector, as in ROOT (<c>std::distance(begin, end)</c>).
    /// </summary>
    public static int ArgMax<T>(RVec<T> v) where T : INumber<T>
    {
        var s = v.AsSpan();
        int best = 0;
        for (int i = 1; i < s.Length; i++)
            if (s[best] < s[i]) best = i;
        return best;
    }

    /// <summary>Index of the first occurrence of the minimum, as ROOT's <c>ArgMin</c>; 0 for an empty vector.</summary>
    public static int ArgMin<T>(RVec<T> v) where T : INumber<T>
    {
        var s = v.AsSpan();
        int best = 0;
        for (int i = 1; i < s.Length; i++)
            if (s[i] < s[best]) best = i;
        return best;
    }

    /// <summary>True when some element is non-zero (NaN counts as non-zero), as ROOT's <c>Any</c>; false when empty.</summary>
    public static bool Any<T>(RVec<T> v) where T : INumber<T>
    {
        foreach (var x in v.AsSpan())
            if (x != T.Zero) return true;
        return false;
    }

    /// <summary>True when every element is non-zero, as ROOT's <c>All</c>; true when empty.</summary>
    public static bool All<T>(RVec<T> v) where T : INumber<T>
    {
        foreach (var x in v.AsSpan())
            if (x == T.Zero) return false;
        return true;
    }

    /// <summary>True when some entry of the mask is true; false when empty.</summary>
    public static bool Any(RVec<bool> mask) => mask.AsSpan().Contains(true);

    /// <summary>True when every entry of the mask is true; true when empty.</summary>
    public static bool All(RVec<bool> mask) => !mask.AsSpan().Contains(false);

    /// <summary>
    /// The inner product <c>((0 + a[0]*b[0]) + a[1]*b[1]) + ...</c> in <typeparamref name="T"/>, in element order
    /// and without fused multiply-add (ROOT's <c>Dot</c>, <c>std::inner_product</c>). Throws
    /// <see cref="ArgumentException"/> naming both sizes when they differ.
    /// </summary>
    public static T Dot<T>(RVec<T> a, RVec<T> b) where T : INumber<T>
    {
        Elementwise.CheckSizes("Dot", a.Length, b.Length);
        var x = a.AsSpan();
        var y = b.AsSpan();
        T s = T.Zero;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowEmpty(string what) =>
        throw new InvalidOperationException($"{what} of an empty RVec is undefined");
}
