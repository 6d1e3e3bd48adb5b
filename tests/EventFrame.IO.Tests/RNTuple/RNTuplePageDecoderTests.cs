using System.Runtime.InteropServices;
using EventFrame.IO.Root;
using EventFrame.IO.Root.RNTuple;

namespace EventFrame.IO.Tests.RNTuple;

/// <summary>Page encodings (split, zigzag, delta, bit packing, half floats) decoded from pages built here by the specification's rules.</summary>
public class RNTuplePageDecoderTests
{
    private static readonly RootLocation Where = new("test", "page", 0);

    private static byte[] Split(byte[] elements, int width)
    {
        int n = elements.Length / width;
        var planes = new byte[elements.Length];
        for (int i = 0; i < n; i++)
            for (int b = 0; b < width; b++) planes[b * n + i] = elements[i * width + b];
        return planes;
    }

    private static byte[] Decode(byte[] stored, RNTupleColumnType type, int n, int width, bool checksum = false)
    {
        var output = new byte[n * width];
        byte[]? scratch = null;
        if (checksum) stored = [.. stored, .. BitConverter.GetBytes(RNTupleHash.Xxh3(stored))];
        RNTuplePageDecoder.Decode(stored, checksum, type, n, output, ref scratch, Where);
        return output;
    }

    [Fact]
    public void SplitZigzagIntegersRoundTrip()
    {
        var rng = new Random(11);
        foreach (int n in new[] { 0, 1, 2, 17, 1000 })
        {
            var v32 = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            var zz32 = v32.Select(x => (uint)((x << 1) ^ (x >> 31))).ToArray();
            var got32 = Decode(Split(MemoryMarshal.AsBytes(zz32.AsSpan()).ToArray(), 4), RNTupleColumnType.SplitInt32, n, 4, checksum: true);
            Assert.Equal(v32, MemoryMarshal.Cast<byte, int>(got32).ToArray());

            var v16 = Enumerable.Range(0, n).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            var zz16 = v16.Select(x => (ushort)((x << 1) ^ (x >> 15))).ToArray();
            var got16 = Decode(Split(MemoryMarshal.AsBytes(zz16.AsSpan()).ToArray(), 2), RNTupleColumnType.SplitInt16, n, 2);
            Assert.Equal(v16, MemoryMarshal.Cast<byte, short>(got16).ToArray());

            var v64 = Enumerable.Range(0, n).Select(_ => rng.NextInt64(long.MinValue, long.MaxValue)).ToArray();
            var zz64 = v64.Select(x => (ulong)((x << 1) ^ (x >> 63))).ToArray();
            var got64 = Decode(Split(MemoryMarshal.AsBytes(zz64.AsSpan()).ToArray(), 8), RNTupleColumnType.SplitInt64, n, 8);
            Assert.Equal(v64, MemoryMarshal.Cast<byte, long>(got64).ToArray());
        }
    }

