using EventFrame.IO.Root;

namespace EventFrame.Adl.Tests;

/// <summary>
/// The hand-written loops of <see cref="AdlHandwritten"/> (the macro benchmark's compute limit) over arrays loaded
/// with <see cref="AdlArrays.Load"/> from the shared 100k-event files reproduce the reference JSON exactly (bin counts
/// with flow and entries; sums to 1e-6 relative), so the limit computes the same thing as the engine.
/// </summary>
public class AdlHandwrittenTests
{
    [Theory]
    [InlineData("adl_100k_zlib.root")]
    [InlineData("adl_100k_lz4.root")]
    public void HandwrittenLoopsMatchTheReference(string file)
    {
        using var source = new RootDataSource("Events", [Path.Combine(AdlReferenceTests.DataDir(), "adl", file)]);
        var data = AdlArrays.Load(source, AdlArrays.Branches.Values.SelectMany(b => b));
        Assert.Equal(100_000, data.Events);
        var failures = new List<string>();
        foreach (var q in AdlQueries.Names)
        {
            var expected = AdlReferenceTests.s_expected.Value[q];
            var got = AdlHandwritten.Run(q, data);
            Assert.Equal(expected.Length, got.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                var (e, h) = (expected[i], got[i]);
                string what = $"{q} {e.Name}";
                if (h.Column != e.Name) failures.Add($"{what}: column {h.Column}");
                if (h.Counts.Length != e.Counts.Length) failures.Add($"{what}: {h.Counts.Length} bins with flow, expected {e.Counts.Length}");
                for (int b = 0; b < Math.Min(h.Counts.Length, e.Counts.Length); b++)
                    if (h.Counts[b] != e.Counts[b]) failures.Add($"{what}: bin {b} has {h.Counts[b]}, expected {e.Counts[b]}");
                if (h.Entries != e.Entries) failures.Add($"{what}: {h.Entries} entries, expected {e.Entries}");
                if (!(Math.Abs(h.Sum - e.Sum) <= 1e-6 * Math.Abs(e.Sum))) failures.Add($"{what}: sum {h.Sum:R}, expected {e.Sum:R}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void FastDeltaPhiAndDeltaRAreBitIdenticalToVecOps()
    {
        // Seeded: differences within and far beyond ±2π (the remainder path), exact multiples of π, NaN.
        var rng = new Random(7);
        float[] special = [0f, float.Pi, -float.Pi, 2 * float.Pi, -2 * float.Pi, 3 * float.Pi, 1e6f, -1e6f, float.NaN, float.PositiveInfinity];
        for (int i = 0; i < 200_000; i++)
        {
            float Draw() => i % 10 == 0 ? special[rng.Next(special.Length)] : (float)((rng.NextDouble() - 0.5) * (i % 3 == 0 ? 40 : 7));
            float a = Draw(), b = Draw(), c = Draw(), d = Draw();
            Assert.Equal(BitConverter.SingleToInt32Bits(VecOps.DeltaPhi(a, b)), BitConverter.SingleToInt32Bits(AdlQueries.DeltaPhi(a, b)));
            Assert.Equal(BitConverter.SingleToInt32Bits(VecOps.DeltaR(c, d, a, b)), BitConverter.SingleToInt32Bits(AdlQueries.DeltaR(c, d, a, b)));
        }
    }
}
