using System.Globalization;
using System.Text;

namespace EventFrame.Plotting;

/// <summary>
/// A minimal SVG writer: every number goes through <see cref="Num"/> (invariant culture, at most two decimals) so
/// that the same plot always gives byte-identical output, which the golden tests rely on.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();
    private int _depth;

    public SvgWriter(double width, double height, string cssClass)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").Append(cssClass)
           .Append("\" width=\"").Append(Num(width)).Append("\" height=\"").Append(Num(height))
           .Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ').Append(Num(height))
           .Append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"14\">\n");
        _depth = 1;
        Raw("<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + Num(width) + "\" height=\"" + Num(height) + "\" fill=\"white\"/>");
    }

    /// <summary>Formats a coordinate: rounded to 0.01 so that floating-point noise does not leak into the output.</summary>
    public static string Num(double v)
    {
        if (!double.IsFinite(v)) v = 0;
        var r = Math.Round(v, 2);
        if (r == 0) r = 0; // no "-0"
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny("<>&\"'") < 0) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
            sb.Append(c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", '\'' => "&apos;", _ => c.ToString() });
        return sb.ToString();
    }

    public void Raw(string element)
    {
        _sb.Append(' ', 2 * _depth).Append(element).Append('\n');
    }

    public void Open(string element)
    {
        Raw(element);
        _depth++;
    }

    public void Close(string tag)
    {
        _depth--;
        Raw("</" + tag + ">");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? cssClass = null, string? extra = null) =>
        Raw($"<line{Cls(cssClass)} x1=\"{Num(x1)}\" y1=\"{Num(y1)}\" x2=\"{Num(x2)}\" y2=\"{Num(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Num(width)}\"{extra}/>");

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, string? cssClass = null, string? extra = null) =>
        Raw($"<rect{Cls(cssClass)} x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(Math.Max(w, 0))}\" height=\"{Num(Math.Max(h, 0))}\" fill=\"{fill}\"" +
            (stroke is null ? "" : $" stroke=\"{stroke}\"") + $"{extra}/>");

    public void Circle(double cx, double cy, double r, string fill, string? cssClass = null) =>
        Raw($"<circle{Cls(cssClass)} cx=\"{Num(cx)}\" cy=\"{Num(cy)}\" r=\"{Num(r)}\" fill=\"{fill}\"/>");

    public static string Points(IReadOnlyList<(double X, double Y)> pts)
    {
        var sb = new StringBuilder(pts.Count * 14);
        for (int i = 0; i < pts.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(Num(pts[i].X)).Append(',').Append(Num(pts[i].Y));
        }
        return sb.ToString();
    }

    /// <summary>Writes a text element whose content is rich text (see <see cref="TexText"/>).</summary>
    public void Text(double x, double y, string tex, string anchor = "start", double size = 14, string? cssClass = null, string? extra = null) =>
        Raw($"<text{Cls(cssClass)} x=\"{Num(x)}\" y=\"{Num(y)}\" text-anchor=\"{anchor}\" font-size=\"{Num(size)}\"{extra}>{TexText.ToSvg(tex)}</text>");

    private static string Cls(string? c) => c is null ? "" : $" class=\"{c}\"";

    public string Finish()
    {
        while (_depth > 1) Close("g");
        _depth = 0;
        _sb.Append("</svg>\n");
        return _sb.ToString();
    }
}
