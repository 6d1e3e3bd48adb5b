using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.Core.Tests.Graph;

/// <summary>Only the columns the graph needs are read, and only while some consumer still has entries.</summary>
public class ColumnReadingTests
{
    private sealed class RecordingSource(IDataSource inner) : IDataSource
    {
        public readonly HashSet<string> Opened = [];
        public int Chunks;
        public string Description => inner.Description;
        public IReadOnlyList<ColumnInfo> Columns => inner.Columns;
        public long EntryCount => inner.EntryCount;
        public IReadOnlyList<Partition> Partitions => inner.Partitions;
        public DataSourceSpec? Spec => null;
        public IChunkReader CreateReader(IReadOnlyList<string> columns)
        {
            lock (Opened) foreach (var c in columns) Opened.Add(c);
            return new Reader(this, inner.CreateReader(columns));
        }
        public void Dispose() { }

        private sealed class Reader(RecordingSource owner, IChunkReader inner) : IChunkReader
        {
            public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
            {
                Interlocked.Increment(ref owner.Chunks);
                inner.ReadChunk(partition, firstEntry, count, buffers);
            }
            public void Dispose() => inner.Dispose();
        }
    }

    [Fact]
    public void OnlyReferencedColumnsAreRead()
    {
        var data = TestData.Make(5000);
        var source = new RecordingSource(new MemorySource(new Dictionary<string, Array>
        {
            ["nMuon"] = data.NMuon, ["Muon_pt"] = data.MuonPt, ["MET_pt"] = data.Met, ["weight"] = data.Weight,
        }, 1000));
        var df = Frame.FromSource(source);
        _ = df.Filter("nMuon >= 2").Define("lead", "Muon_pt[0]").Histo1D(new("h", "", 10, 0, 100), "lead").Value;
        Assert.Equal(["Muon_pt", "nMuon"], source.Opened.Order());
    }

    [Fact]
    public void ColumnsBelowAnEmptySelectionAreNotRead()
    {
        var data = TestData.Make(5000);
        var source = new RecordingSource(new MemorySource(new Dictionary<string, Array>
        {
            ["nMuon"] = data.NMuon, ["MET_pt"] = data.Met,
        }, 1000));
        var df = Frame.FromSource(source).WithOptions(new ExecutionOptions { Threads = 1, ChunkSize = 1000 });
        Assert.Equal(0, df.Filter("nMuon > 100").Sum("MET_pt").Value);
        // 5 chunks of nMuon; MET_pt is never needed because no entry passes.
        Assert.Equal(5, source.Chunks);
    }
}
