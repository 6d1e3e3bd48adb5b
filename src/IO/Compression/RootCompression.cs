using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using EventFrame.IO.Root;

namespace EventFrame.IO.Compression;

/// <summary>The codec of one ROOT compression block, from its two-byte tag.</summary>
public enum RootCodec
{
    /// <summary>Not compressed (payload length equals object length).</summary>
    None,
    /// <summary>"ZL": zlib stream with RFC 1950 header.</summary>
    Zlib,
    /// <summary>"XZ": a complete .xz container.</summary>
    Lzma,
    /// <summary>"L4": big-endian XXH64 of the block, then a raw LZ4 block.</summary>
    Lz4,
    /// <summary>"ZS": a zstd frame.</summary>
    Zstd,
}

/// <summary>
/// Decodes ROOT's compressed payloads (core/zip/src/RZip.cxx). A payload is a sequence of blocks, each with a 9-byte header:
/// <code>
/// [0..1] tag "ZL" | "XZ" | "L4" | "ZS" | "CS"   [2] method/version
/// [3..5] compressed size, little-endian u24     [6..8] uncompressed size, little-endian u24
/// </code>
/// followed by the compressed bytes. Blocks repeat until the object length is produced. A payload whose length equals
/// the object length is stored raw.
/// </summary>
public static unsafe class RootCompression
{
    /// <summary>Size of a block header.</summary>
    public const int HeaderSize = 9;

    /// <summary>The xz decoder's memory limit: far above what a 16 MiB ROOT block can need, low enough to stop a forged header.</summary>
    private const ulong LzmaMemoryLimit = 256UL << 20;

    [ThreadStatic] private static ZstdDContextHandle? t_zstd;

    /// <summary>Returns the codec named by the block header at the start of <paramref name="block"/>, or <see cref="RootCodec.None"/> if it is not a known tag.</summary>
    public static RootCodec CodecOf(ReadOnlySpan<byte> block)
    {
        if (block.Length < HeaderSize) return RootCodec.None;
        return (block[0], block[1]) switch
        {
            ((byte)'Z', (byte)'L') => RootCodec.Zlib,
            ((byte)'X', (byte)'Z') => RootCodec.Lzma,
            ((byte)'L', (byte)'4') => RootCodec.Lz4,
            ((byte)'Z', (byte)'S') => RootCodec.Zstd,
            _ => RootCodec.None,
        };
    }

    /// <summary>
    /// Decodes <paramref name="input"/> (a key payload: blocks with 9-byte headers, or raw bytes when
    /// <c>input.Length == output.Length</c>) into exactly <c>output.Length</c> bytes, choosing the codec per block from its tag.
    /// </summary>
    /// <exception cref="RootFormatException">A block header is malformed, a codec fails or produces the wrong size, a checksum
    /// does not match, the blocks do not fill the output, the tag is "CS" or unknown, or a codec library is missing.
    /// The message names <paramref name="where"/> and the block's offset.</exception>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output, in RootLocation where)
    {
        if (input.Length == output.Length)
        {
            input.CopyTo(output);
            return;
        }
        int inPos = 0, outPos = 0;
        while (outPos < output.Length)
        {
            var at = where.Offset < 0 ? where : where.At(where.Offset + inPos);
            if (input.Length - inPos < HeaderSize)
                throw new RootFormatException(at, $"compressed payload ends after {inPos} of {input.Length} bytes with {output.Length - outPos} of {output.Length} output bytes still missing");
            var header = input.Slice(inPos, HeaderSize);
            int csize = header[3] | header[4] << 8 | header[5] << 16;
            int usize = header[6] | header[7] << 8 | header[8] << 16;
            if (csize > input.Length - inPos - HeaderSize)
                throw new RootFormatException(at, $"compression block claims {csize} compressed bytes but only {input.Length - inPos - HeaderSize} remain");
            if (csize == 0)
                throw new RootFormatException(at, "compression block with zero compressed bytes");
            if (usize > output.Length - outPos)
                throw new RootFormatException(at, $"compression block claims {usize} uncompressed bytes but only {output.Length - outPos} remain of the object length {output.Length}");
            var src = input.Slice(inPos + HeaderSize, csize);
            var dst = output.Slice(outPos, usize);
            DecodeBlock(header, src, dst, at);
            inPos += HeaderSize + csize;
            outPos += usize;
            if (usize == 0)
                throw new RootFormatException(at, "compression block with zero uncompressed bytes");
        }
    }

