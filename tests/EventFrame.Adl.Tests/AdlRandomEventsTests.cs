using EventFrame.Histograms;

namespace EventFrame.Adl.Tests;

/// <summary>
/// Both forms of the eight ADL queries over random in-memory events (fixed seeds) against a per-event scalar
/// transliteration of ROOT's compiled C++ written here: empty collections, values exactly on the cuts (pT 30 and
/// 40, |η| = 1, MET on bin edges and beyond the range), and events with more than 32 jets or muons (the arena
/// path of the lambda helpers). Counts and entries must agree exactly, sums to 1e-9 relative.
/// </summary>
public class AdlRandomEventsTests
{
    private const int Events = 2500;

    private sealed class Event
    {
        public float[] MuPt = [], MuEta = [], MuPhi = [], MuMass = [];
        public int[] MuQ = [];
        public float[] ElPt = [], ElEta = [], ElPhi = [], ElMass = [];
        public int[] ElQ = [];
        public float[] JetPt = [], JetEta = [], JetPhi = [], JetMass = [], JetBtag = [];
        public float Met, MetPhi;
    }

    private static List<Event> Generate(int seed)
    {
        var rng = new Random(seed);
        float U(float lo, float hi) => lo + (hi - lo) * rng.NextSingle();
        float Exp(float mean) => (float)(-mean * Math.Log(1 - rng.NextDouble()));
        float Phi() => U(-MathF.PI, MathF.PI);
        var events = new List<Event>(Events);
        for (int e = 0; e < Events; e++)
        {
            var ev = new Event();
            int nMu = rng.NextDouble() < 0.01 ? 33 + rng.Next(4) : rng.Next(5);
            int nEl = rng.Next(4);
            int nJet = rng.NextDouble() < 0.01 ? 33 + rng.Next(6) : rng.Next(9);
            ev.MuPt = [.. Enumerable.Range(0, nMu).Select(_ => 3 + Exp(25))];
            ev.MuEta = [.. Enumerable.Range(0, nMu).Select(_ => U(-2.4f, 2.4f))];
            ev.MuPhi = [.. Enumerable.Range(0, nMu).Select(_ => Phi())];
            ev.MuMass = [.. Enumerable.Range(0, nMu).Select(_ => 0.1056584f)];
            ev.MuQ = [.. Enumerable.Range(0, nMu).Select(_ => rng.Next(2) * 2 - 1)];
            ev.ElPt = [.. Enumerable.Range(0, nEl).Select(_ => 5 + Exp(25))];
            ev.ElEta = [.. Enumerable.Range(0, nEl).Select(_ => U(-2.5f, 2.5f))];
            ev.ElPhi = [.. Enumerable.Range(0, nEl).Select(_ => Phi())];
            ev.ElMass = [.. Enumerable.Range(0, nEl).Select(_ => 0.000511f)];
            ev.ElQ = [.. Enumerable.Range(0, nEl).Select(_ => rng.Next(2) * 2 - 1)];
            // Jets on the cuts (pT 30 and 40, |eta| 1) and near leptons (the Q7 cleaning) on purpose.
            ev.JetPt = [.. Enumerable.Range(0, nJet).Select(_ => rng.NextDouble() < 0.05 ? (rng.Next(2) == 0 ? 30f : 40f) : 10 + Exp(30))];
            ev.JetEta = [.. Enumerable.Range(0, nJet).Select(_ => rng.NextDouble() < 0.05 ? (rng.Next(2) == 0 ? 1f : -1f) : U(-2.5f, 2.5f))];
            ev.JetPhi = [.. Enumerable.Range(0, nJet).Select(_ => Phi())];
            for (int j = 0; j < nJet && nMu + nEl > 0; j++)
                if (rng.NextDouble() < 0.2)
                {
                    bool mu = nMu > 0 && (nEl == 0 || rng.Next(2) == 0);
                    int l = rng.Next(mu ? nMu : nEl);
                    ev.JetEta[j] = (mu ? ev.MuEta[l] : ev.ElEta[l]) + U(-0.3f, 0.3f);
                    ev.JetPhi[j] = (mu ? ev.MuPhi[l] : ev.ElPhi[l]) + U(-0.3f, 0.3f);
                }
            ev.JetMass = [.. ev.JetPt.Select(pt => pt * U(0.06f, 0.18f))];
            ev.JetBtag = [.. Enumerable.Range(0, nJet).Select(_ => rng.NextDouble() < 0.05 ? -1f : rng.NextSingle())];
            // MET on bin edges, at the upper edge and beyond it now and then.
            double r = rng.NextDouble();
            ev.Met = r < 0.05 ? 2 * rng.Next(101) : r < 0.07 ? 200 + Exp(50) : Exp(30);
            ev.MetPhi = Phi();
            events.Add(ev);
        }
        return events;
    }

