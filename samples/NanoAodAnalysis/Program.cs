// EventFrame's sample analysis: a Z → μμ selection on a generated NanoAOD-like dataset, written the way a
// physicist ports an RDataFrame analysis. It prints the cut-flow, writes the selected events (a skim with new
// columns) and the histograms as ROOT files (which ROOT, uproot and JSROOT open), and the histograms as UHI JSON.
//
//   dotnet run -c Release --project samples/NanoAodAnalysis -- [--events N] [--threads T] [--out DIR]
using System.Diagnostics;
using System.Globalization;
using EventFrame;
using EventFrame.Data;
using EventFrame.Generators;
using EventFrame.IO.Root.Writing;
using EventFrame.Plotting;

long events = 2_000_000;
int threads = Environment.ProcessorCount;
string outDir = "out";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--events": events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": outDir = args[++i]; break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--events N] [--threads T] [--out DIR]");
            return 2;
    }
}

var df = NanoAodGenerator.Frame(events, seed: 2012).WithThreads(threads);

// Selection, string-expression form (each line ports one RDataFrame line).
var muons = df.Filter("HLT_IsoMu24", "trigger")
              .Filter("nMuon >= 2", "two muons")
              .Define("goodMu", "Muon_pt > 10 && abs(Muon_eta) < 2.4 && Muon_pfRelIso04_all < 0.15")
              .Filter("Sum(goodMu) >= 2", "two good muons")
              .Define("mu_pt", "Muon_pt[goodMu]")
              .Define("mu_eta", "Muon_eta[goodMu]")
              .Define("mu_phi", "Muon_phi[goodMu]")
              .Define("mu_mass", "Muon_mass[goodMu]")
              .Define("mu_q", "Muon_charge[goodMu]")
              .Filter("mu_q[0] != mu_q[1]", "opposite charge")
              .Define("mll", "InvariantMass(Take(mu_pt, 2), Take(mu_eta, 2), Take(mu_phi, 2), Take(mu_mass, 2))");
var z = muons.Filter("mll > 60 && mll < 120", "Z window");

// Jets, typed-lambda form: scalar sum of jets above 30 GeV away from the two muons.
var zJets = z.Define("ht", (RVec<float> pt, RVec<float> eta, RVec<float> phi, RVec<float> mEta, RVec<float> mPhi) =>
{
    float ht = 0;
    for (int j = 0; j < pt.Length; j++)
    {
        if (pt[j] <= 30) continue;
        bool clean = true;
        for (int m = 0; m < 2; m++)
            if (VecOps.DeltaR(eta[j], mEta[m], phi[j], mPhi[m]) < 0.4f) clean = false;
        if (clean) ht += pt[j];
    }
    return ht;
}, "Jet_pt", "Jet_eta", "Jet_phi", "mu_eta", "mu_phi");

var hMll = muons.Histo1D(new("mll", "Dimuon mass;m_{#mu#mu} [GeV];Events", 120, 0, 150), "mll");
var hZpt = z.Define("zpt", "(float)(Take(mu_pt, 2)[0] + Take(mu_pt, 2)[1])").Histo1D(new("mu_pt_sum", "Sum of muon p_{T};p_{T} [GeV];Events", 100, 0, 300), "zpt");
var hLead = z.Define("lead", "mu_pt[0]").Histo1D(new("mu_pt_lead", "Leading muon;p_{T} [GeV];Events", 100, 0, 200), "lead");
var hMet = z.Histo1D(new("met", "Missing E_{T};E_{T}^{miss} [GeV];Events", 100, 0, 200), "MET_pt");
var hHt = zJets.Histo1D(new("ht", "Jet H_{T};H_{T} [GeV];Events", 100, 0, 500), "ht");
var hNjet = z.Histo1D(new("njet", "Jet multiplicity;N_{jet};Events", 10, 0, 10), "nJet");
var hEtaPt = z.Histo2D(new("mu_eta_pt", "Muons;#eta;p_{T} [GeV]", 24, -2.4, 2.4, 40, 0, 200), "mu_eta", "mu_pt");
var nZ = z.Count();
var report = df.Report();
Directory.CreateDirectory(outDir);
// The skim joins the same event loop (lazy): the Z candidates with their muons, jets, MET and the new columns.
var skim = zJets.Snapshot("Events", Path.Combine(outDir, "zmumu_skim.root"),
    ["run", "luminosityBlock", "event", "nMuon", "Muon_pt", "Muon_eta", "Muon_phi", "Muon_charge", "nJet", "Jet_pt", "Jet_eta",
     "Jet_phi", "Jet_btag", "MET_pt", "MET_phi", "mll", "ht"],
    new SnapshotOptions { Codec = SnapshotCodec.Zstd, Level = 5, Lazy = true });

var sw = Stopwatch.StartNew();
long total = df.Count().Value;   // one event loop fills every result booked above
sw.Stop();

Console.WriteLine($"EventFrame sample analysis: Z -> mu mu in {total:N0} generated NanoAOD-like events ({threads} threads)");
Console.WriteLine();
report.Value.Print();
Console.WriteLine();
Console.WriteLine($"Z candidates: {nZ.Value:N0}; mean m_mumu of all opposite-sign pairs: {hMll.Value.Mean():F3} GeV; " +
                  $"mean HT {hHt.Value.Mean():F1} GeV");
Console.WriteLine($"event loop: {sw.Elapsed.TotalSeconds:F2} s, {total / sw.Elapsed.TotalSeconds / 1e6:F2} M events/s " +
                  $"({total / sw.Elapsed.TotalSeconds / 1e6 / threads:F2} M events/s per thread, generation included)");

Console.WriteLine($"wrote {string.Join(", ", skim.Value.Paths)}: {skim.Value.Entries:N0} selected events, {skim.Value.Columns.Count} columns");
var histograms = new EventFrame.Histograms.HistogramBase[] { hMll.Value, hZpt.Value, hLead.Value, hMet.Value, hHt.Value, hNjet.Value, hEtaPt.Value };
var rootPath = RootOutput.WriteHistograms(Path.Combine(outDir, "histograms.root"), histograms.Select(h => (h.Name, h)));
Console.WriteLine($"wrote {rootPath}: {histograms.Length} histograms (TH1D/TH2D)");
foreach (var h in histograms)
{
    var path = Path.Combine(outDir, h.Name + ".json");
    h.SaveUhiJson(path);
    Console.WriteLine($"wrote {path}: {h}");
}
// Plots as SVG (PNG needs rsvg-convert: hMll.Value.SavePng(...)).
hMll.Value.SaveSvg(Path.Combine(outDir, "mll.svg"), HistStyle.Errorbar);
hHt.Value.SaveSvg(Path.Combine(outDir, "ht.svg"), HistStyle.Filled, logY: true);
hEtaPt.Value.SaveSvg(Path.Combine(outDir, "mu_eta_pt.svg"));
report.Value.SaveSvg(Path.Combine(outDir, "cutflow.svg"));
Console.WriteLine($"wrote {outDir}/mll.svg, ht.svg, mu_eta_pt.svg, cutflow.svg");
return 0;
