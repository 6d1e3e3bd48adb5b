using System.Runtime.InteropServices;

namespace EventFrame.IO.Compression;

/// <summary>P/Invoke declarations for the system codec libraries (Debian liblzma5, liblz4-1, libzstd1, libxxhash0).</summary>
internal static unsafe partial class Native
{
    internal const string Lzma = "liblzma.so.5";
    internal const string Lz4 = "liblz4.so.1";
    internal const string Zstd = "libzstd.so.1";
    internal const string XxHash = "libxxhash.so.0";

    [LibraryImport(Lzma, EntryPoint = "lzma_stream_buffer_decode")]
    internal static partial int lzma_stream_buffer_decode(ref ulong memlimit, uint flags, nint allocator,
        byte* input, ref nuint inPos, nuint inSize, byte* output, ref nuint outPos, nuint outSize);

    [LibraryImport(Lz4, EntryPoint = "LZ4_decompress_safe")]
    internal static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);

    [LibraryImport(Zstd, EntryPoint = "ZSTD_createDCtx")]
    internal static partial nint ZSTD_createDCtx();

    [LibraryImport(Zstd, EntryPoint = "ZSTD_freeDCtx")]
    internal static partial nuint ZSTD_freeDCtx(nint dctx);

    [LibraryImport(Zstd, EntryPoint = "ZSTD_decompressDCtx")]
    internal static partial nuint ZSTD_decompressDCtx(nint dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Zstd, EntryPoint = "ZSTD_isError")]
    internal static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Zstd, EntryPoint = "ZSTD_getErrorName")]
    internal static partial nint ZSTD_getErrorName(nuint code);

    [LibraryImport(XxHash, EntryPoint = "XXH64")]
    internal static partial ulong XXH64(byte* input, nuint length, ulong seed);

    [LibraryImport(XxHash, EntryPoint = "XXH3_64bits")]
    internal static partial ulong XXH3_64bits(byte* input, nuint length);
}

/// <summary>Owns one zstd decompression context; freed when the owning thread's reference is collected.</summary>
internal sealed class ZstdDContextHandle : SafeHandle
{
    public ZstdDContextHandle() : base(0, ownsHandle: true) => SetHandle(Native.ZSTD_createDCtx());

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        Native.ZSTD_freeDCtx(handle);
        return true;
    }
}
