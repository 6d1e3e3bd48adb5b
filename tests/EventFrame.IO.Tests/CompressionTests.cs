using System.IO.Compression;
using System.Runtime.InteropServices;
using EventFrame.IO.Compression;
using EventFrame.IO.Root;

namespace EventFrame.IO.Tests;

/// <summary>ROOT block decoding for every codec over random inputs, checksums, and rejection of malformed blocks.</summary>
public unsafe partial class CompressionTests
{
    private static readonly RootLocation Where = new("test.root", "obj", 1000);

    [LibraryImport("liblz4.so.1")]
    private static partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);

    [LibraryImport("libzstd.so.1")]
    private static partial nuint ZSTD_compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport("liblzma.so.5")]
    private static partial int lzma_easy_buffer_encode(uint preset, int check, nint allocator, byte* input, nuint inSize, byte* output, ref nuint outPos, nuint outSize);

    private static byte[] Header(string tag, byte method, int c, int u) =>
        [(byte)tag[0], (byte)tag[1], method, (byte)c, (byte)(c >> 8), (byte)(c >> 16), (byte)u, (byte)(u >> 8), (byte)(u >> 16)];

    private static byte[] Block(string codec, ReadOnlySpan<byte> data)
    {
        byte[] body;
        var dst = new byte[data.Length * 2 + 1024];
        fixed (byte* s = data)
        fixed (byte* d = dst)
        {
            switch (codec)
            {
                case "ZL":
                    var ms = new MemoryStream();
                    using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
                    body = ms.ToArray();
                    return [.. Header("ZL", 8, body.Length, data.Length), .. body];
                case "L4":
                    int n = LZ4_compress_default(s, d, data.Length, dst.Length);
                    var lz = dst.AsSpan(0, n).ToArray();
                    var sum = new byte[8];
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(sum, XxHash.Hash64(lz));
                    return [.. Header("L4", 1, n + 8, data.Length), .. sum, .. lz];
                case "ZS":
                    nuint zn = ZSTD_compress(d, (nuint)dst.Length, s, (nuint)data.Length, 3);
                    return [.. Header("ZS", 1, (int)zn, data.Length), .. dst.AsSpan(0, (int)zn)];
                case "XZ":
                    nuint pos = 0;
                    Assert.Equal(0, lzma_easy_buffer_encode(1, 4, 0, s, (nuint)data.Length, d, ref pos, (nuint)dst.Length));
                    return [.. Header("XZ", 0, (int)pos, data.Length), .. dst.AsSpan(0, (int)pos)];
                default: throw new ArgumentException(codec);
            }
        }
    }

    private static byte[] RandomData(Random rng, int n)
    {
        // Compressible: runs of a few distinct bytes, like physics payloads with repeated exponents.
        var b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : i / 16 % 7);
        return b;
    }

    [Theory]
    [InlineData("ZL")]
    [InlineData("L4")]
    [InlineData("ZS")]
    [InlineData("XZ")]
    public void MultiBlockPayloadsRoundTrip(string codec)
    {
        var rng = new Random(42);
        for (int trial = 0; trial < 20; trial++)
        {
            int blocks = 1 + rng.Next(3);
            var parts = Enumerable.Range(0, blocks).Select(_ => RandomData(rng, 1 + rng.Next(40000))).ToList();
            var payload = parts.SelectMany(p => Block(codec, p)).ToArray();
            var expected = parts.SelectMany(p => p).ToArray();
            var output = new byte[expected.Length];
            RootCompression.Decompress(payload, output, Where);
            Assert.Equal(expected, output);
        }
    }

    [Fact]
    public void MixedCodecsAndRawPayloads()
    {
        var rng = new Random(7);
        var a = RandomData(rng, 5000);
        var b = RandomData(rng, 3000);
        var payload = Block("ZS", a).Concat(Block("L4", b)).Concat(Block("ZL", a)).ToArray();
        var output = new byte[a.Length * 2 + b.Length];
        RootCompression.Decompress(payload, output, Where);
        Assert.Equal(a.Concat(b).Concat(a).ToArray(), output);
        var raw = new byte[10];
        RootCompression.Decompress(b.AsSpan(0, 10), raw, Where);
        Assert.Equal(b[..10], raw);
    }

    [Theory]
    [InlineData("ZL")]
    [InlineData("L4")]
    [InlineData("ZS")]
    [InlineData("XZ")]
    public void CorruptOrTruncatedBlocksThrowRootFormatException(string codec)
    {
        var rng = new Random(11);
        var data = RandomData(rng, 20000);
        var block = Block(codec, data);
        var output = new byte[data.Length];
        // Truncated payload.
        var e = Assert.Throws<RootFormatException>(() => RootCompression.Decompress(block.AsSpan(0, block.Length - 5), output, Where));
        Assert.Equal("test.root", e.FilePath);
        Assert.Equal("obj", e.ObjectName);
        // Output longer than the blocks provide.
        Assert.Throws<RootFormatException>(() => RootCompression.Decompress(block, new byte[data.Length + 10], Where));
        // Bit flips in the body: either detected (RootFormatException) or, for codecs without checksums, wrong bytes.
        for (int k = 0; k < 50; k++)
        {
            var bad = (byte[])block.Clone();
            int at = RootCompression.HeaderSize + rng.Next(bad.Length - RootCompression.HeaderSize);
            bad[at] ^= (byte)(1 << rng.Next(8));
            try
            {
                RootCompression.Decompress(bad, output, Where);
                if (codec == "L4") Assert.Fail("lz4 checksum must catch every bit flip");
            }
            catch (RootFormatException)
            {
            }
        }
    }

    [Fact]
    public void UnknownAndCsTagsAreRejected()
    {
        var cs = Header("CS", 8, 4, 10).Concat(new byte[4]).ToArray();
        var e = Assert.Throws<RootFormatException>(() => RootCompression.Decompress(cs, new byte[10], Where));
        Assert.Contains("CS", e.Message);
        var unk = Header("QQ", 1, 4, 10).Concat(new byte[4]).ToArray();
        Assert.Throws<RootFormatException>(() => RootCompression.Decompress(unk, new byte[10], Where));
    }

    [Fact]
    public void XxHashMatchesReferenceValues()
    {
        // Reference values from the xxHash specification / test vectors.
        Assert.Equal(0xEF46DB3751D8E999UL, XxHash.Hash64([]));
        Assert.Equal(0x2D06800538D394C2UL, XxHash.Hash3_64([]));
        Assert.Equal(0x44BC2CF5AD770999UL, XxHash.Hash64("abc"u8));
        Assert.Equal(0x78AF5F94892F3950UL, XxHash.Hash3_64("abc"u8));
        Assert.NotEqual(XxHash.Hash64("abc"u8), XxHash.Hash64("abc"u8, 1));
    }
}
