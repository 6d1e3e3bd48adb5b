using EventFrame.Execution;

namespace EventFrame.Core.Tests.Execution;

/// <summary><c>Numeric.ToDoubles</c> (vector widening for floats) gives ToDouble's values at every length 0..256 and leaves the rest of the output alone.</summary>
public class NumericToDoublesTests
{
    [Fact]
    public void WidensEveryElementExactly()
    {
        var rng = new Random(41);
        for (int n = 0; n <= 256; n++)
        {
            float[] f = [.. Enumerable.Range(0, n).Select(i => i % 17 == 5 ? float.NaN : i % 19 == 3 ? float.NegativeInfinity : (float)(rng.NextDouble() * 2e6 - 1e6))];
            int[] k = [.. Enumerable.Range(0, n).Select(_ => rng.Next())];
            var df = new double[n + 1];
            var dk = new double[n + 1];
            df[n] = dk[n] = 7;
            Numeric.ToDoubles<float>(f, df);
            Numeric.ToDoubles<int>(k, dk);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(f[i]), BitConverter.DoubleToInt64Bits(df[i]));
                Assert.Equal(k[i], dk[i]);
            }
            Assert.Equal(7, df[n]);
            Assert.Equal(7, dk[n]);
        }
    }
}
