using System.Numerics;
using static EventFrame.Tests.Vectors.VectorTestData;

namespace EventFrame.Tests.Vectors;

public class RVecOperatorTests
{
    private static void CheckArithmetic<T>(T[] a, T[] b, T s, string ctx) where T : INumber<T>
    {
        var va = View(a, 3, T.One);
        var vb = View(b, 0, T.One);
        int n = a.Length;
        T[] Ref(Func<T, T, T> f, bool scalarRight, bool scalarLeft)
        {
            var r = new T[n];
            for (int i = 0; i < n; i++) r[i] = f(scalarLeft ? s : a[i], scalarRight ? s : (scalarLeft ? a[i] : b[i]));
            return r;
        }
        AssertSame<T>(Ref((x, y) => x + y, false, false), va + vb, ctx + " v+v");
        AssertSame<T>(Ref((x, y) => x - y, false, false), va - vb, ctx + " v-v");
        AssertSame<T>(Ref((x, y) => x * y, false, false), va * vb, ctx + " v*v");
        AssertSame<T>(Ref((x, y) => x + y, true, false), va + s, ctx + " v+s");
        AssertSame<T>(Ref((x, y) => x - y, true, false), va - s, ctx + " v-s");
        AssertSame<T>(Ref((x, y) => x * y, true, false), va * s, ctx + " v*s");
        AssertSame<T>(Ref((x, y) => x / y, true, false), va / s, ctx + " v/s");
        AssertSame<T>(Ref((x, y) => x % y, true, false), va % s, ctx + " v%s");
        AssertSame<T>(Ref((x, y) => x + y, false, true), s + va, ctx + " s+v");
        AssertSame<T>(Ref((x, y) => x - y, false, true), s - va, ctx + " s-v");
        AssertSame<T>(Ref((x, y) => x * y, false, true), s * va, ctx + " s*v");
        var negated = new T[n];
        for (int i = 0; i < n; i++) negated[i] = -a[i];
        AssertSame<T>(negated, -va, ctx + " -v");
        AssertSame<T>(a, +va, ctx + " +v");
        if (b.All(x => x != T.Zero))
        {
            AssertSame<T>(Ref((x, y) => x / y, false, false), va / vb, ctx + " v/v");
            AssertSame<T>(Ref((x, y) => x % y, false, false), va % vb, ctx + " v%v");
        }
        if (a.All(x => x != T.Zero)) AssertSame<T>(Ref((x, y) => x / y, false, true), s / va, ctx + " s/v");

        // Comparisons, against vectors, scalars on either side and double scalars (C++ promotion).
        double d = double.CreateTruncating(s) + 0.25;
        bool[] Cmp(Func<T, T, bool> f, bool scalar) { var r = new bool[n]; for (int i = 0; i < n; i++) r[i] = f(a[i], scalar ? s : b[i]); return r; }
        bool[] CmpD(Func<double, double, bool> f) { var r = new bool[n]; for (int i = 0; i < n; i++) r[i] = f(double.CreateTruncating(a[i]), d); return r; }
        AssertSame<bool>(Cmp((x, y) => x < y, false), va < vb, ctx + " v<v");
        AssertSame<bool>(Cmp((x, y) => x <= y, false), va <= vb, ctx + " v<=v");
        AssertSame<bool>(Cmp((x, y) => x > y, false), va > vb, ctx + " v>v");
        AssertSame<bool>(Cmp((x, y) => x >= y, false), va >= vb, ctx + " v>=v");
        AssertSame<bool>(Cmp((x, y) => x == y, false), va == vb, ctx + " v==v");
        AssertSame<bool>(Cmp((x, y) => x != y, false), va != vb, ctx + " v!=v");
        AssertSame<bool>(Cmp((x, y) => x < y, true), va < s, ctx + " v<s");
        AssertSame<bool>(Cmp((x, y) => y < x, true), s < va, ctx + " s<v");
        AssertSame<bool>(Cmp((x, y) => y >= x, true), s >= va, ctx + " s>=v");
        AssertSame<bool>(Cmp((x, y) => x != y, true), va != s, ctx + " v!=s");
        AssertSame<bool>(CmpD((x, y) => x < y), va < d, ctx + " v<d");
        AssertSame<bool>(CmpD((x, y) => x >= y), va >= d, ctx + " v>=d");
        AssertSame<bool>(CmpD((x, y) => y > x), d > va, ctx + " d>v");
        AssertSame<bool>(CmpD((x, y) => x == y), va == d, ctx + " v==d");

        // Mixed arithmetic with a double scalar gives doubles.
        var md = new double[n];
        for (int i = 0; i < n; i++) md[i] = double.CreateTruncating(a[i]) * d;
        AssertSame<double>(md, va * d, ctx + " v*d");
        for (int i = 0; i < n; i++) md[i] = d - double.CreateTruncating(a[i]);
        AssertSame<double>(md, d - va, ctx + " d-v");
    }

