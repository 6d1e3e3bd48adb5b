using System.Text.Json;
using EventFrame.Cli;

namespace EventFrame.Cli.Tests;

/// <summary>The eventframe command line: ls and hist against the shared ROOT files and the ADL reference.</summary>
public class CliTests
{
    internal static string DataDir() => EventFrame.Testing.SharedTestData.Directory;

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Build(output, error).Parse(args).Invoke();
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void HistReproducesAdlQ1Exactly()
    {
        var file = Path.Combine(DataDir(), "adl", "adl_100k_zlib.root");
        var (code, output, error) = Run("hist", file, "--tree", "Events", "--expr", "MET_pt", "--bins", "100", "--range", "0", "200", "--json", "-", "--threads", "2");
        Assert.True(code == 0, error);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDir(), "adl", "expected", "Q1.json")));
        using var actual = JsonDocument.Parse(output);
        var counts = expected.RootElement.GetProperty("counts").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var h = EventFrame.Histograms.Hist1D.FromUhiJson(output);
        Assert.Equal(counts, h.Values.ToArray());
        Assert.Equal(expected.RootElement.GetProperty("entries").GetInt64(), h.Entries);
        Assert.Equal("regular", actual.RootElement.GetProperty("MET_pt").GetProperty("axes")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void HistWithFilterAndWeightMatchesTheEngine()
    {
        var file = Path.Combine(DataDir(), "adl", "adl_100k_lz4.root");
        var h = CliApp.FillHistogram([file], "Events", "Jet_pt", "nJet >= 2", "MET_pt / 100", 50, 15, 60, 2);
        var df = Frame.FromRoot("Events", file).Filter("nJet >= 2").Define("w", "MET_pt / 100");
        var e = df.Histo1D(new("x", "", 50, 15, 60), "Jet_pt", "w").Value;
        Assert.Equal(e.Values.ToArray(), h.Values.ToArray());
        Assert.Equal(e.Entries, h.Entries);
    }

    [Fact]
    public void LsListsDirectoriesTreesBranchesAndRNTupleFields()
    {
        var (code, output, _) = Run("ls", Path.Combine(DataDir(), "root", "uproot-nesteddirs.root"));
        Assert.Equal(0, code);
        Assert.Contains("one/two/tree;1", output);
        Assert.Contains("100 entries", output);
        Assert.Contains("Int64", output);
        var (code2, output2, _) = Run("ls", Path.Combine(DataDir(), "root", "uproot-HZZ.root"));
        Assert.Equal(0, code2);
        Assert.Contains("2,421 entries", output2);
        Assert.Matches(@"Jet_Px\s+RVec<float>\s+14,171", output2);
        var (code3, output3, _) = Run("ls", Path.Combine(DataDir(), "root", "ntpl001_staff_rntuple_v1-0-0-0.root"));
        Assert.Equal(0, code3);
        Assert.Contains("ROOT::RNTuple", output3);
        Assert.Contains("3,354 entries", output3);
        Assert.Contains("Category", output3);
    }

    [Fact]
    public void BadInputGivesAClearErrorAndExitCode()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-file-eventframe.root");
        var (code, _, error) = Run("ls", missing);
        Assert.Equal(1, code);
        Assert.Contains("no-such-file-eventframe.root", error);
        var garbage = Path.GetTempFileName();
        File.WriteAllBytes(garbage, new byte[200]);
        try
        {
            var (code2, _, error2) = Run("ls", garbage);
            Assert.Equal(1, code2);
            Assert.Contains(Path.GetFileName(garbage), error2);
        }
        finally
        {
            File.Delete(garbage);
        }
        var file = Path.Combine(DataDir(), "adl", "adl_100k_zlib.root");
        var (code3, _, error3) = Run("hist", file, "--tree", "Events", "--expr", "MET_ptt", "--range", "0", "200");
        Assert.Equal(1, code3);
        Assert.Contains("MET_ptt", error3);
    }
}

/// <summary>eventframe generate adl: files written with EventFrame's writer read back equal to the generator, per codec.</summary>
public class GenerateTests
{
    [Theory]
    [InlineData("zstd")]
    [InlineData("lz4")]
    [InlineData("zlib")]
    [InlineData("lzma")]
    [InlineData("none")]
    public void GeneratedFilesReadBackAsTheGeneratorsEvents(string codec)
    {
        var path = Path.Combine(Path.GetTempPath(), $"eventframe-gen-{codec}-{Environment.ProcessId}.root");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliApp.Build(output, error).Parse(["generate", "adl", "--events", "5000", "--codec", codec, "--out", path, "--seed", "7", "--threads", "2"]).Invoke();
            Assert.True(code == 0, error.ToString());
            Assert.Contains("5,000 events", output.ToString());
            var file = Frame.FromRoot("Events", path);
            var gen = EventFrame.Generators.NanoAodGenerator.Frame(5000, 7);
            foreach (var column in new[] { "Jet_pt", "Muon_pt", "MET_pt", "nJet", "Electron_pfRelIso03_all", "PV_npvs" })
                Assert.Equal(gen.Sum(column).Value, file.Sum(column).Value);
            Assert.Equal(gen.Filter("HLT_IsoMu24").Count().Value, file.Filter("HLT_IsoMu24").Count().Value);
            Assert.Equal(gen.Take<ulong>("event").Value, file.Take<ulong>("event").Value);
            Assert.Equal(typeof(uint), file.GetColumnType("nMuon"));
            Assert.Equal(typeof(RVec<bool>), file.GetColumnType("Jet_puId"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
