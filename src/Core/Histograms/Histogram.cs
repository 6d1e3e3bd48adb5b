using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame.Histograms;

/// <summary>
/// A histogram with weighted storage: per global bin (flow bins included) the sum of weights and the sum of
/// squared weights (ROOT's TH1 with Sumw2). <see cref="Hist1D"/>, <see cref="Hist2D"/> and <see cref="Hist3D"/>
/// add the typed fill methods; see <see cref="HistogramBase"/> for the layout, statistics and bulk-fill rules.
/// </summary>
public abstract class Histogram : HistogramBase
{
    private protected double[] _sumw;
    private protected double[] _sumw2;

    /// <summary>
    /// True while every bin content is an integer count (no weighted fill, scaling or non-integer addition yet);
    /// only then may unweighted bulk fills count in integers and add the counts at the end.
    /// </summary>
    private bool _integerContents = true;

    private protected Histogram(string name, string title, Axis[] axes) : base(name, title, axes, axes.Length)
    {
        _sumw = new double[TotalBins];
        _sumw2 = new double[TotalBins];
    }

    /// <summary>Mean of coordinate <paramref name="axis"/> (0 = x, 1 = y, 2 = z) over in-range fills (TH1::GetMean); same as <see cref="HistogramBase.GetMean"/>.</summary>
    public double Mean(int axis = 0) => GetMean(axis);

    /// <summary>Standard deviation of coordinate <paramref name="axis"/> over in-range fills (TH1::GetStdDev).</summary>
    public double StdDev(int axis = 0) => GetStdDev(axis);

    /// <summary>Sum of weights per global bin, flow bins included (ROOT's fArray).</summary>
    public ReadOnlySpan<double> Values => _sumw;

    /// <summary>Sum of squared weights per global bin, flow bins included (ROOT's fSumw2).</summary>
    public ReadOnlySpan<double> Variances => _sumw2;

    /// <summary>Sum of weights in global bin <paramref name="globalBin"/> (for <see cref="Hist1D"/> the global bin is the x bin).</summary>
    public double Value(int globalBin)
    {
        CheckGlobal(globalBin);
        return _sumw[globalBin];
    }

    /// <summary>Sum of squared weights in global bin <paramref name="globalBin"/>.</summary>
    public double Variance(int globalBin)
    {
        CheckGlobal(globalBin);
        return _sumw2[globalBin];
    }

    /// <summary>Statistical error of global bin <paramref name="globalBin"/>: √(Σw²) (TH1::GetBinError with Sumw2).</summary>
    public double Error(int globalBin) => Math.Sqrt(Variance(globalBin));

    /// <summary>Sets the sum of weights and of squared weights of a global bin (statistics sums are not changed).</summary>
    public void SetBin(int globalBin, double value, double variance)
    {
        CheckGlobal(globalBin);
        _sumw[globalBin] = value;
        _sumw2[globalBin] = variance;
        _integerContents = false;
    }

    /// <summary>
    /// Sum of bin contents over the in-range bins of every axis (TH1::Integral()), or over all bins, flow included,
    /// if <paramref name="includeFlow"/>.
    /// </summary>
    public double Integral(bool includeFlow = false)
    {
        if (includeFlow) return Sum(_sumw);
        double s = 0;
        ForEachInRange(g => s += _sumw[g]);
        return s;
    }

    private static double Sum(double[] a)
    {
        double s = 0;
        foreach (var v in a) s += v;
        return s;
    }

    /// <summary>Calls <paramref name="action"/> with every global bin that is in range on all axes, in increasing order.</summary>
    private protected void ForEachInRange(Action<int> action)
    {
        var idx = new int[_axes.Length];
        for (int a = 0; a < idx.Length; a++) idx[a] = 1;
        while (true)
        {
            int g = 0;
            for (int a = 0; a < idx.Length; a++) g += idx[a] * _strides[a];
            action(g);
            int k = 0;
            while (k < idx.Length && ++idx[k] > _axes[k].Bins) { idx[k] = 1; k++; }
            if (k == idx.Length) return;
        }
    }

    /// <summary>
    /// Adds <paramref name="c"/> × <paramref name="other"/> bin by bin (Σw += c·Σw', Σw² += c²·Σw²'), scales and adds
    /// its statistics sums likewise, and sets <see cref="HistogramBase.Entries"/> to round(|Entries + c·Entries'|)
    /// as TH1::Add does.
    /// </summary>
    /// <exception cref="ArgumentException">The binnings differ.</exception>
    private protected void AddCore(Histogram other, double c)
    {
        CheckCompatible(other, nameof(other));
        double c2 = c * c;
        for (int i = 0; i < _sumw.Length; i++)
        {
            _sumw[i] += c * other._sumw[i];
            _sumw2[i] += c2 * other._sumw2[i];
        }
        AddStats(other, c);
        Entries = (long)Math.Round(Math.Abs(Entries + c * other.Entries));
        _integerContents &= other._integerContents && c == Math.Round(c) && c >= 0;
    }

