using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame.Histograms;

/// <summary>How a <see cref="RegularAxis"/> maps values to its uniform bins.</summary>
public enum AxisTransform
{
    /// <summary>Bins are uniform in x.</summary>
    None,
    /// <summary>Bins are uniform in ln(x); the axis range must be strictly positive.</summary>
    Log,
}

/// <summary>
/// A binning of one coordinate. Bin numbers follow ROOT's TAxis: 0 is the underflow bin, 1..<see cref="Bins"/>
/// are the in-range bins and <see cref="Bins"/>+1 is the overflow bin. An axis is immutable apart from its
/// label, which is only changed through <see cref="WithLabel"/> (returning a copy).
/// </summary>
public abstract class Axis
{
    private string _label = "";

    /// <summary>Creates an axis with <paramref name="bins"/> in-range bins.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is not positive or leaves no room for flow bins.</exception>
    protected Axis(int bins)
    {
        if (bins <= 0 || bins > int.MaxValue / 4)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "an axis needs between 1 and 536870911 bins");
        Bins = bins;
    }

    /// <summary>Number of in-range bins (without the underflow and overflow bins).</summary>
    public int Bins { get; }

    /// <summary>The axis title (ROOT's TAxis title), e.g. "p_{T} [GeV]"; never null.</summary>
    public string Label { get => _label; init => _label = value ?? ""; }

    /// <summary>Returns a copy of this axis with the same binning and <see cref="Label"/> set to <paramref name="label"/>.</summary>
    public Axis WithLabel(string label)
    {
        var copy = (Axis)MemberwiseClone();
        copy._label = label ?? "";
        return copy;
    }

    /// <summary>
    /// Returns the bin holding <paramref name="x"/>: 0 if x is below the axis, <see cref="Bins"/>+1 if x is not below
    /// the upper end (so NaN and +∞ go to the overflow bin), otherwise the in-range bin whose interval [lower, upper)
    /// contains x.
    /// </summary>
    public abstract int Index(double x);

    /// <summary>
    /// Writes <see cref="Index(double)"/> of every element of <paramref name="x"/> into <paramref name="bins"/>
    /// (which must be at least as long). Subclasses override it with vectorized versions that give identical results.
    /// </summary>
    public virtual void Index(ReadOnlySpan<double> x, Span<int> bins)
    {
        if (bins.Length < x.Length) throw new ArgumentException($"the output span ({bins.Length}) is shorter than the input ({x.Length})", nameof(bins));
        for (int i = 0; i < x.Length; i++) bins[i] = Index(x[i]);
    }

    /// <summary>Lower edge of <paramref name="bin"/>; −∞ for the underflow bin and the upper axis end for the overflow bin.</summary>
    public double Lower(int bin)
    {
        CheckBin(bin);
        return bin == 0 ? double.NegativeInfinity : bin == Bins + 1 ? EdgeAt(Bins) : EdgeAt(bin - 1);
    }

    /// <summary>Upper edge of <paramref name="bin"/>; the lower axis end for the underflow bin and +∞ for the overflow bin.</summary>
    public double Upper(int bin)
    {
        CheckBin(bin);
        return bin == 0 ? EdgeAt(0) : bin == Bins + 1 ? double.PositiveInfinity : EdgeAt(bin);
    }

    /// <summary>
    /// Centre of <paramref name="bin"/>: the midpoint of its edges (for a log axis too, as ROOT's TAxis::GetBinCenter);
    /// −∞ / +∞ for the underflow / overflow bin.
    /// </summary>
    public double Center(int bin)
    {
        CheckBin(bin);
        if (bin == 0) return double.NegativeInfinity;
        if (bin == Bins + 1) return double.PositiveInfinity;
        return 0.5 * (EdgeAt(bin - 1) + EdgeAt(bin));
    }

    /// <summary>Width (upper − lower edge) of <paramref name="bin"/>; +∞ for the flow bins.</summary>
    public double Width(int bin) => Upper(bin) - Lower(bin);

    /// <summary>
    /// The <see cref="Bins"/>+1 bin edges in increasing order. For category axes these are the positions 0..Bins
    /// (category k occupies [k−1, k), as in ROOT's labelled axes).
    /// </summary>
    public IReadOnlyList<double> Edges
    {
        get
        {
            var e = new double[Bins + 1];
            for (int i = 0; i <= Bins; i++) e[i] = EdgeAt(i);
            return e;
        }
    }

    /// <summary>The lower end of the in-range bins (first edge).</summary>
    public double Min => EdgeAt(0);

    /// <summary>The upper end of the in-range bins (last edge).</summary>
    public double Max => EdgeAt(Bins);

    /// <summary>Returns edge <paramref name="i"/> (0..Bins) of the in-range bins.</summary>
    protected abstract double EdgeAt(int i);

    /// <summary>True if <paramref name="other"/> is the same kind of axis with the same binning (labels are ignored).</summary>
    public abstract bool SameBinning(Axis other);

    /// <summary>Returns a one-line description of the binning, e.g. "Regular(100, 0, 200)".</summary>
    public abstract override string ToString();

    /// <summary>
    /// Returns a new axis holding only the in-range bins <paramref name="first"/>..<paramref name="last"/> of this one
    /// (same edges), used by projections and rebinning-free slicing.
    /// </summary>
    internal virtual Axis Slice(int first, int last)
    {
        if (first == 1 && last == Bins) return this;
        var e = new double[last - first + 2];
        for (int i = 0; i < e.Length; i++) e[i] = EdgeAt(first - 1 + i);
        return new VariableAxis(e) { Label = Label };
    }

    private void CheckBin(int bin)
    {
        if ((uint)bin > (uint)(Bins + 1))
            throw new ArgumentOutOfRangeException(nameof(bin), bin, $"bin must be in [0, {Bins + 1}] (0 = underflow, {Bins + 1} = overflow)");
    }

    /// <summary>Formats a double with invariant culture and round-trip precision.</summary>
    internal static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static void CheckFinite(double v, string name)
    {
        if (!double.IsFinite(v)) throw new ArgumentOutOfRangeException(name, v, "axis limits must be finite");
    }
}