    private static void DecodeBlock(ReadOnlySpan<byte> header, ReadOnlySpan<byte> src, Span<byte> dst, in RootLocation at)
    {
        try
        {
            switch (CodecOf(header))
            {
                case RootCodec.Zlib: Zlib(src, dst, at); break;
                case RootCodec.Lzma: Lzma(src, dst, at); break;
                case RootCodec.Lz4: Lz4(src, dst, at); break;
                case RootCodec.Zstd: Zstd(src, dst, at); break;
                default:
                    if (header[0] == 'C' && header[1] == 'S')
                        throw new RootFormatException(at, "compression algorithm \"CS\" (ROOT's old in-house deflate, unused since ROOT 3) is not supported");
                    throw new RootFormatException(at, $"unknown compression block tag 0x{header[0]:x2}{header[1]:x2}");
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new RootFormatException(at, $"codec library for block tag '{(char)header[0]}{(char)header[1]}' is not available: {e.Message}", e);
        }
    }

    private static void Zlib(ReadOnlySpan<byte> src, Span<byte> dst, in RootLocation at)
    {
        fixed (byte* p = src)
        {
            using var ms = new UnmanagedMemoryStream(p, src.Length);
            using var z = new ZLibStream(ms, CompressionMode.Decompress);
            int done = 0;
            try
            {
                while (done < dst.Length)
                {
                    int n = z.Read(dst[done..]);
                    if (n == 0) break;
                    done += n;
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException && e is not RootFormatException)
            {
                // ZLibStream reports corrupt input as InvalidDataException, and some stream states as ZLibException (an IOException).
                throw new RootFormatException(at, "zlib block is corrupt: " + e.Message, e);
            }
            if (done != dst.Length)
                throw new RootFormatException(at, $"zlib block produced {done} bytes, header says {dst.Length}");
        }
    }

    private static void Lzma(ReadOnlySpan<byte> src, Span<byte> dst, in RootLocation at)
    {
        fixed (byte* ps = src)
        fixed (byte* pd = dst)
        {
            ulong memlimit = LzmaMemoryLimit;
            nuint inPos = 0, outPos = 0;
            int rc = Native.lzma_stream_buffer_decode(ref memlimit, 0, 0, ps, ref inPos, (nuint)src.Length, pd, ref outPos, (nuint)dst.Length);
            if (rc != 0)
                throw new RootFormatException(at, $"xz block failed to decode (lzma_ret {rc}{LzmaError(rc)})");
            if (outPos != (nuint)dst.Length)
                throw new RootFormatException(at, $"xz block produced {outPos} bytes, header says {dst.Length}");
        }
    }

    private static string LzmaError(int rc) => rc switch
    {
        5 => ": out of memory",
        6 => ": memory limit reached",
        7 => ": not an xz stream",
        8 => ": unsupported options",
        9 => ": corrupt data",
        10 => ": output larger than the header says, or truncated input",
        _ => "",
    };

    private static void Lz4(ReadOnlySpan<byte> src, Span<byte> dst, in RootLocation at)
    {
        if (src.Length < 8)
            throw new RootFormatException(at, $"lz4 block of {src.Length} bytes is shorter than its 8-byte checksum");
        ulong expected = BinaryPrimitives.ReadUInt64BigEndian(src);
        var data = src[8..];
        ulong actual = XxHash.Hash64(data);
        if (actual != expected)
            throw new RootFormatException(at, $"lz4 block checksum mismatch: stored XXH64 0x{expected:x16}, computed 0x{actual:x16}");
        fixed (byte* ps = data)
        fixed (byte* pd = dst)
        {
            int n = Native.LZ4_decompress_safe(ps, pd, data.Length, dst.Length);
            if (n != dst.Length)
                throw new RootFormatException(at, n < 0 ? $"lz4 block is corrupt (LZ4_decompress_safe returned {n})" : $"lz4 block produced {n} bytes, header says {dst.Length}");
        }
    }

    private static void Zstd(ReadOnlySpan<byte> src, Span<byte> dst, in RootLocation at)
    {
        var ctx = t_zstd ??= new ZstdDContextHandle();
        if (ctx.IsInvalid)
        {
            t_zstd = null;
            throw new RootFormatException(at, "ZSTD_createDCtx failed");
        }
        fixed (byte* ps = src)
        fixed (byte* pd = dst)
        {
            nuint n = Native.ZSTD_decompressDCtx(ctx.DangerousGetHandle(), pd, (nuint)dst.Length, ps, (nuint)src.Length);
            if (Native.ZSTD_isError(n) != 0)
                throw new RootFormatException(at, "zstd block is corrupt: " + (Marshal.PtrToStringAnsi(Native.ZSTD_getErrorName(n)) ?? "unknown error"));
            if (n != (nuint)dst.Length)
                throw new RootFormatException(at, $"zstd block produced {n} bytes, header says {dst.Length}");
        }
    }
}
