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

    /// <summary>Q3 in the lambda form: the same selection as a loop that counts the central jets, then copies their pT into the arena.</summary>
    public static AdlHistogram[] Q3Lambdas(Frame df)
    {
        var jets = df.Define("goodJet_pt", (RVec<float> pt, RVec<float> eta) =>
        {
            int n = 0;
            foreach (float e in eta)
                if (Math.Abs(e) < 1.0f) n++;
            var good = RVecArena.Allocate<float>(n, out var r);
            for (int j = 0, k = 0; k < n; j++)
                if (Math.Abs(eta[j]) < 1.0f) good[k++] = pt[j];
            return r;
        }, "Jet_pt", "Jet_eta");
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

    /// <summary>
    /// Q5 in the lambda form: the muons' four-vectors (<see cref="PtEtaPhiMVector.Construct"/>, a chunk at once), then
    /// <see cref="HasOppositeChargePair(RVec{PtEtaPhiMVector}, RVec{int}, double, double)"/>.
    /// </summary>
    public static AdlHistogram[] Q5Lambdas(Frame df)
    {
        var events = df.Filter((uint n) => n >= 2, ["nMuon"], "At least two muons")
            .Define("Muon_p4", PtEtaPhiMVector.Construct, "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass")
            .Filter((RVec<PtEtaPhiMVector> p4, RVec<int> charge) => HasOppositeChargePair(p4, charge, 60, 120),
                    ["Muon_p4", "Muon_charge"], "An opposite-charge dimuon with 60 < m < 120 GeV");
        return [Book("Q5", events, "MET_pt", 100, 0, 200, "Q5;MET (GeV);N_{Events}")];
    }

    /// <summary>
    /// True when some pair i &lt; j of particles with different charges has an invariant mass (of the sum of their
    /// four-vectors <paramref name="p4"/>, in double) strictly between <paramref name="lo"/> and <paramref name="hi"/>.
    /// Throws <see cref="ArgumentException"/> when <paramref name="charge"/> is shorter.
    /// </summary>
    public static bool HasOppositeChargePair(RVec<PtEtaPhiMVector> p4, RVec<int> charge, double lo, double hi)
    {
        if (charge.Length < p4.Length) throw new ArgumentException($"{p4.Length} particles but {charge.Length} charges", nameof(charge));
        return HasOppositeChargePair(p4.AsSpan(), charge.AsSpan(), lo, hi);
    }

    private static bool HasOppositeChargePair(ReadOnlySpan<PtEtaPhiMVector> p4, ReadOnlySpan<int> charge, double lo, double hi)
    {
        int n = p4.Length;
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
    /// are summed column-wise from per-jet Cartesian components in double, taken from the jets' four-vectors, which a
    /// typed Define builds (<see cref="PtEtaPhiMVector.Construct"/>, a chunk at once) as ROOT's jitted Q6 builds its
    /// <c>JetXYZT</c> with a compiled lambda.
    /// </summary>
    public static AdlHistogram[] Q6Strings(Frame df)
    {
        var trijets = df.Filter("nJet >= 3", "At least three jets")
            .Define("Jet_p4", PtEtaPhiMVector.Construct, "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass")
            .Define("Jet_px", "Map(Jet_p4, p => p.Px())")
            .Define("Jet_py", "Map(Jet_p4, p => p.Py())")
            .Define("Jet_pz", "Map(Jet_p4, p => p.Pz())")
            .Define("Jet_e", "Map(Jet_p4, p => p.E())")
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

    /// <summary>
    /// Q6 in the lambda form, as ROOT's compiled version: the jets' four-vectors (<see cref="PtEtaPhiMVector.Construct"/>,
    /// computed for a whole chunk at once), then <see cref="FindTrijet(RVec{PtEtaPhiMVector}, RVec{float}, double)"/>
    /// finds the trijet and gives its pT and largest b-tag in one pass over the triplets.
    /// </summary>
    public static AdlHistogram[] Q6Lambdas(Frame df)
    {
        var trijets = df.Filter((uint n) => n >= 3, ["nJet"], "At least three jets")
            .Define("Jet_p4", PtEtaPhiMVector.Construct, "Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass")
            .Define("Trijet", (RVec<PtEtaPhiMVector> p4, RVec<float> btag) => FindTrijet(p4, btag, TopMass), "Jet_p4", "Jet_btag");
        var pt = trijets.Define("Trijet_pt", (Trijet t) => t.Pt, "Trijet");
        var btag = trijets.Define("Trijet_leadingBtag", (Trijet t) => t.LeadingBtag, "Trijet");
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
        var (i, j, k, _, _) = SearchTrijet(pt, eta, phi, mass, targetMass);
        var idx = RVecArena.Allocate<int>(3, out var r);
        idx[0] = i;
        idx[1] = j;
        idx[2] = k;
        return r;
    }

    /// <summary>
    /// The trijet of <see cref="FindTrijet(RVec{float}, RVec{float}, RVec{float}, RVec{float}, double)"/> from the
    /// particles' four-vectors <paramref name="p4"/> (same choice, same tie and NaN rules): its indices, its pT (of the
    /// double sum, rounded to float) and the largest <paramref name="btag"/> of its three particles. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for fewer than three particles or a shorter <paramref name="btag"/>.
    /// </summary>
    public static Trijet FindTrijet(RVec<PtEtaPhiMVector> p4, RVec<float> btag, double targetMass)
    {
        var (i, j, k, px, py) = SearchTrijet(p4.AsSpan(), targetMass);
        return new Trijet(i, j, k, (float)Math.Sqrt(px * px + py * py), Math.Max(btag[i], Math.Max(btag[j], btag[k])));
    }

    private static (int I, int J, int K, double Px, double Py) SearchTrijet(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, double targetMass)
    {
        int n = pt.Length;
        if (n < 3) throw new ArgumentOutOfRangeException(nameof(pt), $"FindTrijet needs at least three particles, got {n}");
        Span<PtEtaPhiMVector> p4 = n <= StackParticles ? stackalloc PtEtaPhiMVector[n] : RVecArena.Allocate<PtEtaPhiMVector>(n, out _);
        FourVectors(pt, eta, phi, mass, p4);
        return SearchTrijet(p4, targetMass);
    }

    private static (int I, int J, int K, double Px, double Py) SearchTrijet(ReadOnlySpan<PtEtaPhiMVector> p4, double targetMass)
    {
        int n = p4.Length;
        if (n < 3) throw new ArgumentOutOfRangeException(nameof(p4), $"FindTrijet needs at least three particles, got {n}");
        double best = double.PositiveInfinity;
        int bi = 0, bj = 1, bk = 2;
        var bestSum = p4[0] + p4[1] + p4[2];
        for (int i = 0; i < n - 2; i++)
            for (int j = i + 1; j < n - 1; j++)
            {
                var pij = p4[i] + p4[j];
                for (int k = j + 1; k < n; k++)
                {
                    var sum = pij + p4[k];
                    double d = Math.Abs(sum.M() - targetMass);
                    if (d < best)
                    {
                        best = d;
                        bestSum = sum;
                        (bi, bj, bk) = (i, j, k);
                    }
                }
            }
        return (bi, bj, bk, bestSum.Px(), bestSum.Py());
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

    /// <summary>Q7 in the lambda form: <see cref="SumCleanJetPt"/> over the jets, muons and electrons, then the events with a good jet.</summary>
    public static AdlHistogram[] Q7Lambdas(Frame df)
    {
        var events = df.Filter((uint n) => n > 0, ["nJet"], "At least one jet")
            .Define("goodJet", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> muPt, RVec<float> muEta, RVec<float> muPhi,
                                RVec<float> elPt, RVec<float> elEta, RVec<float> elPhi) =>
                        SumCleanJetPt(pt, eta, phi, muPt, muEta, muPhi, elPt, elEta, elPhi, 30, 10, 0.4),
                    "Jet_pt", "Jet_eta", "Jet_phi", "Muon_pt", "Muon_eta", "Muon_phi", "Electron_pt", "Electron_eta", "Electron_phi")
            .Filter((CleanJets good) => good.Count > 0, ["goodJet"], "At least one good jet")
            .Define("goodJet_sumPt", (CleanJets good) => good.SumPt, "goodJet");
        return [Book("Q7", events, "goodJet_sumPt", 100, 15, 200, "Q7;Jet p_{T} sum (GeV);N_{Events}")];
    }

    /// <summary>
    /// The jets with pT &gt; <paramref name="jetPtCut"/> that are not within
    /// <c>DeltaR&lt;float&gt;(jet η, lepton η, jet φ, lepton φ) &lt; <paramref name="maxDeltaR"/></c> (ΔR in float,
    /// compared in double, as ROOT's compiled Q7) of any muon or electron with pT &gt; <paramref name="leptonPtCut"/>:
    /// their number, and the sum of their pT accumulated in float in jet order. Throws
    /// <see cref="IndexOutOfRangeException"/> when the η or φ vector of a collection is shorter than its pT.
    /// </summary>
    public static CleanJets SumCleanJetPt(RVec<float> jetPt, RVec<float> jetEta, RVec<float> jetPhi,
                                          RVec<float> muonPt, RVec<float> muonEta, RVec<float> muonPhi,
                                          RVec<float> electronPt, RVec<float> electronEta, RVec<float> electronPhi,
                                          double jetPtCut, double leptonPtCut, double maxDeltaR)
    {
        // The (η, φ) of the leptons above the cut, gathered once per event.
        int nl = muonPt.Length + electronPt.Length;
        Span<float> leptons = 2 * nl <= 2 * StackParticles ? stackalloc float[2 * nl] : RVecArena.Allocate<float>(2 * nl, out _);
        nl = 0;
        for (int m = 0; m < muonPt.Length; m++)
            if (muonPt[m] > leptonPtCut)
            {
                leptons[2 * nl] = muonEta[m];
                leptons[2 * nl++ + 1] = muonPhi[m];
            }
        for (int m = 0; m < electronPt.Length; m++)
            if (electronPt[m] > leptonPtCut)
            {
                leptons[2 * nl] = electronEta[m];
                leptons[2 * nl++ + 1] = electronPhi[m];
            }
        int count = 0;
        float sum = 0;
        for (int j = 0; j < jetPt.Length; j++)
        {
            if (!(jetPt[j] > jetPtCut)) continue;
            float eta = jetEta[j], phi = jetPhi[j];
            bool isolated = true;
            for (int l = 0; l < nl && isolated; l++)
                isolated = !(DeltaR(eta, leptons[2 * l], phi, leptons[2 * l + 1]) < maxDeltaR);
            if (isolated)
            {
                count++;
                sum += jetPt[j];
            }
        }
        return new CleanJets(count, sum);
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

    /// <summary>Q8 in the lambda form: <see cref="FindAdditionalLepton"/> over the muons and electrons, then the transverse mass.</summary>
    public static AdlHistogram[] Q8Lambdas(Frame df)
    {
        var events = df.Filter((uint nElectron, uint nMuon) => nElectron + nMuon > 2, ["nElectron", "nMuon"], "At least three leptons")
            .Define("AdditionalLepton", (RVec<float> muPt, RVec<float> muEta, RVec<float> muPhi, RVec<float> muMass, RVec<int> muCharge,
                                         RVec<float> elPt, RVec<float> elEta, RVec<float> elPhi, RVec<float> elMass, RVec<int> elCharge) =>
                        FindAdditionalLepton(muPt, muEta, muPhi, muMass, muCharge, elPt, elEta, elPhi, elMass, elCharge, ZMass),
                    "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge", "Electron_pt", "Electron_eta", "Electron_phi", "Electron_mass", "Electron_charge")
            .Filter((AdditionalLepton l) => l.Index >= 0, ["AdditionalLepton"], "A same-flavour opposite-charge pair")
            .Define("TransverseMass", (AdditionalLepton l, float met, float metPhi) =>
                        Math.Sqrt(2.0 * l.Pt * met * (1.0 - Math.Cos(DeltaPhi(metPhi, l.Phi)))),
                    "AdditionalLepton", "MET_pt", "MET_phi");
        return [Book("Q8", events, "TransverseMass", 100, 0, 200, "Q8;Transverse mass (GeV);N_{Events}")];
    }

    /// <summary>
    /// With the leptons numbered muons first, then electrons: among the pairs i &lt; j of leptons of the same
    /// flavour and different charges, takes the one whose invariant mass (in double) is closest to
    /// <paramref name="targetMass"/> (the first on ties; NaN masses never win) and returns the highest-pT lepton
    /// outside it (the first on ties); <see cref="AdditionalLepton.Index"/> is −1 when there is no such pair or no
    /// other lepton. Same-flavour pairs only pair muons with muons and electrons with electrons, and in the
    /// i &lt; j order all muon pairs come first, so each flavour is searched on its own.
    /// </summary>
    public static AdditionalLepton FindAdditionalLepton(RVec<float> muonPt, RVec<float> muonEta, RVec<float> muonPhi, RVec<float> muonMass, RVec<int> muonCharge,
                                                        RVec<float> electronPt, RVec<float> electronEta, RVec<float> electronPhi, RVec<float> electronMass, RVec<int> electronCharge,
                                                        double targetMass)
    {
        int nm = muonPt.Length, ne = electronPt.Length;
        int nmax = Math.Max(nm, ne);
        Span<PtEtaPhiMVector> p4 = nmax <= StackParticles ? stackalloc PtEtaPhiMVector[nmax] : RVecArena.Allocate<PtEtaPhiMVector>(nmax, out _);
        double best = double.PositiveInfinity;
        int b1 = -1, b2 = -1;
        ClosestPair(muonPt, muonEta, muonPhi, muonMass, muonCharge, 0, targetMass, p4[..nm], ref best, ref b1, ref b2);
        ClosestPair(electronPt, electronEta, electronPhi, electronMass, electronCharge, nm, targetMass, p4[..ne], ref best, ref b1, ref b2);
        var found = new AdditionalLepton(-1, 0, 0);
        if (b1 < 0) return found;
        for (int i = 0; i < nm + ne; i++)
        {
            if (i == b1 || i == b2) continue;
            float pt = i < nm ? muonPt[i] : electronPt[i - nm];
            if (found.Index < 0 || pt > found.Pt) found = new AdditionalLepton(i, pt, i < nm ? muonPhi[i] : electronPhi[i - nm]);
        }
        return found;
    }

    // The opposite-charge pair of one flavour (leptons first, first + 1, …) whose mass is closest to the target, if
    // closer than `best`; four-vectors are built only when the flavour has two charges.
    private static void ClosestPair(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, RVec<int> charge, int first, double targetMass,
                                    Span<PtEtaPhiMVector> p4, ref double best, ref int b1, ref int b2)
    {
        int n = p4.Length;
        bool mixed = false;
        for (int i = 1; i < n && !mixed; i++) mixed = charge[i] != charge[0];
        if (!mixed) return;
        FourVectors(pt, eta, phi, mass, p4);
        for (int i = 0; i < n - 1; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (charge[i] == charge[j]) continue;
                double d = Math.Abs((p4[i] + p4[j]).M() - targetMass);
                if (d < best)
                {
                    best = d;
                    (b1, b2) = (first + i, first + j);
                }
            }
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
    /// number of particles), all at once with <see cref="PtEtaPhiMVector.FromPtEtaPhiM(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{PtEtaPhiMVector})"/> (SIMD); throws
    /// <see cref="ArgumentException"/> when a component vector is shorter.
    /// </summary>
    public static void FourVectors(RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mass, Span<PtEtaPhiMVector> p4) =>
        PtEtaPhiMVector.FromPtEtaPhiM(pt.AsSpan(), eta.AsSpan(), phi.AsSpan(), mass.AsSpan(), p4);
}

/// <summary>The Q6 trijet: its particles' indices i &lt; j &lt; k, its pT (rounded to float) and its largest b-tag.</summary>
/// <param name="I">Index of the first particle.</param>
/// <param name="J">Index of the second particle.</param>
/// <param name="K">Index of the third particle.</param>
/// <param name="Pt">Transverse momentum of the summed four-momentum, computed in double and rounded to float.</param>
/// <param name="LeadingBtag">The largest b-tag of the three particles.</param>
public readonly record struct Trijet(int I, int J, int K, float Pt, float LeadingBtag);

/// <summary>The good jets of Q7: how many there are and the sum of their pT, accumulated in float in jet order.</summary>
/// <param name="Count">Number of good jets.</param>
/// <param name="SumPt">Sum of their pT (0 when there are none).</param>
public readonly record struct CleanJets(int Count, float SumPt);

/// <summary>The Q8 lepton outside the Z candidate pair: its index among muons then electrons (−1 if none), its pT and φ.</summary>
/// <param name="Index">Index in the concatenation muons, electrons; −1 when there is no such lepton.</param>
/// <param name="Pt">Its transverse momentum.</param>
/// <param name="Phi">Its azimuth.</param>
public readonly record struct AdditionalLepton(int Index, float Pt, float Phi);
