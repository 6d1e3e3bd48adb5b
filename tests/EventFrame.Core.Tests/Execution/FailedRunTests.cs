using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Execution;

/// <summary>
/// An event loop that fails leaves its actions unbooked: results booked later run on their own, and reading a failed
/// result runs its action again (the same error if the cause persists, the value if it was transient).
/// </summary>
public class FailedRunTests
{
    // One slot and small chunks: which entry fails first, and how often a lambda is called, are then fixed.
    private static readonly ExecutionOptions Sequential = new() { Threads = 1, ChunkSize = 100, GeneratedPartitionSize = 500 };

    private static Hist1DModel Model => new("x", "", 20, 0, 2000);

    [Fact]
    public void CorrectedDefineAfterAFailureRunsOnItsOwn()
    {
        var df = Frame.Empty(2000, options: Sequential);
        var failed = df.Define("x", (ulong e) => e == 1234 ? throw new InvalidOperationException("bad entry") : (double)e, "rdfentry_").Histo1D(Model, "x");
        var error = Assert.Throws<EventLoopException>(() => failed.Value);
        Assert.Equal(1234, error.Entry);

        var h = df.Define("x", (ulong e) => (double)e, "rdfentry_").Histo1D(Model, "x").Value;
        Assert.Equal(2000, h.Entries);
        Assert.Equal(1999 * 2000 / 2.0, h.SumWX());
        Assert.Equal(100, h.Integral(1, 1));
        Assert.False(failed.IsReady);
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void ReadingAFailedResultRunsOnlyItsOwnActionAgain()
    {
        int aCalls = 0, bCalls = 0;
        var df = Frame.Empty(2000, options: Sequential);
        var a = df.Define("a", (ulong e) => Interlocked.Increment(ref aCalls) > 0 && e == 450 ? throw new InvalidOperationException("a") : 1.0, "rdfentry_").Sum("a");
        var b = df.Define("b", (ulong e) => Interlocked.Increment(ref bCalls) > 0 && e == 1450 ? throw new InvalidOperationException("b") : 1.0, "rdfentry_").Sum("b");

        var first = Assert.Throws<EventLoopException>(() => a.Value);
        Assert.Equal(450, first.Entry);
        int aFirst = aCalls, bFirst = bCalls;
        Assert.True(bFirst > 0, "b ran in the same loop as a");

        var again = Assert.Throws<EventLoopException>(() => a.GetValue());
        Assert.Equal(first.Node, again.Node);
        Assert.Equal(first.Entry, again.Entry);
        Assert.Equal(2 * aFirst, aCalls);
        Assert.Equal(bFirst, bCalls);

        // b's own error: a, which failed earlier in the dataset, is not run with it.
        var other = Assert.Throws<EventLoopException>(() => b.Value);
        Assert.Equal(1450, other.Entry);
        Assert.Contains("Define(\"b\"", other.Node);
        Assert.Equal(2 * aFirst, aCalls);
        Assert.False(a.IsReady || b.IsReady);
        Assert.Equal(0, df.RunCount);
    }

    [Fact]
    public void TransientFailureSucceedsOnTheNextAccess()
    {
        int calls = 0;
        var df = Frame.Empty(1000, options: Sequential);
        var sum = df.Define("x", (ulong e) => Interlocked.Increment(ref calls) == 1 ? throw new IOException("connection reset") : (double)e, "rdfentry_").Sum("x");
        var error = Assert.Throws<EventLoopException>(() => sum.Value);
        Assert.IsType<IOException>(error.InnerException);
        Assert.False(sum.IsReady);
        Assert.Equal(999 * 1000 / 2.0, sum.Value);
        Assert.True(sum.IsReady);
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void ResultsFilledBeforeAFailureStayValid()
    {
        int completes = 0;
        SnapshotWriters.Register("fails-first-complete", spec => new FailingCompleteWriter(spec, () => Interlocked.Increment(ref completes) == 1));
        var df = Frame.Empty(1000, options: Sequential).Define("x", (ulong e) => (double)e, "rdfentry_");
        var hist = df.Histo1D(Model, "x");
        var snap = df.Snapshot("t", "/tmp/failed-run.root", ["x"], new SnapshotOptions { Format = "fails-first-complete", Lazy = true });

        Assert.Throws<IOException>(() => snap.Value);
        Assert.True(hist.IsReady);
        var h = hist.Value;
        Assert.Equal(1000, h.Entries);
        Assert.False(snap.IsReady);

        Assert.Equal(1000, snap.Value.Entries);
        Assert.Equal(2, completes);
        Assert.Same(h, hist.Value);
    }

    [Fact]
    public void RunGraphsFollowsTheSameRules()
    {
        var bad = Frame.Empty(1000, options: Sequential);
        var failing = bad.Define("x", (ulong e) => e == 700 ? throw new InvalidOperationException("bad entry") : 1.0, "rdfentry_").Sum("x");
        var good = Frame.Empty(1000, options: Sequential).Count();

        var error = Assert.Throws<EventLoopException>(() => Frame.RunGraphs(failing, good));
        Assert.Equal(700, error.Entry);
        Assert.True(good.IsReady);
        Assert.Equal(1000, good.Value);
        Assert.False(failing.IsReady);

        // A corrected result on the failed dataset runs without the failed one.
        var corrected = bad.Define("x", (ulong e) => 1.0, "rdfentry_").Sum("x");
        var other = Frame.Empty(10).Count();
        Frame.RunGraphs(corrected, other);
        Assert.Equal(1000, corrected.Value);
        Assert.Equal(10, other.Value);

        // Passing the failed result runs it again.
        var again = Assert.Throws<EventLoopException>(() => Frame.RunGraphs(failing, Frame.Empty(5).Count()));
        Assert.Equal(700, again.Entry);
    }

    private sealed class FailingCompleteWriter(SnapshotSpec spec, Func<bool> fail) : ISnapshotWriter
    {
        public void Write(IReadOnlyList<ColumnBuffer> columns, int entryCount) { }

        public IReadOnlyList<string> Complete() => fail() ? throw new IOException("disk full") : [spec.Path];

        public void Dispose() { }
    }
}
