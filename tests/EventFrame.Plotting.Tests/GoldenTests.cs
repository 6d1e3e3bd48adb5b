using System.Runtime.CompilerServices;

namespace EventFrame.Plotting.Tests;

/// <summary>
/// Byte-for-byte comparison of the SVG of fixed histograms with the files in goldens/. After an intended change of
/// the drawing, regenerate them with EVENTFRAME_UPDATE_GOLDENS=1 and review the diff.
/// </summary>
public class GoldenTests
{
    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static Hist1D Fixed(string name, double scale, int shift)
    {
        var h = new Hist1D(name, "Fixed;E_{T}^{miss} [GeV];Events / 10 GeV", 12, 0, 120);
        for (int b = 1; b <= 12; b++) h.SetBin(b, scale * (1 + ((b * 7 + shift) % 11)), scale * (1 + ((b * 7 + shift) % 11)));
        return h;
    }

    public static TheoryData<string> Names => ["step", "filled", "errorbar-log", "stack-ratio", "colormap", "profile", "cutflow"];

    private static string Render(string name)
    {
        switch (name)
        {
            case "step": return Fixed("a", 10, 0).ToSvg();
            case "filled": return Fixed("a", 10, 0).ToSvg(HistStyle.Filled);
            case "errorbar-log": return Fixed("a", 10, 3).ToSvg(HistStyle.Errorbar, logY: true);
            case "stack-ratio":
            {
                var data = Fixed("d", 20, 1);
                var p = Plot.Stack([("t#bar{t}", Fixed("t", 5, 2)), ("Z#rightarrow#mu#mu", Fixed("z", 15, 1))], data, title: "EventFrame");
                p.RightLabel = "1 fb^{-1} (13.6 TeV)";
                return p.ToSvg();
            }
            case "colormap":
            {
                var h = new Hist2D("m", "Map;#eta;#phi", 6, -3, 3, 4, -3.2, 3.2);
                for (int bx = 1; bx <= 6; bx++)
                    for (int by = 1; by <= 4; by++)
                        h.Fill(h.XAxis.Center(bx), h.YAxis.Center(by), (bx * by) % 7);
                return h.ToSvg();
            }
            case "profile":
            {
                var p = new Profile1D("p", "Prof;x;<y>", 5, 0, 5);
                for (int i = 0; i < 50; i++) p.Fill(i % 5 + 0.5, 1 + (i % 5) * 0.1 + (i % 3) * 0.05);
                return p.ToSvg();
            }
            case "cutflow":
                return new CutflowReport([new("trigger", 800, 1000), new("two muons", 300, 800), new("m_{#mu#mu} > 60", 250, 300)]).ToSvg();
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SvgMatchesGolden(string name)
    {
        var svg = Render(name);
        Assert.Equal(svg, Render(name)); // deterministic within a process
        var golden = Path.Combine(SourceDir(), "goldens", name + ".svg");
        if (Environment.GetEnvironmentVariable("EVENTFRAME_UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(golden, svg);
            return;
        }
        Assert.True(File.Exists(golden), $"golden {golden} is missing; create it with EVENTFRAME_UPDATE_GOLDENS=1");
        var expected = File.ReadAllText(golden);
        if (expected != svg)
        {
            var a = expected.Split('\n');
            var b = svg.Split('\n');
            int line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
            Assert.Fail($"{name}.svg differs from its golden at line {line + 1}:\n  golden: {(line < a.Length ? a[line] : "<end>")}\n  actual: {(line < b.Length ? b[line] : "<end>")}");
        }
    }
}
