using EventFrame.Plans;

namespace EventFrame.Core.Tests.Plans;

/// <summary>Graphs as data: JSON round trip, content hash, and a rebuilt graph giving identical results.</summary>
public class GraphPlanTests
{
    private static (Frame Df, IResult[] Results) Book()
    {
        var df = Frame.Empty(50_000, seed: 9).WithThreads(2)
            .Define("n", "rdfrandom_.Poisson(2.5)")
            .Define("x", "rdfrandom_.Gaus(10, 3)");
        var sel = df.Filter("n >= 2", "two").Alias("xx", "x").Define("y", "xx * n");
        var ranged = sel.Range(10, 20_000, 3);
        return (df, [
            sel.Count(), sel.Mean("y"), sel.StdDev("x"), sel.Min("x"), sel.Max("y"), df.Sum("n"),
            sel.Histo1D(new("hx", "x;x;n", 40, 0, 20), "x"),
            sel.Histo1D(new("hy", "y", 30, 0, 100), "y", "x"),
            sel.Histo2D(new("h2", "x vs y", 10, 0, 20, 10, 0, 100), "x", "y"),
            ranged.Count(), sel.Report(),
        ]);
    }

    [Fact]
    public void RebuiltPlanGivesIdenticalResults()
    {
        var (df, results) = Book();
        var plan = df.ToPlan(results);
        var json = plan.ToJson();
        var copy = GraphPlan.FromJson(json);
        Assert.Equal(plan.ContentHash, copy.ContentHash);
        Assert.Equal(json, copy.ToJson());
        var (_, rebuilt) = copy.Build();
        Assert.Equal(results.Length, rebuilt.Count);
        Assert.Equal(((Result<long>)results[0]).Value, ((Result<long>)rebuilt[0]).Value);
        for (int i = 1; i <= 5; i++) Assert.Equal(((Result<double>)results[i]).Value, ((Result<double>)rebuilt[i]).Value);
        for (int i = 6; i <= 7; i++)
            Assert.Equal(((Result<EventFrame.Histograms.Hist1D>)results[i]).Value.Values.ToArray(), ((Result<EventFrame.Histograms.Hist1D>)rebuilt[i]).Value.Values.ToArray());
        Assert.Equal(((Result<EventFrame.Histograms.Hist2D>)results[8]).Value.Values.ToArray(), ((Result<EventFrame.Histograms.Hist2D>)rebuilt[8]).Value.Values.ToArray());
        Assert.Equal(((Result<long>)results[9]).Value, ((Result<long>)rebuilt[9]).Value);
        Assert.Equal(((Result<CutflowReport>)results[10]).Value.Entries, ((Result<CutflowReport>)rebuilt[10]).Value.Entries);
    }

    [Fact]
    public void HashDependsOnContent()
    {
        var a = Frame.Empty(100).Define("x", "rdfrandom_.Uniform()");
        var b = Frame.Empty(100).Define("x", "rdfrandom_.Uniform() * 2");
        var ha = a.ToPlan(a.Sum("x")).ContentHash;
        Assert.Equal(ha, a.ToPlan(a.Sum("x")).ContentHash);
        Assert.NotEqual(ha, b.ToPlan(b.Sum("x")).ContentHash);
    }

    [Fact]
    public void WhatCannotTravelIsRefusedClearly()
    {
        var df = Frame.Empty(100).Define("x", (ulong e) => (double)e, "rdfentry_");
        var e = Assert.Throws<NotSupportedException>(() => df.ToPlan(df.Sum("x")));
        Assert.Contains("typed lambda", e.Message);
        var mem = Frame.FromArrays(new Dictionary<string, Array> { ["a"] = new[] { 1.0 } });
        Assert.Contains("no description", Assert.Throws<NotSupportedException>(() => mem.ToPlan(mem.Count())).Message);
        Assert.Throws<FormatException>(() => GraphPlan.FromJson("{\"version\":1,\"nodes\":[{\"parent\":3,\"kind\":\"define\"}],\"actions\":[]}"));
        Assert.Throws<FormatException>(() => GraphPlan.FromJson("not json"));
    }
}

