using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>Decompression of RNTuple envelopes and pages, which use ROOT's 9-byte compression block headers.</summary>
internal static class RNTupleCodec
{
    /// <summary>Fills all of <paramref name="output"/> by decompressing the ROOT compression blocks in <paramref name="input"/>.</summary>
    /// <exception cref="RootFormatException">A block is malformed, uses an unknown codec or does not fill the output exactly.</exception>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output, in RootLocation where) =>
        RootCompression.Decompress(input, output, where);
}
