using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>How a 1D histogram is drawn.</summary>
public enum HistStyle
{
    /// <summary>An outline following the bin contents (ROOT's "HIST", mplhep's histtype="step").</summary>
    Step,
    /// <summary>The area under the bin contents filled (mplhep's histtype="fill").</summary>
    Filled,
    /// <summary>A marker at each bin centre with vertical statistical error bars and horizontal bin-width bars (ROOT's "E", mplhep's histtype="errorbar").</summary>
    Errorbar,
}

/// <summary>
/// A 1D plot in the style of mplhep/ROOT: histograms drawn as steps, filled areas or error bars, stacked samples,
/// profiles, data points, a legend, linear or logarithmic y, and optionally a data/prediction ratio panel. All
/// histograms must share the binning of the first one. Rendering is deterministic: the same plot gives the same bytes.
/// </summary>
public sealed class Plot
{
    private enum Kind { Hist, Stack, Data, Profile }

    private sealed record Layer(Kind Kind, string Label, string Color, HistStyle Style, Hist1D? Hist, Profile1D? Profile, IReadOnlyList<(string Label, Hist1D Hist, string Color)>? Samples);

    private readonly List<Layer> _layers = [];
    private Axis? _axis;

    /// <summary>Canvas width in pixels (default 640).</summary>
    public double Width { get; set; } = 640;

    /// <summary>Canvas height in pixels; default 480, or 600 with a ratio panel.</summary>
    public double? Height { get; set; }

    /// <summary>Text drawn above the top-left corner of the panel (e.g. an experiment label); rich text.</summary>
    public string Title { get; set; } = "";

    /// <summary>Text drawn above the top-right corner (e.g. "59.7 fb^{-1} (13 TeV)"); rich text.</summary>
    public string RightLabel { get; set; } = "";

    /// <summary>The x-axis label; null takes the first histogram's axis label.</summary>
    public string? XLabel { get; set; }

    /// <summary>The y-axis label; null takes the first histogram's value label, else "Events" for stacks and "Entries" otherwise.</summary>
    public string? YLabel { get; set; }

    /// <summary>Logarithmic y axis (bins ≤ 0 are not drawn).</summary>
    public bool LogY { get; set; }

    /// <summary>Lower y limit; null chooses 0 (linear) or a decade below the smallest positive content (log).</summary>
    public double? YMin { get; set; }

    /// <summary>Upper y limit; null leaves headroom above the highest content for the legend.</summary>
    public double? YMax { get; set; }

    /// <summary>Draws a ratio panel under the main one: data (see <see cref="AddData"/>) over the sum of the stack, or over the first plain histogram.</summary>
    public bool ShowRatio { get; set; }

    /// <summary>The y label of the ratio panel.</summary>
    public string RatioLabel { get; set; } = "Data/Pred.";

    /// <summary>Draws the legend (when at least one layer has a label).</summary>
    public bool ShowLegend { get; set; } = true;

    /// <summary>Adds <paramref name="hist"/> drawn with <paramref name="style"/>; the colour defaults to the next one of <see cref="Palette.Cms6"/>.</summary>
    public Plot Add(Hist1D hist, string? label = null, HistStyle style = HistStyle.Step, string? color = null)
    {
        CheckBinning(hist, nameof(hist));
        _layers.Add(new Layer(Kind.Hist, label ?? "", color ?? NextColor(), style, hist, null, null));
        return this;
    }

    /// <summary>Adds a profile drawn as the mean of each bin with its error bar (bins without entries are skipped).</summary>
    public Plot AddProfile(Profile1D profile, string? label = null, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        CheckAxis(profile.XAxis, profile.Name, nameof(profile));
        _layers.Add(new Layer(Kind.Profile, label ?? "", color ?? NextColor(), HistStyle.Errorbar, null, profile, null));
        return this;
    }

