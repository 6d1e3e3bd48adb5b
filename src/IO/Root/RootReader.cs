using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace EventFrame.IO.Root;

/// <summary>
/// Big-endian, bounds-checked decoding of a ROOT object buffer in TBufferFile style: byte counts, class versions,
/// strings and class tags. Positions are indices into the buffer; every failure is a <see cref="RootFormatException"/>
/// located at <c>BaseOffset + Position</c> in the file.
/// </summary>
/// <remarks>
/// Class tags refer back to earlier class names by their displacement from the start of the key record, which is
/// the buffer position plus <see cref="KeyLength"/> (the "origin" of uproot) plus kMapOffset = 2.
/// </remarks>
internal ref struct RootReader
{
    internal const uint ByteCountMask = 0x40000000;
    internal const uint ClassMask = 0x80000000;
    internal const uint NewClassTag = 0xFFFFFFFF;
    internal const int MapOffset = 2;

    private readonly ReadOnlySpan<byte> _data;
    private readonly RootLocation _where;

    /// <summary>Creates a reader over <paramref name="data"/>, whose byte 0 is at file offset <paramref name="baseOffset"/>
    /// (for messages) and which follows a key header of <paramref name="keyLength"/> bytes.</summary>
    public RootReader(ReadOnlySpan<byte> data, in RootLocation where, long baseOffset, int keyLength)
    {
        _data = data;
        _where = where;
        BaseOffset = baseOffset;
        KeyLength = keyLength;
        Position = 0;
    }

    public int Position { get; set; }
    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - Position;
    public readonly long BaseOffset { get; }
    public readonly int KeyLength { get; }
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>The location of the current position, for errors.</summary>
    public readonly RootLocation Where => _where.At(BaseOffset + Position);

    public readonly RootFormatException Error(string message) => new(Where, message);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || Position < 0 || n > _data.Length - Position)
            throw Error($"needs {n} bytes but only {Math.Max(0, _data.Length - Position)} remain in a buffer of {_data.Length}");
        var s = _data.Slice(Position, n);
        Position += n;
        return s;
    }

    public byte U8() => Take(1)[0];
    public sbyte I8() => (sbyte)Take(1)[0];
    public bool Bool() => Take(1)[0] != 0;
    public short I16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
    public int I32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    public long I64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    public double F64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));
    public ReadOnlySpan<byte> Bytes(int n) => Take(n);
    public void Skip(int n) => Take(n);

    /// <summary>Moves to absolute buffer position <paramref name="position"/>, which must lie in the buffer.</summary>
    public void Seek(int position)
    {
        if (position < 0 || position > _data.Length) throw Error($"jump to position {position} outside a buffer of {_data.Length} bytes");
        Position = position;
    }

    /// <summary>Reads a TString / key string: u8 length (255 → i32 length follows), then the bytes.</summary>
    public string String()
    {
        int n = U8();
        if (n == 255) n = I32();
        if (n < 0) throw Error($"negative string length {n}");
        return Encoding.UTF8.GetString(Take(n));
    }

    /// <summary>Reads a NUL-terminated string (at most 1024 bytes, as class names are).</summary>
    public string CString()
    {
        var rest = _data[Position..];
        int n = rest[..Math.Min(rest.Length, 1024)].IndexOf((byte)0);
        if (n < 0) throw Error("class name is not NUL-terminated within 1024 bytes");
        var s = Encoding.ASCII.GetString(rest[..n]);
        Position += n + 1;
        return s;
    }

    /// <summary>
    /// Reads an object header: an optional byte count (flag 0x40000000) and the class version. Returns the version
    /// and sets <paramref name="end"/> to the position just after the object (or -1 if it has no byte count).
    /// </summary>
    public int Version(out int end)
    {
        int start = Position;
        uint bcnt = U32();
        if ((bcnt & ByteCountMask) != 0)
        {
            long len = bcnt & ~ByteCountMask;
            if (len < 2 || len > _data.Length - start - 4)
                throw Error($"object byte count {len} at position {start} runs past the end of a buffer of {_data.Length} bytes");
            end = (int)(start + 4 + len);
        }
        else
        {
            Position = start;
            end = -1;
        }
        return U16();
    }

    /// <summary>Jumps to <paramref name="end"/> if the object had a byte count, checking it did not read past it.</summary>
    public void SkipTo(int end, string what)
    {
        if (end < 0) return;
        if (Position > end) throw Error($"{what} was read past its byte count (ends at {end}, position {Position})");
        Position = end;
    }

    /// <summary>Reads a TObject: version, fUniqueID, fBits, and the process-id word when kIsReferenced is set.</summary>
    public void TObject()
    {
        int v = Version(out int end);
        if ((v & 0x4000) != 0 && end >= 0) { Position = end; return; }
        U32();
        uint bits = U32();
        if ((bits & 0x10) != 0) U16();
        SkipTo(end, "TObject");
    }

    /// <summary>Reads a TNamed and returns (name, title).</summary>
    public (string Name, string Title) TNamed()
    {
        Version(out int end);
        TObject();
        var name = String();
        var title = String();
        SkipTo(end, "TNamed");
        return (name, title);
    }

    /// <summary>Skips a versioned object with a byte count (e.g. TAttLine); fails if it has none.</summary>
    public void SkipVersioned(string what)
    {
        Version(out int end);
        if (end < 0) throw Error($"{what} has no byte count, cannot skip it");
        Position = end;
    }

    /// <summary>Reads a "[n]" basic pointer array: u8 present flag, then <paramref name="n"/> i32 values if present.</summary>
    public int[] I32Array(int n)
    {
        if (n < 0) throw Error($"negative array length {n}");
        if (U8() == 0) return new int[n];
        if ((long)n * 4 > Remaining) throw Error($"array of {n} i32 values does not fit in the {Remaining} remaining bytes");
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = I32();
        return a;
    }

    /// <summary>Reads a "[n]" basic pointer array: u8 present flag, then <paramref name="n"/> i64 values if present.</summary>
    public long[] I64Array(int n)
    {
        if (n < 0) throw Error($"negative array length {n}");
        if (U8() == 0) return new long[n];
        if ((long)n * 8 > Remaining) throw Error($"array of {n} i64 values does not fit in the {Remaining} remaining bytes");
        var a = new long[n];
        for (int i = 0; i < n; i++) a[i] = I64();
        return a;
    }
}
