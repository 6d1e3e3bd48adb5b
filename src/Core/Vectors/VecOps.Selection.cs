using System.Numerics;
using System.Runtime.CompilerServices;

namespace EventFrame;

public static partial class VecOps
{
    // ------------------------------------------------------------------ selection

    /// <summary>
    /// <c>{ v[indices[0]], v[indices[1]], ... }</c> (ROOT's <c>Take(v, i)</c>). Throws
    /// <see cref="IndexOutOfRangeException"/> naming the index and the size when an index is outside <c>[0, v.Size)</c>.
    /// </summary>
    public static RVec<T> Take<T>(RVec<T> v, RVec<int> indices)
    {
        var src = v.AsSpan();
        var idx = indices.AsSpan();
        var dst = RVecArena.Allocate<T>(idx.Length, out var r);
        for (int k = 0; k < idx.Length; k++)
        {
            int i = idx[k];
            if ((uint)i >= (uint)src.Length) ThrowIndex(i, src.Length);
            dst[k] = src[i];
        }
        return r;
    }

    /// <summary>
    /// <c>v[indices[k]]</c> where that index is inside <c>[0, v.Size)</c>, else <paramref name="defaultValue"/>
    /// (ROOT's <c>Take(v, i, default_val)</c> as documented; ROOT's code tests <c>k</c> instead of the index, a bug
    /// not reproduced here).
    /// </summary>
    public static RVec<T> Take<T>(RVec<T> v, RVec<int> indices, T defaultValue)
    {
        var src = v.AsSpan();
        var idx = indices.AsSpan();
        var dst = RVecArena.Allocate<T>(idx.Length, out var r);
        for (int k = 0; k < idx.Length; k++)
        {
            int i = idx[k];
            dst[k] = (uint)i < (uint)src.Length ? src[i] : defaultValue;
        }
        return r;
    }

    /// <summary>
    /// The first <paramref name="n"/> elements when n &gt;= 0, the last <c>-n</c> when n &lt; 0 (ROOT's
    /// <c>Take(v, n)</c>). Throws <see cref="ArgumentOutOfRangeException"/> when <c>|n|</c> exceeds the size, as ROOT does.
    /// </summary>
    public static RVec<T> Take<T>(RVec<T> v, int n)
    {
        long absn = Math.Abs((long)n);
        if (absn > v.Length)
            throw new ArgumentOutOfRangeException(nameof(n), $"Try to take {absn} elements but vector has only size {v.Length}.");
        var dst = RVecArena.Allocate<T>((int)absn, out var r);
        var src = v.AsSpan();
        (n < 0 ? src[(src.Length - (int)absn)..] : src[..(int)absn]).CopyTo(dst);
        return r;
    }

    /// <summary>
    /// <c>mask[i] ? a[i] : b[i]</c> (ROOT's <c>Where(c, v1, v2)</c>). Throws <see cref="ArgumentException"/> naming
    /// the sizes when the three differ.
    /// </summary>
    public static RVec<T> Where<T>(RVec<bool> mask, RVec<T> a, RVec<T> b)
    {
        Elementwise.CheckSizes("Where", mask.Length, a.Length);
        Elementwise.CheckSizes("Where", mask.Length, b.Length);
        var m = mask.AsSpan();
        var x = a.AsSpan();
        var y = b.AsSpan();
        var dst = RVecArena.Allocate<T>(m.Length, out var r);
        for (int i = 0; i < m.Length; i++) dst[i] = m[i] ? x[i] : y[i];
        return r;
    }

    /// <summary><c>mask[i] ? a[i] : b</c> (ROOT's <c>Where(c, v1, v2)</c> with a scalar <c>v2</c>); sizes must match.</summary>
    public static RVec<T> Where<T>(RVec<bool> mask, RVec<T> a, T b)
    {
        Elementwise.CheckSizes("Where", mask.Length, a.Length);
        var m = mask.AsSpan();
        var x = a.AsSpan();
        var dst = RVecArena.Allocate<T>(m.Length, out var r);
        for (int i = 0; i < m.Length; i++) dst[i] = m[i] ? x[i] : b;
        return r;
    }

