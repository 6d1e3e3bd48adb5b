using EventFrame.Histograms;

namespace EventFrame.Adl;

/// <summary>
/// One histogram booked by an ADL query, with the lazy sum of every value it is filled with (underflow and
/// overflow included, as the reference JSON's <c>sum</c>; the histogram's own statistics leave the flow bins out).
/// </summary>
/// <param name="Query">The query, <c>Q1</c> … <c>Q8</c>.</param>
/// <param name="Column">The filled column, named as in the reference JSON (<c>MET_pt</c>, <c>Trijet_pt</c>, …).</param>
/// <param name="Histogram">The lazy histogram.</param>
/// <param name="Sum">The lazy sum, in double, of the filled values.</param>
public sealed record AdlHistogram(string Query, string Column, Result<Hist1D> Histogram, Result<double> Sum);

/// <summary>
/// The eight IRIS-HEP ADL functionality benchmarks (root-project/opendata-benchmarks) on a NanoAOD-like
/// <c>Events</c> tree (Run2012B_SingleMu schema), each in two forms that give identical histograms: C# string
/// expressions over column names, written as ROOT's jitted RDataFrame versions with VecOps functions, and typed
/// lambdas, written as loops that allocate nothing on the heap. Every method only books: reading the value of any
/// returned result runs one event loop that fills everything booked on the dataset.
/// </summary>
/// <remarks>
/// Precision follows ROOT's compiled C++ versions: four-vectors are built and summed in double (as
/// <c>PtEtaPhiMVector</c>), the Q6 trijet pT is rounded to float, the Q7 ΔR is <c>DeltaR&lt;float&gt;</c> compared in
/// double with 0.4 and its pT sum accumulates in float in jet order, and the Q8 azimuth difference is
/// <c>DeltaPhi&lt;float&gt;</c> with the transverse mass in double.
/// </remarks>
public static class AdlQueries
{
    /// <summary>The query names, <c>Q1</c> … <c>Q8</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"];

    /// <summary>Mass hypothesis of the Q6 trijet (top quark), GeV.</summary>
    public const double TopMass = 172.5;

    /// <summary>Mass hypothesis of the Q8 same-flavour opposite-charge pair (Z boson), GeV.</summary>
    public const double ZMass = 91.2;

    // Above this many particles the per-event four-vectors go to the arena instead of the stack.
    private const int StackParticles = 32;

    // ------------------------------------------------------------------------------------------ all queries

    /// <summary>Books every query in the string-expression form; the results are keyed by query name.</summary>
    public static IReadOnlyDictionary<string, AdlHistogram[]> BookStrings(Frame df) => Names.ToDictionary(q => q, q => BookStrings(df, q));

    /// <summary>Books every query in the typed-lambda form; the results are keyed by query name.</summary>
    public static IReadOnlyDictionary<string, AdlHistogram[]> BookLambdas(Frame df) => Names.ToDictionary(q => q, q => BookLambdas(df, q));

    /// <summary>Books the query named <paramref name="query"/> (<c>Q1</c> … <c>Q8</c>, case-insensitive) in the string-expression form.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static AdlHistogram[] BookStrings(Frame df, string query) => Normalize(query) switch
    {
        "Q1" => Q1Strings(df),
        "Q2" => Q2Strings(df),
        "Q3" => Q3Strings(df),
        "Q4" => Q4Strings(df),
        "Q5" => Q5Strings(df),
        "Q6" => Q6Strings(df),
        "Q7" => Q7Strings(df),
        _ => Q8Strings(df),
    };

    /// <summary>Books the query named <paramref name="query"/> (<c>Q1</c> … <c>Q8</c>, case-insensitive) in the typed-lambda form.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static AdlHistogram[] BookLambdas(Frame df, string query) => Normalize(query) switch
    {
        "Q1" => Q1Lambdas(df),
        "Q2" => Q2Lambdas(df),
        "Q3" => Q3Lambdas(df),
        "Q4" => Q4Lambdas(df),
        "Q5" => Q5Lambdas(df),
        "Q6" => Q6Lambdas(df),
        "Q7" => Q7Lambdas(df),
        _ => Q8Lambdas(df),
    };