    [Fact]
    public void SplitRealsAndUnsignedRoundTrip()
    {
        var rng = new Random(12);
        foreach (int n in new[] { 1, 3, 513 })
        {
            var f = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 1e6 - 5e5)).ToArray();
            Assert.Equal(f, MemoryMarshal.Cast<byte, float>(Decode(Split(MemoryMarshal.AsBytes(f.AsSpan()).ToArray(), 4), RNTupleColumnType.SplitReal32, n, 4)).ToArray());
            var d = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 1e300).ToArray();
            Assert.Equal(d, MemoryMarshal.Cast<byte, double>(Decode(Split(MemoryMarshal.AsBytes(d.AsSpan()).ToArray(), 8), RNTupleColumnType.SplitReal64, n, 8)).ToArray());
            var u = Enumerable.Range(0, n).Select(_ => (uint)rng.NextInt64(0, uint.MaxValue)).ToArray();
            Assert.Equal(u, MemoryMarshal.Cast<byte, uint>(Decode(Split(MemoryMarshal.AsBytes(u.AsSpan()).ToArray(), 4), RNTupleColumnType.SplitUInt32, n, 4)).ToArray());
            // Unsplit types are stored as plain little-endian elements.
            Assert.Equal(u, MemoryMarshal.Cast<byte, uint>(Decode(MemoryMarshal.AsBytes(u.AsSpan()).ToArray(), RNTupleColumnType.UInt32, n, 4)).ToArray());
        }
    }

    [Fact]
    public void SplitIndexIsDeltaEncodedWithinThePage()
    {
        var rng = new Random(13);
        foreach (int n in new[] { 1, 2, 100 })
        {
            long end = 0;
            var ends = Enumerable.Range(0, n).Select(_ => end += rng.Next(0, 20)).ToArray();
            var deltas = ends.Select((x, i) => (ulong)(i == 0 ? x : x - ends[i - 1])).ToArray();
            var got = Decode(Split(MemoryMarshal.AsBytes(deltas.AsSpan()).ToArray(), 8), RNTupleColumnType.SplitIndex64, n, 8);
            Assert.Equal(ends, MemoryMarshal.Cast<byte, long>(got).ToArray());
            var d32 = deltas.Select(x => (uint)x).ToArray();
            var got32 = Decode(Split(MemoryMarshal.AsBytes(d32.AsSpan()).ToArray(), 4), RNTupleColumnType.SplitIndex32, n, 4);
            Assert.Equal(ends.Select(x => (uint)x), MemoryMarshal.Cast<byte, uint>(got32).ToArray());
        }
    }

    [Fact]
    public void BitsArePackedLeastSignificantFirst()
    {
        var rng = new Random(14);
        foreach (int n in new[] { 1, 7, 8, 9, 100 })
        {
            var bits = Enumerable.Range(0, n).Select(_ => rng.Next(2) == 1).ToArray();
            var packed = new byte[(n + 7) / 8];
            for (int i = 0; i < n; i++) if (bits[i]) packed[i / 8] |= (byte)(1 << (i % 8));
            var got = Decode(packed, RNTupleColumnType.Bit, n, 1);
            Assert.Equal(bits, got.Select(b => b != 0));
        }
    }

    [Fact]
    public void HalfFloatsAreWidened()
    {
        var values = new[] { (Half)1.5, (Half)(-2.25), Half.MaxValue, (Half)0.0009765625 };
        var raw = values.Select(BitConverter.HalfToUInt16Bits).ToArray();
        var expected = values.Select(h => (float)h).ToArray();
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(Decode(MemoryMarshal.AsBytes(raw.AsSpan()).ToArray(), RNTupleColumnType.Real16, 4, 4)).ToArray());
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(Decode(Split(MemoryMarshal.AsBytes(raw.AsSpan()).ToArray(), 2), RNTupleColumnType.SplitReal16, 4, 4)).ToArray());
    }

    [Fact]
    public void BadPagesAreFormatErrors()
    {
        var data = new byte[40];
        var bad = new byte[48];
        Assert.Contains("checksum", Assert.Throws<RootFormatException>(() => Decode2(bad, true, 10)).Message);
        Assert.Throws<RootFormatException>(() => Decode2(new byte[44], false, 10));
        Assert.Throws<RootFormatException>(() => Decode2(new byte[20], false, 10));
        Assert.Throws<RootFormatException>(() => Decode2(data, false, 10, RNTupleColumnType.Real32Quant));

        static void Decode2(byte[] stored, bool checksum, int n, RNTupleColumnType type = RNTupleColumnType.SplitReal32)
        {
            byte[]? scratch = null;
            RNTuplePageDecoder.Decode(stored, checksum, type, n, new byte[n * 4], ref scratch, Where);
        }
    }

    [Fact]
    public void ConversionsBetweenColumnAndFieldTypes()
    {
        var ints = new[] { -3, 0, 7 };
        var asDouble = new double[3];
        RNTupleColumnReader.Convert(MemoryMarshal.AsBytes(ints.AsSpan()), 4, RNTupleValueKind.Signed, asDouble.AsSpan());
        Assert.Equal([-3.0, 0.0, 7.0], asDouble);
        var big = new[] { ulong.MaxValue };
        var f = new double[1];
        RNTupleColumnReader.Convert(MemoryMarshal.AsBytes(big.AsSpan()), 8, RNTupleValueKind.Unsigned, f.AsSpan());
        Assert.Equal(1.8446744073709552E+19, f[0]);
        var bytes = new byte[] { 0, 1, 1 };
        var b = new bool[3];
        RNTupleColumnReader.Convert(bytes, 1, RNTupleValueKind.Bool, b.AsSpan());
        Assert.Equal([false, true, true], b);
        var l = new long[3];
        RNTupleColumnReader.Convert(MemoryMarshal.AsBytes(ints.AsSpan()), 4, RNTupleValueKind.Signed, l.AsSpan());
        Assert.Equal([-3L, 0L, 7L], l);
    }

    [Fact]
    public void UnsplitMatchesAScalarReferenceAtEveryLength()
    {
        var rng = new Random(15);
        foreach (int width in new[] { 1, 2, 4, 8 })
            for (int n = 0; n <= 100; n++)
            {
                var planes = new byte[n * width];
                rng.NextBytes(planes);
                var expected = new byte[n * width];
                for (int i = 0; i < n; i++)
                    for (int b = 0; b < width; b++) expected[i * width + b] = planes[b * n + i];
                var actual = new byte[n * width];
                RNTuplePageDecoder.Unsplit(planes, actual, n, width);
                Assert.Equal(expected, actual);
            }
    }

    private static byte[] PackBits(IReadOnlyList<ulong> values, int bits)
    {
        var packed = new byte[(values.Count * bits + 7) / 8];
        for (int i = 0; i < values.Count; i++)
            for (int b = 0; b < bits; b++)
                if ((values[i] >> b & 1) != 0) packed[(i * bits + b) / 8] |= (byte)(1 << ((i * bits + b) % 8));
        return packed;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(31)]
    public void TruncatedFloatsKeepTheirTopBits(int bits)
    {
        var rng = new Random(16 + bits);
        var values = Enumerable.Range(0, 77).Select(_ => (float)(rng.NextDouble() * 2e4 - 1e4)).ToArray();
        var top = values.Select(v => (ulong)(BitConverter.SingleToUInt32Bits(v) >> (32 - bits))).ToArray();
        var column = new RNTupleColumn(0, RNTupleColumnType.Real32Trunc, bits, 0, 0, 0);
        var output = new byte[values.Length * 4];
        byte[]? scratch = null;
        RNTuplePageDecoder.Decode(PackBits(top, bits), false, column, values.Length, output, ref scratch, Where);
        var expected = top.Select(t => BitConverter.UInt32BitsToSingle((uint)t << (32 - bits))).ToArray();
        Assert.Equal(expected, MemoryMarshal.Cast<byte, float>(output).ToArray());
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - expected[i]) <= Math.Abs(values[i]) * Math.Pow(2, 10 - bits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(32)]
    public void QuantizedRealsMapOntoTheirRange(int bits)
    {
        var rng = new Random(17 + bits);
        ulong max = (1UL << bits) - 1;
        var q = Enumerable.Range(0, 101).Select(i => i == 0 ? 0 : i == 1 ? max : (ulong)rng.NextInt64((long)max + 1)).ToArray();
        var column = new RNTupleColumn(0, RNTupleColumnType.Real32Quant, bits, 0, 0, 0, (-250.0, 500.0));
        var output = new byte[q.Length * 8];
        byte[]? scratch = null;
        RNTuplePageDecoder.Decode(PackBits(q, bits), false, column, q.Length, output, ref scratch, Where);
        var got = MemoryMarshal.Cast<byte, double>(output).ToArray();
        Assert.Equal(-250.0, got[0]);
        Assert.Equal(500.0, got[1], 9);
        for (int i = 0; i < q.Length; i++) Assert.Equal(-250.0 + q[i] * (750.0 / max), got[i], 9);
        Assert.False(new RNTupleColumn(0, RNTupleColumnType.Real32Quant, bits, 0, 0, 0).Decodable);
        Assert.False(new RNTupleColumn(0, RNTupleColumnType.Real32Quant, 33, 0, 0, 0, (0, 1)).Decodable);
    }
}
