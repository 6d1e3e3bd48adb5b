using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame.Histograms;

/// <summary>
/// A profile: per global bin (flow bins included) the sums Σw, Σw², Σw·v and Σw·v² of the weights w and profiled
/// values v filled into it (ROOT's TProfile storage: fBinEntries, fBinSumw2, fArray, fSumw2), so each bin reports the
/// weighted mean of v and its error. <see cref="Profile1D"/> and <see cref="Profile2D"/> add the typed fill methods.
/// The profiled value is the last coordinate of the statistics sums (<see cref="HistogramBase.GetMean"/> with
/// axis = <see cref="HistogramBase.Dimension"/>). Bulk fills add to the bins sequentially in entry order, so bin
/// sums are identical to scalar fills.
/// </summary>
public abstract class Profile : HistogramBase
{
    private protected readonly double[] _sw;
    private protected readonly double[] _sw2;
    private protected readonly double[] _swv;
    private protected readonly double[] _swv2;

    private protected Profile(string name, string title, Axis[] axes) : base(name, title, axes, axes.Length + 1)
    {
        _sw = new double[TotalBins];
        _sw2 = new double[TotalBins];
        _swv = new double[TotalBins];
        _swv2 = new double[TotalBins];
    }

    /// <summary>Σw per global bin (TProfile::GetBinEntries).</summary>
    public ReadOnlySpan<double> BinSumW => _sw;

    /// <summary>Σw² per global bin (TProfile's fBinSumw2).</summary>
    public ReadOnlySpan<double> BinSumW2 => _sw2;

    /// <summary>Σw·v per global bin (TProfile's fArray).</summary>
    public ReadOnlySpan<double> BinSumWV => _swv;

    /// <summary>Σw·v² per global bin (TProfile's fSumw2).</summary>
    public ReadOnlySpan<double> BinSumWV2 => _swv2;

    /// <summary>Weighted mean of the values in global bin <paramref name="globalBin"/>, Σw·v / Σw (TProfile::GetBinContent); 0 for an empty bin.</summary>
    public double Mean(int globalBin)
    {
        CheckGlobal(globalBin);
        double sw = _sw[globalBin];
        return sw == 0 ? 0 : _swv[globalBin] / sw;
    }

    /// <summary>Effective number of entries of a bin, (Σw)² / Σw² (TProfile::GetBinEffectiveEntries); 0 if Σw² is 0.</summary>
    public double EffectiveBinEntries(int globalBin)
    {
        CheckGlobal(globalBin);
        double s2 = _sw2[globalBin];
        return s2 > 0 ? _sw[globalBin] * _sw[globalBin] / s2 : 0;
    }

    /// <summary>Weighted standard deviation of the values in a bin, √|Σw·v²/Σw − mean²| (ROOT's error option "s"); 0 for an empty bin.</summary>
    public double Spread(int globalBin)
    {
        CheckGlobal(globalBin);
        double sw = _sw[globalBin];
        if (sw == 0) return 0;
        double m = _swv[globalBin] / sw;
        return Math.Sqrt(Math.Abs(_swv2[globalBin] / sw - m * m));
    }

    /// <summary>
    /// Error of the mean of a bin with ROOT's default error option "": spread / √(effective entries)
    /// (TProfile::GetBinError); 0 for an empty bin.
    /// </summary>
    public double Error(int globalBin)
    {
        double sw = _sw[CheckedBin(globalBin)];
        if (sw == 0) return 0;
        double neff = EffectiveBinEntries(globalBin);
        return Spread(globalBin) / Math.Sqrt(neff);
    }

    private int CheckedBin(int g)
    {
        CheckGlobal(g);
        return g;
    }

    /// <summary>Sets the four sums of a global bin (statistics sums are not changed).</summary>
    public void SetBin(int globalBin, double sumW, double sumW2, double sumWV, double sumWV2)
    {
        CheckGlobal(globalBin);
        _sw[globalBin] = sumW;
        _sw2[globalBin] = sumW2;
        _swv[globalBin] = sumWV;
        _swv2[globalBin] = sumWV2;
    }

    /// <summary>Scalar fill of a global bin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void FillBin(int g, double v, double w)
    {
        Entries++;
        _sw[g] += w;
        _sw2[g] += w * w;
        double wv = w * v;
        _swv[g] += wv;
        _swv2[g] += wv * v;
    }

