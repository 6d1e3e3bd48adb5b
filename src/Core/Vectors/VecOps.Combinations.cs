namespace EventFrame;

public static partial class VecOps
{
    /// <summary>
    /// Largest number of indices a combinations result may hold (64 Mi ints = 256 MiB): bigger requests are
    /// almost certainly a bug in the analysis and would otherwise exhaust memory.
    /// </summary>
    public const long MaxCombinationIndices = 1L << 26;

    /// <summary>
    /// All pairs (i, j) with i in <c>[0, size1)</c> and j in <c>[0, size2)</c>, i slowest: two index vectors
    /// <c>r[0]</c> (the i) and <c>r[1]</c> (the j), each of length size1*size2 (ROOT's <c>Combinations(size1, size2)</c>).
    /// Throws <see cref="ArgumentOutOfRangeException"/> for negative sizes or more than
    /// <see cref="MaxCombinationIndices"/> indices. For sizes up to 12 the index vectors are shared, precomputed
    /// read-only views.
    /// </summary>
    public static RVec<RVec<int>> Combinations(int size1, int size2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size1);
        ArgumentOutOfRangeException.ThrowIfNegative(size2);
        long total = (long)size1 * size2;
        CheckCombinationSize(total, 2);
        int n = (int)total;
        var outer = RVecArena.Allocate<RVec<int>>(2, out var r);
        if (size1 <= CombinationTables.MaxCartesian && size2 <= CombinationTables.MaxCartesian)
        {
            var table = CombinationTables.Cartesian[size1 * (CombinationTables.MaxCartesian + 1) + size2];
            outer[0] = new RVec<int>(table, 0, n, trusted: true);
            outer[1] = new RVec<int>(table, n, n, trusted: true);
            return r;
        }
        var all = RVecArena.Allocate<int>(2 * n, out var allVec);
        var first = all[..n];
        var second = all[n..];
        for (int i = 0, c = 0; i < size1; i++, c += size2)
        {
            first.Slice(c, size2).Fill(i);
            for (int j = 0; j < size2; j++) second[c + j] = j;
        }
        outer[0] = new RVec<int>(allVec.BackingArray!, allVec.ArrayOffset, n);
        outer[1] = new RVec<int>(allVec.BackingArray!, allVec.ArrayOffset + n, n);
        return r;
    }

    /// <summary>Index pairs of the cartesian product of two vectors: <c>Combinations(v1.Size, v2.Size)</c> (ROOT's <c>Combinations(v1, v2)</c>).</summary>
    public static RVec<RVec<int>> Combinations<T1, T2>(RVec<T1> v1, RVec<T2> v2) => Combinations(v1.Length, v2.Length);

    /// <summary>
    /// All n-element subsets of the indices of <paramref name="v"/>, as n index vectors (<c>r[k][c]</c> is the k-th
    /// index of the c-th combination) with indices increasing within a combination and combinations in
    /// lexicographic order: for n = 2, <c>{0,0,0,1,1,2}, {1,2,3,2,3,3}</c> for 4 elements (ROOT's
    /// <c>Combinations(v, n)</c>). n = 0 gives no index vectors. Throws <see cref="ArgumentOutOfRangeException"/>
    /// when n is negative or larger than the size (as ROOT), or when the result would exceed
    /// <see cref="MaxCombinationIndices"/> indices. For n = 2 or 3 and up to 16 elements the index vectors are
    /// shared, precomputed read-only views, so a per-event pair loop costs one small arena allocation.
    /// </summary>
    public static RVec<RVec<int>> Combinations<T>(RVec<T> v, int n)
    {
        int s = v.Length;
        // Typical collections are small: their index vectors are shared, precomputed views (read-only like
        // every RVec), so the common pair and triplet loops cost one small arena allocation.
        if ((n == 2 || n == 3) && n <= s && s <= CombinationTables.MaxUnique)
        {
            int m = n == 2 ? s * (s - 1) / 2 : s * (s - 1) * (s - 2) / 6;
            var table = n == 2 ? CombinationTables.Pairs[s] : CombinationTables.Triplets[s];
            var outer = RVecArena.Allocate<RVec<int>>(n, out var r);
            for (int k = 0; k < outer.Length; k++) outer[k] = new RVec<int>(table, k * m, m, trusted: true);
            return r;
        }
        return CombinationsOf(s, n);
    }

    internal static RVec<RVec<int>> CombinationsOf(int s, int n)
    {
        if (n < 0 || n > s)
            throw new ArgumentOutOfRangeException(nameof(n), $"Cannot make unique combinations of size {n} from vector of size {s}.");
        long count = Binomial(s, n, n);
        CheckCombinationSize(count, n);
        int m = (int)count;
        var outer = RVecArena.Allocate<RVec<int>>(n, out var r);
        if (n == 0) return r;
        var all = RVecArena.Allocate<int>(n * m, out var allVec);
        for (int k = 0; k < n; k++) outer[k] = new RVec<int>(allVec.BackingArray!, allVec.ArrayOffset + k * m, m);
        if (n == 1)
        {
            for (int i = 0; i < s; i++) all[i] = i;
        }
        else if (n == 2)
        {
            var a = all[..m];
            var b = all[m..];
            int c = 0;
            for (int i = 0; i < s - 1; i++)
            {
                int len = s - 1 - i;
                a.Slice(c, len).Fill(i);
                for (int j = i + 1; j < s; j++) b[c++] = j;
            }
        }
        else if (n == 3)
        {
            var a = all[..m];
            var b = all.Slice(m, m);
            var d = all[(2 * m)..];
            int c = 0;
            for (int i = 0; i < s - 2; i++)
                for (int j = i + 1; j < s - 1; j++)
                {
                    int len = s - 1 - j;
                    a.Slice(c, len).Fill(i);
                    b.Slice(c, len).Fill(j);
                    for (int k = j + 1; k < s; k++) d[c++] = k;
                }
        }
        else
        {
            // General n: ROOT's odometer over increasing index tuples.
            Span<int> idx = n <= 64 ? stackalloc int[n] : new int[n];
            for (int k = 0; k < n; k++) idx[k] = k;
            for (int c = 0; c < m; c++)
            {
                for (int k = 0; k < n; k++) all[k * m + c] = idx[k];
                int i = n - 1;
                while (i >= 0 && idx[i] == i + s - n) i--;
                if (i < 0) break;
                idx[i]++;
                for (int j = i + 1; j < n; j++) idx[j] = idx[j - 1] + 1;
            }
        }
        return r;
    }

    // C(s, n), stopping as soon as it exceeds the index budget so that it cannot overflow.
    internal static long Binomial(int s, int n, int width)
    {
        // Closed forms for the common cases avoid a chain of integer divisions per event.
        if (n == 2) return (long)s * (s - 1) / 2;
        if (n == 3 && s <= 1 << 20) return (long)s * (s - 1) * (s - 2) / 6;
        long limit = MaxCombinationIndices / Math.Max(width, 1) + 1;
        n = Math.Min(n, s - n);
        long c = 1;
        for (int i = 1; i <= n; i++)
        {
            c = c * (s - n + i) / i;
            if (c > limit) return c;
        }
        return c;
    }

    internal static void CheckCombinationSize(long count, int width)
    {
        if (count * Math.Max(width, 1) > MaxCombinationIndices)
            throw new ArgumentOutOfRangeException(nameof(count),
                $"{count} combinations of {width} indices exceed the limit of {MaxCombinationIndices} indices");
    }
}

