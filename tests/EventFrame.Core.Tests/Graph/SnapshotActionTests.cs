using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.Core.Tests.Graph;

/// <summary>The engine side of Snapshot: entries reach the writer in dataset order, compacted, whatever the threads.</summary>
public class SnapshotActionTests
{
    private sealed class RecordingWriter(SnapshotSpec spec) : ISnapshotWriter
    {
        public static readonly List<RecordingWriter> Created = [];
        public readonly SnapshotSpec Spec = spec;
        public readonly List<object?[]> Rows = [];
        public bool Completed, Disposed;

        public void Write(IReadOnlyList<ColumnBuffer> columns, int entryCount)
        {
            Assert.Equal(Spec.Columns.Count, columns.Count);
            for (int i = 0; i < entryCount; i++)
                Rows.Add([.. columns.Select(c => c.GetBoxed(i))]);
        }

        public IReadOnlyList<string> Complete()
        {
            Completed = true;
            return [Spec.Path];
        }

        public void Dispose() => Disposed = true;
    }

    static SnapshotActionTests() => SnapshotWriters.Register("recording", spec =>
    {
        var w = new RecordingWriter(spec);
        lock (RecordingWriter.Created) RecordingWriter.Created.Add(w);
        return w;
    });

    private static readonly SnapshotOptions Options = new() { Format = "recording" };

    [Fact]
    public void WritesSelectedEntriesInOrderWithDefines()
    {
        var data = TestData.Make(7000);
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var df = TestData.Frame(data, threads, chunk: 300, partition: 1000);
            var result = df.Filter("nMuon >= 2").Define("lead", "Muon_pt[0]").Define("twice", "Muon_pt * 2")
                .Snapshot("Events", $"/tmp/snap{threads}.root", ["rdfentry_", "lead", "twice", "MET_pt"], Options).Value;
            var writer = RecordingWriter.Created.Single(w => w.Spec.Path == $"/tmp/snap{threads}.root");
            var expected = Enumerable.Range(0, 7000).Where(i => data.NMuon[i] >= 2).ToList();
            Assert.True(writer.Completed);
            Assert.True(writer.Disposed);
            Assert.Equal(expected.Count, result.Entries);
            Assert.Equal(expected.Count, writer.Rows.Count);
            for (int k = 0; k < expected.Count; k++)
            {
                int i = expected[k];
                Assert.Equal((ulong)i, writer.Rows[k][0]);
                Assert.Equal(data.MuonPt[i][0], writer.Rows[k][1]);
                Assert.Equal(data.MuonPt[i].Select(x => x * 2).ToArray(), (float[])writer.Rows[k][2]!);
                Assert.Equal(data.Met[i], writer.Rows[k][3]);
            }
            Assert.Equal(["rdfentry_", "lead", "twice", "MET_pt"], result.Columns.Select(c => c.Name));
            Assert.Equal(new ColumnType(ElementType.Float32, 1), result.Columns[2].Type);
        }
    }

    [Fact]
    public void EmptySelectionStillCompletesAnOutput()
    {
        var df = TestData.Frame(TestData.Make(1000));
        var r = df.Filter("MET_pt < -5").Snapshot("t", "/tmp/snap-empty.root", ["MET_pt"], Options).Value;
        Assert.Equal(0, r.Entries);
        Assert.True(RecordingWriter.Created.Single(w => w.Spec.Path == "/tmp/snap-empty.root").Completed);
    }

    [Fact]
    public void DefaultColumnsAreEveryStorableColumn()
    {
        var df = TestData.Frame(TestData.Make(100)).Define("x", "MET_pt * 2").Define("r", "rdfrandom_");
        var r = df.Snapshot("t", "/tmp/snap-all.root", null, Options with { Lazy = true });
        Assert.False(r.IsReady);
        var names = r.Value.Columns.Select(c => c.Name).ToList();
        Assert.Contains("x", names);
        Assert.Contains("Muon_pt", names);
        Assert.DoesNotContain("r", names);
        Assert.DoesNotContain("rdfentry_", names);
    }

    [Fact]
    public void BadColumnsFailAtBooking()
    {
        var df = TestData.Frame(TestData.Make(100));
        Assert.Contains("unknown column 'nope'", Assert.Throws<GraphBookingException>(() => df.Snapshot("t", "/tmp/x.root", ["nope"], Options)).Message);
        var e = Assert.Throws<GraphBookingException>(() => df.Define("r", "rdfrandom_").Snapshot("t", "/tmp/x.root", ["r"], Options));
        Assert.Contains("cannot store", e.Message);
        Assert.Contains("EntryRandom", e.Message);
    }

    [Fact]
    public void FailureDisposesWithoutCompleting()
    {
        var df = TestData.Frame(TestData.Make(3000), threads: 1, chunk: 100, partition: 500)
            .Define("bad", (ulong e) => e == 2500 ? throw new InvalidOperationException("boom") : 1.0, "rdfentry_");
        Assert.Throws<EventLoopException>(() => df.Snapshot("t", "/tmp/snap-fail.root", ["bad"], Options));
        var w = RecordingWriter.Created.Single(x => x.Spec.Path == "/tmp/snap-fail.root");
        Assert.False(w.Completed);
        Assert.True(w.Disposed);
    }
}
