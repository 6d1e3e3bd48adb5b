using System.Globalization;
using System.Xml.Linq;

namespace EventFrame.Plotting.Tests;

/// <summary>Reads back what a plot drew: elements by class, tick positions and the pixel ↔ value mapping they imply.</summary>
internal sealed class SvgDoc
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";
    public XElement Root { get; }

    public SvgDoc(string svg)
    {
        Root = XDocument.Parse(svg).Root!;
        Assert.Equal(Ns + "svg", Root.Name);
    }

    public static double D(XElement e, string attr) => double.Parse(e.Attribute(attr)!.Value, CultureInfo.InvariantCulture);

    public static bool HasClass(XElement e, string cls) => (e.Attribute("class")?.Value ?? "").Split(' ').Contains(cls);

    public IEnumerable<XElement> All(string cls) => Root.Descendants().Where(e => HasClass(e, cls));

    public IEnumerable<XElement> All(string cls1, string cls2) => Root.Descendants().Where(e => HasClass(e, cls1) && HasClass(e, cls2));

    public XElement Group(string cls) => Root.Descendants(Ns + "g").Single(e => HasClass(e, cls));

    /// <summary>A tick label's number: plain text, or 10^k written as "10" with a superscript tspan.</summary>
    public static double TickValue(XElement text)
    {
        var sup = text.Elements(Ns + "tspan").FirstOrDefault();
        if (sup is not null) return Math.Pow(10, double.Parse(sup.Value, CultureInfo.InvariantCulture));
        return double.Parse(text.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>(value, pixel) of each tick label of <paramref name="axisClass"/>: x for x axes, y (minus the baseline offset) for y axes.</summary>
    public List<(double Value, double Pixel)> TickLabels(string axisClass, bool vertical) =>
        [.. All("tick-label", axisClass).Select(t => (TickValue(t), vertical ? D(t, "y") - 4.5 : D(t, "x")))];

    public static List<(double X, double Y)> Points(XElement e) =>
        [.. e.Attribute("points")!.Value.Split(' ').Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))];

    /// <summary>The mapping value → pixel implied by the first and last tick labels (linear or log10).</summary>
    public static Func<double, double> Mapping(List<(double Value, double Pixel)> ticks, bool log = false)
    {
        Assert.True(ticks.Count >= 2, $"need two tick labels, got {ticks.Count}");
        var (v0, p0) = ticks[0];
        var (v1, p1) = ticks[^1];
        if (log) return v => p0 + (Math.Log10(v) - Math.Log10(v0)) / (Math.Log10(v1) - Math.Log10(v0)) * (p1 - p0);
        return v => p0 + (v - v0) / (v1 - v0) * (p1 - p0);
    }
}
