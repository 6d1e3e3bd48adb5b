namespace EventFrame.Core.Tests.Graph;

/// <summary>Results are bit-identical with 1, 2 and 8 threads (partials merge in partition order).</summary>
public class ThreadInvarianceTests
{
    private static readonly TestData.Events Data = TestData.Make();

    private static (double Sum, double Mean, double Sd, double[] Values, double[] Var, double Mean2, List<ulong> Range) Run(int threads)
    {
        var df = TestData.Frame(Data, threads);
        var sel = df.Filter("HLT && nMuon >= 1", "sel").Define("lead", "Muon_pt[0] * (float)weight");
        var sum = sel.Sum("lead");
        var mean = sel.Mean("weight");
        var sd = sel.StdDev("Muon_pt");
        var h = sel.Histo1D(new("h", "", 40, 0, 80), "Muon_pt", "weight");
        var h2 = sel.Histo2D(new("h2", "", 10, 0, 80, 10, -3, 3), "Muon_pt", "Muon_eta", "weight");
        var range = sel.Range(100, 900, 3).Take<ulong>("rdfentry_");
        return (sum.Value, mean.Value, sd.Value, h.Value.Values.ToArray(), h.Value.Variances.ToArray(), h2.Value.Mean(1), range.Value);
    }

    [Fact]
    public void SameResultsWithOneTwoAndEightThreads()
    {
        var one = Run(1);
        foreach (int threads in new[] { 2, 8 })
        {
            var other = Run(threads);
            Assert.Equal(one.Sum, other.Sum);
            Assert.Equal(one.Mean, other.Mean);
            Assert.Equal(one.Sd, other.Sd);
            Assert.Equal(one.Values, other.Values);
            Assert.Equal(one.Var, other.Var);
            Assert.Equal(one.Mean2, other.Mean2);
            Assert.Equal(one.Range, other.Range);
        }
    }

    [Fact]
    public void GeneratedDataIsIndependentOfThreadsAndPartitions()
    {
        double Generate(int threads, long partition)
        {
            var df = Frame.Empty(10_000, seed: 42, new ExecutionOptions { Threads = threads, GeneratedPartitionSize = partition, ChunkSize = 500 })
                .Define("x", (EntryRandom r) => r.Gaus(10, 2), "rdfrandom_")
                .Define("y", "rdfrandom_.Uniform()");
            var xs = df.Take<double>("x").Value;
            var ys = df.Take<double>("y").Value;
            Assert.NotEqual(xs[0], ys[0]);
            return xs.Sum() + 1000 * ys.Sum();
        }
        double reference = Generate(1, 10_000);
        Assert.Equal(reference, Generate(2, 777));
        Assert.Equal(reference, Generate(8, 64));
    }

    [Fact]
    public void EmptyFrameHasEntryAndSlotColumns()
    {
        var df = Frame.Empty(1000).WithThreads(2);
        var entries = df.Take<ulong>("rdfentry_").Value;
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (ulong)i), entries);
        var slots = df.Take<uint>("rdfslot_").Value;
        Assert.All(slots, s => Assert.InRange(s, 0u, 1u));
        var gaus = Frame.Empty(200_000, seed: 3).Define("g", "rdfrandom_.Gaus(0, 1)");
        var mean = gaus.Mean("g");
        var sd = gaus.StdDev("g");
        Assert.InRange(mean.Value, -0.01, 0.01);
        Assert.InRange(sd.Value, 0.99, 1.01);
    }
}
