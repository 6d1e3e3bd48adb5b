namespace EventFrame.Core.Tests.Graph;

/// <summary>Progress reports and OnPartialResult callbacks during the event loop.</summary>
public class LoopProgressTests
{
    [Fact]
    public void ProgressIsReportedAndEndsFinished()
    {
        var reports = new List<LoopProgress>();
        var df = Frame.Empty(2_000_000).WithOptions(new ExecutionOptions
        {
            Threads = 2, ChunkSize = 10_000, ProgressInterval = TimeSpan.Zero, Progress = p => reports.Add(p),
        });
        _ = df.Define("x", "rdfrandom_.Gaus()").Sum("x").Value;
        Assert.True(reports.Count >= 2);
        Assert.True(reports[^1].Finished);
        Assert.Equal(2_000_000, reports[^1].EntriesDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.All(reports[..^1], r => Assert.False(r.Finished));
        for (int i = 1; i < reports.Count; i++) Assert.True(reports[i].EntriesDone >= reports[i - 1].EntriesDone);
    }

    [Fact]
    public void PartialResultsArriveInPartitionOrder()
    {
        var seen = new List<long>();
        var df = Frame.Empty(10_000, options: new ExecutionOptions { Threads = 2, GeneratedPartitionSize = 1000, ChunkSize = 500 });
        var count = df.Count().OnPartialResult(2500, n => seen.Add(n));
        var h = df.Define("x", (ulong e) => (double)e, "rdfentry_").Histo1D(new("h", "", 10, 0, 10_000), "x");
        var entries = new List<long>();
        h.OnPartialResult(5000, hist => entries.Add(hist.Entries));
        Assert.Equal(10_000, count.Value);
        Assert.Equal([3000, 5000, 8000, 10_000], seen);
        Assert.Equal([5000, 10_000], entries);
    }
}

/// <summary>Statistics of the last event loop.</summary>
public class RunStatisticsTests
{
    [Fact]
    public void LastRunReportsEntriesBytesAndTimeSplit()
    {
        var x = new float[100_000];
        var v = new float[100_000][];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i;
            v[i] = new float[i % 3];
        }
        var df = Frame.FromArrays(new Dictionary<string, Array> { ["x"] = x, ["v"] = v }, new ExecutionOptions { Threads = 2, GeneratedPartitionSize = 10_000 });
        Assert.Null(df.LastRun);
        _ = df.Filter("x >= 0").Histo1D(new("h", "", 10, 0, 10), "v").Value;
        var run = df.LastRun!;
        Assert.Equal(100_000, run.Entries);
        Assert.Equal(10, run.Partitions);
        Assert.Equal(2, run.Threads);
        long values = Enumerable.Range(0, 100_000).Sum(i => (long)(i % 3));
        Assert.Equal(4L * 100_000 + 4L * (100_000 + 10) + 4 * values, run.BytesRead);
        Assert.True(run.ReadTime <= run.BusyTime);
        Assert.True(run.EntriesPerSecond > 0);
        Assert.Contains("entries", run.ToString());
    }
}
