namespace EventFrame.Generators;

/// <summary>
/// One generated NanoAOD-like event: muons, electrons and jets as per-event vectors (allocated in the
/// <see cref="RVecArena"/>, valid for the current chunk), plus missing transverse momentum and a trigger bit.
/// </summary>
public readonly struct NanoAodEvent
{
    /// <summary>Muon transverse momenta [GeV], ordered by decreasing generated pT.</summary>
    public RVec<float> MuonPt { get; init; }
    /// <summary>Muon pseudorapidities.</summary>
    public RVec<float> MuonEta { get; init; }
    /// <summary>Muon azimuths.</summary>
    public RVec<float> MuonPhi { get; init; }
    /// <summary>Muon masses [GeV].</summary>
    public RVec<float> MuonMass { get; init; }
    /// <summary>Muon charges (±1).</summary>
    public RVec<int> MuonCharge { get; init; }
    /// <summary>Muon relative isolation in a cone of 0.4 (pfRelIso04_all).</summary>
    public RVec<float> MuonIso { get; init; }
    /// <summary>Muon relative isolation in a cone of 0.3 (pfRelIso03_all, at most the 0.4 value).</summary>
    public RVec<float> MuonIso03 { get; init; }
    /// <summary>Muon tight identification.</summary>
    public RVec<bool> MuonTightId { get; init; }
    /// <summary>Muon soft identification.</summary>
    public RVec<bool> MuonSoftId { get; init; }
    /// <summary>Electron transverse momenta [GeV], ordered by decreasing generated pT.</summary>
    public RVec<float> ElectronPt { get; init; }
    /// <summary>Electron pseudorapidities.</summary>
    public RVec<float> ElectronEta { get; init; }
    /// <summary>Electron azimuths.</summary>
    public RVec<float> ElectronPhi { get; init; }
    /// <summary>Electron charges (±1).</summary>
    public RVec<int> ElectronCharge { get; init; }
    /// <summary>Electron masses [GeV].</summary>
    public RVec<float> ElectronMass { get; init; }
    /// <summary>Electron relative isolation in a cone of 0.3.</summary>
    public RVec<float> ElectronIso03 { get; init; }
    /// <summary>Jet transverse momenta [GeV], ordered by decreasing generated pT.</summary>
    public RVec<float> JetPt { get; init; }
    /// <summary>Jet pseudorapidities.</summary>
    public RVec<float> JetEta { get; init; }
    /// <summary>Jet azimuths.</summary>
    public RVec<float> JetPhi { get; init; }
    /// <summary>Jet masses [GeV].</summary>
    public RVec<float> JetMass { get; init; }
    /// <summary>Jet b-tag discriminant in [0, 1] (−1 for the default value).</summary>
    public RVec<float> JetBtag { get; init; }
    /// <summary>Jet pile-up identification.</summary>
    public RVec<bool> JetPuId { get; init; }
    /// <summary>Scalar sum of transverse energy [GeV].</summary>
    public float MetSumEt { get; init; }
    /// <summary>MET significance: MET² / σ².</summary>
    public float MetSignificance { get; init; }
    /// <summary>Isolated-muon trigger restricted to |η| &lt; 2.1.</summary>
    public bool HltIsoMu24Eta2p1 { get; init; }
    /// <summary>Muon + tau cross trigger (muon pT &gt; 17, |η| &lt; 2.1).</summary>
    public bool HltIsoMu17Eta2p1LooseIsoPFTau20 { get; init; }
    /// <summary>Missing transverse momentum [GeV].</summary>
    public float MetPt { get; init; }
    /// <summary>Azimuth of the missing transverse momentum.</summary>
    public float MetPhi { get; init; }
    /// <summary>Number of primary vertices.</summary>
    public int PvNpvs { get; init; }
    /// <summary>Single-muon trigger decision.</summary>
    public bool HltIsoMu24 { get; init; }
    /// <summary>Which process was generated: 0 QCD-like, 1 Z→μμ, 2 Z→ee (each with a W→ℓν in 15% of events), 3 W→μν, 4 hadronic top pair.</summary>
    public int Process { get; init; }
}

