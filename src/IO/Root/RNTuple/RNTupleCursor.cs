using System.Buffers.Binary;
using System.Text;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// A bounds-checked little-endian reader over an uncompressed RNTuple envelope. Every read that would run past the end
/// raises a format error naming the position, instead of an <see cref="IndexOutOfRangeException"/>.
/// </summary>
internal ref struct RNTupleCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly RootLocation _where;

    /// <summary>Creates a cursor at position 0 of <paramref name="data"/>.</summary>
    public RNTupleCursor(ReadOnlySpan<byte> data, in RootLocation where)
    {
        _data = data;
        _where = where;
        Position = 0;
    }

    /// <summary>Current position, in bytes from the start of the envelope.</summary>
    public int Position { get; set; }

    /// <summary>Number of bytes between the position and the end.</summary>
    public readonly int Remaining => _data.Length - Position;

    /// <summary>The file, object and file offset errors are reported with.</summary>
    public readonly RootLocation Where => _where;

    /// <summary>Builds the format error for a problem found at the current position.</summary>
    public readonly RootFormatException Error(string message) =>
        new(_where, $"{message} (at byte {Position} of the uncompressed object)");

    private readonly void Need(int count, string what)
    {
        if (count < 0 || count > _data.Length - Position)
            throw Error($"{what} needs {count} bytes but only {_data.Length - Position} remain");
    }

    /// <summary>Reads the next <paramref name="count"/> bytes.</summary>
    public ReadOnlySpan<byte> Bytes(int count, string what)
    {
        Need(count, what);
        var s = _data.Slice(Position, count);
        Position += count;
        return s;
    }

    /// <summary>Reads a little-endian u16.</summary>
    public ushort U16(string what = "u16") => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));

    /// <summary>Reads a little-endian u32.</summary>
    public uint U32(string what = "u32") => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

    /// <summary>Reads a little-endian i32.</summary>
    public int I32(string what = "i32") => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));

    /// <summary>Reads a little-endian u64.</summary>
    public ulong U64(string what = "u64") => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));

    /// <summary>Reads a little-endian i64.</summary>
    public long I64(string what = "i64") => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8, what));

    /// <summary>Reads a little-endian IEEE-754 double.</summary>
    public double F64(string what = "f64") => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8, what));

    /// <summary>Reads an RNTuple string: a u32 byte count, then that many UTF-8 bytes.</summary>
    public string String(string what = "string")
    {
        uint n = U32(what + " length");
        if (n > (uint)Remaining) throw Error($"{what} claims {n} bytes but only {Remaining} remain");
        return Encoding.UTF8.GetString(Bytes((int)n, what));
    }

    /// <summary>
    /// Reads feature flags: 64-bit words until one is non-negative (the top bit says that more words follow). Fails if
    /// any bit is set, because no feature flag is defined in format 1.0 and unknown features must abort reading.
    /// </summary>
    public void FeatureFlags()
    {
        int start = Position;
        for (int word = 0; ; word++)
        {
            long flags = I64("feature flags");
            if ((flags & long.MaxValue) != 0)
            {
                Position = start;
                throw Error($"unsupported RNTuple feature flag word {word} = 0x{flags:x16}");
            }
            if (flags >= 0) return;
        }
    }

    /// <summary>
    /// Enters a record frame: returns the position one past its end, so that the caller skips any unknown trailing
    /// data with <c>Position = end</c>.
    /// </summary>
    public int RecordFrame(string what)
    {
        int start = Position;
        long size = I64(what + " frame size");
        if (size < 0) { Position = start; throw Error($"{what}: expected a record frame, found a list frame (size {size})"); }
        return FrameEnd(start, size, 8, what);
    }

    /// <summary>Enters a list frame: returns its item count and the position one past its end.</summary>
    public (int Count, int End) ListFrame(string what)
    {
        int start = Position;
        long size = I64(what + " frame size");
        if (size >= 0) { Position = start; throw Error($"{what}: expected a list frame, found a record frame (size {size})"); }
        int end = FrameEnd(start, -size, 12, what);
        uint count = U32(what + " item count");
        // Each item needs at least one byte, which bounds any allocation sized by the count.
        if (count > (uint)(end - Position))
        {
            Position = start;
            throw Error($"{what}: list claims {count} items in a frame of {-size} bytes");
        }
        return ((int)count, end);
    }

    private int FrameEnd(int start, long size, int minSize, string what)
    {
        if (size < minSize || size > _data.Length - start)
        {
            Position = start;
            throw Error($"{what}: frame size {size} is outside [{minSize}, {_data.Length - start}]");
        }
        return start + (int)size;
    }

    /// <summary>Moves to <paramref name="end"/> after checking that the frame's contents did not overrun it.</summary>
    public void LeaveFrame(int end, string what)
    {
        if (Position > end) throw Error($"{what}: contents run {Position - end} bytes past the end of their frame");
        Position = end;
    }

    /// <summary>Reads a locator (standard 32-bit size or the large 64-bit form).</summary>
    public RNTupleLocator Locator(string what)
    {
        int start = Position;
        int size = I32(what + " locator size");
        if (size >= 0)
        {
            ulong offset = U64(what + " locator offset");
            if (offset > long.MaxValue) { Position = start; throw Error($"{what}: locator offset {offset} is out of range"); }
            return new RNTupleLocator((long)offset, size);
        }
        // Non-standard locator: the writer negates (locator size | reserved << 16 | type << 24).
        if (size == int.MinValue) { Position = start; throw Error($"{what}: invalid locator header 0x{size:x8}"); }
        int head = -size;
        int locatorSize = head & 0xFFFF;
        int type = (head >> 24) & 0x7F;
        if (type != 0x01)
        {
            Position = start;
            throw Error($"{what}: unsupported locator type 0x{type:x2}");
        }
        if (locatorSize < 20) { Position = start; throw Error($"{what}: large locator of {locatorSize} bytes is too small"); }
        ulong n = U64(what + " large locator size");
        ulong off = U64(what + " large locator offset");
        if (n > long.MaxValue || off > long.MaxValue) { Position = start; throw Error($"{what}: large locator out of range"); }
        Position = start + locatorSize;
        if (Position > _data.Length) throw Error($"{what}: locator runs past the end");
        return new RNTupleLocator((long)off, (long)n);
    }
}

/// <summary>A byte range in the file: where a page or an envelope is and how many (compressed) bytes it takes.</summary>
/// <param name="Offset">Byte offset from the start of the file.</param>
/// <param name="Size">Number of stored bytes (not counting a page checksum).</param>
internal readonly record struct RNTupleLocator(long Offset, long Size);
