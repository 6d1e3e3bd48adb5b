namespace EventFrame.IO.Root.RNTuple;

/// <summary>RNTuple column types (format 1.0), which fix how elements are encoded in pages.</summary>
internal enum RNTupleColumnType : ushort
{
    /// <summary>Booleans, bit-packed LSB first.</summary>
    Bit = 0x00,
    /// <summary>An uninterpreted byte.</summary>
    Byte = 0x01,
    /// <summary>A character of a string.</summary>
    Char = 0x02,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 0x03,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 0x04,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 0x05,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 0x06,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 0x07,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 0x08,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 0x09,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 0x0A,
    /// <summary>IEEE-754 half precision.</summary>
    Real16 = 0x0B,
    /// <summary>IEEE-754 single precision.</summary>
    Real32 = 0x0C,
    /// <summary>IEEE-754 double precision.</summary>
    Real64 = 0x0D,
    /// <summary>32-bit cluster-relative end offsets of collections.</summary>
    Index32 = 0x0E,
    /// <summary>64-bit cluster-relative end offsets of collections.</summary>
    Index64 = 0x0F,
    /// <summary>Variant dispatch: 64-bit index plus 32-bit tag.</summary>
    Switch = 0x10,
    /// <summary>Int16, split and zigzag encoded.</summary>
    SplitInt16 = 0x11,
    /// <summary>UInt16, split encoded.</summary>
    SplitUInt16 = 0x12,
    /// <summary>Int32, split and zigzag encoded.</summary>
    SplitInt32 = 0x13,
    /// <summary>UInt32, split encoded.</summary>
    SplitUInt32 = 0x14,
    /// <summary>Int64, split and zigzag encoded.</summary>
    SplitInt64 = 0x15,
    /// <summary>UInt64, split encoded.</summary>
    SplitUInt64 = 0x16,
    /// <summary>Real16, split encoded.</summary>
    SplitReal16 = 0x17,
    /// <summary>Real32, split encoded.</summary>
    SplitReal32 = 0x18,
    /// <summary>Real64, split encoded.</summary>
    SplitReal64 = 0x19,
    /// <summary>Index32, split and delta encoded.</summary>
    SplitIndex32 = 0x1A,
    /// <summary>Index64, split and delta encoded.</summary>
    SplitIndex64 = 0x1B,
    /// <summary>Real32 with a truncated mantissa (10-31 bits).</summary>
    Real32Trunc = 0x1C,
    /// <summary>A real quantized to 1-32 bits in a range.</summary>
    Real32Quant = 0x1D,
}

/// <summary>How decoded elements of a column are to be read in memory.</summary>
internal enum RNTupleValueKind : byte
{
    /// <summary>0 or 1 in one byte.</summary>
    Bool,
    /// <summary>Two's-complement integer.</summary>
    Signed,
    /// <summary>Unsigned integer (also characters and offsets).</summary>
    Unsigned,
    /// <summary>IEEE-754 float (Real16 is widened to 4 bytes when decoded).</summary>
    Float,
}

/// <summary>Facts about each <see cref="RNTupleColumnType"/>.</summary>
internal static class RNTupleColumnTypes
{
    /// <summary>
    /// Returns the on-disk bits per element, the width in bytes of one decoded element and its kind; false for the
    /// types this reader cannot decode (Switch, unknown codes, or a variable-width type with an invalid bit count).
    /// <paramref name="bits"/> is the column's bits on storage, which only the variable-width types use: Real32Trunc
    /// (10-31 bits, decoded to float) and Real32Quant (1-32 bits, decoded to double).
    /// </summary>
    public static bool TryDescribe(RNTupleColumnType type, int bits, out int diskBits, out int memoryWidth, out RNTupleValueKind kind)
    {
        (diskBits, memoryWidth, kind) = type switch
        {
            RNTupleColumnType.Bit => (1, 1, RNTupleValueKind.Bool),
            RNTupleColumnType.Byte or RNTupleColumnType.Char or RNTupleColumnType.UInt8 => (8, 1, RNTupleValueKind.Unsigned),
            RNTupleColumnType.Int8 => (8, 1, RNTupleValueKind.Signed),
            RNTupleColumnType.Int16 or RNTupleColumnType.SplitInt16 => (16, 2, RNTupleValueKind.Signed),
            RNTupleColumnType.UInt16 or RNTupleColumnType.SplitUInt16 => (16, 2, RNTupleValueKind.Unsigned),
            RNTupleColumnType.Int32 or RNTupleColumnType.SplitInt32 => (32, 4, RNTupleValueKind.Signed),
            RNTupleColumnType.UInt32 or RNTupleColumnType.SplitUInt32 or RNTupleColumnType.Index32 or RNTupleColumnType.SplitIndex32 => (32, 4, RNTupleValueKind.Unsigned),
            RNTupleColumnType.Int64 or RNTupleColumnType.SplitInt64 => (64, 8, RNTupleValueKind.Signed),
            RNTupleColumnType.UInt64 or RNTupleColumnType.SplitUInt64 or RNTupleColumnType.Index64 or RNTupleColumnType.SplitIndex64 => (64, 8, RNTupleValueKind.Unsigned),
            RNTupleColumnType.Real16 or RNTupleColumnType.SplitReal16 => (16, 4, RNTupleValueKind.Float),
            RNTupleColumnType.Real32 or RNTupleColumnType.SplitReal32 => (32, 4, RNTupleValueKind.Float),
            RNTupleColumnType.Real64 or RNTupleColumnType.SplitReal64 => (64, 8, RNTupleValueKind.Float),
            RNTupleColumnType.Real32Trunc when bits is >= 10 and <= 31 => (bits, 4, RNTupleValueKind.Float),
            RNTupleColumnType.Real32Quant when bits is >= 1 and <= 32 => (bits, 8, RNTupleValueKind.Float),
            _ => (0, 0, RNTupleValueKind.Unsigned),
        };
        return diskBits != 0;
    }

    /// <summary>True for the types whose bits on storage vary from column to column.</summary>
    public static bool IsVariableWidth(RNTupleColumnType type) => type is RNTupleColumnType.Real32Trunc or RNTupleColumnType.Real32Quant;

    /// <summary>True for the split encodings (byte planes stored one after the other).</summary>
    public static bool IsSplit(RNTupleColumnType type) => type is >= RNTupleColumnType.SplitInt16 and <= RNTupleColumnType.SplitIndex64;

    /// <summary>True for split signed integers, which are also zigzag encoded.</summary>
    public static bool IsZigzag(RNTupleColumnType type) =>
        type is RNTupleColumnType.SplitInt16 or RNTupleColumnType.SplitInt32 or RNTupleColumnType.SplitInt64;

    /// <summary>True for split index columns, which are also delta encoded within each page.</summary>
    public static bool IsDelta(RNTupleColumnType type) => type is RNTupleColumnType.SplitIndex32 or RNTupleColumnType.SplitIndex64;

    /// <summary>True for the offset columns of collections.</summary>
    public static bool IsIndex(RNTupleColumnType type) =>
        type is RNTupleColumnType.Index32 or RNTupleColumnType.Index64 or RNTupleColumnType.SplitIndex32 or RNTupleColumnType.SplitIndex64;

    /// <summary>The name of a column type as the specification spells it, with its code.</summary>
    public static string Describe(RNTupleColumnType type) =>
        Enum.IsDefined(type) ? $"{type} (0x{(ushort)type:x2})" : $"unknown column type 0x{(ushort)type:x2}";
}
