namespace EventFrame.Core.Tests.Graph;

/// <summary>
/// Lambda kernels below a sparse filter see the per-entry views of jagged source columns built for the selected
/// entries only: the values must be those of the right entries, for nested selections, for several consumers of the
/// same column at different selections, and when an exception is replayed entry by entry to name the failing entry.
/// </summary>
public class SparseSelectionViewTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 777)]
    public void LambdasBelowSparseFiltersSeeTheirOwnEntries(int threads, int chunk)
    {
        var ev = TestData.Make(5000, seed: 11);
        var df = TestData.Frame(ev, threads, chunk);
        // Two nested sparse filters, a Define at each level reading the same jagged columns, and a dense consumer.
        var outer = df.Filter((ulong e) => e % 3 == 1, ["rdfentry_"]);
        var a = outer.Define("a", (RVec<float> pt, RVec<int> q, ulong e) => pt.Length == 0 ? -1.0 : pt[^1] * q[0] + e, "Muon_pt", "Muon_charge", "rdfentry_");
        var inner = a.Filter((RVec<float> eta, double v) => eta.Length > 1 && v > 500, ["Muon_eta", "a"]);
        var b = inner.Define("b", (RVec<float> pt, RVec<float> eta) => pt.Length * 1000.0 + eta[0], "Muon_pt", "Muon_eta");
        var all = df.Define("c", (RVec<float> pt) => pt.Length == 0 ? 0.0 : pt[0], "Muon_pt");
        var ta = a.Take<double>("a");
        var tb = b.Take<double>("b");
        var tc = all.Take<double>("c");

        var expectA = new List<double>();
        var expectB = new List<double>();
        var expectC = new List<double>();
        for (int e = 0; e < ev.NMuon.Length; e++)
        {
            var (pt, eta, q) = (ev.MuonPt[e], ev.MuonEta[e], ev.MuonCharge[e]);
            expectC.Add(pt.Length == 0 ? 0.0 : pt[0]);
            if (e % 3 != 1) continue;
            double v = pt.Length == 0 ? -1.0 : pt[^1] * q[0] + (ulong)e;
            expectA.Add(v);
            if (eta.Length > 1 && v > 500) expectB.Add(pt.Length * 1000.0 + eta[0]);
        }
        Assert.Equal(expectA, ta.Value);
        Assert.Equal(expectB, tb.Value);
        Assert.Equal(expectC, tc.Value);
        Assert.NotEmpty(expectB);
        Assert.Equal(1, df.RunCount);
    }

    [Fact]
    public void AnExceptionBelowASparseFilterNamesTheEntryWhoseVectorFailed()
    {
        var ev = TestData.Make(3000, seed: 5);
        var df = TestData.Frame(ev, threads: 1, chunk: 1000);
        // Every selected entry is replayed alone with the same one-entry selection object: each replay must see the
        // views of its own entry, or the first empty muon vector would be attributed to the wrong entry.
        var sel = df.Filter((ulong e) => e % 5 != 0, ["rdfentry_"]);
        var boom = sel.Define("first", (RVec<float> pt) => (double)pt[0], "Muon_pt");
        var ex = Assert.Throws<EventLoopException>(() => boom.Sum("first").Value);
        int expected = Enumerable.Range(0, ev.NMuon.Length).First(e => e % 5 != 0 && ev.NMuon[e] == 0);
        Assert.Equal(expected, ex.Entry);
        Assert.IsType<IndexOutOfRangeException>(ex.InnerException);
    }
}
