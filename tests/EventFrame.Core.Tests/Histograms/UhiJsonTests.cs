using System.Text.Json;
using EventFrame.Histograms;
using static EventFrame.Core.Tests.Histograms.HistTestUtil;

namespace EventFrame.Core.Tests.Histograms;

public class UhiJsonTests
{
    private static Hist1D Filled1D(Axis axis, int seed)
    {
        var rng = new Random(seed);
        var h = new Hist1D("pt", "Muon p_{T};p_{T} [GeV];Events", axis);
        for (int i = 0; i < 500; i++) h.Fill(axis.Min - 1 + (axis.Max - axis.Min + 2) * rng.NextDouble(), rng.NextDouble() + 0.5);
        h.Fill(double.NaN);
        return h;
    }

    [Fact]
    public void Hist1DRoundTripsForEveryAxisKind()
    {
        Axis[] axes = [new RegularAxis(20, -5, 15), new RegularAxis(10, 1, 1000, AxisTransform.Log), new VariableAxis([0, 0.5, 2, 3, 10]),
            new IntegerAxis(-3, 7), new CategoryAxis(["ee", "mumu", "emu"]), new IntCategoryAxis([11, -13, 0])];
        for (int k = 0; k < axes.Length; k++)
        {
            var h = Filled1D(axes[k], k);
            var back = Hist1D.FromUhiJson(h.ToUhiJson());
            Assert.Equal(h.Name, back.Name);
            Assert.Equal(h.Title, back.Title);
            Assert.Equal(h.ValueLabel, back.ValueLabel);
            Assert.Equal(h.XAxis.Label, back.XAxis.Label);
            Assert.True(h.XAxis.SameBinning(back.XAxis), $"{h.XAxis} became {back.XAxis}");
            AssertSame(h, back);
        }
    }

    [Fact]
    public void MultiDimensionalAndProfilesRoundTrip()
    {
        var rng = new Random(3);
        var h2 = new Hist2D("h2", "2d;x;y", new RegularAxis(3, 0, 3), new VariableAxis([0, 1, 5]));
        var h3 = new Hist3D("h3", "", new RegularAxis(2, 0, 1), new IntegerAxis(0, 3), new CategoryAxis(["a", "b"]));
        var p1 = new Profile1D("p1", "prof;x;<y>", 5, 0, 5);
        var p2 = new Profile2D("p2", "", 2, 0, 2, 3, 0, 3);
        for (int i = 0; i < 400; i++)
        {
            double x = rng.NextDouble() * 4 - 0.5, y = rng.NextDouble() * 6 - 0.5, z = rng.NextDouble() * 3 - 0.5, w = rng.NextDouble();
            h2.Fill(x, y, w);
            h3.Fill(x / 3, y / 2, z, w);
            p1.Fill(x, y, w);
            p2.Fill(x, z, y, w);
        }
        var b2 = Hist2D.FromUhiJson(h2.ToUhiJson());
        AssertSame(h2, b2);
        Assert.Equal("y", b2.YAxis.Label);
        AssertSame(h3, Hist3D.FromUhiJson(h3.ToUhiJson(indented: false)));

        foreach (var (p, back) in new (Profile, Profile)[] { (p1, Profile1D.FromUhiJson(p1.ToUhiJson())), (p2, Profile2D.FromUhiJson(p2.ToUhiJson())) })
        {
            Assert.Equal(p.Entries, back.Entries);
            AssertStats(p, back);
            for (int g = 0; g < p.TotalBins; g++)
            {
                Assert.Equal(p.BinSumW[g], back.BinSumW[g]);
                Assert.Equal(p.BinSumW2[g], back.BinSumW2[g]);
                Near(p.Mean(g), back.Mean(g));
                Near(p.Error(g), back.Error(g), 1e-9);
            }
        }
    }

