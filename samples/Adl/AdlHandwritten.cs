using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.Adl;

/// <summary>
/// The columns one ADL query reads, loaded once into flat arrays: one value array per flat column, and for each
/// jagged column an offset array (<c>Events + 1</c> entries, starting at 0) with the values of all events back to
/// back. The input of <see cref="AdlHandwritten"/>, the compute limit of the macro benchmark.
/// </summary>
public sealed class AdlArrays
{
    private readonly Dictionary<string, Array> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _offsets = new(StringComparer.Ordinal);

    /// <summary>Number of events.</summary>
    public long Events { get; private set; }

    /// <summary>The branches every query reads, by query name (<c>Q1</c> … <c>Q8</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> Branches { get; } = new Dictionary<string, string[]>
    {
        ["Q1"] = ["MET_pt"],
        ["Q2"] = ["Jet_pt"],
        ["Q3"] = ["Jet_pt", "Jet_eta"],
        ["Q4"] = ["Jet_pt", "MET_pt"],
        ["Q5"] = ["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge", "MET_pt"],
        ["Q6"] = ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_btag"],
        ["Q7"] = ["Jet_pt", "Jet_eta", "Jet_phi", "Muon_pt", "Muon_eta", "Muon_phi", "Electron_pt", "Electron_eta", "Electron_phi"],
        ["Q8"] = ["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge",
                  "Electron_pt", "Electron_eta", "Electron_phi", "Electron_mass", "Electron_charge", "MET_pt", "MET_phi"],
    };

    /// <summary>
    /// Reads <paramref name="columns"/> (flat or singly jagged float or int branches) of every entry of
    /// <paramref name="source"/> into arrays, partition by partition in chunks of 64k entries.
    /// </summary>
    /// <exception cref="NotSupportedException">A column is not a float32 or int32 column of depth 0 or 1.</exception>
    /// <exception cref="InvalidOperationException">The source has more than 2^31 − 1 entries or jagged values.</exception>
    public static AdlArrays Load(IDataSource source, IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(source);
        var arrays = new AdlArrays { Events = source.EntryCount };
        if (source.EntryCount >= int.MaxValue) throw new InvalidOperationException($"{source.Description}: {source.EntryCount} entries do not fit in arrays");
        foreach (var name in columns.Distinct())
        {
            var info = source.Columns.FirstOrDefault(c => c.Name == name)
                ?? throw new ArgumentException($"{source.Description} has no column '{name}'", nameof(columns));
            if (info.Type.Element == ElementType.Float32) arrays.LoadColumn<float>(source, name, info.Type.Depth);
            else if (info.Type.Element == ElementType.Int32) arrays.LoadColumn<int>(source, name, info.Type.Depth);
            else throw new NotSupportedException($"{source.Description}: column '{name}' of type {info.Type} (only float32 and int32 are loaded)");
        }
        return arrays;
    }

    private void LoadColumn<T>(IDataSource source, string name, int depth) where T : unmanaged
    {
        const int Chunk = 1 << 16;
        int events = (int)Events;
        using var reader = source.CreateReader([name]);
        if (depth == 0)
        {
            var values = new T[events];
            var buffer = new FlatBuffer<T>();
            foreach (var p in source.Partitions)
                for (long first = p.FirstEntry; first < p.EndEntry; first += Chunk)
                {
                    int n = (int)Math.Min(Chunk, p.EndEntry - first);
                    reader.ReadChunk(p, first, n, [buffer]);
                    buffer.Values.CopyTo(values.AsSpan((int)first, n));
                }
            _values[name] = values;
        }
        else if (depth == 1)
        {
            var offsets = new int[events + 1];
            var values = new List<T[]>();
            long total = 0;
            var buffer = new JaggedBuffer<T>();
            foreach (var p in source.Partitions)
                for (long first = p.FirstEntry; first < p.EndEntry; first += Chunk)
                {
                    int n = (int)Math.Min(Chunk, p.EndEntry - first);
                    reader.ReadChunk(p, first, n, [buffer]);
                    var o = buffer.Offsets;
                    for (int i = 0; i < n; i++)
                        offsets[first + i + 1] = checked((int)(total + o[i + 1] - o[0]));
                    values.Add(buffer.Values[o[0]..o[n]].ToArray());
                    total += o[n] - o[0];
                }
            var all = new T[checked((int)total)];
            int at = 0;
            foreach (var v in values)
            {
                v.CopyTo(all, at);
                at += v.Length;
            }
            _values[name] = all;
            _offsets[name] = offsets;
        }
        else throw new NotSupportedException($"{source.Description}: column '{name}' is nested {depth} deep");
    }

