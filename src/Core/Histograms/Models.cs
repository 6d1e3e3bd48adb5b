namespace EventFrame.Histograms;

/// <summary>
/// Booking description of a <see cref="Hist1D"/> (ROOT's TH1DModel): name, ROOT-style title "title;x;y" and binning.
/// Usable with target-typed <c>new(...)</c> where an action takes a model.
/// </summary>
public sealed record Hist1DModel
{
    /// <summary>Uniform binning: <paramref name="bins"/> bins on [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    public Hist1DModel(string name, string title, int bins, double lo, double hi) : this(name, title, new RegularAxis(bins, lo, hi)) { }

    /// <summary>Variable binning with the given bin <paramref name="edges"/>.</summary>
    public Hist1DModel(string name, string title, double[] edges) : this(name, title, new VariableAxis(edges)) { }

    /// <summary>Any axis.</summary>
    public Hist1DModel(string name, string title, Axis axis)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = axis ?? throw new ArgumentNullException(nameof(axis));
    }

    /// <summary>Object name of the histograms created.</summary>
    public string Name { get; init; }

    /// <summary>ROOT-style title "title;x label;y label".</summary>
    public string Title { get; init; }

    /// <summary>The x binning.</summary>
    public Axis XAxis { get; init; }

    /// <summary>Returns a new, empty histogram with this name, title and binning.</summary>
    public Hist1D Create() => new(Name, Title, XAxis);
}

/// <summary>Booking description of a <see cref="Hist2D"/> (ROOT's TH2DModel).</summary>
public sealed record Hist2DModel
{
    /// <summary>Uniform binning on both axes.</summary>
    public Hist2DModel(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi)) { }

    /// <summary>Variable binning on both axes.</summary>
    public Hist2DModel(string name, string title, double[] xEdges, double[] yEdges)
        : this(name, title, new VariableAxis(xEdges), new VariableAxis(yEdges)) { }

    /// <summary>Any axes.</summary>
    public Hist2DModel(string name, string title, Axis xAxis, Axis yAxis)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
    }

    /// <summary>Object name.</summary>
    public string Name { get; init; }

    /// <summary>ROOT-style title "title;x;y;z".</summary>
    public string Title { get; init; }

    /// <summary>The x binning.</summary>
    public Axis XAxis { get; init; }

    /// <summary>The y binning.</summary>
    public Axis YAxis { get; init; }

    /// <summary>Returns a new, empty histogram.</summary>
    public Hist2D Create() => new(Name, Title, XAxis, YAxis);
}

/// <summary>Booking description of a <see cref="Hist3D"/> (ROOT's TH3DModel).</summary>
public sealed record Hist3DModel
{
    /// <summary>Uniform binning on all axes.</summary>
    public Hist3DModel(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi, int zBins, double zLo, double zHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi), new RegularAxis(zBins, zLo, zHi)) { }

    /// <summary>Variable binning on all axes.</summary>
    public Hist3DModel(string name, string title, double[] xEdges, double[] yEdges, double[] zEdges)
        : this(name, title, new VariableAxis(xEdges), new VariableAxis(yEdges), new VariableAxis(zEdges)) { }

    /// <summary>Any axes.</summary>
    public Hist3DModel(string name, string title, Axis xAxis, Axis yAxis, Axis zAxis)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
        ZAxis = zAxis ?? throw new ArgumentNullException(nameof(zAxis));
    }

    /// <summary>Object name.</summary>
    public string Name { get; init; }

    /// <summary>ROOT-style title "title;x;y;z".</summary>
    public string Title { get; init; }

    /// <summary>The x binning.</summary>
    public Axis XAxis { get; init; }

    /// <summary>The y binning.</summary>
    public Axis YAxis { get; init; }

    /// <summary>The z binning.</summary>
    public Axis ZAxis { get; init; }

    /// <summary>Returns a new, empty histogram.</summary>
    public Hist3D Create() => new(Name, Title, XAxis, YAxis, ZAxis);
}

/// <summary>Booking description of a <see cref="Profile1D"/> (ROOT's TProfile1DModel).</summary>
public sealed record Profile1DModel
{
    /// <summary>Uniform x binning.</summary>
    public Profile1DModel(string name, string title, int bins, double lo, double hi) : this(name, title, new RegularAxis(bins, lo, hi)) { }

    /// <summary>Variable x binning.</summary>
    public Profile1DModel(string name, string title, double[] edges) : this(name, title, new VariableAxis(edges)) { }

    /// <summary>Any x axis.</summary>
    public Profile1DModel(string name, string title, Axis axis)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = axis ?? throw new ArgumentNullException(nameof(axis));
    }

    /// <summary>Object name.</summary>
    public string Name { get; init; }

    /// <summary>ROOT-style title "title;x;y".</summary>
    public string Title { get; init; }

    /// <summary>The x binning.</summary>
    public Axis XAxis { get; init; }

    /// <summary>Returns a new, empty profile.</summary>
    public Profile1D Create() => new(Name, Title, XAxis);
}

/// <summary>Booking description of a <see cref="Profile2D"/> (ROOT's TProfile2DModel).</summary>
public sealed record Profile2DModel
{
    /// <summary>Uniform binning on x and y.</summary>
    public Profile2DModel(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi)) { }

    /// <summary>Variable binning on x and y.</summary>
    public Profile2DModel(string name, string title, double[] xEdges, double[] yEdges)
        : this(name, title, new VariableAxis(xEdges), new VariableAxis(yEdges)) { }

    /// <summary>Any x and y axes.</summary>
    public Profile2DModel(string name, string title, Axis xAxis, Axis yAxis)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
    }

    /// <summary>Object name.</summary>
    public string Name { get; init; }

    /// <summary>ROOT-style title "title;x;y;z".</summary>
    public string Title { get; init; }

    /// <summary>The x binning.</summary>
    public Axis XAxis { get; init; }

    /// <summary>The y binning.</summary>
    public Axis YAxis { get; init; }

    /// <summary>Returns a new, empty profile.</summary>
    public Profile2D Create() => new(Name, Title, XAxis, YAxis);
}