/// <summary>
/// Precomputed index vectors of <see cref="VecOps.Combinations{T}(RVec{T}, int)"/> for n = 2 and 3 and of
/// <see cref="VecOps.Combinations(int, int)"/> for small sizes, built once (about 40 KB) and never modified.
/// </summary>
internal static class CombinationTables
{
    public const int MaxUnique = 16;
    public const int MaxCartesian = 12;
    public static readonly int[][] Pairs = new int[MaxUnique + 1][];
    public static readonly int[][] Triplets = new int[MaxUnique + 1][];
    public static readonly int[][] Cartesian = new int[(MaxCartesian + 1) * (MaxCartesian + 1)][];

    static CombinationTables()
    {
        for (int s = 0; s <= MaxUnique; s++)
        {
            int m2 = s * (s - 1) / 2, m3 = s * (s - 1) * (s - 2) / 6;
            var p = new int[2 * m2];
            int c = 0;
            for (int i = 0; i < s; i++)
                for (int j = i + 1; j < s; j++, c++)
                {
                    p[c] = i;
                    p[m2 + c] = j;
                }
            Pairs[s] = p;
            var t = new int[3 * m3];
            c = 0;
            for (int i = 0; i < s; i++)
                for (int j = i + 1; j < s; j++)
                    for (int k = j + 1; k < s; k++, c++)
                    {
                        t[c] = i;
                        t[m3 + c] = j;
                        t[2 * m3 + c] = k;
                    }
            Triplets[s] = t;
        }
        for (int s1 = 0; s1 <= MaxCartesian; s1++)
            for (int s2 = 0; s2 <= MaxCartesian; s2++)
            {
                int n = s1 * s2;
                var a = new int[2 * n];
                for (int i = 0, c = 0; i < s1; i++)
                    for (int j = 0; j < s2; j++, c++)
                    {
                        a[c] = i;
                        a[n + c] = j;
                    }
                Cartesian[s1 * (MaxCartesian + 1) + s2] = a;
            }
    }
}
