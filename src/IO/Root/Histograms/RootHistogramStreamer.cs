using System.Buffers.Binary;
using EventFrame.Histograms;

namespace EventFrame.IO.Root.Histograms;

/// <summary>Decodes the streamed TH1/TH2/TProfile members (see <see cref="RootHistograms"/> for the layouts).</summary>
internal static class RootHistogramStreamer
{
    /// <summary>What TH1 holds that the histogram classes need.</summary>
    private sealed class TH1Data
    {
        public string Title = "";
        public int NCells;
        public readonly AxisData[] Axes = new AxisData[3];
        public double Entries, Tsumw, Tsumw2, Tsumwx, Tsumwx2;
        public double[] Sumw2 = [];
    }

    private readonly record struct AxisData(string Title, int Bins, double Min, double Max, double[] Edges);

    /// <summary>Reads an object of class <paramref name="className"/> at the reader's position.</summary>
    public static HistogramBase Read(ref RootReader r, string className, string name)
    {
        int version = r.Version(out int end);
        if (end < 0) throw r.Error($"{className} has no byte count");
        HistogramBase result;
        if (className is "TProfile" or "TProfile2D") result = ReadProfile(ref r, className, version, name, end, className == "TProfile" ? 1 : 2);
        else
        {
            int dims = className[2] - '0';
            double[] extra = [];
            var th1 = dims switch
            {
                3 => ReadTH3(ref r, out extra),
                2 => ReadTH2(ref r, out extra),
                _ => ReadTH1(ref r),
            };
            var values = ReadTArray(ref r, className[3], "bin contents");
            CheckCells(ref r, th1, values.Length, className, dims);
            Histogram h = dims switch
            {
                3 => new Hist3D(name, Title(th1, 3), MakeAxis(ref r, th1.Axes[0]), MakeAxis(ref r, th1.Axes[1]), MakeAxis(ref r, th1.Axes[2])),
                2 => new Hist2D(name, Title(th1, 2), MakeAxis(ref r, th1.Axes[0]), MakeAxis(ref r, th1.Axes[1])),
                _ => new Hist1D(name, Title(th1, 1), MakeAxis(ref r, th1.Axes[0])),
            };
            FillBins(h, th1, values);
            // EventFrame's statistics order: Σw, Σw², then Σw·c and Σw·c² per coordinate, then the cross sums by pair.
            SetStats(h, th1, dims switch
            {
                3 => [th1.Tsumw, th1.Tsumw2, th1.Tsumwx, th1.Tsumwx2, extra[0], extra[1], extra[3], extra[4], extra[2], extra[5], extra[6]],
                2 => [th1.Tsumw, th1.Tsumw2, th1.Tsumwx, th1.Tsumwx2, extra[1], extra[2], extra[3]],
                _ => [th1.Tsumw, th1.Tsumw2, th1.Tsumwx, th1.Tsumwx2],
            });
            result = h;
        }
        r.SkipTo(end, className);
        return result;
    }

