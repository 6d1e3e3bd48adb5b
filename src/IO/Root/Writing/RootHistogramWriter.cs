using EventFrame.Histograms;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.Writing;

/// <summary>
/// Streams EventFrame histograms as ROOT 6 objects: <see cref="Hist1D"/> → TH1D v3, <see cref="Hist2D"/> → TH2D v4,
/// <see cref="Hist3D"/> → TH3D v4, <see cref="Profile1D"/> → TProfile v7, <see cref="Profile2D"/> → TProfile2D v8 (TH1 v8,
/// TAxis v10, TAttAxis v4 inside). Bin contents and fSumw2 include the
/// flow bins in ROOT's global-bin order (which EventFrame shares); fEntries and the statistics sums fTsumw, fTsumw2,
/// fTsumwx, fTsumwx2 (and fTsumwy, fTsumwy2, fTsumwxy, and the z sums of TH3) are copied, so ROOT's GetMean/GetStdDev agree with EventFrame's.
/// Regular and integer axes are written as (fNbins, fXmin, fXmax); other axes also carry their edges in fXbins.
/// A profile stores Σw·v as the TH1D (TH2D) contents, Σw·v² as fSumw2, Σw as fBinEntries and Σw² as fBinSumw2.
/// </summary>
internal static class RootHistogramWriter
{
    public static string ClassName(HistogramBase h) => h switch
    {
        Hist1D => "TH1D",
        Hist2D => "TH2D",
        Hist3D => "TH3D",
        Profile1D => "TProfile",
        Profile2D => "TProfile2D",
        _ => throw new NotSupportedException($"histogram '{h.Name}' is a {h.GetType().Name}; only Hist1D, Hist2D, Hist3D, Profile1D and Profile2D can be written to ROOT files"),
    };

    public static string Title(HistogramBase h) => h.Title;

    public static void Write(RootBuffer b, HistogramBase h, string name, RootFileWriter file)
    {
        var cls = ClassName(h);
        file.UseClass(cls);
        switch (h)
        {
            case Hist1D h1:
                {
                    int o = b.BeginObject(3);
                    WriteTH1(b, h, name, h1.Values, h1.Variances);
                    DoubleArray(b, h1.Values);
                    b.EndObject(o);
                    break;
                }
            case Hist2D h2:
                WriteTH2D(b, h, name, h2.Values, h2.Variances);
                break;
            case Hist3D h3:
                {
                    int o = b.BeginObject(4);
                    int th3 = b.BeginObject(6);
                    WriteTH1(b, h, name, h3.Values, h3.Variances);
                    int att3d = b.BeginObject(1);
                    b.EndObject(att3d);
                    b.F64(h.SumWX(1));
                    b.F64(h.SumWX2(1));
                    b.F64(h.SumWXY(0, 1));
                    b.F64(h.SumWX(2));
                    b.F64(h.SumWX2(2));
                    b.F64(h.SumWXY(0, 2));
                    b.F64(h.SumWXY(1, 2));
                    b.EndObject(th3);
                    DoubleArray(b, h3.Values);
                    b.EndObject(o);
                    break;
                }
            case Profile1D p:
                {
                    int o = b.BeginObject(7);
                    int th1d = b.BeginObject(3);
                    WriteTH1(b, h, name, p.BinSumWV, p.BinSumWV2);
                    DoubleArray(b, p.BinSumWV);
                    b.EndObject(th1d);
                    WriteProfileMembers(b, p);
                    b.EndObject(o);
                    break;
                }
            case Profile2D p:
                {
                    int o = b.BeginObject(8);
                    WriteTH2D(b, h, name, p.BinSumWV, p.BinSumWV2);
                    WriteProfileMembers(b, p);
                    b.EndObject(o);
                    break;
                }
        }
    }

    /// <summary>The members TProfile and TProfile2D add to their base: fBinEntries, fErrorMode, the value range, the value sums, fBinSumw2.</summary>
    private static void WriteProfileMembers(RootBuffer b, Profile p)
    {
        DoubleArray(b, p.BinSumW);
        b.I32(0); // fErrorMode: kERRORMEAN
        b.F64(0); // fYmin (TProfile2D: fZmin)
        b.F64(0); // fYmax (fZmax)
        // The profiled value is the statistics coordinate after the axes: fTsumwy, fTsumwy2 (TProfile2D: fTsumwz, fTsumwz2).
        b.F64(p.SumWX(p.Dimension));
        b.F64(p.SumWX2(p.Dimension));
        DoubleArray(b, p.BinSumW2);
    }

    /// <summary>A TH2D (v4, TH2 v5 inside) with <paramref name="values"/> as its contents and <paramref name="sumw2"/> as fSumw2.</summary>
    private static void WriteTH2D(RootBuffer b, HistogramBase h, string name, ReadOnlySpan<double> values, ReadOnlySpan<double> sumw2)
    {
        int o = b.BeginObject(4);
        int th2 = b.BeginObject(5);
        WriteTH1(b, h, name, values, sumw2);
        b.F64(1); // fScalefactor
        b.F64(h.SumWX(1));
        b.F64(h.SumWX2(1));
        b.F64(h.SumWXY(0, 1));
        b.EndObject(th2);
        DoubleArray(b, values);
        b.EndObject(o);
    }