/// <summary>
/// Generates NanoAOD-like collider events from a per-entry <see cref="EntryRandom"/>: a mixture of QCD-like
/// multijet events with soft non-prompt leptons, Z→μμ and Z→ee (Breit–Wigner mass, exponential pT), W→μν and a
/// tt̄-like topology with b-tagged jets, with detector smearing and a simple isolated-muon trigger. Everything depends
/// only on the generator's state, so datasets are reproducible entry by entry.
/// </summary>
public static class NanoAodGenerator
{
    private const float MuonMass = 0.1056584f;
    private const float ElectronMass = 0.000511f;

    /// <summary>
    /// A frame of <paramref name="entries"/> generated events with the branch names and types of the IRIS-HEP ADL
    /// benchmark file (Run2012B_SingleMu, CMS NanoAOD-like): <c>run</c> (int), <c>luminosityBlock</c> (uint),
    /// <c>event</c> (ulong), <c>HLT_IsoMu24_eta2p1</c>, <c>HLT_IsoMu24</c>, <c>HLT_IsoMu17_eta2p1_LooseIsoPFTau20</c>,
    /// <c>PV_npvs</c>, <c>nMuon</c>/<c>Muon_*</c> (pt, eta, phi, mass, charge, pfRelIso03_all, pfRelIso04_all,
    /// tightId, softId), <c>nElectron</c>/<c>Electron_*</c> (pt, eta, phi, mass, charge, pfRelIso03_all),
    /// <c>nJet</c>/<c>Jet_*</c> (pt, eta, phi, mass, btag, puId), <c>MET_pt</c>, <c>MET_phi</c>, <c>MET_sumet</c>,
    /// <c>MET_significance</c>; counters are uint as in the real file. Every column except the generator column
    /// <c>gen_</c> (excluded from snapshots by its trailing underscore) is a lambda Define over it.
    /// </summary>
    public static Frame Frame(long entries, ulong seed = 1)
    {
        return EventFrame.Frame.Empty(entries, seed)
            .Define("gen_", (EntryRandom r) => Generate(ref r), "rdfrandom_")
            .Define("run", (ulong e) => 194050 + (int)(e / 24000), "rdfentry_")
            .Define("luminosityBlock", (ulong e) => (uint)(1 + e / 400 % 60), "rdfentry_")
            .Define("event", (ulong e) => 2147000000UL + e, "rdfentry_")
            .Define("HLT_IsoMu24_eta2p1", (NanoAodEvent g) => g.HltIsoMu24Eta2p1, "gen_")
            .Define("HLT_IsoMu24", (NanoAodEvent g) => g.HltIsoMu24, "gen_")
            .Define("HLT_IsoMu17_eta2p1_LooseIsoPFTau20", (NanoAodEvent g) => g.HltIsoMu17Eta2p1LooseIsoPFTau20, "gen_")
            .Define("PV_npvs", (NanoAodEvent g) => g.PvNpvs, "gen_")
            .Define("nMuon", (NanoAodEvent g) => (uint)g.MuonPt.Length, "gen_")
            .Define("Muon_pt", (NanoAodEvent g) => g.MuonPt, "gen_")
            .Define("Muon_eta", (NanoAodEvent g) => g.MuonEta, "gen_")
            .Define("Muon_phi", (NanoAodEvent g) => g.MuonPhi, "gen_")
            .Define("Muon_mass", (NanoAodEvent g) => g.MuonMass, "gen_")
            .Define("Muon_charge", (NanoAodEvent g) => g.MuonCharge, "gen_")
            .Define("Muon_pfRelIso03_all", (NanoAodEvent g) => g.MuonIso03, "gen_")
            .Define("Muon_pfRelIso04_all", (NanoAodEvent g) => g.MuonIso, "gen_")
            .Define("Muon_tightId", (NanoAodEvent g) => g.MuonTightId, "gen_")
            .Define("Muon_softId", (NanoAodEvent g) => g.MuonSoftId, "gen_")
            .Define("nElectron", (NanoAodEvent g) => (uint)g.ElectronPt.Length, "gen_")
            .Define("Electron_pt", (NanoAodEvent g) => g.ElectronPt, "gen_")
            .Define("Electron_eta", (NanoAodEvent g) => g.ElectronEta, "gen_")
            .Define("Electron_phi", (NanoAodEvent g) => g.ElectronPhi, "gen_")
            .Define("Electron_mass", (NanoAodEvent g) => g.ElectronMass, "gen_")
            .Define("Electron_charge", (NanoAodEvent g) => g.ElectronCharge, "gen_")
            .Define("Electron_pfRelIso03_all", (NanoAodEvent g) => g.ElectronIso03, "gen_")
            .Define("nJet", (NanoAodEvent g) => (uint)g.JetPt.Length, "gen_")
            .Define("Jet_pt", (NanoAodEvent g) => g.JetPt, "gen_")
            .Define("Jet_eta", (NanoAodEvent g) => g.JetEta, "gen_")
            .Define("Jet_phi", (NanoAodEvent g) => g.JetPhi, "gen_")
            .Define("Jet_mass", (NanoAodEvent g) => g.JetMass, "gen_")
            .Define("Jet_btag", (NanoAodEvent g) => g.JetBtag, "gen_")
            .Define("Jet_puId", (NanoAodEvent g) => g.JetPuId, "gen_")
            .Define("MET_pt", (NanoAodEvent g) => g.MetPt, "gen_")
            .Define("MET_phi", (NanoAodEvent g) => g.MetPhi, "gen_")
            .Define("MET_sumet", (NanoAodEvent g) => g.MetSumEt, "gen_")
            .Define("MET_significance", (NanoAodEvent g) => g.MetSignificance, "gen_");
    }

