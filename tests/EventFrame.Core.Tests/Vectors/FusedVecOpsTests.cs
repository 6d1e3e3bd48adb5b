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
}
