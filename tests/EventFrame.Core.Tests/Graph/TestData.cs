using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Graph;

/// <summary>A small NanoAOD-like in-memory dataset with a fixed seed, and helpers shared by the graph tests.</summary>
internal static class TestData
{
    public const int Entries = 20_000;

    public sealed record Events(uint[] NMuon, float[][] MuonPt, float[][] MuonEta, int[][] MuonCharge, float[] Met, double[] Weight, bool[] Trigger, long[] Run);

    public static Events Make(int n = Entries, int seed = 7)
    {
        var rng = new Random(seed);
        var nMuon = new uint[n];
        var pt = new float[n][];
        var eta = new float[n][];
        var charge = new int[n][];
        var met = new float[n];
        var weight = new double[n];
        var trigger = new bool[n];
        var run = new long[n];
        for (int i = 0; i < n; i++)
        {
            int m = rng.Next(0, 5);
            nMuon[i] = (uint)m;
            pt[i] = new float[m];
            eta[i] = new float[m];
            charge[i] = new int[m];
            for (int j = 0; j < m; j++)
            {
                pt[i][j] = (float)(5 + 60 * rng.NextDouble());
                eta[i][j] = (float)(-3 + 6 * rng.NextDouble());
                charge[i][j] = rng.Next(2) * 2 - 1;
            }
            met[i] = (float)(rng.NextDouble() * 150);
            weight[i] = 0.5 + rng.NextDouble();
            trigger[i] = rng.NextDouble() < 0.7;
            run[i] = 1000 + i / 1000;
        }
        return new Events(nMuon, pt, eta, charge, met, weight, trigger, run);
    }

    public static Frame Frame(Events e, int threads = 2, int chunk = 1000, long partition = 3000)
    {
        return EventFrame.Frame.FromArrays(new Dictionary<string, Array>
        {
            ["nMuon"] = e.NMuon,
            ["Muon_pt"] = e.MuonPt,
            ["Muon_eta"] = e.MuonEta,
            ["Muon_charge"] = e.MuonCharge,
            ["MET_pt"] = e.Met,
            ["weight"] = e.Weight,
            ["HLT"] = e.Trigger,
            ["run"] = e.Run,
        }, new ExecutionOptions { Threads = threads, ChunkSize = chunk, GeneratedPartitionSize = partition });
    }

    public static void AssertSameHistogram(Hist1D expected, Hist1D actual)
    {
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        Assert.Equal(expected.Variances.ToArray(), actual.Variances.ToArray());
    }
}