    private static string Normalize(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query.Trim().ToUpperInvariant();
        if (!Names.Contains(q))
            throw new ArgumentException($"unknown ADL query '{query}'; expected one of {string.Join(", ", Names)}", nameof(query));
        return q;
    }

    private static AdlHistogram Book(string query, Frame at, string column, int bins, double lo, double hi, string title) =>
        new(query, column, at.Histo1D(new Hist1DModel($"{query}_{column}", title, bins, lo, hi), column), at.Sum(column));

    // ------------------------------------------------------------------------------------------ Q1, Q2

    /// <summary>Q1: the missing transverse energy <c>MET_pt</c> of all events, 100 bins on [0, 200) GeV.</summary>
    public static AdlHistogram[] Q1Strings(Frame df) => [Book("Q1", df, "MET_pt", 100, 0, 200, "Q1;MET (GeV);N_{Events}")];

    /// <summary>
    /// Q1 in the lambda form: there is nothing to compute, so it fills <c>MET_pt</c> as the string form does
    /// (ROOT's compiled version is the same single <c>Histo1D</c>).
    /// </summary>
    public static AdlHistogram[] Q1Lambdas(Frame df) => Q1Strings(df);

    /// <summary>Q2: the pT of every jet (every element of <c>Jet_pt</c>), 100 bins on [15, 60) GeV.</summary>
    public static AdlHistogram[] Q2Strings(Frame df) => [Book("Q2", df, "Jet_pt", 100, 15, 60, "Q2;Jet p_{T} (GeV);N_{Jets}")];

    /// <summary>Q2 in the lambda form: a vector column fills every element, so it is the string form's single <c>Histo1D</c>.</summary>
    public static AdlHistogram[] Q2Lambdas(Frame df) => Q2Strings(df);

    // ------------------------------------------------------------------------------------------ Q3, Q4

    /// <summary>Q3: the pT of jets with |η| &lt; 1 (<c>Jet_pt[abs(Jet_eta) &lt; 1.0]</c>, η compared in double), 100 bins on [15, 60) GeV.</summary>
    public static AdlHistogram[] Q3Strings(Frame df)
    {
        var jets = df.Define("goodJet_pt", "Jet_pt[abs(Jet_eta) < 1.0]");
        return [Book("Q3", jets, "goodJet_pt", 100, 15, 60, "Q3;Jet p_{T} (GeV);N_{Jets}")];
    }

    /// <summary>Q3 in the lambda form: the same selection written with RVec operators.</summary>
    public static AdlHistogram[] Q3Lambdas(Frame df)
    {
        var jets = df.Define("goodJet_pt", (RVec<float> pt, RVec<float> eta) => pt[VecOps.abs(eta) < 1.0], "Jet_pt", "Jet_eta");
        return [Book("Q3", jets, "goodJet_pt", 100, 15, 60, "Q3;Jet p_{T} (GeV);N_{Jets}")];
    }

    /// <summary>Q4: <c>MET_pt</c> of events with at least two jets with pT &gt; 40 GeV, 100 bins on [0, 200) GeV.</summary>
    public static AdlHistogram[] Q4Strings(Frame df)
    {
        var events = df.Filter("Sum(Jet_pt > 40) > 1", "At least two jets with pT > 40 GeV");
        return [Book("Q4", events, "MET_pt", 100, 0, 200, "Q4;MET (GeV);N_{Events}")];
    }

    /// <summary>Q4 in the lambda form: counts the jets above 40 GeV and stops at the second.</summary>
    public static AdlHistogram[] Q4Lambdas(Frame df)
    {
        var events = df.Filter((RVec<float> pt) =>
        {
            int n = 0;
            foreach (float x in pt)
                if (x > 40 && ++n == 2) return true;
            return false;
        }, ["Jet_pt"], "At least two jets with pT > 40 GeV");
        return [Book("Q4", events, "MET_pt", 100, 0, 200, "Q4;MET (GeV);N_{Events}")];
    }