    private struct Particle(double px, double py, double pz, double e, int charge, int flavour, bool prompt)
    {
        public double Px = px, Py = py, Pz = pz, E = e;
        public int Charge = charge;
        public int Flavour = flavour;
        public bool Prompt = prompt;
        public readonly double Pt => Math.Sqrt(Px * Px + Py * Py);
        public readonly double Eta
        {
            get
            {
                double p = Math.Sqrt(Px * Px + Py * Py + Pz * Pz);
                return p == Math.Abs(Pz) ? Math.CopySign(20, Pz) : 0.5 * Math.Log((p + Pz) / (p - Pz));
            }
        }
        public readonly double Phi => Math.Atan2(Py, Px);
        public readonly double Mass => Math.Sqrt(Math.Max(0, E * E - Px * Px - Py * Py - Pz * Pz));
    }

    private static Particle FromPtEtaPhiM(double pt, double eta, double phi, double m, int charge = 0, int flavour = 0, bool prompt = false)
    {
        double px = pt * Math.Cos(phi), py = pt * Math.Sin(phi), pz = pt * Math.Sinh(eta);
        return new Particle(px, py, pz, Math.Sqrt(px * px + py * py + pz * pz + m * m), charge, flavour, prompt);
    }

    /// <summary>Decays a parent into two daughters of masses m1, m2, isotropically in its rest frame.</summary>
    private static (Particle, Particle) Decay(ref EntryRandom r, Particle parent, double m1, double m2)
    {
        double m = parent.Mass;
        double p = Math.Sqrt(Math.Max(0, (m * m - (m1 + m2) * (m1 + m2)) * (m * m - (m1 - m2) * (m1 - m2)))) / (2 * m);
        double cost = r.Uniform(-1, 1), sint = Math.Sqrt(1 - cost * cost), phi = r.Uniform(-Math.PI, Math.PI);
        double px = p * sint * Math.Cos(phi), py = p * sint * Math.Sin(phi), pz = p * cost;
        var a = Boost(new Particle(px, py, pz, Math.Sqrt(p * p + m1 * m1), 0, 0, true), parent);
        var b = Boost(new Particle(-px, -py, -pz, Math.Sqrt(p * p + m2 * m2), 0, 0, true), parent);
        return (a, b);
    }

    private static Particle Boost(Particle d, Particle parent)
    {
        double bx = parent.Px / parent.E, by = parent.Py / parent.E, bz = parent.Pz / parent.E;
        double b2 = bx * bx + by * by + bz * bz;
        if (b2 <= 0) return d;
        double gamma = 1 / Math.Sqrt(1 - b2);
        double bp = bx * d.Px + by * d.Py + bz * d.Pz;
        double g2 = (gamma - 1) / b2;
        return new Particle(d.Px + g2 * bp * bx + gamma * bx * d.E, d.Py + g2 * bp * by + gamma * by * d.E,
            d.Pz + g2 * bp * bz + gamma * bz * d.E, gamma * (d.E + bp), d.Charge, d.Flavour, d.Prompt);
    }

