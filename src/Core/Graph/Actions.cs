using EventFrame.Execution;
using EventFrame.Histograms;

namespace EventFrame.Graph;

/// <summary>Totals of one run that actions may need when publishing (the cut-flow counters).</summary>
internal sealed class RunTotals
{
    public Dictionary<FilterNode, (long Pass, long All)> Filters { get; } = [];
}

/// <summary>A booked action: where it sits in the graph, what it reads, and how its partial results combine.</summary>
internal abstract class ActionNode
{
    public required Node At { get; init; }
    public required ColumnDef[] Inputs { get; init; }
    public required string Description { get; init; }
    public abstract IResult Result { get; }

    /// <summary>An empty partial result for one partition.</summary>
    public abstract object NewPartial();

    /// <summary>A per-worker object that adds a chunk's selected entries to a partial result.</summary>
    public abstract ActionFiller CreateFiller(int[] slots);

    /// <summary>Combines <paramref name="next"/> (the following partition) into <paramref name="acc"/>; returns the combination.</summary>
    public abstract object Merge(object acc, object next);

    /// <summary>Takes the partial result of the next partition, in partition order (null before the first).</summary>
    public virtual object Accumulate(object? accumulated, object partial) => accumulated is null ? partial : Merge(accumulated, partial);

    /// <summary>Called when the loop fails, to release what the action holds (open outputs).</summary>
    public virtual void Abort() { }

    /// <summary>Whether <see cref="Finish"/> may be called on intermediate results (for OnPartialResult).</summary>
    public virtual bool SupportsPartialResults => true;

    /// <summary>The partial result as JSON text that <see cref="ImportPartial"/> restores exactly (for distributed tasks).</summary>
    public virtual string ExportPartial(object partial) => throw new NotSupportedException($"{Description}: partial results of this action do not travel");

    /// <summary>Restores a partial result written by <see cref="ExportPartial"/>.</summary>
    public virtual object ImportPartial(string json) => throw new NotSupportedException($"{Description}: partial results of this action do not travel");

    /// <summary>The result's value computed from merged partial results (of all partitions, or of those merged so far).</summary>
    public abstract object? Finish(object merged, RunTotals totals);

    /// <summary>Sets the result from the merged partial results of all partitions.</summary>
    public void Publish(object merged, RunTotals totals) => ((IResultSink)Result).SetBoxed(Finish(merged, totals));

    /// <summary>Filters that must be evaluated for this action even without downstream use (Report).</summary>
    public virtual IEnumerable<FilterNode> RequiredFilters => [];
}

internal abstract class ActionFiller
{
    public abstract void Fill(ChunkContext ctx, Selection sel, object partial);
}

internal sealed class Box<T>(T value)
{
    public T Value = value;
}

internal sealed class CountAction : ActionNode
{
    private Result<long>? _result;
    public Result<long> Typed => _result ??= new Result<long>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => new Box<long>(0);
    public override ActionFiller CreateFiller(int[] slots) => new Filler();
    public override object Merge(object acc, object next)
    {
        ((Box<long>)acc).Value += ((Box<long>)next).Value;
        return acc;
    }
    public override object? Finish(object merged, RunTotals totals) => ((Box<long>)merged).Value;
    public override string ExportPartial(object partial) => ((Box<long>)partial).Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public override object ImportPartial(string json) => new Box<long>(long.Parse(json, System.Globalization.CultureInfo.InvariantCulture));

    private sealed class Filler : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial) => ((Box<long>)partial).Value += sel.Count;
    }
}

/// <summary>Sufficient statistics of a sequence of numbers: count, sum, Welford mean and M2, min and max.</summary>
internal sealed class Moments
{
    public long N;
    public double Sum;
    public double Mean;
    public double M2;
    public double Min = double.PositiveInfinity;
    public double Max = double.NegativeInfinity;

    /// <summary>Adds a block of values: its own count, sum, min/max and (if wanted) mean and M2, merged with Chan's formula.</summary>
    public void Add(ReadOnlySpan<double> values, StatKind kind)
    {
        if (values.IsEmpty) return;
        var block = new Moments { N = values.Length, Sum = System.Numerics.Tensors.TensorPrimitives.Sum(values) };
        switch (kind)
        {
            case StatKind.Min:
                block.Min = System.Numerics.Tensors.TensorPrimitives.Min(values);
                break;
            case StatKind.Max:
                block.Max = System.Numerics.Tensors.TensorPrimitives.Max(values);
                break;
            case StatKind.StdDev:
                {
                    double mean = block.Sum / block.N, m2 = 0;
                    foreach (var x in values)
                    {
                        double d = x - mean;
                        m2 += d * d;
                    }
                    block.Mean = mean;
                    block.M2 = m2;
                    break;
                }
            default:
                block.Mean = block.Sum / block.N;
                break;
        }
        Merge(block);
    }

