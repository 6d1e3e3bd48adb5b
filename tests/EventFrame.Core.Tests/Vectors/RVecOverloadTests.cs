using System.Numerics;

namespace EventFrame.Tests.Vectors;

/// <summary>
/// Compile-time checks that the operators resolve without ambiguity for every element type, with the result
/// types of C++ (a double scalar promotes to double, an int literal stays in the element type).
/// </summary>
public class RVecOverloadTests
{
    [Fact]
    public void OperatorsResolveForEveryElementType()
    {
        {
            var v = RVec.Of<float>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (float)2, d = (float)2 <= v, e = v == u, f = v != (float)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<double>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (double)2, d = (double)2 <= v, e = v == u, f = v != (double)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<int>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (int)2, d = (int)2 <= v, e = v == u, f = v != (int)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<uint>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (uint)2, d = (uint)2 <= v, e = v == u, f = v != (uint)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<long>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (long)2, d = (long)2 <= v, e = v == u, f = v != (long)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<ulong>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (ulong)2, d = (ulong)2 <= v, e = v == u, f = v != (ulong)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<short>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (short)2, d = (short)2 <= v, e = v == u, f = v != (short)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<byte>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (byte)2, d = (byte)2 <= v, e = v == u, f = v != (byte)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<sbyte>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (sbyte)2, d = (sbyte)2 <= v, e = v == u, f = v != (sbyte)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
        {
            var v = RVec.Of<ushort>(1, 2, 3);
            var u = v;
            RVec<bool> a = v < 2.4, b = 2.4 > v, c = v < (ushort)2, d = (ushort)2 <= v, e = v == u, f = v != (ushort)1, g = v >= 1.5;
            var s1 = v * 2;
            RVec<double> p = v * 1.5, q = 1.5 - v, w = v / 2.0;
            var sum = v + v;
            var neg = -v;
            RVec<bool> m = v > 1 && v < 2.4 || !(v == u);
            Assert.Equal("{ False, True, False }", (v > 1 && v < 2.4).ToString());
            Assert.Equal(3, a.Length + b.Length + c.Length + d.Length + e.Length + f.Length + g.Length - 18);
            Assert.Equal(2.0 * 1.5, p[1]);
            Assert.Equal(-0.5, q[1]);
            Assert.Equal(1.0, w[1]);
            Assert.Equal(4.0, double.CreateTruncating(sum[1]));
            Assert.Equal(3, m.Length + s1.Length + neg.Length - 6);
            Assert.Equal(6.0, double.CreateTruncating(VecOps.Sum(v)));
        }
    }

    [Fact]
    public void ScalarMathAndMixedTypesFollowCpp()
    {
        RVec<float> pt = RVec.Of(10f, 35f, 50f);
        RVec<float> twice = pt * 2;
        RVec<double> scaled = pt * 1.5;
        Assert.Equal(20f, twice[0]);
        Assert.Equal(15.0, scaled[0]);
        float absF = VecOps.abs(-1.5f);
        double sqrtI = VecOps.sqrt(4);
        int absI = VecOps.abs(-3);
        Assert.Equal(1.5f, absF);
        Assert.Equal(2.0, sqrtI);
        Assert.Equal(3, absI);
        RVec<double> p2 = VecOps.pow(pt, 2);
        Assert.Equal(100.0, p2[0]);
        RVec<float> pf = VecOps.pow(pt, 2f);
        Assert.Equal(100f, pf[0]);
        double sq = VecOps.pow(3f, 2);
        float sqf = VecOps.pow(3f, 2f);
        Assert.Equal(9.0, sq);
        Assert.Equal(9f, sqf);
    }
}
