using EventFrame.Expressions;

namespace EventFrame.Core.Tests.Graph;

/// <summary>String expressions in the SIMD subset give exactly the scalar C# results, including NaN and infinities.</summary>
public class VectorizedExpressionTests
{
    private static Frame Make(int n, int chunk)
    {
        var rng = new Random(11);
        var x = new float[n];
        var y = new float[n];
        var d = new double[n];
        var e = new double[n];
        var i32 = new int[n];
        var j32 = new int[n];
        var u64 = new ulong[n];
        for (int k = 0; k < n; k++)
        {
            x[k] = rng.Next(20) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => -0f, 3 => 7f, _ => (float)(rng.NextDouble() * 60 - 20) };
            y[k] = (float)(rng.NextDouble() * 40);
            d[k] = rng.Next(30) == 0 ? double.NaN : rng.NextDouble() * 100 - 50;
            e[k] = rng.NextDouble() * 10;
            i32[k] = rng.Next(-1000, 1000);
            j32[k] = rng.Next(-10, 10);
            u64[k] = (ulong)rng.NextInt64();
        }
        return Frame.FromArrays(new Dictionary<string, Array>
        {
            ["x"] = x, ["y"] = y, ["d"] = d, ["e"] = e, ["i"] = i32, ["j"] = j32, ["u"] = u64,
        }).WithOptions(new ExecutionOptions { Threads = 2, ChunkSize = chunk });
    }

    public static TheoryData<string, Func<float, float, bool>> FloatFilters => new()
    {
        { "x > 20", (x, y) => x > 20 },
        { "x >= y && !(x < 3) || x == 7", (x, y) => x >= y && !(x < 3) || x == 7 },
        { "abs(x) < 1.5f", (x, y) => Math.Abs(x) < 1.5f },
        { "x * 2 + 1 <= y - 3", (x, y) => x * 2 + 1 <= y - 3 },
        { "x != x", (x, y) => float.IsNaN(x) },
        { "(x > 0 ? x : y) > 10", (x, y) => (x > 0 ? x : y) > 10 },
        { "x / y > 0.5f", (x, y) => x / y > 0.5f },
        { "-x > 5", (x, y) => -x > 5 },
        { "x > 20.5", (x, y) => x > 20.5 },
    };

    [Theory]
    [MemberData(nameof(FloatFilters))]
    public void FloatFiltersMatchLambdas(string expression, Func<float, float, bool> predicate)
    {
        foreach (int chunk in new[] { 1000, 16, 7 })
        {
            var df = Make(5000, chunk);
            var s = df.Filter(expression).Take<ulong>("rdfentry_");
            var l = df.Filter(predicate, ["x", "y"]).Take<ulong>("rdfentry_");
            Assert.Equal(l.Value, s.Value);
        }
    }

    [Fact]
    public void DefinesOfEveryVectorTypeMatchLambdas()
    {
        var df = Make(3001, 1000);
        Assert.Equal(df.Define("z", (float x, float y) => x * y - 2 * x + y / 3, "x", "y").Take<float>("z").Value,
                     df.Define("z", "x * y - 2 * x + y / 3").Take<float>("z").Value);
        Assert.Equal(df.Define("z", (double d, double e) => Math.Sqrt(Math.Abs(d)) * e + 0.1, "d", "e").Take<double>("z").Value,
                     df.Define("z", "Math.Sqrt(Math.Abs(d)) * e + 0.1").Take<double>("z").Value);
        Assert.Equal(df.Define("z", (int i, int j) => i * j - i + 3, "i", "j").Take<int>("z").Value,
                     df.Define("z", "i * j - i + 3").Take<int>("z").Value);
        Assert.Equal(df.Define("z", (ulong u) => u * 3 + 1, "u").Take<ulong>("z").Value,
                     df.Define("z", "u * 3 + 1").Take<ulong>("z").Value);
        Assert.Equal(df.Filter((int i, int j) => i > j * 50 || i == 0, ["i", "j"]).Count().Value,
                     df.Filter("i > j * 50 || i == 0").Count().Value);
    }

    [Fact]
    public void TheSimdSubsetIsRecognised()
    {
        var floats = new Dictionary<string, Type> { ["x"] = typeof(float), ["y"] = typeof(float), ["n"] = typeof(uint), ["d"] = typeof(double), ["b"] = typeof(bool) };
        Assert.NotNull(ExpressionCompiler.Analyze("t", "x > 20 && y < 3", floats).Vector);
        Assert.NotNull(ExpressionCompiler.Analyze("t", "x * 2 + y", floats).Vector);
        // Promotions (float vs double constant), mixed column types and bool columns stay scalar.
        Assert.Null(ExpressionCompiler.Analyze("t", "x > 20.5", floats).Vector);
        Assert.Null(ExpressionCompiler.Analyze("t", "x > 2 && n > 1", floats).Vector);
        Assert.Null(ExpressionCompiler.Analyze("t", "b && x > 1", floats).Vector);
        Assert.NotNull(ExpressionCompiler.Analyze("t", "d > 20.5", floats).Vector);
    }
}
