using System.Buffers.Binary;
using System.Text;
using EventFrame.Histograms;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Histograms;

namespace EventFrame.IO.Tests.HistogramIO;

/// <summary>
/// Layouts the sample files lack (variable bins, TH2D, weighted TProfile with fBinSumw2), streamed here member by
/// member as ROOT 6 writes TH1 v8 / TAxis v10 / TH2 v5 / TProfile v7, from histograms filled with seeded random data.
/// </summary>
public class RootHistogramLayoutTests
{
    private sealed class Writer
    {
        public readonly List<byte> B = [];
        public void I16(int v) { var s = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(s, (short)v); B.AddRange(s); }
        public void I32(int v) { var s = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(s, v); B.AddRange(s); }
        public void F32(float v) { var s = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(s, v); B.AddRange(s); }
        public void F64(double v) { var s = new byte[8]; BinaryPrimitives.WriteDoubleBigEndian(s, v); B.AddRange(s); }
        public void Str(string v) { var b = Encoding.UTF8.GetBytes(v); B.Add((byte)b.Length); B.AddRange(b); }
        public void ArrayD(IReadOnlyList<double> v) { I32(v.Count); foreach (var x in v) F64(x); }

        public void Object(int version, Action body)
        {
            int start = B.Count;
            I32(0);
            I16(version);
            body();
            BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(B)[start..], 0x40000000u | (uint)(B.Count - start - 4));
        }

        public void Named(string name, string title) => Object(1, () => { I16(1); I32(0); I32(0x03000000); Str(name); Str(title); });

        public void Axis(Axis? a, string title)
        {
            Object(10, () =>
            {
                Named(a is null ? "zaxis" : "xaxis", title);
                Object(4, () => { I32(510); I16(1); I16(1); I16(42); F32(0.005f); F32(0.035f); F32(0.03f); F32(1); F32(0.035f); I16(1); I16(42); });
                I32(a?.Bins ?? 1);
                F64(a?.Min ?? 0);
                F64(a?.Max ?? 1);
                ArrayD(a is VariableAxis ? [.. a.Edges] : []);
                I32(0); I32(0); I16(0); B.Add(0); Str(""); I32(0); I32(0);
            });
        }

