using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// Turns the stored bytes of one page into little-endian elements of the column's in-memory width
/// (<see cref="RNTupleColumnTypes.TryDescribe"/>). Per page, in this order:
/// <list type="number">
/// <item>the page checksum, when present: XXH3-64 of the stored bytes, in the 8 bytes after them;</item>
/// <item>decompression (ROOT compression blocks) unless the stored size equals the unpacked size;</item>
/// <item>split columns: byte planes back to elements (all first bytes, then all second bytes, …);</item>
/// <item>split signed integers: zigzag, <c>(u &gt;&gt; 1) ^ -(u &amp; 1)</c>; split index columns: running sum (delta);</item>
/// <item>bit columns: one bit per element, least significant bit first; half floats widened to float.</item>
/// </list>
/// </summary>
internal static class RNTuplePageDecoder
{
    /// <summary>Largest unpacked page accepted; bounds the allocation driven by a page's element count.</summary>
    internal const long MaxPageBytes = 1L << 30;

    /// <summary>Number of bytes the elements of a page take once decompressed (before decoding).</summary>
    public static long PackedSize(int elementCount, int bits) => ((long)elementCount * bits + 7) / 8;

    /// <summary>
    /// Decodes a page of a column of fixed-width type <paramref name="type"/>; see
    /// <see cref="Decode(ReadOnlySpan{byte}, bool, RNTupleColumn, int, Span{byte}, ref byte[], in RootLocation)"/>.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> stored, bool hasChecksum, RNTupleColumnType type, int elementCount,
        Span<byte> output, ref byte[]? scratch, in RootLocation where)
    {
        RNTupleColumnTypes.TryDescribe(type, 0, out int bits, out _, out _);
        Decode(stored, hasChecksum, new RNTupleColumn(0, type, bits, 0, 0, 0), elementCount, output, ref scratch, where);
    }

    /// <summary>
    /// Decodes a page of <paramref name="column"/>. <paramref name="stored"/> holds the stored bytes and, when
    /// <paramref name="hasChecksum"/>, the 8-byte checksum after them. <paramref name="output"/> receives
    /// <c>elementCount * memoryWidth</c> bytes.
    /// </summary>
    /// <exception cref="RootFormatException">The checksum differs, the sizes disagree or decompression fails.</exception>
    public static void Decode(ReadOnlySpan<byte> stored, bool hasChecksum, RNTupleColumn column, int elementCount,
        Span<byte> output, ref byte[]? scratch, in RootLocation where)
    {
        var type = column.Type;
        if (!column.Decodable || !RNTupleColumnTypes.TryDescribe(type, column.Bits, out int bits, out int width, out _))
            throw new RootFormatException(where, $"cannot decode pages of {RNTupleColumnTypes.Describe(type)} with {column.Bits} bits");
        if (output.Length != (long)elementCount * width)
            throw new ArgumentException("output has the wrong size", nameof(output));
        if (hasChecksum)
        {
            if (stored.Length < 8) throw new RootFormatException(where, "page is too short to hold its checksum");
            ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(stored[^8..]);
            stored = stored[..^8];
            ulong actual = RNTupleHash.Xxh3(stored);
            if (expected != actual)
                throw new RootFormatException(where, $"page checksum mismatch: stored 0x{expected:x16}, computed 0x{actual:x16}");
        }
        long packed = PackedSize(elementCount, bits);
        if (stored.Length > packed)
            throw new RootFormatException(where, $"page stores {stored.Length} bytes for {elementCount} elements of {bits} bits ({packed} bytes unpacked)");

        // Elements that need no transformation are decompressed straight into the output.
        bool direct = !RNTupleColumnTypes.IsSplit(type) && !RNTupleColumnTypes.IsVariableWidth(type)
            && type is not (RNTupleColumnType.Bit or RNTupleColumnType.Real16);
        ReadOnlySpan<byte> raw;
        if (direct)
        {
            if (stored.Length == packed) stored.CopyTo(output);
            else RNTupleCodec.Decompress(stored, output, where);
            return;
        }
        if (stored.Length == packed) raw = stored;
        else
        {
            if (scratch is null || scratch.Length < packed) scratch = new byte[Math.Max(packed, 4096)];
            var s = scratch.AsSpan(0, (int)packed);
            RNTupleCodec.Decompress(stored, s, where);
            raw = s;
        }

        switch (type)
        {
            case RNTupleColumnType.Bit:
                for (int i = 0; i < elementCount; i++) output[i] = (byte)((raw[i >> 3] >> (i & 7)) & 1);
                return;
            case RNTupleColumnType.Real16:
                WidenHalves(MemoryMarshal.Cast<byte, ushort>(raw), MemoryMarshal.Cast<byte, float>(output));
                return;
            case RNTupleColumnType.Real32Trunc:
            {
                // Packed LSB first, each element keeps the top `bits` bits of the float (sign, exponent, mantissa head).
                var o = MemoryMarshal.Cast<byte, uint>(output);
                for (int i = 0; i < elementCount; i++) o[i] = (uint)UnpackBits(raw, i, bits) << (32 - bits);
                return;
            }
            case RNTupleColumnType.Real32Quant:
            {
                // Elements are integers q of `bits` bits: value = min + q · (max - min) / (2^bits - 1).
                var (min, max) = column.Range!.Value;
                double scale = (max - min) / ((1UL << bits) - 1);
                var o = MemoryMarshal.Cast<byte, double>(output);
                for (int i = 0; i < elementCount; i++) o[i] = min + UnpackBits(raw, i, bits) * scale;
                return;
            }
            case RNTupleColumnType.SplitReal16:
            {
                var halves = new ushort[elementCount];
                Unsplit(raw, MemoryMarshal.AsBytes(halves.AsSpan()), elementCount, 2);
                WidenHalves(halves, MemoryMarshal.Cast<byte, float>(output));
                return;
            }
        }

        Unsplit(raw, output, elementCount, width);
        if (RNTupleColumnTypes.IsZigzag(type))
        {
            switch (width)
            {
                case 2: Unzigzag(MemoryMarshal.Cast<byte, ushort>(output)); break;
                case 4: Unzigzag(MemoryMarshal.Cast<byte, uint>(output)); break;
                case 8: Unzigzag(MemoryMarshal.Cast<byte, ulong>(output)); break;
            }
        }
        else if (RNTupleColumnTypes.IsDelta(type))
        {
            if (width == 4)
            {
                var o = MemoryMarshal.Cast<byte, uint>(output);
                for (int i = 1; i < o.Length; i++) o[i] += o[i - 1];
            }
            else
            {
                var o = MemoryMarshal.Cast<byte, ulong>(output);
                for (int i = 1; i < o.Length; i++) o[i] += o[i - 1];
            }
        }
    }

    /// <summary>Reassembles <paramref name="n"/> elements of <paramref name="width"/> bytes from byte planes.</summary>
    internal static void Unsplit(ReadOnlySpan<byte> planes, Span<byte> output, int n, int width)
    {
        int done = Sse2.IsSupported ? width switch
        {
            2 => Unsplit2(planes, output, n),
            4 => Unsplit4(planes, output, n),
            8 => Unsplit8(planes, output, n),
            _ => 0,
        } : 0;
        for (int b = 0; b < width; b++)
        {
            var plane = planes.Slice(b * n, n);
            for (int i = done; i < n; i++) output[i * width + b] = plane[i];
        }
    }

    // The SSE2 versions interleave 16 elements at a time: bytes, then 16-bit pairs, then 32-bit quads (unpack
    // low/high), and return how many elements they handled; the scalar loop finishes the tail.
    private static int Unsplit2(ReadOnlySpan<byte> planes, Span<byte> output, int n)
    {
        ref byte p = ref MemoryMarshal.GetReference(planes);
        ref byte o = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var a = Vector128.LoadUnsafe(ref p, (nuint)i);
            var b = Vector128.LoadUnsafe(ref p, (nuint)(n + i));
            Sse2.UnpackLow(a, b).StoreUnsafe(ref o, (nuint)(2 * i));
            Sse2.UnpackHigh(a, b).StoreUnsafe(ref o, (nuint)(2 * i + 16));
        }
        return i;
    }

    private static int Unsplit4(ReadOnlySpan<byte> planes, Span<byte> output, int n)
    {
        ref byte p = ref MemoryMarshal.GetReference(planes);
        ref byte o = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var b0 = Vector128.LoadUnsafe(ref p, (nuint)i);
            var b1 = Vector128.LoadUnsafe(ref p, (nuint)(n + i));
            var b2 = Vector128.LoadUnsafe(ref p, (nuint)(2 * n + i));
            var b3 = Vector128.LoadUnsafe(ref p, (nuint)(3 * n + i));
            var lo01 = Sse2.UnpackLow(b0, b1).AsUInt16();
            var hi01 = Sse2.UnpackHigh(b0, b1).AsUInt16();
            var lo23 = Sse2.UnpackLow(b2, b3).AsUInt16();
            var hi23 = Sse2.UnpackHigh(b2, b3).AsUInt16();
            nuint at = (nuint)(4 * i);
            Sse2.UnpackLow(lo01, lo23).AsByte().StoreUnsafe(ref o, at);
            Sse2.UnpackHigh(lo01, lo23).AsByte().StoreUnsafe(ref o, at + 16);
            Sse2.UnpackLow(hi01, hi23).AsByte().StoreUnsafe(ref o, at + 32);
            Sse2.UnpackHigh(hi01, hi23).AsByte().StoreUnsafe(ref o, at + 48);
        }
        return i;
    }

    private static int Unsplit8(ReadOnlySpan<byte> planes, Span<byte> output, int n)
    {
        ref byte p = ref MemoryMarshal.GetReference(planes);
        ref byte o = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var b0 = Vector128.LoadUnsafe(ref p, (nuint)i);
            var b1 = Vector128.LoadUnsafe(ref p, (nuint)(n + i));
            var b2 = Vector128.LoadUnsafe(ref p, (nuint)(2 * n + i));
            var b3 = Vector128.LoadUnsafe(ref p, (nuint)(3 * n + i));
            var b4 = Vector128.LoadUnsafe(ref p, (nuint)(4 * n + i));
            var b5 = Vector128.LoadUnsafe(ref p, (nuint)(5 * n + i));
            var b6 = Vector128.LoadUnsafe(ref p, (nuint)(6 * n + i));
            var b7 = Vector128.LoadUnsafe(ref p, (nuint)(7 * n + i));
            // Bytes 0-1, 2-3, 4-5 and 6-7 of elements 0-7 (lo) and 8-15 (hi).
            var lo01 = Sse2.UnpackLow(b0, b1).AsUInt16(); var hi01 = Sse2.UnpackHigh(b0, b1).AsUInt16();
            var lo23 = Sse2.UnpackLow(b2, b3).AsUInt16(); var hi23 = Sse2.UnpackHigh(b2, b3).AsUInt16();
            var lo45 = Sse2.UnpackLow(b4, b5).AsUInt16(); var hi45 = Sse2.UnpackHigh(b4, b5).AsUInt16();
            var lo67 = Sse2.UnpackLow(b6, b7).AsUInt16(); var hi67 = Sse2.UnpackHigh(b6, b7).AsUInt16();
            nuint at = (nuint)(8 * i);
            Store8(ref o, at, lo01, lo23, lo45, lo67);
            Store8(ref o, at + 64, hi01, hi23, hi45, hi67);
        }
        return i;
    }

    // Given the byte pairs (0-1, 2-3, 4-5, 6-7) of 8 elements, writes the 8 whole elements (64 bytes).
    private static void Store8(ref byte o, nuint at, Vector128<ushort> p01, Vector128<ushort> p23, Vector128<ushort> p45, Vector128<ushort> p67)
    {
        var q0123lo = Sse2.UnpackLow(p01, p23).AsUInt32();   // bytes 0-3 of elements 0-3
        var q0123hi = Sse2.UnpackHigh(p01, p23).AsUInt32();  // bytes 0-3 of elements 4-7
        var q4567lo = Sse2.UnpackLow(p45, p67).AsUInt32();   // bytes 4-7 of elements 0-3
        var q4567hi = Sse2.UnpackHigh(p45, p67).AsUInt32();  // bytes 4-7 of elements 4-7
        Sse2.UnpackLow(q0123lo, q4567lo).AsByte().StoreUnsafe(ref o, at);
        Sse2.UnpackHigh(q0123lo, q4567lo).AsByte().StoreUnsafe(ref o, at + 16);
        Sse2.UnpackLow(q0123hi, q4567hi).AsByte().StoreUnsafe(ref o, at + 32);
        Sse2.UnpackHigh(q0123hi, q4567hi).AsByte().StoreUnsafe(ref o, at + 48);
    }

    /// <summary>Zigzag decoding in place, <c>(u &gt;&gt; 1) ^ -(u &amp; 1)</c>, a vector at a time.</summary>
    internal static void Unzigzag<T>(Span<T> values) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<T>.One;
            ref T v = ref MemoryMarshal.GetReference(values);
            for (; i + Vector256<T>.Count <= values.Length; i += Vector256<T>.Count)
            {
                var u = Vector256.LoadUnsafe(ref v, (nuint)i);
                ((u >>> 1) ^ (Vector256<T>.Zero - (u & one))).StoreUnsafe(ref v, (nuint)i);
            }
        }
        for (; i < values.Length; i++)
        {
            T u = values[i];
            values[i] = (u >>> 1) ^ (T.Zero - (u & T.One));
        }
    }

    /// <summary>Returns element <paramref name="i"/> of a stream of <paramref name="bits"/>-bit integers packed LSB first.</summary>
    internal static ulong UnpackBits(ReadOnlySpan<byte> packed, int i, int bits)
    {
        long bit = (long)i * bits;
        int at = (int)(bit >> 3), shift = (int)(bit & 7);
        ulong word = 0;
        // Up to 5 bytes hold the element (32 bits + 7 bits of offset); the stream may end before 8 bytes are left.
        int n = Math.Min(8, packed.Length - at);
        for (int k = 0; k < n; k++) word |= (ulong)packed[at + k] << (8 * k);
        return (word >> shift) & ((1UL << bits) - 1);
    }

    private static void WidenHalves(ReadOnlySpan<ushort> halves, Span<float> output)
    {
        for (int i = 0; i < halves.Length; i++) output[i] = (float)BitConverter.UInt16BitsToHalf(halves[i]);
    }
}
