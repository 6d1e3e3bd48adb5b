using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>
/// A cut-flow report drawn as an SVG table: one row per named filter with its passing and seen entries, its own
/// efficiency and the cumulative efficiency (passing over the entries seen by the first filter), the latter also as
/// a horizontal bar.
/// </summary>
public static class CutflowTable
{
    /// <summary>The SVG document of <paramref name="report"/> as a table.</summary>
    public static string ToSvg(this CutflowReport report, string title = "Cut flow")
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Entries;
        const double rowH = 26, headH = 30, pad = 16, barW = 160;
        double nameW = Math.Max(120, rows.Select(r => TexText.ToPlain(r.Name).Length).DefaultIfEmpty(0).Max() * 8.4 + 16);
        double[] colW = [nameW, 96, 96, 84, 100 + barW];
        double width = 2 * pad + colW.Sum();
        double height = 2 * pad + 28 + headH + Math.Max(rows.Count, 1) * rowH;
        var svg = new SvgWriter(width, height, "eventframe-plot cutflow");
        svg.Text(pad, pad + 16, title, "start", 16, "title", " font-weight=\"bold\"");
        double top = pad + 28;
        string[] heads = ["Filter", "Pass", "All", "Eff. [%]", "Cumulative [%]"];
        double x = pad;
        svg.Rect(pad, top, colW.Sum(), headH, "#e8e8ee", null, "header");
        for (int c = 0; c < heads.Length; c++)
        {
            bool right = c is > 0 and < 4;
            svg.Text(right ? x + colW[c] - 8 : x + 8, top + 20, heads[c], right ? "end" : "start", 14, "head", " font-weight=\"bold\"");
            x += colW[c];
        }
        long first = rows.Count > 0 ? rows[0].All : 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double y = top + headH + i * rowH;
            if (i % 2 == 1) svg.Rect(pad, y, colW.Sum(), rowH, "#f6f6f9", null, "stripe");
            double cumulative = first == 0 ? 0 : 100.0 * r.Pass / first;
            svg.Open($"<g class=\"cutflow-row\" data-name=\"{SvgWriter.Escape(TexText.ToPlain(r.Name))}\">");
            x = pad;
            string[] cells = [r.Name, r.Pass.ToString(CultureInfo.InvariantCulture), r.All.ToString(CultureInfo.InvariantCulture),
                r.Efficiency.ToString("F2", CultureInfo.InvariantCulture), cumulative.ToString("F2", CultureInfo.InvariantCulture)];
            for (int c = 0; c < cells.Length; c++)
            {
                bool right = c > 0;
                double tx = c == 4 ? x + 92 : right ? x + colW[c] - 8 : x + 8;
                svg.Text(tx, y + 18, cells[c], right ? "end" : "start", 14, c == 0 ? "cell name" : "cell number");
                x += colW[c];
            }
            double bx = pad + colW[..4].Sum() + 100;
            svg.Rect(bx, y + 6, barW - 8, rowH - 12, "#eeeeee", null, "bar-bg");
            svg.Rect(bx, y + 6, (barW - 8) * Math.Clamp(cumulative / 100, 0, 1), rowH - 12, Palette.Color(0), null, "bar");
            svg.Close("g");
        }
        if (rows.Count == 0) svg.Text(pad + 8, top + headH + 18, "no named filters", "start", 14, "empty");
        svg.Line(pad, top + headH, pad + colW.Sum(), top + headH, "#333333", 1, "rule");
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/>.</summary>
    public static void SaveSvg(this CutflowReport report, string path, string title = "Cut flow") => File.WriteAllText(path, report.ToSvg(title));

    /// <summary>Writes the table as PNG through rsvg-convert (<see cref="Png"/>).</summary>
    public static void SavePng(this CutflowReport report, string path, string title = "Cut flow") => Png.Save(report.ToSvg(title), path);
}
