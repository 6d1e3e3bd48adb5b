using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EventFrame.Histograms;

/// <summary>
/// What histograms and profiles share: axes, names, the global bin layout, the entry count, ROOT's statistics sums
/// and the blocked bulk-fill driver.
/// </summary>
/// <remarks>
/// <para><b>Bin layout.</b> Every axis has an underflow bin (0) and an overflow bin (Bins+1); the global bin of
/// (bx, by, bz) is bx + (nx+2)·(by + (ny+2)·bz), as ROOT's TH1::GetBin.</para>
/// <para><b>Statistics.</b> As ROOT (with the default StatOverflows = false), only fills whose bins are in range on
/// every axis enter the sums Σw, Σw², Σw·xₐ, Σw·xₐ² and the cross sums Σw·xₐ·x_b; <see cref="Entries"/> counts
/// every fill. For profiles the profiled value is one more coordinate of these sums.</para>
/// <para><b>Bulk fills.</b> The span-based Fill methods process entries in blocks of 1024. Bin contents and
/// <see cref="Entries"/> are identical to calling the scalar Fill per entry in order (unweighted fills count
/// integers and add the counts to the bins at the end of the call only while every bin holds an integer, so the
/// result is the same as adding 1.0 repeatedly, up to 2⁵³ per bin). The statistics sums are accumulated per block
/// in a fixed lane-wise order and added block by block: deterministic for a given input and chunking, and equal
/// to the sequential sums up to rounding.</para>
/// <para><b>Kernels.</b> Per block: the columns are read as doubles (float and double columns of a 1D regular
/// histogram are binned straight from the column, selected floats gathered into registers); regular axes compute
/// bins with Vector512/Vector256 code that rounds exactly as the scalar formula (see <see cref="RegularAxis"/>),
/// other axes per element; 1D and 2D regular histograms compute bins and statistics in one fused pass, other shapes
/// in one pass per sum; unweighted increments go to four interleaved integer sub-histograms so that consecutive
/// increments do not wait on each other. Scalar fallbacks cover machines without SIMD.</para>
/// <para>Instances are not thread-safe: give each thread its own and <c>Merge</c> them.</para>
/// </remarks>
public abstract class HistogramBase
{
    private protected readonly Axis[] _axes;
    private protected readonly int[] _strides;
    private protected readonly double[] _stats;
    private protected readonly int _statCoords;
    private FillScratch? _scratch;

