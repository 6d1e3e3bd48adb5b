using EventFrame.Results;

namespace EventFrame.Histograms;

/// <summary>
/// A two-dimensional histogram with weighted storage (ROOT's TH2D with Sumw2); global bin = bx + (nx+2)·by.
/// </summary>
public sealed class Hist2D : Histogram, IMergeable<Hist2D>
{
    /// <summary>Creates an empty histogram with uniform bins on both axes.</summary>
    public Hist2D(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi)) { }

    /// <summary>Creates an empty histogram with variable bins given by the edges of each axis.</summary>
    public Hist2D(string name, string title, IReadOnlyList<double> xEdges, IReadOnlyList<double> yEdges)
        : this(name, title, new VariableAxis(xEdges), new VariableAxis(yEdges)) { }

    /// <summary>Creates an empty histogram over the given axes. The title is "title;x label;y label;z label".</summary>
    public Hist2D(string name, string title, Axis xAxis, Axis yAxis) : base(name, title, [xAxis, yAxis]) { }

    /// <summary>The x axis.</summary>
    public Axis XAxis => _axes[0];

    /// <summary>The y axis.</summary>
    public Axis YAxis => _axes[1];

    /// <summary>
    /// Adds weight <paramref name="w"/> to the bin of (<paramref name="x"/>, <paramref name="y"/>) (TH2::Fill); the
    /// statistics (w, w², w·x, w·x², w·y, w·y², w·x·y) only count fills in range on both axes.
    /// </summary>
    public void Fill(double x, double y, double w = 1)
    {
        int bx = _axes[0].Index(x), by = _axes[1].Index(y);
        FillBin(bx + _strides[1] * by, w);
        if ((uint)(bx - 1) < (uint)_axes[0].Bins && (uint)(by - 1) < (uint)_axes[1].Bins)
            AddStats([x, y], w);
    }

    /// <summary>Sum of weights in bin (<paramref name="bx"/>, <paramref name="by"/>).</summary>
    public double Value(int bx, int by) => Value(GetBin(bx, by));

    /// <summary>√(Σw²) of bin (<paramref name="bx"/>, <paramref name="by"/>).</summary>
    public double Error(int bx, int by) => Error(GetBin(bx, by));

    /// <summary>Fills (x[i], y[i]) with weight 1 for every i; identical to the scalar Fill per entry in order.</summary>
    public void Fill<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y) where TX : unmanaged where TY : unmanaged
        => FillCore<TX, TY, double>(x, y, default, false, default, false);

    /// <summary>Fills (x[j], y[j]) with weight 1 for j = indices[k], for every k in order.</summary>
    public void Fill<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<int> indices) where TX : unmanaged where TY : unmanaged
        => FillCore<TX, TY, double>(x, y, default, false, indices, true);

    /// <summary>Fills (x[i], y[i]) with weight w[i]. With <c>int</c> weights call it as <c>Fill&lt;TX, TY, int&gt;</c>, since an int span binds to the index-list overload.</summary>
    public void Fill<TX, TY, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<W> w) where TX : unmanaged where TY : unmanaged where W : unmanaged
        => FillCore(x, y, w, true, default, false);

    /// <summary>Fills (x[j], y[j]) with weight w[j] for j = indices[k], for every k in order.</summary>
    public void Fill<TX, TY, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<W> w, ReadOnlySpan<int> indices)
        where TX : unmanaged where TY : unmanaged where W : unmanaged
        => FillCore(x, y, w, true, indices, true);

    private void FillCore<TX, TY, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<W> w, bool weighted, ReadOnlySpan<int> indices, bool indexed)
        where TX : unmanaged where TY : unmanaged where W : unmanaged
    {
        FillInput.CheckType<TX>(nameof(x));
        FillInput.CheckType<TY>(nameof(y));
        FillInput.CheckLength(x.Length, y.Length, nameof(y));
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
            if (weighted) Load(w, indices, indexed, start, len, s.W);
            FillBlock(s, len, weighted);
        }
        EndBulk(s, n, weighted);
    }

    /// <summary>Adds <paramref name="c"/> × <paramref name="other"/> bin by bin (TH1::Add).</summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    public void Add(Hist2D other, double c = 1) => AddCore(other, c);

    /// <inheritdoc/>
    public void Merge(Hist2D other) => MergeCore(other);

    /// <summary>Returns an independent copy.</summary>
    public Hist2D Clone()
    {
        var h = new Hist2D(Name, FullTitle, XAxis, YAxis);
        h.CopyFrom(this);
        return h;
    }

    /// <summary>
    /// Projection on x (TH2::ProjectionX with the default full range): bin bx holds the sum over all y bins,
    /// under- and overflow included; statistics are recomputed from the projected bins (bin centres) and the
    /// entry count is this histogram's.
    /// </summary>
    public Hist1D ProjectionX(string? name = null) => Project1(0, name ?? Name + "_px");

    /// <summary>Projection on y, summing over all x bins including flow (TH2::ProjectionY); see <see cref="ProjectionX"/>.</summary>
    public Hist1D ProjectionY(string? name = null) => Project1(1, name ?? Name + "_py");

    /// <summary>Correlation factor of x and y over in-range fills (TH2::GetCorrelationFactor); 0 if a standard deviation is 0.</summary>
    public double CorrelationFactor
    {
        get
        {
            double sx = GetStdDev(0), sy = GetStdDev(1);
            if (SumW == 0 || sx == 0 || sy == 0) return 0;
            double cov = SumWXY(0, 1) / SumW - GetMean(0) * GetMean(1);
            return cov / (sx * sy);
        }
    }

    /// <summary>
    /// Reads a UHI-schema JSON document (as written by <see cref="HistogramBase.ToUhiJson"/>, hist or boost-histogram).
    /// <paramref name="key"/> selects the histogram when the document holds several.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or does not describe a Hist2D.</exception>
    /// <exception cref="NotSupportedException">It uses out-of-band data, circular axes or a newer schema.</exception>
    public static Hist2D FromUhiJson(string json, string? key = null) => UhiJson.ReadHist2D(json, key);

    /// <summary>One-line summary.</summary>
    public override string ToString() => Summary("Hist2D");
}