    [Fact]
    public void OutputHasTheSchemaFieldsAndLayout()
    {
        var h = new Hist2D("main", "title;xl;yl", new RegularAxis(2, 0, 2), new CategoryAxis(["a", "b", "c"]));
        h.Fill(0.5, 1, 3);    // x bin 1, category "b" (bin 2)
        h.Fill(-1, 2.5);      // x underflow, category "c"
        using var doc = JsonDocument.Parse(h.ToUhiJson());
        var root = doc.RootElement;
        Assert.Equal(["main"], root.EnumerateObject().Select(p => p.Name));
        var m = root.GetProperty("main");
        Assert.Equal(1, m.GetProperty("uhi_schema").GetInt32());
        Assert.Equal("title", m.GetProperty("metadata").GetProperty("label").GetString());
        Assert.Equal(2, m.GetProperty("writer_info").GetProperty("eventframe").GetProperty("entries").GetInt64());
        var ax = m.GetProperty("axes")[0];
        Assert.Equal(["type", "lower", "upper", "bins", "underflow", "overflow", "circular", "metadata"], ax.EnumerateObject().Select(p => p.Name));
        Assert.Equal("regular", ax.GetProperty("type").GetString());
        Assert.Equal(2, ax.GetProperty("bins").GetInt32());
        Assert.Equal("xl", ax.GetProperty("metadata").GetProperty("label").GetString());
        var cat = m.GetProperty("axes")[1];
        Assert.Equal(["type", "categories", "flow", "metadata"], cat.EnumerateObject().Select(p => p.Name));
        Assert.True(cat.GetProperty("flow").GetBoolean());
        var st = m.GetProperty("storage");
        Assert.Equal("weighted", st.GetProperty("type").GetString());
        var values = st.GetProperty("values");
        // Outer dimension: x with underflow and overflow (4); inner: the 3 categories and the flow bin (4).
        Assert.Equal(4, values.GetArrayLength());
        Assert.All(values.EnumerateArray(), row => Assert.Equal(4, row.GetArrayLength()));
        Assert.Equal(3, values[1][1].GetDouble());
        Assert.Equal(1, values[0][2].GetDouble());
        Assert.Equal(9, st.GetProperty("variances")[1][1].GetDouble());

        var p = new Profile1D("p", "", 1, 0, 1);
        p.Fill(0.5, 2);
        p.Fill(0.5, 4);
        using var pdoc = JsonDocument.Parse(p.ToUhiJson());
        var pst = pdoc.RootElement.GetProperty("p").GetProperty("storage");
        Assert.Equal(["type", "sum_of_weights", "sum_of_weights_squared", "values", "variances"], pst.EnumerateObject().Select(q => q.Name));
        Assert.Equal("weighted_mean", pst.GetProperty("type").GetString());
        Assert.Equal(3, pst.GetProperty("values")[1].GetDouble());
        Assert.Equal(2, pst.GetProperty("variances")[1].GetDouble());   // sample variance of {2, 4}
    }

    [Fact]
    public void ReadsForeignDocuments()
    {
        // As boost-histogram writes them: no EventFrame writer_info, int/double storage, an axis without underflow.
        const string json = """
        {
          "one": { "uhi_schema": 1, "axes": [ { "type": "regular", "lower": 0, "upper": 5, "bins": 3, "underflow": true, "overflow": true, "circular": false } ],
                   "storage": { "type": "int", "values": [1, 2, 3, 4, 5] } },
          "two": { "uhi_schema": 1, "axes": [ { "type": "variable", "edges": [1, 2, 3, 4], "underflow": false, "overflow": true, "circular": false } ],
                   "storage": { "type": "weighted", "values": [1, 2, 3, NaN], "variances": [1, 4, Infinity, 0] } },
          "mean": { "uhi_schema": 1, "axes": [ { "type": "boolean" } ],
                    "storage": { "type": "mean", "counts": [2, 3], "values": [1.5, 4], "variances": [0.5, 1] } },
          "sparse": { "uhi_schema": 1, "axes": [ { "type": "category_int", "categories": [5, 7], "flow": false } ],
                      "storage": { "type": "double", "index": [[1]], "values": [6.5] } }
        }
        """;
        var one = Hist1D.FromUhiJson(json, "one");
        Assert.Equal([1, 2, 3, 4, 5], one.Values.ToArray());
        Assert.Equal(one.Values.ToArray(), one.Variances.ToArray());
        Assert.Equal(15, one.Entries);
        Assert.Equal(9, one.SumW);
        Near((2 * 5.0 / 6 + 3 * 2.5 + 4 * 25.0 / 6) / 9, one.Mean());

        var two = Hist1D.FromUhiJson(json, "two");
        Assert.Equal(0, two.Value(0));
        Assert.Equal(1, two.Value(1));
        Assert.True(double.IsNaN(two.Value(4)));
        Assert.Equal(double.PositiveInfinity, two.Variance(3));

        var mean = Profile1D.FromUhiJson(json, "mean");
        Assert.True(mean.XAxis.SameBinning(new IntegerAxis(0, 2)));
        Assert.Equal(1.5, mean.Mean(1));
        Assert.Equal(3, mean.BinSumW[2]);
        Near(Math.Sqrt(0.5 * 1 / 2) / Math.Sqrt(2), mean.Error(1));

        var sparse = Hist1D.FromUhiJson(json, "sparse");
        Assert.Equal([0, 0, 6.5, 0], sparse.Values.ToArray());
    }

