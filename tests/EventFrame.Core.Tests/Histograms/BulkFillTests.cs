using EventFrame.Histograms;
using static EventFrame.Core.Tests.Histograms.HistTestUtil;

namespace EventFrame.Core.Tests.Histograms;

public class BulkFillTests
{
    private static T[] Cast<T>(double[] x) where T : unmanaged
    {
        var r = new T[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.IsFinite(x[i]) ? x[i] : 3;
            object o = typeof(T) == typeof(double) ? x[i]
                : typeof(T) == typeof(float) ? (float)x[i]
                : typeof(T) == typeof(bool) ? v > 1
                : typeof(T) == typeof(sbyte) ? (sbyte)Math.Clamp(v, -128, 127)
                : typeof(T) == typeof(byte) ? (byte)Math.Clamp(v, 0, 255)
                : typeof(T) == typeof(short) ? (short)v
                : typeof(T) == typeof(ushort) ? (ushort)Math.Abs(v)
                : typeof(T) == typeof(int) ? (int)v
                : typeof(T) == typeof(uint) ? (uint)Math.Abs(v)
                : typeof(T) == typeof(long) ? (long)v
                : (object)(ulong)Math.Abs(v);
            r[i] = (T)o;
        }
        return r;
    }

    private static double D<T>(T v) where T : unmanaged => v switch
    {
        bool b => b ? 1 : 0,
        _ => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static int[] Selection(Random rng, int n, double pass) => Enumerable.Range(0, n).Where(_ => rng.NextDouble() < pass).ToArray();

    private static void CheckType<T>(Axis axis, double lo, double hi, int seed) where T : unmanaged
    {
        var rng = new Random(seed);
        for (int n = 0; n <= 256; n++)
        {
            var x = Cast<T>(RandomData(rng, n, lo, hi));
            var w = RandomData(rng, n, -1, 3).Select(v => double.IsFinite(v) ? v : 0.5).ToArray();
            var sel = Selection(rng, n, 0.61);

            var scalar = new Hist1D("h", "", axis);
            var bulk = new Hist1D("h", "", axis);
            foreach (var v in x) scalar.Fill(D(v));
            bulk.Fill<T>(x);
            AssertSame(scalar, bulk);

            scalar = new Hist1D("h", "", axis);
            bulk = new Hist1D("h", "", axis);
            foreach (var i in sel) scalar.Fill(D(x[i]));
            bulk.Fill<T>(x, sel);
            AssertSame(scalar, bulk);

            scalar = new Hist1D("h", "", axis);
            bulk = new Hist1D("h", "", axis);
            for (int i = 0; i < n; i++) scalar.Fill(D(x[i]), w[i]);
            bulk.Fill<T, double>(x, w);
            AssertSame(scalar, bulk);

            scalar = new Hist1D("h", "", axis);
            bulk = new Hist1D("h", "", axis);
            var wf = Cast<float>(w);
            foreach (var i in sel) scalar.Fill(D(x[i]), wf[i]);
            bulk.Fill<T, float>(x, wf, sel);
            AssertSame(scalar, bulk);
        }
    }

    [Fact]
    public void Hist1DBulkEqualsScalarForEveryElementTypeAndLength()
    {
        var axis = new RegularAxis(100, -5, 200);
        CheckType<double>(axis, -5, 200, 1);
        CheckType<float>(axis, -5, 200, 2);
        CheckType<bool>(axis, -5, 200, 3);
        CheckType<sbyte>(axis, -5, 200, 4);
        CheckType<byte>(axis, -5, 200, 5);
        CheckType<short>(axis, -5, 200, 6);
        CheckType<ushort>(axis, -5, 200, 7);
        CheckType<int>(axis, -5, 200, 8);
        CheckType<uint>(axis, -5, 200, 9);
        CheckType<long>(axis, -5, 200, 10);
        CheckType<ulong>(axis, -5, 200, 11);
    }

    [Fact]
    public void Hist1DBulkEqualsScalarForEveryAxisKind()
    {
        CheckType<double>(new RegularAxis(7, 0.1, 0.3), 0.1, 0.3, 21);
        CheckType<float>(new RegularAxis(30, 1, 1e4, AxisTransform.Log), 1, 1e4, 22);
        CheckType<double>(new VariableAxis([-1, 0, 0.5, 2, 10]), -1, 10, 23);
        CheckType<int>(new IntegerAxis(-3, 20), -3, 20, 24);
        CheckType<double>(new CategoryAxis(["a", "b", "c"]), 0, 3, 25);
        CheckType<long>(new IntCategoryAxis([4, 1, 9, -2]), -2, 9, 26);
    }

    [Fact]
    public void LongColumnsSpanManyBlocksAndAccumulateOnExistingContents()
    {
        var rng = new Random(31);
        var x = RandomData(rng, 10_000, 0, 1).Select(v => (float)v).ToArray();
        var scalar = new Hist1D("h", "", 100, 0, 1);
        var bulk = new Hist1D("h", "", 100, 0, 1);
        // A weighted fill first: bin contents are no longer integers, so the unweighted kernels must add 1.0 one by one.
        scalar.Fill(0.5, 0.3);
        bulk.Fill(0.5, 0.3);
        foreach (var v in x) scalar.Fill(v);
        bulk.Fill<float>(x);
        foreach (var v in x) scalar.Fill(v);
        bulk.Fill<float>(x);
        AssertSame(scalar, bulk);

        // Many bins compared with the call length: the direct (non-counting) path.
        var big = new Hist1D("b", "", 100_000, 0, 1);
        var bigScalar = new Hist1D("b", "", 100_000, 0, 1);
        bulk.Fill<float>(x.AsSpan(0, 100));
        big.Fill<float>(x.AsSpan(0, 1000));
        foreach (var v in x.AsSpan(0, 1000)) bigScalar.Fill(v);
        AssertSame(bigScalar, big);
    }

    [Fact]
    public void IntWeightsNeedExplicitTypeArguments()
    {
        var x = new double[] { 0.5, 1.5, 1.5 };
        var w = new int[] { 2, 3, 4 };
        var h = new Hist1D("h", "", 2, 0, 2);
        h.Fill<double, int>(x, w);
        Assert.Equal(2, h.Value(1));
        Assert.Equal(7, h.Value(2));
        Assert.Equal(25, h.Variance(2));
        var sel = new Hist1D("h", "", 2, 0, 2);
        sel.Fill(x, new int[] { 2, 0 });   // binds to the index-list overload
        Assert.Equal(1, sel.Value(1));
        Assert.Equal(1, sel.Value(2));
        Assert.Equal(2, sel.Entries);
    }

    [Fact]
    public void MultiDimensionalAndProfileBulkEqualsScalar()
    {
        var rng = new Random(41);
        var ax = new RegularAxis(12, -1, 1);
        var ay = new VariableAxis([0, 1, 2, 5, 10]);
        var az = new IntegerAxis(0, 4);
        for (int n = 0; n <= 256; n += 3)
        {
            var x = RandomData(rng, n, -1, 1);
            var y = Cast<float>(RandomData(rng, n, 0, 10));
            var z = Cast<int>(RandomData(rng, n, 0, 4));
            var v = RandomData(rng, n, -50, 50);
            var w = RandomData(rng, n, 0, 2).Select(t => double.IsFinite(t) ? t : 1).ToArray();
            var sel = Selection(rng, n, 0.5);

            var s2 = new Hist2D("h", "", ax, ay);
            var b2 = new Hist2D("h", "", ax, ay);
            for (int i = 0; i < n; i++) s2.Fill(x[i], y[i]);
            b2.Fill<double, float>(x, y);
            AssertSame(s2, b2);
            s2.Reset(); b2.Reset();
            foreach (var i in sel) s2.Fill(x[i], y[i], w[i]);
            b2.Fill<double, float, double>(x, y, w, sel);
            AssertSame(s2, b2);
            s2.Reset(); b2.Reset();
            foreach (var i in sel) s2.Fill(x[i], y[i]);
            b2.Fill<double, float>(x, y, sel);
            AssertSame(s2, b2);

            var s3 = new Hist3D("h", "", ax, ay, az);
            var b3 = new Hist3D("h", "", ax, ay, az);
            for (int i = 0; i < n; i++) s3.Fill(x[i], y[i], z[i], w[i]);
            b3.Fill<double, float, int, double>(x, y, z, w);
            AssertSame(s3, b3);
            s3.Reset(); b3.Reset();
            foreach (var i in sel) s3.Fill(x[i], y[i], z[i]);
            b3.Fill<double, float, int>(x, y, z, sel);
            AssertSame(s3, b3);

            var p1 = new Profile1D("p", "", ax);
            var q1 = new Profile1D("p", "", ax);
            for (int i = 0; i < n; i++) p1.Fill(x[i], v[i]);
            q1.Fill<double, double>(x, v);
            AssertSame(p1, q1);
            p1.Reset(); q1.Reset();
            foreach (var i in sel) p1.Fill(x[i], v[i], w[i]);
            q1.Fill<double, double, double>(x, v, w, sel);
            AssertSame(p1, q1);

            var p2 = new Profile2D("p", "", ax, ay);
            var q2 = new Profile2D("p", "", ax, ay);
            for (int i = 0; i < n; i++) p2.Fill(x[i], y[i], v[i], w[i]);
            q2.Fill<double, float, double, double>(x, y, v, w);
            AssertSame(p2, q2);
            p2.Reset(); q2.Reset();
            foreach (var i in sel) p2.Fill(x[i], y[i], v[i]);
            q2.Fill<double, float, double>(x, y, v, sel);
            AssertSame(p2, q2);
        }
    }

    [Fact]
    public void BlockedStatisticsAreDeterministic()
    {
        var rng = new Random(53);
        var x = RandomData(rng, 5000, 0, 1);
        var w = x.Select(_ => rng.NextDouble()).ToArray();
        var y = RandomData(rng, 5000, 0, 1);
        var runs = Enumerable.Range(0, 3).Select(_ =>
        {
            var h1 = new Hist1D("h", "", 37, 0, 1);
            h1.Fill<double, double>(x, w);
            h1.Fill<double>(x);
            var h2 = new Hist2D("h", "", new VariableAxis([0, 0.3, 1]), new RegularAxis(5, 0, 1));
            h2.Fill<double, double, double>(x, y, w);
            var p = new Profile1D("p", "", 4, 0, 1);
            p.Fill<double, double>(x, y);
            return h1.StatsArray.Concat(h2.StatsArray).Concat(p.StatsArray).ToArray();
        }).ToArray();
        Assert.Equal(runs[0], runs[1]);
        Assert.Equal(runs[0], runs[2]);
    }

    [Fact]
    public void BadInputThrowsTypedExceptions()
    {
        var h = new Hist1D("h", "", 10, 0, 1);
        var x = new double[5];
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Fill(x, new int[] { 0, 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Fill(x, new int[] { -1 }));
        Assert.Throws<ArgumentException>(() => h.Fill<double, double>(x, new double[4]));
        Assert.Throws<NotSupportedException>(() => h.Fill<char>(new char[3]));
        Assert.Throws<NotSupportedException>(() => h.Fill<double, decimal>(x, new decimal[5]));
        var h2 = new Hist2D("h", "", 2, 0, 1, 2, 0, 1);
        Assert.Throws<ArgumentException>(() => h2.Fill<double, double>(x, new double[6]));
        Assert.Equal(0, h.Entries);
        Assert.Equal(0, h2.Entries);
    }
}
