using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>Colour cycles used for plotted samples.</summary>
public static class Palette
{
    /// <summary>The CMS-recommended 6-colour cycle (as in mplhep's CMS style), in the order samples are drawn.</summary>
    public static IReadOnlyList<string> Cms6 { get; } = ["#5790fc", "#f89c20", "#e42536", "#964a8b", "#9c9ca1", "#7a21dd"];

    /// <summary>The colour for the <paramref name="index"/>-th sample, cycling through <see cref="Cms6"/>.</summary>
    public static string Color(int index) => Cms6[((index % Cms6.Count) + Cms6.Count) % Cms6.Count];
}

/// <summary>A sequential colour map: <see cref="Map"/> takes a value in [0, 1] and returns an SVG colour "#rrggbb".</summary>
public sealed class Colormap
{
    private readonly (double R, double G, double B)[] _stops;

    /// <summary>A map interpolating linearly between equally spaced <paramref name="stops"/> given as "#rrggbb".</summary>
    public Colormap(string name, IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count < 2) throw new ArgumentException("a colour map needs at least two stops", nameof(stops));
        Name = name;
        _stops = stops.Select(Parse).ToArray();
    }

    /// <summary>The map's name.</summary>
    public string Name { get; }

    /// <summary>Matplotlib's viridis, sampled at 11 points (perceptually uniform, readable in grey scale).</summary>
    public static Colormap Viridis { get; } = new("viridis",
        ["#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725"]);

    /// <summary>The colour at <paramref name="t"/> (clamped to [0, 1]; NaN gives the lowest colour).</summary>
    public string Map(double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0, 1) * (_stops.Length - 1);
        int i = Math.Min((int)t, _stops.Length - 2);
        double f = t - i;
        var (r0, g0, b0) = _stops[i];
        var (r1, g1, b1) = _stops[i + 1];
        return Hex(r0 + f * (r1 - r0), g0 + f * (g1 - g0), b0 + f * (b1 - b0));
    }

    private static string Hex(double r, double g, double b) =>
        string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r):x2}{(int)Math.Round(g):x2}{(int)Math.Round(b):x2}");

    private static (double, double, double) Parse(string c)
    {
        if (c is null || c.Length != 7 || c[0] != '#'
            || !int.TryParse(c.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
            throw new ArgumentException($"colour '{c}' is not of the form #rrggbb");
        return ((v >> 16) & 255, (v >> 8) & 255, v & 255);
    }
}
