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
    /// <see cref="MaxCombinationIndices"/> indices.
    /// </summary>
    public static RVec<RVec<int>> Combinations(int size1, int size2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size1);
        ArgumentOutOfRangeException.ThrowIfNegative(size2);
        long total = (long)size1 * size2;
        CheckCombinationSize(total, 2);
        int n = (int)total;
        var outer = RVecArena.Allocate<RVec<int>>(2, out var r);
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
    /// <see cref="MaxCombinationIndices"/> indices.
    /// </summary>
    public static RVec<RVec<int>> Combinations<T>(RVec<T> v, int n)
    {
        int s = v.Length;
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
    private static long Binomial(int s, int n, int width)
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

    private static void CheckCombinationSize(long count, int width)
    {
        if (count * Math.Max(width, 1) > MaxCombinationIndices)
            throw new ArgumentOutOfRangeException(nameof(count),
                $"{count} combinations of {width} indices exceed the limit of {MaxCombinationIndices} indices");
    }
}
