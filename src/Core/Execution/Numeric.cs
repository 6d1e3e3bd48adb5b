using System.Runtime.CompilerServices;
using EventFrame.Execution;
using EventFrame.Graph;

namespace EventFrame.Execution;

/// <summary>Conversions of column values to double for actions that accumulate numbers.</summary>
internal static class Numeric
{
    private static readonly HashSet<Type> s_types =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(float), typeof(double),
    ];

    public static bool IsNumeric(Type t) => s_types.Contains(t);

    /// <summary>True for numeric scalars and RVec of numeric.</summary>
    public static bool IsNumericOrVector(Type t) =>
        IsNumeric(t) || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(RVec<>) && IsNumeric(t.GetGenericArguments()[0]));

    /// <summary>
    /// The elements of entries <paramref name="entries"/> (entry i is <c>values[offsets[i] .. offsets[i + 1]]</c>) back
    /// to back in <paramref name="scratch"/>, grown when too small; returns the filled part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<T> Gather<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> offsets, ReadOnlySpan<int> entries, ref T[] scratch)
    {
        int total = 0;
        foreach (int i in entries) total += offsets[i + 1] - offsets[i];
        if (scratch.Length < total) scratch = new T[Math.Max(total, scratch.Length * 2)];
        int at = 0;
        foreach (int i in entries)
        {
            var run = values[offsets[i]..offsets[i + 1]];
            run.CopyTo(scratch.AsSpan(at));
            at += run.Length;
        }
        return new ReadOnlySpan<T>(scratch, 0, total);
    }

    /// <summary>
    /// <c>dst[i] = ToDouble(src[i])</c> for every element of <paramref name="src"/>; floats widened a vector at a time
    /// (the same exact values), other types one by one.
    /// </summary>
    // Runs once per chunk over thousands of values: compiled fully optimized at once, since a loop of a few hundred
    // chunks is over before tiered compilation replaces the tier-0 and instrumented code (where Vector512 is slow).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToDoubles<T>(ReadOnlySpan<T> src, Span<double> dst)
    {
        int i = 0;
        if (typeof(T) == typeof(float) && System.Numerics.Vector.IsHardwareAccelerated)
        {
            var f = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src)), src.Length);
            int w = System.Numerics.Vector<float>.Count;
            for (; i <= f.Length - w; i += w)
            {
                var v = new System.Numerics.Vector<float>(f[i..]);
                System.Numerics.Vector.WidenLower(v).CopyTo(dst[i..]);
                System.Numerics.Vector.WidenUpper(v).CopyTo(dst[(i + w / 2)..]);
            }
        }
        for (; i < src.Length; i++) dst[i] = ToDouble(src[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble<T>(T v)
    {
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref v);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref v);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref v);
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref v);
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref v);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref v);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref v);
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref v);
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref v);
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref v) ? 1 : 0;
        throw new NotSupportedException($"{typeof(T)} is not numeric");
    }
}

/// <summary>
/// Reads a numeric column (scalar or RVec) for the selected entries of a chunk, as doubles, flattening vectors:
/// the uniform input of actions such as Sum, Mean and multi-dimensional histograms.
/// </summary>
internal abstract class ValueSource
{
    protected double[] _buffer = new double[1024];
    protected int[] _counts = new int[1024];

    public int Slot { get; set; }
    public string Column { get; set; } = "";
    public abstract bool IsJagged { get; }

    /// <summary>The selected entries' values (all elements of vectors, in entry order) as doubles; valid until the next call.</summary>
    public abstract ReadOnlySpan<double> Doubles(ChunkContext ctx, Selection sel);

    /// <summary>For vector columns: the number of elements of each selected entry; valid until the next call.</summary>
    public abstract ReadOnlySpan<int> Counts(ChunkContext ctx, Selection sel);

    /// <summary>Fills <paramref name="h"/> (unweighted) with the selected values using the histogram's bulk kernels.</summary>
    public abstract void FillHistogram(Histograms.Hist1D h, ChunkContext ctx, Selection sel);