    private static Frame ToFrame(List<Event> events)
    {
        Array Col<T>(Func<Event, T> f) => events.Select(f).ToArray();
        return Frame.FromArrays(new Dictionary<string, Array>
        {
            ["nMuon"] = Col(e => (uint)e.MuPt.Length),
            ["Muon_pt"] = Col(e => e.MuPt), ["Muon_eta"] = Col(e => e.MuEta), ["Muon_phi"] = Col(e => e.MuPhi),
            ["Muon_mass"] = Col(e => e.MuMass), ["Muon_charge"] = Col(e => e.MuQ),
            ["nElectron"] = Col(e => (uint)e.ElPt.Length),
            ["Electron_pt"] = Col(e => e.ElPt), ["Electron_eta"] = Col(e => e.ElEta), ["Electron_phi"] = Col(e => e.ElPhi),
            ["Electron_mass"] = Col(e => e.ElMass), ["Electron_charge"] = Col(e => e.ElQ),
            ["nJet"] = Col(e => (uint)e.JetPt.Length),
            ["Jet_pt"] = Col(e => e.JetPt), ["Jet_eta"] = Col(e => e.JetEta), ["Jet_phi"] = Col(e => e.JetPhi),
            ["Jet_mass"] = Col(e => e.JetMass), ["Jet_btag"] = Col(e => e.JetBtag),
            ["MET_pt"] = Col(e => e.Met), ["MET_phi"] = Col(e => e.MetPhi),
        });
    }

    // ---- the reference: ROOT's compiled C++ versions, one event at a time ----------------------------------

    private readonly record struct P4(double X, double Y, double Z, double E)
    {
        public static P4 Of(float pt, float eta, float phi, float m)
        {
            double x = pt * Math.Cos(phi), y = pt * Math.Sin(phi), z = pt * Math.Sinh(eta);
            return new(x, y, z, Math.Sqrt(x * x + y * y + z * z + (double)m * m));
        }

        public static P4 operator +(P4 a, P4 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z, a.E + b.E);

        public double Mass => Math.Sqrt(E * E - (X * X + Y * Y + Z * Z));

        public double Pt => Math.Sqrt(X * X + Y * Y);
    }

    // ROOT's DeltaPhi<float>: the difference in float, fmod and folding in double (2.0 * c promotes), result in float.
    private static float DeltaPhi(float v1, float v2)
    {
        double c = MathF.PI;
        double r = (double)(v2 - v1) % (2.0 * c);
        if (r < -c) r += 2.0 * c;
        else if (r > c) r -= 2.0 * c;
        return (float)r;
    }

    private static float DeltaR(float eta1, float eta2, float phi1, float phi2)
    {
        float dphi = DeltaPhi(phi1, phi2);
        return MathF.Sqrt((eta1 - eta2) * (eta1 - eta2) + dphi * dphi);
    }

