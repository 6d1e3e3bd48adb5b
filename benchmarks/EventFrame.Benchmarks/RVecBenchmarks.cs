using BenchmarkDotNet.Attributes;

namespace EventFrame.Benchmarks;

/// <summary>
/// Per-event vector operations over 1M events, one thread: jagged Sum and Max of a float column with Poisson(2)
/// lengths, per event through <see cref="RVec{T}"/> and through the whole-chunk <see cref="JaggedKernels"/>;
/// the invariant mass of the first two jets (per event and as a chunk kernel) and pair/triplet combinations over jets with Poisson(3.5)
/// multiplicities. Divide 1M by the mean time for events/s.
/// </summary>
[MemoryDiagnoser]
public class RVecBenchmarks
{
    private const int Events = 1_000_000;
    private int[] _offsets = null!;
    private float[] _values = null!;
    private float[] _result = null!;
    private int[] _jetOffsets = null!;
    private float[] _pt = null!, _eta = null!, _phi = null!, _mass = null!;
    private double[] _masses = null!;

    private static int Poisson(Random rng, double mean)
    {
        int n = 0;
        double l = Math.Exp(-mean), p = rng.NextDouble();
        while (p > l)
        {
            p *= rng.NextDouble();
            n++;
        }
        return n;
    }

    private static int[] Offsets(Random rng, double mean)
    {
        var o = new int[Events + 1];
        for (int i = 0; i < Events; i++) o[i + 1] = o[i] + Poisson(rng, mean);
        return o;
    }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _offsets = Offsets(rng, 2.0);
        _values = new float[_offsets[^1]];
        for (int i = 0; i < _values.Length; i++) _values[i] = (float)(rng.NextDouble() * 100);
        _result = new float[Events];
        _jetOffsets = Offsets(rng, 3.5);
        int jets = _jetOffsets[^1];
        _pt = new float[jets];
        _eta = new float[jets];
        _phi = new float[jets];
        _mass = new float[jets];
        for (int i = 0; i < jets; i++)
        {
            _pt[i] = (float)(20 + rng.NextDouble() * 200);
            _eta[i] = (float)((rng.NextDouble() - 0.5) * 5);
            _phi[i] = (float)((rng.NextDouble() - 0.5) * 2 * Math.PI);
            _mass[i] = (float)(rng.NextDouble() * 20);
        }
        _masses = new double[Events];
    }

    [Benchmark(Description = "jagged Sum, RVec per event")]
    public float SumPerEvent()
    {
        var o = _offsets;
        for (int i = 0; i < Events; i++) _result[i] = VecOps.Sum(new RVec<float>(_values, o[i], o[i + 1] - o[i]));
        return _result[^1];
    }

    [Benchmark(Description = "jagged Sum, JaggedKernels")]
    public float SumKernel()
    {
        JaggedKernels.Sum<float>(_offsets, _values, _result);
        return _result[^1];
    }

    [Benchmark(Description = "jagged Max, RVec per event")]
    public float MaxPerEvent()
    {
        var o = _offsets;
        for (int i = 0; i < Events; i++)
        {
            int n = o[i + 1] - o[i];
            _result[i] = n == 0 ? 0f : VecOps.Max(new RVec<float>(_values, o[i], n));
        }
        return _result[^1];
    }

    [Benchmark(Description = "jagged Max, JaggedKernels")]
    public float MaxKernel()
    {
        JaggedKernels.Max<float>(_offsets, _values, _result, 0f);
        return _result[^1];
    }

    [Benchmark(Description = "InvariantMass of the first jet pair")]
    public double InvariantMassFirstPair()
    {
        var o = _jetOffsets;
        for (int i = 0; i < Events; i++)
        {
            int s = o[i];
            _masses[i] = o[i + 1] - s < 2 ? -1.0
                : VecOps.InvariantMass(_pt[s], _eta[s], _phi[s], _mass[s], _pt[s + 1], _eta[s + 1], _phi[s + 1], _mass[s + 1]);
        }
        return _masses[^1];
    }

    [Benchmark(Description = "InvariantMass of the first jet pair, JaggedKernels")]
    public double InvariantMassFirstPairKernel()
    {
        JaggedKernels.InvariantMassOfPair<float>(_jetOffsets, _pt, _eta, _phi, _mass, 0, 1, _masses, -1.0);
        return _masses[^1];
    }

    [Benchmark(Description = "Combinations(jets, 2)")]
    public int CombinationsPairs() => CountCombinations(2);

    [Benchmark(Description = "Combinations(jets, 3)")]
    public int CombinationsTriplets() => CountCombinations(3);

    private int CountCombinations(int k)
    {
        var o = _jetOffsets;
        int total = 0;
        for (int i = 0; i < Events; i++)
        {
            // The event loop resets the arena between chunks; do the same every 4096 events.
            if ((i & 4095) == 0) RVecArena.Reset();
            var jets = new RVec<float>(_pt, o[i], o[i + 1] - o[i]);
            if (jets.Length < k) continue;
            total += VecOps.Combinations(jets, k)[k - 1].Length;
        }
        return total;
    }
}
