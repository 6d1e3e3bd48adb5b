namespace EventFrame.Plotting.Tests;

public class CutflowTableTests
{
    [Fact]
    public void RowsShowCountsAndEfficiencies()
    {
        var r = new Random(31);
        for (int trial = 0; trial < 20; trial++)
        {
            long all = r.Next(0, 100000);
            var entries = new List<CutflowEntry>();
            long seen = all;
            for (int i = 0; i < r.Next(0, 7); i++)
            {
                long pass = seen == 0 ? 0 : r.NextInt64(0, seen + 1);
                entries.Add(new CutflowEntry($"cut_{i} p_{{T}}>{i}0 & <x>", pass, seen));
                seen = pass;
            }
            var doc = new SvgDoc(new CutflowReport(entries).ToSvg());
            var rows = doc.All("cutflow-row").ToList();
            Assert.Equal(entries.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var cells = rows[i].Elements().Where(e => SvgDoc.HasClass(e, "cell")).Select(e => e.Value).ToList();
                Assert.Equal(TexText.ToPlain(entries[i].Name), cells[0]);
                Assert.Equal(entries[i].Pass.ToString(), cells[1]);
                Assert.Equal(entries[i].All.ToString(), cells[2]);
                Assert.Equal(entries[i].Efficiency.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), cells[3]);
                double cumulative = entries[0].All == 0 ? 0 : 100.0 * entries[i].Pass / entries[0].All;
                Assert.Equal(cumulative, double.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture), 0.005);
                var bg = rows[i].Elements().Single(e => SvgDoc.HasClass(e, "bar-bg"));
                var bar = rows[i].Elements().Single(e => SvgDoc.HasClass(e, "bar"));
                Assert.Equal(SvgDoc.D(bg, "width") * cumulative / 100, SvgDoc.D(bar, "width"), 0.02);
            }
            if (entries.Count == 0) Assert.Single(doc.All("empty"));
        }
    }
}
