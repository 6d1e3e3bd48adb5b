using EventFrame.Data;

namespace EventFrame.IO.Tests.Writing;

/// <summary>A 10^7-entry snapshot over many clusters, written by the engine on all threads and read back.</summary>
public class LargeSnapshotTests
{
    [Fact]
    public void TenMillionEntriesRoundTrip()
    {
        const long n = 10_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"eventframe-large-{Environment.ProcessId}.root");
        try
        {
            var df = Frame.Empty(n, options: new ExecutionOptions { Threads = 2, GeneratedPartitionSize = 1 << 20 })
                .Define("i", "(long)rdfentry_")
                .Define("x", "(float)(rdfentry_ % 1000) * 0.5f")
                .Define("v", (ulong e) =>
                {
                    var values = RVecArena.Allocate<int>((int)(e % 3), out var r);
                    values.Fill((int)(e % 7));
                    return r;
                }, "rdfentry_");
            var written = df.Snapshot("Events", path, ["i", "x", "v"], new SnapshotOptions { Codec = SnapshotCodec.Zstd, Level = 1, ClusterSize = 1_000_000 }).Value;
            Assert.Equal(n, written.Entries);

            var back = Frame.FromRoot("Events", path).WithThreads(2);
            Assert.True(back.Source.Partitions.Count >= 10, $"{back.Source.Partitions.Count} clusters");
            var count = back.Count();
            var sumI = back.Sum("i");
            var sumX = back.Sum("x");
            var sumV = back.Sum("v");
            var bad = back.Filter("i != (long)rdfentry_ || v.Size != (int)(i % 3)").Count();
            Assert.Equal(n, count.Value);
            Assert.Equal((double)n * (n - 1) / 2, sumI.Value);
            Assert.Equal(0, bad.Value);
            double expectedX = 0, expectedV = 0;
            for (long e = 0; e < 1000; e++) expectedX += e * 0.5 * (n / 1000);
            for (long e = 0; e < n; e++) expectedV += (e % 3) * (e % 7);
            Assert.Equal(expectedX, sumX.Value, 6);
            Assert.Equal(expectedV, sumV.Value);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
