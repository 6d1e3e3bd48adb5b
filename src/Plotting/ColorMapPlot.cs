namespace EventFrame.Plotting;

/// <summary>
/// A 2D histogram drawn as a colour map (ROOT's "COLZ", mplhep's hist2dplot): one rectangle per non-empty in-range
/// bin coloured by its content, with a colour bar on the right. Deterministic output.
/// </summary>
public sealed class ColorMapPlot
{
    private readonly Hist2D _hist;

    /// <summary>A colour map of <paramref name="hist"/>.</summary>
    public ColorMapPlot(Hist2D hist)
    {
        ArgumentNullException.ThrowIfNull(hist);
        _hist = hist;
    }

    /// <summary>Canvas width in pixels (default 640).</summary>
    public double Width { get; set; } = 640;

    /// <summary>Canvas height in pixels (default 520).</summary>
    public double Height { get; set; } = 520;

    /// <summary>Text above the top-left corner of the panel; defaults to the histogram's title.</summary>
    public string? Title { get; set; }

    /// <summary>The x-axis label; null takes the histogram's x-axis label.</summary>
    public string? XLabel { get; set; }

    /// <summary>The y-axis label; null takes the histogram's y-axis label.</summary>
    public string? YLabel { get; set; }

    /// <summary>The colour bar's label; null takes the histogram's value label, else "Entries".</summary>
    public string? ZLabel { get; set; }

    /// <summary>Logarithmic colour scale (bins ≤ 0 are left blank).</summary>
    public bool LogZ { get; set; }

    /// <summary>The colour map (default <see cref="Colormap.Viridis"/>).</summary>
    public Colormap Colormap { get; set; } = Colormap.Viridis;