/// <summary>
/// <see cref="Axis.Bins"/> equal bins between <see cref="Axis.Min"/> and <see cref="Axis.Max"/> (ROOT's fixed-bin TAxis).
/// Without transform, x in [lo, hi) goes to bin 1 + (int)(Bins * (x − lo) / (hi − lo)) computed in double in
/// exactly this order and clamped to [1, Bins], as TAxis::FindFixBin; with <see cref="AxisTransform.Log"/> the same
/// formula is applied to ln(x), ln(lo) and ln(hi).
/// </summary>
public sealed class RegularAxis : Axis
{
    private readonly double _lo, _hi, _width, _tlo, _twidth;

    /// <summary>Creates <paramref name="bins"/> uniform bins on [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">bins ≤ 0, a limit is not finite, lo ≥ hi, or lo ≤ 0 with a log transform.</exception>
    public RegularAxis(int bins, double lo, double hi, AxisTransform transform = AxisTransform.None) : base(bins)
    {
        CheckFinite(lo, nameof(lo));
        CheckFinite(hi, nameof(hi));
        if (!(lo < hi)) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"the upper limit must be above the lower limit {Fmt(lo)}");
        if (transform == AxisTransform.Log && !(lo > 0))
            throw new ArgumentOutOfRangeException(nameof(lo), lo, "a log axis needs a strictly positive lower limit");
        if (transform is not (AxisTransform.None or AxisTransform.Log))
            throw new ArgumentOutOfRangeException(nameof(transform), transform, "unknown axis transform");
        _lo = lo;
        _hi = hi;
        _width = hi - lo;
        Transform = transform;
        if (transform == AxisTransform.Log)
        {
            _tlo = Math.Log(lo);
            _twidth = Math.Log(hi) - _tlo;
            if (!(_twidth > 0)) throw new ArgumentOutOfRangeException(nameof(hi), hi, "the log axis range is too narrow to hold bins");
        }
        else
        {
            _tlo = lo;
            _twidth = _width;
        }
    }

    /// <summary>The transform in which the bins are uniform.</summary>
    public AxisTransform Transform { get; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int Index(double x)
    {
        if (x < _lo) return 0;
        if (!(x < _hi)) return Bins + 1;
        double t = Transform == AxisTransform.None ? x : Math.Log(x);
        int b = 1 + (int)(Bins * (t - _tlo) / _twidth);
        return b > Bins ? Bins : b < 1 ? 1 : b;
    }

    /// <inheritdoc/>
    public override void Index(ReadOnlySpan<double> x, Span<int> bins)
    {
        if (bins.Length < x.Length) throw new ArgumentException($"the output span ({bins.Length}) is shorter than the input ({x.Length})", nameof(bins));
        if (Transform != AxisTransform.None) { base.Index(x, bins); return; }
        IndexAndMoments(x, bins, out _, out _);
    }

    /// <summary>
    /// Computes the bins of <paramref name="x"/> (as <see cref="Index(double)"/>) and the sums of x and x² over the
    /// in-range elements, in a fixed blocked order (lane-wise partial sums, combined lane by lane at the end).
    /// Only valid without transform.
    /// </summary>
    // Runs once per chunk over thousands of values: compiled fully optimized at once, since a loop of a few hundred
    // chunks is over before tiered compilation replaces the tier-0 and instrumented code (where Vector512 is slow).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void IndexAndMoments(ReadOnlySpan<double> x, Span<int> bins, out double sumX, out double sumX2)
    {
        int n = x.Length, i = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref int br = ref MemoryMarshal.GetReference(bins);
        double sx = 0, sx2 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var k = new Consts512(this);
            Vector512<double> ax = default, ax2 = default, bx = default, bx2 = default;
            for (; i <= n - 16; i += 16)
            {
                var x0 = Vector512.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector512.LoadUnsafe(ref xr, (nuint)(i + 8));
                var b0 = Bin512(x0, k, out var in0);
                var b1 = Bin512(x1, k, out var in1);
                var s0 = Vector512.ConditionalSelect(in0, x0, Vector512<double>.Zero);
                var s1 = Vector512.ConditionalSelect(in1, x1, Vector512<double>.Zero);
                ax += s0; ax2 += s0 * s0;
                bx += s1; bx2 += s1 * s1;
                Store512(b0, b1, ref br, i);
            }
            ax += bx; ax2 += bx2;
            for (int l = 0; l < 8; l++) { sx += ax[l]; sx2 += ax2[l]; }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var k = new Consts256(this);
            Vector256<double> ax = default, ax2 = default, bx = default, bx2 = default;
            for (; i <= n - 8; i += 8)
            {
                var x0 = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var x1 = Vector256.LoadUnsafe(ref xr, (nuint)(i + 4));
                var b0 = Bin256(x0, k, out var in0);
                var b1 = Bin256(x1, k, out var in1);
                var s0 = Vector256.ConditionalSelect(in0, x0, Vector256<double>.Zero);
                var s1 = Vector256.ConditionalSelect(in1, x1, Vector256<double>.Zero);
                ax += s0; ax2 += s0 * s0;
                bx += s1; bx2 += s1 * s1;
                Store256(b0, b1, ref br, i);
            }
            ax += bx; ax2 += bx2;
            for (int l = 0; l < 4; l++) { sx += ax[l]; sx2 += ax2[l]; }
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref xr, i);
            int b = Index(v);
            Unsafe.Add(ref br, i) = b;
            if ((uint)(b - 1) < (uint)Bins) { sx += v; sx2 += v * v; }
        }
        sumX = sx;
        sumX2 = sx2;
    }

    /// <summary>
    /// <see cref="IndexAndMoments(ReadOnlySpan{double}, Span{int}, out double, out double)"/> straight from a float
    /// column: each float is widened to double in registers (exactly), which saves a conversion pass through memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void IndexAndMoments(ReadOnlySpan<float> x, Span<int> bins, out double sumX, out double sumX2)
    {
        int n = x.Length, i = 0;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref int br = ref MemoryMarshal.GetReference(bins);
        double sx = 0, sx2 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var k = new Consts512(this);
            Vector512<double> ax = default, ax2 = default, bx = default, bx2 = default;
            for (; i <= n - 16; i += 16)
            {
                Vector512<double> x0, x1;
                if (Avx512F.IsSupported)
                {
                    // Two 256-bit loads converted straight to doubles: cheaper than widening a 512-bit vector.
                    x0 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref xr, (nuint)i));
                    x1 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref xr, (nuint)(i + 8)));
                }
                else
                {
                    var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                    x0 = Vector512.WidenLower(v);
                    x1 = Vector512.WidenUpper(v);
                }
                var b0 = Bin512(x0, k, out var in0);
                var b1 = Bin512(x1, k, out var in1);
                var s0 = Vector512.ConditionalSelect(in0, x0, Vector512<double>.Zero);
                var s1 = Vector512.ConditionalSelect(in1, x1, Vector512<double>.Zero);
                ax += s0; ax2 += s0 * s0;
                bx += s1; bx2 += s1 * s1;
                Store512(b0, b1, ref br, i);
            }
            ax += bx; ax2 += bx2;
            for (int l = 0; l < 8; l++) { sx += ax[l]; sx2 += ax2[l]; }
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var k = new Consts256(this);
            Vector256<double> ax = default, ax2 = default, bx = default, bx2 = default;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                var x0 = Vector256.WidenLower(v);
                var x1 = Vector256.WidenUpper(v);
                var b0 = Bin256(x0, k, out var in0);
                var b1 = Bin256(x1, k, out var in1);
                var s0 = Vector256.ConditionalSelect(in0, x0, Vector256<double>.Zero);
                var s1 = Vector256.ConditionalSelect(in1, x1, Vector256<double>.Zero);
                ax += s0; ax2 += s0 * s0;
                bx += s1; bx2 += s1 * s1;
                Store256(b0, b1, ref br, i);
            }
            ax += bx; ax2 += bx2;
            for (int l = 0; l < 4; l++) { sx += ax[l]; sx2 += ax2[l]; }
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref xr, i);
            int b = Index(v);
            Unsafe.Add(ref br, i) = b;
            if ((uint)(b - 1) < (uint)Bins) { sx += v; sx2 += v * v; }
        }
        sumX = sx;
        sumX2 = sx2;
    }

    /// <summary>True when <see cref="IndexAndMomentsGather"/> has its hardware path (AVX-512 with AVX2 gathers).</summary>
    internal static bool CanGatherFloats => Avx512F.IsSupported && Avx2.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// <see cref="IndexAndMoments(ReadOnlySpan{float}, Span{int}, out double, out double)"/> of src[indices[k]]: the
    /// selected floats are gathered straight into registers. The caller has validated the indices and checked
    /// <see cref="CanGatherFloats"/>.
    /// </summary>
    internal unsafe void IndexAndMomentsGather(ReadOnlySpan<float> src, ReadOnlySpan<int> indices, Span<int> bins, out double sumX, out double sumX2)
    {
        int n = indices.Length, i = 0;
        ref int br = ref MemoryMarshal.GetReference(bins);
        double sx = 0, sx2 = 0;
        fixed (float* p = src)
        fixed (int* ip = indices)
        {
            var k = new Consts512(this);
            Vector512<double> ax = default, ax2 = default, bx = default, bx2 = default;
            for (; i <= n - 16; i += 16)
            {
                var x0 = Avx512F.ConvertToVector512Double(Avx2.GatherVector256(p, Avx.LoadVector256(ip + i), 4));
                var x1 = Avx512F.ConvertToVector512Double(Avx2.GatherVector256(p, Avx.LoadVector256(ip + i + 8), 4));
                var b0 = Bin512(x0, k, out var in0);
                var b1 = Bin512(x1, k, out var in1);
                var s0 = Vector512.ConditionalSelect(in0, x0, Vector512<double>.Zero);
                var s1 = Vector512.ConditionalSelect(in1, x1, Vector512<double>.Zero);
                ax += s0; ax2 += s0 * s0;
                bx += s1; bx2 += s1 * s1;
                Store512(b0, b1, ref br, i);
            }
            ax += bx; ax2 += bx2;
            for (int l = 0; l < 8; l++) { sx += ax[l]; sx2 += ax2[l]; }
            for (; i < n; i++)
            {
                double v = p[ip[i]];
                int b = Index(v);
                Unsafe.Add(ref br, i) = b;
                if ((uint)(b - 1) < (uint)Bins) { sx += v; sx2 += v * v; }
            }
        }
        sumX = sx;
        sumX2 = sx2;
    }

    /// <summary>Stores two vectors of integral bin numbers (held as doubles in [0, Bins+1]) as 16 ints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store512(Vector512<double> b0, Vector512<double> b1, ref int dst, int i)
    {
        if (Avx512F.IsSupported)
        {
            // The values are small non-negative integers, so the raw truncating conversion needs no saturation fix-ups.
            Avx512F.ConvertToVector256Int32WithTruncation(b0).StoreUnsafe(ref dst, (nuint)i);
            Avx512F.ConvertToVector256Int32WithTruncation(b1).StoreUnsafe(ref dst, (nuint)(i + 8));
        }
        else
        {
            Vector512.Narrow(Vector512.ConvertToInt64(b0), Vector512.ConvertToInt64(b1)).StoreUnsafe(ref dst, (nuint)i);
        }
    }

    /// <summary>Stores two vectors of integral bin numbers (held as doubles) as 8 ints.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store256(Vector256<double> b0, Vector256<double> b1, ref int dst, int i)
    {
        if (Avx.IsSupported)
        {
            Avx.ConvertToVector128Int32WithTruncation(b0).StoreUnsafe(ref dst, (nuint)i);
            Avx.ConvertToVector128Int32WithTruncation(b1).StoreUnsafe(ref dst, (nuint)(i + 4));
        }
        else
        {
            Vector256.Narrow(Vector256.ConvertToInt64(b0), Vector256.ConvertToInt64(b1)).StoreUnsafe(ref dst, (nuint)i);
        }
    }

    /// <summary>
    /// Bins of one vector, as doubles. The quotient t = Bins·(x − lo) / (hi − lo) is first estimated as
    /// (x − lo)·(Bins / (hi − lo)), a multiplication instead of a slow division. The estimate is within 4 units in the
    /// last place of the correctly rounded quotient (t ≤ Bins in range), so their integer parts can only differ when
    /// the estimate lies within 1e-15·(Bins + 1) of an integer; only vectors with such an in-range lane pay for the
    /// exact formula, so every lane rounds exactly as <see cref="Index(double)"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Bin512(Vector512<double> x, in Consts512 k, out Vector512<double> inRange)
    {
        var below = Vector512.LessThan(x, k.Lo);
        var inside = Vector512.LessThan(x, k.Hi);
        inRange = Vector512.AndNot(inside, below);
        var d = x - k.Lo;
        var t = d * k.Scale;
        var near = Vector512.LessThan(Vector512.Abs(t - Vector512.Round(t)), k.Eps);
        if (Vector512.ExtractMostSignificantBits(near & inRange) != 0) t = k.Nb * d / k.Width;
        var tr = Vector512.Truncate(t);
        var clamped = (Avx512F.IsSupported ? Avx512F.Min(tr, k.Last) : Vector512.Min(tr, k.Last)) + k.One;
        var bin = Vector512.ConditionalSelect(inside, clamped, k.Over);
        return Vector512.ConditionalSelect(below, Vector512<double>.Zero, bin);
    }

    /// <summary>Vector256 version of <see cref="Bin512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Bin256(Vector256<double> x, in Consts256 k, out Vector256<double> inRange)
    {
        var below = Vector256.LessThan(x, k.Lo);
        var inside = Vector256.LessThan(x, k.Hi);
        inRange = Vector256.AndNot(inside, below);
        var d = x - k.Lo;
        var t = d * k.Scale;
        var near = Vector256.LessThan(Vector256.Abs(t - Vector256.Round(t)), k.Eps);
        if (Vector256.ExtractMostSignificantBits(near & inRange) != 0) t = k.Nb * d / k.Width;
        var tr = Vector256.Truncate(t);
        var clamped = (Avx.IsSupported ? Avx.Min(tr, k.Last) : Vector256.Min(tr, k.Last)) + k.One;
        var bin = Vector256.ConditionalSelect(inside, clamped, k.Over);
        return Vector256.ConditionalSelect(below, Vector256<double>.Zero, bin);
    }

    internal readonly struct Consts512(RegularAxis a)
    {
        public readonly Vector512<double> Lo = Vector512.Create(a._lo), Hi = Vector512.Create(a._hi), Nb = Vector512.Create((double)a.Bins),
            Width = Vector512.Create(a._width), Scale = Vector512.Create(a.Bins / a._width), Last = Vector512.Create((double)(a.Bins - 1)),
            Over = Vector512.Create((double)(a.Bins + 1)), One = Vector512.Create(1.0), Eps = Vector512.Create(1e-15 * (a.Bins + 1.0));
    }

    internal readonly struct Consts256(RegularAxis a)
    {
        public readonly Vector256<double> Lo = Vector256.Create(a._lo), Hi = Vector256.Create(a._hi), Nb = Vector256.Create((double)a.Bins),
            Width = Vector256.Create(a._width), Scale = Vector256.Create(a.Bins / a._width), Last = Vector256.Create((double)(a.Bins - 1)),
            Over = Vector256.Create((double)(a.Bins + 1)), One = Vector256.Create(1.0), Eps = Vector256.Create(1e-15 * (a.Bins + 1.0));
    }

    /// <inheritdoc/>
    protected override double EdgeAt(int i)
    {
        if (i == 0) return _lo;
        if (i == Bins) return _hi;
        return Transform == AxisTransform.None ? _lo + i * _width / Bins : Math.Exp(_tlo + i * _twidth / Bins);
    }

    /// <inheritdoc/>
    public override bool SameBinning(Axis other) =>
        other is RegularAxis r && r.Bins == Bins && r._lo == _lo && r._hi == _hi && r.Transform == Transform;

    /// <inheritdoc/>
    internal override Axis Slice(int first, int last) =>
        first == 1 && last == Bins ? this
        : Transform == AxisTransform.None ? new RegularAxis(last - first + 1, EdgeAt(first - 1), EdgeAt(last)) { Label = Label }
        : base.Slice(first, last);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Regular({Bins}, {Fmt(_lo)}, {Fmt(_hi)}{(Transform == AxisTransform.Log ? ", log" : "")})";
}

