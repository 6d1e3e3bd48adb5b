using System.Globalization;
using System.Text;
using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.XRootD.Tests;

/// <summary>The shared test data (../shared/data next to the repository, or $EVENTFRAME_TESTDATA) and comparison helpers.</summary>
internal static class TestFiles
{
    public static string Dir => EventFrame.Testing.SharedTestData.Directory;

    public static IEnumerable<string> RootFiles() => Directory.GetFiles(Path.Combine(Dir, "root"), "*.root").Order(StringComparer.Ordinal);

    public static string Adl(string name) => Path.Combine(Dir, "adl", name);

    /// <summary>Every entry of every column of <paramref name="source"/>, as text with floats written bit-exactly.</summary>
    public static List<string> Dump(IDataSource source)
    {
        var lines = new List<string> { $"entries {source.EntryCount}, partitions {source.Partitions.Count}" };
        lines.AddRange(source.Columns.Select(c => $"column {c.Name} {c.Type}"));
        var names = source.Columns.Select(c => c.Name).ToList();
        using var reader = source.CreateReader(names);
        foreach (var p in source.Partitions)
        {
            var buffers = source.Columns.Select(c => ColumnBuffer.Create(c.Type)).ToList();
            reader.ReadChunk(p, p.FirstEntry, (int)p.EntryCount, buffers);
            for (int c = 0; c < buffers.Count; c++)
            {
                var sb = new StringBuilder($"{names[c]}[{p.FirstEntry}..]:");
                for (int i = 0; i < buffers[c].EntryCount; i++) Append(sb.Append(' '), buffers[c].GetBoxed(i));
                lines.Add(sb.ToString());
            }
        }
        return lines;
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case double d: sb.Append(BitConverter.DoubleToInt64Bits(d).ToString("x", CultureInfo.InvariantCulture)); break;
            case float f: sb.Append(BitConverter.SingleToInt32Bits(f).ToString("x", CultureInfo.InvariantCulture)); break;
            case string s: sb.Append('"').Append(s).Append('"'); break;
            case System.Collections.IEnumerable e:
                sb.Append('[');
                foreach (var x in e) Append(sb.Append(' '), x);
                sb.Append(']');
                break;
            default: sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