    /// <summary>Merges a partial histogram of the same binning: contents, statistics and entries add up exactly as if all fills had gone into one.</summary>
    private protected void MergeCore(Histogram other)
    {
        CheckCompatible(other, nameof(other));
        for (int i = 0; i < _sumw.Length; i++)
        {
            _sumw[i] += other._sumw[i];
            _sumw2[i] += other._sumw2[i];
        }
        AddStats(other, 1);
        Entries += other.Entries;
        _integerContents &= other._integerContents;
    }

    /// <summary>
    /// Multiplies every bin content by <paramref name="c"/> and every squared-weight sum by c², and scales the
    /// statistics sums as if every weight had been multiplied by c (TH1::Scale); <see cref="HistogramBase.Entries"/> is unchanged.
    /// </summary>
    public void Scale(double c)
    {
        double c2 = c * c;
        for (int i = 0; i < _sumw.Length; i++)
        {
            _sumw[i] *= c;
            _sumw2[i] *= c2;
        }
        ScaleStats(c);
        _integerContents &= c == 1;
    }

    /// <summary>Clears all bins, statistics and the entry count.</summary>
    public void Reset()
    {
        Array.Clear(_sumw);
        Array.Clear(_sumw2);
        Array.Clear(_stats);
        Entries = 0;
        _integerContents = true;
    }

    /// <summary>Copies contents, statistics and entries of <paramref name="source"/> (same binning) into this one.</summary>
    private protected void CopyFrom(Histogram source)
    {
        source._sumw.CopyTo(_sumw, 0);
        source._sumw2.CopyTo(_sumw2, 0);
        CopyStatsFrom(source);
        _integerContents = source._integerContents;
    }

    /// <summary>Scalar fill of a global bin: counts the entry and adds w and w² to the bin (statistics are the caller's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void FillBin(int g, double w)
    {
        Entries++;
        _sumw[g] += w;
        _sumw2[g] += w * w;
        if (w != 1) _integerContents = false;
    }

    /// <summary>
    /// Runs the block kernels over loaded coordinate (and weight) buffers: bins, statistics, then the bin
    /// increments — integer counts in four interleaved sub-histograms for unweighted fills (so consecutive
    /// increments of one bin do not wait on each other), sequential adds for weighted ones.
    /// </summary>
    private protected void FillBlock(FillScratch s, int len, bool weighted)
    {
        BinAndStats(s, len, weighted);
        Increment(s, len, weighted);
    }

    /// <summary>Adds the block's entries (global bins in the scratch, weights if weighted) to the bins.</summary>
    // Runs once per chunk over thousands of values: compiled fully optimized at once, since a loop of a few hundred
    // chunks is over before tiered compilation replaces the tier-0 and instrumented code (where Vector512 is slow).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected void Increment(FillScratch s, int len, bool weighted)
    {
        ref int g = ref MemoryMarshal.GetArrayDataReference(s.Global);
        if (weighted)
        {
            ref double w = ref MemoryMarshal.GetArrayDataReference(s.W);
            ref double sw = ref MemoryMarshal.GetArrayDataReference(_sumw);
            ref double sw2 = ref MemoryMarshal.GetArrayDataReference(_sumw2);
            for (int k = 0; k < len; k++)
            {
                int b = Unsafe.Add(ref g, k);
                double wk = Unsafe.Add(ref w, k);
                Unsafe.Add(ref sw, b) += wk;
                Unsafe.Add(ref sw2, b) += wk * wk;
            }
        }
        else if (s.UseCounts)
        {
            int stride = TotalBins;
            ref int c0 = ref MemoryMarshal.GetArrayDataReference(s.Counts!);
            ref int c1 = ref Unsafe.Add(ref c0, stride);
            ref int c2 = ref Unsafe.Add(ref c1, stride);
            ref int c3 = ref Unsafe.Add(ref c2, stride);
            int k = 0;
            for (; k <= len - 4; k += 4)
            {
                Unsafe.Add(ref c0, Unsafe.Add(ref g, k))++;
                Unsafe.Add(ref c1, Unsafe.Add(ref g, k + 1))++;
                Unsafe.Add(ref c2, Unsafe.Add(ref g, k + 2))++;
                Unsafe.Add(ref c3, Unsafe.Add(ref g, k + 3))++;
            }
            for (; k < len; k++) Unsafe.Add(ref c0, Unsafe.Add(ref g, k))++;
        }
        else
        {
            ref double sw = ref MemoryMarshal.GetArrayDataReference(_sumw);
            ref double sw2 = ref MemoryMarshal.GetArrayDataReference(_sumw2);
            for (int k = 0; k < len; k++)
            {
                int b = Unsafe.Add(ref g, k);
                Unsafe.Add(ref sw, b) += 1.0;
                Unsafe.Add(ref sw2, b) += 1.0;
            }
        }
    }