/// <summary>Bins with arbitrary, strictly increasing edges (ROOT's variable-bin TAxis); bins are found by binary search.</summary>
public sealed class VariableAxis : Axis
{
    private readonly double[] _edges;

    /// <summary>Creates an axis with the given bin <paramref name="edges"/> (bins = edges − 1).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 edges, an edge is not finite, or the edges are not strictly increasing.</exception>
    public VariableAxis(IReadOnlyList<double> edges) : base(CheckEdges(edges))
    {
        _edges = [.. edges];
    }

    private static int CheckEdges(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2) throw new ArgumentException($"a variable axis needs at least 2 edges, got {edges.Count}", nameof(edges));
        for (int i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i])) throw new ArgumentException($"edge {i} is {edges[i]}; edges must be finite", nameof(edges));
            if (i > 0 && !(edges[i] > edges[i - 1]))
                throw new ArgumentException($"edges must be strictly increasing, but edge {i} ({Fmt(edges[i])}) follows {Fmt(edges[i - 1])}", nameof(edges));
        }
        return edges.Count - 1;
    }

    /// <inheritdoc/>
    public override int Index(double x)
    {
        var e = _edges;
        if (x < e[0]) return 0;
        if (!(x < e[^1])) return e.Length;
        // Invariant: e[lo] <= x < e[hi]; ends with hi = lo + 1, so x lies in bin lo + 1.
        int lo = 0, hi = e.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (x < e[mid]) hi = mid; else lo = mid;
        }
        return lo + 1;
    }

    /// <inheritdoc/>
    protected override double EdgeAt(int i) => _edges[i];

    /// <inheritdoc/>
    public override bool SameBinning(Axis other) => other is VariableAxis v && v._edges.AsSpan().SequenceEqual(_edges);

    /// <inheritdoc/>
    public override string ToString() => $"Variable({Bins} bins, {Fmt(_edges[0])}..{Fmt(_edges[^1])})";
}

