namespace EventFrame.IO.Tests;

/// <summary>
/// Frame.FromRoot over http:// URLs served by a real Kestrel server gives the same results as over the local files,
/// and those agree with the expected JSON (TTree and RNTuple files).
/// </summary>
public class HttpFrameTests(HttpServerFixture fixture) : IClassFixture<HttpServerFixture>
{
    private TestHttpServer Server => fixture.Server;

    [Theory]
    [InlineData("multi")]
    [InlineData("files")]
    public void AdlOverHttpMatchesTheLocalFile(string endpoint)
    {
        var local = Frame.FromRoot("Events", Path.Combine(TestData.Dir, "adl", "adl_100k_lz4.root"));
        var remote = Frame.FromRoot("Events", Server.Url(endpoint, "adl_100k_lz4.root"));
        var (met, n, jets) = (remote.Sum("MET_pt"), remote.Filter("nMuon >= 2").Count(), remote.Define("njet", "Jet_pt.Length").Sum("njet"));
        var (metL, nL, jetsL) = (local.Sum("MET_pt"), local.Filter("nMuon >= 2").Count(), local.Define("njet", "Jet_pt.Length").Sum("njet"));
        Assert.True(Math.Abs(met.Value - 2438305.300924629) < 1e-6, $"MET_pt sum {met.Value}");
        Assert.Equal(metL.Value, met.Value);
        Assert.Equal(nL.Value, n.Value);
        Assert.Equal(jetsL.Value, jets.Value);
    }

    [Theory]
    [InlineData("uproot-HZZ.root", "events", "NMuon")]
    [InlineData("uproot-Zmumu.root", "events", "E1")]
    [InlineData("uproot-small-dy-withoffsets.root", "tree", "MET_pt")]
    [InlineData("test_int_float_rntuple_v1-0-0-0.root", "ntuple", "one_integers")]
    public void ScalarColumnsOverHttpMatchExpected(string file, string tree, string column)
    {
        var exp = TestData.Expected(file);
        long entries;
        double fsum;
        if (exp.TryGetProperty("trees", out var trees))
        {
            var t = trees.EnumerateObject().First(p => p.Name.StartsWith(tree + ";", StringComparison.Ordinal)).Value;
            entries = t.GetProperty("entries").GetInt64();
            fsum = t.GetProperty("branches").EnumerateArray().First(b => b.GetProperty("name").GetString() == column).GetProperty("fsum").GetDouble();
        }
        else
        {
            entries = exp.GetProperty("entries").GetInt64();
            fsum = exp.GetProperty("columns").EnumerateArray().First(c => c.GetProperty("field").GetString() == column).GetProperty("fsum").GetDouble();
        }
        var remote = Frame.FromRoot(tree, Server.Url("multi", file));
        var local = Frame.FromRoot(tree, TestData.RootFile(file));
        var (count, sum, countL, sumL) = (remote.Count(), remote.Sum(column), local.Count(), local.Sum(column));
        Assert.Equal(entries, count.Value);
        Assert.Equal(countL.Value, count.Value);
        Assert.Equal(sumL.Value, sum.Value);
        Assert.True(Math.Abs(sum.Value - fsum) <= 1e-9 * Math.Max(1, Math.Abs(fsum)), $"{column}: {sum.Value} vs {fsum}");
    }

    [Fact]
    public void RNTupleJaggedColumnOverHttpMatchesExpected()
    {
        const string file = "Run2012BC_DoubleMuParked_Muons_1000evts_rntuple_v1-0-0-0.root";
        double fsum = TestData.Expected(file).GetProperty("columns").EnumerateArray()
            .First(c => c.GetProperty("field").GetString() == "Muon_pt").GetProperty("fsum").GetDouble();
        double Total(string path) => Frame.FromRoot("Events", path)
            .Define("s", (RVec<float> v) => { double s = 0; foreach (var x in v) s += x; return s; }, "Muon_pt").Sum("s").Value;
        double remote = Total(Server.Url("multi", file));
        Assert.Equal(Total(TestData.RootFile(file)), remote);
        Assert.True(Math.Abs(remote - fsum) < 1e-6 * fsum, $"{remote} vs {fsum}");
    }
}