    /// <summary>The statistics as text, doubles by their bit patterns so that import is exact.</summary>
    public string Export() => string.Join(" ", new[] { N, BitConverter.DoubleToInt64Bits(Sum), BitConverter.DoubleToInt64Bits(Mean),
        BitConverter.DoubleToInt64Bits(M2), BitConverter.DoubleToInt64Bits(Min), BitConverter.DoubleToInt64Bits(Max) }.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static Moments Import(string text)
    {
        var v = text.Split(' ').Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (v.Length != 6) throw new FormatException($"statistics need 6 numbers, got {v.Length}");
        return new Moments
        {
            N = v[0], Sum = BitConverter.Int64BitsToDouble(v[1]), Mean = BitConverter.Int64BitsToDouble(v[2]),
            M2 = BitConverter.Int64BitsToDouble(v[3]), Min = BitConverter.Int64BitsToDouble(v[4]), Max = BitConverter.Int64BitsToDouble(v[5]),
        };
    }

    public void Merge(Moments o)
    {
        if (o.N == 0) return;
        if (N == 0)
        {
            N = o.N; Sum = o.Sum; Mean = o.Mean; M2 = o.M2; Min = o.Min; Max = o.Max;
            return;
        }
        long n = N + o.N;
        double delta = o.Mean - Mean;
        Mean += delta * o.N / n;
        M2 += o.M2 + delta * delta * ((double)N * o.N / n);
        N = n;
        Sum += o.Sum;
        Min = double.IsNaN(Min) || double.IsNaN(o.Min) ? double.NaN : Math.Min(Min, o.Min);
        Max = double.IsNaN(Max) || double.IsNaN(o.Max) ? double.NaN : Math.Max(Max, o.Max);
    }
}

internal enum StatKind { Sum, Mean, StdDev, Min, Max }

/// <summary>Sum, Mean, StdDev, Min and Max of a numeric column (vectors contribute every element).</summary>
internal sealed class StatAction : ActionNode
{
    public required StatKind Kind { get; init; }
    private Result<double>? _result;
    public Result<double> Typed => _result ??= new Result<double>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => new Moments();
    public override ActionFiller CreateFiller(int[] slots) => new Filler(ValueSource.Create(Inputs[0], slots[0], Description), Kind);
    public override object Merge(object acc, object next)
    {
        ((Moments)acc).Merge((Moments)next);
        return acc;
    }

    public override object? Finish(object merged, RunTotals totals)
    {
        var m = (Moments)merged;
        return Kind switch
        {
            StatKind.Sum => m.Sum,
            StatKind.Mean => m.N == 0 ? double.NaN : m.Sum / m.N,
            StatKind.StdDev => m.N < 2 ? 0 : Math.Sqrt(m.M2 / (m.N - 1)),
            StatKind.Min => m.Min,
            _ => m.Max,
        };
    }

    public override string ExportPartial(object partial) => ((Moments)partial).Export();
    public override object ImportPartial(string json) => Moments.Import(json);

    private sealed class Filler(ValueSource source, StatKind kind) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial) => ((Moments)partial).Add(source.Doubles(ctx, sel), kind);
    }
}

/// <summary>Take: the values of a column for every selected entry, in entry order (vectors are copied).</summary>
internal sealed class TakeAction<T> : ActionNode
{
    private Result<List<T>>? _result;
    public Result<List<T>> Typed => _result ??= new Result<List<T>>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => new List<T>();
    public override ActionFiller CreateFiller(int[] slots) => new Filler(slots[0]);
    public override object Merge(object acc, object next)
    {
        ((List<T>)acc).AddRange((List<T>)next);
        return acc;
    }
    public override object? Finish(object merged, RunTotals totals) => (List<T>)merged;

    private sealed class Filler(int slot) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial)
        {
            var list = (List<T>)partial;
            var v = ctx.Values<T>(slot);
            for (int k = 0; k < sel.Count; k++) list.Add(Persist.Copy(v[sel.At(k)]));
        }
    }
}

/// <summary>Copies values that may be views into chunk buffers (RVec, also nested) so they outlive the chunk.</summary>
internal static class Persist
{
    public static T Copy<T>(T value) => Persist<T>.Copier is { } c ? c(value) : value;

