using BenchmarkDotNet.Attributes;
using EventFrame.Histograms;

namespace EventFrame.Benchmarks;

/// <summary>
/// Bulk fill kernels of the histograms: 10M floats into 100 regular bins (dense), through the index list of a
/// 61%-pass filter, with float weights, and a 2D fill into 100×100 bins, plus the scalar Fill loop for reference.
/// Times are per input row (10M per invocation), so FillSelected reads as rows/s through the filter.
/// </summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    private const int N = 10_000_000;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _w = [];
    private int[] _selected = [];
    private Hist1D _h1 = null!;
    private Hist2D _h2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _x = new float[N];
        _y = new float[N];
        _w = new float[N];
        for (int i = 0; i < N; i++)
        {
            // A falling spectrum with some flow on both sides, like a transverse momentum.
            _x[i] = (float)(-5 - 40 * Math.Log(1 - rng.NextDouble()));
            _y[i] = (float)(rng.NextDouble() * 120 - 10);
            _w[i] = (float)(0.5 + rng.NextDouble());
        }
        _selected = Enumerable.Range(0, N).Where(_ => rng.NextDouble() < 0.61).ToArray();
        _h1 = new Hist1D("h1", "", 100, 0, 200);
        _h2 = new Hist2D("h2", "", 100, 0, 200, 100, 0, 100);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void FillDense() => _h1.Fill<float>(_x);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillSelected() => _h1.Fill<float>(_x, _selected);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillWeighted() => _h1.Fill<float, float>(_x, _w);

    [Benchmark(OperationsPerInvoke = N)]
    public void Fill2D() => _h2.Fill<float, float>(_x, _y);

    [Benchmark(OperationsPerInvoke = N)]
    public void FillScalarLoop()
    {
        var h = _h1;
        foreach (var v in _x) h.Fill(v);
    }
}