    /// <summary>Bins, statistics and sequential bin sums of one loaded block; the value is the last coordinate buffer.</summary>
    private protected void FillBlock(FillScratch s, int len, bool weighted)
    {
        BinAndStats(s, len, weighted);
        ref int g = ref MemoryMarshal.GetArrayDataReference(s.Global);
        ref double v = ref MemoryMarshal.GetArrayDataReference(s.Coord[Dimension]);
        ref double w = ref MemoryMarshal.GetArrayDataReference(s.W);
        for (int k = 0; k < len; k++)
        {
            int b = Unsafe.Add(ref g, k);
            double wk = weighted ? Unsafe.Add(ref w, k) : 1.0;
            double vk = Unsafe.Add(ref v, k);
            _sw[b] += wk;
            _sw2[b] += wk * wk;
            double wv = wk * vk;
            _swv[b] += wv;
            _swv2[b] += wv * vk;
        }
    }

    /// <summary>
    /// Adds <paramref name="c"/> × <paramref name="other"/> as TProfile::Add: Σw·v += c·Σw·v', Σw·v² += |c|·Σw·v²',
    /// Σw += |c|·Σw', Σw² += c²·Σw²'; statistics sums likewise and entries = round(|Entries + c·Entries'|).
    /// </summary>
    private protected void AddCore(Profile other, double c)
    {
        CheckCompatible(other, nameof(other));
        double ac = Math.Abs(c);
        for (int i = 0; i < _sw.Length; i++)
        {
            _swv[i] += c * other._swv[i];
            _swv2[i] += ac * other._swv2[i];
            _sw[i] += ac * other._sw[i];
            _sw2[i] += c * c * other._sw2[i];
        }
        AddStats(other, c);
        Entries = (long)Math.Round(Math.Abs(Entries + c * other.Entries));
    }

    /// <summary>Merges a partial profile of the same binning: every sum and the entry count add up.</summary>
    private protected void MergeCore(Profile other)
    {
        CheckCompatible(other, nameof(other));
        for (int i = 0; i < _sw.Length; i++)
        {
            _sw[i] += other._sw[i];
            _sw2[i] += other._sw2[i];
            _swv[i] += other._swv[i];
            _swv2[i] += other._swv2[i];
        }
        AddStats(other, 1);
        Entries += other.Entries;
    }

    /// <summary>
    /// Multiplies the profiled values by <paramref name="c"/> (TProfile::Scale): Σw·v by c and Σw·v² by c²; the weights
    /// are unchanged, so every bin mean is multiplied by c and its error by |c|.
    /// </summary>
    public void Scale(double c)
    {
        for (int i = 0; i < _sw.Length; i++)
        {
            _swv[i] *= c;
            _swv2[i] *= c * c;
        }
        int v = Dimension;
        _stats[2 + 2 * v] *= c;
        _stats[3 + 2 * v] *= c * c;
        for (int a = 0; a < v; a++) _stats[CrossIndex(a, v)] *= c;
    }

    /// <summary>Clears all bins, statistics and the entry count.</summary>
    public void Reset()
    {
        Array.Clear(_sw);
        Array.Clear(_sw2);
        Array.Clear(_swv);
        Array.Clear(_swv2);
        Array.Clear(_stats);
        Entries = 0;
    }

    private protected void CopyFrom(Profile source)
    {
        source._sw.CopyTo(_sw, 0);
        source._sw2.CopyTo(_sw2, 0);
        source._swv.CopyTo(_swv, 0);
        source._swv2.CopyTo(_swv2, 0);
        CopyStatsFrom(source);
    }

    private protected string Summary(string kind)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.Append(kind).Append(" '").Append(Name).Append("' \"").Append(Title).Append("\" ").Append(AxesSummary())
          .Append(": entries=").Append(Entries);
        for (int a = 0; a <= Dimension; a++)
        {
            char c = a == Dimension ? 'v' : "xy"[a];
            sb.Append(", mean").Append(c).Append('=').Append(GetMean(a).ToString("G6", inv))
              .Append(", stddev").Append(c).Append('=').Append(GetStdDev(a).ToString("G6", inv));
        }
        return sb.ToString();
    }
}