    protected Span<double> Buffer(int n)
    {
        if (_buffer.Length < n) _buffer = new double[Math.Max(n, _buffer.Length * 2)];
        return _buffer.AsSpan(0, n);
    }

    protected Span<int> CountBuffer(int n)
    {
        if (_counts.Length < n) _counts = new int[Math.Max(n, _counts.Length * 2)];
        return _counts.AsSpan(0, n);
    }

    private static ValueSource Make(Type type, int slot, string column)
    {
        var s = (ValueSource)Activator.CreateInstance(type)!;
        s.Slot = slot;
        s.Column = column;
        return s;
    }

    /// <summary>Checks at booking time that <paramref name="column"/> is numeric (or a vector of numbers).</summary>
    public static void Check(ColumnDef column, string what)
    {
        if (!Numeric.IsNumericOrVector(column.Type))
            throw new GraphBookingException(what, $"column '{column.Name}' has type {Columns.TypeNames.CSharpName(column.Type)}, which is not numeric (numbers, bool, or RVec of them)", column: column.Name);
    }

    public static ValueSource Create(ColumnDef column, int slot, string what)
    {
        var t = column.Type;
        if (Numeric.IsNumeric(t))
            return Make(typeof(ScalarValueSource<>).MakeGenericType(t), slot, column.Name);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(RVec<>) && Numeric.IsNumeric(t.GetGenericArguments()[0]))
            return Make(typeof(VectorValueSource<>).MakeGenericType(t.GetGenericArguments()[0]), slot, column.Name);
        throw new GraphBookingException(what, $"column '{column.Name}' has type {Columns.TypeNames.CSharpName(t)}, which is not numeric (numbers, bool, or RVec of them)", column: column.Name);
    }
}

internal sealed class ScalarValueSource<T> : ValueSource where T : unmanaged
{
    public override bool IsJagged => false;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<double> Doubles(ChunkContext ctx, Selection sel)
    {
        var v = ctx.Values<T>(Slot);
        var o = Buffer(sel.Count);
        if (sel.Dense) Numeric.ToDoubles(v[..o.Length], o);
        else
        {
            var idx = sel.Indices;
            for (int k = 0; k < o.Length; k++) o[k] = Numeric.ToDouble(v[idx[k]]);
        }
        return o;
    }

    public override ReadOnlySpan<int> Counts(ChunkContext ctx, Selection sel) => throw new InvalidOperationException("scalar column has no element counts");

    public override void FillHistogram(Histograms.Hist1D h, ChunkContext ctx, Selection sel)
    {
        var v = ctx.Values<T>(Slot);
        if (sel.Dense) h.Fill(v[..sel.Count]);
        else h.Fill(v, sel.Indices);
    }
}

internal sealed class VectorValueSource<T> : ValueSource where T : unmanaged
{
    private T[] _flat = new T[1024];

