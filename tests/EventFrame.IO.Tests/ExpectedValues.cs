using System.Text.Json;

namespace EventFrame.IO.Tests;

/// <summary>Compares values read by EventFrame with the JSON ground truth (numbers, bools, strings, nested arrays).</summary>
internal static class ExpectedValues
{
    public static bool Matches(JsonElement expected, object? actual, out string why)
    {
        why = "";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Array:
                if (actual is not Array arr)
                {
                    why = $"expected an array, got {actual ?? "null"}";
                    return false;
                }
                if (arr.Length != expected.GetArrayLength())
                {
                    why = $"expected {expected.GetArrayLength()} items, got {arr.Length}";
                    return false;
                }
                int i = 0;
                foreach (var e in expected.EnumerateArray())
                    if (!Matches(e, arr.GetValue(i++), out why))
                    {
                        why = $"[{i - 1}] {why}";
                        return false;
                    }
                return true;
            case JsonValueKind.True:
            case JsonValueKind.False:
                if (actual is bool b && b == expected.GetBoolean()) return true;
                why = $"expected {expected.GetBoolean()}, got {actual}";
                return false;
            case JsonValueKind.String:
                var s = expected.GetString();
                if (s is "NaN" && actual is double d && double.IsNaN(d) || actual is float f && float.IsNaN(f) && s is "NaN") return true;
                if (actual is string a && a == s) return true;
                why = $"expected \"{s}\", got {actual}";
                return false;
            case JsonValueKind.Number:
                bool ok = actual switch
                {
                    long l => expected.TryGetInt64(out var el) && el == l,
                    ulong u => expected.TryGetUInt64(out var eu) && eu == u,
                    float fl => expected.GetDouble() == fl,
                    double db => expected.GetDouble() == db,
                    bool bo => expected.GetDouble() == (bo ? 1 : 0),
                    null => false,
                    _ => expected.GetDouble() == Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture),
                };
                if (!ok) why = $"expected {expected.GetRawText()}, got {actual}";
                return ok;
            default:
                why = $"unsupported expected value kind {expected.ValueKind}";
                return false;
        }
    }

    /// <summary>Flattens numbers (and bools as 0/1) of a boxed entry value into <paramref name="sink"/>.</summary>
    public static void Flatten(object? value, List<double> sink)
    {
        switch (value)
        {
            case null: return;
            case string: return;
            case Array a:
                foreach (var x in a) Flatten(x, sink);
                return;
            case bool b:
                sink.Add(b ? 1 : 0);
                return;
            default:
                sink.Add(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
        }
    }

    /// <summary>Correctly rounded sum (Shewchuk's algorithm, as Python's math.fsum).</summary>
    public static double FSum(IEnumerable<double> values)
    {
        var partials = new List<double>();
        foreach (var v in values)
        {
            double x = v;
            int i = 0;
            for (int j = 0; j < partials.Count; j++)
            {
                double y = partials[j];
                if (Math.Abs(x) < Math.Abs(y)) (x, y) = (y, x);
                double hi = x + y, lo = y - (hi - x);
                if (lo != 0) partials[i++] = lo;
                x = hi;
            }
            partials.RemoveRange(i, partials.Count - i);
            partials.Add(x);
        }
        double sum = 0;
        foreach (var p in partials) sum += p;
        return sum;
    }
}
