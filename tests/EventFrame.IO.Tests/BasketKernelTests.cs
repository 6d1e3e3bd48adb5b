using System.Buffers.Binary;
using EventFrame.IO.Root.Trees;

namespace EventFrame.IO.Tests;

/// <summary>The vectorized basket kernels against scalar definitions, at every length 0..256 and every source alignment.</summary>
public class BasketKernelTests
{
    private static bool ScalarRebase(ReadOnlySpan<byte> source, int subtract, int limit, Span<int> destination)
    {
        bool ok = true;
        for (int i = 0; i < destination.Length; i++)
        {
            int v = unchecked(BinaryPrimitives.ReadInt32BigEndian(source[(4 * i)..]) - subtract);
            destination[i] = v;
            ok &= v <= limit && (i == 0 ? v == 0 : v >= destination[i - 1]);
        }
        return ok;
    }

    private static bool ScalarScale(ReadOnlySpan<byte> source, int subtract, int limit, int shift, int add, Span<int> destination)
    {
        bool ok = true;
        int o0 = 0, prev = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            int o = unchecked(BinaryPrimitives.ReadInt32BigEndian(source[(4 * i)..]) - subtract);
            if (i == 0) o0 = o;
            int rel = unchecked(o - o0);
            destination[i] = unchecked(add + (rel >> shift));
            ok &= o <= limit && (i == 0 ? o >= 0 : o >= prev) && rel % (1 << shift) == 0;
            prev = o;
        }
        return ok;
    }

    /// <summary>A table of <paramref name="n"/> offsets (plus <paramref name="subtract"/>), valid or damaged as <paramref name="kind"/> says.</summary>
    private static int[] Table(Random rng, int n, int subtract, int kind, out int limit)
    {
        var t = new int[n];
        int pos = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0) pos += rng.Next(4) == 0 ? 0 : rng.Next(1, 40);
            t[i] = pos;
        }
        limit = pos + rng.Next(3);
        if (n > 0)
            switch (kind)
            {
                case 1: t[rng.Next(n)] -= 1 + rng.Next(50); break; // a decrease (or a non-zero start)
                case 2: limit = t[^1] - 1; break; // the last value passes the limit
                case 3: t[0] = 1; break; // does not start at 0
                case 4: t[rng.Next(n)] = int.MinValue + rng.Next(5); break; // wraps when rebased
            }
        for (int i = 0; i < n; i++) t[i] = unchecked(t[i] + subtract);
        return t;
    }

    [Fact]
    public void RebaseOffsetsMatchesTheScalarDefinition()
    {
        var rng = new Random(20261122);
        for (int n = 0; n <= 256; n++)
            for (int kind = 0; kind <= 4; kind++)
                for (int align = 0; align < 4; align++)
                {
                    int subtract = rng.Next(3) switch { 0 => 0, 1 => rng.Next(60, 200), _ => -rng.Next(1, 100) };
                    var t = Table(rng, n, subtract, kind, out int limit);
                    var bytes = new byte[align + 4 * n + rng.Next(8)];
                    for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(align + 4 * i), t[i]);
                    var src = bytes.AsSpan(align);
                    var expected = new int[n];
                    var actual = Enumerable.Repeat(-7, n).ToArray();
                    bool want = ScalarRebase(src, subtract, limit, expected);
                    bool got = BasketKernels.RebaseOffsets(src, subtract, limit, actual);
                    Assert.True(want == got, $"n={n} kind={kind} align={align}: kernel says {got}, scalar {want}");
                    Assert.Equal(expected, actual);
                    if (kind == 0) Assert.True(got, $"n={n}: a valid table was rejected");
                }
    }

    [Fact]
    public void ScaleOffsetsMatchesTheScalarDefinition()
    {
        var rng = new Random(11222026);
        for (int n = 0; n <= 256; n++)
            for (int kind = 0; kind <= 5; kind++)
            {
                int shift = rng.Next(4), unit = 1 << shift, subtract = rng.Next(2) == 0 ? 0 : rng.Next(60, 200);
                // Pieces of a table start anywhere: shift the whole table by a random non-negative start.
                var t = Table(rng, n, subtract + rng.Next(0, 500) * unit, kind == 5 ? 0 : kind, out int limit);
                for (int i = 0; i < n; i++) t[i] = kind == 5 ? t[i] : unchecked(t[0] + (t[i] - t[0]) * unit);
                limit = kind == 2 || n == 0 ? limit : Math.Max(limit, unchecked(t[^1] - subtract));
                if (kind == 5 && n > 1) t[rng.Next(1, n)] += 1; // breaks the value-size alignment (or the order)
                int add = rng.Next(-1000, 100000);
                int align = rng.Next(4);
                var bytes = new byte[align + 4 * n];
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(align + 4 * i), t[i]);
                var expected = new int[n];
                var actual = new int[n];
                bool want = ScalarScale(bytes.AsSpan(align), subtract, limit, shift, add, expected);
                bool got = BasketKernels.ScaleOffsets(bytes.AsSpan(align), subtract, limit, shift, add, actual);
                Assert.True(want == got, $"n={n} kind={kind} shift={shift}: kernel says {got}, scalar {want}");
                Assert.Equal(expected, actual);
                if (kind == 0) Assert.True(got, $"n={n} shift={shift}: a valid piece was rejected");
            }
        Assert.Throws<ArgumentException>(() => BasketKernels.ScaleOffsets(new byte[8], 0, 10, 31, 0, new int[2]));
    }

    [Fact]
    public void RebaseOffsetsRejectsAShortSource()
    {
        Assert.Throws<ArgumentException>(() => BasketKernels.RebaseOffsets(new byte[7], 0, 10, new int[2]));
        Assert.True(BasketKernels.RebaseOffsets(default, 0, 0, default));
    }
}