    [Fact]
    public void NonFiniteContentsRoundTrip()
    {
        var h = new Hist1D("h", "", 2, 0, 2);
        h.Fill(0.5, double.PositiveInfinity);
        h.Fill(1.5, double.NaN);
        var json = h.ToUhiJson();
        Assert.Contains("Infinity", json);
        var back = Hist1D.FromUhiJson(json);
        Assert.Equal(double.PositiveInfinity, back.Value(1));
        Assert.True(double.IsNaN(back.Value(2)));
        Assert.True(double.IsNaN(back.SumW));
    }

    [Fact]
    public void BadDocumentsThrowTypedExceptions()
    {
        var good = new Hist1D("a", "", 2, 0, 1).ToUhiJson();
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson("not json"));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson("[1, 2]"));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson(good, "missing"));
        Assert.Throws<FormatException>(() => Hist2D.FromUhiJson(good));
        Assert.Throws<FormatException>(() => Profile1D.FromUhiJson(good));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson(good.Replace("[\n", "[0,\n", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson("""{"a": {"axes": [{"type": "regular", "lower": 1, "upper": 0, "bins": 2, "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "double"}}}"""));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson("""{"a": {"axes": [{"type": "spiral"}], "storage": {"type": "double"}}}"""));
        Assert.Throws<NotSupportedException>(() => Hist1D.FromUhiJson(good.Replace("\"uhi_schema\": 1", "\"uhi_schema\": 2", StringComparison.Ordinal)));
        Assert.Throws<NotSupportedException>(() => Hist1D.FromUhiJson(good.Replace("\"circular\": false", "\"circular\": true", StringComparison.Ordinal)));
        Assert.Throws<NotSupportedException>(() => Hist1D.FromUhiJson("""{"a": {"axes": [{"type": "variable", "edges": "file:edges", "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "double"}}}"""));
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson(good + good.Replace("\"a\"", "\"b\"", StringComparison.Ordinal)));
        var two = """{"a": {"axes": [{"type": "regular", "lower": 0, "upper": 1, "bins": 1, "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "double"}}, "b": {"axes": [], "storage": {"type": "double"}}}""";
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson(two));
        // A tiny document must not be able to make the reader allocate gigabytes.
        Assert.Throws<FormatException>(() => Hist1D.FromUhiJson("""{"a": {"axes": [{"type": "regular", "lower": 0, "upper": 1, "bins": 500000000, "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "weighted"}}}"""));
        Assert.Throws<FormatException>(() => Hist2D.FromUhiJson("""{"a": {"axes": [{"type": "regular", "lower": 0, "upper": 1, "bins": 20000, "underflow": true, "overflow": true, "circular": false}, {"type": "regular", "lower": 0, "upper": 1, "bins": 20000, "underflow": true, "overflow": true, "circular": false}], "storage": {"type": "double", "index": [[0], [0]], "values": [1]}}}"""));
        Assert.Equal(0, Hist1D.FromUhiJson(two, "a").Integral(includeFlow: true));
    }

    [Fact]
    public void SavesToAFile()
    {
        var h = Filled1D(new RegularAxis(5, 0, 1), 1);
        var path = Path.Combine(Path.GetTempPath(), $"ef-uhi-{Environment.ProcessId}.json");
        try
        {
            h.SaveUhiJson(path);
            AssertSame(h, Hist1D.FromUhiJson(File.ReadAllText(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
