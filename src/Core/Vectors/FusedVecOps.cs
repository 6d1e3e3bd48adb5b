using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

/// <summary>
/// Runtime support for the fused loops the expression compiler generates from chains of <see cref="RVec{T}"/>
/// operations (one loop per chain instead of one arena temporary per operation). The members raise exactly the
/// exceptions the unfused <see cref="VecOps"/> functions and <see cref="RVec{T}"/> operators raise. Not meant to be
/// called by analysis code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FusedVecOps
{
    /// <summary>
    /// <c>values[index]</c>, or an <see cref="IndexOutOfRangeException"/> naming the index and the size when it is
    /// outside <c>[0, values.Length)</c> (the element of <c>Take(v, indices)</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T At<T>(ReadOnlySpan<T> values, int index)
    {
        if ((uint)index >= (uint)values.Length) ThrowIndex(index, values.Length);
        return Unsafe.Add(ref MemoryMarshal.GetReference(values), index);
    }

    /// <summary><c>values[index]</c> when the index is inside <c>[0, values.Length)</c>, else <paramref name="defaultValue"/> (the element of <c>Take(v, indices, default)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AtOr<T>(ReadOnlySpan<T> values, int index, T defaultValue) =>
        (uint)index < (uint)values.Length ? Unsafe.Add(ref MemoryMarshal.GetReference(values), index) : defaultValue;

    /// <summary>The first <paramref name="count"/> elements of <paramref name="vector"/> as a view of the same storage (0 &lt;= count &lt;= Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RVec<T> Prefix<T>(RVec<T> vector, int count)
    {
        if ((uint)count > (uint)vector.Length) ThrowPrefix(count, vector.Length);
        return vector.BackingArray is null ? vector : new RVec<T>(vector.BackingArray, vector.ArrayOffset, count, trusted: true);
    }

    /// <summary>
    /// The <paramref name="length"/> elements of <paramref name="vector"/> from <paramref name="start"/> as a view of the
    /// same storage; throws <see cref="ArgumentOutOfRangeException"/> when they are not all inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RVec<T> Slice<T>(RVec<T> vector, int start, int length)
    {
        if ((uint)start > (uint)vector.Length || (uint)length > (uint)(vector.Length - start)) ThrowSlice(start, length, vector.Length);
        return vector.BackingArray is null ? vector : new RVec<T>(vector.BackingArray, vector.ArrayOffset + start, length, trusted: true);
    }

    /// <summary>
    /// True when <paramref name="offsets"/> (at least one) start at or after 0, never decrease and end at or before
    /// <paramref name="valueCount"/>: every entry's range lies inside the values.
    /// </summary>
    public static bool Fits(ReadOnlySpan<int> offsets, int valueCount)
    {
        if (offsets.IsEmpty || offsets[0] < 0 || offsets[^1] > valueCount) return false;
        int i = 1;
        // Generated kernels check every jagged input once per call: each offset against the one before, eight at a time.
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            ref int r = ref MemoryMarshal.GetReference(offsets);
            for (; i + System.Runtime.Intrinsics.Vector256<int>.Count <= offsets.Length; i += System.Runtime.Intrinsics.Vector256<int>.Count)
            {
                var current = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref r, (nuint)i);
                var previous = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref r, (nuint)(i - 1));
                if (System.Runtime.Intrinsics.Vector256.LessThanAny(current, previous)) return false;
            }
        }
        for (; i < offsets.Length; i++)
            if (offsets[i] < offsets[i - 1]) return false;
        return true;
    }

    /// <summary>True when two jagged columns have the same offsets (every entry has the same size in both).</summary>
    public static bool SameOffsets(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// The calling thread's arena. A generated kernel looks it up once per chunk and passes it to the fused loops it
    /// calls, which allocate their results from it inline (<see cref="RVecArena.ThreadArena.Allocate{T}(int, out RVec{T})"/>):
    /// finding the thread for every temporary cost as much as a small loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static RVecArena.ThreadArena Arena() => RVecArena.ForCurrentThread();

    /// <summary>
    /// <see cref="RVecArena.Allocate{T}(int, out RVec{T})"/>, kept out of line: generated code lives in a collectible
    /// assembly, where an inlined thread-static access goes through the slow TLS lookup of the runtime.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Span<T> Allocate<T>(int length, out RVec<T> vector) => RVecArena.Allocate(length, out vector);

    /// <summary>
    /// The Cartesian components <c>(x, y, z, e)</c> of particles 0 … n-1 given as (pt, eta, phi, mass), in double exactly
    /// as <see cref="VecOps.InvariantMass(double, double, double, double, double, double, double, double)"/> computes
    /// them, into <c>xyze[4i .. 4i+3]</c>; n is the smallest of the four sizes. Returns n.
    /// </summary>
    [SkipLocalsInit]
    public static int Cartesian<T>(ReadOnlySpan<T> pt, ReadOnlySpan<T> eta, ReadOnlySpan<T> phi, ReadOnlySpan<T> mass, out Span<double> xyze) where T : INumber<T>
    {
        int n = Math.Min(Math.Min(pt.Length, eta.Length), Math.Min(phi.Length, mass.Length));
        xyze = Allocate<double>(4 * n, out _);
        if (typeof(T) == typeof(float) && n <= CartesianStack)
        {
            // x, y, z of all particles at once (SIMD, the bits of VecOps.Cartesian); e with VecOps.Cartesian's formula.
            var m = AsFloats(mass);
            Span<double> x = stackalloc double[n], y = stackalloc double[n], z = stackalloc double[n], e = stackalloc double[n];
            DoubleMath.PtEtaPhiMToCartesian(AsFloats(pt)[..n], AsFloats(eta), AsFloats(phi), m, x, y, z, e);
            for (int i = 0; i < n; i++)
            {
                double mi = m[i];
                xyze[4 * i] = x[i];
                xyze[4 * i + 1] = y[i];
                xyze[4 * i + 2] = z[i];
                xyze[4 * i + 3] = Math.Sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i] + mi * mi);
            }
            return n;
        }
        for (int i = 0; i < n; i++)
        {
            var (x, y, z, e) = VecOps.Cartesian(double.CreateTruncating(pt[i]), double.CreateTruncating(eta[i]), double.CreateTruncating(phi[i]), double.CreateTruncating(mass[i]));
            xyze[4 * i] = x;
            xyze[4 * i + 1] = y;
            xyze[4 * i + 2] = z;
            xyze[4 * i + 3] = e;
        }
        return n;
    }

    private const int CartesianStack = 64;

    private static ReadOnlySpan<float> AsFloats<T>(ReadOnlySpan<T> s) => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(s)), s.Length);

    /// <summary>
    /// The invariant mass of particles <paramref name="i"/> and <paramref name="j"/> of a <see cref="Cartesian"/> table,
    /// as <see cref="VecOps.InvariantMass(double, double, double, double, double, double, double, double)"/> computes it
    /// from the particles' (pt, eta, phi, mass). The indices must be below the table's particle count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PairMass(ReadOnlySpan<double> xyze, int i, int j)
    {
        var a = xyze.Slice(4 * i, 4);
        var b = xyze.Slice(4 * j, 4);
        return VecOps.MassOfSum(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
    }

    /// <summary>One particle's <c>(x, y, z, e)</c> from (pt, eta, phi, mass), as <see cref="VecOps.InvariantMass(double, double, double, double, double, double, double, double)"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double X, double Y, double Z, double E) FourVector(double pt, double eta, double phi, double mass) => VecOps.Cartesian(pt, eta, phi, mass);

    /// <summary>The invariant mass of the sum of two particles' <see cref="FourVector"/>s, bit for bit <see cref="VecOps.InvariantMass(double, double, double, double, double, double, double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MassOfSum((double X, double Y, double Z, double E) a, (double X, double Y, double Z, double E) b) =>
        VecOps.MassOfSum(a.X, a.Y, a.Z, a.E, b.X, b.Y, b.Z, b.E);

    /// <summary>
    /// Checks <paramref name="index"/> as <c>Take</c> does against each source size in turn (the first failing one is
    /// reported) and returns it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CheckIndex(int index, int size1, int size2, int size3, int size4)
    {
        if ((uint)index >= (uint)size1) ThrowIndex(index, size1);
        if ((uint)index >= (uint)size2) ThrowIndex(index, size2);
        if ((uint)index >= (uint)size3) ThrowIndex(index, size3);
        if ((uint)index >= (uint)size4) ThrowIndex(index, size4);
        return index;
    }

    /// <summary>
    /// The <paramref name="length"/> elements of <paramref name="array"/> from <paramref name="start"/> as a vector
    /// (a view, no copy); throws <see cref="ArgumentOutOfRangeException"/> when they are not all inside the array.
    /// The view of a jagged column's entry made by generated kernels on each read (small enough to be inlined).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RVec<T> View<T>(T[] array, int start, int length)
    {
        if ((ulong)(uint)start + (uint)length > (uint)array.Length) ThrowSlice(start, length, array.Length);
        return new RVec<T>(array, start, length, trusted: true);
    }

    /// <summary>
    /// The number of pairs of <c>Combinations(v1, v2)</c> for vectors of sizes <paramref name="size1"/> and
    /// <paramref name="size2"/> (their product), with the exception <see cref="VecOps.Combinations(int, int)"/> raises
    /// when the index vectors would exceed <see cref="VecOps.MaxCombinationIndices"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PairCount(int size1, int size2)
    {
        long total = (long)size1 * size2;
        if (2 * total > VecOps.MaxCombinationIndices) VecOps.Combinations(size1, size2);
        return (int)total;
    }

    /// <summary>
    /// The number of combinations of <c>Combinations(v, n)</c> (n = 2 or 3) for a vector of size
    /// <paramref name="size"/>, C(size, n), with the exceptions <see cref="VecOps.Combinations{T}(RVec{T}, int)"/>
    /// raises when n exceeds the size or the index vectors would exceed <see cref="VecOps.MaxCombinationIndices"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CombinationCount(int size, int n)
    {
        // The sizes of physics collections: the closed form in int, far below the limit (C(256, 3) * 3 < 2^24).
        if ((uint)size <= 256 && n is 2 or 3 && n <= size) return n == 2 ? size * (size - 1) / 2 : size * (size - 1) * (size - 2) / 6;
        return CombinationCountChecked(size, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CombinationCountChecked(int size, int n)
    {
        if (n > size) VecOps.CombinationsOf(size, n); // throws Combinations' own exception
        long count = VecOps.Binomial(size, n, n);
        VecOps.CheckCombinationSize(count, n);
        return (int)count;
    }

    /// <summary>
    /// <c>Combinations(v, n)[k][index]</c> (n = 2 or 3, 0 &lt;= k &lt; n) for a vector of size <paramref name="size"/>:
    /// the k-th index of the index-th combination in lexicographic order, found without building the index vectors.
    /// <paramref name="count"/> is <see cref="CombinationCount"/>(size, n), passed first so that its exceptions come
    /// before the index expression's, as when the vectors are built; an index outside them raises
    /// <see cref="IndexOutOfRangeException"/> as indexing one of them does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CombinationAt(int count, int size, int n, int k, int index)
    {
        if ((uint)index >= (uint)count) ThrowIndex(index, count);
        // Small sizes: Combinations' own precomputed index vectors, k-th vector first.
        if ((uint)size <= CombinationTables.MaxUnique && n is 2 or 3 && (uint)k < (uint)n)
            return (n == 2 ? CombinationTables.Pairs : CombinationTables.Triplets)[size][k * count + index];
        return Unrank(size, n, k, index);
    }

    private static int Unrank(int size, int n, int k, int index)
    {
        // Walk the first index: the combinations starting with i are C(size - 1 - i, n - 1) in number.
        int i = 0;
        while (true)
        {
            int m = size - 1 - i;
            int row = n == 2 ? m : m * (m - 1) / 2;
            if (index < row) break;
            index -= row;
            i++;
        }
        if (k == 0) return i;
        if (n == 2) return i + 1 + index;
        int j = i + 1;
        while (index >= size - 1 - j)
        {
            index -= size - 1 - j;
            j++;
        }
        return k == 1 ? j : j + 1 + index;
    }

    /// <summary>
    /// <c>Combinations(v1, v2)[k][index]</c> (k = 0 or 1) for a second vector of size <paramref name="size2"/>: the
    /// k-th index of the index-th pair, first index slowest, without building the index vectors.
    /// <paramref name="count"/> is <see cref="PairCount"/>(size1, size2), passed first for the order of exceptions;
    /// an index outside the pairs raises <see cref="IndexOutOfRangeException"/> as indexing one of them does.
    /// </summary>
    public static int PairAt(int count, int size2, int k, int index)
    {
        if ((uint)index >= (uint)count) ThrowIndex(index, count);
        return k == 0 ? index / size2 : index % size2;
    }

    /// <summary>
    /// A cleared scratch mask of <paramref name="length"/> flags for <c>Drop</c>: <paramref name="stack"/> when it is
    /// long enough, else arena memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<bool> DropMask(Span<bool> stack, int length)
    {
        var mask = length <= stack.Length ? stack[..length] : Allocate<bool>(length, out _);
        mask.Clear();
        return mask;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSlice(int start, int length, int size) =>
        throw new ArgumentOutOfRangeException(nameof(length), $"slice [{start}, {start}+{length}) of a vector of size {size}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPrefix(int count, int length) =>
        throw new ArgumentOutOfRangeException(nameof(count), $"prefix of {count} elements of a vector of size {length}");

    /// <summary>Throws the <see cref="ArgumentException"/> of an element-wise operation <paramref name="op"/> on vectors of sizes <paramref name="a"/> and <paramref name="b"/>.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSizes(string op, int a, int b) => Elementwise.ThrowSizes(op, a, b);

    /// <summary>Throws the <see cref="ArgumentException"/> of <c>v[mask]</c> with a vector of size <paramref name="size"/> and a mask of size <paramref name="maskSize"/>.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowMaskSize(int size, int maskSize) =>
        throw new ArgumentException($"Cannot index an RVec of size {size} with a mask of size {maskSize}", "mask");

    /// <summary>Throws the <see cref="InvalidOperationException"/> of <c>Max</c>/<c>Min</c> (<paramref name="what"/>) of an empty vector.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowEmpty(string what) => VecOps.ThrowEmpty(what);

    /// <summary>
    /// Raises the <see cref="IndexOutOfRangeException"/> of the RVec indexer when <paramref name="index"/> is not
    /// below <paramref name="size"/>: the check of an element taken from a fused vector that is never built.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckElement(int index, int size)
    {
        if ((uint)index >= (uint)size) ThrowIndex(index, size);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex(int index, int size) =>
        throw new IndexOutOfRangeException($"RVec index {index} is out of range for a vector of size {size}");
}
