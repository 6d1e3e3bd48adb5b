using System.Text.Json;
using EventFrame.Histograms;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Histograms;

namespace EventFrame.IO.Tests.HistogramIO;

/// <summary>TH1F, TH2F and TProfile from ROOT files read into EventFrame histograms, against the expected JSON (from uproot).</summary>
public class RootHistogramReadTests
{
    public static IEnumerable<object[]> Histograms() =>
        new[] { "uproot-histograms.root", "uproot-hepdata-example.root" }
            .SelectMany(f => TestData.Expected(f).GetProperty("histograms").EnumerateObject().Select(h => new object[] { f, h.Name }));

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}");

    [Theory]
    [MemberData(nameof(Histograms))]
    public void HistogramMatchesExpected(string file, string key)
    {
        var e = TestData.Expected(file).GetProperty("histograms").GetProperty(key);
        using var f = RootFile.Open(TestData.RootFile(file));
        var h = RootHistograms.Read(f, key);
        Assert.Equal(key[..key.IndexOf(';')], h.Name);
        Assert.Equal(e.GetProperty("title").GetString(), h.Title);
        Assert.Equal((long)e.GetProperty("fEntries").GetDouble(), h.Entries);
        Close(e.GetProperty("fTsumw").GetDouble(), h.SumW, "fTsumw");
        Close(e.GetProperty("fTsumw2").GetDouble(), h.SumW2, "fTsumw2");
        Close(e.GetProperty("fTsumwx").GetDouble(), h.SumWX(0), "fTsumwx");
        Close(e.GetProperty("fTsumwx2").GetDouble(), h.SumWX2(0), "fTsumwx2");
        var shape = e.GetProperty("shape_with_flow").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Assert.Equal(shape, h.Axes.Select(a => a.Bins + 2).ToArray());
        var x = e.GetProperty("xaxis");
        Assert.Equal(x.GetProperty("fNbins").GetInt32(), h.Axes[0].Bins);
        Assert.Equal(x.GetProperty("fXmin").GetDouble(), h.Axes[0].Min);
        Assert.Equal(x.GetProperty("fXmax").GetDouble(), h.Axes[0].Max);

        double[] values = h switch
        {
            Histogram hist => hist.Values.ToArray(),
            Profile p => [.. Enumerable.Range(0, p.TotalBins).Select(p.Mean)],
            _ => throw new InvalidOperationException(),
        };
        Close(e.GetProperty("sum_with_flow").GetDouble(), values.Sum(), "sum with flow");
        if (e.TryGetProperty("values_with_flow", out var vf))
        {
            var expected = vf.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(expected.Length, values.Length);
            for (int i = 0; i < expected.Length; i++) Close(expected[i], values[i], $"{key} bin {i}");
        }
        Assert.Equal(e.GetProperty("classname").GetString() switch
        {
            "TH1F" => typeof(Hist1D),
            "TH2F" => typeof(Hist2D),
            _ => typeof(Profile1D),
        }, h.GetType());
    }

    [Fact]
    public void TypedReadersAndKnownValues()
    {
        using var f = RootFile.Open(TestData.RootFile("uproot-hepdata-example.root"));
        var hpx = RootHistograms.ReadHist1D(f, "hpx");
        Assert.Equal([2.0, 2, 3, 1, 1, 2, 4, 6, 12], hpx.Values[..9].ToArray());
        // TH1F without Sumw2: the variance of a bin is its count.
        Assert.Equal(hpx.Values.ToArray(), hpx.Variances.ToArray());
        var hpxpy = RootHistograms.ReadHist2D(f, "hpxpy");
        Assert.Equal(40, hpxpy.XAxis.Bins);
        Assert.Equal(40, hpxpy.YAxis.Bins);
        Assert.Equal(75000, hpxpy.Values.ToArray().Sum());
        var hprof = RootHistograms.ReadProfile1D(f, "hprof");
        Assert.Equal(74998, hprof.Entries);
        Assert.True(hprof.Mean(1) > 0 && hprof.Error(1) >= 0);
        Assert.Throws<RootFormatException>(() => RootHistograms.ReadHist2D(f, "hpx"));
        Assert.Throws<RootFormatException>(() => RootHistograms.Read(f, "ntuple"));
        Assert.Throws<RootFormatException>(() => RootHistograms.Read(f, "missing"));
    }

    [Fact]
    public void DamagedHistogramsRaiseFormatErrors()
    {
        // Seeded random damage to the (uncompressed) payload of each TH1F of uproot-histograms.root.
        var bytes = File.ReadAllBytes(TestData.RootFile("uproot-histograms.root"));
        var dir = Directory.CreateTempSubdirectory("ef-hist-").FullName;
        try
        {
            (long Offset, int Length)[] payloads;
            using (var f = RootFile.Open(TestData.RootFile("uproot-histograms.root")))
                payloads = [.. new[] { "one", "two", "three" }.Select(n => f.FindKey(n)!).Select(k => (k.PayloadOffset, k.StoredLength))];
            var rng = new Random(5);
            for (int trial = 0; trial < 150; trial++)
            {
                var copy = (byte[])bytes.Clone();
                var (off, len) = payloads[trial % 3];
                for (int k = 0; k < 1 + rng.Next(3); k++) copy[off + rng.Next(len)] = rng.Next(2) == 0 ? (byte)0xFF : (byte)rng.Next(256);
                var path = Path.Combine(dir, $"h{trial}.root");
                File.WriteAllBytes(path, copy);
                using var f = RootFile.Open(path);
                try
                {
                    RootHistograms.Read(f, new[] { "one", "two", "three" }[trial % 3]);
                }
                catch (RootFormatException)
                {
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("TH1D", 8)]
    [InlineData("TH1I", 4)]
    [InlineData("TH1S", 2)]
    [InlineData("TH1C", 1)]
    public void OtherBinTypesReadTheSameContents(string className, int size)
    {
        // The TH1F payload re-encoded with another bin type: only the trailing TArray and the outer byte count change.
        using var f = RootFile.Open(TestData.RootFile("uproot-histograms.root"));
        var key = f.FindKey("three")!;
        var payload = key.ReadObject();
        var reference = RootHistograms.ReadHist1D(f, "three");
        int arrayAt = payload.Length - 4 - 4 * 12;
        Assert.Equal(12, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(arrayAt)));
        var bytes = new List<byte>(payload[..(arrayAt + 4)]);
        foreach (var v in reference.Values)
        {
            var e = new byte[size];
            switch (size)
            {
                case 8: System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(e, v); break;
                case 4: System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(e, (int)v); break;
                case 2: System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(e, (short)v); break;
                default: e[0] = (byte)(sbyte)v; break;
            }
            bytes.AddRange(e);
        }
        var data = bytes.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data, 0x40000000u | (uint)(data.Length - 4));
        var r = new RootReader(data, new RootLocation("test", "three", 0), 0, 0);
        var h = Assert.IsType<Hist1D>(RootHistogramStreamer.Read(ref r, className, "three"));
        Assert.Equal(reference.Values.ToArray(), h.Values.ToArray());
        Assert.Equal(reference.Entries, h.Entries);
        Assert.Equal(reference.SumWX(0), h.SumWX(0));
    }

    [Fact]
    public void ReadAllFindsEveryHistogram()
    {
        using var f = RootFile.Open(TestData.RootFile("uproot-hepdata-example.root"));
        var all = RootHistograms.ReadAll(f);
        Assert.Equal(["hprof", "hpx", "hpxpy"], all.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<Profile1D>(all["hprof"]);
        Assert.Equal(75000, all["hpx"].Entries);
    }
}
