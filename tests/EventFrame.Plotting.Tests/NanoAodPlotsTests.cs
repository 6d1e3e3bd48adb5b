using EventFrame.Generators;

namespace EventFrame.Plotting.Tests;

/// <summary>
/// The plots of a small dimuon analysis of generated NanoAOD-like events (the same as samples/notebooks/analysis.ipynb):
/// checks that real analysis output renders, and with EVENTFRAME_WRITE_DOCS_IMAGES=1 (and more events) writes the PNGs
/// under docs/images/.
/// </summary>
public class NanoAodPlotsTests
{
    private static readonly string[] ProcessNames = ["QCD multijet", "Z#rightarrow#mu#mu", "Z#rightarrow ee", "W#rightarrow#mu#nu", "t#bar{t}"];

    internal sealed record Analysis(Hist1D[] MassByProcess, Hist1D DataMass, Hist2D EtaPhi, Profile1D MetVsJets, CutflowReport Cutflow);

    internal static Analysis Run(long simulated, long data)
    {
        static Frame Select(Frame f) => f
            .Define("process", (NanoAodEvent g) => g.Process, "gen_")
            .Filter<bool>(t => t, ["HLT_IsoMu24"], "trigger")
            .Filter<uint>(n => n >= 2, ["nMuon"], "two muons")
            .Filter<RVec<int>>(q => q[0] * q[1] < 0, ["Muon_charge"], "opposite charge")
            .Define("m_mumu", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> m) =>
                VecOps.InvariantMass(pt[0], eta[0], phi[0], m[0], pt[1], eta[1], phi[1], m[1]), "Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass")
            .Define("mu0_eta", (RVec<float> eta) => eta[0], "Muon_eta")
            .Define("mu0_phi", (RVec<float> phi) => phi[0], "Muon_phi");

        var mc = Select(NanoAodGenerator.Frame(simulated, seed: 1));
        var byProcess = Enumerable.Range(0, ProcessNames.Length)
            .Select(p => mc.Filter<int>(x => x == p, ["process"]).Histo1D(new Hist1DModel($"m_{p}", ";m_{#mu#mu} [GeV];Events / 2 GeV", 45, 30, 120), "m_mumu"))
            .ToArray();
        var etaPhi = mc.Histo2D(new Hist2DModel("etaphi", "Leading muon;#eta;#phi [rad];Muons", 24, -2.4, 2.4, 32, -Math.PI, Math.PI), "mu0_eta", "mu0_phi");
        var metJets = mc.Profile1D(new Profile1DModel("met_njet", "MET vs jets;number of jets;<E_{T}^{miss}> [GeV]", 8, -0.5, 7.5), "nJet", "MET_pt");
        var cutflow = mc.Report();
        var dataFrame = Select(NanoAodGenerator.Frame(data, seed: 2));
        var dataMass = dataFrame.Histo1D(new Hist1DModel("data", ";m_{#mu#mu} [GeV];Events / 2 GeV", 45, 30, 120), "m_mumu");

        var masses = byProcess.Select(r => r.Value).ToArray();
        // Normalise the simulation to the data (as a fit of the total yield would).
        double scale = dataMass.Value.Integral() / Math.Max(masses.Sum(h => h.Integral()), 1e-300);
        foreach (var h in masses) h.Scale(scale);
        return new Analysis(masses, dataMass.Value, etaPhi.Value, metJets.Value, cutflow.Value);
    }

    internal static Plot StackPlot(Analysis a)
    {
        // Draw the small backgrounds at the bottom, the dominant Z→μμ on top.
        var order = Enumerable.Range(0, a.MassByProcess.Length).OrderBy(i => a.MassByProcess[i].Integral()).ToArray();
        var plot = Plot.Stack(order.Select(i => (ProcessNames[i], a.MassByProcess[i])), a.DataMass, ratio: true, title: "EventFrame",
            colors: [.. order.Select(Palette.Color)]); // a process keeps its colour whatever its size
        plot.RightLabel = "simulated NanoAOD (13 TeV)";
        plot.LogY = true;
        return plot;
    }

    [Fact]
    public void AnalysisPlotsRender()
    {
        bool write = Environment.GetEnvironmentVariable("EVENTFRAME_WRITE_DOCS_IMAGES") == "1";
        var a = Run(write ? 2_000_000 : 100_000, write ? 400_000 : 20_000);
        Assert.True(a.DataMass.Entries > 0);
        var stack = new SvgDoc(StackPlot(a).ToSvg());
        Assert.Equal(ProcessNames.Length, stack.All("stack-sample").Count());
        Assert.Equal(ProcessNames.Length + 1, stack.All("legend-entry").Count());
        Assert.NotEmpty(stack.Group("ratio-points").Elements());
        var map = new SvgDoc(a.EtaPhi.ToSvg());
        Assert.NotEmpty(map.All("cell"));
        var prof = new SvgDoc(a.MetVsJets.ToSvg());
        Assert.NotEmpty(prof.Group("profile").Elements());
        Assert.Equal(["trigger", "two muons", "opposite charge"], a.Cutflow.Entries.Select(e => e.Name));
        Assert.Equal(3, new SvgDoc(a.Cutflow.ToSvg()).All("cutflow-row").Count());
        if (!write) return;
        var dir = Path.GetFullPath(Path.Combine(SourceDir(), "../../docs/images"));
        Directory.CreateDirectory(dir);
        StackPlot(a).SavePng(Path.Combine(dir, "stack-ratio.png"));
        a.EtaPhi.SavePng(Path.Combine(dir, "colormap-2d.png"));
        a.MetVsJets.SavePng(Path.Combine(dir, "profile.png"));
        a.Cutflow.SavePng(Path.Combine(dir, "cutflow.png"));
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