    private static Dictionary<string, List<double>> Reference(List<Event> events)
    {
        var fills = new Dictionary<string, List<double>>();
        void Add(string key, double x) => (fills.TryGetValue(key, out var l) ? l : fills[key] = []).Add(x);
        foreach (var key in new[] { "Q1", "Q2", "Q3", "Q4", "Q5", "Q6/Trijet_pt", "Q6/Trijet_leadingBtag", "Q7", "Q8" }) fills[key] = [];
        foreach (var ev in events)
        {
            Add("Q1", ev.Met);
            for (int j = 0; j < ev.JetPt.Length; j++)
            {
                Add("Q2", ev.JetPt[j]);
                if (Math.Abs(ev.JetEta[j]) < 1.0) Add("Q3", ev.JetPt[j]);
            }
            if (ev.JetPt.Count(pt => pt > 40) > 1) Add("Q4", ev.Met);

            int nMu = ev.MuPt.Length;
            bool q5 = false;
            for (int i = 0; i < nMu; i++)
                for (int j = i + 1; j < nMu; j++)
                {
                    if (ev.MuQ[i] == ev.MuQ[j]) continue;
                    double m = (P4.Of(ev.MuPt[i], ev.MuEta[i], ev.MuPhi[i], ev.MuMass[i]) + P4.Of(ev.MuPt[j], ev.MuEta[j], ev.MuPhi[j], ev.MuMass[j])).Mass;
                    q5 |= m > 60 && m < 120;
                }
            if (nMu >= 2 && q5) Add("Q5", ev.Met);

            int nJet = ev.JetPt.Length;
            if (nJet >= 3)
            {
                P4 J(int k) => P4.Of(ev.JetPt[k], ev.JetEta[k], ev.JetPhi[k], ev.JetMass[k]);
                double best = 1e300;
                (int, int, int) t = (0, 1, 2);
                for (int i = 0; i < nJet; i++)
                    for (int j = i + 1; j < nJet; j++)
                        for (int k = j + 1; k < nJet; k++)
                        {
                            double d = Math.Abs((J(i) + J(j) + J(k)).Mass - 172.5);
                            if (d < best) (best, t) = (d, (i, j, k));
                        }
                Add("Q6/Trijet_pt", (float)(J(t.Item1) + J(t.Item2) + J(t.Item3)).Pt);
                Add("Q6/Trijet_leadingBtag", Math.Max(ev.JetBtag[t.Item1], Math.Max(ev.JetBtag[t.Item2], ev.JetBtag[t.Item3])));
            }

            if (nJet > 0)
            {
                float sum = 0;
                int good = 0;
                for (int j = 0; j < nJet; j++)
                {
                    bool clean = ev.JetPt[j] > 30;
                    for (int l = 0; l < nMu; l++)
                        if (ev.MuPt[l] > 10 && DeltaR(ev.JetEta[j], ev.MuEta[l], ev.JetPhi[j], ev.MuPhi[l]) < 0.4) clean = false;
                    for (int l = 0; l < ev.ElPt.Length; l++)
                        if (ev.ElPt[l] > 10 && DeltaR(ev.JetEta[j], ev.ElEta[l], ev.JetPhi[j], ev.ElPhi[l]) < 0.4) clean = false;
                    if (clean)
                    {
                        sum += ev.JetPt[j];
                        good++;
                    }
                }
                if (good > 0) Add("Q7", sum);
            }

            int nLep = nMu + ev.ElPt.Length;
            if (nLep > 2)
            {
                float[] pt = [.. ev.MuPt, .. ev.ElPt], eta = [.. ev.MuEta, .. ev.ElEta], phi = [.. ev.MuPhi, .. ev.ElPhi], mass = [.. ev.MuMass, .. ev.ElMass];
                int[] q = [.. ev.MuQ, .. ev.ElQ];
                double bestMass = 99999;
                int b1 = -1, b2 = -1;
                for (int i = 0; i < nLep; i++)
                    for (int j = i + 1; j < nLep; j++)
                    {
                        if (q[i] == q[j] || (i < nMu) != (j < nMu)) continue;
                        double m = (P4.Of(pt[i], eta[i], phi[i], mass[i]) + P4.Of(pt[j], eta[j], phi[j], mass[j])).Mass;
                        if (Math.Abs(m - 91.2) < Math.Abs(bestMass - 91.2)) (bestMass, b1, b2) = (m, i, j);
                    }
                if (b1 >= 0)
                {
                    float maxPt = -999;
                    int other = -1;
                    for (int i = 0; i < nLep; i++)
                        if (i != b1 && i != b2 && pt[i] > maxPt) (maxPt, other) = (pt[i], i);
                    Add("Q8", Math.Sqrt(2.0 * pt[other] * ev.Met * (1.0 - Math.Cos(DeltaPhi(ev.MetPhi, phi[other])))));
                }
            }
        }
        return fills;
    }

