using BenchmarkDotNet.Attributes;
using EventFrame.Adl;

namespace EventFrame.Benchmarks;

/// <summary>
/// One event loop of one ADL query on the 100k-event lz4 file, one thread, in the string-expression and the
/// typed-lambda form (booking included: after the first run it only hits the expression compiler's caches). Divide
/// 100,000 by the mean time for events/s. The file is ../shared/data/adl/adl_100k_lz4.root seen from the current
/// directory or one above it (the repository root), or the path in EVENTFRAME_ADL_FILE.
/// </summary>
[MemoryDiagnoser]
public class AdlStringBenchmarks
{
    private string _file = "";

    /// <summary>The query, Q1 … Q8.</summary>
    [Params("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8")]
    public string Query { get; set; } = "Q1";

    /// <summary>strings or lambdas.</summary>
    [Params("strings", "lambdas")]
    public string Form { get; set; } = "strings";

    [GlobalSetup]
    public void Setup()
    {
        _file = Environment.GetEnvironmentVariable("EVENTFRAME_ADL_FILE") ?? FindFile();
        Loop();
    }

    [Benchmark]
    public double Loop()
    {
        var df = Frame.FromRoot("Events", _file).WithThreads(1);
        var booked = Form == "strings" ? AdlQueries.BookStrings(df, Query) : AdlQueries.BookLambdas(df, Query);
        return booked.Sum(h => h.Histogram.Value.Entries);
    }

    private static string FindFile()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "adl", "adl_100k_lz4.root");
                if (File.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        throw new FileNotFoundException("adl_100k_lz4.root not found above the current or the benchmark's directory; set EVENTFRAME_ADL_FILE");
    }
}
