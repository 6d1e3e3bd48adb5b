using EventFrame.Execution;

namespace EventFrame.Graph;

/// <summary>
/// The kernel of <c>Define(name, PtEtaPhiMVector.Construct, pt, eta, phi, mass)</c>: instead of one call per entry,
/// the four-vectors of every particle from the chunk's first to its last selected entry are computed in one SIMD
/// pass over the columns' flat values (<see cref="PtEtaPhiMVector.FromPtEtaPhiM(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{PtEtaPhiMVector})"/>, the bits the per-entry call
/// gives), and each selected entry gets a view of its own. Used when the four inputs are jagged float columns read
/// raw (source columns, vector Defines in offsets form) whose offsets agree over that range; otherwise, and for
/// any check that fails, the per-entry kernel runs, which raises what
/// <see cref="PtEtaPhiMVector.FromPtEtaPhiM(RVec{float}, RVec{float}, RVec{float}, RVec{float})"/> raises for a selected entry.
/// </summary>
internal sealed class FourVectorDefine(DefineKernel perEntry, int[] inputs) : DefineKernel
{
    private static readonly System.Reflection.MethodInfo s_construct = PtEtaPhiMVector.Construct.Method;

    /// <summary>True when <paramref name="function"/> is <see cref="PtEtaPhiMVector.Construct"/> (or a delegate of the same static method).</summary>
    public static bool Recognizes(Delegate function) => function.Target is null && function.Method == s_construct;

    /// <summary>Chunks computed in one pass since the process started (for tests).</summary>
    internal static long ColumnarChunks;

    public override void Evaluate(ChunkContext ctx, Selection sel, int output)
    {
        if (sel.Count > 0 && Columnar(ctx, sel, output)) Interlocked.Increment(ref ColumnarChunks);
        else perEntry.Evaluate(ctx, sel, output);
    }

    private bool Columnar(ChunkContext ctx, Selection sel, int output)
    {
        if (!Raw(ctx, sel, inputs[0], out var o0, out var pt, out int b0) || !Raw(ctx, sel, inputs[1], out var o1, out var eta, out int b1)
            || !Raw(ctx, sel, inputs[2], out var o2, out var phi, out int b2) || !Raw(ctx, sel, inputs[3], out var o3, out var mass, out int b3))
            return false;
        int first = sel.At(0), last = sel.At(sel.Count - 1);
        // The same offsets over the range give every entry the same size in all four columns (what Construct
        // requires) and let one pass cover them; the range's ends are checked offsets of selected entries.
        var range = o0.Slice(first, last - first + 2);
        if (!range.SequenceEqual(o1.Slice(first, range.Length)) || !range.SequenceEqual(o2.Slice(first, range.Length))
            || !range.SequenceEqual(o3.Slice(first, range.Length)))
            return false;
        int lo = range[0], n = range[^1] - lo;
        // Below a filter that keeps few entries, one pass over every particle in between costs more than a call per
        // kept entry (a call costs about as much as 16–32 particles in the pass).
        if (n < 0 || n > 16 * sel.Count) return false;
        var vectors = RVecArena.Allocate<PtEtaPhiMVector>(n, out var all);
        PtEtaPhiMVector.FromPtEtaPhiM(pt.AsSpan(b0 + lo, n), eta.AsSpan(b1 + lo, n), phi.AsSpan(b2 + lo, n), mass.AsSpan(b3 + lo, n), vectors);
        var array = all.BackingArray!;
        int at = all.ArrayOffset - lo;
        var views = ctx.Output<RVec<PtEtaPhiMVector>>(output);
        for (int k = 0; k < sel.Count; k++)
        {
            int i = sel.At(k), start = o0[i], end = o0[i + 1];
            // Offsets between the checked ends are only trusted within them (a reversed pair falls back).
            if (start < lo || end < start || end > lo + n) return false;
            views[i] = new RVec<PtEtaPhiMVector>(array, at + start, end - start, trusted: true);
        }
        return true;
    }

    private static bool Raw(ChunkContext ctx, Selection sel, int index, out ReadOnlySpan<int> offsets, out float[] values, out int baseOffset)
    {
        values = [];
        if (!ctx.TryRaw(index, sel, out offsets, out var array, out baseOffset) || array is not float[] f) return false;
        values = f;
        return true;
    }
}
