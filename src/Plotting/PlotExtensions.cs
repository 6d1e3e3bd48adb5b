namespace EventFrame.Plotting;

/// <summary>One-line plotting of histograms: <c>hist.ToSvg()</c>, <c>hist.SaveSvg(path)</c>, <c>hist.SavePng(path)</c>.</summary>
public static class PlotExtensions
{
    /// <summary>A single-histogram <see cref="Plot"/> of <paramref name="hist"/> with its title above the panel.</summary>
    public static Plot ToPlot(this Hist1D hist, HistStyle style = HistStyle.Step, bool logY = false) =>
        new Plot { Title = hist.Title, LogY = logY }.Add(hist, null, style);

    /// <summary>A <see cref="Plot"/> of the profile's bin means with their errors.</summary>
    public static Plot ToPlot(this Profile1D profile) => new Plot { Title = profile.Title }.AddProfile(profile);

    /// <summary>A <see cref="ColorMapPlot"/> of the 2D histogram.</summary>
    public static ColorMapPlot ToPlot(this Hist2D hist, bool logZ = false) => new(hist) { LogZ = logZ };

    /// <summary>The SVG document of <paramref name="hist"/> drawn with <paramref name="style"/>.</summary>
    public static string ToSvg(this Hist1D hist, HistStyle style = HistStyle.Step, bool logY = false) => hist.ToPlot(style, logY).ToSvg();

    /// <summary>The SVG document of the profile (means with error bars).</summary>
    public static string ToSvg(this Profile1D profile) => profile.ToPlot().ToSvg();

    /// <summary>The SVG document of the 2D histogram as a colour map with a colour bar.</summary>
    public static string ToSvg(this Hist2D hist, bool logZ = false) => hist.ToPlot(logZ).ToSvg();

    /// <summary>Writes <see cref="ToSvg(Hist1D, HistStyle, bool)"/> to <paramref name="path"/>.</summary>
    public static void SaveSvg(this Hist1D hist, string path, HistStyle style = HistStyle.Step, bool logY = false) => File.WriteAllText(path, hist.ToSvg(style, logY));

    /// <summary>Writes <see cref="ToSvg(Profile1D)"/> to <paramref name="path"/>.</summary>
    public static void SaveSvg(this Profile1D profile, string path) => File.WriteAllText(path, profile.ToSvg());

    /// <summary>Writes <see cref="ToSvg(Hist2D, bool)"/> to <paramref name="path"/>.</summary>
    public static void SaveSvg(this Hist2D hist, string path, bool logZ = false) => File.WriteAllText(path, hist.ToSvg(logZ));

    /// <summary>Writes the plot of <paramref name="hist"/> as PNG through rsvg-convert (<see cref="Png"/>).</summary>
    public static void SavePng(this Hist1D hist, string path, HistStyle style = HistStyle.Step, bool logY = false) => Png.Save(hist.ToSvg(style, logY), path);

    /// <summary>Writes the profile's plot as PNG through rsvg-convert (<see cref="Png"/>).</summary>
    public static void SavePng(this Profile1D profile, string path) => Png.Save(profile.ToSvg(), path);

    /// <summary>Writes the colour map as PNG through rsvg-convert (<see cref="Png"/>).</summary>
    public static void SavePng(this Hist2D hist, string path, bool logZ = false) => Png.Save(hist.ToSvg(logZ), path);
}