    /// <summary>The values of flat column <paramref name="name"/>, one per event.</summary>
    public T[] Flat<T>(string name) => (T[])_values[name];

    /// <summary>The values of jagged column <paramref name="name"/>, all events back to back.</summary>
    public T[] Values<T>(string name) => (T[])_values[name];

    /// <summary>The <see cref="Events"/> + 1 offsets of jagged column <paramref name="name"/> into its <see cref="Values{T}"/>.</summary>
    public int[] Offsets(string name) => _offsets[name];

    /// <summary>Bytes held by the loaded arrays (values and offsets).</summary>
    public long ByteSize =>
        _values.Values.Sum(a => (long)a.Length * System.Runtime.InteropServices.Marshal.SizeOf(a.GetType().GetElementType()!)) +
        _offsets.Values.Sum(o => 4L * o.Length);
}

/// <summary>
/// A plain regular histogram of the reference JSON's layout: <c>Counts</c> has underflow, the bins and overflow;
/// <c>Entries</c> counts every fill and <c>Sum</c> adds every filled value (flow included).
/// </summary>
public sealed class AdlPlainHistogram(string column, int bins, double lo, double hi)
{

    /// <summary>The filled column's name, as in the reference JSON.</summary>
    public string Column { get; } = column;

    /// <summary>Underflow, the bins 1 … N, overflow.</summary>
    public long[] Counts { get; } = new long[bins + 2];

    /// <summary>Number of fills.</summary>
    public long Entries { get; private set; }

    /// <summary>Sum of the filled values in double, in fill order.</summary>
    public double Sum { get; private set; }

    /// <summary>
    /// Adds <paramref name="x"/>: bin <c>1 + (int)(N (x − lo) / (hi − lo))</c> for lo ≤ x &lt; hi, underflow below
    /// lo, overflow otherwise (NaN too), as TH1 and the reference JSON.
    /// </summary>
    public void Fill(double x)
    {
        int b = x < lo ? 0 : !(x < hi) ? bins + 1 : Math.Min(1 + (int)(bins * (x - lo) / (hi - lo)), bins);
        Counts[b]++;
        Entries++;
        Sum += x;
    }
}

/// <summary>
/// The eight ADL queries written as one hand-written C# loop each over the flat arrays of <see cref="AdlArrays"/>:
/// no engine, no RVec, no delegates, per-particle four-vectors computed once (SIMD, a block of events at a time). This is the
/// compute limit the macro benchmark compares the engine with; it follows the precision conventions of
/// <see cref="AdlQueries"/> (ROOT's compiled C++), so it fills the same histograms as the reference JSON.
/// </summary>
public static class AdlHandwritten
{
    private const int MaxStack = 64;

    /// <summary>Runs query <paramref name="query"/> (<c>Q1</c> … <c>Q8</c>) over every event of <paramref name="data"/> and returns its histograms.</summary>
    /// <exception cref="ArgumentException">Unknown query.</exception>
    /// <exception cref="KeyNotFoundException">A branch of <see cref="AdlArrays.Branches"/> for the query was not loaded.</exception>
    public static AdlPlainHistogram[] Run(string query, AdlArrays data) => query switch
    {
        "Q1" => [Q1(data)],
        "Q2" => [Q2(data)],
        "Q3" => [Q3(data)],
        "Q4" => [Q4(data)],
        "Q5" => [Q5(data)],
        "Q6" => Q6(data),
        "Q7" => [Q7(data)],
        "Q8" => [Q8(data)],
        _ => throw new ArgumentException($"unknown ADL query '{query}'", nameof(query)),
    };

