// Macro benchmark: whole event loops, timed end to end, printing events/s.
//   dotnet run -c Release --project benchmarks/EventFrame.Macro -- engine [--rows N] [--threads T]
//   dotnet run -c Release --project benchmarks/EventFrame.Macro -- sample [--events N] [--threads T]
//   dotnet run -c Release --project benchmarks/EventFrame.Macro -- adl FILE... [--threads T] [--repeat R] [--warmup W] [--rounds N] [--query Q1,Q2] [--form lambdas,strings]
//     (AdlMacro.cs; it re-runs this program as children in the modes adl-run and adl-compute)
//   dotnet run -c Release --project benchmarks/EventFrame.Macro -- remote FILE... [--repeat R]   (RemoteMacro.cs; via benchmarks/run-remote.sh)
using System.Diagnostics;
using System.Globalization;
using EventFrame;
using EventFrame.Generators;
using EventFrame.Histograms;

string mode = args.Length > 0 ? args[0] : "engine";
long rows = 20_000_000, events = 2_000_000;
int threads = 1, repeat = 5, warmup = -1, rounds = 1;
var files = new List<string>();
IReadOnlyList<string> queries = EventFrame.Adl.AdlQueries.Names;
IReadOnlyList<string> forms = ["lambdas", "strings"];
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case var f when !f.StartsWith("--", StringComparison.Ordinal): files.Add(f); break;
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--events": events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--query": queries = args[++i].Split(','); break;
        case "--form": forms = args[++i].Split(','); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
if (!mode.StartsWith("adl-", StringComparison.Ordinal))
    Console.WriteLine($"EventFrame macro benchmark '{mode}': {Environment.ProcessorCount} cores, {threads} thread(s), " +
                  $"AVX-512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, .NET {Environment.Version}");

// Median of `repeat` timed runs after warming up for at least a second (so the JIT has promoted the hot
// methods to their optimized tier; runs are short).
static double Median(int repeat, Func<double> run)
{
    var warm = Stopwatch.StartNew();
    int warmRuns = 0;
    while (warmRuns < 2 || (warm.Elapsed.TotalSeconds < 1.0 && warmRuns < 50))
    {
        run();
        warmRuns++;
    }
    var times = new List<double>();
    for (int r = 0; r < repeat; r++)
    {
        var sw = Stopwatch.StartNew();
        run();
        times.Add(sw.Elapsed.TotalSeconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

void Report(string name, long units, string unit, double seconds) =>
    Console.WriteLine($"  {name,-48} {seconds * 1e3,9:F1} ms  {units / seconds / 1e6,9:F1} M {unit}/s  ({units / seconds / 1e6 / threads,7:F1} per thread)");

if (mode == "engine")
{
    var rng = new Random(1);
    var x = new float[rows];
    for (long i = 0; i < rows; i++) x[i] = (float)(rng.NextDouble() * 100);
    var flat = Frame.FromArrays(new Dictionary<string, Array> { ["x"] = x }).WithThreads(threads);
    var model = new Hist1DModel("x", "x", 100, 0, 100);
    Report("fill (no filter)", rows, "rows", Median(repeat, () => flat.Histo1D(model, "x").Value.Entries));
    Report("filter x > 39 (61% pass) + fill, string", rows, "rows", Median(repeat, () => flat.Filter("x > 39").Histo1D(model, "x").Value.Entries));
    Report("filter x > 39 (61% pass) + fill, lambda", rows, "rows", Median(repeat, () => flat.Filter((float v) => v > 39, ["x"]).Histo1D(model, "x").Value.Entries));
    Report("define y = x * 2 + 1, Sum, string", rows, "rows", Median(repeat, () => flat.Define("y", "x * 2 + 1").Sum("y").Value));
    Report("define y = x * 2 + 1, Sum, lambda", rows, "rows", Median(repeat, () => flat.Define("y", (float v) => v * 2 + 1, "x").Sum("y").Value));
    Report("Count only", rows, "rows", Median(repeat, () => flat.Count().Value));

    var pt = new float[events][];
    for (long i = 0; i < events; i++)
    {
        int n = 0;
        double l = Math.Exp(-2), p = rng.NextDouble();
        while (p > l) { p *= rng.NextDouble(); n++; }
        pt[i] = new float[n];
        for (int j = 0; j < n; j++) pt[i][j] = (float)(rng.NextDouble() * 100);
    }
    var jag = Frame.FromArrays(new Dictionary<string, Array> { ["Jet_pt"] = pt }).WithThreads(threads);
    var sumModel = new Hist1DModel("s", "s", 100, 0, 500);
    Report("jagged Sum per event -> histogram, string", events, "events", Median(repeat, () => jag.Define("s", "Jet_pt.Sum()").Histo1D(sumModel, "s").Value.Entries));
    Report("jagged Sum per event -> histogram, lambda", events, "events", Median(repeat, () => jag.Define("s", (RVec<float> v) => v.Sum(), "Jet_pt").Histo1D(sumModel, "s").Value.Entries));
    Report("jagged Max per event -> histogram, string", events, "events", Median(repeat, () => jag.Define("s", "Jet_pt.Size > 0 ? Max(Jet_pt) : -1f").Histo1D(sumModel, "s").Value.Entries));
    Report("fill every element of a jagged column", events, "events", Median(repeat, () => jag.Histo1D(sumModel, "Jet_pt").Value.Entries));
    Report("masked selection Jet_pt[Jet_pt > 30] -> fill", events, "events", Median(repeat, () => jag.Define("s", "Jet_pt[Jet_pt > 30]").Histo1D(sumModel, "s").Value.Entries));
}
else if (mode == "sample")
{
    var df = NanoAodGenerator.Frame(events, seed: 2012).WithThreads(threads);
    Report("generate only (Count of nMuon >= 0)", events, "events", Median(Math.Min(repeat, 3), () => df.Filter("nMuon >= 0").Count().Value));
    var sel = df.Filter("HLT_IsoMu24", "trigger").Filter("nMuon >= 2", "two muons")
        .Filter("Muon_charge[0] != Muon_charge[1]", "opposite charge")
        .Define("mll", "InvariantMass(Take(Muon_pt, 2), Take(Muon_eta, 2), Take(Muon_phi, 2), Take(Muon_mass, 2))");
    Report("generate + Z selection + 3 histograms", events, "events", Median(Math.Min(repeat, 3), () =>
    {
        var a = sel.Histo1D(new("mll", "", 120, 0, 150), "mll");
        var b = sel.Histo1D(new("met", "", 100, 0, 200), "MET_pt");
        var c = df.Histo1D(new("jpt", "", 100, 0, 200), "Jet_pt");
        return a.Value.Entries + b.Value.Entries + c.Value.Entries;
    }));
}
else if (mode == "remote")
{
    return RemoteMacro.Run(files, repeat);
}
else if (mode == "adl")
{
    return AdlMacro.Run(files, threads, repeat, warmup, queries, forms, rounds);
}
else if (mode is "adl-run" or "adl-compute")
{
    return AdlMacro.Child(mode, files, threads, repeat, warmup, queries.Single(), forms.Single());
}
else
{
    Console.Error.WriteLine($"unknown mode '{mode}' (engine, sample, adl)");
    return 2;
}
return 0;
