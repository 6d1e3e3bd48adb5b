using System.Buffers;
using EventFrame.IO.Bytes;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.Trees;

/// <summary>
/// One TBasket in memory: the decompressed values of entries <c>[EntryStart, EntryStart + EntryCount)</c> of a branch,
/// and, for variable-size entries, where each entry starts.
/// <code>
/// key header (class "TBasket", name = branch, title = tree), then:
/// u16 version  i32 fBufferSize  i32 fNevBufSize (&lt;0: negate, then u8 fIOBits)  i32 fNevBuf  i32 fLast  i8 flag
/// payload after decompression (fObjlen bytes):
///   [0, fLast − fKeylen)   values
///   then, if room remains: i32 n, n × i32 entry offsets (absolute, include fKeylen; the last one is unused)
/// </code>
/// Flag 80 (kGenerateOffsetMap) means no offset table: offsets come from the counter branch. Embedded baskets (in
/// TBranch.fBaskets) carry flag 1/11: [i32 n + offsets], then fLast bytes that start with a copy of the key header.
/// </summary>
public sealed unsafe class RootBasket
{
    private byte[] _buffer;
    private readonly bool _pooled;
    private bool _released;
    // A raw basket lent in place by a memory-mapped source: its values are read straight from the mapping.
    private MemoryHandle _pin;
    private byte* _pinned;
    // A raw basket lent in place by the prefetched cluster: its values are read straight from the cluster's block,
    // which the basket borrows until it is released.
    private PrefetchedRanges? _lender;

    // Decoded entry offsets: given for embedded baskets, decoded from the stored table on first use for the others
    // (counted arrays read the stored table directly and never need them).
    private int[]? _offsets;
    private readonly bool _storedTable;
    private readonly int _keylen;
    private readonly RootLocation _where;

    private RootBasket(byte[] buffer, bool pooled, int dataStart, int dataLength, int[]? offsets, long entryStart, int entryCount, bool generateOffsets,
        bool storedTable = false, int keylen = 0, RootLocation where = default)
    {
        _buffer = buffer;
        _pooled = pooled;
        DataStart = dataStart;
        DataLength = dataLength;
        _offsets = offsets;
        EntryStart = entryStart;
        EntryCount = entryCount;
        GenerateOffsets = generateOffsets;
        _storedTable = storedTable;
        _keylen = keylen;
        _where = where;
    }

    private RootBasket(MemoryHandle pin, int dataStart, int dataLength, long entryStart, int entryCount, bool generateOffsets, bool storedTable, int keylen, in RootLocation where)
        : this([], true, dataStart, dataLength, null, entryStart, entryCount, generateOffsets, storedTable, keylen, where)
    {
        _pin = pin;
        _pinned = (byte*)pin.Pointer;
    }

    private RootBasket(byte[] block, PrefetchedRanges lender, int dataStart, int dataLength, long entryStart, int entryCount, bool generateOffsets, bool storedTable, int keylen, in RootLocation where)
        : this(block, true, dataStart, dataLength, null, entryStart, entryCount, generateOffsets, storedTable, keylen, where)
    {
        lender.Borrow();
        _lender = lender;
    }

    /// <summary>First entry (within the file's tree) held by the basket.</summary>
    public long EntryStart { get; internal set; }

    /// <summary>fNevBuf: number of entries.</summary>
    public int EntryCount { get; }

    /// <summary>Entry byte offsets relative to <see cref="Data"/> (EntryCount + 1 values, the last = data length), or empty
    /// when entries have a fixed size or offsets must be generated (see <see cref="HasOffsets"/>).</summary>
    /// <exception cref="RootFormatException">The stored table is not a valid offset table (decoded and checked on first use).</exception>
    public ReadOnlySpan<int> Offsets => OffsetArray is { } o ? o.AsSpan(0, EntryCount + 1) : default;

    /// <summary>Whether the basket carries an entry-offset table.</summary>
    public bool HasOffsets => _offsets is not null || _storedTable;

