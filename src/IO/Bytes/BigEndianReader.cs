using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EventFrame.IO.Bytes;

/// <summary>
/// Sequential big-endian decoding over a span, with a position. Every read is bounds-checked; running past the end
/// throws <see cref="EndOfStreamException"/> naming the position and the size that was asked for.
/// </summary>
public ref struct BigEndianReader
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Creates a reader positioned at the start of <paramref name="data"/>.</summary>
    public BigEndianReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    /// <summary>Index of the next byte to read.</summary>
    public int Position { get; set; }

    /// <summary>Total number of bytes in the span.</summary>
    public readonly int Length => _data.Length;

    /// <summary>Bytes left after <see cref="Position"/>.</summary>
    public readonly int Remaining => _data.Length - Position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int n)
    {
        if ((uint)n > (uint)(_data.Length - Position) || Position < 0)
            throw new EndOfStreamException($"read of {n} bytes at position {Position} runs past the end of {_data.Length} bytes");
        var s = _data.Slice(Position, n);
        Position += n;
        return s;
    }

    /// <summary>Reads one unsigned byte.</summary>
    public byte ReadByte() => Take(1)[0];
    /// <summary>Reads a big-endian signed 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    /// <summary>Reads a big-endian unsigned 16-bit integer.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
    /// <summary>Reads a big-endian signed 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    /// <summary>Reads a big-endian unsigned 32-bit integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    /// <summary>Reads a big-endian signed 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    /// <summary>Reads a big-endian unsigned 64-bit integer.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
    /// <summary>Reads a big-endian IEEE single.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleBigEndian(Take(4));
    /// <summary>Reads a big-endian IEEE double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));
    /// <summary>Returns the next <paramref name="n"/> bytes (a slice, no copy) and advances past them.</summary>
    public ReadOnlySpan<byte> ReadBytes(int n) => Take(n);
    /// <summary>Advances by <paramref name="n"/> bytes.</summary>
    public void Skip(int n) => Take(n);

    /// <summary>Reads a ROOT-style string: a u8 length (255 = an i32 length follows), then that many Latin-1/UTF-8 bytes.</summary>
    public string ReadRootString()
    {
        int n = ReadByte();
        if (n == 255) n = ReadInt32();
        if (n < 0) throw new EndOfStreamException($"negative string length {n} at position {Position - 4}");
        return System.Text.Encoding.UTF8.GetString(Take(n));
    }
}
