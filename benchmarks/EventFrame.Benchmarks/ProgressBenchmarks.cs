using BenchmarkDotNet.Attributes;
using EventFrame;
using EventFrame.Histograms;
using EventFrame.Interactive;
using Spectre.Console;

namespace EventFrame.Benchmarks;

/// <summary>
/// The cost of progress reporting: the same filter + histogram loop over 10M in-memory floats without progress, with
/// a silent bar, and with a live terminal bar (drawing to a discarded ANSI console) reporting every 20 ms instead of
/// the default 0.5 s. The bar must cost under 1% of the loop time.
/// </summary>
[MemoryDiagnoser]
public class ProgressBenchmarks
{
    private const int Rows = 10_000_000;
    private static readonly Hist1DModel Model = new("x", "x", 100, 0, 100);
    private float[] _x = null!;
    private Frame _plain = null!, _silent = null!, _terminal = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = new float[Rows];
        for (int i = 0; i < Rows; i++) _x[i] = (float)(rng.NextDouble() * 100);
        var options = new ExecutionOptions { Threads = 1, ProgressInterval = TimeSpan.FromMilliseconds(20) };
        Frame Make() => Frame.FromArrays(new Dictionary<string, Array> { ["x"] = _x }, options);
        _plain = Make();
        _silent = Make().WithProgressBar(ProgressMode.Silent);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(TextWriter.Null),
        });
        _terminal = Make().WithProgressBar(new ProgressBar(ProgressMode.Terminal, "benchmark", console));
    }

    private static double Run(Frame f) => f.Filter<float>(x => x > 30, ["x"]).Histo1D(Model, "x").Value.Integral();

    /// <summary>The loop without any progress callback.</summary>
    [Benchmark(Baseline = true)]
    public double NoProgress() => Run(_plain);

    /// <summary>The loop reporting to a silent bar (the engine's progress accounting only).</summary>
    [Benchmark]
    public double SilentBar() => Run(_silent);

    /// <summary>The loop drawing a live Spectre.Console bar.</summary>
    [Benchmark]
    public double TerminalBar() => Run(_terminal);
}
