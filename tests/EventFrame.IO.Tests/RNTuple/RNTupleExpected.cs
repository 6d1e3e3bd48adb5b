using System.Text.Json;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>The RNTuple test files and helpers to compare with their expected JSON.</summary>
internal static class RNTupleExpected
{
    public const string IntFloat = "test_int_float_rntuple_v1-0-0-0.root";
    public const string Jagged = "test_1jag_int_float_rntuple_v1-0-0-0.root";
    public const string Int5e4 = "test_int_5e4_rntuple_v1-0-0-0.root";
    public const string Staff = "ntpl001_staff_rntuple_v1-0-0-0.root";
    public const string Muons = "Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root";
    public const string Uncompressed = "rntviewer-testfile-uncomp-single-rntuple-v1-0-0-0.root";

    public static readonly string[] Files = [IntFloat, Jagged, Int5e4, Staff, Muons, Uncompressed];

    public static IEnumerable<object[]> FileData() => Files.Select(f => new object[] { f });

    /// <summary>The key name of the RNTuple in a file, from the expected JSON.</summary>
    public static string NameOf(string file) => TestData.Expected(file).GetProperty("name").GetString()!;

    /// <summary>Sum with Neumaier compensation: within a few ulps of Python's math.fsum for these sizes.</summary>
    public static double Sum(IEnumerable<double> values)
    {
        double sum = 0, c = 0;
        foreach (var v in values)
        {
            double t = sum + v;
            c += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return sum + c;
    }

    /// <summary>Asserts that <paramref name="values"/> has the expected column's count, head, tail and fsum.</summary>
    public static void AssertColumnValues(JsonElement column, IReadOnlyList<double> values, string context)
    {
        Assert.True(column.GetProperty("n").GetInt64() == values.Count, $"{context}: {values.Count} elements, expected {column.GetProperty("n")}");
        var head = column.GetProperty("head").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var tail = column.GetProperty("tail").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(head, values.Take(head.Length).ToArray());
        Assert.Equal(tail, values.Skip(values.Count - tail.Length).ToArray());
        double fsum = column.GetProperty("fsum").GetDouble();
        double sum = Sum(values);
        Assert.True(Math.Abs(sum - fsum) <= 1e-12 * Math.Max(1, Math.Abs(fsum)), $"{context}: sum {sum:R}, expected {fsum:R}");
    }
}
