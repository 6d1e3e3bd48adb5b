using EventFrame.Generators;

namespace EventFrame.Core.Tests.Generators;

/// <summary>The NanoAOD-like generator: ADL schema and types, consistency, reproducibility, physics features.</summary>
public class NanoAodGeneratorTests
{
    [Fact]
    public void SchemaHasTheAdlBranchesAndTypes()
    {
        var df = NanoAodGenerator.Frame(10);
        var expected = new Dictionary<string, Type>
        {
            ["run"] = typeof(int), ["luminosityBlock"] = typeof(uint), ["event"] = typeof(ulong),
            ["HLT_IsoMu24_eta2p1"] = typeof(bool), ["HLT_IsoMu24"] = typeof(bool), ["HLT_IsoMu17_eta2p1_LooseIsoPFTau20"] = typeof(bool),
            ["PV_npvs"] = typeof(int), ["nMuon"] = typeof(uint), ["nElectron"] = typeof(uint), ["nJet"] = typeof(uint),
            ["Muon_pt"] = typeof(RVec<float>), ["Muon_pfRelIso03_all"] = typeof(RVec<float>), ["Muon_charge"] = typeof(RVec<int>),
            ["Muon_tightId"] = typeof(RVec<bool>), ["Muon_softId"] = typeof(RVec<bool>), ["Electron_mass"] = typeof(RVec<float>),
            ["Electron_pfRelIso03_all"] = typeof(RVec<float>), ["Jet_btag"] = typeof(RVec<float>), ["Jet_puId"] = typeof(RVec<bool>),
            ["MET_pt"] = typeof(float), ["MET_phi"] = typeof(float), ["MET_sumet"] = typeof(float), ["MET_significance"] = typeof(float),
        };
        foreach (var (name, type) in expected) Assert.Equal(type, df.GetColumnType(name));
    }

    [Fact]
    public void CollectionsAreConsistent()
    {
        var df = NanoAodGenerator.Frame(20_000, seed: 5).WithThreads(2);
        var bad = df.Filter("Muon_pt.Size != nMuon || Muon_charge.Size != nMuon || Jet_btag.Size != nJet || Electron_mass.Size != nElectron"
                            + " || Any(Muon_pfRelIso03_all > Muon_pfRelIso04_all) || Any(abs(Muon_eta) > 2.4f) || Any(Jet_pt < 15)").Count();
        var events = df.Take<ulong>("event");
        Assert.Equal(0, bad.Value);
        Assert.Equal(2147000000UL, events.Value[0]);
        Assert.True(events.Value.Zip(events.Value.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void ReproducibleAndSeedDependent()
    {
        double Sum(ulong seed, int threads) => NanoAodGenerator.Frame(5000, seed).WithThreads(threads).Sum("Jet_pt").Value;
        Assert.Equal(Sum(3, 1), Sum(3, 2));
        Assert.NotEqual(Sum(3, 1), Sum(4, 1));
    }

    [Fact]
    public void ZPeakAppearsInOppositeSignDimuons()
    {
        var df = NanoAodGenerator.Frame(100_000, seed: 1).WithThreads(2)
            .Filter("nMuon == 2 && Muon_charge[0] != Muon_charge[1] && Muon_pt[1] > 15")
            .Define("m", "InvariantMass(Muon_pt, Muon_eta, Muon_phi, Muon_mass)")
            .Filter("m > 80 && m < 100");
        var mean = df.Mean("m");
        var n = df.Count();
        Assert.InRange(n.Value, 1000, 3000);
        Assert.InRange(mean.Value, 90.0, 92.0);
    }
}