    /// <summary><c>mask[i] ? a : b[i]</c> (ROOT's <c>Where(c, v1, v2)</c> with a scalar <c>v1</c>); sizes must match.</summary>
    public static RVec<T> Where<T>(RVec<bool> mask, T a, RVec<T> b)
    {
        Elementwise.CheckSizes("Where", mask.Length, b.Length);
        var m = mask.AsSpan();
        var y = b.AsSpan();
        var dst = RVecArena.Allocate<T>(m.Length, out var r);
        for (int i = 0; i < m.Length; i++) dst[i] = m[i] ? a : y[i];
        return r;
    }

    /// <summary><c>mask[i] ? a : b</c> for every entry of the mask (ROOT's <c>Where(c, v1, v2)</c> with two scalars).</summary>
    public static RVec<T> Where<T>(RVec<bool> mask, T a, T b)
    {
        var m = mask.AsSpan();
        var dst = RVecArena.Allocate<T>(m.Length, out var r);
        for (int i = 0; i < m.Length; i++) dst[i] = m[i] ? a : b;
        return r;
    }

    /// <summary>Indices of the non-zero elements, ascending (ROOT's <c>Nonzero</c>; NaN is non-zero).</summary>
    public static RVec<int> Nonzero<T>(RVec<T> v) where T : INumber<T>
    {
        var s = v.AsSpan();
        int count = 0;
        foreach (var x in s) count += x != T.Zero ? 1 : 0;
        var dst = RVecArena.Allocate<int>(count, out var r);
        for (int i = 0, k = 0; k < count; i++)
            if (s[i] != T.Zero) dst[k++] = i;
        return r;
    }

    /// <summary>Indices of the true entries of a mask, ascending (ROOT's <c>Nonzero</c>).</summary>
    public static RVec<int> Nonzero(RVec<bool> mask)
    {
        var s = mask.AsSpan();
        int count = VectorKernels.CountTrue(s);
        var dst = RVecArena.Allocate<int>(count, out var r);
        for (int i = 0, k = 0; k < count; i++)
            if (s[i]) dst[k++] = i;
        return r;
    }

    /// <summary>The elements for which <paramref name="predicate"/> is true, in order (ROOT's <c>Filter(v, f)</c>).</summary>
    public static RVec<T> Filter<T>(RVec<T> v, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var s = v.AsSpan();
        // Sized for the worst case; the unused tail of the arena block is reclaimed at the next reset.
        var tmp = RVecArena.Allocate<T>(s.Length, out var all);
        int k = 0;
        foreach (var x in s)
            if (predicate(x)) tmp[k++] = x;
        return new RVec<T>(all.BackingArray!, all.ArrayOffset, k);
    }

    /// <summary><c>{ f(v[0]), f(v[1]), ... }</c> (ROOT's <c>Map(v, f)</c>).</summary>
    public static RVec<TResult> Map<T, TResult>(RVec<T> v, Func<T, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var s = v.AsSpan();
        var dst = RVecArena.Allocate<TResult>(s.Length, out var r);
        for (int i = 0; i < s.Length; i++) dst[i] = f(s[i]);
        return r;
    }