    /// <summary>
    /// The offset table's array (pooled for baskets read from keys: only the first EntryCount + 1 values count), decoded
    /// and checked on first use.
    /// </summary>
    /// <exception cref="RootFormatException">The stored table is not a valid offset table.</exception>
    internal int[]? OffsetArray => _offsets ?? (_storedTable ? DecodeOffsets() : null);

    /// <summary>
    /// The stored entry-offset table: EntryCount big-endian int32 values, each the entry's start in the record, i.e.
    /// <see cref="StoredTableBase"/> plus its offset in <see cref="Data"/>. Empty when there is no stored table.
    /// </summary>
    internal ReadOnlySpan<byte> StoredTable => !_storedTable ? default : _pinned != null
        ? new ReadOnlySpan<byte>(_pinned + DataStart + DataLength + 4, EntryCount * 4)
        : _buffer.AsSpan(DataStart + DataLength + 4, EntryCount * 4);

    /// <summary>What the stored table's values count from (fKeylen): subtract it to get offsets into <see cref="Data"/>.</summary>
    internal int StoredTableBase => _keylen;

    private int[] DecodeOffsets()
    {
        var offsets = ArrayPool<int>.Shared.Rent(EntryCount + 1);
        offsets[EntryCount] = DataLength;
        // Swapped, rebased and checked in one vectorized pass; a table that fails is checked again value by value to name
        // the bad entry.
        if (!BasketKernels.RebaseOffsets(StoredTable, _keylen, DataLength, offsets.AsSpan(0, EntryCount)))
        {
            try
            {
                CheckOffsets(offsets.AsSpan(0, EntryCount + 1), DataLength, _where);
            }
            catch
            {
                ArrayPool<int>.Shared.Return(offsets);
                throw;
            }
        }
        _offsets = offsets;
        return offsets;
    }

    /// <summary>Whether the basket asked for offsets to be generated from the counter branch (flag 80).</summary>
    public bool GenerateOffsets { get; }

    /// <summary>Number of value bytes (fLast − fKeylen).</summary>
    public int DataLength { get; }

    private int DataStart { get; }

    /// <summary>The value bytes (big-endian).</summary>
    public ReadOnlySpan<byte> Data => _pinned != null ? new ReadOnlySpan<byte>(_pinned + DataStart, DataLength) : _buffer.AsSpan(DataStart, DataLength);

    /// <summary>Returns pooled buffers to the pool and unpins or returns lent bytes; the basket must not be used afterwards.</summary>
    internal void Release()
    {
        if (_pooled && !_released)
        {
            _released = true;
            if (_pinned != null)
            {
                _pinned = null;
                _pin.Dispose();
            }
            else if (_lender is not null)
            {
                _lender.ReturnBorrow();
                _lender = null;
            }
            else
                ArrayPool<byte>.Shared.Return(_buffer);
            if (_offsets is not null) ArrayPool<int>.Shared.Return(_offsets);
        }
        _buffer = [];
    }

    private static (int Version, int NevBufSize, int NevBuf, int Last, byte Flag) ReadHeaderFields(ref RootReader r)
    {
        int version = r.U16();
        r.I32();
        int nevBufSize = r.I32();
        if (nevBufSize < 0)
        {
            nevBufSize = -nevBufSize;
            r.U8();
        }
        int nevBuf = r.I32();
        int last = r.I32();
        byte flag = r.U8();
        return (version, nevBufSize, nevBuf, last, flag);
    }

    private static void SkipKeyHeader(ref RootReader r, out int nbytes, out int objlen, out short keylen)
    {
        nbytes = r.I32();
        short version = r.I16();
        objlen = r.I32();
        r.U32();
        keylen = r.I16();
        r.I16();
        r.Skip(version > 1000 ? 16 : 8);
        r.String();
        r.String();
        r.String();
    }

