using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.Execution;

namespace EventFrame.Graph;

/// <summary>What a finished snapshot wrote.</summary>
/// <param name="TreeName">The tree name in the output.</param>
/// <param name="Paths">The files written, in entry order.</param>
/// <param name="Entries">Entries written.</param>
/// <param name="Columns">The columns written, in order.</param>
public sealed record SnapshotResult(string TreeName, IReadOnlyList<string> Paths, long Entries, IReadOnlyList<ColumnInfo> Columns)
{
    /// <summary>Opens the written files as a new dataset (needs the reader of the output format).</summary>
    public Frame ToFrame() => Frame.FromRoot(TreeName, [.. Paths]);
}

/// <summary>
/// Snapshot: copies the selected entries' columns per chunk (compacted), and hands each partition's blocks to the
/// writer in partition order, so a single output holds the entries in dataset order whatever the number of threads.
/// </summary>
internal sealed class SnapshotAction : ActionNode
{
    public required SnapshotSpec Spec { get; init; }
    private Result<SnapshotResult>? _result;
    public Result<SnapshotResult> Typed => _result ??= new Result<SnapshotResult>(At.Graph, Description);
    public override IResult Result => Typed;

    private sealed class Captured
    {
        public readonly List<(ColumnBuffer[] Columns, int Count)> Blocks = [];
    }

    private sealed class Output
    {
        public ISnapshotWriter? Writer;
        public long Entries;
    }

    private Output? _output;

    public override object NewPartial() => new Captured();

    public override ActionFiller CreateFiller(int[] slots) =>
        new Filler([.. Spec.Columns.Select((c, i) => ColumnCopier.Create(c.Type, slots[i]))]);

    public override object Accumulate(object? accumulated, object partial)
    {
        var output = _output ??= new Output();
        output.Writer ??= SnapshotWriters.Create(Spec);
        foreach (var (columns, count) in ((Captured)partial).Blocks)
        {
            output.Writer.Write(columns, count);
            output.Entries += count;
        }
        ((Captured)partial).Blocks.Clear();
        return output;
    }

    public override object Merge(object acc, object next) => Accumulate(acc, next);

    public override object? Finish(object merged, RunTotals totals)
    {
        if (merged is Captured captured) merged = Accumulate(null, captured);
        var output = (Output)merged;
        var paths = output.Writer!.Complete();
        output.Writer.Dispose();
        _output = null;
        return new SnapshotResult(Spec.TreeName, paths, output.Entries, Spec.Columns);
    }

    public override bool SupportsPartialResults => false;

    public override void Abort()
    {
        _output?.Writer?.Dispose();
        _output = null;
    }

    private sealed class Filler(ColumnCopier[] copiers) : ActionFiller
    {
        public override void Fill(ChunkContext ctx, Selection sel, object partial)
        {
            var columns = new ColumnBuffer[copiers.Length];
            for (int c = 0; c < copiers.Length; c++) columns[c] = copiers[c].Copy(ctx, sel);
            ((Captured)partial).Blocks.Add((columns, sel.Count));
        }
    }
}

/// <summary>Copies the selected entries of one column into a new, compacted column buffer.</summary>
internal abstract class ColumnCopier
{
    public abstract ColumnBuffer Copy(ChunkContext ctx, Selection sel);

    public static ColumnCopier Create(ColumnType type, int slot)
    {
        var e = type.Element.ClrType();
        var t = type.Depth switch
        {
            0 => typeof(FlatCopier<>).MakeGenericType(e),
            1 => typeof(JaggedCopier<>).MakeGenericType(e),
            _ => typeof(Jagged2Copier<>).MakeGenericType(e),
        };
        return (ColumnCopier)Activator.CreateInstance(t, slot)!;
    }

    /// <summary>Whether a column of CLR type <paramref name="type"/> can be written by a snapshot.</summary>
    public static ColumnType? Storable(Type type) => ColumnType.FromClrType(type);
}

internal sealed class FlatCopier<T>(int slot) : ColumnCopier
{
    public override ColumnBuffer Copy(ChunkContext ctx, Selection sel)
    {
        var values = ctx.Values<T>(slot);
        var buffer = new FlatBuffer<T>();
        var o = buffer.Prepare(sel.Count);
        if (sel.Dense) values[..sel.Count].CopyTo(o);
        else
        {
            var idx = sel.Indices;
            for (int k = 0; k < o.Length; k++) o[k] = values[idx[k]];
        }
        return buffer;
    }
}

internal sealed class JaggedCopier<T>(int slot) : ColumnCopier
{
    public override ColumnBuffer Copy(ChunkContext ctx, Selection sel)
    {
        var values = ctx.Values<RVec<T>>(slot);
        var buffer = new JaggedBuffer<T>();
        var offsets = buffer.PrepareOffsets(sel.Count);
        int total = 0;
        offsets[0] = 0;
        for (int k = 0; k < sel.Count; k++)
        {
            total += values[sel.At(k)].Length;
            offsets[k + 1] = total;
        }
        var o = buffer.PrepareValues(total);
        int at = 0;
        for (int k = 0; k < sel.Count; k++)
        {
            var v = values[sel.At(k)].AsSpan();
            v.CopyTo(o[at..]);
            at += v.Length;
        }
        return buffer;
    }
}

internal sealed class Jagged2Copier<T>(int slot) : ColumnCopier
{
    public override ColumnBuffer Copy(ChunkContext ctx, Selection sel)
    {
        var values = ctx.Values<RVec<RVec<T>>>(slot);
        var buffer = new Jagged2Buffer<T>();
        var outer = buffer.PrepareOuter(sel.Count);
        int lists = 0, total = 0;
        outer[0] = 0;
        for (int k = 0; k < sel.Count; k++)
        {
            var v = values[sel.At(k)];
            lists += v.Length;
            outer[k + 1] = lists;
            foreach (var inner in v) total += inner.Length;
        }
        var innerOffsets = buffer.Inner.PrepareOffsets(lists);
        var o = buffer.Inner.PrepareValues(total);
        int list = 0, at = 0;
        innerOffsets[0] = 0;
        for (int k = 0; k < sel.Count; k++)
            foreach (var inner in values[sel.At(k)])
            {
                inner.AsSpan().CopyTo(o[at..]);
                at += inner.Length;
                innerOffsets[++list] = at;
            }
        return buffer;
    }
}
