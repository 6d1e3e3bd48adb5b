using System.Text.Json;

namespace EventFrame.IO.Tests;

/// <summary>Locates the shared test data: $EVENTFRAME_TESTDATA, else ../shared/data next to the repository root.</summary>
internal static class TestData
{
    public static string Dir => EventFrame.Testing.SharedTestData.Directory;

    public static string RootDir => Path.Combine(Dir, "root");

    public static string RootFile(string name) => Path.Combine(RootDir, name);

    public static JsonElement Expected(string file)
    {
        // Python's json writes NaN/Infinity as bare words; quote them so System.Text.Json accepts the document.
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(RootDir, "expected", file + ".json")),
            @"(?<=[\[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]\}])", "\"$1\"");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Names of the TTree files that have expected JSON (all files with trees).</summary>
    public static IEnumerable<string> TreeFiles() =>
        Directory.GetFiles(Path.Combine(RootDir, "expected"), "*.root.json")
            .Select(f => Path.GetFileName(f)[..^5])
            .Where(f => Expected(f).TryGetProperty("trees", out var t) && t.ValueKind == JsonValueKind.Object && t.EnumerateObject().Any())
            .Order(StringComparer.Ordinal);

    /// <summary>Names of all non-RNTuple .root files that have expected JSON.</summary>
    public static IEnumerable<string> ClassicFiles() =>
        Directory.GetFiles(Path.Combine(RootDir, "expected"), "*.root.json")
            .Select(f => Path.GetFileName(f)[..^5])
            .Where(f => !f.Contains("rntuple", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
