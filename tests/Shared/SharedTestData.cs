using System.Runtime.CompilerServices;

namespace EventFrame.Testing;

/// <summary>
/// Locates the shared test data for every test project (this file is compiled into each): <c>$EVENTFRAME_TESTDATA</c>,
/// else <c>../shared/data</c> beside the repository root, found as the first directory holding <c>EventFrame.sln</c>
/// above the test binaries, the current directory or this source file (so builds with a private artifacts path
/// outside the repository still find it).
/// </summary>
internal static class SharedTestData
{
    private static readonly Lazy<string> s_directory = new(Find);

    /// <summary>The shared data directory (holding <c>root/</c> and <c>adl/</c>).</summary>
    public static string Directory => s_directory.Value;

    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("EVENTFRAME_TESTDATA");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(SourceFile()) ?? "" })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EventFrame.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        throw new DirectoryNotFoundException("test data: set EVENTFRAME_TESTDATA or keep ../shared/data beside the repository");
    }
}