    internal static RVec<E> CopyVector<E>(RVec<E> v)
    {
        var array = v.ToArray();
        if (Persist<E>.Copier is { } inner)
            for (int i = 0; i < array.Length; i++) array[i] = inner(array[i]);
        return new RVec<E>(array);
    }
}

internal static class Persist<T>
{
    public static readonly Func<T, T>? Copier = Build();

    private static Func<T, T>? Build()
    {
        var t = typeof(T);
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(RVec<>)) return null;
        var method = typeof(Persist).GetMethod(nameof(Persist.CopyVector), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(t.GetGenericArguments()[0]);
        return method.CreateDelegate<Func<T, T>>();
    }
}

/// <summary>Aggregate: a user fold over the selected values of a column, per partition, then merged in partition order.</summary>
internal sealed class AggregateAction<T, TAcc> : ActionNode
{
    public required Func<TAcc, T, TAcc> Aggregator { get; init; }
    public required Func<TAcc, TAcc, TAcc> Merger { get; init; }
    public required Func<TAcc> Identity { get; init; }
    private Result<TAcc>? _result;
    public Result<TAcc> Typed => _result ??= new Result<TAcc>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => new Box<TAcc>(Identity());
    public override ActionFiller CreateFiller(int[] slots) => new Filler(this, slots[0]);

    public override object Merge(object acc, object next)
    {
        var a = (Box<TAcc>)acc;
        try
        {
            a.Value = Merger(a.Value, ((Box<TAcc>)next).Value);
        }
        catch (Exception e) when (e is not EventLoopException)
        {
            throw new EventLoopException(Description + " (merge)", -1, e);
        }
        return a;
    }

    public override object? Finish(object merged, RunTotals totals) => ((Box<TAcc>)merged).Value;

    private sealed class Filler(AggregateAction<T, TAcc> action, int slot) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial)
        {
            var box = (Box<TAcc>)partial;
            var v = ctx.Values<T>(slot);
            var acc = box.Value;
            int k = 0;
            try
            {
                for (; k < sel.Count; k++) acc = action.Aggregator(acc, v[sel.At(k)]);
            }
            catch (Exception e) when (e is not EventLoopException)
            {
                throw new EventLoopException(action.Description, ctx.FirstEntry + sel.At(k), e);
            }
            box.Value = acc;
        }
    }
}

/// <summary>The cut-flow of the named filters above a node (or of the whole graph at the root).</summary>
internal sealed class ReportAction : ActionNode
{
    public required IReadOnlyList<FilterNode> Filters { get; init; }
    private Result<CutflowReport>? _result;
    public Result<CutflowReport> Typed => _result ??= new Result<CutflowReport>(At.Graph, Description);
    public override IResult Result => Typed;
    public override IEnumerable<FilterNode> RequiredFilters => Filters;
    public override object NewPartial() => new Box<int>(0);
    public override ActionFiller CreateFiller(int[] slots) => new Filler();
    public override object Merge(object acc, object next) => acc;
    public override string ExportPartial(object partial) => "0";
    public override object ImportPartial(string json) => new Box<int>(0);
    public override object? Finish(object merged, RunTotals totals) =>
        new CutflowReport([.. Filters.Select(f => totals.Filters.TryGetValue(f, out var c) ? new CutflowEntry(f.Name, c.Pass, c.All) : new CutflowEntry(f.Name, 0, 0))]);

    private sealed class Filler : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial) { }
    }
}

/// <summary>Histo1D, unweighted or weighted; vector columns fill every element (with a scalar weight repeated).</summary>
internal sealed class Histo1DAction : ActionNode
{
    public required Hist1DModel Model { get; init; }
    private Result<Hist1D>? _result;
    public Result<Hist1D> Typed => _result ??= new Result<Hist1D>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => Model.Create();
    public override ActionFiller CreateFiller(int[] slots) =>
        new Filler(this, ValueSource.Create(Inputs[0], slots[0], Description), Inputs.Length > 1 ? ValueSource.Create(Inputs[1], slots[1], Description) : null);
    public override object Merge(object acc, object next)
    {
        ((Hist1D)acc).Merge((Hist1D)next);
        return acc;
    }
    public override object? Finish(object merged, RunTotals totals) => (Hist1D)merged;
    public override string ExportPartial(object partial) => ((Hist1D)partial).ToUhiJson(false);
    public override object ImportPartial(string json) => Hist1D.FromUhiJson(json);

