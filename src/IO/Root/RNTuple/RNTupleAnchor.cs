using System.Buffers.Binary;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// The <c>ROOT::RNTuple</c> key payload that anchors an RNTuple in a ROOT file: the format version and the envelope
/// links of the header and the footer. Unlike the RNTuple envelopes it is big-endian:
/// <code>
///  off  size  field
///    0     4  byte count | 0x40000000 (ROOT object header)
///    4     2  class version
///    6     8  u16 epoch, major, minor, patch
///   14    56  u64 seekHeader, nbytesHeader, lenHeader, seekFooter, nbytesFooter, lenFooter, maxKeySize
///   70     8  XXH3-64 of bytes [6, 70)
/// </code>
/// </summary>
/// <param name="Epoch">Format epoch (1 for the first public release; other epochs are rejected).</param>
/// <param name="Major">Format major version.</param>
/// <param name="Minor">Format minor version.</param>
/// <param name="Patch">Format patch version.</param>
/// <param name="SeekHeader">File offset of the header envelope.</param>
/// <param name="NbytesHeader">Stored (compressed) size of the header envelope.</param>
/// <param name="LenHeader">Uncompressed size of the header envelope.</param>
/// <param name="SeekFooter">File offset of the footer envelope.</param>
/// <param name="NbytesFooter">Stored (compressed) size of the footer envelope.</param>
/// <param name="LenFooter">Uncompressed size of the footer envelope.</param>
/// <param name="MaxKeySize">Largest blob ROOT writes in one key; bigger pages are split over several keys.</param>
internal sealed record RNTupleAnchor(
    ushort Epoch, ushort Major, ushort Minor, ushort Patch,
    long SeekHeader, long NbytesHeader, long LenHeader,
    long SeekFooter, long NbytesFooter, long LenFooter, long MaxKeySize)
{
    private const int FieldsOffset = 6;
    private const int FieldsLength = 64;

    /// <summary>Largest envelope the reader accepts (uncompressed); bounds allocations driven by anchor values.</summary>
    internal const long MaxEnvelopeLength = 1L << 30;

    /// <summary>
    /// Parses the anchor from the key's payload, verifies its XXH3 checksum and checks every envelope link against
    /// <paramref name="fileSize"/>.
    /// </summary>
    /// <exception cref="RootFormatException">The payload is too short, the checksum differs, the epoch is not 1, or a link is out of range.</exception>
    public static RNTupleAnchor Parse(ReadOnlySpan<byte> payload, long fileSize, in RootLocation where)
    {
        if (payload.Length < FieldsOffset + FieldsLength + 8)
            throw new RootFormatException(where, $"RNTuple anchor has {payload.Length} bytes, expected at least {FieldsOffset + FieldsLength + 8}");
        var fields = payload.Slice(FieldsOffset, FieldsLength);
        ulong stored = BinaryPrimitives.ReadUInt64BigEndian(payload.Slice(FieldsOffset + FieldsLength, 8));
        ulong computed = RNTupleHash.Xxh3(fields);
        if (stored != computed)
            throw new RootFormatException(where, $"RNTuple anchor checksum mismatch: stored 0x{stored:x16}, computed 0x{computed:x16}");

        ulong[] v = new ulong[7];
        for (int i = 0; i < 7; i++)
        {
            v[i] = BinaryPrimitives.ReadUInt64BigEndian(fields.Slice(8 + 8 * i, 8));
            if (v[i] > long.MaxValue) throw new RootFormatException(where, $"RNTuple anchor field {i + 4} = {v[i]} is out of range");
        }
        var a = new RNTupleAnchor(
            BinaryPrimitives.ReadUInt16BigEndian(fields), BinaryPrimitives.ReadUInt16BigEndian(fields[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(fields[4..]), BinaryPrimitives.ReadUInt16BigEndian(fields[6..]),
            (long)v[0], (long)v[1], (long)v[2], (long)v[3], (long)v[4], (long)v[5], (long)v[6]);
        if (a.Epoch != 1)
            throw new RootFormatException(where, $"RNTuple format epoch {a.Epoch} is not supported (only epoch 1, format 1.x)");
        CheckLink(a.SeekHeader, a.NbytesHeader, a.LenHeader, "header", fileSize, where);
        CheckLink(a.SeekFooter, a.NbytesFooter, a.LenFooter, "footer", fileSize, where);
        return a;
    }

    private static void CheckLink(long seek, long nbytes, long len, string what, long fileSize, in RootLocation where)
    {
        if (nbytes <= 0 || seek < 0 || seek > fileSize - nbytes)
            throw new RootFormatException(where, $"RNTuple {what} envelope [{seek}, +{nbytes}) lies outside the file of {fileSize} bytes");
        if (len < 16 || len > MaxEnvelopeLength)
            throw new RootFormatException(where, $"RNTuple {what} envelope length {len} is outside [16, {MaxEnvelopeLength}]");
    }
}
