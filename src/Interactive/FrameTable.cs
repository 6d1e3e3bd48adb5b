using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;

namespace EventFrame.Interactive;

/// <summary>
/// The first rows of a <see cref="Frame"/> (RDataFrame's Display): column names, their C# types and the values of
/// the first entries that pass the frame's filters. Vector columns are shown compactly (first elements and the
/// length). Rendered as an HTML table in notebooks and as aligned text elsewhere.
/// </summary>
public sealed class FrameTable
{
    /// <summary>At most this many elements of a vector cell are shown before "…".</summary>
    public const int MaxVectorElements = 4;

    internal FrameTable(IReadOnlyList<string> columns, IReadOnlyList<Type> types, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        Columns = columns;
        Types = types;
        Rows = rows;
    }

    /// <summary>The displayed column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The C# type of each column (e.g. <c>float</c>, <c>RVec&lt;float&gt;</c>).</summary>
    public IReadOnlyList<Type> Types { get; }

    /// <summary>The rows: one value per column (vectors as copied <c>RVec&lt;T&gt;</c>).</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The text of one cell: numbers in invariant culture (floats round-trip), vectors as "[a, b, c, d, … ] (n)".</summary>
    public static string FormatCell(object? value)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return s;
            case float f: return f.ToString("R", CultureInfo.InvariantCulture);
            case double d: return d.ToString("R", CultureInfo.InvariantCulture);
            case bool b: return b ? "true" : "false";
            case IFormattable x: return x.ToString(null, CultureInfo.InvariantCulture);
            case IEnumerable e:
            {
                var sb = new StringBuilder("[");
                int n = 0;
                foreach (var item in e)
                {
                    if (n < MaxVectorElements) sb.Append(n > 0 ? ", " : "").Append(FormatCell(item));
                    n++;
                }
                if (n > MaxVectorElements) sb.Append(", …");
                sb.Append(']');
                if (n > MaxVectorElements) sb.Append(" (").Append(n.ToString(CultureInfo.InvariantCulture)).Append(')');
                return sb.ToString();
            }
            default: return value.ToString() ?? "";
        }
    }

    /// <summary>An HTML table with a header row (name and type) and one row per entry.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"eventframe-display\"><thead><tr><th>Row</th>");
        for (int c = 0; c < Columns.Count; c++)
            sb.Append("<th>").Append(WebUtility.HtmlEncode(Columns[c])).Append("<br/><small>")
              .Append(WebUtility.HtmlEncode(global::EventFrame.Columns.TypeNames.CSharpName(Types[c]))).Append("</small></th>");
        sb.Append("</tr></thead><tbody>");
        for (int r = 0; r < Rows.Count; r++)
        {
            sb.Append("<tr><td>").Append(r.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var v in Rows[r]) sb.Append("<td>").Append(WebUtility.HtmlEncode(FormatCell(v))).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>Aligned plain text: a header line, a rule, and one line per entry (ROOT's RDisplay::Print layout).</summary>
    public override string ToString()
    {
        var cells = new List<string[]>();
        cells.Add(["Row", .. Columns]);
        for (int r = 0; r < Rows.Count; r++) cells.Add([r.ToString(CultureInfo.InvariantCulture), .. Rows[r].Select(FormatCell)]);
        var widths = Enumerable.Range(0, Columns.Count + 1).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var sb = new StringBuilder();
        for (int i = 0; i < cells.Count; i++)
        {
            sb.Append(string.Join(" | ", cells[i].Select((s, c) => s.PadRight(widths[c]))).TrimEnd()).Append('\n');
            if (i == 0) sb.Append(string.Join("-+-", widths.Select(w => new string('-', w)))).Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>Frame extensions for notebooks and interactive sessions.</summary>
public static class FrameDisplayExtensions
{
    /// <summary>
    /// Runs an event loop over the first <paramref name="rows"/> entries passing the frame's filters and returns
    /// their values of <paramref name="columns"/> (default: every column, defined ones included) as a
    /// <see cref="FrameTable"/>. Unlike RDataFrame's lazy Display, this runs at once: it is meant for inspection.
    /// </summary>
    public static FrameTable Display(this Frame frame, IEnumerable<string>? columns = null, int rows = 5)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Formatters.Register();
        var names = (columns ?? frame.ColumnNames).ToList();
        var types = names.Select(frame.GetColumnType).ToList(); // throws with the frame's context for unknown columns
        var head = frame.Range(rows);
        var take = typeof(Frame).GetMethod(nameof(Frame.Take))!;
        // Book every Take before reading any, so that one loop fills them all.
        var results = names.Select((n, i) => take.MakeGenericMethod(types[i]).Invoke(head, [n])!).ToList();
        var values = results.Select(r => (IList)r.GetType().GetProperty("Value")!.GetValue(r)!).ToList();
        int count = values.Count == 0 ? 0 : values.Min(v => v.Count);
        var table = new List<IReadOnlyList<object?>>(count);
        for (int r = 0; r < count; r++) table.Add([.. values.Select(v => v[r])]);
        return new FrameTable(names, types, table);
    }

    /// <summary>Shorthand for <see cref="Display(Frame, IEnumerable{string}?, int)"/> with explicit column names.</summary>
    public static FrameTable Display(this Frame frame, int rows, params string[] columns) => frame.Display(columns.Length == 0 ? null : columns, rows);
}