    /// <summary>Reads basket <paramref name="index"/> of <paramref name="branch"/> from its own record (decompressing into a pooled buffer).</summary>
    /// <exception cref="RootFormatException">The record is malformed or inconsistent with the branch's basket tables.</exception>
    internal static RootBasket ReadFromKey(RootFile file, RootBranch branch, int index, PrefetchedRanges? prefetched = null)
    {
        long seek = branch.BasketSeek[index];
        int bytes = branch.BasketBytes[index];
        var where = new RootLocation(file.Path, $"{branch.Name} basket {index}", seek);
        if (bytes < 30)
            throw new RootFormatException(where, $"basket size {bytes} is too small for a basket header");
        if (seek < 0 || seek > file.Length - bytes)
            throw new RootFormatException(where, $"basket of {bytes} bytes at {seek} lies outside the file of {file.Length} bytes");
        // The record and the decompressed payload live in pooled buffers: baskets come and go at a high rate. A record
        // prefetched with its cluster is decoded in place, and a raw (uncompressed) one stays in the cluster's block as
        // the basket's data, borrowed until the basket is released. A memory-mapped source lends the record in place the
        // same way: compressed baskets decompress straight from the mapping, and a raw one stays pinned there. Either
        // way a raw basket's values are copied once, by the decoder.
        byte[]? record = null;
        MemoryHandle pin = default;
        bool pinned = false, keep = false;
        try
        {
            ReadOnlySpan<byte> rec;
            byte[] block = [];
            int blockStart = 0;
            bool inBlock = prefetched is not null && prefetched.TryGetBlock(seek, bytes, out block, out blockStart);
            if (inBlock)
                rec = block.AsSpan(blockStart, bytes);
            else if (file.TryPin(seek, bytes, where.ObjectName, out pin))
            {
                pinned = true;
                rec = new ReadOnlySpan<byte>(pin.Pointer, bytes);
            }
            else
            {
                record = ArrayPool<byte>.Shared.Rent(bytes);
                file.ReadInto(seek, record.AsSpan(0, bytes), where.ObjectName);
                rec = record.AsSpan(0, bytes);
            }
            var r = new RootReader(rec, where, seek, 0);
            SkipKeyHeader(ref r, out int nbytes, out int objlen, out short keylen);
            var (_, _, nevBuf, last, flag) = ReadHeaderFields(ref r);
            long expectEntries = branch.BasketEntry[index + 1] - branch.BasketEntry[index];
            if (nbytes != bytes || keylen < r.Position || keylen > nbytes || objlen < 0)
                throw new RootFormatException(where, $"basket key (fNbytes {nbytes}, fKeylen {keylen}, fObjlen {objlen}) disagrees with fBasketBytes {bytes}");
            if (nevBuf != expectEntries)
                throw new RootFormatException(where, $"basket holds {nevBuf} entries but fBasketEntry says {expectEntries}");
            int border = last - keylen;
            if (border < 0 || border > objlen)
                throw new RootFormatException(where, $"basket fLast {last} is outside its {objlen} bytes of data");
            var stored = rec.Slice(keylen, nbytes - keylen);
            if (stored.Length == objlen)
            {
                if (pinned)
                {
                    var lent = new RootBasket(pin, keylen, border, branch.BasketEntry[index], nevBuf, flag >= 80,
                        HasStoredTable(stored, border, nevBuf, flag, where), keylen, where);
                    keep = true;
                    return lent;
                }
                if (inBlock)
                {
                    var borrowed = new RootBasket(block, prefetched!, blockStart + keylen, border, branch.BasketEntry[index], nevBuf, flag >= 80,
                        HasStoredTable(stored, border, nevBuf, flag, where), keylen, where);
                    keep = true;
                    return borrowed;
                }
                // Read with Source.Read into its own pooled record, which becomes the basket's buffer.
                var raw = Finish(record!, true, keylen, objlen, border, keylen, nevBuf, flag, branch.BasketEntry[index], where);
                keep = true;
                return raw;
            }
            RootFile.CheckBlocks(stored, objlen, where.At(seek + keylen));
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(objlen, 1));
            try
            {
                RootCompression.Decompress(stored, buffer.AsSpan(0, objlen), where.At(seek + keylen));
                return Finish(buffer, true, 0, objlen, border, keylen, nevBuf, flag, branch.BasketEntry[index], where);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
        finally
        {
            if (!keep)
            {
                if (record is not null) ArrayPool<byte>.Shared.Return(record);
                if (pinned) pin.Dispose();
            }
        }
    }

    private static RootBasket Finish(byte[] buffer, bool pooled, int start, int objlen, int border, int keylen, int nevBuf, byte flag, long entryStart, in RootLocation where) =>
        new(buffer, pooled, start, border, null, entryStart, nevBuf, flag >= 80, HasStoredTable(buffer.AsSpan(start, objlen), border, nevBuf, flag, where), keylen, where);

    /// <summary>
    /// Whether a payload carries an entry-offset table after its values, checking that its count covers the entries
    /// and that it fits the payload (its values are checked when decoded).
    /// </summary>
    private static bool HasStoredTable(ReadOnlySpan<byte> payload, int border, int nevBuf, byte flag, in RootLocation where)
    {
        if (flag >= 80 || border >= payload.Length || nevBuf <= 0) return false;
        var r = new RootReader(payload[border..], where, where.Offset, 0);
        int n = r.I32();
        if (n < nevBuf || (long)n * 4 > r.Remaining)
            throw new RootFormatException(where, $"entry-offset table claims {n} offsets for {nevBuf} entries in {r.Remaining} bytes");
        return true;
    }

    private static void CheckOffsets(ReadOnlySpan<int> offsets, int border, in RootLocation where)
    {
        // Only embedded baskets' small tables and tables the vectorized decoder rejected come here.
        int prev = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            if (offsets[i] < prev || offsets[i] > border)
                throw new RootFormatException(where, $"entry offset {i} = {offsets[i]} is not within [{prev}, {border}]");
            prev = offsets[i];
        }
        if (offsets.Length > 0 && offsets[0] != 0)
            throw new RootFormatException(where, $"first entry offset is {offsets[0]}, not 0");
    }

