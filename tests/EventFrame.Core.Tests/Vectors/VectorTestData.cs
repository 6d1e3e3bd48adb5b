using System.Numerics;

namespace EventFrame.Tests.Vectors;

/// <summary>Random inputs with fixed seeds and views placed at awkward offsets of their backing arrays.</summary>
internal static class VectorTestData
{
    public const int MaxLength = 64;

    /// <summary>Lengths 0..64, each paired with a slack (elements after the view in its array) of 0, 3 or 17.</summary>
    public static IEnumerable<(int Length, int Slack)> Shapes()
    {
        for (int n = 0; n <= MaxLength; n++)
            foreach (int slack in new[] { 0, 3, 17 })
                yield return (n, slack);
    }

    /// <summary>A view of <paramref name="values"/> at offset 5 of an array with <paramref name="slack"/> garbage elements after it.</summary>
    public static RVec<T> View<T>(T[] values, int slack, T garbage)
    {
        var arr = new T[5 + values.Length + slack];
        Array.Fill(arr, garbage);
        values.CopyTo(arr, 5);
        return new RVec<T>(arr, 5, values.Length);
    }

    public static float[] Floats(Random rng, int n, bool special = false)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Mixed magnitudes so that a different summation order would change the result.
            a[i] = (float)((rng.NextDouble() - 0.4) * Math.Pow(10, rng.Next(-3, 5)));
            if (special)
            {
                int k = rng.Next(12);
                if (k == 0) a[i] = -0.0f;
                else if (k == 1) a[i] = 0.0f;
                else if (k == 2) a[i] = float.NaN;
                else if (k == 3) a[i] = a[Math.Max(0, i - 1)];
            }
        }
        return a;
    }

    public static double[] Doubles(Random rng, int n, bool special = false)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (rng.NextDouble() - 0.4) * Math.Pow(10, rng.Next(-3, 5));
            if (special)
            {
                int k = rng.Next(12);
                if (k == 0) a[i] = -0.0;
                else if (k == 1) a[i] = 0.0;
                else if (k == 2) a[i] = double.NaN;
                else if (k == 3) a[i] = a[Math.Max(0, i - 1)];
            }
        }
        return a;
    }

    public static T[] Integers<T>(Random rng, int n) where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        var a = new T[n];
        long lo = long.CreateSaturating(T.MinValue), hi = long.CreateSaturating(T.MaxValue);
        for (int i = 0; i < n; i++)
            a[i] = T.CreateTruncating(rng.Next(4) == 0 ? rng.NextInt64(lo, hi) : rng.NextInt64(-50, 50));
        return a;
    }

    public static bool[] Bools(Random rng, int n)
    {
        var a = new bool[n];
        for (int i = 0; i < n; i++) a[i] = rng.Next(2) == 0;
        return a;
    }

    /// <summary>Bitwise equality (distinguishes -0 from +0 and compares NaN payload-insensitively).</summary>
    public static bool Same<T>(T a, T b)
    {
        if (a is float fa && b is float fb) return float.IsNaN(fa) ? float.IsNaN(fb) : BitConverter.SingleToInt32Bits(fa) == BitConverter.SingleToInt32Bits(fb);
        if (a is double da && b is double db) return double.IsNaN(da) ? double.IsNaN(db) : BitConverter.DoubleToInt64Bits(da) == BitConverter.DoubleToInt64Bits(db);
        return EqualityComparer<T>.Default.Equals(a, b);
    }

    public static void AssertSame<T>(T expected, T actual, string context)
    {
        if (!Same(expected, actual)) Assert.Fail($"{context}: expected {expected}, got {actual}");
    }

    public static void AssertSame<T>(ReadOnlySpan<T> expected, RVec<T> actual, string context)
    {
        if (expected.Length != actual.Length) Assert.Fail($"{context}: expected length {expected.Length}, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (!Same(expected[i], actual[i])) Assert.Fail($"{context}: element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