    // ------------------------------------------------------------------------------------------ Q5

    /// <summary>
    /// Q5: <c>MET_pt</c> of events with an opposite-charge muon pair of invariant mass in (60, 120) GeV, 100 bins on
    /// [0, 200) GeV. Every pair i &lt; j of muons is formed with <c>Combinations</c>, its mass computed in double with
    /// <c>InvariantMasses</c>.
    /// </summary>
    public static AdlHistogram[] Q5Strings(Frame df)
    {
        var events = df.Filter("nMuon >= 2", "At least two muons")
            .Define("Dimuon", "Combinations(Muon_pt, 2)")
            .Define("Dimuon_mass", "InvariantMasses(Take(Muon_pt, Dimuon[0]), Take(Muon_eta, Dimuon[0]), Take(Muon_phi, Dimuon[0]), Take(Muon_mass, Dimuon[0]), " +
                                   "Take(Muon_pt, Dimuon[1]), Take(Muon_eta, Dimuon[1]), Take(Muon_phi, Dimuon[1]), Take(Muon_mass, Dimuon[1]))")
            .Define("Dimuon_os", "Take(Muon_charge, Dimuon[0]) != Take(Muon_charge, Dimuon[1])")
            .Filter("Any(Dimuon_os && Dimuon_mass > 60 && Dimuon_mass < 120)", "An opposite-charge dimuon with 60 < m < 120 GeV");
        return [Book("Q5", events, "MET_pt", 100, 0, 200, "Q5;MET (GeV);N_{Events}")];
    }

    /// <summary>Q5 in the lambda form: <see cref="HasOppositeChargePair"/> over the muons.</summary>
    public static AdlHistogram[] Q5Lambdas(Frame df)
    {
        var events = df.Filter((uint n) => n >= 2, ["nMuon"], "At least two muons")
            .Filter((RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> charge) =>
                        HasOppositeChargePair(pt, eta, phi, mass, charge, 60, 120),
                    ["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"], "An opposite-charge dimuon with 60 < m < 120 GeV");
        return [Book("Q5", events, "MET_pt", 100, 0, 200, "Q5;MET (GeV);N_{Events}")];
    }

    /// <summary>
    /// True when some pair i &lt; j of particles with different charges has an invariant mass (of the
    /// <see cref="PtEtaPhiMVector"/> sum, in double) strictly between <paramref name="lo"/> and <paramref name="hi"/>.
    /// </summary>
    public static bool HasOppositeChargePair(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> charge, double lo, double hi)
    {
        int n = pt.Length;
        Span<PtEtaPhiMVector> p4 = n <= StackParticles ? stackalloc PtEtaPhiMVector[n] : RVecArena.Allocate<PtEtaPhiMVector>(n, out _);
        FourVectors(pt, eta, phi, mass, p4);
        for (int i = 0; i < n - 1; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (charge[i] == charge[j]) continue;
                double m = (p4[i] + p4[j]).M();
                if (m > lo && m < hi) return true;
            }
        return false;
    }

    // ------------------------------------------------------------------------------------------ Q6

