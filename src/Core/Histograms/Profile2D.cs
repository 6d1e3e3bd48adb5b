using EventFrame.Results;

namespace EventFrame.Histograms;

/// <summary>
/// A two-dimensional profile (ROOT's TProfile2D without a z range): for each (x, y) bin the weighted mean of the
/// filled values z and its error. Global bin = bx + (nx+2)·by.
/// </summary>
public sealed class Profile2D : Profile, IMergeable<Profile2D>
{
    /// <summary>Creates an empty profile with uniform bins on x and y.</summary>
    public Profile2D(string name, string title, int xBins, double xLo, double xHi, int yBins, double yLo, double yHi)
        : this(name, title, new RegularAxis(xBins, xLo, xHi), new RegularAxis(yBins, yLo, yHi)) { }

    /// <summary>Creates an empty profile over the given axes; the title is "title;x;y;z".</summary>
    public Profile2D(string name, string title, Axis xAxis, Axis yAxis) : base(name, title, [xAxis, yAxis]) { }

    /// <summary>The x axis.</summary>
    public Axis XAxis => _axes[0];

    /// <summary>The y axis.</summary>
    public Axis YAxis => _axes[1];

    /// <summary>Adds value <paramref name="z"/> with weight <paramref name="w"/> to the bin of (x, y) (TProfile2D::Fill).</summary>
    public void Fill(double x, double y, double z, double w = 1)
    {
        int bx = _axes[0].Index(x), by = _axes[1].Index(y);
        FillBin(bx + _strides[1] * by, z, w);
        if ((uint)(bx - 1) < (uint)_axes[0].Bins && (uint)(by - 1) < (uint)_axes[1].Bins) AddStats([x, y, z], w);
    }

    /// <summary>Weighted mean of bin (<paramref name="bx"/>, <paramref name="by"/>).</summary>
    public double Mean(int bx, int by) => Mean(GetBin(bx, by));

    /// <summary>Error of the mean of bin (<paramref name="bx"/>, <paramref name="by"/>) (ROOT's default option).</summary>
    public double Error(int bx, int by) => Error(GetBin(bx, by));

    /// <summary>Fills (x[i], y[i]) with value z[i] and weight 1 for every i.</summary>
    public void Fill<TX, TY, TZ>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged
        => FillCore<TX, TY, TZ, double>(x, y, z, default, false, default, false);

    /// <summary>Fills entry j = indices[k] with weight 1, for every k in order.</summary>
    public void Fill<TX, TY, TZ>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> y, ReadOnlySpan<TZ> z, ReadOnlySpan<int> indices)
        where TX : unmanaged where TY : unmanaged where TZ : unmanaged
        => FillCore<TX, TY, TZ, double>(x, y, z, default, false, indices, true);

    /// <summary>Fills entry i with weight w[i]. With <c>int</c> weights give the type arguments explicitly.</summary>
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
        var s = Scratch;
        for (int start = 0; start < n; start += FillInput.BlockSize)
        {
            int len = Math.Min(FillInput.BlockSize, n - start);
            Load(x, indices, indexed, start, len, s.Coord[0]);
            Load(y, indices, indexed, start, len, s.Coord[1]);
            Load(z, indices, indexed, start, len, s.Coord[2]);
            if (weighted) Load(w, indices, indexed, start, len, s.W);
            FillBlock(s, len, weighted);
        }
        Entries += n;
    }

    /// <summary>Adds <paramref name="c"/> × <paramref name="other"/> (TProfile2D::Add; see <see cref="Profile"/>).</summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    public void Add(Profile2D other, double c = 1) => AddCore(other, c);

    /// <inheritdoc/>
    public void Merge(Profile2D other) => MergeCore(other);

    /// <summary>Returns an independent copy.</summary>
    public Profile2D Clone()
    {
        var p = new Profile2D(Name, FullTitle, XAxis, YAxis);
        p.CopyFrom(this);
        return p;
    }

    /// <summary>
    /// Reads a UHI-schema JSON document (as written by <see cref="HistogramBase.ToUhiJson"/>, hist or boost-histogram).
    /// <paramref name="key"/> selects the histogram when the document holds several.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or does not describe a Profile2D.</exception>
    /// <exception cref="NotSupportedException">It uses out-of-band data, circular axes or a newer schema.</exception>
    public static Profile2D FromUhiJson(string json, string? key = null) => UhiJson.ReadProfile2D(json, key);

    /// <summary>One-line summary.</summary>
    public override string ToString() => Summary("Profile2D");
}