    private sealed class Filler(Histo1DAction action, ValueSource x, ValueSource? w) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial)
        {
            var h = (Hist1D)partial;
            if (w is null)
            {
                x.FillHistogram(h, ctx, sel);
                return;
            }
            var (values, n) = Broadcast.Align(action.Description, ctx, sel, [x, w]);
            h.Fill(new ReadOnlySpan<double>(values[0], 0, n), new ReadOnlySpan<double>(values[1], 0, n));
        }
    }
}

/// <summary>Histo2D/3D and Profile1D/2D: every input converted to double, vectors element-wise, scalars broadcast.</summary>
internal sealed class MultiHistAction<THist> : ActionNode where THist : class, Results.IMergeable<THist>
{
    public required Func<THist> Create { get; init; }
    /// <summary>Fills the first n points of the aligned coordinate (and weight) arrays with the histogram's bulk kernels.</summary>
    public required Action<THist, double[][], int> FillAll { get; init; }
    private Result<THist>? _result;
    public Result<THist> Typed => _result ??= new Result<THist>(At.Graph, Description);
    public override IResult Result => Typed;
    public override object NewPartial() => Create();
    public override ActionFiller CreateFiller(int[] slots) =>
        new Filler(this, [.. Inputs.Select((c, i) => ValueSource.Create(c, slots[i], Description))]);
    public override object Merge(object acc, object next)
    {
        ((THist)acc).Merge((THist)next);
        return acc;
    }
    public override object? Finish(object merged, RunTotals totals) => (THist)merged;
    /// <summary>Restores a partial histogram from UHI JSON (null: this histogram type does not travel).</summary>
    public Func<string, THist>? Import { get; init; }
    public override string ExportPartial(object partial) => Import is null ? base.ExportPartial(partial) : ((Histograms.HistogramBase)partial).ToUhiJson(false);
    public override object ImportPartial(string json) => Import is null ? base.ImportPartial(json) : Import(json);

    private sealed class Filler(MultiHistAction<THist> action, ValueSource[] inputs) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial)
        {
            var h = (THist)partial;
            var (values, n) = Broadcast.Align(action.Description, ctx, sel, inputs);
            action.FillAll(h, values, n);
        }
    }
}

/// <summary>Aligns several numeric inputs of the selected entries: vectors element-wise, scalars repeated per element.</summary>
internal static class Broadcast
{
    [ThreadStatic] private static double[][]? t_buffers;

    /// <summary>Returns one buffer per input (valid until the next call on this thread) and the common length.</summary>
    public static (double[][] Values, int Length) Align(string action, ChunkContext ctx, Selection sel, ValueSource[] inputs)
    {
        int jaggedIndex = Array.FindIndex(inputs, s => s.IsJagged);
        if (jaggedIndex < 0)
        {
            var copies = Buffers(inputs.Length, sel.Count);
            for (int i = 0; i < inputs.Length; i++) inputs[i].Doubles(ctx, sel).CopyTo(copies[i]);
            return (copies, sel.Count);
        }
        var counts = inputs[jaggedIndex].Counts(ctx, sel).ToArray();
        int total = 0;
        foreach (var c in counts) total += c;
        var buffers = Buffers(inputs.Length, total);
        for (int i = 0; i < inputs.Length; i++)
        {
            var o = buffers[i];
            if (inputs[i].IsJagged)
            {
                var own = i == jaggedIndex ? counts : inputs[i].Counts(ctx, sel);
                for (int k = 0; k < counts.Length; k++)
                    if (own[k] != counts[k])
                        throw new EventLoopException(action, ctx.FirstEntry + sel.At(k),
                            new InvalidOperationException($"column '{inputs[i].Column}' has {own[k]} elements but '{inputs[jaggedIndex].Column}' has {counts[k]}"));
                inputs[i].Doubles(ctx, sel).CopyTo(o);
            }
            else
            {
                var d = inputs[i].Doubles(ctx, sel);
                int at = 0;
                for (int k = 0; k < counts.Length; k++)
                {
                    o.AsSpan(at, counts[k]).Fill(d[k]);
                    at += counts[k];
                }
            }
        }
        return (buffers, total);
    }

    private static double[][] Buffers(int count, int length)
    {
        var b = t_buffers;
        if (b is null || b.Length < count)
        {
            var nb = new double[Math.Max(count, 4)][];
            for (int i = 0; i < nb.Length; i++) nb[i] = b is not null && i < b.Length ? b[i] : new double[1024];
            t_buffers = b = nb;
        }
        for (int i = 0; i < count; i++)
            if (b[i].Length < length) b[i] = new double[Math.Max(length, b[i].Length * 2)];
        return b;
    }
}