    /// <summary>
    /// Q6: in events with at least three jets, the trijet (any three jets i &lt; j &lt; k) whose invariant mass is
    /// closest to <see cref="TopMass"/> (the first such trijet on ties): its pT rounded to float, 100 bins on
    /// [15, 40) GeV, and the largest <c>Jet_btag</c> of its three jets, 100 bins on [0, 1). The trijets' four-momenta
    /// are summed column-wise from per-jet Cartesian components in double.
    /// </summary>
    public static AdlHistogram[] Q6Strings(Frame df)
    {
        var trijets = df.Filter("nJet >= 3", "At least three jets")
            .Define("Jet_px", "Map(Jet_pt, Jet_phi, (pt, phi) => pt * Math.Cos(phi))")
            .Define("Jet_py", "Map(Jet_pt, Jet_phi, (pt, phi) => pt * Math.Sin(phi))")
            .Define("Jet_pz", "Map(Jet_pt, Jet_eta, (pt, eta) => pt * Math.Sinh(eta))")
            .Define("Jet_e", "sqrt(Jet_px * Jet_px + Jet_py * Jet_py + Jet_pz * Jet_pz + Map(Jet_mass, m => (double)m * m))")
            .Define("Trijet", "Combinations(Jet_pt, 3)")
            .Define("Trijet_px", "Take(Jet_px, Trijet[0]) + Take(Jet_px, Trijet[1]) + Take(Jet_px, Trijet[2])")
            .Define("Trijet_py", "Take(Jet_py, Trijet[0]) + Take(Jet_py, Trijet[1]) + Take(Jet_py, Trijet[2])")
            .Define("Trijet_pz", "Take(Jet_pz, Trijet[0]) + Take(Jet_pz, Trijet[1]) + Take(Jet_pz, Trijet[2])")
            .Define("Trijet_e", "Take(Jet_e, Trijet[0]) + Take(Jet_e, Trijet[1]) + Take(Jet_e, Trijet[2])")
            .Define("Trijet_mass", "sqrt(Trijet_e * Trijet_e - (Trijet_px * Trijet_px + Trijet_py * Trijet_py + Trijet_pz * Trijet_pz))")
            .Define("Trijet_best", "ArgMin(abs(Trijet_mass - 172.5))");
        var pt = trijets.Define("Trijet_pt", "(float)Math.Sqrt(Trijet_px[Trijet_best] * Trijet_px[Trijet_best] + Trijet_py[Trijet_best] * Trijet_py[Trijet_best])");
        var btag = trijets.Define("Trijet_leadingBtag",
            "Math.Max(Jet_btag[Trijet[0][Trijet_best]], Math.Max(Jet_btag[Trijet[1][Trijet_best]], Jet_btag[Trijet[2][Trijet_best]]))");
        return
        [
            Book("Q6", pt, "Trijet_pt", 100, 15, 40, "Q6;Trijet p_{T} (GeV);N_{Events}"),
            Book("Q6", btag, "Trijet_leadingBtag", 100, 0, 1, "Q6;Trijet leading b-tag;N_{Events}"),
        ];
    }