    private static void DoubleArray(RootBuffer b, ReadOnlySpan<double> values)
    {
        b.I32(values.Length);
        foreach (var v in values) b.F64(v);
    }

    private static void WriteTH1(RootBuffer b, HistogramBase h, string name, ReadOnlySpan<double> values, ReadOnlySpan<double> sumw2)
    {
        int o = b.BeginObject(8);
        b.TNamed(name, h.Title);
        int at = b.BeginObject(2);
        b.I16(602);
        b.I16(1);
        b.I16(1);
        b.EndObject(at);
        at = b.BeginObject(2);
        b.I16(0);
        b.I16(1001);
        b.EndObject(at);
        at = b.BeginObject(2);
        b.I16(1);
        b.I16(1);
        b.F32(1);
        b.EndObject(at);
        b.I32(values.Length); // fNcells
        string[] names = ["xaxis", "yaxis", "zaxis"];
        for (int a = 0; a < 3; a++)
        {
            if (a < h.Dimension) WriteAxis(b, names[a], h.Axes[a]);
            else WriteAxis(b, names[a], null);
        }
        b.I16(0); // fBarOffset
        b.I16(1000); // fBarWidth
        b.F64(h.Entries);
        b.F64(h.SumW);
        b.F64(h.SumW2);
        b.F64(h.SumWX(0));
        b.F64(h.SumWX2(0));
        b.F64(-1111); // fMaximum: unset
        b.F64(-1111); // fMinimum: unset
        b.F64(0); // fNormFactor
        b.I32(0); // fContour
        DoubleArray(b, sumw2);
        b.String(""); // fOption
        // fFunctions is a "->" member (kObjectp): streamed inline and never null, so an empty TList (v5).
        int functions = b.BeginObject(5);
        b.TObject();
        b.String("");
        b.I32(0);
        b.EndObject(functions);
        b.I32(0); // fBufferSize
        b.U8(0); // fBuffer: absent
        b.I32(0); // fBinStatErrOpt: kNormal
        b.I32(2); // fStatOverflows: kNeutral
        b.EndObject(o);
    }

    private static void WriteAxis(RootBuffer b, string name, Axis? axis)
    {
        int o = b.BeginObject(10);
        b.TNamed(name, axis?.Label ?? "");
        int att = b.BeginObject(4);
        b.I32(510);
        b.I16(1);
        b.I16(1);
        b.I16(42);
        b.F32(0.005f);
        b.F32(0.035f);
        b.F32(0.03f);
        b.F32(1);
        b.F32(0.035f);
        b.I16(1);
        b.I16(42);
        b.EndObject(att);
        if (axis is null)
        {
            b.I32(1);
            b.F64(0);
            b.F64(1);
            b.I32(0);
        }
        else
        {
            b.I32(axis.Bins);
            b.F64(axis.Min);
            b.F64(axis.Max);
            bool regular = axis is IntegerAxis || axis is RegularAxis { Transform: AxisTransform.None };
            if (regular) b.I32(0);
            else
            {
                var edges = axis.Edges;
                b.I32(edges.Count);
                foreach (var e in edges) b.F64(e);
            }
        }
        b.I32(0); // fFirst
        b.I32(0); // fLast
        b.U16(0); // fBits2
        b.Bool(false); // fTimeDisplay
        b.String(""); // fTimeFormat
        b.Null(); // fLabels
        b.Null(); // fModLabs
        b.EndObject(o);
    }
}

/// <summary>One-call writers of ROOT files.</summary>
public static class RootOutput
{
    /// <summary>
    /// Writes <paramref name="histograms"/> to a new ROOT file at <paramref name="path"/> (replacing it), each under its
    /// path ("name" or "dir/sub/name"; directories are created): <see cref="Hist1D"/> as TH1D, <see cref="Hist2D"/> as
    /// TH2D, <see cref="Hist3D"/> as TH3D, <see cref="Profile1D"/> as TProfile, <see cref="Profile2D"/> as TProfile2D.
    /// Returns the path written.
    /// </summary>
    /// <exception cref="NotSupportedException">A histogram of another type.</exception>
    /// <exception cref="RootWriteException">The file cannot be written; no file is left at <paramref name="path"/>.</exception>
    public static string WriteHistograms(string path, IEnumerable<(string Path, HistogramBase Histogram)> histograms, RootCodec codec = RootCodec.Zlib, int level = 1)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        using var file = RootFileWriter.Create(path, codec, level);
        foreach (var (p, h) in histograms) file.WriteHistogram(p, h);
        return file.Complete();
    }
}
