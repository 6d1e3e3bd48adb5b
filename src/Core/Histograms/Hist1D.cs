using System.Runtime.CompilerServices;
using EventFrame.Results;

namespace EventFrame.Histograms;

/// <summary>
/// A one-dimensional histogram with weighted storage (ROOT's TH1D with Sumw2): <see cref="Histogram.Values"/>[b] is
/// the sum of weights in bin b (0 = underflow, 1..Bins, Bins+1 = overflow) and <see cref="Histogram.Variances"/>[b]
/// the sum of squared weights.
/// </summary>
public sealed class Hist1D : Histogram, IMergeable<Hist1D>
{
    /// <summary>Creates an empty histogram with <paramref name="bins"/> uniform bins on [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    /// <param name="name">Object name.</param>
    /// <param name="title">ROOT-style title "title;x label;y label".</param>
    /// <param name="bins">Number of bins.</param>
    /// <param name="lo">Lower edge of the first bin.</param>
    /// <param name="hi">Upper edge of the last bin.</param>
    public Hist1D(string name, string title, int bins, double lo, double hi) : this(name, title, new RegularAxis(bins, lo, hi)) { }

    /// <summary>Creates an empty histogram with variable bins given by <paramref name="edges"/>.</summary>
    public Hist1D(string name, string title, IReadOnlyList<double> edges) : this(name, title, new VariableAxis(edges)) { }

    /// <summary>Creates an empty histogram over <paramref name="axis"/>.</summary>
    public Hist1D(string name, string title, Axis axis) : base(name, title, [axis]) { }

    /// <summary>The x axis.</summary>
    public Axis XAxis => _axes[0];

    /// <summary>
    /// Adds weight <paramref name="w"/> to the bin of <paramref name="x"/> (TH1::Fill): counts an entry, adds w and w²
    /// to the bin, and if the bin is in range adds w, w², w·x, w·x² to the statistics.
    /// </summary>
    public void Fill(double x, double w = 1)
    {
        int b = _axes[0].Index(x);
        FillBin(b, w);
        if ((uint)(b - 1) < (uint)_axes[0].Bins)
        {
            var s = _stats;
            s[0] += w;
            s[1] += w * w;
            double wx = w * x;
            s[2] += wx;
            s[3] += wx * x;
        }
    }

    /// <summary>
    /// Adds weight <paramref name="w"/> to the bin of <paramref name="category"/> on a <see cref="CategoryAxis"/> (unknown
    /// categories go to the overflow bin), as TH1::Fill(name, w): statistics use the bin centre.
    /// </summary>
    /// <exception cref="InvalidOperationException">The x axis is not a <see cref="CategoryAxis"/>.</exception>
    public void Fill(string category, double w = 1)
    {
        if (_axes[0] is not CategoryAxis c) throw new InvalidOperationException($"histogram '{Name}' has a {_axes[0]} axis, not a string category axis");
        int b = c.Index(category);
        FillBin(b, w);
        if (b <= c.Bins)
        {
            // As TH1::Fill(const char*, w): the statistics use the bin centre, b − 0.5.
            double x = b - 0.5, wx = w * x;
            var s = _stats;
            s[0] += w; s[1] += w * w; s[2] += wx; s[3] += wx * x;
        }
    }

    /// <summary>Fills every element of <paramref name="x"/> with weight 1; identical to calling <see cref="Fill(double, double)"/> per element (see <see cref="HistogramBase"/> for the statistics order).</summary>
    /// <typeparam name="T">bool, sbyte, byte, short, ushort, int, uint, long, ulong, float or double.</typeparam>
    public void Fill<T>(ReadOnlySpan<T> x) where T : unmanaged => FillCore(x, default, false);