    /// <summary>Q6 in the lambda form: <see cref="FindTrijet"/>, then the trijet's pT and its jets' largest b-tag.</summary>
    public static AdlHistogram[] Q6Lambdas(Frame df)
    {
        var trijets = df.Filter((uint n) => n >= 3, ["nJet"], "At least three jets")
            .Define("Trijet_idx", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass) => FindTrijet(pt, eta, phi, mass, TopMass),
                    "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass");
        var pt = trijets.Define("Trijet_pt", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> idx) =>
        {
            var sum = new PtEtaPhiMVector(pt[idx[0]], eta[idx[0]], phi[idx[0]], mass[idx[0]])
                    + new PtEtaPhiMVector(pt[idx[1]], eta[idx[1]], phi[idx[1]], mass[idx[1]])
                    + new PtEtaPhiMVector(pt[idx[2]], eta[idx[2]], phi[idx[2]], mass[idx[2]]);
            return (float)sum.Pt();
        }, "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Trijet_idx");
        var btag = trijets.Define("Trijet_leadingBtag", (RVec<float> btag, RVec<int> idx) => VecOps.Max(VecOps.Take(btag, idx)), "Jet_btag", "Trijet_idx");
        return
        [
            Book("Q6", pt, "Trijet_pt", 100, 15, 40, "Q6;Trijet p_{T} (GeV);N_{Events}"),
            Book("Q6", btag, "Trijet_leadingBtag", 100, 0, 1, "Q6;Trijet leading b-tag;N_{Events}"),
        ];
    }

    /// <summary>
    /// The indices (i, j, k), i &lt; j &lt; k, of the three particles whose summed four-momentum (in double) has the
    /// invariant mass closest to <paramref name="targetMass"/>; the first such triplet in lexicographic order wins
    /// ties, and triplets whose mass is NaN are skipped. Returns a 3-element vector in the arena; (0, 1, 2) if
    /// every mass is NaN. Throws <see cref="ArgumentOutOfRangeException"/> for fewer than three particles.
    /// </summary>
    public static RVec<int> FindTrijet(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, double targetMass)
    {
        int n = pt.Length;
        if (n < 3) throw new ArgumentOutOfRangeException(nameof(pt), $"FindTrijet needs at least three particles, got {n}");
        Span<PtEtaPhiMVector> p4 = n <= StackParticles ? stackalloc PtEtaPhiMVector[n] : RVecArena.Allocate<PtEtaPhiMVector>(n, out _);
        FourVectors(pt, eta, phi, mass, p4);
        double best = double.PositiveInfinity;
        int bi = 0, bj = 1, bk = 2;
        for (int i = 0; i < n - 2; i++)
            for (int j = i + 1; j < n - 1; j++)
            {
                var pij = p4[i] + p4[j];
                for (int k = j + 1; k < n; k++)
                {
                    double d = Math.Abs((pij + p4[k]).M() - targetMass);
                    if (d < best)
                    {
                        best = d;
                        (bi, bj, bk) = (i, j, k);
                    }
                }
            }
        var idx = RVecArena.Allocate<int>(3, out var r);
        idx[0] = bi;
        idx[1] = bj;
        idx[2] = bk;
        return r;
    }

    // ------------------------------------------------------------------------------------------ Q7

    /// <summary>
    /// Q7: in events with at least one jet, the scalar sum (in float, in jet order) of the pT of jets with
    /// pT &gt; 30 GeV that are not within ΔR &lt; 0.4 of any muon or electron with pT &gt; 10 GeV; events with at
    /// least one such jet, 100 bins on [15, 200) GeV. The jet–lepton pairs come from <c>Combinations</c> and jets
    /// close to a lepton are removed with <c>Drop</c>.
    /// </summary>
    public static AdlHistogram[] Q7Strings(Frame df)
    {
        var events = df.Filter("nJet > 0", "At least one jet")
            .Define("Lepton_eta", "Concatenate(Muon_eta[Muon_pt > 10], Electron_eta[Electron_pt > 10])")
            .Define("Lepton_phi", "Concatenate(Muon_phi[Muon_pt > 10], Electron_phi[Electron_pt > 10])")
            .Define("JetLepton", "Combinations(Jet_eta, Lepton_eta)")
            .Define("JetLepton_dr", "DeltaR(Take(Jet_eta, JetLepton[0]), Take(Lepton_eta, JetLepton[1]), Take(Jet_phi, JetLepton[0]), Take(Lepton_phi, JetLepton[1]))")
            .Define("cleanJet_pt", "Drop(Jet_pt, JetLepton[0][JetLepton_dr < 0.4])")
            .Define("goodJet_pt", "cleanJet_pt[cleanJet_pt > 30]")
            .Filter("goodJet_pt.Length > 0", "At least one good jet")
            .Define("goodJet_sumPt", "Sum(goodJet_pt)");
        return [Book("Q7", events, "goodJet_sumPt", 100, 15, 200, "Q7;Jet p_{T} sum (GeV);N_{Events}")];
    }

    /// <summary>Q7 in the lambda form: <see cref="FindIsolatedJets"/> against muons and against electrons, then the masked sum.</summary>
    public static AdlHistogram[] Q7Lambdas(Frame df)
    {
        var events = df.Filter((uint n) => n > 0, ["nJet"], "At least one jet")
            .Define("goodJet_antiMuon", (RVec<float> eta, RVec<float> phi, RVec<float> lpt, RVec<float> leta, RVec<float> lphi) =>
                        FindIsolatedJets(eta, phi, lpt, leta, lphi, 10, 0.4), "Jet_eta", "Jet_phi", "Muon_pt", "Muon_eta", "Muon_phi")
            .Define("goodJet_antiElectron", (RVec<float> eta, RVec<float> phi, RVec<float> lpt, RVec<float> leta, RVec<float> lphi) =>
                        FindIsolatedJets(eta, phi, lpt, leta, lphi, 10, 0.4), "Jet_eta", "Jet_phi", "Electron_pt", "Electron_eta", "Electron_phi")
            .Define("goodJet", (RVec<float> pt, RVec<bool> antiMuon, RVec<bool> antiElectron) =>
            {
                var good = RVecArena.Allocate<bool>(pt.Length, out var r);
                for (int j = 0; j < good.Length; j++) good[j] = pt[j] > 30 && antiMuon[j] && antiElectron[j];
                return r;
            }, "Jet_pt", "goodJet_antiMuon", "goodJet_antiElectron")
            .Filter((RVec<bool> good) => VecOps.Any(good), ["goodJet"], "At least one good jet")
            .Define("goodJet_sumPt", (RVec<bool> good, RVec<float> pt) =>
            {
                float sum = 0;
                for (int j = 0; j < pt.Length; j++)
                    if (good[j]) sum += pt[j];
                return sum;
            }, "goodJet", "Jet_pt");
        return [Book("Q7", events, "goodJet_sumPt", 100, 15, 200, "Q7;Jet p_{T} sum (GeV);N_{Events}")];
    }

    /// <summary>
    /// For each jet (η, φ), true unless some lepton with pT &gt; <paramref name="leptonPtCut"/> lies within
    /// <c>DeltaR&lt;float&gt;(jet η, lepton η, jet φ, lepton φ) &lt; <paramref name="maxDeltaR"/></c> (ΔR in float,
    /// compared in double, as ROOT's compiled Q7). Returns a mask in the arena, one element per jet.
    /// </summary>
    public static RVec<bool> FindIsolatedJets(RVec<float> jetEta, RVec<float> jetPhi, RVec<float> leptonPt, RVec<float> leptonEta, RVec<float> leptonPhi,
                                              double leptonPtCut, double maxDeltaR)
    {
        var mask = RVecArena.Allocate<bool>(jetEta.Length, out var r);
        for (int j = 0; j < mask.Length; j++)
        {
            bool isolated = true;
            for (int l = 0; l < leptonPt.Length && isolated; l++)
                if (leptonPt[l] > leptonPtCut && VecOps.DeltaR(jetEta[j], leptonEta[l], jetPhi[j], leptonPhi[l]) < maxDeltaR)
                    isolated = false;
            mask[j] = isolated;
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------ Q8

    /// <summary>
    /// Q8: in events with at least three leptons (muons, then electrons) and a same-flavour opposite-charge pair,
    /// the transverse mass <c>sqrt(2 pT MET (1 − cos Δφ))</c> of MET and the highest-pT lepton not in the pair whose
    /// invariant mass is closest to <see cref="ZMass"/> (first pair on ties); Δφ is <c>DeltaPhi&lt;float&gt;</c>, the
    /// rest double; 100 bins on [0, 200) GeV. Flavours are PDG numbers (13 muon, 11 electron).
    /// </summary>
    public static AdlHistogram[] Q8Strings(Frame df)
    {
        var events = df.Filter("nElectron + nMuon > 2", "At least three leptons")
            .Define("Lepton_pt", "Concatenate(Muon_pt, Electron_pt)")
            .Define("Lepton_eta", "Concatenate(Muon_eta, Electron_eta)")
            .Define("Lepton_phi", "Concatenate(Muon_phi, Electron_phi)")
            .Define("Lepton_mass", "Concatenate(Muon_mass, Electron_mass)")
            .Define("Lepton_charge", "Concatenate(Muon_charge, Electron_charge)")
            .Define("Lepton_flavour", "Concatenate(Map(Muon_charge, q => 13), Map(Electron_charge, q => 11))")
            .Define("Dilepton", "Combinations(Lepton_pt, 2)")
            .Define("Dilepton_mass", "InvariantMasses(Take(Lepton_pt, Dilepton[0]), Take(Lepton_eta, Dilepton[0]), Take(Lepton_phi, Dilepton[0]), Take(Lepton_mass, Dilepton[0]), " +
                                     "Take(Lepton_pt, Dilepton[1]), Take(Lepton_eta, Dilepton[1]), Take(Lepton_phi, Dilepton[1]), Take(Lepton_mass, Dilepton[1]))")
            .Define("Dilepton_sfos", "Take(Lepton_charge, Dilepton[0]) != Take(Lepton_charge, Dilepton[1]) && Take(Lepton_flavour, Dilepton[0]) == Take(Lepton_flavour, Dilepton[1])")
            .Filter("Any(Dilepton_sfos)", "A same-flavour opposite-charge pair")
            .Define("Z_idx", "ArgMin(Where(Dilepton_sfos, abs(Dilepton_mass - 91.2), double.PositiveInfinity))")
            .Define("Lepton_notZ", "Enumerate(Lepton_pt) != Dilepton[0][Z_idx] && Enumerate(Lepton_pt) != Dilepton[1][Z_idx]")
            .Define("AdditionalLepton_idx", "ArgMax(Where(Lepton_notZ, Lepton_pt, float.NegativeInfinity))")
            .Define("TransverseMass", "Math.Sqrt(2.0 * Lepton_pt[AdditionalLepton_idx] * MET_pt * (1.0 - Math.Cos(DeltaPhi(MET_phi, Lepton_phi[AdditionalLepton_idx]))))");
        return [Book("Q8", events, "TransverseMass", 100, 0, 200, "Q8;Transverse mass (GeV);N_{Events}")];
    }

    /// <summary>Q8 in the lambda form: the leptons concatenated as in ROOT's compiled version, then <see cref="AdditionalLeptonIndex"/>.</summary>
    public static AdlHistogram[] Q8Lambdas(Frame df)
    {
        var events = df.Filter((uint nElectron, uint nMuon) => nElectron + nMuon > 2, ["nElectron", "nMuon"], "At least three leptons")
            .Define("Lepton_pt", (RVec<float> mu, RVec<float> el) => VecOps.Concatenate(mu, el), "Muon_pt", "Electron_pt")
            .Define("Lepton_eta", (RVec<float> mu, RVec<float> el) => VecOps.Concatenate(mu, el), "Muon_eta", "Electron_eta")
            .Define("Lepton_phi", (RVec<float> mu, RVec<float> el) => VecOps.Concatenate(mu, el), "Muon_phi", "Electron_phi")
            .Define("Lepton_mass", (RVec<float> mu, RVec<float> el) => VecOps.Concatenate(mu, el), "Muon_mass", "Electron_mass")
            .Define("Lepton_charge", (RVec<int> mu, RVec<int> el) => VecOps.Concatenate(mu, el), "Muon_charge", "Electron_charge")
            .Define("Lepton_flavour", (uint nMuon, uint nElectron) =>
            {
                var flavour = RVecArena.Allocate<int>(checked((int)(nMuon + nElectron)), out var r);
                flavour[..(int)nMuon].Fill(13);
                flavour[(int)nMuon..].Fill(11);
                return r;
            }, "nMuon", "nElectron")
            .Define("AdditionalLepton_idx", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> charge, RVec<int> flavour) =>
                        AdditionalLeptonIndex(pt, eta, phi, mass, charge, flavour, ZMass),
                    "Lepton_pt", "Lepton_eta", "Lepton_phi", "Lepton_mass", "Lepton_charge", "Lepton_flavour")
            .Filter((int idx) => idx >= 0, ["AdditionalLepton_idx"], "A same-flavour opposite-charge pair")
            .Define("TransverseMass", (RVec<float> pt, RVec<float> phi, float met, float metPhi, int idx) =>
                        Math.Sqrt(2.0 * pt[idx] * met * (1.0 - Math.Cos(VecOps.DeltaPhi(metPhi, phi[idx])))),
                    "Lepton_pt", "Lepton_phi", "MET_pt", "MET_phi", "AdditionalLepton_idx");
        return [Book("Q8", events, "TransverseMass", 100, 0, 200, "Q8;Transverse mass (GeV);N_{Events}")];
    }

    /// <summary>
    /// Among the pairs i &lt; j of leptons with different charges and equal flavours, takes the one whose invariant
    /// mass (in double) is closest to <paramref name="targetMass"/> (the first on ties) and returns the index of the
    /// highest-pT lepton outside it (the first on ties); −1 when there is no such pair or no other lepton.
    /// </summary>
    public static int AdditionalLeptonIndex(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> charge, RVec<int> flavour, double targetMass)
    {
        int n = pt.Length;
        Span<PtEtaPhiMVector> p4 = n <= StackParticles ? stackalloc PtEtaPhiMVector[n] : RVecArena.Allocate<PtEtaPhiMVector>(n, out _);
        FourVectors(pt, eta, phi, mass, p4);
        double best = double.PositiveInfinity;
        int b1 = -1, b2 = -1;
        for (int i = 0; i < n - 1; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (charge[i] == charge[j] || flavour[i] != flavour[j]) continue;
                double d = Math.Abs((p4[i] + p4[j]).M() - targetMass);
                if (d < best)
                {
                    best = d;
                    (b1, b2) = (i, j);
                }
            }
        if (b1 < 0) return -1;
        int other = -1;
        for (int i = 0; i < n; i++)
            if (i != b1 && i != b2 && (other < 0 || pt[i] > pt[other])) other = i;
        return other;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /// <summary>
    /// The azimuth difference <c>phi2 − phi1</c> (subtracted in float) folded into [−π, π] with π = <c>float.Pi</c>,
    /// in double and rounded to float: bit for bit <c>VecOps.DeltaPhi&lt;float&gt;(phi1, phi2)</c> (ROOT's
    /// <c>DeltaPhi&lt;float&gt;</c>). The remainder is only taken when |Δ| ≥ 2π, where it is not the identity,
    /// because it costs a library call.
    /// </summary>
    public static float DeltaPhi(float phi1, float phi2)
    {
        const double Pi = float.Pi, TwoPi = 2.0 * Pi;
        double r = phi2 - phi1;
        if (!(Math.Abs(r) < TwoPi)) r %= TwoPi;
        if (r < -Pi) r += TwoPi;
        else if (r > Pi) r -= TwoPi;
        return (float)r;
    }

    /// <summary>
    /// <c>sqrt((eta1 − eta2)² + DeltaPhi(phi1, phi2)²)</c> in float: bit for bit <c>VecOps.DeltaR&lt;float&gt;</c>
    /// (ROOT's <c>DeltaR&lt;float&gt;</c>), with the cheaper <see cref="DeltaPhi(float, float)"/>.
    /// </summary>
    public static float DeltaR(float eta1, float eta2, float phi1, float phi2)
    {
        float deta = eta1 - eta2, dphi = DeltaPhi(phi1, phi2);
        return MathF.Sqrt(deta * deta + dphi * dphi);
    }

    /// <summary>
    /// Writes the double-precision four-vector of each particle into <paramref name="p4"/> (whose length is the
    /// number of particles); throws <see cref="ArgumentException"/> when a component vector is shorter.
    /// </summary>
    public static void FourVectors(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, Span<PtEtaPhiMVector> p4)
    {
        int n = p4.Length;
        if (pt.Length < n || eta.Length < n || phi.Length < n || mass.Length < n)
            throw new ArgumentException($"four-vector components of sizes {pt.Length}, {eta.Length}, {phi.Length}, {mass.Length} for {n} particles");
        for (int i = 0; i < n; i++) p4[i] = new PtEtaPhiMVector(pt[i], eta[i], phi[i], mass[i]);
    }
}
