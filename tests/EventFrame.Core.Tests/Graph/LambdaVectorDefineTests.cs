using EventFrame.Histograms;

namespace EventFrame.Core.Tests.Graph;

/// <summary>
/// A typed-lambda Define returning <see cref="RVec{T}"/> keeps its results as offsets into one array while they lie
/// back to back (each allocated from the arena right after the previous one) and switches to per-entry views from
/// the first one that does not. Every consumer (histogram, sum, mean, Take, 2D histogram, a lambda reading the
/// column, a string expression reading it) must see each entry's elements exactly, whatever the result lengths
/// (0..256), the mix of result kinds, the selection, the chunking and the number of threads; exceptions keep
/// naming the entry that threw. The arena's stack-window lookup must give every slot its own arena, also when a
/// lambda runs a nested event loop.
/// </summary>
public class LambdaVectorDefineTests
{
    private static (float[][] Values, float[][] Other) Jagged(int entries, int seed)
    {
        var rng = new Random(seed);
        var v = new float[entries][];
        var w = new float[entries][];
        for (int i = 0; i < entries; i++)
        {
            // Lengths 0..256 (every length appears), plus a second column of another length.
            int n = i % 257;
            if (rng.Next(4) == 0) n = rng.Next(0, 8);
            v[i] = new float[n];
            for (int j = 0; j < n; j++) v[i][j] = (float)(rng.NextDouble() * 100);
            w[i] = new float[rng.Next(0, 4)];
            for (int j = 0; j < w[i].Length; j++) w[i][j] = (float)(rng.NextDouble() * 100);
        }
        return (v, w);
    }

    private static Frame Make(float[][] v, float[][] w, int threads, int chunk) =>
        Frame.FromArrays(new Dictionary<string, Array>
        {
            ["v"] = v,
            ["w"] = w,
        }, new ExecutionOptions { Threads = threads, ChunkSize = chunk, GeneratedPartitionSize = 3 * chunk + 17 });

    // How entry e builds its result: 0 = a fresh arena vector (back to back with its neighbours'), 1 = the input view
    // itself, 2 = an empty default vector, 3 = a fresh arena vector after an arena temporary (not back to back),
    // 4 = a heap vector, 5 = an empty arena vector. Mode 0 uses kind 0 only (the offsets form all along); the others
    // mix kinds so that the switch to views happens at different places (first entry, middle, never).
    private static int Kind(long e, int mode) => mode switch
    {
        0 => 0,
        1 => e % 97 == 41 ? 1 : e % 13 == 5 ? 5 : 0,
        2 => (int)(e * 2654435761L % 6),
        _ => e % 500 == 0 ? 3 : e % 7 == 0 ? 2 : 0,
    };

    private static RVec<float> Select(RVec<float> v, long e, int mode)
    {
        switch (Kind(e, mode))
        {
            case 1: return v;
            case 2: return default;
            case 3: RVecArena.Allocate<float>(3, out _); break;
            case 4:
                {
                    var heap = new float[v.Length];
                    for (int j = 0; j < heap.Length; j++) heap[j] = v[j] > 30 ? v[j] : -v[j];
                    return new RVec<float>(heap);
                }
            case 5: RVecArena.Allocate<float>(0, out var empty); return empty;
        }
        return AboveInArena(v, 30);
    }

    /// <summary>The elements of <paramref name="v"/> above <paramref name="cut"/>, counted then copied into one arena allocation (the back-to-back case).</summary>
    internal static RVec<float> AboveInArena(RVec<float> v, float cut)
    {
        int n = 0;
        foreach (float x in v) if (x > cut) n++;
        var o = RVecArena.Allocate<float>(n, out var r);
        for (int j = 0, k = 0; k < n; j++)
            if (v[j] > cut) o[k++] = v[j];
        return r;
    }

    private static float[] Expected(float[] v, long e, int mode) => Kind(e, mode) switch
    {
        1 => v,
        2 or 5 => [],
        4 => [.. v.Select(x => x > 30 ? x : -x)],
        _ => [.. v.Where(x => x > 30)],
    };