    /// <summary>The content range mapped onto the colour map, [low, high]: from the smallest (positive, for <see cref="LogZ"/>) to the largest in-range content; empty bins do not count.</summary>
    public (double Low, double High) ZRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int by = 1; by <= _hist.YAxis.Bins; by++)
            for (int bx = 1; bx <= _hist.XAxis.Bins; bx++)
            {
                double v = _hist.Value(bx, by);
                if (!double.IsFinite(v) || v == 0 || (LogZ && v < 0)) continue;
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        if (!double.IsFinite(lo)) return LogZ ? (0.1, 1) : (0, 1);
        if (!LogZ && lo > 0) lo = 0;
        if (hi <= lo) hi = LogZ ? lo * 10 : lo + 1;
        return (lo, hi);
    }

    /// <summary>Where <paramref name="value"/> falls on the colour map, in [0, 1], for the current <see cref="ZRange"/> and <see cref="LogZ"/>.</summary>
    public double Normalize(double value)
    {
        var (lo, hi) = ZRange();
        double t = LogZ ? (Math.Log10(value) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo)) : (value - lo) / (hi - lo);
        return Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1);
    }

    /// <summary>Renders the colour map as a standalone SVG document.</summary>
    public string ToSvg()
    {
        if (!(Width >= 200 && Height >= 150 && Width <= 20000 && Height <= 20000))
            throw new InvalidOperationException($"canvas {Width}×{Height} is outside 200..20000 × 150..20000 pixels");
        var svg = new SvgWriter(Width, Height, "eventframe-plot colormap");
        var box = new PanelBox(84, 36, Width - 130, Height - 58);
        var xa = _hist.XAxis;
        var ya = _hist.YAxis;
        bool logX = xa is RegularAxis { Transform: AxisTransform.Log }, logY = ya is RegularAxis { Transform: AxisTransform.Log };
        var x = new Scale(xa.Min, xa.Max, box.Left, box.Right, logX);
        var y = new Scale(ya.Min, ya.Max, box.Bottom, box.Top, logY);
        var (zlo, zhi) = ZRange();

        svg.Open("<g class=\"panel main\">");
        svg.Open("<g class=\"layer cells\" shape-rendering=\"crispEdges\">");
        for (int by = 1; by <= ya.Bins; by++)
            for (int bx = 1; bx <= xa.Bins; bx++)
            {
                double v = _hist.Value(bx, by);
                if (!double.IsFinite(v) || v == 0 || (LogZ && v < 0)) continue;
                double x0 = x.Map(xa.Lower(bx)), x1 = x.Map(xa.Upper(bx)), y0 = y.Map(ya.Upper(by)), y1 = y.Map(ya.Lower(by));
                // Cells overlap by a hair so that anti-aliasing does not show white seams between them.
                svg.Rect(x0, y0, x1 - x0 + 0.3, y1 - y0 + 0.3, Colormap.Map(Normalize(v)), null, "cell",
                    $" data-bin=\"{bx},{by}\"");
            }
        svg.Close("g");
        var xTicks = logX ? Ticks.Log(xa.Min, xa.Max) : AxisPainter.BinAxisTicks(xa, xa.Min, xa.Max, out _);
        var yTicks = logY ? Ticks.Log(ya.Min, ya.Max) : AxisPainter.BinAxisTicks(ya, ya.Min, ya.Max, out _);
        IReadOnlyList<double> xMinor = logX || xa is CategoryAxis or IntCategoryAxis ? [] : Ticks.LinearMinor(xTicks, xa.Min, xa.Max);
        IReadOnlyList<double> yMinor = logY || ya is CategoryAxis or IntCategoryAxis ? [] : Ticks.LinearMinor(yTicks, ya.Min, ya.Max);
        AxisPainter.XTicks(svg, box, x, xTicks, xMinor, true);
        AxisPainter.YTicks(svg, box, y, yTicks, yMinor, 0);
        AxisPainter.Frame(svg, box, "frame main");
        AxisPainter.XLabel(svg, box, XLabel ?? xa.Label);
        AxisPainter.YLabel(svg, box, YLabel ?? ya.Label);
        svg.Close("g");

        // Colour bar: 64 bands from the lowest colour at the bottom to the highest at the top.
        var bar = new PanelBox(box.Right + 20, box.Top, box.Right + 38, box.Bottom);
        svg.Open("<g class=\"colorbar\" shape-rendering=\"crispEdges\">");
        const int bands = 64;
        for (int i = 0; i < bands; i++)
        {
            double t0 = (double)i / bands;
            double yb = bar.Bottom - t0 * bar.Height, yt = bar.Bottom - (i + 1.0) / bands * bar.Height;
            svg.Rect(bar.Left, yt, bar.Width, yb - yt + 0.3, Colormap.Map((i + 0.5) / bands), null, "band");
        }
        var z = new Scale(zlo, zhi, bar.Bottom, bar.Top, LogZ);
        var zTicks = AxisPainter.ValueTicks(zlo, zhi, LogZ, 6, out int exp, out _);
        foreach (var t in zTicks)
        {
            if (!z.Contains(t.Value)) continue;
            double py = z.Map(t.Value);
            svg.Line(bar.Right, py, bar.Right - 5, py, "black", 1, "tick z");
            svg.Text(bar.Right + 5, py + 4.5, t.Label, "start", AxisPainter.TickFont, "tick-label z");
        }
        if (exp != 0) svg.Text(bar.Left, bar.Top - 6, "×10^{" + exp + "}", "start", AxisPainter.TickFont, "axis-exponent z");
        AxisPainter.Frame(svg, bar, "frame colorbar");
        string zl = ZLabel ?? (_hist.ValueLabel.Length > 0 ? _hist.ValueLabel : "Entries");
        double lx = Width - 14, ly = bar.Top;
        svg.Text(lx, ly, zl, "end", AxisPainter.LabelFont, "axis-label z", $" transform=\"rotate(-90 {SvgWriter.Num(lx)} {SvgWriter.Num(ly)})\"");
        svg.Close("g");

        string title = Title ?? _hist.Title;
        if (title.Length > 0) svg.Text(box.Left, box.Top - 10, title, "start", 16, "title", " font-weight=\"bold\"");
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/>.</summary>
    public void SaveSvg(string path) => File.WriteAllText(path, ToSvg());

    /// <summary>Writes the plot as a PNG image through <c>rsvg-convert</c>, <paramref name="scale"/> times the SVG size.</summary>
    public void SavePng(string path, double scale = 2) => Png.Save(ToSvg(), path, scale);
}