    private protected HistogramBase(string name, string title, Axis[] axes, int statCoords)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(title);
        for (int a = 0; a < axes.Length; a++)
            if (axes[a] is null) throw new ArgumentNullException(nameof(axes), $"axis {a} is null");
        Name = name;
        var parts = SplitTitle(title);
        Title = parts[0];
        // ROOT's "title;x;y;z" convention: the parts after the title name the axes, then the bin-value axis.
        _axes = new Axis[axes.Length];
        for (int a = 0; a < axes.Length; a++)
            _axes[a] = a + 1 < parts.Length ? axes[a].WithLabel(parts[a + 1]) : axes[a];
        ValueLabel = axes.Length + 1 < parts.Length ? parts[axes.Length + 1] : "";
        _strides = new int[axes.Length];
        long total = 1;
        for (int a = 0; a < axes.Length; a++)
        {
            _strides[a] = (int)total;
            total *= axes[a].Bins + 2;
            if (total > 1 << 28)
                throw new ArgumentException($"histogram '{name}' would have {total}+ bins; at most {1 << 28} bins (with flow) are supported", nameof(axes));
        }
        TotalBins = (int)total;
        _statCoords = statCoords;
        _stats = new double[2 + 2 * statCoords + statCoords * (statCoords - 1) / 2];
    }

    /// <summary>Splits a ROOT-style title at ';' ("#;" stands for a literal ';', as in ROOT).</summary>
    internal static string[] SplitTitle(string title)
    {
        const char Placeholder = '\uE000';
        var parts = title.Replace("#;", Placeholder.ToString(), StringComparison.Ordinal).Split(';');
        for (int i = 0; i < parts.Length; i++) parts[i] = parts[i].Replace(Placeholder.ToString(), ";", StringComparison.Ordinal);
        return parts;
    }

    /// <summary>
    /// Joins a title, axis labels and a value label into the ROOT-style booking title that <see cref="SplitTitle"/>
    /// splits back into the same parts (trailing empty parts are left out).
    /// </summary>
    internal static string JoinTitle(string title, IEnumerable<string> labels, string valueLabel)
    {
        var parts = new List<string> { title };
        parts.AddRange(labels);
        parts.Add(valueLabel);
        while (parts.Count > 1 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return string.Join(";", parts.Select(p => p.Replace(";", "#;", StringComparison.Ordinal)));
    }

    /// <summary>The booking title that reproduces <see cref="Title"/>, every axis label and <see cref="ValueLabel"/>.</summary>
    public string FullTitle => JoinTitle(Title, _axes.Select(a => a.Label), ValueLabel);

    /// <summary>The object name (ROOT's TNamed name), used as the key when saving.</summary>
    public string Name { get; }

    /// <summary>The title without the axis labels (the part of the booking title before the first ';').</summary>
    public string Title { get; }

    /// <summary>The label of the bin-value axis (the part of the booking title after the axis labels), or "".</summary>
    public string ValueLabel { get; }

    /// <summary>Number of dimensions (axes).</summary>
    public int Dimension => _axes.Length;

    /// <summary>The axes, in order x, y, z.</summary>
    public IReadOnlyList<Axis> Axes => _axes;

    /// <summary>Total number of bins including under- and overflow bins on every axis: Π (Binsₐ + 2).</summary>
    public int TotalBins { get; }

    /// <summary>Number of fill calls (including fills into flow bins), as ROOT's fEntries.</summary>
    public long Entries { get; private protected set; }

    /// <summary>Σw over fills that landed in range on every axis (ROOT's fTsumw).</summary>
    public double SumW => _stats[0];

    /// <summary>Σw² over fills that landed in range on every axis (ROOT's fTsumw2).</summary>
    public double SumW2 => _stats[1];

    /// <summary>Returns Σw·c over in-range fills, where c is coordinate <paramref name="axis"/> (for profiles, the last coordinate is the profiled value).</summary>
    public double SumWX(int axis = 0) => _stats[2 + 2 * CheckStatAxis(axis)];

    /// <summary>Returns Σw·c² over in-range fills, where c is coordinate <paramref name="axis"/>.</summary>
    public double SumWX2(int axis = 0) => _stats[3 + 2 * CheckStatAxis(axis)];

    /// <summary>Returns Σw·cₐ·c_b over in-range fills for coordinates <paramref name="a"/> ≠ <paramref name="b"/>.</summary>
    public double SumWXY(int a, int b)
    {
        CheckStatAxis(a);
        CheckStatAxis(b);
        if (a == b) throw new ArgumentException("the cross sum needs two different coordinates", nameof(b));
        if (a > b) (a, b) = (b, a);
        return _stats[CrossIndex(a, b)];
    }

    /// <summary>
    /// Mean of coordinate <paramref name="axis"/> over in-range fills, Σw·c / Σw (TH1::GetMean); 0 if Σw is 0.
    /// For profiles, coordinate <see cref="Dimension"/> is the profiled value.
    /// </summary>
    public double GetMean(int axis = 0)
    {
        double sw = _stats[0];
        return sw == 0 ? 0 : SumWX(axis) / sw;
    }

    /// <summary>
    /// Standard deviation of coordinate <paramref name="axis"/> over in-range fills,
    /// √|Σw·c²/Σw − mean²| (TH1::GetStdDev); 0 if Σw is 0.
    /// </summary>
    public double GetStdDev(int axis = 0)
    {
        double sw = _stats[0];
        if (sw == 0) return 0;
        double m = SumWX(axis) / sw;
        return Math.Sqrt(Math.Abs(SumWX2(axis) / sw - m * m));
    }

    /// <summary>
    /// Number of effective entries over in-range fills, (Σw)²/Σw² (TH1::GetEffectiveEntries); 0 if Σw² is 0.
    /// </summary>
    public double EffectiveEntries => _stats[1] == 0 ? 0 : _stats[0] * _stats[0] / _stats[1];

    /// <summary>Returns the global bin of per-axis bins (each in 0..Binsₐ+1), as ROOT's TH1::GetBin.</summary>
    /// <exception cref="ArgumentException">The number of bins differs from <see cref="Dimension"/> or a bin is out of range.</exception>
    public int GetBin(params ReadOnlySpan<int> bins)
    {
        if (bins.Length != _axes.Length)
            throw new ArgumentException($"expected {_axes.Length} bin numbers, got {bins.Length}", nameof(bins));
        int g = 0;
        for (int a = 0; a < bins.Length; a++)
        {
            if ((uint)bins[a] > (uint)(_axes[a].Bins + 1))
                throw new ArgumentOutOfRangeException(nameof(bins), bins[a], $"bin on axis {a} must be in [0, {_axes[a].Bins + 1}]");
            g += bins[a] * _strides[a];
        }
        return g;
    }

    /// <summary>Splits a global bin into its per-axis bins (ROOT's TH1::GetBinXYZ).</summary>
    public int[] GetBinXYZ(int globalBin)
    {
        CheckGlobal(globalBin);
        var r = new int[_axes.Length];
        for (int a = 0; a < r.Length; a++)
        {
            int n = _axes[a].Bins + 2;
            r[a] = globalBin % n;
            globalBin /= n;
        }
        return r;
    }

    /// <summary>True if every axis and the statistics layout of <paramref name="other"/> match this one (labels ignored).</summary>
    public bool SameBinning(HistogramBase other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._axes.Length != _axes.Length || other._statCoords != _statCoords) return false;
        for (int a = 0; a < _axes.Length; a++)
            if (!_axes[a].SameBinning(other._axes[a])) return false;
        return true;
    }

    private protected void CheckCompatible(HistogramBase other, string parameter)
    {
        ArgumentNullException.ThrowIfNull(other, parameter);
        if (!SameBinning(other))
            throw new ArgumentException(
                $"cannot combine '{other.Name}' [{string.Join(" × ", other._axes.Select(a => a.ToString()))}] into '{Name}' [{string.Join(" × ", _axes.Select(a => a.ToString()))}]: the binnings differ",
                parameter);
    }

    private protected void CheckGlobal(int globalBin)
    {
        if ((uint)globalBin >= (uint)TotalBins)
            throw new ArgumentOutOfRangeException(nameof(globalBin), globalBin, $"global bin must be in [0, {TotalBins})");
    }

    private int CheckStatAxis(int axis)
    {
        if ((uint)axis >= (uint)_statCoords)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"coordinate must be in [0, {_statCoords})");
        return axis;
    }

    private protected int CrossIndex(int a, int b)
    {
        // Pairs (0,1), (0,2), (1,2), ... after the per-coordinate sums.
        int idx = 0;
        for (int i = 0; i < a; i++) idx += _statCoords - 1 - i;
        return 2 + 2 * _statCoords + idx + (b - a - 1);
    }

    /// <summary>Adds one in-range fill to the statistics sums (coordinates in <paramref name="c"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void AddStats(ReadOnlySpan<double> c, double w)
    {
        var s = _stats;
        s[0] += w;
        s[1] += w * w;
        for (int a = 0; a < c.Length; a++)
        {
            double wx = w * c[a];
            s[2 + 2 * a] += wx;
            s[3 + 2 * a] += wx * c[a];
        }
        int k = 2 + 2 * c.Length;
        for (int a = 0; a < c.Length; a++)
            for (int b = a + 1; b < c.Length; b++)
                s[k++] += w * c[a] * c[b];
    }

    /// <summary>Scales the statistics sums as a scaling of all weights by <paramref name="c"/> would (Σw² by c²).</summary>
    private protected void ScaleStats(double c)
    {
        _stats[0] *= c;
        _stats[1] *= c * c;
        for (int i = 2; i < _stats.Length; i++) _stats[i] *= c;
    }

    /// <summary>Adds <paramref name="c"/> times the statistics sums of <paramref name="other"/> (Σw² with c²).</summary>
    private protected void AddStats(HistogramBase other, double c)
    {
        _stats[0] += c * other._stats[0];
        _stats[1] += c * c * other._stats[1];
        for (int i = 2; i < _stats.Length; i++) _stats[i] += c * other._stats[i];
    }

    /// <summary>Copies the statistics and entry count (used by clones and readers).</summary>
    private protected void CopyStatsFrom(HistogramBase other)
    {
        other._stats.CopyTo(_stats, 0);
        Entries = other.Entries;
    }

    /// <summary>
    /// Serializes this histogram in the UHI schema (scikit-hep/uhi histogram.schema.json, as loaded by hist and
    /// boost-histogram): an object with one entry keyed by <see cref="Name"/>. See the remarks of the internal
    /// writer: flow bins included, weighted storage for histograms, weighted_mean for profiles.
    /// </summary>
    public string ToUhiJson(bool indented = true) => UhiJson.Write(this, indented);

    /// <summary>Writes <see cref="ToUhiJson"/> to the file <paramref name="path"/> (UTF-8, overwritten if it exists).</summary>
    public void SaveUhiJson(string path) => File.WriteAllText(path, ToUhiJson());

    internal double[] StatsArray => _stats;

    internal void SetEntries(long entries) => Entries = entries;

    /// <summary>A short label for the axes, e.g. "Regular(100, 0, 200) × Variable(5 bins, 0..10)".</summary>
    private protected string AxesSummary() => string.Join(" × ", _axes.Select(a => a.ToString()));

    // ---------------------------------------------------------------------------------------------------------
    // Bulk fill driver
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Per-instance block buffers, allocated on the first bulk fill and reused.</summary>
    private protected sealed class FillScratch
    {
        public readonly double[][] Coord;
        public readonly int[][] Idx;
        public readonly double[] W = new double[FillInput.BlockSize];
        public readonly double[] M = new double[FillInput.BlockSize];
        public readonly double[] R = new double[FillInput.BlockSize];
        public readonly double[] P = new double[FillInput.BlockSize];
        public readonly int[] Global = new int[FillInput.BlockSize];
        public readonly double[] Block;
        public int[]? Counts;
        public bool UseCounts;

        public FillScratch(int coords, int statsLength)
        {
            Coord = new double[coords][];
            Idx = new int[coords][];
            for (int i = 0; i < coords; i++)
            {
                Coord[i] = new double[FillInput.BlockSize];
                Idx[i] = new int[FillInput.BlockSize];
            }
            Block = new double[statsLength];
        }
    }

    private protected FillScratch Scratch => _scratch ??= new FillScratch(_statCoords, _stats.Length);

    /// <summary>Validates an index list against the column length and returns the number of entries to fill.</summary>
    private protected static int Count(int columnLength, ReadOnlySpan<int> indices, bool indexed)
    {
        if (!indexed) return columnLength;
        FillInput.CheckIndices(indices, columnLength);
        return indices.Length;
    }

    /// <summary>Loads entries start..start+len of a column (or of its selection) as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected static void Load<T>(ReadOnlySpan<T> column, ReadOnlySpan<int> indices, bool indexed, int start, int len, double[] dst)
        where T : unmanaged
    {
        if (indexed) FillInput.Gather(column, indices.Slice(start, len), dst);
        else FillInput.Read(column.Slice(start, len), dst);
    }

    /// <summary>
    /// Computes per-axis bins of the first <see cref="Dimension"/> coordinate buffers, the global bins, the in-range
    /// weights M (w or 0) and adds this block's statistics sums. Coordinates beyond the axes (a profile's value)
    /// only enter the statistics.
    /// </summary>
    private protected void BinAndStats(FillScratch s, int len, bool weighted)
    {
        var block = s.Block;
        Array.Clear(block);
        if (_axes.Length == 1 && _statCoords == 1 && !weighted && _axes[0] is RegularAxis { Transform: AxisTransform.None } reg)
        {
            // The hot path: bins, count and moments of the in-range entries in one vectorized pass.
            reg.IndexAndMoments(s.Coord[0].AsSpan(0, len), s.Global, out double sx, out double sx2);
            int inRange = CountInRange(s.Global, len, reg.Bins);
            block[0] = inRange;
            block[1] = inRange;
            block[2] = sx;
            block[3] = sx2;
        }
        else if (_axes.Length == 1 && _statCoords == 1 && _axes[0] is RegularAxis { Transform: AxisTransform.None } r1)
        {
            RegularKernels.Weighted1D(r1, s.Coord[0], s.W, len, s.Global, block);
        }
        else if (_axes.Length == 2 && _statCoords == 2 && _axes[0] is RegularAxis { Transform: AxisTransform.None } rx
            && _axes[1] is RegularAxis { Transform: AxisTransform.None } ry)
        {
            RegularKernels.Fill2D(rx, ry, _strides[1], s.Coord[0], s.Coord[1], weighted ? s.W : null, len, s.Global, block);
        }
        else
        {
            for (int a = 0; a < _axes.Length; a++)
                _axes[a].Index(s.Coord[a].AsSpan(0, len), s.Idx[a]);
            CombineAndMask(s, len, weighted);
            BlockMoments(s, len, block);
        }
        for (int i = 0; i < block.Length; i++) _stats[i] += block[i];
    }

    /// <summary>
    /// The hot path without a conversion pass: bins and statistics of a float or double block read straight from the
    /// column, for a 1D histogram with a regular axis without transform and unit weights.
    /// </summary>
    // Runs once per chunk over thousands of values: compiled fully optimized at once, since a loop of a few hundred
    // chunks is over before tiered compilation replaces the tier-0 and instrumented code (where Vector512 is slow).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected void BinRegularDirect<T>(RegularAxis reg, ReadOnlySpan<T> x, ReadOnlySpan<int> selected, bool indexed, FillScratch s) where T : unmanaged
    {
        double sx, sx2;
        if (indexed) reg.IndexAndMomentsGather(MemoryMarshal.Cast<T, float>(x), selected, s.Global, out sx, out sx2);
        else if (typeof(T) == typeof(float)) reg.IndexAndMoments(MemoryMarshal.Cast<T, float>(x), s.Global, out sx, out sx2);
        else reg.IndexAndMoments(MemoryMarshal.Cast<T, double>(x), s.Global, out sx, out sx2);
        int inRange = CountInRange(s.Global, indexed ? selected.Length : x.Length, reg.Bins);
        _stats[0] += inRange;
        _stats[1] += inRange;
        _stats[2] += sx;
        _stats[3] += sx2;
    }

    // Once per chunk or basket over thousands of values: fully optimized from the first call (see Axis.IndexAndMoments).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountInRange(int[] bins, int len, int n)
    {
        ref int b = ref MemoryMarshal.GetArrayDataReference(bins);
        int c = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1u);
            var nv = Vector256.Create((uint)n);
            var acc = Vector256<uint>.Zero;
            for (; i <= len - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref b, (nuint)i).AsUInt32() - one;
                acc -= Vector256.LessThan(v, nv).AsUInt32();
            }
            c = (int)Vector256.Sum(acc);
        }
        for (; i < len; i++) c += (uint)(Unsafe.Add(ref b, i) - 1) < (uint)n ? 1 : 0;
        return c;
    }

    private void CombineAndMask(FillScratch s, int len, bool weighted)
    {
        int d = _axes.Length;
        var g = s.Global;
        var m = s.M;
        var r = s.R;
        var w = s.W;
        int[] i0 = s.Idx[0];
        uint n0 = (uint)_axes[0].Bins;
        if (d == 1)
        {
            for (int k = 0; k < len; k++)
            {
                int b = i0[k];
                g[k] = b;
                bool inside = (uint)(b - 1) < n0;
                m[k] = Select(inside, weighted ? w[k] : 1.0);
                r[k] = inside ? 1.0 : 0.0;
            }
        }
        else
        {
            int[] i1 = s.Idx[1];
            uint n1 = (uint)_axes[1].Bins;
            int s1 = _strides[1];
            int[] i2 = d > 2 ? s.Idx[2] : i1;
            uint n2 = d > 2 ? (uint)_axes[2].Bins : n1;
            int s2 = d > 2 ? _strides[2] : 0;
            for (int k = 0; k < len; k++)
            {
                int b0 = i0[k], b1 = i1[k], b2 = i2[k];
                g[k] = b0 + s1 * b1 + s2 * b2;
                bool inside = ((uint)(b0 - 1) < n0) & ((uint)(b1 - 1) < n1) & ((uint)(b2 - 1) < n2);
                m[k] = Select(inside, weighted ? w[k] : 1.0);
                r[k] = inside ? 1.0 : 0.0;
            }
        }
    }

    /// <summary>Returns v if <paramref name="keep"/>, else +0.0, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Select(bool keep, double v)
    {
        long mask = -(long)(keep ? 1 : 0);
        return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(v) & mask);
    }

    /// <summary>
    /// Adds the block's statistics into <paramref name="block"/>: with R = 1 for entries in range on every axis (0
    /// elsewhere), M = R·w and cₐ' = cₐ where R = 1 (0 elsewhere, so flow values such as NaN or ±∞ cannot leak in),
    /// computes ΣM, ΣM², ΣM·cₐ', ΣM·cₐ'², ΣM·cₐ'·c_b' with the same products as the scalar fill.
    /// </summary>
    private void BlockMoments(FillScratch s, int len, double[] block)
    {
        var m = s.M.AsSpan(0, len);
        var r = s.R.AsSpan(0, len);
        block[0] = Sum(m);
        block[1] = Dot(m, m);
        int d = _statCoords;
        for (int a = 0; a < d; a++)
        {
            var c = s.Coord[a].AsSpan(0, len);
            var p = s.P.AsSpan(0, len);
            MaskedProduct(r, m, c, p);
            block[2 + 2 * a] = Sum(p);
            block[3 + 2 * a] = MaskedDot(r, p, c);
            for (int b = a + 1; b < d; b++)
                block[CrossIndex(a, b)] = MaskedDot(r, p, s.Coord[b].AsSpan(0, len));
        }
    }

    /// <summary>p = m·c where r ≠ 0, else 0.</summary>
    private static void MaskedProduct(ReadOnlySpan<double> r, ReadOnlySpan<double> m, ReadOnlySpan<double> c, Span<double> p)
    {
        int i = 0, n = m.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 4; i += 4)
            {
                var keep = ~Vector256.Equals(Vector256.Create(r.Slice(i, 4)), Vector256<double>.Zero);
                var cv = Vector256.ConditionalSelect(keep, Vector256.Create(c.Slice(i, 4)), Vector256<double>.Zero);
                (Vector256.Create(m.Slice(i, 4)) * cv).CopyTo(p.Slice(i, 4));
            }
        }
        for (; i < n; i++) p[i] = r[i] != 0 ? m[i] * c[i] : 0;
    }

    /// <summary>Σ p·c over entries where the in-range flag (first argument) is not 0, in a fixed lane-wise order.</summary>
    private static double MaskedDot(ReadOnlySpan<double> m, ReadOnlySpan<double> p, ReadOnlySpan<double> c)
    {
        int i = 0, n = m.Length;
        double r = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var keep = ~Vector256.Equals(Vector256.Create(m.Slice(i, 4)), Vector256<double>.Zero);
                var cv = Vector256.ConditionalSelect(keep, Vector256.Create(c.Slice(i, 4)), Vector256<double>.Zero);
                acc += Vector256.Create(p.Slice(i, 4)) * cv;
            }
            r = acc[0] + acc[1] + acc[2] + acc[3];
        }
        for (; i < n; i++) if (m[i] != 0) r += p[i] * c[i];
        return r;
    }

    private static double Sum(ReadOnlySpan<double> x)
    {
        int i = 0, n = x.Length;
        double r = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4) acc += Vector256.Create(x.Slice(i, 4));
            r = acc[0] + acc[1] + acc[2] + acc[3];
        }
        for (; i < n; i++) r += x[i];
        return r;
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int i = 0, n = x.Length;
        double r = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4) acc += Vector256.Create(x.Slice(i, 4)) * Vector256.Create(y.Slice(i, 4));
            r = acc[0] + acc[1] + acc[2] + acc[3];
        }
        for (; i < n; i++) r += x[i] * y[i];
        return r;
    }
}