/// <summary>
/// One bin per integer in [<see cref="Axis.Min"/>, <see cref="Axis.Max"/>): x in [lo, hi) goes to bin 1 + ⌊x − lo⌋
/// (boost-histogram's integer axis; fractional values fall in the bin of their floor).
/// </summary>
public sealed class IntegerAxis : Axis
{
    private readonly int _lo;

    /// <summary>Creates bins for the integers <paramref name="lo"/>, lo+1, …, <paramref name="hi"/>−1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">lo ≥ hi or the range is too large.</exception>
    public IntegerAxis(int lo, int hi) : base(CheckRange(lo, hi))
    {
        _lo = lo;
    }

    private static int CheckRange(int lo, int hi)
    {
        if (lo >= hi) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"the upper limit must be above the lower limit {lo}");
        long n = (long)hi - lo;
        if (n > int.MaxValue / 4) throw new ArgumentOutOfRangeException(nameof(hi), hi, $"an integer axis of {n} bins is too large");
        return (int)n;
    }

    /// <inheritdoc/>
    public override int Index(double x)
    {
        if (x < _lo) return 0;
        if (!(x < _lo + (double)Bins)) return Bins + 1;
        return 1 + (int)(x - _lo);
    }

    /// <inheritdoc/>
    protected override double EdgeAt(int i) => (double)_lo + i;

    /// <inheritdoc/>
    public override bool SameBinning(Axis other) => other is IntegerAxis a && a._lo == _lo && a.Bins == Bins;

    /// <inheritdoc/>
    internal override Axis Slice(int first, int last) =>
        first == 1 && last == Bins ? this : new IntegerAxis(_lo + first - 1, _lo + last) { Label = Label };

    /// <inheritdoc/>
    public override string ToString() => $"Integer({_lo}, {_lo + Bins})";
}

