namespace EventFrame.Benchmarks;

/// <summary>Where the benchmarks find the shared test data (the ADL sample files).</summary>
internal static class BenchmarkData
{
    /// <summary>
    /// <c>$EVENTFRAME_TESTDATA</c> if set, else <c>../shared/data</c> beside the repository that holds the benchmark
    /// binaries (found by walking up to <c>EventFrame.sln</c>), else <c>/work/shared/data</c>.
    /// </summary>
    public static string Directory()
    {
        var env = Environment.GetEnvironmentVariable("EVENTFRAME_TESTDATA");
        if (!string.IsNullOrEmpty(env)) return env;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EventFrame.sln"))) dir = dir.Parent;
        return dir is null ? "/work/shared/data" : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
    }
}
