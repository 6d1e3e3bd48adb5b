using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class VecOpsMathTests
{
    [Fact]
    public void UnaryFunctionsMatchScalarLibmPerElementWithRootResultTypes()
    {
        var rng = new Random(13);
        for (int n = 0; n <= MaxLength; n++)
        {
            var f = Floats(rng, n, special: true);
            var d = Doubles(rng, n, special: true);
            var vf = View(f, 1, 0f);
            var vd = View(d, 0, 0.0);
            AssertSame<float>(f.Select(x => MathF.Abs(x)).ToArray(), VecOps.abs(vf), "abs f");
            AssertSame<float>(f.Select(x => MathF.Sqrt(x)).ToArray(), VecOps.sqrt(vf), "sqrt f");
            AssertSame<float>(f.Select(x => MathF.Exp(x)).ToArray(), VecOps.exp(vf), "exp f");
            AssertSame<float>(f.Select(x => MathF.Log(x)).ToArray(), VecOps.log(vf), "log f");
            AssertSame<float>(f.Select(x => MathF.Sin(x)).ToArray(), VecOps.sin(vf), "sin f");
            AssertSame<float>(f.Select(x => MathF.Cos(x)).ToArray(), VecOps.cos(vf), "cos f");
            AssertSame<float>(f.Select(x => MathF.Floor(x)).ToArray(), VecOps.floor(vf), "floor f");
            AssertSame<float>(f.Select(x => MathF.Round(x, MidpointRounding.AwayFromZero)).ToArray(), VecOps.round(vf), "round f");
            AssertSame<double>(d.Select(x => Math.Abs(x)).ToArray(), VecOps.abs(vd), "abs d");
            AssertSame<double>(d.Select(x => Math.Sqrt(x)).ToArray(), VecOps.sqrt(vd), "sqrt d");
            AssertSame<double>(d.Select(x => Math.Ceiling(x)).ToArray(), VecOps.ceil(vd), "ceil d");
            AssertSame<double>(d.Select(x => Math.Truncate(x)).ToArray(), VecOps.trunc(vd), "trunc d");
            AssertSame<double>(d.Select(x => Math.Tanh(x)).ToArray(), VecOps.tanh(vd), "tanh d");
            AssertSame<double>(d.Zip(d.Reverse(), Math.Atan2).ToArray(), VecOps.atan2(vd, VecOps.Reverse(vd)), "atan2 d");
            AssertSame<double>(d.Select(x => Math.Pow(x, 2)).ToArray(), VecOps.pow(vd, 2), "pow d");
            AssertSame<float>(f.Select(x => MathF.Pow(x, 0.5f)).ToArray(), VecOps.pow(vf, 0.5f), "pow f");
            AssertSame<double>(f.Select(x => Math.Pow(x, 2)).ToArray(), VecOps.pow(vf, 2), "pow f,int");
            AssertSame<float>(f.Select(x => x % 1.5f).ToArray(), VecOps.fmod(vf, 1.5f), "fmod f");
            // Integers are promoted to double, as ROOT's PromoteType does.
            var ints = Integers<int>(rng, n);
            AssertSame<double>(ints.Select(x => Math.Abs((double)x)).ToArray(), VecOps.abs(RVec.Of(ints)), "abs int");
            AssertSame<double>(ints.Select(x => Math.Sqrt(x)).ToArray(), VecOps.sqrt(RVec.Of(ints)), "sqrt int");
        }
        Assert.Equal(-3.0, VecOps.round(-2.5));
        Assert.Equal(3f, VecOps.round(2.5f));
        Assert.Equal(1.0, VecOps.fdim(3.0, 2.0));
        Assert.Equal(0.0, VecOps.fdim(2.0, 3.0));
        Assert.Equal(5.0, VecOps.hypot(3.0, 4.0));
        Assert.Throws<ArgumentException>(() => VecOps.atan2(RVec.Of(1.0), RVec.Of(1.0, 2.0)));
    }
}
