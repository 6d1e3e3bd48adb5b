using System.Text.Json;
using EventFrame.Histograms;

namespace EventFrame.Adl.Tests;

/// <summary>
/// The eight ADL queries on the shared 100k-event sample against the independent reference histograms
/// (<c>data/adl/expected/Qn.json</c>): both forms, 1 and 2 threads, zlib and lz4 files. Bin counts (flow included)
/// and entries must agree exactly, sums to 1e-6 relative. All queries of a combination share one event loop.
/// </summary>
public class AdlReferenceTests
{
    internal static string DataDir() => EventFrame.Testing.SharedTestData.Directory;

    internal sealed record Expected(string Name, int Bins, double Lo, double Hi, double[] Counts, long Entries, double Sum);

    internal static readonly Lazy<Dictionary<string, Expected[]>> s_expected = new(() =>
        AdlQueries.Names.ToDictionary(q => q, q =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDir(), "adl", "expected", q + ".json")));
            var root = doc.RootElement;
            var hists = root.TryGetProperty("histograms", out var list) ? list.EnumerateArray().ToArray() : [root];
            return hists.Select(h => new Expected(
                h.GetProperty("name").GetString()!, h.GetProperty("bins").GetInt32(), h.GetProperty("lo").GetDouble(), h.GetProperty("hi").GetDouble(),
                [.. h.GetProperty("counts").EnumerateArray().Select(c => c.GetDouble())], h.GetProperty("entries").GetInt64(), h.GetProperty("sum").GetDouble())).ToArray();
        }));

    public static TheoryData<string, int, string> Combinations()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var form in new[] { "strings", "lambdas" })
            foreach (var threads in new[] { 1, 2 })
                foreach (var file in new[] { "adl_100k_zlib.root", "adl_100k_lz4.root" })
                    data.Add(form, threads, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void AllQueriesMatchTheReferenceInOneEventLoop(string form, int threads, string file)
    {
        var df = Frame.FromRoot("Events", Path.Combine(DataDir(), "adl", file)).WithThreads(threads);
        var booked = form == "strings" ? AdlQueries.BookStrings(df) : AdlQueries.BookLambdas(df);
        var failures = new List<string>();
        foreach (var q in AdlQueries.Names)
        {
            var expected = s_expected.Value[q];
            Assert.Equal(expected.Length, booked[q].Length);
            for (int i = 0; i < expected.Length; i++)
                Compare(q, expected[i], booked[q][i], failures);
        }
        Assert.Equal(1, df.RunCount);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void Compare(string query, Expected e, AdlHistogram booked, List<string> failures)
    {
        Hist1D h = booked.Histogram.Value;
        string what = $"{query} {e.Name}";
        if (booked.Column != e.Name) failures.Add($"{what}: column {booked.Column}");
        var axis = Assert.IsType<RegularAxis>(h.XAxis);
        if (axis.Bins != e.Bins || axis.Lower(1) != e.Lo || axis.Upper(axis.Bins) != e.Hi) failures.Add($"{what}: binning {axis}");
        var counts = h.Values.ToArray();
        for (int b = 0; b < Math.Min(counts.Length, e.Counts.Length); b++)
            if (counts[b] != e.Counts[b]) failures.Add($"{what}: bin {b} has {counts[b]}, expected {e.Counts[b]}");
        if (counts.Length != e.Counts.Length) failures.Add($"{what}: {counts.Length} bins with flow, expected {e.Counts.Length}");
        if (h.Entries != e.Entries) failures.Add($"{what}: {h.Entries} entries, expected {e.Entries}");
        double sum = booked.Sum.Value;
        if (!(Math.Abs(sum - e.Sum) <= 1e-6 * Math.Abs(e.Sum))) failures.Add($"{what}: sum {sum:R}, expected {e.Sum:R}");
    }
}
