namespace EventFrame.Core.Tests.Graph;

/// <summary>
/// <c>Define(name, PtEtaPhiMVector.Construct, pt, eta, phi, mass)</c> computes a chunk's four-vectors in one pass:
/// every selected entry must get exactly the vectors the per-entry constructor gives, whatever the chunking, the
/// selection (dense, sparse, empty) and the threads; inputs that are not raw columns, or whose sizes differ, take the
/// per-entry path, which raises for a selected entry with different sizes and not for an unselected one.
/// </summary>
public class FourVectorDefineTests
{
    private sealed record Events(float[][] Pt, float[][] Eta, float[][] Phi, float[][] Mass);

    private static Events Generate(int entries, int seed)
    {
        var rng = new Random(seed);
        var (pt, eta, phi, mass) = (new float[entries][], new float[entries][], new float[entries][], new float[entries][]);
        for (int i = 0; i < entries; i++)
        {
            int n = rng.Next(20) == 0 ? 20 + rng.Next(30) : rng.Next(7);
            pt[i] = [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 200))];
            eta[i] = [.. Enumerable.Range(0, n).Select(_ => (float)(rng.Next(50) == 0 ? rng.NextDouble() * 60 - 30 : rng.NextDouble() * 6 - 3))];
            phi[i] = [.. Enumerable.Range(0, n).Select(_ => rng.Next(100) == 0 ? float.NaN : (float)(rng.NextDouble() * 7 - 3.5))];
            mass[i] = [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 20 - 2))];
        }
        return new Events(pt, eta, phi, mass);
    }

    private static Frame ToFrame(Events e, int chunk, int threads) => Frame.FromArrays(new Dictionary<string, Array>
    {
        ["pt"] = e.Pt, ["eta"] = e.Eta, ["phi"] = e.Phi, ["mass"] = e.Mass,
    }, new ExecutionOptions { Threads = threads, ChunkSize = chunk });

    // Every component of every vector of the selected entries, in entry order, through a lambda that reads the column.
    private static List<(long Entry, double Px, double Py, double Pz, double E)> Collect(Frame df, string column)
    {
        var rows = df.Define("rows", (RVec<PtEtaPhiMVector> p4, ulong entry) =>
                                 string.Join(";", p4.AsSpan().ToArray().Select(v => $"{entry},{BitConverter.DoubleToInt64Bits(v.Px())},{BitConverter.DoubleToInt64Bits(v.Py())}," +
                                                                                  $"{BitConverter.DoubleToInt64Bits(v.Pz())},{BitConverter.DoubleToInt64Bits(v.E())}")),
                             column, "rdfentry_")
            .Take<string>("rows").Value;
        return [.. rows.SelectMany(r => r.Split(';', StringSplitOptions.RemoveEmptyEntries)).Select(r => r.Split(','))
                       .Select(f => (long.Parse(f[0]), BitConverter.Int64BitsToDouble(long.Parse(f[1])), BitConverter.Int64BitsToDouble(long.Parse(f[2])),
                                     BitConverter.Int64BitsToDouble(long.Parse(f[3])), BitConverter.Int64BitsToDouble(long.Parse(f[4]))))
                       .OrderBy(t => t.Item1)];
    }

    private static List<(long Entry, double Px, double Py, double Pz, double E)> Expected(Events e, Func<long, bool> keep)
    {
        var rows = new List<(long, double, double, double, double)>();
        for (int i = 0; i < e.Pt.Length; i++)
        {
            if (!keep(i)) continue;
            for (int j = 0; j < e.Pt[i].Length; j++)
            {
                var v = new PtEtaPhiMVector(e.Pt[i][j], e.Eta[i][j], e.Phi[i][j], e.Mass[i][j]);
                rows.Add((i, v.Px(), v.Py(), v.Pz(), v.E()));
            }
        }
        return rows;
    }

    [Theory]
    [InlineData(1000, 1, false)]
    [InlineData(97, 1, false)]
    [InlineData(97, 1, true)]
    [InlineData(256, 2, true)]
    [InlineData(1, 1, true)]
    public void GivesTheConstructorsBitsForEverySelectedEntry(int chunk, int threads, bool sparse)
    {
        var events = Generate(3000, seed: chunk + threads);
        var df = ToFrame(events, chunk, threads);
        Func<long, bool> keep = sparse ? i => i % 7 == 3 || (i >= 1500 && i < 1600) : _ => true;
        if (sparse) df = df.Filter((ulong i) => keep((long)i), ["rdfentry_"]);
        long before = Interlocked.Read(ref EventFrame.Graph.FourVectorDefine.ColumnarChunks);
        var got = Collect(df.Define("p4", PtEtaPhiMVector.Construct, "pt", "eta", "phi", "mass"), "p4");
        Assert.Equal(Expected(events, keep), got);
        Assert.True(Interlocked.Read(ref EventFrame.Graph.FourVectorDefine.ColumnarChunks) > before, "the chunks went through the per-entry path");
    }

    [Fact]
    public void ASelectionWithNoEntriesAndInputsThatAreDefinesAreHandled()
    {
        var events = Generate(500, seed: 5);
        var df = ToFrame(events, 64, 1);
        Assert.Empty(Collect(df.Filter((ulong i) => false, ["rdfentry_"]).Define("p4", PtEtaPhiMVector.Construct, "pt", "eta", "phi", "mass"), "p4"));
        // Inputs computed by Defines (per-entry views, not raw columns): the per-entry path gives the same vectors.
        var defined = df.Define("pt2", (RVec<float> pt) => pt * 1f, "pt").Define("p4", PtEtaPhiMVector.Construct, "pt2", "eta", "phi", "mass");
        Assert.Equal(Expected(events, _ => true), Collect(defined, "p4"));
    }

    [Fact]
    public void DifferentSizesRaiseOnlyForASelectedEntry()
    {
        var events = Generate(400, seed: 6);
        int bad = Enumerable.Range(0, 400).First(i => events.Mass[i].Length > 0);
        events.Mass[bad] = events.Mass[bad][..^1];
        var df = ToFrame(events, 50, 1);
        var skipping = df.Filter((ulong i) => i != (ulong)bad, ["rdfentry_"]).Define("p4", PtEtaPhiMVector.Construct, "pt", "eta", "phi", "mass");
        Assert.Equal(Expected(events, i => i != bad), Collect(skipping, "p4"));
        var all = df.Define("p4", PtEtaPhiMVector.Construct, "pt", "eta", "phi", "mass");
        var error = Assert.ThrowsAny<Exception>(() => Collect(all, "p4"));
        Assert.Contains("different sizes", error.ToString());
    }
}