    /// <summary>Fills x[indices[k]] for every k, in order, with weight 1 (the entries that passed a selection).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the column.</exception>
    public void Fill<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> indices) where T : unmanaged => FillCore(x, indices, true);

    /// <summary>
    /// Fills x[i] with weight w[i] for every i. With <c>int</c> weights call it as <c>Fill&lt;T, int&gt;(x, w)</c>,
    /// since <c>Fill(x, intSpan)</c> binds to the index-list overload.
    /// </summary>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    public void Fill<T, W>(ReadOnlySpan<T> x, ReadOnlySpan<W> w) where T : unmanaged where W : unmanaged => FillCore(x, w, default, false);

    /// <summary>Fills x[indices[k]] with weight w[indices[k]] for every k, in order.</summary>
    public void Fill<T, W>(ReadOnlySpan<T> x, ReadOnlySpan<W> w, ReadOnlySpan<int> indices) where T : unmanaged where W : unmanaged
        => FillCore(x, w, indices, true);

    // Runs once per chunk over thousands of values: compiled fully optimized at once, since a loop of a few hundred
    // chunks is over before tiered compilation replaces the tier-0 and instrumented code (where Vector512 is slow).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> indices, bool indexed) where T : unmanaged
    {
        FillInput.CheckType<T>(nameof(x));
        int n = Count(x.Length, indices, indexed);
        var s = BeginBulk(n, false);
        // Float and double columns bin straight from the column, without a conversion pass.
        // Selected floats are gathered straight into registers where the hardware allows.
        var direct = (indexed ? typeof(T) == typeof(float) && RegularAxis.CanGatherFloats : typeof(T) == typeof(float) || typeof(T) == typeof(double))
            && _axes[0] is RegularAxis { Transform: AxisTransform.None } reg ? reg : null;
        for (int start = 0; start < n; start += FillInput.BlockSize)
        {
            int len = Math.Min(FillInput.BlockSize, n - start);
            if (direct is not null)
            {
                if (indexed) BinRegularDirect(direct, x, indices.Slice(start, len), true, s);
                else BinRegularDirect(direct, x.Slice(start, len), default, false, s);
                Increment(s, len, false);
            }
            else
            {
                Load(x, indices, indexed, start, len, s.Coord[0]);
                FillBlock(s, len, false);
            }
        }
        EndBulk(s, n, false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillCore<T, W>(ReadOnlySpan<T> x, ReadOnlySpan<W> w, ReadOnlySpan<int> indices, bool indexed) where T : unmanaged where W : unmanaged
    {
        FillInput.CheckType<T>(nameof(x));
        FillInput.CheckType<W>(nameof(w));
        FillInput.CheckLength(x.Length, w.Length, nameof(w));
        int n = Count(x.Length, indices, indexed);
        var s = BeginBulk(n, true);
        for (int start = 0; start < n; start += FillInput.BlockSize)
        {
            int len = Math.Min(FillInput.BlockSize, n - start);
            Load(x, indices, indexed, start, len, s.Coord[0]);
            Load(w, indices, indexed, start, len, s.W);
            FillBlock(s, len, true);
        }
        EndBulk(s, n, true);
    }

    /// <summary>Adds <paramref name="c"/> × <paramref name="other"/> bin by bin (TH1::Add; see <see cref="Histogram"/> for statistics and entries).</summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    public void Add(Hist1D other, double c = 1) => AddCore(other, c);

    /// <inheritdoc/>
    public void Merge(Hist1D other) => MergeCore(other);

    /// <summary>Returns an independent copy with the same name, title, binning, contents, statistics and entries.</summary>
    public Hist1D Clone()
    {
        var h = new Hist1D(Name, FullTitle, XAxis);
        h.CopyFrom(this);
        return h;
    }

    /// <summary>
    /// Sum of the contents of bins <paramref name="firstBin"/>..<paramref name="lastBin"/> inclusive (TH1::Integral(b1, b2));
    /// bin 0 and Bins+1 are the flow bins.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A bin is outside [0, Bins+1] or the range is reversed.</exception>
    public double Integral(int firstBin, int lastBin)
    {
        if ((uint)firstBin > (uint)(XAxis.Bins + 1) || (uint)lastBin > (uint)(XAxis.Bins + 1) || lastBin < firstBin)
            throw new ArgumentOutOfRangeException(nameof(lastBin), $"bin range [{firstBin}, {lastBin}] is not within [0, {XAxis.Bins + 1}]");
        double s = 0;
        for (int b = firstBin; b <= lastBin; b++) s += _sumw[b];
        return s;
    }

    /// <summary>Mean of x over in-range fills (TH1::GetMean).</summary>
    public double MeanX => Mean(0);

    /// <summary>Standard deviation of x over in-range fills (TH1::GetStdDev).</summary>
    public double StdDevX => StdDev(0);

    /// <summary>
    /// Reads a UHI-schema JSON document (as written by <see cref="HistogramBase.ToUhiJson"/>, hist or boost-histogram).
    /// <paramref name="key"/> selects the histogram when the document holds several.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or does not describe a Hist1D.</exception>
    /// <exception cref="NotSupportedException">It uses out-of-band data, circular axes or a newer schema.</exception>
    public static Hist1D FromUhiJson(string json, string? key = null) => UhiJson.ReadHist1D(json, key);

    /// <summary>One-line summary: name, title, binning, entries, integral, mean and standard deviation.</summary>
    public override string ToString() => Summary("Hist1D");
}
