using System.IO.Compression;
using System.Runtime.InteropServices;

namespace EventFrame.IO.Compression;

/// <summary>
/// Encodes payloads in ROOT's compressed form (core/zip/src/RZip.cxx), the inverse of <see cref="RootCompression"/>:
/// blocks of at most 0xFFFFFF input bytes, each with the 9-byte header (tag, method, compressed and uncompressed
/// sizes as little-endian u24). "ZL" holds a zlib stream, "XZ" a complete .xz container with a CRC64 check, "L4" the
/// big-endian XXH64 of the LZ4 block followed by the block, "ZS" a zstd frame. When any block would not shrink,
/// the payload is stored raw, as ROOT does, so the result is never longer than the input.
/// </summary>
public static unsafe class RootCompressor
{
    /// <summary>Largest input of one block (the u24 size fields).</summary>
    public const int MaxBlockSize = 0xFFFFFF;

    [ThreadStatic] private static ZstdCContextHandle? t_zstd;
    [ThreadStatic] private static MemoryStream? t_zlib;

    /// <summary>
    /// Compresses <paramref name="input"/> with <paramref name="codec"/> at <paramref name="level"/> (1–9; 0 or
    /// <see cref="RootCodec.None"/> store raw) into <paramref name="output"/>, which must hold at least
    /// <c>input.Length</c> bytes. Returns the bytes written: less than <c>input.Length</c> when compressed, exactly
    /// <c>input.Length</c> (a raw copy) when compression does not help — readers tell the two apart by that equality.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="input"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 0–9.</exception>
    /// <exception cref="InvalidOperationException">The codec's system library (liblzma.so.5, liblz4.so.1, libzstd.so.1, libxxhash.so.0) is missing.</exception>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, RootCodec codec, int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        if (output.Length < input.Length)
            throw new ArgumentException($"output of {output.Length} bytes is shorter than the input of {input.Length} bytes", nameof(output));
        if (codec == RootCodec.None || level == 0 || input.Length <= RootCompression.HeaderSize * 2)
            return Raw(input, output);
        int inPos = 0, outPos = 0;
        try
        {
            while (inPos < input.Length)
            {
                int n = Math.Min(MaxBlockSize, input.Length - inPos);
                var src = input.Slice(inPos, n);
                // Room for this block's payload: it must shrink, and must leave the remaining output no shorter than the remaining input.
                int room = Math.Min(n - 1, output.Length - outPos - RootCompression.HeaderSize - (input.Length - inPos - n));
                if (room <= 0) return Raw(input, output);
                var dst = output.Slice(outPos + RootCompression.HeaderSize, room);
                int c = codec switch
                {
                    RootCodec.Zlib => Zlib(src, dst, level),
                    RootCodec.Lzma => Lzma(src, dst, level),
                    RootCodec.Lz4 => Lz4(src, dst, level),
                    RootCodec.Zstd => Zstd(src, dst, level),
                    _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
                };
                if (c <= 0) return Raw(input, output);
                var h = output.Slice(outPos, RootCompression.HeaderSize);
                (h[0], h[1], h[2]) = codec switch
                {
                    RootCodec.Zlib => ((byte)'Z', (byte)'L', (byte)8),
                    RootCodec.Lzma => ((byte)'X', (byte)'Z', (byte)0),
                    RootCodec.Lz4 => ((byte)'L', (byte)'4', (byte)1),
                    _ => ((byte)'Z', (byte)'S', (byte)1),
                };
                h[3] = (byte)c; h[4] = (byte)(c >> 8); h[5] = (byte)(c >> 16);
                h[6] = (byte)n; h[7] = (byte)(n >> 8); h[8] = (byte)(n >> 16);
                inPos += n;
                outPos += RootCompression.HeaderSize + c;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new InvalidOperationException($"the {codec} compression library is not available: {e.Message}", e);
        }
        return outPos < input.Length ? outPos : Raw(input, output);
    }

    /// <summary>Compresses <paramref name="input"/> as <see cref="Compress(ReadOnlySpan{byte}, Span{byte}, RootCodec, int)"/> into a new array of the written length.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> input, RootCodec codec, int level)
    {
        var output = new byte[input.Length];
        int n = Compress(input, output, codec, level);
        return n == output.Length ? output : output[..n];
    }

    /// <summary>ROOT's fCompress setting for a codec and level: 100 × algorithm + level (zlib 1, LZMA 2, LZ4 4, zstd 5; 0 uncompressed).</summary>
    public static int Setting(RootCodec codec, int level) => codec switch
    {
        RootCodec.None => 0,
        RootCodec.Zlib => 100 + level,
        RootCodec.Lzma => 200 + level,
        RootCodec.Lz4 => 400 + level,
        RootCodec.Zstd => 500 + level,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
    };

