namespace EventFrame.IO.Compression;

/// <summary>xxHash checksums from the system libxxhash (<c>libxxhash.so.0</c>), as ROOT uses them: XXH64 for LZ4
/// blocks, XXH3-64 for RNTuple envelopes and pages.</summary>
public static unsafe class XxHash
{
    /// <summary>Returns XXH64 of <paramref name="data"/> with <paramref name="seed"/> (ROOT's LZ4 blocks use seed 0).</summary>
    /// <exception cref="DllNotFoundException">libxxhash.so.0 is not installed.</exception>
    public static ulong Hash64(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        fixed (byte* p = data) return Native.XXH64(p, (nuint)data.Length, seed);
    }

    /// <summary>Returns XXH3_64bits of <paramref name="data"/> (seed 0), the RNTuple checksum.</summary>
    /// <exception cref="DllNotFoundException">libxxhash.so.0 is not installed.</exception>
    public static ulong Hash3_64(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) return Native.XXH3_64bits(p, (nuint)data.Length);
    }
}
