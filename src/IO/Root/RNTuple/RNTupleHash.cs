using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>The XXH3-64 checksum RNTuple puts on its anchor, envelopes and pages.</summary>
internal static class RNTupleHash
{
    /// <summary>Returns the XXH3 64-bit hash (seed 0) of <paramref name="data"/>.</summary>
    public static ulong Xxh3(ReadOnlySpan<byte> data) => XxHash.Hash3_64(data);
}
