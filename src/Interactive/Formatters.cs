using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using EventFrame.Plotting;
using Microsoft.DotNet.Interactive.Formatting;

namespace EventFrame.Interactive;

/// <summary>
/// dotnet-interactive formatters for EventFrame objects: histograms render as inline SVG plots with a summary table,
/// a <see cref="CutflowReport"/> as an HTML table, a lazy <see cref="Result{T}"/> says whether its loop has run (and
/// shows its value if so, without ever starting the loop), a <see cref="FrameTable"/> as an HTML table, a
/// <see cref="Plot"/> or <see cref="ColorMapPlot"/> as its SVG. They are
/// registered when this assembly is first used (module initializer) and again by <see cref="Register"/>, which a
/// notebook may call after <c>Formatter.ResetToDefault()</c>.
/// </summary>
public static class Formatters
{
    private static readonly object Gate = new();
    private static bool _registered;

    // A library module initializer is the only hook a notebook's "#r" gives us without the kernel package (CA2255
    // warns because initializers run at an unspecified first use; registration is idempotent, so that is fine).
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init() => Register();
#pragma warning restore CA2255

    /// <summary>Registers the formatters with <see cref="Formatter"/> (once per process; pass <paramref name="force"/> to register again, e.g. after a reset).</summary>
    public static void Register(bool force = false)
    {
        lock (Gate)
        {
            if (_registered && !force) return;
            _registered = true;
        }
        Formatter.Register<HistogramBase>((h, w) => w.Write(HistogramHtml(h)), HtmlFormatter.MimeType);
        Formatter.Register<HistogramBase>((h, w) => w.Write(h.ToString()), PlainTextFormatter.MimeType);
        Formatter.Register<CutflowReport>((c, w) => w.Write(CutflowHtml(c)), HtmlFormatter.MimeType);
        Formatter.Register<CutflowReport>((c, w) => w.Write(c.ToString()), PlainTextFormatter.MimeType);
        Formatter.Register<IResult>((r, w) => w.Write(ResultHtml(r)), HtmlFormatter.MimeType);
        Formatter.Register<IResult>((r, w) => w.Write(ResultText(r)), PlainTextFormatter.MimeType);
        Formatter.Register<FrameTable>((t, w) => w.Write(t.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<FrameTable>((t, w) => w.Write(t.ToString()), PlainTextFormatter.MimeType);
        Formatter.Register<Plot>((p, w) => w.Write(p.ToSvg()), HtmlFormatter.MimeType);
        Formatter.Register<ColorMapPlot>((p, w) => w.Write(p.ToSvg()), HtmlFormatter.MimeType);
        Formatter.Register<ProgressView>((p, w) => w.Write(p.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<ProgressView>((p, w) => w.Write(p.ToString()), PlainTextFormatter.MimeType);
        foreach (var t in (Type[])[typeof(HistogramBase), typeof(CutflowReport), typeof(IResult), typeof(FrameTable), typeof(ProgressView), typeof(Plot), typeof(ColorMapPlot)])
            Formatter.SetPreferredMimeTypesFor(t, HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    /// <summary>The plot of a 1D/2D histogram or 1D profile as SVG (null for other dimensions): error bars for unweighted-looking counts are not guessed, histograms draw as steps.</summary>
    public static string? PlotSvg(HistogramBase h) => h switch
    {
        Hist1D h1 => h1.ToSvg(),
        Hist2D h2 => h2.ToSvg(),
        Profile1D p => p.ToSvg(),
        _ => null,
    };

    /// <summary>The HTML shown for a histogram: its plot (when it has one) beside a table of name, title, axes, entries, integral, means and standard deviations.</summary>
    public static string HistogramHtml(HistogramBase h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var sb = new StringBuilder("<div class=\"eventframe-hist\" style=\"display:flex;align-items:flex-start;gap:1em\">");
        var svg = PlotSvg(h);
        if (svg is not null) sb.Append("<div>").Append(svg).Append("</div>");
        sb.Append("<table class=\"eventframe-summary\"><tbody>");
        void Row(string k, string v) => sb.Append("<tr><th style=\"text-align:left\">").Append(k).Append("</th><td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(v)).Append("</td></tr>");
        Row("Type", h.GetType().Name);
        Row("Name", h.Name);
        if (h.Title.Length > 0) Row("Title", TexText.ToPlain(h.Title));
        for (int a = 0; a < h.Dimension; a++)
        {
            var ax = h.Axes[a];
            Row("Axis " + "xyz"[Math.Min(a, 2)], ax + (ax.Label.Length > 0 ? " — " + TexText.ToPlain(ax.Label) : ""));
        }
        Row("Entries", h.Entries.ToString(CultureInfo.InvariantCulture));
        if (h is Histogram hist) Row("Integral", Num(hist.Integral()));
        for (int a = 0; a < h.Dimension; a++)
        {
            Row("Mean " + "xyz"[Math.Min(a, 2)], Num(h.GetMean(a)));
            Row("Std Dev " + "xyz"[Math.Min(a, 2)], Num(h.GetStdDev(a)));
        }
        return sb.Append("</tbody></table></div>").ToString();
    }

    /// <summary>The HTML table of a cut-flow report: filter, passing, seen, efficiency and cumulative efficiency in percent.</summary>
    public static string CutflowHtml(CutflowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder("<table class=\"eventframe-cutflow\"><thead><tr><th>Filter</th><th>Pass</th><th>All</th><th>Eff. [%]</th><th>Cumulative [%]</th></tr></thead><tbody>");
        long first = report.Entries.Count > 0 ? report.Entries[0].All : 0;
        foreach (var e in report.Entries)
        {
            double cumulative = first == 0 ? 0 : 100.0 * e.Pass / first;
            sb.Append("<tr><td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(e.Name)).Append("</td><td>")
              .Append(e.Pass.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(e.All.ToString(CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(e.Efficiency.ToString("F2", CultureInfo.InvariantCulture)).Append("</td><td>")
              .Append(cumulative.ToString("F2", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        if (report.Entries.Count == 0) sb.Append("<tr><td colspan=\"5\">no named filters</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>
    /// The HTML of a lazy result: a "pending" note if its event loop has not run (formatting never runs it), else a
    /// "ready" header followed by the HTML of its value.
    /// </summary>
    public static string ResultHtml(IResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var desc = WebUtility.HtmlEncode(result.Description);
        if (!result.IsReady)
            return $"<div class=\"eventframe-result pending\"><b>pending</b> — {desc}<br/><small>not computed yet: reading <code>.Value</code> runs the event loop for every booked result</small></div>";
        var value = ReadyValue(result);
        return $"<div class=\"eventframe-result ready\"><b>ready</b> — {desc}<div>{(value is null ? "null" : value.ToDisplayString(HtmlFormatter.MimeType))}</div></div>";
    }

    /// <summary>The plain text of a lazy result: "pending: description" or "ready: description = value".</summary>
    public static string ResultText(IResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsReady) return $"pending: {result.Description} (reading .Value runs the event loop)";
        var value = ReadyValue(result);
        return $"ready: {result.Description} = {(value is null ? "null" : value.ToDisplayString(PlainTextFormatter.MimeType))}";
    }

    private static object? ReadyValue(IResult result) =>
        result.GetType().GetProperty("Value") is { } p ? p.GetValue(result) : null;

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
}
