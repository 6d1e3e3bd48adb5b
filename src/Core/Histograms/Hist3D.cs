using EventFrame.Results;

namespace EventFrame.Histograms;

/// <summary>
/// A three-dimensional histogram with weighted storage (ROOT's TH3D with Sumw2); global bin =
/// bx + (nx+2)·(by + (ny+2)·bz).
/// </summary>
public sealed class Hist3D : Histogram, IMergeable<Hist3D>
{
    /// <summary>Creates an empty histogram with uniform bins on all three axes.</summary>
    public Hist3D(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi, int zBins, double zLo, double zHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi), new RegularAxis(zBins, zLo, zHi)) { }

    /// <summary>Creates an empty histogram with variable bins given by the edges of each axis.</summary>
    public Hist3D(string name, string title, IReadOnlyList<double> xEdges, IReadOnlyList<double> yEdges, IReadOnlyList<double> zEdges)
        : this(name, title, new VariableAxis(xEdges), new VariableAxis(yEdges), new VariableAxis(zEdges)) { }

    /// <summary>Creates an empty histogram over the given axes.</summary>
    public Hist3D(string name, string title, Axis xAxis, Axis yAxis, Axis zAxis) : base(name, title, [xAxis, yAxis, zAxis]) { }

    /// <summary>The x axis.</summary>
    public Axis XAxis => _axes[0];

    /// <summary>The y axis.</summary>
    public Axis YAxis => _axes[1];

    /// <summary>The z axis.</summary>
    public Axis ZAxis => _axes[2];

    /// <summary>Adds weight <paramref name="w"/> to the bin of (x, y, z) (TH3::Fill); statistics only count fills in range on all axes.</summary>
    public void Fill(double x, double y, double z, double w = 1)
    {
        int bx = _axes[0].Index(x), by = _axes[1].Index(y), bz = _axes[2].Index(z);
        FillBin(bx + _strides[1] * by + _strides[2] * bz, w);
        if ((uint)(bx - 1) < (uint)_axes[0].Bins && (uint)(by - 1) < (uint)_axes[1].Bins && (uint)(bz - 1) < (uint)_axes[2].Bins)
            AddStats([x, y, z], w);
    }

    /// <summary>Sum of weights in bin (bx, by, bz).</summary>
    public double Value(int bx, int by, int bz) => Value(GetBin(bx, by, bz));

    /// <summary>√(Σw²) of bin (bx, by, bz).</summary>
    public double Error(int bx, int by, int bz) => Error(GetBin(bx, by, bz));

    /// <summary>Fills (x[i], y[i], z[i]) with weight 1 for every i.</summary>
    public void Fill<TX, TY, TZ>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged
        => FillCore<TX, TY, TZ, double>(x, y, z, default, false, default, false);

    /// <summary>Fills entry j = indices[k] with weight 1, for every k in order.</summary>
    public void Fill<TX, TY, TZ>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z, ReadOnlySpan<int> indices)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged
        => FillCore<TX, TY, TZ, double>(x, y, z, default, false, indices, true);

    /// <summary>Fills (x[i], y[i], z[i]) with weight w[i]. With <c>int</c> weights give the type arguments explicitly.</summary>
    public void Fill<TX, TY, TZ, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z, ReadOnlySpan<W> w)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged where W : unmanaged
        => FillCore(x, y, z, w, true, default, false);

    /// <summary>Fills entry j = indices[k] with weight w[j], for every k in order.</summary>
    public void Fill<TX, TY, TZ, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z, ReadOnlySpan<W> w, ReadOnlySpan<int> indices)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged where W : unmanaged
        => FillCore(x, y, z, w, true, indices, true);

    private void FillCore<TX, TY, TZ, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z, ReadOnlySpan<W> w, bool weighted,
        ReadOnlySpan<int> indices, bool indexed)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged where W : unmanaged
    {
        FillInput.CheckType<TX>(nameof(x));
        FillInput.CheckType<TY>(nameof(y));
        FillInput.CheckType<TZ>(nameof(z));
        FillInput.CheckLength(x.Length, y.Length, nameof(y));
        FillInput.CheckLength(x.Length, z.Length, nameof(z));
        if (weighted)
        {
            FillInput.CheckType<W>(nameof(w));
            FillInput.CheckLength(x.Length, w.Length, nameof(w));
        }
        int n = Count(x.Length, indices, indexed);
        var s = BeginBulk(n, weighted);
        for (int start = 0; start < n; start += FillInput.BlockSize)
        {
            int len = Math.Min(FillInput.BlockSize, n - start);
            Load(x, indices, indexed, start, len, s.Coord[0]);
            Load(y, indices, indexed, start, len, s.Coord[1]);
            Load(z, indices, indexed, start, len, s.Coord[2]);
            if (weighted) Load(w, indices, indexed, start, len, s.W);
            FillBlock(s, len, weighted);
        }
        EndBulk(s, n, weighted);
    }

    /// <summary>Adds <paramref name="c"/> × <paramref name="other"/> bin by bin (TH1::Add).</summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    public void Add(Hist3D other, double c = 1) => AddCore(other, c);

    /// <inheritdoc/>
    public void Merge(Hist3D other) => MergeCore(other);

    /// <summary>Returns an independent copy.</summary>
    public Hist3D Clone()
    {
        var h = new Hist3D(Name, FullTitle, XAxis, YAxis, ZAxis);
        h.CopyFrom(this);
        return h;
    }

    /// <summary>
    /// Projection on axis <paramref name="axis"/> (0 = x, 1 = y, 2 = z), summing over all bins of the other two axes,
    /// flow bins included (TH3::Project3D("x") with the default full ranges); statistics are recomputed from the
    /// projected bins and the entry count is this histogram's.
    /// </summary>
    public Hist1D Project(int axis, string? name = null)
    {
        CheckAxis(axis, nameof(axis));
        return Project1(axis, name ?? Name + "_" + "xyz"[axis]);
    }

    /// <summary>
    /// Projection on the plane of axes (<paramref name="first"/>, <paramref name="second"/>), which become the x and y
    /// axes of the result, summing over all bins (flow included) of the third axis.
    /// </summary>
    public Hist2D Project(int first, int second, string? name = null)
    {
        CheckAxis(first, nameof(first));
        CheckAxis(second, nameof(second));
        if (first == second) throw new ArgumentException("a 2D projection needs two different axes", nameof(second));
        return Project2(first, second, name ?? Name + "_" + "xyz"[first] + "xyz"[second]);
    }

    private static void CheckAxis(int axis, string parameter)
    {
        if ((uint)axis > 2) throw new ArgumentOutOfRangeException(parameter, axis, "axis must be 0 (x), 1 (y) or 2 (z)");
    }

    /// <summary>
    /// Reads a UHI-schema JSON document (as written by <see cref="HistogramBase.ToUhiJson"/>, hist or boost-histogram).
    /// <paramref name="key"/> selects the histogram when the document holds several.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or does not describe a Hist3D.</exception>
    /// <exception cref="NotSupportedException">It uses out-of-band data, circular axes or a newer schema.</exception>
    public static Hist3D FromUhiJson(string json, string? key = null) => UhiJson.ReadHist3D(json, key);

    /// <summary>One-line summary.</summary>
    public override string ToString() => Summary("Hist3D");
}