    private static AdlPlainHistogram Q1(AdlArrays d)
    {
        var h = new AdlPlainHistogram("MET_pt", 100, 0, 200);
        foreach (float met in d.Flat<float>("MET_pt")) h.Fill(met);
        return h;
    }

    private static AdlPlainHistogram Q2(AdlArrays d)
    {
        var h = new AdlPlainHistogram("Jet_pt", 100, 15, 60);
        foreach (float pt in d.Values<float>("Jet_pt")) h.Fill(pt);
        return h;
    }

    private static AdlPlainHistogram Q3(AdlArrays d)
    {
        var h = new AdlPlainHistogram("goodJet_pt", 100, 15, 60);
        var pt = d.Values<float>("Jet_pt");
        var eta = d.Values<float>("Jet_eta");
        // Same offsets for both jet branches: selection per jet, event boundaries do not matter.
        for (int j = 0; j < pt.Length; j++)
            if (Math.Abs(eta[j]) < 1.0f) h.Fill(pt[j]);
        return h;
    }

    private static AdlPlainHistogram Q4(AdlArrays d)
    {
        var h = new AdlPlainHistogram("MET_pt", 100, 0, 200);
        var off = d.Offsets("Jet_pt");
        var pt = d.Values<float>("Jet_pt");
        var met = d.Flat<float>("MET_pt");
        for (int e = 0; e < met.Length; e++)
        {
            int n = 0;
            for (int j = off[e]; j < off[e + 1]; j++)
                if (pt[j] > 40) n++;
            if (n >= 2) h.Fill(met[e]);
        }
        return h;
    }

    private static AdlPlainHistogram Q5(AdlArrays d)
    {
        var h = new AdlPlainHistogram("MET_pt", 100, 0, 200);
        var off = d.Offsets("Muon_pt");
        var charge = d.Values<int>("Muon_charge");
        var met = d.Flat<float>("MET_pt");
        var p = new FourVectorBlock(d, "Muon");
        for (int b = 0; b < met.Length; b += BlockEvents)
        {
            int end = Math.Min(met.Length, b + BlockEvents);
            p.Compute(off[b], off[end]);
            var (x, y, z, en) = (p.X, p.Y, p.Z, p.E);
            for (int e = b; e < end; e++)
            {
                int first = off[e], n = off[e + 1] - first;
                if (n < 2) continue;
                int f = first - p.First;
                bool found = false;
                for (int i = f; i < f + n - 1 && !found; i++)
                    for (int j = i + 1; j < f + n; j++)
                    {
                        if (charge[p.First + i] == charge[p.First + j]) continue;
                        double m = Mass(x[i] + x[j], y[i] + y[j], z[i] + z[j], en[i] + en[j]);
                        if (m > 60 && m < 120)
                        {
                            found = true;
                            break;
                        }
                    }
                if (found) h.Fill(met[e]);
            }
        }
        return h;
    }

    private static AdlPlainHistogram[] Q6(AdlArrays d)
    {
        var hpt = new AdlPlainHistogram("Trijet_pt", 100, 15, 40);
        var hbtag = new AdlPlainHistogram("Trijet_leadingBtag", 100, 0, 1);
        var off = d.Offsets("Jet_pt");
        var btag = d.Values<float>("Jet_btag");
        var p = new FourVectorBlock(d, "Jet");
        int events = off.Length - 1;
        for (int b = 0; b < events; b += BlockEvents)
        {
            int end = Math.Min(events, b + BlockEvents);
            p.Compute(off[b], off[end]);
            var (x, y, z, en) = (p.X, p.Y, p.Z, p.E);
            for (int e = b; e < end; e++)
            {
                int first = off[e], n = off[e + 1] - first;
                if (n < 3) continue;
                int f = first - p.First, last = f + n;
                double best = double.PositiveInfinity, bx = 0, by = 0;
                int bi = f, bj = f + 1, bk = f + 2;
                for (int i = f; i < last - 2; i++)
                    for (int j = i + 1; j < last - 1; j++)
                    {
                        double xij = x[i] + x[j], yij = y[i] + y[j], zij = z[i] + z[j], eij = en[i] + en[j];
                        for (int k = j + 1; k < last; k++)
                        {
                            double sx = xij + x[k], sy = yij + y[k];
                            double dm = Math.Abs(Mass(sx, sy, zij + z[k], eij + en[k]) - AdlQueries.TopMass);
                            if (dm < best)
                            {
                                (best, bx, by) = (dm, sx, sy);
                                (bi, bj, bk) = (i, j, k);
                            }
                        }
                    }
                if (double.IsPositiveInfinity(best))
                {
                    // Every mass was NaN: the first triplet, as FindTrijet.
                    bx = x[f] + x[f + 1] + x[f + 2];
                    by = y[f] + y[f + 1] + y[f + 2];
                }
                int o = p.First;
                hpt.Fill((float)Math.Sqrt(bx * bx + by * by));
                hbtag.Fill(Math.Max(btag[o + bi], Math.Max(btag[o + bj], btag[o + bk])));
            }
        }
        return [hpt, hbtag];
    }

