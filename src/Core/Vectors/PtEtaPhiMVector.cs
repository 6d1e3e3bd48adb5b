namespace EventFrame;

/// <summary>
/// A Lorentz four-vector in double precision, built from (pt, eta, phi, mass) like ROOT's
/// <c>ROOT::Math::PtEtaPhiMVector</c> and stored as Cartesian (px, py, pz, E) so that sums are plain additions
/// (as GenVector does when adding vectors). Methods keep ROOT's names and call syntax (<c>(a + b).M()</c>) so
/// ROOT-style expressions compile unchanged.
/// </summary>
public readonly struct PtEtaPhiMVector : IEquatable<PtEtaPhiMVector>
{
    // C++'s numeric_limits<double>::epsilon()^(-1/4): beyond it sqrt(zs² + 1) is expanded to first order.
    private static readonly double BigZScaled = Math.Pow(2.220446049250313e-16, -0.25);

    private readonly double _px, _py, _pz, _e;

    /// <summary>
    /// The vector with transverse momentum <paramref name="pt"/>, pseudorapidity <paramref name="eta"/>, azimuth
    /// <paramref name="phi"/> and mass <paramref name="mass"/>: <c>px = pt cos φ, py = pt sin φ, pz = pt sinh η,
    /// E = sqrt(max(px² + py² + pz² + m|m|, 0))</c> (a negative mass means a negative m², as in GenVector), with
    /// <see cref="DoubleMath.Cartesian(double, double, double, double)"/> (sin, cos and sinh within one or two units in the last place), so a
    /// collection converted at once with <see cref="FromPtEtaPhiM(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{PtEtaPhiMVector})"/> gives the same bits.
    /// </summary>
    public PtEtaPhiMVector(double pt, double eta, double phi, double mass) => (_px, _py, _pz, _e) = DoubleMath.Cartesian(pt, eta, phi, mass);

    /// <summary>
    /// The four-vectors of the particles (pt[i], eta[i], phi[i], mass[i]) in the arena, as ROOT's
    /// <c>ROOT::VecOps::Construct&lt;PtEtaPhiMVector&gt;(pt, eta, phi, mass)</c>; each element bit for bit what the
    /// constructor gives. Throws <see cref="ArgumentException"/> naming the sizes when they differ.
    /// </summary>
    public static RVec<PtEtaPhiMVector> FromPtEtaPhiM(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass)
    {
        int n = pt.Length;
        if (eta.Length != n || phi.Length != n || mass.Length != n)
            throw new ArgumentException($"Construct<PtEtaPhiMVector>: vectors of different sizes (pt {n}, eta {eta.Length}, phi {phi.Length}, mass {mass.Length})");
        var vectors = RVecArena.Allocate<PtEtaPhiMVector>(n, out var r);
        FromPtEtaPhiM(pt.AsSpan(), eta.AsSpan(), phi.AsSpan(), mass.AsSpan(), vectors);
        return r;
    }

    /// <summary>
    /// <see cref="FromPtEtaPhiM(RVec{float}, RVec{float}, RVec{float}, RVec{float})"/> as a delegate, for a typed Define
    /// of a collection's four-vectors as ROOT's <c>Construct&lt;PtEtaPhiMVector&gt;</c>:
    /// <c>df.Define("Jet_p4", PtEtaPhiMVector.Construct, "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass")</c>. Booked so,
    /// the four-vectors of a whole chunk's particles are computed in one SIMD pass instead of entry by entry (same bits).
    /// </summary>
    public static Func<RVec<float>, RVec<float>, RVec<float>, RVec<float>, RVec<PtEtaPhiMVector>> Construct { get; } = FromPtEtaPhiM;

    /// <summary>
    /// Fills <paramref name="vectors"/> with the four-vectors of the particles (pt[i], eta[i], phi[i], mass[i]), each
    /// bit for bit what the constructor gives (SIMD over the particles, <see cref="DoubleMath.PtEtaPhiMToCartesian"/>).
    /// The particle count is <paramref name="vectors"/>' length; throws <see cref="ArgumentException"/> when a component
    /// span is shorter.
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static void FromPtEtaPhiM(ReadOnlySpan<float> pt, ReadOnlySpan<float> eta, ReadOnlySpan<float> phi, ReadOnlySpan<float> mass, Span<PtEtaPhiMVector> vectors)
    {
        int n = vectors.Length;
        if (pt.Length < n || eta.Length < n || phi.Length < n || mass.Length < n)
            throw new ArgumentException($"four-vector components of sizes {pt.Length}, {eta.Length}, {phi.Length}, {mass.Length} for {n} particles");
        // Blocks of 32 particles through the SIMD kernel's component arrays, then interleaved.
        const int Block = 32;
        Span<double> px = stackalloc double[Block], py = stackalloc double[Block], pz = stackalloc double[Block], e = stackalloc double[Block];
        for (int first = 0; first < n; first += Block)
        {
            int m = Math.Min(Block, n - first);
            DoubleMath.PtEtaPhiMToCartesian(pt.Slice(first, m), eta.Slice(first, m), phi.Slice(first, m), mass.Slice(first, m), px, py, pz, e);
            for (int i = 0; i < m; i++) vectors[first + i] = new PtEtaPhiMVector(px[i], py[i], pz[i], e[i], false);
        }
    }

    private PtEtaPhiMVector(double px, double py, double pz, double e, bool _)
    {
        _px = px;
        _py = py;
        _pz = pz;
        _e = e;
    }

    /// <summary>The vector with Cartesian components (px, py, pz, E).</summary>
    public static PtEtaPhiMVector FromPxPyPzE(double px, double py, double pz, double e) => new(px, py, pz, e, false);

    /// <summary>x component of the momentum.</summary>
    public double Px() => _px;

    /// <summary>y component of the momentum.</summary>
    public double Py() => _py;

    /// <summary>z component of the momentum.</summary>
    public double Pz() => _pz;

    /// <summary>Energy.</summary>
    public double E() => _e;

    /// <summary>Transverse momentum <c>sqrt(px² + py²)</c>.</summary>
    public double Pt() => Math.Sqrt(_px * _px + _py * _py);

    /// <summary>Momentum magnitude <c>sqrt(px² + py² + pz²)</c>.</summary>
    public double P() => Math.Sqrt(_px * _px + _py * _py + _pz * _pz);

    /// <summary>Azimuth <c>atan2(py, px)</c> in (-π, π]; 0 when px = py = 0 (GenVector's convention).</summary>
    public double Phi() => _px == 0.0 && _py == 0.0 ? 0.0 : Math.Atan2(_py, _px);

    /// <summary>
    /// Pseudorapidity <c>asinh(pz / pt)</c> computed as GenVector's <c>Eta_FromRhoZ</c>: <c>log(z/ρ + sqrt((z/ρ)² + 1))</c>,
    /// a first-order expansion when |z/ρ| is huge, and <c>±(|pz| + 22756)</c> along the beam axis (0 at rest).
    /// </summary>
    public double Eta()
    {
        double rho = Pt();
        double z = _pz;
        if (rho > 0)
        {
            double zs = z / rho;
            if (Math.Abs(zs) < BigZScaled) return Math.Log(zs + Math.Sqrt(zs * zs + 1.0));
            return z > 0 ? Math.Log(2.0 * zs + 0.5 / zs) : -Math.Log(-2.0 * zs);
        }
        if (z == 0) return 0;
        return z > 0 ? z + 22756.0 : z - 22756.0;
    }

    /// <summary>Squared mass <c>E² - p²</c> (negative for space-like vectors).</summary>
    public double M2() => _e * _e - (_px * _px + _py * _py + _pz * _pz);

    /// <summary>Mass: <c>sqrt(M2)</c>, or <c>-sqrt(-M2)</c> for a space-like vector (GenVector's convention).</summary>
    public double M()
    {
        double mm = M2();
        return mm >= 0 ? Math.Sqrt(mm) : -Math.Sqrt(-mm);
    }

    /// <summary>Component-wise sum of the four-momenta.</summary>
    public static PtEtaPhiMVector operator +(PtEtaPhiMVector a, PtEtaPhiMVector b) =>
        new(a._px + b._px, a._py + b._py, a._pz + b._pz, a._e + b._e, false);

    /// <summary>Component-wise difference of the four-momenta.</summary>
    public static PtEtaPhiMVector operator -(PtEtaPhiMVector a, PtEtaPhiMVector b) =>
        new(a._px - b._px, a._py - b._py, a._pz - b._pz, a._e - b._e, false);

    /// <summary>Exact equality of the four Cartesian components.</summary>
    public bool Equals(PtEtaPhiMVector other) => _px.Equals(other._px) && _py.Equals(other._py) && _pz.Equals(other._pz) && _e.Equals(other._e);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PtEtaPhiMVector o && Equals(o);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_px, _py, _pz, _e);

    /// <summary>Exact equality of the four Cartesian components.</summary>
    public static bool operator ==(PtEtaPhiMVector a, PtEtaPhiMVector b) => a.Equals(b);

    /// <summary>Inequality of any Cartesian component.</summary>
    public static bool operator !=(PtEtaPhiMVector a, PtEtaPhiMVector b) => !a.Equals(b);

    /// <summary>Formats as <c>(pt,eta,phi,m)</c>, as ROOT prints a PtEtaPhiMVector.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Pt():G6},{Eta():G6},{Phi():G6},{M():G6})");
}
