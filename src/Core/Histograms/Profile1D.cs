using EventFrame.Results;

namespace EventFrame.Histograms;

/// <summary>
/// A one-dimensional profile (ROOT's TProfile without a y range): for each x bin the weighted mean of the filled
/// values y and its error. Global bin = x bin.
/// </summary>
public sealed class Profile1D : Profile, IMergeable<Profile1D>
{
    /// <summary>Creates an empty profile with uniform x bins.</summary>
    public Profile1D(string name, string title, int bins, double lo, double hi) : this(name, title, new RegularAxis(bins, lo, hi)) { }

    /// <summary>Creates an empty profile with variable x bins.</summary>
    public Profile1D(string name, string title, IReadOnlyList<double> edges) : this(name, title, new VariableAxis(edges)) { }

    /// <summary>Creates an empty profile over <paramref name="axis"/>; the title is "title;x label;y label".</summary>
    public Profile1D(string name, string title, Axis axis) : base(name, title, [axis]) { }

    /// <summary>The x axis.</summary>
    public Axis XAxis => _axes[0];

    /// <summary>
    /// Adds value <paramref name="y"/> with weight <paramref name="w"/> to the bin of <paramref name="x"/> (TProfile::Fill):
    /// Σw += w, Σw² += w², Σw·y += w·y, Σw·y² += w·y²; in-range fills also enter the statistics of x and y.
    /// </summary>
    public void Fill(double x, double y, double w = 1)
    {
        int b = _axes[0].Index(x);
        FillBin(b, y, w);
        if ((uint)(b - 1) < (uint)_axes[0].Bins) AddStats([x, y], w);
    }

    /// <summary>Fills (x[i], y[i]) with weight 1 for every i; bin sums identical to scalar fills in order.</summary>
    public void Fill<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y) where TX : unmanaged where TY : unmanaged
        => FillCore<TX, TY, double>(x, y, default, false, default, false);

    /// <summary>Fills entry j = indices[k] with weight 1, for every k in order.</summary>
    public void Fill<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<int> indices) where TX : unmanaged where TY : unmanaged
        => FillCore<TX, TY, double>(x, y, default, false, indices, true);

    /// <summary>Fills (x[i], y[i]) with weight w[i]. With <c>int</c> weights give the type arguments explicitly.</summary>
    public void Fill<TX, TY, W>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<W> w) where TX : unmanaged where TY : unmanaged where W : unmanaged
        => FillCore(x, y, w, true, default, false);

    /// <summary>Fills entry j = indices[k] with weight w[j], for every k in order.</summary>
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
        var s = Scratch;
        for (int start = 0; start < n; start += FillInput.BlockSize)
        {
            int len = Math.Min(FillInput.BlockSize, n - start);
            Load(x, indices, indexed, start, len, s.Coord[0]);
            Load(y, indices, indexed, start, len, s.Coord[1]);
            if (weighted) Load(w, indices, indexed, start, len, s.W);
            FillBlock(s, len, weighted);
        }
        Entries += n;
    }

    /// <summary>Adds <paramref name="c"/> × <paramref name="other"/> (TProfile::Add; see <see cref="Profile"/>).</summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    public void Add(Profile1D other, double c = 1) => AddCore(other, c);

    /// <inheritdoc/>
    public void Merge(Profile1D other) => MergeCore(other);

    /// <summary>Returns an independent copy.</summary>
    public Profile1D Clone()
    {
        var p = new Profile1D(Name, FullTitle, XAxis);
        p.CopyFrom(this);
        return p;
    }

    /// <summary>
    /// A histogram whose bin contents are the bin means and whose errors are the bin errors (TProfile::ProjectionX
    /// with the default option); statistics are recomputed from the bins and the entry count is this profile's.
    /// </summary>
    public Hist1D ProjectionX(string? name = null)
    {
        var h = new Hist1D(name ?? Name + "_px", JoinTitle(Title, [XAxis.Label], ValueLabel), XAxis);
        for (int b = 0; b < TotalBins; b++)
        {
            double e = Error(b);
            h.SetBin(b, Mean(b), e * e);
        }
        h.ComputeStatsFromBins();
        h.SetEntries(Entries);
        return h;
    }

    /// <summary>
    /// Reads a UHI-schema JSON document (as written by <see cref="HistogramBase.ToUhiJson"/>, hist or boost-histogram).
    /// <paramref name="key"/> selects the histogram when the document holds several.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or does not describe a Profile1D.</exception>
    /// <exception cref="NotSupportedException">It uses out-of-band data, circular axes or a newer schema.</exception>
    public static Profile1D FromUhiJson(string json, string? key = null) => UhiJson.ReadProfile1D(json, key);

    /// <summary>One-line summary.</summary>
    public override string ToString() => Summary("Profile1D");
}