    /// <summary>
    /// Adds samples stacked on top of each other, the first at the bottom, each filled with its colour
    /// (<paramref name="colors"/> or <see cref="Palette.Cms6"/>); the legend lists them top first as the eye reads them.
    /// </summary>
    public Plot AddStack(IEnumerable<(string Label, Hist1D Hist)> samples, IReadOnlyList<string>? colors = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var list = new List<(string, Hist1D, string)>();
        foreach (var (label, hist) in samples)
        {
            CheckBinning(hist, nameof(samples));
            list.Add((label ?? "", hist, colors is not null && list.Count < colors.Count ? colors[list.Count] : Palette.Color(list.Count)));
        }
        if (list.Count == 0) throw new ArgumentException("a stack needs at least one sample", nameof(samples));
        _layers.Add(new Layer(Kind.Stack, "", "", HistStyle.Filled, null, null, list));
        return this;
    }

    /// <summary>Adds observed data drawn as black points with error bars; the numerator of the ratio panel.</summary>
    public Plot AddData(Hist1D data, string label = "Data")
    {
        CheckBinning(data, nameof(data));
        if (_layers.Any(l => l.Kind == Kind.Data)) throw new InvalidOperationException("the plot already has data; add further histograms with Add");
        _layers.Add(new Layer(Kind.Data, label ?? "", "black", HistStyle.Errorbar, data, null, null));
        return this;
    }

    /// <summary>
    /// A stacked plot of <paramref name="samples"/> (first at the bottom) with optional <paramref name="data"/> points
    /// and, when there is data and <paramref name="ratio"/> is true, a data/prediction ratio panel; sample colours
    /// from <paramref name="colors"/>, else <see cref="Palette.Cms6"/> in order.
    /// </summary>
    public static Plot Stack(IEnumerable<(string Label, Hist1D Hist)> samples, Hist1D? data = null, bool ratio = true, string? title = null, IReadOnlyList<string>? colors = null)
    {
        var p = new Plot { Title = title ?? "" };
        p.AddStack(samples, colors);
        if (data is not null) p.AddData(data);
        p.ShowRatio = ratio && data is not null;
        return p;
    }

