using System.Xml.Linq;
using Microsoft.DotNet.Interactive.Formatting;

namespace EventFrame.Interactive.Tests;

public class FormatterTests
{
    static FormatterTests() => Formatters.Register();

    private static XElement Html(string html) => XElement.Parse(html); // our HTML is well-formed XML

    private static Frame Dataset(int n, int seed)
    {
        var r = new Random(seed);
        var x = new double[n];
        var v = new RVec<float>[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = r.NextDouble() * 10;
            v[i] = new RVec<float>([.. Enumerable.Range(0, r.Next(0, 8)).Select(k => (float)Math.Round(r.NextDouble() * 100, 1))]);
        }
        return Frame.FromArrays(new Dictionary<string, Array> { ["x"] = x, ["v"] = v }, new ExecutionOptions { Threads = 1 });
    }

    [Fact]
    public void HistogramsRenderAsSvgWithSummary()
    {
        var r = new Random(1);
        var h1 = new Hist1D("h1", "Muon p_{T};p_{T} [GeV];Muons", 20, 0, 100);
        var h2 = new Hist2D("h2", "map;x;y", 10, 0, 1, 10, 0, 1);
        var p1 = new Profile1D("p1", "prof;x;y", 10, 0, 1);
        for (int i = 0; i < 500; i++)
        {
            h1.Fill(100 * r.NextDouble());
            h2.Fill(r.NextDouble(), r.NextDouble());
            p1.Fill(r.NextDouble(), r.NextDouble());
        }
        foreach (HistogramBase h in (HistogramBase[])[h1, h2, p1])
        {
            var html = Formatter.ToDisplayString(h, HtmlFormatter.MimeType);
            var div = Html(html);
            var svg = div.Descendants(XName.Get("svg", "http://www.w3.org/2000/svg")).Single();
            Assert.Contains("eventframe-plot", svg.Attribute("class")!.Value);
            var rows = div.Descendants("tr").ToDictionary(tr => tr.Element("th")!.Value, tr => tr.Element("td")!.Value);
            Assert.Equal(h.Name, rows["Name"]);
            Assert.Equal("500", rows["Entries"]);
            Assert.Equal(h.GetType().Name, rows["Type"]);
            Assert.Equal(h.ToString(), Formatter.ToDisplayString(h, PlainTextFormatter.MimeType));
        }
        var stack = EventFrame.Plotting.Plot.Stack([("a", h1), ("b", h1)], h1);
        Assert.Equal(stack.ToSvg(), Formatter.ToDisplayString(stack, HtmlFormatter.MimeType));
        var map = new EventFrame.Plotting.ColorMapPlot(h2) { LogZ = true };
        Assert.Equal(map.ToSvg(), Formatter.ToDisplayString(map, HtmlFormatter.MimeType));
        Assert.Equal("Muon pT", Html(Formatter.ToDisplayString(h1, HtmlFormatter.MimeType)).Descendants("tr").Single(t => t.Element("th")!.Value == "Title").Element("td")!.Value);
    }

    [Fact]
    public void CutflowIsAnHtmlTable()
    {
        var report = new CutflowReport([new("trigger", 80, 100), new("2 muons <&>", 20, 80), new("none", 0, 20)]);
        var table = Html(Formatter.ToDisplayString(report, HtmlFormatter.MimeType));
        var rows = table.Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["trigger", "80", "100", "80.00", "80.00"], rows[0]);
        Assert.Equal(["2 muons <&>", "20", "80", "25.00", "20.00"], rows[1]);
        Assert.Equal(["none", "0", "20", "0.00", "0.00"], rows[2]);
        Assert.Equal(report.ToString(), Formatter.ToDisplayString(report, PlainTextFormatter.MimeType));
    }

    [Fact]
    public void LazyResultsShowWhetherTheyRanWithoutRunningThem()
    {
        var f = Dataset(1000, 2);
        var h = f.Histo1D(new Hist1DModel("hx", "x;x", 10, 0, 10), "x");
        var count = f.Count();
        var html = Formatter.ToDisplayString(h, HtmlFormatter.MimeType);
        Assert.Contains("pending", Html(html).Attribute("class")!.Value);
        Assert.StartsWith("pending: ", Formatter.ToDisplayString(count, PlainTextFormatter.MimeType));
        Assert.Equal(0, f.RunCount); // formatting never starts the loop
        Assert.Equal(1000, count.Value);
        var ready = Html(Formatter.ToDisplayString(h, HtmlFormatter.MimeType));
        Assert.Contains("ready", ready.Attribute("class")!.Value);
        Assert.Single(ready.Descendants(XName.Get("svg", "http://www.w3.org/2000/svg")));
        Assert.EndsWith("= 1000", Formatter.ToDisplayString(count, PlainTextFormatter.MimeType));
        Assert.Equal(1, f.RunCount);
    }

    [Fact]
    public void DisplayShowsTheFirstRowsCompactly()
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var f = Dataset(200 + seed, seed);
            int n = 3 + seed;
            var all = f.Take<double>("x").Value;
            var vs = f.Take<RVec<float>>("v").Value;
            var selected = f.Filter<double>(x => x > 5, ["x"]);
            var table = selected.Display(["x", "v"], n);
            var expected = Enumerable.Range(0, all.Count).Where(i => all[i] > 5).Take(n).ToList();
            Assert.Equal(expected.Count, table.Rows.Count);
            Assert.Equal(["x", "v"], table.Columns);
            Assert.Equal([typeof(double), typeof(RVec<float>)], table.Types);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(all[expected[i]], (double)table.Rows[i][0]!);
                var v = vs[expected[i]];
                var cell = FrameTable.FormatCell(table.Rows[i][1]);
                var shown = string.Join(", ", v.Take(FrameTable.MaxVectorElements).Select(e => e.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal(v.Count > FrameTable.MaxVectorElements ? $"[{shown}, …] ({v.Count})" : $"[{shown}]", cell);
            }
            var html = Html(Formatter.ToDisplayString(table, HtmlFormatter.MimeType));
            Assert.Equal(expected.Count, html.Descendants("tbody").Single().Elements("tr").Count());
            Assert.Contains("RVec&lt;float&gt;", Formatter.ToDisplayString(table, HtmlFormatter.MimeType));
            var text = Formatter.ToDisplayString(table, PlainTextFormatter.MimeType).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Count + 2, text.Length);
            Assert.StartsWith("Row | x", text[0]);
        }
        Assert.Equal(2, Dataset(10, 1).Display(rows: 2).Columns.Count);
        Assert.ThrowsAny<Exception>(() => Dataset(10, 1).Display(["nope"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset(10, 1).Display(rows: -1));
    }
}