    public override bool IsJagged => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<double> Doubles(ChunkContext ctx, Selection sel)
    {
        if (ctx.Columns[Slot] is SourceJaggedStore<T>)
        {
            // Source vectors: straight from the column buffer's offsets, without building per-entry views.
            var values = Flatten(ctx, sel);
            var d = Buffer(values.Length);
            Numeric.ToDoubles(values, d);
            return d;
        }
        var flat = ctx.Columns[Slot] is DefineVectorStore<T> { Flat.Valid: true } store ? store.Elements(sel, ref _flat) : FlattenViews(ctx, sel);
        var o = Buffer(flat.Length);
        Numeric.ToDoubles(flat, o);
        return o;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<int> Counts(ChunkContext ctx, Selection sel)
    {
        var c = CountBuffer(sel.Count);
        if (ctx.Columns[Slot] is SourceJaggedStore<T>)
        {
            var offsets = ctx.Jagged<T>(Slot).Offsets;
            for (int k = 0; k < c.Length; k++)
            {
                int i = sel.At(k);
                c[k] = offsets[i + 1] - offsets[i];
            }
            return c;
        }
        if (ctx.Columns[Slot] is DefineVectorStore<T> { Flat.Valid: true } d)
        {
            d.Counts(sel, c);
            return c;
        }
        var v = ctx.Values<RVec<T>>(Slot);
        for (int k = 0; k < c.Length; k++) c[k] = v[sel.At(k)].Length;
        return c;
    }

    public override void FillHistogram(Histograms.Hist1D h, ChunkContext ctx, Selection sel)
    {
        if (ctx.Columns[Slot] is SourceJaggedStore<T>)
        {
            h.Fill(Flatten(ctx, sel));
            return;
        }
        // A vector Define in the offsets form: its elements in place (usually one run), no views.
        if (ctx.Columns[Slot] is DefineVectorStore<T> { Flat.Valid: true } d) h.Fill(d.Elements(sel, ref _flat));
        else h.Fill(FlattenViews(ctx, sel));
    }

    /// <summary>
    /// The elements of the selected entries of a vector column stored as per-entry views, in entry order: read in
    /// place when the views lie back to back in one array, else copied.
    /// </summary>
    private ReadOnlySpan<T> FlattenViews(ChunkContext ctx, Selection sel)
    {
        var v = ctx.Values<RVec<T>>(Slot);
        var store = (ColumnStore<RVec<T>>)ctx.Columns[Slot];
        // Every consumer of the column (a histogram and a sum, say) asks for the same run: found once per selection.
        if (store.RunOf<T>(sel, out var run)) return run;
        T[]? array = null;
        int start = 0, end = 0;
        bool contiguous = sel.Dense ? Contiguous(v[..sel.Count], ref array, ref start, ref end) : Contiguous(v, sel.Indices, ref array, ref start, ref end);
        if (contiguous)
        {
            run = array is null ? default : new ReadOnlySpan<T>(array, start, end - start);
            store.SetRun(sel, array, start, end - start);
            return run;
        }
        int total = 0;
        for (int k = 0; k < sel.Count; k++) total += v[sel.At(k)].Length;
        if (_flat.Length < total) _flat = new T[Math.Max(total, _flat.Length * 2)];
        int at = 0;
        for (int k = 0; k < sel.Count; k++)
        {
            var e = v[sel.At(k)].AsSpan();
            e.CopyTo(_flat.AsSpan(at));
            at += e.Length;
        }
        return new ReadOnlySpan<T>(_flat, 0, total);
    }

    // A Define whose lambda allocates each entry's result from the arena leaves the results one after the other in
    // one arena block (empty ones included), so the selected entries' elements usually are one run of that block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Follows(in RVec<T> e, ref T[]? array, ref int start, ref int end)
    {
        if (e._offset == end && ReferenceEquals(e._array, array))
        {
            end += e._length;
            return true;
        }
        if (e._length == 0) return true;
        if (array is not null) return false;
        array = e._array;
        start = e._offset;
        end = start + e._length;
        return true;
    }

    private static bool Contiguous(ReadOnlySpan<RVec<T>> views, ref T[]? array, ref int start, ref int end)
    {
        foreach (ref readonly var e in views)
            if (!Follows(e, ref array, ref start, ref end)) return false;
        return true;
    }

    private static bool Contiguous(ReadOnlySpan<RVec<T>> views, ReadOnlySpan<int> indices, ref T[]? array, ref int start, ref int end)
    {
        foreach (int i in indices)
            if (!Follows(views[i], ref array, ref start, ref end)) return false;
        return true;
    }

    /// <summary>
    /// The elements of the selected entries of a jagged source column, in entry order, from its raw buffer: the
    /// buffer itself for a dense selection (entries are contiguous), else copied runs of it.
    /// </summary>
    private ReadOnlySpan<T> Flatten(ChunkContext ctx, Selection sel)
    {
        var buffer = ctx.Jagged<T>(Slot);
        var offsets = buffer.Offsets;
        var values = buffer.Values;
        if (sel.Dense) return values[offsets[0]..offsets[sel.Count]];
        return Numeric.Gather(values, offsets, sel.Indices, ref _flat);
    }
}