    private static AdlPlainHistogram Q7(AdlArrays d)
    {
        var h = new AdlPlainHistogram("goodJet_sumPt", 100, 15, 200);
        var off = d.Offsets("Jet_pt");
        var (pt, eta, phi) = (d.Values<float>("Jet_pt"), d.Values<float>("Jet_eta"), d.Values<float>("Jet_phi"));
        var moff = d.Offsets("Muon_pt");
        var (mpt, meta, mphi) = (d.Values<float>("Muon_pt"), d.Values<float>("Muon_eta"), d.Values<float>("Muon_phi"));
        var eoff = d.Offsets("Electron_pt");
        var (ept, eeta, ephi) = (d.Values<float>("Electron_pt"), d.Values<float>("Electron_eta"), d.Values<float>("Electron_phi"));
        Span<float> lep = stackalloc float[2 * MaxStack];
        for (int e = 0; e < off.Length - 1; e++)
        {
            if (off[e + 1] == off[e]) continue;
            // The leptons above 10 GeV, (η, φ) pairs, muons then electrons.
            int nl = moff[e + 1] - moff[e] + eoff[e + 1] - eoff[e];
            var l = nl <= MaxStack ? lep[..(2 * nl)] : new float[2 * nl];
            nl = 0;
            for (int m = moff[e]; m < moff[e + 1]; m++)
                if (mpt[m] > 10) { l[2 * nl] = meta[m]; l[2 * nl + 1] = mphi[m]; nl++; }
            for (int m = eoff[e]; m < eoff[e + 1]; m++)
                if (ept[m] > 10) { l[2 * nl] = eeta[m]; l[2 * nl + 1] = ephi[m]; nl++; }
            float sum = 0;
            bool any = false;
            for (int j = off[e]; j < off[e + 1]; j++)
            {
                if (!(pt[j] > 30)) continue;
                bool isolated = true;
                for (int k = 0; k < nl; k++)
                    if (AdlQueries.DeltaR(eta[j], l[2 * k], phi[j], l[2 * k + 1]) < 0.4) { isolated = false; break; }
                if (isolated)
                {
                    sum += pt[j];
                    any = true;
                }
            }
            if (any) h.Fill(sum);
        }
        return h;
    }