        public void TH1(HistogramBase h, double[] sumw2, double entries, double[] stats)
        {
            Object(8, () =>
            {
                Named(h.Name, h.Title);
                Object(2, () => { I16(602); I16(1); I16(1); });
                Object(2, () => { I16(0); I16(1001); });
                Object(2, () => { I16(1); I16(1); F32(1); });
                I32(h.TotalBins);
                for (int a = 0; a < 3; a++) Axis(a < h.Dimension ? h.Axes[a] : null, a < h.Dimension ? h.Axes[a].Label : "");
                I16(0); I16(1000);
                F64(entries);
                foreach (var s in stats[..4]) F64(s);
                F64(-1111); F64(-1111); F64(0);
                ArrayD([]);
                ArrayD(sumw2);
                Str("");
                I32(0);   // fFunctions: null pointer
                I32(0);   // fBufferSize
                B.Add(0); // fBuffer: absent
                I32(0);   // fBinStatErrOpt
                I32(1);   // fStatOverflows
            });
        }
    }

    private static HistogramBase ReadBack(Writer w, string className, string name)
    {
        var data = w.B.ToArray();
        var r = new RootReader(data, new RootLocation("test", name, 0), 0, 0);
        var h = RootHistogramStreamer.Read(ref r, className, name);
        Assert.Equal(data.Length, r.Position);
        return h;
    }

    private static double[] Stats(HistogramBase h, int n) =>
        [h.SumW, h.SumW2, .. Enumerable.Range(0, n).SelectMany(a => new[] { h.SumWX(a), h.SumWX2(a) })];

    [Fact]
    public void VariableBinsTH1D()
    {
        var rng = new Random(21);
        var h = new Hist1D("v", "variable;p_{T} [GeV]", [0, 1, 2.5, 7, 20, 100]);
        for (int i = 0; i < 500; i++) h.Fill(rng.NextDouble() * 120 - 5, 0.5 + rng.NextDouble());
        var w = new Writer();
        w.Object(3, () => { w.TH1(h, h.Variances.ToArray(), h.Entries, Stats(h, 1)); w.ArrayD(h.Values.ToArray()); });
        var back = Assert.IsType<Hist1D>(ReadBack(w, "TH1D", "v"));
        Assert.IsType<VariableAxis>(back.XAxis);
        Assert.Equal(h.XAxis.Edges, back.XAxis.Edges);
        Assert.Equal("p_{T} [GeV]", back.XAxis.Label);
        Assert.Equal(h.Values.ToArray(), back.Values.ToArray());
        Assert.Equal(h.Variances.ToArray(), back.Variances.ToArray());
        Assert.Equal(h.Entries, back.Entries);
        Assert.Equal(Stats(h, 1), Stats(back, 1));
    }

    [Fact]
    public void WeightedTH2D()
    {
        var rng = new Random(22);
        var h = new Hist2D("xy", "two;x;y", 7, -1, 1, 5, 0, 10);
        for (int i = 0; i < 800; i++) h.Fill(rng.NextDouble() * 2.4 - 1.2, rng.NextDouble() * 12 - 1, rng.NextDouble());
        var w = new Writer();
        w.Object(3, () =>
        {
            w.Object(5, () =>
            {
                w.TH1(h, h.Variances.ToArray(), h.Entries, Stats(h, 2));
                w.F64(1); w.F64(h.SumWX(1)); w.F64(h.SumWX2(1)); w.F64(h.SumWXY(0, 1));
            });
            w.ArrayD(h.Values.ToArray());
        });
        var back = Assert.IsType<Hist2D>(ReadBack(w, "TH2D", "xy"));
        Assert.Equal(h.Values.ToArray(), back.Values.ToArray());
        Assert.Equal(h.Variances.ToArray(), back.Variances.ToArray());
        Assert.Equal(Stats(h, 2), Stats(back, 2));
        Assert.Equal(h.SumWXY(0, 1), back.SumWXY(0, 1));
        Assert.Equal(("x", "y"), (back.XAxis.Label, back.YAxis.Label));
    }

    [Fact]
    public void WeightedTProfileWithBinSumw2()
    {
        var rng = new Random(23);
        var p = new Profile1D("prof", "profile", 12, -3, 3);
        for (int i = 0; i < 600; i++) p.Fill(rng.NextDouble() * 7 - 3.5, rng.NextDouble() * 10, 0.2 + rng.NextDouble());
        var w = new Writer();
        w.Object(7, () =>
        {
            w.Object(3, () => { w.TH1(p, p.BinSumWV2.ToArray(), p.Entries, Stats(p, 1)); w.ArrayD(p.BinSumWV.ToArray()); });
            w.ArrayD(p.BinSumW.ToArray());
            w.I32(0); w.F64(0); w.F64(0); w.F64(p.SumWX(1)); w.F64(p.SumWX2(1));
            w.ArrayD(p.BinSumW2.ToArray());
        });
        var back = Assert.IsType<Profile1D>(ReadBack(w, "TProfile", "prof"));
        Assert.Equal(p.BinSumW.ToArray(), back.BinSumW.ToArray());
        Assert.Equal(p.BinSumW2.ToArray(), back.BinSumW2.ToArray());
        Assert.Equal(p.BinSumWV.ToArray(), back.BinSumWV.ToArray());
        Assert.Equal(p.BinSumWV2.ToArray(), back.BinSumWV2.ToArray());
        for (int g = 0; g < p.TotalBins; g++) Assert.Equal(p.Error(g), back.Error(g));
        Assert.Equal(p.GetMean(1), back.GetMean(1));
        Assert.Equal(p.Entries, back.Entries);
    }

    [Fact]
    public void InconsistentCellCountsAreFormatErrors()
    {
        var h = new Hist1D("h", "h", 4, 0, 1);
        var w = new Writer();
        w.Object(3, () => { w.TH1(h, [], 0, Stats(h, 1)); w.ArrayD(new double[5]); });
        Assert.Contains("cells", Assert.Throws<RootFormatException>(() => ReadBack(w, "TH1D", "h")).Message);
    }
}