/// <summary>Plans run in pieces (distributed tasks) and merged give exactly the local results.</summary>
public class PlanExecutionTests
{
    private static (Frame Df, IResult[] Results) Book()
    {
        var df = Frame.Empty(60_000, seed: 3, new ExecutionOptions { GeneratedPartitionSize = 5000, Threads = 2 })
            .Define("n", "rdfrandom_.Poisson(2.5)")
            .Define("x", "rdfrandom_.Gaus(10, 3)");
        var sel = df.Filter("n >= 2", "two").Define("y", "x * n");
        return (df, [
            sel.Count(), sel.Mean("y"), sel.StdDev("x"), sel.Min("x"), sel.Max("y"), df.Sum("n"),
            sel.Histo1D(new("hx", "x;x;n", 40, 0, 20), "x"),
            sel.Histo1D(new("hy", "y", 30, 0, 100), "y", "x"),
            sel.Histo2D(new("h2", "x vs y", 10, 0, 20, 10, 0, 100), "x", "y"),
            df.Range(100, 20_000).Count(), sel.Filter("x > 12", "high x").Report(),
        ]);
    }

    [Fact]
    public void TasksMergeToTheLocalResults()
    {
        var (df, local) = Book();
        var plan = df.ToPlan(local);
        var tasks = new[] { new[] { 0, 1, 2 }, new[] { 3 }, new[] { 4, 5, 6, 7, 8, 9, 10 }, new[] { 11 } };
        var partials = tasks.Select(t => PartialResults.FromJson(GraphPlan.FromJson(plan.ToJson()).RunPartitions(t).ToJson())).ToList();
        // A retried task (same partitions) is counted once; order of arrival does not matter.
        partials.Add(partials[1]);
        partials.Reverse();
        var merged = plan.Merge(partials);
        Assert.Equal(((Result<long>)local[0]).Value, ((Result<long>)merged[0]).Value);
        for (int i = 1; i <= 5; i++) Assert.Equal(((Result<double>)local[i]).Value, ((Result<double>)merged[i]).Value);
        for (int i = 6; i <= 7; i++)
        {
            var a = ((Result<EventFrame.Histograms.Hist1D>)local[i]).Value;
            var b = ((Result<EventFrame.Histograms.Hist1D>)merged[i]).Value;
            Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
            Assert.Equal(a.Variances.ToArray(), b.Variances.ToArray());
            Assert.Equal(a.Entries, b.Entries);
            Assert.Equal(a.Mean(), b.Mean());
        }
        Assert.Equal(((Result<EventFrame.Histograms.Hist2D>)local[8]).Value.Values.ToArray(), ((Result<EventFrame.Histograms.Hist2D>)merged[8]).Value.Values.ToArray());
        Assert.Equal(((Result<long>)local[9]).Value, ((Result<long>)merged[9]).Value);
        Assert.Equal(((Result<CutflowReport>)local[10]).Value.Entries, ((Result<CutflowReport>)merged[10]).Value.Entries);
    }

    [Fact]
    public void MissingOrOverlappingPartitionsAreRefused()
    {
        var (df, local) = Book();
        var plan = df.ToPlan(local[0], local[6]);
        var a = plan.RunPartitions([0, 1, 2, 3, 4, 5]);
        var b = plan.RunPartitions([7, 8, 9, 10, 11]);
        Assert.Contains("partitions 6..6 are missing", Assert.Throws<InvalidOperationException>(() => plan.Merge([a, b])).Message);
        var c = plan.RunPartitions([5, 6]);
        Assert.Contains("more than one task", Assert.Throws<InvalidOperationException>(() => plan.Merge([a, b, c])).Message);
        Assert.Throws<ArgumentException>(() => plan.RunPartitions([3, 2]));
    }
}