/// <summary>
/// String categories (ROOT's labelled axis): category k (0-based) is bin k+1; a string that is not a category
/// goes to the overflow bin. Numeric values index categories by position: x in [k, k+1) is category k, and any
/// other value (negative, too large, NaN) goes to the overflow bin, so the underflow bin stays empty as in
/// boost-histogram's category axes.
/// </summary>
public sealed class CategoryAxis : Axis
{
    private readonly string[] _categories;
    private readonly Dictionary<string, int> _lookup;

    /// <summary>Creates an axis with one bin per entry of <paramref name="categories"/>, in order.</summary>
    /// <exception cref="ArgumentException">The list is empty, or holds a null or a repeated category.</exception>
    public CategoryAxis(IReadOnlyList<string> categories) : base(CheckCount(categories))
    {
        _categories = [.. categories];
        _lookup = new Dictionary<string, int>(_categories.Length, StringComparer.Ordinal);
        for (int i = 0; i < _categories.Length; i++)
        {
            if (_categories[i] is null) throw new ArgumentException($"category {i} is null", nameof(categories));
            if (!_lookup.TryAdd(_categories[i], i + 1))
                throw new ArgumentException($"category \"{_categories[i]}\" appears more than once", nameof(categories));
        }
    }

    private static int CheckCount(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0) throw new ArgumentException("a category axis needs at least one category", nameof(categories));
        return categories.Count;
    }

    /// <summary>The categories, in bin order (category i is bin i+1).</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>Returns the bin of <paramref name="category"/> (1..Bins), or the overflow bin if it is not a category.</summary>
    public int Index(string category) => category is not null && _lookup.TryGetValue(category, out int b) ? b : Bins + 1;

    /// <inheritdoc/>
    public override int Index(double x) => x >= 0 && x < Bins ? 1 + (int)x : Bins + 1;

    /// <inheritdoc/>
    protected override double EdgeAt(int i) => i;

    /// <inheritdoc/>
    public override bool SameBinning(Axis other) =>
        other is CategoryAxis c && c._categories.AsSpan().SequenceEqual(_categories);

    /// <inheritdoc/>
    internal override Axis Slice(int first, int last) =>
        first == 1 && last == Bins ? this : new CategoryAxis(_categories[(first - 1)..last]) { Label = Label };

    /// <inheritdoc/>
    public override string ToString() => $"Category({string.Join(", ", _categories.Take(5))}{(Bins > 5 ? ", …" : "")})";
}

