using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>The rectangle a panel occupies on the canvas, in SVG pixels (y grows downwards).</summary>
internal readonly record struct PanelBox(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;
}

/// <summary>A data range mapped linearly or logarithmically onto a pixel range.</summary>
internal sealed class Scale
{
    public Scale(double lo, double hi, double p0, double p1, bool log)
    {
        Lo = lo; Hi = hi; P0 = p0; P1 = p1; IsLog = log;
        _a = log ? Math.Log10(lo) : lo;
        _b = log ? Math.Log10(hi) : hi;
        if (!(_b > _a)) _b = _a + 1; // a degenerate range still maps somewhere sensible
    }

    private readonly double _a, _b;
    public double Lo { get; }
    public double Hi { get; }
    public double P0 { get; }
    public double P1 { get; }
    public bool IsLog { get; }

    /// <summary>Pixel of <paramref name="v"/>, clamped to the panel (values ≤ 0 on a log axis go to its low end).</summary>
    public double Map(double v)
    {
        double t;
        if (IsLog) t = v > 0 ? (Math.Log10(v) - _a) / (_b - _a) : 0;
        else t = (v - _a) / (_b - _a);
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, -0.001, 1.001);
        return P0 + t * (P1 - P0);
    }

    public bool Contains(double v) => IsLog ? v >= Lo * (1 - 1e-9) && v <= Hi * (1 + 1e-9) && v > 0 : v >= Lo - 1e-9 * Math.Abs(Hi - Lo) && v <= Hi + 1e-9 * Math.Abs(Hi - Lo);
}

/// <summary>Ticks, tick labels, minor ticks and axis labels of a panel, drawn inward on all four sides as in mplhep.</summary>
internal static class AxisPainter
{
    public const double MajorLength = 8, MinorLength = 4, TickFont = 13, LabelFont = 16;

    /// <summary>
    /// Ticks of a value axis over [lo, hi]: powers of ten on log axes; on linear axes nice numbers, divided by a
    /// power of ten (returned in <paramref name="exponent"/>, drawn as "×10^k") when the numbers would be long.
    /// </summary>
    public static IReadOnlyList<Tick> ValueTicks(double lo, double hi, bool log, int maxTicks, out int exponent, out IReadOnlyList<double> minor)
    {
        exponent = 0;
        if (log)
        {
            minor = Ticks.LogMinor(lo, hi);
            var t = Ticks.Log(lo, hi);
            return t.Count >= 2 ? t : [.. t.Concat(Ticks.Linear(lo, hi, 3).Where(x => x.Value > 0 && t.All(y => Math.Abs(y.Value - x.Value) > 1e-12 * x.Value)))];
        }
        double m = Math.Max(Math.Abs(lo), Math.Abs(hi));
        if (m >= 1e5 || (m > 0 && m < 1e-3)) exponent = (int)Math.Floor(Math.Log10(m));
        double f = Math.Pow(10, exponent);
        var ticks = Ticks.Linear(lo / f, hi / f, maxTicks);
        minor = Ticks.LinearMinor(ticks, lo / f, hi / f).Select(v => v * f).ToArray();
        return exponent == 0 ? ticks : ticks.Select(t => t with { Value = t.Value * f }).ToArray();
    }

    public static void XTicks(SvgWriter svg, PanelBox box, Scale x, IReadOnlyList<Tick> ticks, IReadOnlyList<double> minor, bool labels)
    {
        foreach (var v in minor)
        {
            if (!x.Contains(v)) continue;
            double px = x.Map(v);
            svg.Line(px, box.Bottom, px, box.Bottom - MinorLength, "black", 1, "minor-tick x");
            svg.Line(px, box.Top, px, box.Top + MinorLength, "black", 1, "minor-tick x");
        }
        foreach (var t in ticks)
        {
            if (!x.Contains(t.Value)) continue;
            double px = x.Map(t.Value);
            svg.Line(px, box.Bottom, px, box.Bottom - MajorLength, "black", 1, "tick x");
            svg.Line(px, box.Top, px, box.Top + MajorLength, "black", 1, "tick x");
            if (labels) svg.Text(px, box.Bottom + 18, t.Label, "middle", TickFont, "tick-label x");
        }
    }

    public static void YTicks(SvgWriter svg, PanelBox box, Scale y, IReadOnlyList<Tick> ticks, IReadOnlyList<double> minor, int exponent, string axisClass = "y")
    {
        foreach (var v in minor)
        {
            if (!y.Contains(v)) continue;
            double py = y.Map(v);
            svg.Line(box.Left, py, box.Left + MinorLength, py, "black", 1, "minor-tick " + axisClass);
            svg.Line(box.Right, py, box.Right - MinorLength, py, "black", 1, "minor-tick " + axisClass);
        }
        foreach (var t in ticks)
        {
            if (!y.Contains(t.Value)) continue;
            double py = y.Map(t.Value);
            svg.Line(box.Left, py, box.Left + MajorLength, py, "black", 1, "tick " + axisClass);
            svg.Line(box.Right, py, box.Right - MajorLength, py, "black", 1, "tick " + axisClass);
            svg.Text(box.Left - 6, py + 4.5, t.Label, "end", TickFont, "tick-label " + axisClass);
        }
        if (exponent != 0)
            svg.Text(box.Left, box.Top - 6, "×10^{" + exponent.ToString(CultureInfo.InvariantCulture) + "}", "start", TickFont, "axis-exponent " + axisClass);
    }

    /// <summary>The x-axis label, right-aligned under the panel (mplhep's convention).</summary>
    public static void XLabel(SvgWriter svg, PanelBox box, string label)
    {
        if (label.Length > 0) svg.Text(box.Right, box.Bottom + 42, label, "end", LabelFont, "axis-label x");
    }

    /// <summary>The y-axis label, rotated and aligned with the top of the panel.</summary>
    public static void YLabel(SvgWriter svg, PanelBox box, string label, double offset = 58, string axisClass = "y", bool top = true)
    {
        if (label.Length == 0) return;
        double x = box.Left - offset, y = top ? box.Top : (box.Top + box.Bottom) / 2;
        svg.Text(x, y, label, top ? "end" : "middle", LabelFont, "axis-label " + axisClass,
            $" transform=\"rotate(-90 {SvgWriter.Num(x)} {SvgWriter.Num(y)})\"");
    }

    public static void Frame(SvgWriter svg, PanelBox box, string cssClass) =>
        svg.Rect(box.Left, box.Top, box.Width, box.Height, "none", "black", cssClass, " stroke-width=\"1.2\"");

    /// <summary>Category axes get one tick per bin, labelled with the category; other axes nice-number ticks.</summary>
    public static IReadOnlyList<Tick> BinAxisTicks(Axis axis, double lo, double hi, out IReadOnlyList<double> minor)
    {
        switch (axis)
        {
            case CategoryAxis c:
                minor = [];
                return [.. Enumerable.Range(1, c.Bins).Select(b => new Tick(axis.Center(b), c.Categories[b - 1]))];
            case IntCategoryAxis ic:
                minor = [];
                return [.. Enumerable.Range(1, ic.Bins).Select(b => new Tick(axis.Center(b), ic.Categories[b - 1].ToString(CultureInfo.InvariantCulture)))];
            default:
                return ValueTicks(lo, hi, false, 7, out _, out minor);
        }
    }
}
