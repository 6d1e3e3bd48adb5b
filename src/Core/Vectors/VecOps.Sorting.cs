using System.Numerics;

namespace EventFrame;

public static partial class VecOps
{
    // ------------------------------------------------------------------ reordering

    /// <summary>
    /// Indices that sort <paramref name="v"/> ascending by <c>&lt;</c> (ROOT's <c>Argsort</c>), ties kept in their
    /// original order. ROOT uses <c>std::sort</c>, which may order ties either way; the stable order is one of
    /// ROOT's valid answers and makes the result reproducible.
    /// </summary>
    public static RVec<int> Argsort<T>(RVec<T> v) where T : INumber<T> => StableArgsort(v);

    /// <summary>
    /// Indices that sort <paramref name="v"/> so that <c>less(v[r[i]], v[r[i+1]])</c> never fails the other way
    /// (ROOT's <c>Argsort(v, c)</c>; <paramref name="less"/> is a strict "comes before" predicate), ties stable.
    /// </summary>
    public static RVec<int> Argsort<T>(RVec<T> v, Func<T, T, bool> less) => StableArgsort(v, less);

    /// <summary>Indices that sort <paramref name="v"/> ascending, equal elements in original order (ROOT's <c>StableArgsort</c>).</summary>
    public static RVec<int> StableArgsort<T>(RVec<T> v) where T : INumber<T>
    {
        var idx = Range(v.Length);
        StableSort(idx.AsWritableSpan(), new IndexLess<T>(v));
        return idx;
    }

    /// <summary>Indices that sort <paramref name="v"/> by <paramref name="less"/>, equal elements in original order (ROOT's <c>StableArgsort(v, c)</c>).</summary>
    public static RVec<int> StableArgsort<T>(RVec<T> v, Func<T, T, bool> less)
    {
        ArgumentNullException.ThrowIfNull(less);
        var idx = Range(v.Length);
        StableSort(idx.AsWritableSpan(), new IndexLessBy<T>(v, less));
        return idx;
    }

    /// <summary>A copy of <paramref name="v"/> sorted ascending by <c>&lt;</c> (ROOT's <c>Sort</c>); stable.</summary>
    public static RVec<T> Sort<T>(RVec<T> v) where T : INumber<T>
    {
        var dst = RVecArena.Allocate<T>(v.Length, out var r);
        v.AsSpan().CopyTo(dst);
        StableSort(dst, new ValueLess<T>());
        return r;
    }

    /// <summary>A copy of <paramref name="v"/> sorted by the strict predicate <paramref name="less"/> (ROOT's <c>Sort(v, c)</c>); stable.</summary>
    public static RVec<T> Sort<T>(RVec<T> v, Func<T, T, bool> less)
    {
        ArgumentNullException.ThrowIfNull(less);
        var dst = RVecArena.Allocate<T>(v.Length, out var r);
        v.AsSpan().CopyTo(dst);
        StableSort(dst, new ValueLessBy<T>(less));
        return r;
    }

    /// <summary>Same as <see cref="Sort{T}(RVec{T})"/> (ROOT's <c>StableSort</c>).</summary>
    public static RVec<T> StableSort<T>(RVec<T> v) where T : INumber<T> => Sort(v);

    /// <summary>Same as <see cref="Sort{T}(RVec{T}, Func{T, T, bool})"/> (ROOT's <c>StableSort(v, c)</c>).</summary>
    public static RVec<T> StableSort<T>(RVec<T> v, Func<T, T, bool> less) => Sort(v, less);

    private interface ILess<TItem>
    {
        bool Less(TItem a, TItem b);
    }

    private readonly struct ValueLess<T> : ILess<T> where T : INumber<T>
    {
        public bool Less(T a, T b) => a < b;
    }

    private readonly struct ValueLessBy<T>(Func<T, T, bool> less) : ILess<T>
    {
        public bool Less(T a, T b) => less(a, b);
    }

    private readonly struct IndexLess<T>(RVec<T> v) : ILess<int> where T : INumber<T>
    {
        public bool Less(int a, int b) => v[a] < v[b];
    }

    private readonly struct IndexLessBy<T>(RVec<T> v, Func<T, T, bool> less) : ILess<int>
    {
        public bool Less(int a, int b) => less(v[a], v[b]);
    }

    /// <summary>
    /// Stable sort that only asks <c>Less</c> (never equality), like <c>std::stable_sort</c>: insertion sort for
    /// short runs (the usual per-event size), bottom-up merge sort with an arena scratch buffer above that.
    /// </summary>
    private static void StableSort<TItem, TLess>(Span<TItem> items, TLess cmp) where TLess : struct, ILess<TItem>
    {
        const int Run = 16;
        int n = items.Length;
        for (int start = 0; start < n; start += Run)
            InsertionSort(items.Slice(start, Math.Min(Run, n - start)), cmp);
        if (n <= Run) return;
        var scratch = RVecArena.Allocate<TItem>(n, out _);
        Span<TItem> from = items, to = scratch;
        for (int width = Run; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) to[k++] = cmp.Less(from[j], from[i]) ? from[j++] : from[i++];
                while (i < mid) to[k++] = from[i++];
                while (j < hi) to[k++] = from[j++];
            }
            var t = from;
            from = to;
            to = t;
        }
        if (from != items) from.CopyTo(items);
    }

    private static void InsertionSort<TItem, TLess>(Span<TItem> items, TLess cmp) where TLess : struct, ILess<TItem>
    {
        for (int i = 1; i < items.Length; i++)
        {
            var x = items[i];
            int j = i - 1;
            while (j >= 0 && cmp.Less(x, items[j]))
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = x;
        }
    }
}
