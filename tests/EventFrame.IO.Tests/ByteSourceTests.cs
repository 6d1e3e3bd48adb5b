using System.Buffers.Binary;
using EventFrame.IO.Bytes;

namespace EventFrame.IO.Tests;

/// <summary>Local and in-memory byte sources (bounds, counters, concurrent positional reads) and the big-endian reader.</summary>
public class ByteSourceTests
{
    [Fact]
    public void ConcurrentReadsReturnTheFileBytes()
    {
        var path = TestData.RootFile("uproot-HZZ.root");
        var all = File.ReadAllBytes(path);
        using var source = new LocalFileSource(path);
        Parallel.For(0, 8, t =>
        {
            var rng = new Random(100 + t);
            var buf = new byte[4096];
            for (int i = 0; i < 500; i++)
            {
                int len = rng.Next(0, buf.Length);
                long off = rng.NextInt64(0, all.Length - len + 1);
                source.Read(off, buf.AsSpan(0, len));
                Assert.True(buf.AsSpan(0, len).SequenceEqual(all.AsSpan((int)off, len)));
            }
        });
        Assert.Equal(4000, source.Requests);
    }

    [Fact]
    public void MemorySourceMatchesLocalSource()
    {
        var path = TestData.RootFile("uproot-foriter.root");
        var bytes = File.ReadAllBytes(path);
        using var local = new LocalFileSource(path);
        using var mem = new MemoryByteSource(bytes, "m");
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            int len = rng.Next(0, 300);
            long off = rng.NextInt64(0, bytes.Length - len + 1);
            var a = new byte[len];
            var b = new byte[len];
            local.Read(off, a);
            mem.Read(off, b);
            Assert.Equal(a, b);
        }
        Assert.Throws<ByteSourceException>(() => mem.Read(bytes.Length - 1, new byte[2]));
        var ranges = new[] { new ByteRange(0, 4), new ByteRange(100, 8) };
        var dest = new Memory<byte>[] { new byte[4], new byte[8] };
        ((IByteSource)mem).ReadRanges(ranges, dest);
        Assert.Equal(bytes[100..108], dest[1].ToArray());
        Assert.Throws<ByteSourceException>(() => ((IByteSource)mem).ReadRanges(ranges, [new byte[4]]));
    }

    [Fact]
    public void BigEndianReaderDecodesAndChecksBounds()
    {
        var rng = new Random(8);
        var data = new byte[64];
        rng.NextBytes(data);
        var r = new BigEndianReader(data);
        Assert.Equal(data[0], r.ReadByte());
        Assert.Equal(BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(1)), r.ReadInt16());
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(3)), r.ReadUInt32());
        Assert.Equal(BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(7)), r.ReadInt64());
        Assert.Equal(BinaryPrimitives.ReadDoubleBigEndian(data.AsSpan(15)), r.ReadDouble());
        Assert.Equal(BinaryPrimitives.ReadSingleBigEndian(data.AsSpan(23)), r.ReadSingle());
        Assert.Equal(27, r.Position);
        r.Position = 60;
        bool threw = false;
        try { r.ReadInt64(); } catch (EndOfStreamException) { threw = true; }
        Assert.True(threw);
        var s = new BigEndianReader([3, (byte)'a', (byte)'b', (byte)'c', 9]);
        Assert.Equal("abc", s.ReadRootString());
        Assert.Equal(1, s.Remaining);
    }
}