/// <summary>
/// Integer categories in any order (boost-histogram's integer category axis): a value equal to category k (0-based)
/// goes to bin k+1; any other value, including non-integers and NaN, goes to the overflow bin. The underflow bin is
/// never filled.
/// </summary>
public sealed class IntCategoryAxis : Axis
{
    private readonly int[] _categories;
    private readonly Dictionary<int, int> _lookup;

    /// <summary>Creates an axis with one bin per entry of <paramref name="categories"/>, in order.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds a repeated category.</exception>
    public IntCategoryAxis(IReadOnlyList<int> categories) : base(CheckCount(categories))
    {
        _categories = [.. categories];
        _lookup = new Dictionary<int, int>(_categories.Length);
        for (int i = 0; i < _categories.Length; i++)
            if (!_lookup.TryAdd(_categories[i], i + 1))
                throw new ArgumentException($"category {_categories[i]} appears more than once", nameof(categories));
    }

    private static int CheckCount(IReadOnlyList<int> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0) throw new ArgumentException("a category axis needs at least one category", nameof(categories));
        return categories.Count;
    }

    /// <summary>The categories, in bin order (category i is bin i+1).</summary>
    public IReadOnlyList<int> Categories => _categories;

    /// <inheritdoc/>
    public override int Index(double x)
    {
        if (x >= int.MinValue && x <= int.MaxValue)
        {
            int k = (int)x;
            if (k == x && _lookup.TryGetValue(k, out int b)) return b;
        }
        return Bins + 1;
    }

    /// <inheritdoc/>
    protected override double EdgeAt(int i) => i;

    /// <inheritdoc/>
    public override bool SameBinning(Axis other) =>
        other is IntCategoryAxis c && c._categories.AsSpan().SequenceEqual(_categories);

    /// <inheritdoc/>
    internal override Axis Slice(int first, int last) =>
        first == 1 && last == Bins ? this : new IntCategoryAxis(_categories[(first - 1)..last]) { Label = Label };

    /// <inheritdoc/>
    public override string ToString() => $"IntCategory({string.Join(", ", _categories.Take(5))}{(Bins > 5 ? ", …" : "")})";
}
