using System.Buffers.Binary;
namespace EventFrame.IO.Root.RNTuple;

/// <summary>RNTuple envelope types (the low 16 bits of an envelope's first word).</summary>
internal enum RNTupleEnvelopeType : ushort
{
    /// <summary>The schema: fields, columns, alias columns, extra type information.</summary>
    Header = 1,
    /// <summary>Schema extension and cluster groups.</summary>
    Footer = 2,
    /// <summary>Cluster summaries and page locations of one cluster group.</summary>
    PageList = 3,
}

/// <summary>
/// Reads and checks RNTuple envelopes. An envelope, once decompressed, is laid out as
/// <code>
///  off       size  field
///    0          8  u64: type in bits 0-15, uncompressed length in bits 16-63 (little-endian)
///    8    len-16  payload (frames)
///  len-8        8  XXH3-64 of bytes [0, len-8)
/// </code>
/// It is stored raw when its stored size equals its length, otherwise as ROOT compression blocks.
/// </summary>
internal static class RNTupleEnvelope
{
    /// <summary>
    /// Reads the envelope at <paramref name="locator"/> (uncompressed length <paramref name="length"/>) from
    /// <paramref name="file"/>, decompresses it and verifies its type, length and checksum.
    /// </summary>
    /// <returns>The whole uncompressed envelope, including the type word and the checksum.</returns>
    public static byte[] Read(RootFile file, RNTupleLocator locator, long length, RNTupleEnvelopeType type, in RootLocation where)
    {
        if (locator.Size <= 0 || locator.Offset < 0 || locator.Offset > file.Length - locator.Size)
            throw new RootFormatException(where, $"{type} envelope [{locator.Offset}, +{locator.Size}) lies outside the file of {file.Length} bytes");
        if (length < 16 || length > RNTupleAnchor.MaxEnvelopeLength)
            throw new RootFormatException(where, $"{type} envelope length {length} is outside [16, {RNTupleAnchor.MaxEnvelopeLength}]");
        if (locator.Size > length)
            throw new RootFormatException(where, $"{type} envelope stores {locator.Size} bytes for an uncompressed length of {length}");
        var stored = file.ReadBytes(locator.Offset, (int)locator.Size, where.ObjectName);
        return Unwrap(stored, length, type, where);
    }

    /// <summary>Decompresses (if needed) the stored bytes of an envelope and verifies it; see <see cref="Read"/>.</summary>
    public static byte[] Unwrap(byte[] stored, long length, RNTupleEnvelopeType type, in RootLocation where)
    {
        byte[] data;
        if (stored.Length == length) data = stored;
        else
        {
            data = new byte[length];
            RNTupleCodec.Decompress(stored, data, where);
        }
        Verify(data, type, where);
        return data;
    }

    /// <summary>Checks the type word, the embedded length and the trailing XXH3 checksum of an uncompressed envelope.</summary>
    public static void Verify(ReadOnlySpan<byte> data, RNTupleEnvelopeType type, in RootLocation where)
    {
        if (data.Length < 16)
            throw new RootFormatException(where, $"{type} envelope of {data.Length} bytes is shorter than 16");
        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(data);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]);
        ulong computed = RNTupleHash.Xxh3(data[..^8]);
        if (stored != computed)
            throw new RootFormatException(where, $"{type} envelope checksum mismatch: stored 0x{stored:x16}, computed 0x{computed:x16}");
        if ((ushort)word != (ushort)type)
            throw new RootFormatException(where, $"expected a {type} envelope (type {(ushort)type}), found type {(ushort)word}");
        if ((long)(word >> 16) != data.Length)
            throw new RootFormatException(where, $"{type} envelope says it is {word >> 16} bytes long, but its link says {data.Length}");
    }
}
