namespace EventFrame.Plotting.Tests;

/// <summary>Fixed, seeded histograms shared by the plotting tests and the documentation images.</summary>
internal static class Samples
{
    public static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    public static Hist1D Filled(string name, string title, int n, Func<Random, double> draw, int seed, int bins = 40, double lo = 0, double hi = 200, double w = 1)
    {
        var h = new Hist1D(name, title, bins, lo, hi);
        var r = new Random(seed);
        for (int i = 0; i < n; i++) h.Fill(draw(r), w);
        return h;
    }

    /// <summary>Three background samples and pseudo-data drawn from their sum, for stack plots.</summary>
    public static (List<(string, Hist1D)> Samples, Hist1D Data) Stack(int seed = 7)
    {
        const string t = ";m_{#mu#mu} [GeV];Events";
        var dy = Filled("dy", t, 20000, r => 91 + 2.5 * Gauss(r), seed, 40, 60, 120, 0.5);
        var tt = Filled("tt", t, 3000, r => 60 + 60 * r.NextDouble(), seed + 1, 40, 60, 120, 0.5);
        var ww = Filled("ww", t, 1500, r => 60 + 60 * Math.Sqrt(r.NextDouble()), seed + 2, 40, 60, 120, 0.5);
        var data = new Hist1D("data", t, 40, 60, 120);
        var rd = new Random(seed + 3);
        for (int i = 0; i < 10000; i++) data.Fill(91 + 2.5 * Gauss(rd));
        for (int i = 0; i < 1500; i++) data.Fill(60 + 60 * rd.NextDouble());
        for (int i = 0; i < 750; i++) data.Fill(60 + 60 * Math.Sqrt(rd.NextDouble()));
        return ([("t#bar{t}", tt), ("WW", ww), ("Z/#gamma^{*}#rightarrow#mu#mu", dy)], data);
    }

    public static Hist2D Map(int seed = 11)
    {
        var h = new Hist2D("etaphi", "Leading jet;#eta;#phi [rad];Jets", 30, -3, 3, 32, -3.2, 3.2);
        var r = new Random(seed);
        for (int i = 0; i < 30000; i++) h.Fill(1.2 * Gauss(r), -3.2 + 6.4 * r.NextDouble() * r.NextDouble() + 0 * r.NextDouble());
        return h;
    }

    public static Profile1D Profile(int seed = 13)
    {
        var p = new Profile1D("prof", "Response;p_{T}^{gen} [GeV];<p_{T}^{reco}/p_{T}^{gen}>", 20, 0, 200);
        var r = new Random(seed);
        for (int i = 0; i < 5000; i++)
        {
            double pt = 200 * r.NextDouble();
            p.Fill(pt, 0.9 + 0.0005 * pt + 0.05 * Gauss(r));
        }
        return p;
    }
}
