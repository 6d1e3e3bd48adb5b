namespace EventFrame.Tests.Vectors;

/// <summary>The runtime helpers of generated kernels check what they promise to check.</summary>
public class FusedVecOpsTests
{
    [Fact]
    public void ViewsInsideTheArrayShareItsStorage()
    {
        float[] values = [1, 2, 3, 4, 5];
        for (int start = 0; start <= values.Length; start++)
            for (int length = 0; start + length <= values.Length; length++)
            {
                var v = FusedVecOps.View(values, start, length);
                Assert.Equal(values.AsSpan(start, length).ToArray(), v.AsSpan().ToArray());
            }
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 6)]
    [InlineData(5, 1)]
    [InlineData(2, -1)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void ViewsOutsideTheArrayThrow(int start, int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FusedVecOps.View(new float[5], start, length));

    [Fact]
    public void PairCountIsTheProductOrCombinationsException()
    {
        Assert.Equal(12, FusedVecOps.PairCount(3, 4));
        Assert.Equal(0, FusedVecOps.PairCount(0, 7));
        var expected = Assert.Throws<ArgumentOutOfRangeException>(() => VecOps.Combinations(1 << 14, 1 << 14));
        var actual = Assert.Throws<ArgumentOutOfRangeException>(() => FusedVecOps.PairCount(1 << 14, 1 << 14));
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void FitsMatchesAScalarCheckAtEveryLength()
    {
        var rng = new Random(3);
        for (int n = 0; n <= 70; n++)
            for (int bad = -1; bad < n; bad++)
            {
                var offsets = new int[n];
                for (int i = 1; i < n; i++) offsets[i] = offsets[i - 1] + rng.Next(3);
                if (bad > 0) offsets[bad] = offsets[bad - 1] - 1;
                if (bad == 0 && n > 0) offsets[0] = -1;
                int count = n == 0 ? 0 : offsets[^1] + rng.Next(-1, 2);
                bool expected = n > 0 && offsets[0] >= 0 && offsets[^1] <= count;
                for (int i = 1; i < n; i++) expected &= offsets[i] >= offsets[i - 1];
                Assert.Equal(expected, FusedVecOps.Fits(offsets, count));
            }
    }
}
