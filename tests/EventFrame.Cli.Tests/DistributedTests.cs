using EventFrame.Distributed;
using EventFrame.Histograms;

namespace EventFrame.Cli.Tests;

/// <summary>Plans on local worker processes (eventframe worker): identical results, retries when a worker dies.</summary>
public class DistributedTests
{
    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "eventframe.dll");

    private static string AdlFile() => Path.Combine(CliTests.DataDir(), "adl", "adl_100k_lz4.root");

    private static (Frame Df, IResult[] Results) Book()
    {
        var df = Frame.FromRoot("Events", AdlFile());
        var jets = df.Filter("nJet >= 2", "two jets").Define("ht", "Sum(Jet_pt)");
        return (df, [
            jets.Count(), jets.Mean("ht"), df.Histo1D(new("met", "MET", 100, 0, 200), "MET_pt"),
            jets.Histo1D(new("ht", "HT", 50, 0, 500), "ht", "MET_pt"), jets.Report(),
        ]);
    }

    [Fact]
    public void WorkersGiveTheLocalResults()
    {
        var (df, local) = Book();
        var plan = df.ToPlan(local);
        int finished = 0;
        var remote = new LocalProcessExecutor("dotnet", [WorkerDll, "worker"], workers: 2) { PartitionsPerTask = 3, Progress = (d, n) => finished = d }
            .ProcessAndMerge(plan);
        Assert.True(finished > 1);
        Assert.Equal(((Result<long>)local[0]).Value, ((Result<long>)remote[0]).Value);
        Assert.Equal(((Result<double>)local[1]).Value, ((Result<double>)remote[1]).Value);
        Assert.Equal(((Result<Hist1D>)local[2]).Value.Values.ToArray(), ((Result<Hist1D>)remote[2]).Value.Values.ToArray());
        Assert.Equal(((Result<Hist1D>)local[3]).Value.Values.ToArray(), ((Result<Hist1D>)remote[3]).Value.Values.ToArray());
        Assert.Equal(((Result<CutflowReport>)local[4]).Value.Entries, ((Result<CutflowReport>)remote[4]).Value.Entries);
    }

    [Fact]
    public void ATaskWhoseWorkerDiesIsRetried()
    {
        var (df, local) = Book();
        var plan = df.ToPlan(local[0]);
        var marker = Path.Combine(Path.GetTempPath(), $"eventframe-worker-crash-{Guid.NewGuid():N}");
        try
        {
            // The first worker started dies without an answer, as a lost machine would; its task must be rerun.
            var script = $"if [ ! -e '{marker}' ]; then touch '{marker}'; kill -9 $$; fi; exec dotnet '{WorkerDll}' worker";
            var remote = new LocalProcessExecutor("bash", ["-c", script], workers: 2) { PartitionsPerTask = 5 }.ProcessAndMerge(plan);
            Assert.True(File.Exists(marker));
            Assert.Equal(((Result<long>)local[0]).Value, ((Result<long>)remote[0]).Value);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public void ATaskThatAlwaysFailsNamesItsPartitions()
    {
        var (df, local) = Book();
        var plan = df.ToPlan(local[0]);
        var e = Assert.Throws<AggregateException>(() =>
            new LocalProcessExecutor("bash", ["-c", "echo broken >&2; exit 7"], workers: 1) { PartitionsPerTask = 100, MaxAttempts = 2 }.ProcessAndMerge(plan));
        var failed = Assert.IsType<TaskFailedException>(e.InnerExceptions[0]);
        Assert.Contains("exit code 7: broken", failed.Message);
        Assert.Equal(0, failed.Partitions[0]);
    }

    [Fact]
    public void WorkerRejectsBadTasksWithAClearError()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(1, Worker.Run(new StringReader("{not json"), output, error));
        Assert.Contains("not a valid worker task", error.ToString());
    }
}