    /// <summary>Reads an embedded TBasket (a TObjArray element of TBranch.fBaskets) at the reader's position.</summary>
    internal static RootBasket ReadEmbedded(ref RootReader r, int end)
    {
        var where = r.Where;
        SkipKeyHeader(ref r, out _, out _, out short keylen);
        var (_, _, nevBuf, last, flag) = ReadHeaderFields(ref r);
        if (nevBuf < 0 || keylen <= 0 || last < keylen)
            throw new RootFormatException(where, $"embedded basket has fNevBuf {nevBuf}, fKeylen {keylen}, fLast {last}");
        bool generate = flag >= 80;
        int f = flag % 80;
        int[]? offsets = null;
        int border = last - keylen;
        if (!generate && f != 0 && f % 10 != 2 && nevBuf > 0)
        {
            int n = r.I32();
            if (n < nevBuf || (long)n * 4 > r.Remaining)
                throw new RootFormatException(r.Where, $"embedded basket offset table claims {n} offsets for {nevBuf} entries");
            offsets = new int[nevBuf + 1];
            for (int i = 0; i < n; i++)
            {
                int v = r.I32();
                if (i < nevBuf) offsets[i] = v - keylen;
            }
            offsets[nevBuf] = border;
            if (f > 40)
            {
                int nd = r.I32();
                if (nd < 0 || (long)nd * 4 > r.Remaining) throw new RootFormatException(r.Where, $"embedded basket displacement table claims {nd} values");
                r.Skip(nd * 4);
            }
            CheckOffsets(offsets, border, where);
        }
        if (f != 1 && f <= 10)
            throw new RootFormatException(where, $"embedded basket (flag {flag}) carries no buffer");
        if (last > r.Remaining)
            throw new RootFormatException(r.Where, $"embedded basket buffer of {last} bytes runs past its object");
        var buffer = r.Bytes(last)[keylen..].ToArray();
        if (end >= 0) r.SkipTo(end, "TBasket");
        return new RootBasket(buffer, false, 0, border, offsets, 0, nevBuf, generate);
    }
}