    [Fact]
    public void ElementwiseOperatorsMatchScalarReference()
    {
        var rng = new Random(42);
        for (int n = 0; n <= MaxLength; n++)
        {
            CheckArithmetic(Floats(rng, n, special: true), Floats(rng, n, special: true), 1.7f, $"float n={n}");
            CheckArithmetic(Doubles(rng, n, special: true), Doubles(rng, n, special: true), -2.5, $"double n={n}");
            var b = Integers<int>(rng, n).Select(x => x == 0 ? 1 : x).ToArray();
            var a = Integers<int>(rng, n).Select(x => x == 0 || x == int.MinValue ? 3 : x).ToArray();
            CheckArithmetic(a, b, 7, $"int n={n}");
            CheckArithmetic(Integers<long>(rng, n).Select(x => x == 0 || x == long.MinValue ? 2 : x).ToArray(),
                            Integers<long>(rng, n).Select(x => x == 0 ? 5 : x).ToArray(), -3L, $"long n={n}");
            CheckArithmetic(Integers<byte>(rng, n).Select(x => x == 0 ? (byte)9 : x).ToArray(),
                            Integers<byte>(rng, n).Select(x => x == 0 ? (byte)1 : x).ToArray(), (byte)4, $"byte n={n}");
            CheckArithmetic(Integers<ushort>(rng, n).Select(x => x == 0 ? (ushort)9 : x).ToArray(),
                            Integers<ushort>(rng, n).Select(x => x == 0 ? (ushort)1 : x).ToArray(), (ushort)4, $"ushort n={n}");
        }
    }

    [Fact]
    public void MaskLogicIsElementwiseIncludingShortCircuitOperators()
    {
        var rng = new Random(3);
        for (int n = 0; n <= MaxLength; n++)
        {
            var a = Bools(rng, n);
            var b = Bools(rng, n);
            var va = View(a, 1, true);
            var vb = View(b, 0, true);
            AssertSame<bool>(a.Zip(b, (x, y) => x & y).ToArray(), va & vb, $"& n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x | y).ToArray(), va | vb, $"| n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x ^ y).ToArray(), va ^ vb, $"^ n={n}");
            AssertSame<bool>(a.Select(x => !x).ToArray(), !va, $"! n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x == y).ToArray(), va == vb, $"== n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x != y).ToArray(), va != vb, $"!= n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x && y).ToArray(), va && vb, $"&& n={n}");
            AssertSame<bool>(a.Zip(b, (x, y) => x || y).ToArray(), va || vb, $"|| n={n}");
        }
        // ROOT-style selection: Jet_pt > 30 && abs(Jet_eta) < 2.4.
        var pt = RVec.Of(25f, 40f, 60f, 35f);
        var eta = RVec.Of(0.5f, -2.6f, 1.0f, 2.39f);
        var sel = pt > 30 && VecOps.abs(eta) < 2.4;
        Assert.Equal("{ False, False, True, True }", sel.ToString());
        Assert.Equal("{ 60, 35 }", pt[sel].ToString());
    }

    [Fact]
    public void IntegerBitwiseOperatorsMatchReference()
    {
        var rng = new Random(4);
        for (int n = 0; n <= MaxLength; n++)
        {
            var a = Integers<int>(rng, n);
            var b = Integers<int>(rng, n);
            var va = View(a, 2, -1);
            var vb = RVec.Of(b);
            AssertSame<int>(a.Zip(b, (x, y) => x & y).ToArray(), va & vb, $"& n={n}");
            AssertSame<int>(a.Zip(b, (x, y) => x | y).ToArray(), va | vb, $"| n={n}");
            AssertSame<int>(a.Zip(b, (x, y) => x ^ y).ToArray(), va ^ vb, $"^ n={n}");
            AssertSame<int>(a.Select(x => x & 6).ToArray(), va & 6, $"&s n={n}");
            AssertSame<int>(a.Select(x => 6 | x).ToArray(), 6 | va, $"s| n={n}");
            AssertSame<int>(a.Select(x => ~x).ToArray(), ~va, $"~ n={n}");
            AssertSame<int>(a.Select(x => x << 3).ToArray(), va << 3, $"<< n={n}");
            AssertSame<int>(a.Select(x => x >> 2).ToArray(), va >> 2, $">> n={n}");
            var u = Integers<ushort>(rng, n);
            AssertSame<ushort>(u.Select(x => (ushort)(x & 0xF0)).ToArray(), RVec.Of(u) & (ushort)0xF0, $"ushort& n={n}");
        }
        // Masks keep their logical operators next to the integer ones.
        var m = RVec.Of(true, false) & RVec.Of(true, true);
        Assert.Equal("{ True, False }", m.ToString());
    }

    [Fact]
    public void SizeMismatchThrowsWithBothSizes()
    {
        var a = RVec.Of(1f, 2f, 3f);
        var b = RVec.Of(1f, 2f);
        var ex = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
        Assert.Throws<ArgumentException>(() => a < b);
        Assert.Throws<ArgumentException>(() => (a > 1) & (b > 1));
        Assert.Throws<ArgumentException>(() => (a > 1) && (b > 1));
        Assert.Throws<ArgumentException>(() => a[RVec.Of(true, false)]);
        Assert.Throws<IndexOutOfRangeException>(() => a[3]);
        Assert.Throws<DivideByZeroException>(() => RVec.Of(1, 2) / 0);
        Assert.Throws<DivideByZeroException>(() => RVec.Of(new int[40]) / RVec.Of(new int[40]));
        Assert.Throws<DivideByZeroException>(() => RVec.Of(new long[40]) / 0L);
    }
}