    /// <summary>Prepares the scratch buffers for a bulk fill of <paramref name="n"/> entries.</summary>
    private protected FillScratch BeginBulk(int n, bool weighted)
    {
        var s = Scratch;
        // Counting pays off when the call is long compared with the flush over all bins.
        s.UseCounts = !weighted && _integerContents && TotalBins <= 1 << 16 && n >= TotalBins / 4;
        if (s.UseCounts && s.Counts is null) s.Counts = new int[4 * TotalBins];
        return s;
    }

    /// <summary>Finishes a bulk fill: adds the integer counts to the bins and counts the entries.</summary>
    private protected void EndBulk(FillScratch s, int n, bool weighted)
    {
        if (s.UseCounts)
        {
            var c = s.Counts!;
            int stride = TotalBins;
            for (int b = 0; b < stride; b++)
            {
                long k = (long)c[b] + c[b + stride] + c[b + 2 * stride] + c[b + 3 * stride];
                if (k != 0)
                {
                    _sumw[b] += k;
                    _sumw2[b] += k;
                }
            }
            Array.Clear(c);
        }
        if (weighted) _integerContents = false;
        Entries += n;
    }

    /// <summary>Builds a 1D histogram along <paramref name="axis"/>, summing this one over all bins (flow included) of the other axes.</summary>
    private protected Hist1D Project1(int axis, string name)
    {
        var h = new Hist1D(name, JoinTitle(Title, [_axes[axis].Label], ""), _axes[axis]);
        var idx = new int[_axes.Length];
        for (int g = 0; g < TotalBins; g++)
        {
            Decompose(g, idx);
            h._sumw[idx[axis]] += _sumw[g];
            h._sumw2[idx[axis]] += _sumw2[g];
        }
        h.FinishProjection(this);
        return h;
    }

    /// <summary>Builds a 2D histogram over axes (<paramref name="ax"/>, <paramref name="ay"/>), summing over all bins (flow included) of the remaining axis.</summary>
    private protected Hist2D Project2(int ax, int ay, string name)
    {
        var h = new Hist2D(name, JoinTitle(Title, [_axes[ax].Label, _axes[ay].Label], ""), _axes[ax], _axes[ay]);
        var idx = new int[_axes.Length];
        for (int g = 0; g < TotalBins; g++)
        {
            Decompose(g, idx);
            int t = h.GetBin(idx[ax], idx[ay]);
            h._sumw[t] += _sumw[g];
            h._sumw2[t] += _sumw2[g];
        }
        h.FinishProjection(this);
        return h;
    }

    private void Decompose(int g, int[] idx)
    {
        for (int a = 0; a < idx.Length; a++)
        {
            int n = _axes[a].Bins + 2;
            idx[a] = g % n;
            g /= n;
        }
    }

    /// <summary>
    /// Sets the statistics of a projection from its bins (as ROOT recomputes them): Σw and Σw² from the in-range
    /// contents and variances, moments from bin centres; the entry count is the source's.
    /// </summary>
    private void FinishProjection(Histogram source)
    {
        _integerContents = source._integerContents;
        ComputeStatsFromBins();
        Entries = source.Entries;
    }

    /// <summary>Recomputes the statistics sums from the in-range bins, using bin centres as coordinates (TH1::ResetStats).</summary>
    public void ComputeStatsFromBins()
    {
        Array.Clear(_stats);
        var idx = new int[_axes.Length];
        var centers = new double[_axes.Length];
        ForEachInRange(g =>
        {
            Decompose(g, idx);
            for (int a = 0; a < idx.Length; a++) centers[a] = _axes[a].Center(idx[a]);
            double w = _sumw[g];
            AddStats(centers, w);
            // AddStats adds w² to Σw²; a bin's Σw² is the sum of its squared weights.
            _stats[1] += _sumw2[g] - w * w;
        });
    }

    /// <summary>Formats a one-line summary of this histogram.</summary>
    private protected string Summary(string kind)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(kind).Append(" '").Append(Name).Append("' \"").Append(Title).Append("\" ").Append(AxesSummary())
          .Append(": entries=").Append(Entries)
          .Append(", integral=").Append(Axis.Fmt(Integral()));
        for (int a = 0; a < Dimension; a++)
            sb.Append(", mean").Append("xyz"[a]).Append('=').Append(Mean(a).ToString("G6", System.Globalization.CultureInfo.InvariantCulture))
              .Append(", stddev").Append("xyz"[a]).Append('=').Append(StdDev(a).ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