    [Theory]
    [InlineData(0, false, 1, 1000)]
    [InlineData(0, true, 2, 777)]
    [InlineData(1, false, 1, 300)]
    [InlineData(1, true, 2, 1000)]
    [InlineData(2, false, 2, 257)]
    [InlineData(2, true, 1, 64)]
    [InlineData(3, false, 1, 1500)]
    [InlineData(3, true, 2, 1)]
    public void EveryConsumerSeesEachEntrysElements(int mode, bool sparse, int threads, int chunk)
    {
        int entries = 3000;
        var (v, w) = Jagged(entries, seed: 17 + mode);
        var all = Make(v, w, threads, chunk);
        var df = sparse ? all.Filter((ulong e) => e % 3 != 1 && e % 11 != 4, ["rdfentry_"]) : all;
        var good = df.Define("good", (RVec<float> x, ulong e) => Select(x, (long)e, mode), "v", "rdfentry_");
        var hist = good.Histo1D(new Hist1DModel("h", "", 50, 0, 100), "good");
        var sum = good.Sum("good");
        var mean = good.Mean("good");
        var taken = good.Take<RVec<float>>("good");
        // A lambda reading the column (offsets form straight into its argument) and a string expression (views).
        var lambdaSum = good.Define("ls", (RVec<float> g) =>
        {
            double s = 0;
            foreach (float x in g) s += x;
            return s * 1000 + g.Length;
        }, "good").Sum("ls");
        var stringLen = good.Define("n", "(double)good.Length").Sum("n");
        // A second vector Define reading the first: its results go into the same arena block.
        var twice = good.Define("twice", (RVec<float> g) =>
        {
            var o = RVecArena.Allocate<float>(g.Length, out var r);
            for (int j = 0; j < o.Length; j++) o[j] = 2 * g[j];
            return r;
        }, "good");
        var twiceSum = twice.Sum("twice");
        // Two vector columns of different lengths per entry: the 2D histogram pairs them only where lengths match.
        var h2 = good.Define("good2", "good").Histo2D(new Hist2DModel("h2", "", 10, 0, 100, 10, 0, 100), "good", "good2");
        // Consumers below a further filter read a subset of the entries the Define was evaluated for (gathered).
        var sub = good.Filter((ulong e) => e % 5 != 2, ["rdfentry_"]);
        var subHist = sub.Histo1D(new Hist1DModel("h", "", 50, 0, 100), "good");
        var subCounts = sub.Histo2D(new Hist2DModel("c", "", 10, 0, 100, 10, 0, 100), "good", "good");

        var expectedHist = new Hist1D("h", "", 50, 0, 100);
        var expectedSub = new Hist1D("h", "", 50, 0, 100);
        var expectedH2 = new Hist2D("h2", "", 10, 0, 100, 10, 0, 100);
        double expectedSum = 0, expectedLambda = 0, expectedLen = 0;
        long count = 0;
        var expectedTaken = new List<float[]>();
        for (int e = 0; e < entries; e++)
        {
            if (sparse && (e % 3 == 1 || e % 11 == 4)) continue;
            var x = Expected(v[e], e, mode);
            expectedTaken.Add(x);
            double s = 0;
            foreach (float f in x)
            {
                expectedHist.Fill(f);
                expectedH2.Fill(f, f);
                expectedSum += f;
                if (e % 5 != 2) expectedSub.Fill(f);
                s += f;
                count++;
            }
            expectedLambda += s * 1000 + x.Length;
            expectedLen += x.Length;
        }

        TestData.AssertSameHistogram(expectedHist, hist.Value);
        TestData.AssertSameHistogram(expectedSub, subHist.Value);
        Assert.Equal(expectedSub.Entries, subCounts.Value.Entries);
        Assert.Equal(expectedSum, sum.Value, 1e-9 * Math.Abs(expectedSum));
        Assert.Equal(expectedSum / count, mean.Value, 1e-9 * Math.Abs(mean.Value));
        Assert.Equal(expectedTaken.Count, taken.Value.Count);
        for (int k = 0; k < expectedTaken.Count; k++) Assert.Equal(expectedTaken[k], taken.Value[k].ToArray());
        Assert.Equal(expectedLambda, lambdaSum.Value, 1e-9 * Math.Abs(expectedLambda));
        Assert.Equal(expectedLen, stringLen.Value);
        Assert.Equal(2 * expectedSum, twiceSum.Value, 1e-9 * Math.Abs(expectedSum));
        Assert.Equal(expectedH2.Entries, h2.Value.Entries);
        for (int bx = 0; bx <= 11; bx++)
            for (int by = 0; by <= 11; by++) Assert.Equal(expectedH2.Value(bx, by), h2.Value.Value(bx, by));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 1234)]
    [InlineData(false, 2999)]
    [InlineData(true, 1234)]
    public void AnExceptionInTheOffsetsFormNamesTheEntry(bool sparse, long bad)
    {
        var (v, w) = Jagged(3000, seed: 5);
        var all = Make(v, w, threads: 1, chunk: 500);
        var df = sparse ? all.Filter((ulong e) => e % 2 == 0, ["rdfentry_"]) : all;
        var good = df.Define("good", (RVec<float> x, ulong e) =>
        {
            if ((long)e == bad) throw new InvalidOperationException("bad entry");
            return Select(x, (long)e, 0);
        }, "v", "rdfentry_");
        var sum = good.Sum("good");
        var ex = Assert.Throws<EventLoopException>(() => sum.Value);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal(bad, ex.Entry);
    }

    [Fact]
    public void ANestedEventLoopInsideALambdaKeepsEachLoopsArenaResults()
    {
        var (v, w) = Jagged(600, seed: 9);
        var inner = Make(v, w, threads: 1, chunk: 100);
        var innerSum = inner.Define("g", (RVec<float> x, ulong e) => Select(x, (long)e, 0), "v", "rdfentry_").Sum("g");
        double expectedInner = 0;
        for (int e = 0; e < 600; e++) foreach (float f in Expected(v[e], e, 0)) expectedInner += f;

        var outer = Make(v, w, threads: 2, chunk: 50);
        // Entry 7 of the outer loop runs the whole inner loop (same thread) between allocating and returning.
        var good = outer.Define("good", (RVec<float> x, ulong e) =>
        {
            var r = Select(x, (long)e, 0);
            if (e == 7) Assert.Equal(expectedInner, inner.Define("g2", (RVec<float> y, ulong f) => Select(y, (long)f, 0), "v", "rdfentry_").Sum("g2").Value, 1e-9 * expectedInner);
            return r;
        }, "v", "rdfentry_");
        var sum = good.Sum("good");
        Assert.Equal(expectedInner, sum.Value, 1e-9 * expectedInner);
        Assert.Equal(expectedInner, innerSum.Value, 1e-9 * expectedInner);
    }

    [Fact]
    public void AllocationsOutsideAnEventLoopAndOnOtherThreadsUseTheirOwnArena()
    {
        // Threads started from inside a lambda are outside every registered window: they take the thread-static path.
        var (v, w) = Jagged(400, seed: 3);
        var df = Make(v, w, threads: 2, chunk: 40);
        var good = df.Define("good", (RVec<float> x, ulong e) =>
        {
            var r = Select(x, (long)e, 0);
            if (e % 50 == 0)
            {
                float[]? other = null;
                var t = new Thread(() =>
                {
                    var o = RVecArena.Allocate<float>(5, out var s);
                    o.Fill(-1);
                    other = s.ToArray();
                });
                t.Start();
                t.Join();
                Assert.Equal([-1f, -1f, -1f, -1f, -1f], other!);
            }
            return r;
        }, "v", "rdfentry_");
        double expected = 0;
        for (int e = 0; e < 400; e++) foreach (float f in Expected(v[e], e, 0)) expected += f;
        Assert.Equal(expected, good.Sum("good").Value, 1e-9 * expected);
        var outside = RVecArena.Allocate<float>(3, out var vec);
        outside.Fill(2);
        Assert.Equal([2f, 2f, 2f], vec.ToArray());
    }
}