    private static AdlPlainHistogram Q8(AdlArrays d)
    {
        var h = new AdlPlainHistogram("TransverseMass", 100, 0, 200);
        var moff = d.Offsets("Muon_pt");
        var eoff = d.Offsets("Electron_pt");
        var (mpt, mphi, mq) = (d.Values<float>("Muon_pt"), d.Values<float>("Muon_phi"), d.Values<int>("Muon_charge"));
        var (ept, ephi, eq) = (d.Values<float>("Electron_pt"), d.Values<float>("Electron_phi"), d.Values<int>("Electron_charge"));
        var met = d.Flat<float>("MET_pt");
        var metPhi = d.Flat<float>("MET_phi");
        var mu = new FourVectorBlock(d, "Muon");
        var el = new FourVectorBlock(d, "Electron");
        for (int b = 0; b < met.Length; b += BlockEvents)
        {
            int end = Math.Min(met.Length, b + BlockEvents);
            mu.Compute(moff[b], moff[end]);
            el.Compute(eoff[b], eoff[end]);
            for (int e = b; e < end; e++)
            {
                int m0 = moff[e], nm = moff[e + 1] - m0, e0 = eoff[e], ne = eoff[e + 1] - e0;
                if (nm + ne <= 2) continue;
                // Same-flavour pairs only: the muon pairs come before the electron pairs in the (i < j) order of the
                // concatenated leptons, so searching muons first keeps "first pair wins" on ties.
                double best = double.PositiveInfinity;
                int b1 = -1, b2 = -1;
                BestPair(mu, mq, m0, nm, 0, ref best, ref b1, ref b2);
                BestPair(el, eq, e0, ne, nm, ref best, ref b1, ref b2);
                if (b1 < 0) continue;
                // Highest-pT lepton outside the pair (first on ties), muons then electrons.
                int other = -1;
                float otherPt = 0, otherPhi = 0;
                for (int i = 0; i < nm + ne; i++)
                {
                    if (i == b1 || i == b2) continue;
                    float lpt = i < nm ? mpt[m0 + i] : ept[e0 + i - nm];
                    if (other < 0 || lpt > otherPt)
                    {
                        other = i;
                        otherPt = lpt;
                        otherPhi = i < nm ? mphi[m0 + i] : ephi[e0 + i - nm];
                    }
                }
                h.Fill(Math.Sqrt(2.0 * otherPt * met[e] * (1.0 - Math.Cos(AdlQueries.DeltaPhi(metPhi[e], otherPhi)))));
            }
        }
        return h;
    }

    // The opposite-charge pair of particles first … first + n − 1 (four-vectors in `p`) with the mass closest to the Z.
    private static void BestPair(FourVectorBlock p, int[] charge, int first, int n, int shift, ref double best, ref int b1, ref int b2)
    {
        int f = first - p.First;
        var (x, y, z, en) = (p.X, p.Y, p.Z, p.E);
        for (int i = 0; i < n - 1; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (charge[first + i] == charge[first + j]) continue;
                int a = f + i, c = f + j;
                double dm = Math.Abs(Mass(x[a] + x[c], y[a] + y[c], z[a] + z[c], en[a] + en[c]) - AdlQueries.ZMass);
                if (dm < best)
                {
                    best = dm;
                    (b1, b2) = (shift + i, shift + j);
                }
            }
    }

    // Events go in blocks whose particles' four-vectors are computed at once (SIMD) into buffers reused block after block.
    private const int BlockEvents = 2048;

    /// <summary>(px, py, pz, E) in double of the particles <see cref="First"/> … of one collection, as PtEtaPhiMVector.</summary>
    private sealed class FourVectorBlock(AdlArrays d, string collection)
    {
        private readonly float[] _pt = d.Values<float>(collection + "_pt"), _eta = d.Values<float>(collection + "_eta"),
                                 _phi = d.Values<float>(collection + "_phi"), _mass = d.Values<float>(collection + "_mass");

        public double[] X = [], Y = [], Z = [], E = [];

        /// <summary>Index of the collection's particle held at position 0.</summary>
        public int First;

        public void Compute(int from, int to)
        {
            int n = to - from;
            if (X.Length < n) (X, Y, Z, E) = (new double[n], new double[n], new double[n], new double[n]);
            First = from;
            DoubleMath.PtEtaPhiMToCartesian(_pt.AsSpan(from, n), _eta.AsSpan(from, n), _phi.AsSpan(from, n), _mass.AsSpan(from, n), X, Y, Z, E);
        }
    }

    // GenVector's M(): sqrt(E² − p²), negative for space-like sums.
    private static double Mass(double px, double py, double pz, double e)
    {
        double mm = e * e - (px * px + py * py + pz * pz);
        return mm >= 0 ? Math.Sqrt(mm) : -Math.Sqrt(-mm);
    }
}