    private static int Raw(ReadOnlySpan<byte> input, Span<byte> output)
    {
        input.CopyTo(output);
        return input.Length;
    }

    private static int Zlib(ReadOnlySpan<byte> src, Span<byte> dst, int level)
    {
        var ms = t_zlib ??= new MemoryStream();
        ms.SetLength(0);
        using (var z = new ZLibStream(ms, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            z.Write(src);
        if (ms.Length > dst.Length) return 0;
        ms.GetBuffer().AsSpan(0, (int)ms.Length).CopyTo(dst);
        int n = (int)ms.Length;
        // A scratch stream that grew for a huge block is not kept for the thread's lifetime.
        if (ms.Capacity > 4 << 20) t_zlib = null;
        return n;
    }

    private static int Lzma(ReadOnlySpan<byte> src, Span<byte> dst, int level)
    {
        fixed (byte* ps = src)
        fixed (byte* pd = dst)
        {
            nuint outPos = 0;
            // check 4 = LZMA_CHECK_CRC64, as ROOT's R__zipLZMA.
            int rc = NativeEncoders.lzma_easy_buffer_encode((uint)level, 4, 0, ps, (nuint)src.Length, pd, ref outPos, (nuint)dst.Length);
            if (rc == 10) return 0; // LZMA_BUF_ERROR: the output did not fit, i.e. it does not shrink.
            if (rc != 0) throw new InvalidOperationException($"lzma_easy_buffer_encode failed with lzma_ret {rc}");
            return (int)outPos;
        }
    }

    private static int Lz4(ReadOnlySpan<byte> src, Span<byte> dst, int level)
    {
        if (dst.Length <= 8) return 0;
        int n;
        fixed (byte* ps = src)
        fixed (byte* pd = dst)
            n = level >= 4
                ? NativeEncoders.LZ4_compress_HC(ps, pd + 8, src.Length, dst.Length - 8, level)
                : NativeEncoders.LZ4_compress_default(ps, pd + 8, src.Length, dst.Length - 8);
        if (n <= 0) return 0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(dst, XxHash.Hash64(dst.Slice(8, n)));
        return n + 8;
    }

    private static int Zstd(ReadOnlySpan<byte> src, Span<byte> dst, int level)
    {
        var ctx = t_zstd ??= new ZstdCContextHandle();
        if (ctx.IsInvalid)
        {
            t_zstd = null;
            throw new InvalidOperationException("ZSTD_createCCtx failed");
        }
        fixed (byte* ps = src)
        fixed (byte* pd = dst)
        {
            nuint n = NativeEncoders.ZSTD_compressCCtx(ctx.DangerousGetHandle(), pd, (nuint)dst.Length, ps, (nuint)src.Length, level);
            // Errors here mean the destination was too small (the data does not shrink); other errors cannot come from valid arguments.
            return NativeEncoders.ZSTD_isError(n) != 0 ? 0 : (int)n;
        }
    }
}

/// <summary>P/Invoke declarations of the encoders in the system codec libraries.</summary>
internal static unsafe partial class NativeEncoders
{
    [LibraryImport(Native.Lzma, EntryPoint = "lzma_easy_buffer_encode")]
    internal static partial int lzma_easy_buffer_encode(uint preset, int check, nint allocator, byte* input, nuint inSize, byte* output, ref nuint outPos, nuint outSize);

    [LibraryImport(Native.Lz4, EntryPoint = "LZ4_compress_default")]
    internal static partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);

    [LibraryImport(Native.Lz4, EntryPoint = "LZ4_compress_HC")]
    internal static partial int LZ4_compress_HC(byte* src, byte* dst, int srcSize, int dstCapacity, int level);

    [LibraryImport(Native.Zstd, EntryPoint = "ZSTD_createCCtx")]
    internal static partial nint ZSTD_createCCtx();

    [LibraryImport(Native.Zstd, EntryPoint = "ZSTD_freeCCtx")]
    internal static partial nuint ZSTD_freeCCtx(nint cctx);

    [LibraryImport(Native.Zstd, EntryPoint = "ZSTD_compressCCtx")]
    internal static partial nuint ZSTD_compressCCtx(nint cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport(Native.Zstd, EntryPoint = "ZSTD_isError")]
    internal static partial uint ZSTD_isError(nuint code);
}

/// <summary>Owns one zstd compression context, reused by its thread for every block.</summary>
internal sealed class ZstdCContextHandle : SafeHandle
{
    public ZstdCContextHandle() : base(0, ownsHandle: true) => SetHandle(NativeEncoders.ZSTD_createCCtx());

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeEncoders.ZSTD_freeCCtx(handle);
        return true;
    }
}
