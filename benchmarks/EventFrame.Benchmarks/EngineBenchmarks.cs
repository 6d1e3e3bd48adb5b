using BenchmarkDotNet.Attributes;
using EventFrame;
using EventFrame.Histograms;

namespace EventFrame.Benchmarks;

/// <summary>
/// The event loop end to end on in-memory columns, one thread: filter + histogram fill of a flat float column
/// (string expression and typed lambda), and per-event jagged Sum (string and lambda). Divide the column length by
/// the mean time for rows/s (10M rows, 2M events).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int Rows = 10_000_000;
    private const int Events = 2_000_000;
    private Frame _flat = null!;
    private Frame _jagged = null!;
    private static readonly Hist1DModel Model = new("x", "x", 100, 0, 100);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var x = new float[Rows];
        for (int i = 0; i < Rows; i++) x[i] = (float)(rng.NextDouble() * 100);
        var options = new ExecutionOptions { Threads = 1 };
        _flat = Frame.FromArrays(new Dictionary<string, Array> { ["x"] = x }).WithOptions(options);
        var pt = new float[Events][];
        for (int i = 0; i < Events; i++)
        {
            // Poisson(2) lengths.
            int n = 0;
            double l = Math.Exp(-2), p = rng.NextDouble();
            while (p > l) { p *= rng.NextDouble(); n++; }
            pt[i] = new float[n];
            for (int j = 0; j < n; j++) pt[i][j] = (float)(rng.NextDouble() * 100);
        }
        _jagged = Frame.FromArrays(new Dictionary<string, Array> { ["Jet_pt"] = pt }).WithOptions(options);
        // Warm the expression compiler so the benchmark measures the loop, not Roslyn's first load.
        _ = FilterFillString();
        _ = JaggedSumString();
    }

    [Benchmark(Description = "fill 10M floats (no filter)")]
    public double FillOnly() => _flat.Histo1D(Model, "x").Value.Entries;

    [Benchmark(Description = "filter(x > 39) + fill, string")]
    public double FilterFillString() => _flat.Filter("x > 39").Histo1D(Model, "x").Value.Entries;

    [Benchmark(Description = "filter(x > 39) + fill, lambda")]
    public double FilterFillLambda() => _flat.Filter((float x) => x > 39, ["x"]).Histo1D(Model, "x").Value.Entries;

    [Benchmark(Description = "jagged Sum of 2M events, string")]
    public double JaggedSumString() => _jagged.Define("s", "Jet_pt.Sum()").Sum("s").Value;

    [Benchmark(Description = "jagged Sum of 2M events, lambda")]
    public double JaggedSumLambda() => _jagged.Define("s", (RVec<float> pt) => pt.Sum(), "Jet_pt").Sum("s").Value;
}