    private static Particle Resonance(ref EntryRandom r, double mass, double width, double ptScale)
    {
        double m;
        do m = r.BreitWigner(mass, width); while (m < mass - 15 * width || m > mass + 15 * width);
        return FromPtEtaPhiM(r.Exp(ptScale), r.Gaus(0, 1.8), r.Uniform(-Math.PI, Math.PI), m);
    }

    /// <summary>Generates one event from <paramref name="r"/> (advancing it).</summary>
    public static NanoAodEvent Generate(ref EntryRandom r)
    {
        Span<Particle> leptons = stackalloc Particle[16];
        Span<Particle> jets = stackalloc Particle[24];
        int nl = 0, nj = 0;
        double nuX = 0, nuY = 0;
        double u = r.Uniform();
        // Mix of the ADL sample's generator: 5% Z (60% μμ, 40% ee), 30% W→μν, 2% hadronic tt̄, the rest QCD-like.
        int process = u < 0.03 ? 1 : u < 0.05 ? 2 : u < 0.35 ? 3 : u < 0.37 ? 4 : 0;
        switch (process)
        {
            case 1:
            case 2:
                {
                    var z = Resonance(ref r, 91.19, 2.50, 12);
                    double ml = process == 1 ? MuonMass : ElectronMass;
                    var (a, b) = Decay(ref r, z, ml, ml);
                    int q = r.Bernoulli(0.5) ? 1 : -1;
                    a.Charge = q; b.Charge = -q;
                    a.Flavour = b.Flavour = process == 1 ? 13 : 11;
                    leptons[nl++] = a;
                    leptons[nl++] = b;
                    if (r.Bernoulli(0.15))
                    {
                        // WZ-like three-lepton events.
                        var w = Resonance(ref r, 80.38, 2.09, 10);
                        bool mu = r.Bernoulli(0.5);
                        var (l, nu) = Decay(ref r, w, mu ? MuonMass : ElectronMass, 0);
                        l.Charge = r.Bernoulli(0.5) ? 1 : -1;
                        l.Flavour = mu ? 13 : 11;
                        leptons[nl++] = l;
                        nuX += nu.Px;
                        nuY += nu.Py;
                    }
                    break;
                }
            case 3:
                {
                    var w = Resonance(ref r, 80.38, 2.09, 10);
                    var (mu, nu) = Decay(ref r, w, MuonMass, 0);
                    mu.Charge = r.Bernoulli(0.5) ? 1 : -1;
                    mu.Flavour = 13;
                    leptons[nl++] = mu;
                    nuX += nu.Px;
                    nuY += nu.Py;
                    break;
                }
            case 4:
                for (int t = 0; t < 2; t++)
                {
                    var top = Resonance(ref r, 172.5, 1.4, 60);
                    var (b, w) = Decay(ref r, FromPtEtaPhiM(top.Pt, top.Eta, top.Phi, top.Mass), 4.8, 80.38);
                    b.Flavour = 5;
                    jets[nj++] = b;
                    var (q1, q2) = Decay(ref r, w, 0.3, 0.3);
                    jets[nj++] = q1;
                    jets[nj++] = q2;
                }
                break;
        }
        // Underlying multijet activity.
        int extraJets = r.Poisson(process == 0 ? 2.8 : 1.2);
        for (int k = 0; k < extraJets && nj < jets.Length; k++)
            jets[nj++] = FromPtEtaPhiM(15 + r.Exp(r.Bernoulli(0.8) ? 10 : 45), r.Uniform(-2.5, 2.5), r.Uniform(-Math.PI, Math.PI), 0);
        // Non-prompt leptons, some close to jets.
        int nonPrompt = r.Poisson(0.5);
        for (int k = 0; k < nonPrompt && nl < leptons.Length; k++)
        {
            double eta = r.Uniform(-2.5, 2.5), phi = r.Uniform(-Math.PI, Math.PI);
            if (nj > 0 && r.Bernoulli(0.3))
            {
                var j = jets[r.Integer(nj)];
                eta = j.Eta + r.Gaus(0, 0.1);
                phi = j.Phi + r.Gaus(0, 0.1);
            }
            bool muon = r.Bernoulli(0.6);
            var l = FromPtEtaPhiM(3 + r.Exp(6), eta, phi, muon ? MuonMass : ElectronMass, r.Bernoulli(0.5) ? 1 : -1, muon ? 13 : 11, false);
            leptons[nl++] = l;
        }

        // Detector: smearing, acceptance, ordering by pT.
        int nMu = 0, nEl = 0;
        Span<int> order = stackalloc int[16];
        for (int k = 0; k < nl; k++) order[k] = k;
        var lep = leptons[..nl];
        SortByPt(lep, order[..nl]);
        foreach (var l in lep)
        {
            if (l.Flavour == 13 && l.Pt * 1.0 > 3 && Math.Abs(l.Eta) < 2.4) nMu++;
            if (l.Flavour == 11 && l.Pt > 5 && Math.Abs(l.Eta) < 2.5) nEl++;
        }
        var muPt = RVecArena.Allocate<float>(nMu, out var muPtV);
        var muEta = RVecArena.Allocate<float>(nMu, out var muEtaV);
        var muPhi = RVecArena.Allocate<float>(nMu, out var muPhiV);
        var muMass = RVecArena.Allocate<float>(nMu, out var muMassV);
        var muQ = RVecArena.Allocate<int>(nMu, out var muQV);
        var muIso = RVecArena.Allocate<float>(nMu, out var muIsoV);
        var muIso03 = RVecArena.Allocate<float>(nMu, out var muIso03V);
        var muTight = RVecArena.Allocate<bool>(nMu, out var muTightV);
        var muSoft = RVecArena.Allocate<bool>(nMu, out var muSoftV);
        var elPt = RVecArena.Allocate<float>(nEl, out var elPtV);
        var elEta = RVecArena.Allocate<float>(nEl, out var elEtaV);
        var elPhi = RVecArena.Allocate<float>(nEl, out var elPhiV);
        var elQ = RVecArena.Allocate<int>(nEl, out var elQV);
        var elMass = RVecArena.Allocate<float>(nEl, out var elMassV);
        var elIso = RVecArena.Allocate<float>(nEl, out var elIsoV);
        int im = 0, ie = 0;
        bool trigger = false, triggerEta = false, crossTrigger = false;
        foreach (ref var l in lep)
        {
            if (l.Flavour == 13 && l.Pt > 3 && Math.Abs(l.Eta) < 2.4)
            {
                muPt[im] = (float)(l.Pt * (1 + r.Gaus(0, 0.015)));
                muEta[im] = (float)l.Eta;
                muPhi[im] = (float)l.Phi;
                muMass[im] = MuonMass;
                muQ[im] = l.Charge;
                muIso[im] = (float)r.Exp(l.Prompt ? 0.04 : 0.3);
                muIso03[im] = muIso[im] * (float)(0.6 + 0.4 * r.Uniform());
                muTight[im] = l.Prompt ? r.Bernoulli(0.95) : r.Bernoulli(0.3);
                muSoft[im] = r.Bernoulli(l.Prompt ? 0.98 : 0.7);
                if (muPt[im] > 24 && muIso[im] < 0.15 && r.Bernoulli(0.93))
                {
                    trigger = true;
                    if (Math.Abs(muEta[im]) < 2.1) triggerEta = true;
                }
                if (muPt[im] > 17 && Math.Abs(muEta[im]) < 2.1 && muIso[im] < 0.15 && r.Bernoulli(0.05)) crossTrigger = true;
                im++;
            }
            else if (l.Flavour == 11 && l.Pt > 5 && Math.Abs(l.Eta) < 2.5)
            {
                elPt[ie] = (float)(l.Pt * (1 + r.Gaus(0, 0.025)));
                elEta[ie] = (float)l.Eta;
                elPhi[ie] = (float)l.Phi;
                elQ[ie] = l.Charge;
                elMass[ie] = ElectronMass;
                elIso[ie] = (float)r.Exp(l.Prompt ? 0.04 : 0.3);
                ie++;
            }
        }
        trigger |= r.Bernoulli(0.005);

        var jetSpan = jets[..nj];
        Span<int> jorder = stackalloc int[24];
        SortByPt(jetSpan, jorder[..nj]);
        // Smear first, then apply the acceptance to the measured pT, as a detector would.
        Span<double> measured = stackalloc double[24];
        int nGood = 0;
        for (int k = 0; k < jetSpan.Length; k++)
        {
            measured[k] = jetSpan[k].Pt * (1 + r.Gaus(0, 0.1));
            if (measured[k] > 15 && Math.Abs(jetSpan[k].Eta) < 4.7) nGood++;
        }
        var jPt = RVecArena.Allocate<float>(nGood, out var jPtV);
        var jEta = RVecArena.Allocate<float>(nGood, out var jEtaV);
        var jPhi = RVecArena.Allocate<float>(nGood, out var jPhiV);
        var jMass = RVecArena.Allocate<float>(nGood, out var jMassV);
        var jB = RVecArena.Allocate<float>(nGood, out var jBV);
        var jPu = RVecArena.Allocate<bool>(nGood, out var jPuV);
        double sumEt = 0;
        int ij = 0;
        for (int k = 0; k < jetSpan.Length; k++)
        {
            var j = jetSpan[k];
            double pt = measured[k];
            if (!(pt > 15 && Math.Abs(j.Eta) < 4.7)) continue;
            jPt[ij] = (float)pt;
            jEta[ij] = (float)j.Eta;
            jPhi[ij] = (float)j.Phi;
            jMass[ij] = (float)(pt * 0.12 * Math.Exp(r.Gaus(0, 0.3)));
            double c = r.Uniform();
            jB[ij] = j.Flavour == 5 ? (float)(0.8 + 0.2 * r.Uniform()) : c < 0.03 ? -1f : c < 0.25 ? (float)(0.05 * r.Uniform()) : (float)r.Uniform();
            jPu[ij] = r.Bernoulli(pt < 20 ? 0.75 : 0.92);
            sumEt += pt;
            ij++;
        }
        foreach (var l in lep) sumEt += l.Pt;
        double sigma = 0.5 * Math.Sqrt(sumEt + 20);
        double metX = nuX + r.Gaus(0, sigma), metY = nuY + r.Gaus(0, sigma);
        double met2 = metX * metX + metY * metY;
        return new NanoAodEvent
        {
            MuonPt = muPtV, MuonEta = muEtaV, MuonPhi = muPhiV, MuonMass = muMassV, MuonCharge = muQV, MuonIso = muIsoV,
            MuonIso03 = muIso03V, MuonTightId = muTightV, MuonSoftId = muSoftV,
            ElectronPt = elPtV, ElectronEta = elEtaV, ElectronPhi = elPhiV, ElectronCharge = elQV, ElectronMass = elMassV, ElectronIso03 = elIsoV,
            JetPt = jPtV, JetEta = jEtaV, JetPhi = jPhiV, JetMass = jMassV, JetBtag = jBV, JetPuId = jPuV,
            MetPt = (float)Math.Sqrt(met2), MetPhi = (float)Math.Atan2(metY, metX),
            MetSumEt = (float)sumEt, MetSignificance = (float)(met2 / (sigma * sigma)),
            PvNpvs = 1 + r.Poisson(15), HltIsoMu24 = trigger, HltIsoMu24Eta2p1 = triggerEta, HltIsoMu17Eta2p1LooseIsoPFTau20 = crossTrigger, Process = process,
        };
    }

    /// <summary>Sorts particles by decreasing pT (insertion sort: a handful of objects).</summary>
    private static void SortByPt(Span<Particle> particles, Span<int> scratch)
    {
        _ = scratch;
        for (int i = 1; i < particles.Length; i++)
        {
            var p = particles[i];
            double pt = p.Pt;
            int j = i - 1;
            while (j >= 0 && particles[j].Pt < pt)
            {
                particles[j + 1] = particles[j];
                j--;
            }
            particles[j + 1] = p;
        }
    }
}