    /// <summary>TProfile (<paramref name="dims"/> 1, v4-7) or TProfile2D (2, v5-8), whose layouts differ only in the base class.</summary>
    private static Profile ReadProfile(ref RootReader r, string className, int version, string name, int end, int dims)
    {
        int minVersion = dims == 1 ? 4 : 5;
        if (version < minVersion) throw r.Error($"{className} version {version} is not supported ({minVersion}-{minVersion + 3} are)");
        // Base TH1D or TH2D: its own version header, TH1 (TH2: followed by the y sums), then the TArrayD of Σw·v.
        r.Version(out int baseEnd);
        double[] th2Stats = [];
        var th1 = dims == 1 ? ReadTH1(ref r) : ReadTH2(ref r, out th2Stats);
        var sumWV = ReadTArray(ref r, 'D', $"{className} Σw·v");
        r.SkipTo(baseEnd, dims == 1 ? "TH1D" : "TH2D");
        var binEntries = ReadTArray(ref r, 'D', $"{className} fBinEntries");
        r.I32(); // fErrorMode
        r.F64(); // fYmin (TProfile2D: fZmin)
        r.F64(); // fYmax (fZmax)
        double sumWv = r.F64(), sumWv2 = r.F64();
        // fBinSumw2 arrived with a later class version (TProfile v6); whether it is there is told by the bytes left.
        double[] binSumw2 = r.Position < end ? ReadTArray(ref r, 'D', $"{className} fBinSumw2") : [];

        CheckCells(ref r, th1, sumWV.Length, className, dims);
        if (binEntries.Length != th1.NCells) throw r.Error($"{className} has {binEntries.Length} bin entries for {th1.NCells} cells");
        if (th1.Sumw2.Length != th1.NCells) throw r.Error($"{className} has {th1.Sumw2.Length} Σw·v² values for {th1.NCells} cells");
        if (binSumw2.Length != 0 && binSumw2.Length != th1.NCells) throw r.Error($"{className} has {binSumw2.Length} Σw² values for {th1.NCells} cells");
        Profile p = dims == 1
            ? new Profile1D(name, Title(th1, 1), MakeAxis(ref r, th1.Axes[0]))
            : new Profile2D(name, Title(th1, 2), MakeAxis(ref r, th1.Axes[0]), MakeAxis(ref r, th1.Axes[1]));
        for (int g = 0; g < th1.NCells; g++)
            // Without fBinSumw2 every fill had weight 1, so Σw² equals Σw.
            p.SetBin(g, binEntries[g], binSumw2.Length != 0 ? binSumw2[g] : binEntries[g], sumWV[g], th1.Sumw2[g]);
        // Profiles do not store the cross sums of an axis with the profiled value (Σw·x·v, Σw·y·v); TProfile2D keeps Σw·x·y.
        SetStats(p, th1, dims == 1
            ? [th1.Tsumw, th1.Tsumw2, th1.Tsumwx, th1.Tsumwx2, sumWv, sumWv2, 0]
            : [th1.Tsumw, th1.Tsumw2, th1.Tsumwx, th1.Tsumwx2, th2Stats[1], th2Stats[2], sumWv, sumWv2, th2Stats[3], 0, 0]);
        return p;
    }

    private static TH1Data ReadTH3(ref RootReader r, out double[] stats)
    {
        int v = r.Version(out int end);
        if (end < 0 || v < 5) throw r.Error($"TH3 version {v} is not supported (5-6 with a byte count are)");
        var th1 = ReadTH1(ref r);
        r.SkipVersioned("TAtt3D");
        // fTsumwy, fTsumwy2, fTsumwxy, fTsumwz, fTsumwz2, fTsumwxz, fTsumwyz
        stats = [r.F64(), r.F64(), r.F64(), r.F64(), r.F64(), r.F64(), r.F64()];
        r.SkipTo(end, "TH3");
        return th1;
    }

    private static TH1Data ReadTH2(ref RootReader r, out double[] stats)
    {
        int v = r.Version(out int end);
        if (end < 0 || v < 3) throw r.Error($"TH2 version {v} is not supported (3-5 with a byte count are)");
        var th1 = ReadTH1(ref r);
        stats = [r.F64(), r.F64(), r.F64(), r.F64()]; // fScalefactor, fTsumwy, fTsumwy2, fTsumwxy
        r.SkipTo(end, "TH2");
        return th1;
    }

    private static TH1Data ReadTH1(ref RootReader r)
    {
        int v = r.Version(out int end);
        if (end < 0 || v < 5) throw r.Error($"TH1 version {v} is not supported (5-8 with a byte count are)");
        var d = new TH1Data();
        (_, d.Title) = r.TNamed();
        r.SkipVersioned("TAttLine");
        r.SkipVersioned("TAttFill");
        r.SkipVersioned("TAttMarker");
        d.NCells = r.I32();
        for (int a = 0; a < 3; a++) d.Axes[a] = ReadAxis(ref r);
        r.I16(); // fBarOffset
        r.I16(); // fBarWidth
        d.Entries = r.F64();
        d.Tsumw = r.F64();
        d.Tsumw2 = r.F64();
        d.Tsumwx = r.F64();
        d.Tsumwx2 = r.F64();
        r.F64(); // fMaximum
        r.F64(); // fMinimum
        r.F64(); // fNormFactor
        ReadTArray(ref r, 'D', "fContour");
        d.Sumw2 = ReadTArray(ref r, 'D', "fSumw2");
        r.SkipTo(end, "TH1");
        return d;
    }