    /// <summary>Renders the plot as a standalone SVG document.</summary>
    public string ToSvg()
    {
        if (_layers.Count == 0 || _axis is null) throw new InvalidOperationException("the plot is empty: add a histogram first");
        var data = _layers.FirstOrDefault(l => l.Kind == Kind.Data);
        bool ratio = ShowRatio && data is not null && Denominator() is not null;
        double height = Height ?? (ratio ? 600 : 480);
        if (!(Width >= 200 && height >= 150 && Width <= 20000 && height <= 20000))
            throw new InvalidOperationException($"canvas {Width}×{height} is outside 200..20000 × 150..20000 pixels");

        var svg = new SvgWriter(Width, height, "eventframe-plot");
        const double left = 84, right = 24, top = 36, bottom = 58, gap = 8;
        double mainBottom = ratio ? top + (height - top - bottom - gap) * 0.72 : height - bottom;
        var main = new PanelBox(left, top, Width - right, mainBottom);
        var lower = new PanelBox(left, mainBottom + gap, Width - right, height - bottom);

        var axis = _axis;
        bool logX = axis is RegularAxis { Transform: AxisTransform.Log };
        var x = new Scale(axis.Min, axis.Max, main.Left, main.Right, logX);
        var (ylo, yhi) = YRange();
        var y = new Scale(ylo, yhi, main.Bottom, main.Top, LogY);

        svg.Open($"<g class=\"panel main\">");
        foreach (var layer in _layers) DrawLayer(svg, layer, axis, x, y);
        var yTicks = AxisPainter.ValueTicks(ylo, yhi, LogY, 7, out int exp, out var yMinor);
        var xTicks = logX ? Ticks.Log(axis.Min, axis.Max) : AxisPainter.BinAxisTicks(axis, axis.Min, axis.Max, out _);
        IReadOnlyList<double> xMinor = logX ? Ticks.LogMinor(axis.Min, axis.Max) : axis is CategoryAxis or IntCategoryAxis ? [] : Ticks.LinearMinor(xTicks, axis.Min, axis.Max);
        AxisPainter.XTicks(svg, main, x, xTicks, xMinor, labels: !ratio);
        AxisPainter.YTicks(svg, main, y, yTicks, yMinor, exp);
        AxisPainter.Frame(svg, main, "frame main");
        AxisPainter.YLabel(svg, main, YLabel ?? DefaultYLabel());
        if (ShowLegend) DrawLegend(svg, main);
        svg.Close("g");

        string xl = XLabel ?? axis.Label;
        if (ratio)
        {
            svg.Open("<g class=\"panel ratio\">");
            DrawRatio(svg, lower, axis, x, data!.Hist!, xTicks, xMinor);
            AxisPainter.XLabel(svg, lower, xl);
            svg.Close("g");
        }
        else AxisPainter.XLabel(svg, main, xl);

        if (Title.Length > 0) svg.Text(main.Left, main.Top - 10, Title, "start", 16, "title", " font-weight=\"bold\"");
        if (RightLabel.Length > 0) svg.Text(main.Right, main.Top - 10, RightLabel, "end", 14, "right-label");
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/>.</summary>
    public void SaveSvg(string path) => File.WriteAllText(path, ToSvg());

    /// <summary>Writes the plot as a PNG image through <c>rsvg-convert</c> (see <see cref="Png"/>), <paramref name="scale"/> times the SVG size.</summary>
    public void SavePng(string path, double scale = 2) => Png.Save(ToSvg(), path, scale);

    // -----------------------------------------------------------------------------------------------------------

    private string NextColor() => Palette.Color(_layers.Count(l => l.Kind is Kind.Hist or Kind.Profile));

    private void CheckBinning(Hist1D hist, string param)
    {
        ArgumentNullException.ThrowIfNull(hist, param);
        CheckAxis(hist.XAxis, hist.Name, param);
    }

    private void CheckAxis(Axis axis, string name, string param)
    {
        if (_axis is null) { _axis = axis; return; }
        if (!_axis.SameBinning(axis))
            throw new ArgumentException($"histogram '{name}' has binning {axis} but the plot's is {_axis}; all histograms of a plot must share one binning", param);
    }

    private string DefaultYLabel()
    {
        foreach (var l in _layers)
        {
            var v = l.Hist?.ValueLabel ?? l.Profile?.ValueLabel ?? l.Samples?[0].Hist.ValueLabel ?? "";
            if (v.Length > 0) return v;
        }
        return _layers.Any(l => l.Kind == Kind.Stack) ? "Events" : _layers.All(l => l.Kind == Kind.Profile) ? "" : "Entries";
    }

    /// <summary>The prediction the data is compared with: the stack's sum, else the first plain histogram (values and variances per in-range bin).</summary>
    private (double[] Values, double[] Variances)? Denominator()
    {
        var stack = _layers.FirstOrDefault(l => l.Kind == Kind.Stack);
        if (stack is not null)
        {
            var n = _axis!.Bins;
            var v = new double[n];
            var e = new double[n];
            foreach (var (_, h, _) in stack.Samples!)
                for (int b = 1; b <= n; b++) { v[b - 1] += h.Value(b); e[b - 1] += h.Variance(b); }
            return (v, e);
        }
        var first = _layers.FirstOrDefault(l => l.Kind == Kind.Hist);
        if (first is null) return null;
        var nb = _axis!.Bins;
        return ([.. Enumerable.Range(1, nb).Select(b => first.Hist!.Value(b))], [.. Enumerable.Range(1, nb).Select(b => first.Hist!.Variance(b))]);
    }

    private (double Lo, double Hi) YRange()
    {
        double max = double.NegativeInfinity, min = double.PositiveInfinity, minPos = double.PositiveInfinity;
        void See(double v)
        {
            if (!double.IsFinite(v)) return;
            max = Math.Max(max, v);
            min = Math.Min(min, v);
            if (v > 0) minPos = Math.Min(minPos, v);
        }
        int n = _axis!.Bins;
        foreach (var l in _layers)
        {
            switch (l.Kind)
            {
                case Kind.Stack:
                    var sum = new double[n];
                    foreach (var (_, h, _) in l.Samples!)
                        for (int b = 1; b <= n; b++) { sum[b - 1] += h.Value(b); See(sum[b - 1]); }
                    break;
                case Kind.Profile:
                    for (int b = 1; b <= n; b++)
                        if (l.Profile!.EffectiveBinEntries(b) > 0) { double m = l.Profile.Mean(b), e = l.Profile.Error(b); See(m - e); See(m + e); See(m); }
                    break;
                default:
                    for (int b = 1; b <= n; b++)
                    {
                        double v = l.Hist!.Value(b);
                        See(v);
                        if (l.Style == HistStyle.Errorbar) { See(v + l.Hist.Error(b)); if (LogY) See(v - l.Hist.Error(b)); }
                    }
                    break;
            }
        }
        if (!double.IsFinite(max)) { max = 1; min = 0; }
        bool profilesOnly = _layers.All(l => l.Kind == Kind.Profile);
        double lo, hi;
        if (LogY)
        {
            if (!double.IsFinite(minPos)) minPos = 0.1;
            if (max <= 0) max = minPos * 10;
            lo = YMin is > 0 ? YMin.Value : Math.Pow(10, Math.Floor(Math.Log10(minPos)));
            double decades = Math.Max(Math.Log10(max) - Math.Log10(lo), 1);
            hi = YMax ?? Math.Pow(10, Math.Log10(max) + 0.4 * decades);
        }
        else
        {
            lo = YMin ?? (profilesOnly || min < 0 ? min - 0.1 * Math.Max(max - min, Math.Abs(max) * 1e-3 + 1e-12) : 0);
            hi = YMax ?? (max <= lo ? lo + 1 : max + (max - lo) * (profilesOnly ? 0.35 : 0.3));
        }
        if (!(hi > lo)) throw new InvalidOperationException($"y range [{lo}, {hi}] is empty; check YMin/YMax");
        return (lo, hi);
    }

    private static double Base(Scale y) => y.IsLog ? y.Lo : Math.Clamp(0, y.Lo, y.Hi);

    private static List<(double X, double Y)> Outline(Axis axis, Scale x, Scale y, Func<int, double> value)
    {
        var pts = new List<(double, double)>(2 * axis.Bins + 2);
        double b0 = y.Map(Base(y));
        pts.Add((x.Map(axis.Min), b0));
        for (int b = 1; b <= axis.Bins; b++)
        {
            double py = y.Map(value(b));
            pts.Add((x.Map(axis.Lower(b)), py));
            pts.Add((x.Map(axis.Upper(b)), py));
        }
        pts.Add((x.Map(axis.Max), b0));
        return pts;
    }

    private void DrawLayer(SvgWriter svg, Layer l, Axis axis, Scale x, Scale y)
    {
        string label = SvgWriter.Escape(TexText.ToPlain(l.Label));
        switch (l.Kind)
        {
            case Kind.Stack:
            {
                var below = new double[axis.Bins];
                svg.Open("<g class=\"layer stack\">");
                foreach (var (sl, h, color) in l.Samples!)
                {
                    var upper = new List<(double, double)>();
                    var lower = new List<(double, double)>();
                    for (int b = 1; b <= axis.Bins; b++)
                    {
                        double lo = below[b - 1], hi = lo + h.Value(b);
                        below[b - 1] = hi;
                        double xl = x.Map(axis.Lower(b)), xr = x.Map(axis.Upper(b));
                        upper.Add((xl, y.Map(hi))); upper.Add((xr, y.Map(hi)));
                        lower.Add((xl, y.Map(lo))); lower.Add((xr, y.Map(lo)));
                    }
                    lower.Reverse();
                    svg.Raw($"<polygon class=\"stack-sample\" data-label=\"{SvgWriter.Escape(TexText.ToPlain(sl))}\" points=\"{SvgWriter.Points([.. upper, .. lower])}\" fill=\"{color}\" stroke=\"#222222\" stroke-width=\"0.6\"/>");
                }
                svg.Close("g");
                break;
            }
            case Kind.Profile:
                svg.Open($"<g class=\"layer profile\" data-label=\"{label}\">");
                for (int b = 1; b <= axis.Bins; b++)
                    if (l.Profile!.EffectiveBinEntries(b) > 0)
                        ErrorPoint(svg, x, y, axis, b, l.Profile.Mean(b), l.Profile.Error(b), l.Color);
                svg.Close("g");
                break;
            case Kind.Data:
            case Kind.Hist when l.Style == HistStyle.Errorbar:
                svg.Open($"<g class=\"layer {(l.Kind == Kind.Data ? "data" : "hist errorbar")}\" data-label=\"{label}\">");
                for (int b = 1; b <= axis.Bins; b++)
                {
                    double v = l.Hist!.Value(b), e = l.Hist.Error(b);
                    if (v == 0 && e == 0) continue; // ROOT and mplhep leave empty bins out of error-bar plots
                    if (!double.IsFinite(v) || (y.IsLog && v <= 0)) continue;
                    ErrorPoint(svg, x, y, axis, b, v, e, l.Color);
                }
                svg.Close("g");
                break;
            default:
            {
                var pts = Outline(axis, x, y, b => l.Hist!.Value(b));
                string cls = l.Style == HistStyle.Filled ? "hist filled" : "hist step";
                svg.Open($"<g class=\"layer {cls}\" data-label=\"{label}\">");
                if (l.Style == HistStyle.Filled)
                    svg.Raw($"<polygon class=\"bins\" points=\"{SvgWriter.Points(pts)}\" fill=\"{l.Color}\" fill-opacity=\"0.75\" stroke=\"{l.Color}\" stroke-width=\"1.5\"/>");
                else
                    svg.Raw($"<polyline class=\"bins\" points=\"{SvgWriter.Points(pts)}\" fill=\"none\" stroke=\"{l.Color}\" stroke-width=\"2\"/>");
                svg.Close("g");
                break;
            }
        }
    }

    private static void ErrorPoint(SvgWriter svg, Scale x, Scale y, Axis axis, int b, double v, double e, string color)
    {
        double cx = x.Map(axis.Center(b)), cy = y.Map(v);
        svg.Line(x.Map(axis.Lower(b)), cy, x.Map(axis.Upper(b)), cy, color, 1.2, "xerr");
        if (e > 0) svg.Line(cx, y.Map(v - e), cx, y.Map(v + e), color, 1.2, "yerr");
        svg.Circle(cx, cy, 3.2, color, "marker");
    }

    private void DrawLegend(SvgWriter svg, PanelBox box)
    {
        var entries = new List<(string Label, string Kind, string Color)>();
        foreach (var l in _layers.Where(l => l.Kind == Kind.Data && l.Label.Length > 0)) entries.Add((l.Label, "marker", l.Color));
        foreach (var l in _layers)
        {
            if (l.Kind == Kind.Stack)
                for (int i = l.Samples!.Count - 1; i >= 0; i--)
                {
                    if (l.Samples[i].Label.Length > 0) entries.Add((l.Samples[i].Label, "box", l.Samples[i].Color));
                }
            else if (l.Kind != Kind.Data && l.Label.Length > 0)
                entries.Add((l.Label, l.Kind == Kind.Profile || l.Style == HistStyle.Errorbar ? "marker" : l.Style == HistStyle.Filled ? "box" : "line", l.Color));
        }
        if (entries.Count == 0) return;
        const double size = 14, rowHeight = 20, swatch = 22;
        double textWidth = entries.Max(e => TexText.ToPlain(e.Label).Length) * size * 0.6;
        double x0 = box.Right - 14 - textWidth - swatch - 8, y0 = box.Top + 14;
        svg.Open("<g class=\"legend\">");
        for (int i = 0; i < entries.Count; i++)
        {
            var (label, kind, color) = entries[i];
            double cy = y0 + i * rowHeight + rowHeight / 2;
            svg.Open($"<g class=\"legend-entry\" data-label=\"{SvgWriter.Escape(TexText.ToPlain(label))}\">");
            switch (kind)
            {
                case "box": svg.Rect(x0, cy - 6, swatch, 12, color, "#222222", "swatch", " stroke-width=\"0.6\""); break;
                case "line": svg.Line(x0, cy, x0 + swatch, cy, color, 2, "swatch"); break;
                default:
                    svg.Line(x0 + swatch / 2, cy - 7, x0 + swatch / 2, cy + 7, color, 1.2, "swatch");
                    svg.Circle(x0 + swatch / 2, cy, 3.2, color, "swatch");
                    break;
            }
            svg.Text(x0 + swatch + 8, cy + 5, label, "start", size, "legend-label");
            svg.Close("g");
        }
        svg.Close("g");
    }

    private void DrawRatio(SvgWriter svg, PanelBox box, Axis axis, Scale xMain, Hist1D data, IReadOnlyList<Tick> xTicks, IReadOnlyList<double> xMinor)
    {
        var (den, denVar) = Denominator()!.Value;
        var x = new Scale(xMain.Lo, xMain.Hi, box.Left, box.Right, xMain.IsLog);
        int n = axis.Bins;
        var r = new double[n];
        var re = new double[n];
        double rmin = 1, rmax = 1;
        for (int b = 1; b <= n; b++)
        {
            double d = den[b - 1];
            r[b - 1] = d > 0 ? data.Value(b) / d : double.NaN;
            re[b - 1] = d > 0 ? data.Error(b) / d : double.NaN;
            if (double.IsFinite(r[b - 1]) && data.Value(b) != 0)
            {
                rmin = Math.Min(rmin, r[b - 1] - re[b - 1]);
                rmax = Math.Max(rmax, r[b - 1] + re[b - 1]);
            }
        }
        // Symmetric around 1, at least ±0.5 and at most ±1 so that one wild bin does not flatten the others.
        double half = Math.Clamp(Math.Max(1 - rmin, rmax - 1) * 1.15, 0.5, 1.0);
        var y = new Scale(1 - half, 1 + half, box.Bottom, box.Top, false);

        svg.Open("<g class=\"layer ratio-band\">");
        for (int b = 1; b <= n; b++)
        {
            double d = den[b - 1];
            if (!(d > 0)) continue;
            double rel = Math.Sqrt(denVar[b - 1]) / d;
            if (rel <= 0) continue;
            double top = y.Map(1 + rel), bot = y.Map(1 - rel);
            svg.Rect(x.Map(axis.Lower(b)), top, x.Map(axis.Upper(b)) - x.Map(axis.Lower(b)), bot - top, "#9c9ca1", null, "band", " fill-opacity=\"0.45\"");
        }
        svg.Close("g");
        svg.Line(box.Left, y.Map(1), box.Right, y.Map(1), "#555555", 1, "unity", " stroke-dasharray=\"5,4\"");
        svg.Open("<g class=\"layer ratio-points\">");
        for (int b = 1; b <= n; b++)
            if (double.IsFinite(r[b - 1]) && data.Value(b) != 0)
                ErrorPoint(svg, x, y, axis, b, r[b - 1], re[b - 1], "black");
        svg.Close("g");
        var yTicks = Ticks.Linear(1 - half, 1 + half, 4);
        AxisPainter.XTicks(svg, box, x, xTicks, xMinor, labels: true);
        AxisPainter.YTicks(svg, box, y, yTicks, Ticks.LinearMinor(yTicks, 1 - half, 1 + half), 0, "ratio-y");
        AxisPainter.Frame(svg, box, "frame ratio");
        AxisPainter.YLabel(svg, box, RatioLabel, 58, "ratio-y", top: false);
    }
}
