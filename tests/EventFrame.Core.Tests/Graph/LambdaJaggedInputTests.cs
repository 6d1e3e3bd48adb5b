using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Graph;

/// <summary>
/// Typed-lambda kernels read jagged source columns as views made from the raw offsets on each read, and the
/// consumers of a vector Define read its results in place when they lie back to back: the values must be those of
/// the right entries whatever the selection and chunking, results that do not lie back to back must still be
/// gathered correctly, and offsets that would make a view reach outside the values must fail with a typed error.
/// </summary>
public class LambdaJaggedInputTests
{
    /// <summary>One jagged float column <c>v</c> whose reader delivers the offsets it is given, good or bad.</summary>
    private sealed class OffsetSource(int[] offsets, float[] values, long badChunkFirst, Action<Span<int>, int> corrupt) : IDataSource
    {
        private readonly int[] _offsets = offsets;
        private readonly float[] _values = values;
        private readonly long _badChunkFirst = badChunkFirst;
        private readonly Action<Span<int>, int> _corrupt = corrupt;
        public string Description => "offset test source";
        public IReadOnlyList<ColumnInfo> Columns { get; } = [new ColumnInfo("v", new ColumnType(ElementType.Float32, 1))];
        public long EntryCount => _offsets.Length - 1;
        public IReadOnlyList<Partition> Partitions => [new Partition(0, 0, EntryCount)];
        public DataSourceSpec? Spec => null;
        public IChunkReader CreateReader(IReadOnlyList<string> columns) => new Reader(this);
        public void Dispose() { }

        private sealed class Reader(OffsetSource owner) : IChunkReader
        {
            public void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers)
            {
                var buffer = (JaggedBuffer<float>)buffers[0];
                int first = owner._offsets[firstEntry], last = owner._offsets[firstEntry + count];
                var o = buffer.PrepareOffsets(count);
                for (int i = 0; i <= count; i++) o[i] = owner._offsets[firstEntry + i] - first;
                owner._values.AsSpan(first, last - first).CopyTo(buffer.PrepareValues(last - first));
                if (firstEntry == owner._badChunkFirst) owner._corrupt(o, last - first);
            }
            public void Dispose() { }
        }
    }

    private static (int[] Offsets, float[] Values) Jagged(int entries, int seed)
    {
        var rng = new Random(seed);
        var offsets = new int[entries + 1];
        for (int i = 0; i < entries; i++) offsets[i + 1] = offsets[i] + rng.Next(0, 6);
        var values = new float[offsets[^1]];
        for (int j = 0; j < values.Length; j++) values[j] = (float)(rng.NextDouble() * 100);
        return (offsets, values);
    }

    [Theory]
    [InlineData("decreasing", false)]
    [InlineData("beyond the values", false)]
    [InlineData("negative", false)]
    [InlineData("decreasing", true)]
    [InlineData("beyond the values", true)]
    [InlineData("negative", true)]
    public void BadOffsetsFailWithATypedErrorInsteadOfReadingOutsideTheValues(string how, bool sparse)
    {
        var (offsets, values) = Jagged(3000, seed: 3);
        Action<Span<int>, int> corrupt = how switch
        {
            "decreasing" => (o, _) => o[500] = o[499] - 1,
            "beyond the values" => (o, n) => o[^1] = n + 100,
            _ => (o, _) => o[0] = -4,
        };
        var source = new OffsetSource(offsets, values, badChunkFirst: 1000, corrupt);
        var all = Frame.FromSource(source, options: new ExecutionOptions { Threads = 1, ChunkSize = 1000 });
        // Below a filter that keeps one entry in 16 only the selected entries' offsets are checked; the entries
        // whose offsets are bad (1499 and 1500, the chunk's last, its first) are kept.
        var df = sparse ? all.Filter((ulong e) => e % 16 == 12 || e is 1499 or 1500 or 1999 or 1000, ["rdfentry_"]) : all;
        var sum = df.Define("s", (RVec<float> v) =>
        {
            double s = 0;
            foreach (float x in v) s += x;
            return s;
        }, "v").Sum("s");
        var ex = Assert.Throws<EventLoopException>(() => sum.Value);
        var inner = Assert.IsType<InvalidDataException>(ex.InnerException);
        Assert.Contains("offset", inner.Message);
        // The failing chunk is replayed entry by entry, and a one-entry selection checks only that entry's offsets:
        // the error names the first entry whose view would leave the values.
        long expected = how switch { "decreasing" => 1499, "beyond the values" => 1999, _ => 1000 };
        Assert.Equal(expected, ex.Entry);
    }

    [Theory]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(13, 1)]
    public void VectorDefineResultsReachEveryConsumerWhetherOrNotTheyLieBackToBack(int seed, int threads)
    {
        var rng = new Random(seed);
        int entries = 4000 + rng.Next(2000);
        var (offsets, values) = Jagged(entries, seed);
        int chunk = 200 + rng.Next(900);
        var source = new OffsetSource(offsets, values, badChunkFirst: -1, (_, _) => { });
        var df = Frame.FromSource(source, options: new ExecutionOptions { Threads = threads, ChunkSize = chunk });

        // Entries of kind 0 get a fresh arena vector (back to back with their neighbours'), kind 1 the source view
        // itself (elsewhere), kind 2 an empty default vector: a chunk mixing them must be gathered, not read in place.
        static int Kind(ulong e, int mode) => mode == 0 ? 0 : (int)(e * 2654435761UL % 7 % 3);
        var expectedHist = new[] { new Hist1D("h", "", 20, 0, 100), new Hist1D("h", "", 20, 0, 100) };
        var expectedSum = new double[2];
        var hists = new Result<Hist1D>[2];
        var sums = new Result<double>[2];
        var means = new Result<double>[2];
        for (int mode = 0; mode < 2; mode++)
        {
            int m = mode;
            var selected = df.Filter((ulong e) => e % 4 != 3, ["rdfentry_"]);
            var big = selected.Define("big", (RVec<float> v, ulong e) =>
            {
                switch (Kind(e, m))
                {
                    case 1: return v;
                    case 2: return default;
                }
                return LambdaVectorDefineTests.AboveInArena(v, 30);
            }, "v", "rdfentry_");
            hists[m] = big.Histo1D(new Hist1DModel("h", "", 20, 0, 100), "big");
            sums[m] = big.Sum("big");
            means[m] = big.Mean("big");
            for (int e = 0; e < entries; e++)
            {
                if (e % 4 == 3) continue;
                var entry = values.AsSpan(offsets[e], offsets[e + 1] - offsets[e]);
                int kind = Kind((ulong)e, m);
                if (kind == 2) continue;
                foreach (float x in entry)
                    if (kind == 1 || x > 30)
                    {
                        expectedHist[m].Fill(x);
                        expectedSum[m] += x;
                    }
            }
        }
        for (int m = 0; m < 2; m++)
        {
            TestData.AssertSameHistogram(expectedHist[m], hists[m].Value);
            Assert.Equal(expectedSum[m], sums[m].Value, 1e-9 * expectedSum[m]);
            Assert.Equal(expectedSum[m] / expectedHist[m].Entries, means[m].Value, 1e-9 * means[m].Value);
        }
        Assert.True(expectedHist[0].Entries > 1000);
    }
}