    private static string Key(AdlHistogram h) => h.Query == "Q6" ? $"Q6/{h.Column}" : h.Query;

    [Theory]
    [InlineData(1, "strings")]
    [InlineData(1, "lambdas")]
    [InlineData(2, "strings")]
    [InlineData(2, "lambdas")]
    public void BothFormsMatchAPerEventReference(int seed, string form)
    {
        var events = Generate(seed);
        var reference = Reference(events);
        var df = ToFrame(events).WithThreads(2);
        var booked = form == "strings" ? AdlQueries.BookStrings(df) : AdlQueries.BookLambdas(df);
        foreach (var h in booked.Values.SelectMany(x => x))
        {
            var fills = reference[Key(h)];
            // Every query must select something, or the comparison proves little.
            Assert.True(fills.Count >= 30, $"{Key(h)}: only {fills.Count} reference fills");
            var axis = (RegularAxis)h.Histogram.Value.XAxis;
            var expected = new Hist1D("ref", "", axis.Bins, axis.Lower(1), axis.Upper(axis.Bins));
            foreach (var x in fills) expected.Fill(x);
            var actual = h.Histogram.Value;
            Assert.True(expected.Values.SequenceEqual(actual.Values),
                $"{Key(h)} ({form}): counts differ at bins [{string.Join(", ", Enumerable.Range(0, actual.Values.Length).Where(b => expected.Values[b] != actual.Values[b]))}]");
            Assert.Equal(expected.Entries, actual.Entries);
            double sum = fills.Sum();
            Assert.True(Math.Abs(h.Sum.Value - sum) <= 1e-9 * Math.Abs(sum), $"{Key(h)} ({form}): sum {h.Sum.Value:R} vs {sum:R}");
        }
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void StringAndLambdaFormsGiveIdenticalHistogramsInOneLoop()
    {
        var df = ToFrame(Generate(3)).WithThreads(2);
        var strings = AdlQueries.BookStrings(df);
        var lambdas = AdlQueries.BookLambdas(df);
        foreach (var q in AdlQueries.Names)
            for (int i = 0; i < strings[q].Length; i++)
            {
                Assert.True(strings[q][i].Histogram.Value.Values.SequenceEqual(lambdas[q][i].Histogram.Value.Values), $"{q} {strings[q][i].Column}");
                Assert.Equal(strings[q][i].Histogram.Value.Entries, lambdas[q][i].Histogram.Value.Entries);
                Assert.Equal(strings[q][i].Sum.Value, lambdas[q][i].Sum.Value, 1e-9 * Math.Abs(strings[q][i].Sum.Value));
            }
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void BadArgumentsGiveTypedExceptions()
    {
        var df = ToFrame(Generate(4));
        var e = Assert.Throws<ArgumentException>(() => AdlQueries.BookStrings(df, "Q9"));
        Assert.Contains("Q9", e.Message);
        Assert.Equal("Q5", AdlQueries.BookLambdas(df, " q5 ")[0].Query);
        Assert.Throws<ArgumentOutOfRangeException>(() => AdlQueries.FindTrijet(RVec.Of(1f, 2f), RVec.Of(0f, 0f), RVec.Of(0f, 1f), RVec.Of(1f, 1f), 172.5));
        Assert.Throws<ArgumentException>(() => AdlQueries.FourVectors(RVec.Of(1f), RVec.Of(0f), RVec.Of(0f), RVec.Of(1f), new PtEtaPhiMVector[2]));
    }
}