    private static AxisData ReadAxis(ref RootReader r)
    {
        int v = r.Version(out int end);
        if (end < 0 || v < 6) throw r.Error($"TAxis version {v} is not supported (6-10 with a byte count are)");
        var (_, title) = r.TNamed();
        r.SkipVersioned("TAttAxis");
        int bins = r.I32();
        double min = r.F64(), max = r.F64();
        var edges = ReadTArray(ref r, 'D', "TAxis fXbins");
        r.SkipTo(end, "TAxis");
        return new AxisData(title, bins, min, max, edges);
    }

    /// <summary>Reads a TArray streamed as a member or base: i32 n, then n big-endian elements of type code C/S/I/F/D.</summary>
    private static double[] ReadTArray(ref RootReader r, char type, string what)
    {
        int n = r.I32();
        int size = type switch { 'C' => 1, 'S' => 2, 'I' or 'F' => 4, _ => 8 };
        if (n < 0 || (long)n * size > r.Remaining)
            throw r.Error($"{what}: array of {n} elements does not fit in the {r.Remaining} remaining bytes");
        var bytes = r.Bytes(n * size);
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            var e = bytes.Slice(i * size, size);
            a[i] = type switch
            {
                'C' => (sbyte)e[0],
                'S' => BinaryPrimitives.ReadInt16BigEndian(e),
                'I' => BinaryPrimitives.ReadInt32BigEndian(e),
                'F' => BinaryPrimitives.ReadSingleBigEndian(e),
                _ => BinaryPrimitives.ReadDoubleBigEndian(e),
            };
        }
        return a;
    }

    private static void CheckCells(ref RootReader r, TH1Data th1, int values, string className, int dims)
    {
        long expected = 1;
        foreach (var a in th1.Axes.AsSpan(0, dims))
        {
            if (a.Bins < 1 || a.Bins > 1 << 26) throw r.Error($"{className} axis '{a.Title}' has {a.Bins} bins");
            expected *= a.Bins + 2;
            if (expected > 1 << 28) throw r.Error($"{className} has more than {1 << 28} cells");
        }
        if (th1.NCells != expected || values != expected)
            throw r.Error($"{className} has fNcells {th1.NCells} and {values} bin contents, but its axes make {expected} cells");
        if (th1.Sumw2.Length != 0 && th1.Sumw2.Length != expected)
            throw r.Error($"{className} has {th1.Sumw2.Length} fSumw2 values for {expected} cells");
    }

    private static Axis MakeAxis(ref RootReader r, AxisData a)
    {
        if (a.Edges.Length == 0)
        {
            if (!(a.Min < a.Max) || !double.IsFinite(a.Min) || !double.IsFinite(a.Max))
                throw r.Error($"axis '{a.Title}' has the invalid range [{a.Min}, {a.Max}]");
            return new RegularAxis(a.Bins, a.Min, a.Max);
        }
        if (a.Edges.Length != a.Bins + 1) throw r.Error($"axis '{a.Title}' has {a.Edges.Length} edges for {a.Bins} bins");
        for (int i = 0; i < a.Edges.Length; i++)
            if (!double.IsFinite(a.Edges[i]) || i > 0 && !(a.Edges[i] > a.Edges[i - 1]))
                throw r.Error($"axis '{a.Title}' has edges that are not finite and increasing at {i}");
        return new VariableAxis(a.Edges);
    }

    // ROOT's "title;x title;y title" convention carries the axis titles into the histogram's axis labels.
    private static string Title(TH1Data th1, int dims)
    {
        var parts = new List<string> { th1.Title };
        for (int a = 0; a < dims; a++) parts.Add(th1.Axes[a].Title);
        while (parts.Count > 1 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return string.Join(";", parts);
    }

    private static void FillBins(Histogram h, TH1Data th1, double[] values)
    {
        // Without fSumw2 every fill had weight 1, so the variance of a bin equals its content.
        for (int g = 0; g < values.Length; g++)
            h.SetBin(g, values[g], th1.Sumw2.Length != 0 ? th1.Sumw2[g] : values[g]);
    }

    private static void SetStats(HistogramBase h, TH1Data th1, double[] stats)
    {
        stats.CopyTo(h.StatsArray, 0);
        h.SetEntries((long)Math.Round(th1.Entries));
    }
}