    /// <summary><c>{ f(a[i], b[i]) }</c> (ROOT's <c>Map(a, b, f)</c>); throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<TResult> Map<T1, T2, TResult>(RVec<T1> a, RVec<T2> b, Func<T1, T2, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Elementwise.CheckSizes("Map", a.Length, b.Length);
        var x = a.AsSpan();
        var y = b.AsSpan();
        var dst = RVecArena.Allocate<TResult>(x.Length, out var r);
        for (int i = 0; i < x.Length; i++) dst[i] = f(x[i], y[i]);
        return r;
    }

    /// <summary><c>{ f(a[i], b[i], c[i]) }</c> (ROOT's <c>Map(a, b, c, f)</c>); throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<TResult> Map<T1, T2, T3, TResult>(RVec<T1> a, RVec<T2> b, RVec<T3> c, Func<T1, T2, T3, TResult> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        Elementwise.CheckSizes("Map", a.Length, b.Length);
        Elementwise.CheckSizes("Map", a.Length, c.Length);
        var x = a.AsSpan();
        var y = b.AsSpan();
        var z = c.AsSpan();
        var dst = RVecArena.Allocate<TResult>(x.Length, out var r);
        for (int i = 0; i < x.Length; i++) dst[i] = f(x[i], y[i], z[i]);
        return r;
    }

    /// <summary>
    /// A copy of <paramref name="v"/> without the elements at <paramref name="indices"/> (ROOT's <c>Drop</c>);
    /// duplicated, negative and out-of-range indices are ignored.
    /// </summary>
    public static RVec<T> Drop<T>(RVec<T> v, RVec<int> indices)
    {
        var s = v.AsSpan();
        // Mark dropped positions in a scratch mask: linear, and needs no sort of the indices.
        var drop = RVecArena.Allocate<bool>(s.Length, out _);
        drop.Clear();
        int dropped = 0;
        foreach (int i in indices.AsSpan())
        {
            if ((uint)i < (uint)s.Length && !drop[i])
            {
                drop[i] = true;
                dropped++;
            }
        }
        var dst = RVecArena.Allocate<T>(s.Length - dropped, out var r);
        for (int i = 0, k = 0; i < s.Length; i++)
            if (!drop[i]) dst[k++] = s[i];
        return r;
    }

    /// <summary>A copy of <paramref name="v"/> in reverse order (ROOT's <c>Reverse</c>).</summary>
    public static RVec<T> Reverse<T>(RVec<T> v)
    {
        var dst = RVecArena.Allocate<T>(v.Length, out var r);
        v.AsSpan().CopyTo(dst);
        dst.Reverse();
        return r;
    }

    /// <summary>The elements of <paramref name="a"/> followed by those of <paramref name="b"/> (ROOT's <c>Concatenate</c>).</summary>
    public static RVec<T> Concatenate<T>(RVec<T> a, RVec<T> b)
    {
        var dst = RVecArena.Allocate<T>(checked(a.Length + b.Length), out var r);
        a.AsSpan().CopyTo(dst);
        b.AsSpan().CopyTo(dst[a.Length..]);
        return r;
    }

    /// <summary>
    /// The elements of <paramref name="a"/> (in <paramref name="a"/>'s order, duplicates kept) that are found in
    /// <paramref name="b"/> by <c>std::binary_search</c> on a sorted copy of <paramref name="b"/> (ROOT's
    /// <c>Intersect</c>); pass <paramref name="bIsSorted"/> = true to skip sorting <paramref name="b"/>.
    /// </summary>
    public static RVec<T> Intersect<T>(RVec<T> a, RVec<T> b, bool bIsSorted = false) where T : INumber<T>
    {
        var sorted = bIsSorted ? b.AsSpan() : Sort(b).AsSpan();
        var s = a.AsSpan();
        var tmp = RVecArena.Allocate<T>(s.Length, out var all);
        int k = 0;
        foreach (var x in s)
            if (BinarySearch(sorted, x)) tmp[k++] = x;
        return new RVec<T>(all.BackingArray ?? [], all.ArrayOffset, k);
    }

    // std::binary_search: lower_bound with <, then found unless value < *it.
    private static bool BinarySearch<T>(ReadOnlySpan<T> sorted, T value) where T : INumber<T>
    {
        int lo = 0, count = sorted.Length;
        while (count > 0)
        {
            int step = count / 2;
            if (sorted[lo + step] < value)
            {
                lo += step + 1;
                count -= step + 1;
            }
            else count = step;
        }
        return lo < sorted.Length && !(value < sorted[lo]);
    }

    /// <summary><c>{ 0, 1, ..., v.Size - 1 }</c> (ROOT's <c>Enumerate</c>).</summary>
    public static RVec<int> Enumerate<T>(RVec<T> v) => Range(v.Length);

    /// <summary><c>{ 0, 1, ..., length - 1 }</c> (ROOT's <c>Range(n)</c>); empty for length &lt;= 0.</summary>
    public static RVec<int> Range(int length) => Range(0, length);

    /// <summary>
    /// <c>{ begin, begin + 1, ..., end - 1 }</c>, empty when begin &gt;= end (ROOT's <c>Range(begin, end)</c>).
    /// Throws <see cref="ArgumentOutOfRangeException"/> when the range is longer than an array can be.
    /// </summary>
    public static RVec<int> Range(int begin, int end)
    {
        long length = begin < end ? (long)end - begin : 0;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(end), $"Range({begin}, {end}) has {length} elements, more than an array can hold");
        int n = (int)length;
        var dst = RVecArena.Allocate<int>(n, out var r);
        for (int i = 0; i < n; i++) dst[i] = begin + i;
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex(int index, int size) =>
        throw new IndexOutOfRangeException($"RVec index {index} is out of range for a vector of size {size}");
}
