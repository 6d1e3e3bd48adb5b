using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using EventFrame.Columns;
using EventFrame.IO.Bytes;

namespace EventFrame.IO.Root.Trees;

/// <summary>
/// Reads consecutive entries of one branch into column buffers. It keeps the current basket decompressed between
/// calls and releases it when reading moves past it, so memory stays at about one basket per branch. Not thread-safe:
/// one reader per thread.
/// </summary>
public sealed class BranchReader : IDisposable
{
    private readonly RootFile _file;
    private readonly RootBranch _branch;
    private readonly long[] _starts; // basket i covers [_starts[i], _starts[i+1])
    private readonly int _written;
    private BranchReader? _counter;
    private RootBasket? _basket;
    private int _basketIndex = -1;
    private int[]? _offsets; // entry byte offsets of the current basket (variable-size encodings)
    private int[] _counts = [];
    private int[] _generated = [];

    /// <summary>Most entries a basket whose offsets are generated from a counter branch may claim.</summary>
    private const int MaxGeneratedEntries = 1 << 24;

    /// <summary>Creates a reader for <paramref name="layout"/>'s branch.</summary>
    public BranchReader(BranchLayout layout)
    {
        Layout = layout;
        _branch = layout.Branch;
        _file = _branch.Tree.File;
        _written = _branch.WriteBasket;
        var starts = new List<long>(_branch.BasketCount + 1);
        for (int i = 0; i < _written; i++) starts.Add(_branch.BasketEntry[i]);
        foreach (var e in _branch.EmbeddedBaskets) starts.Add(e.EntryStart);
        starts.Add(_branch.EmbeddedBaskets.Count > 0 ? _branch.EmbeddedBaskets[^1].EntryStart + _branch.EmbeddedBaskets[^1].EntryCount
            : _branch.BasketEntry.Count > _written ? _branch.BasketEntry[_written] : 0);
        _starts = [.. starts];
    }

    /// <summary>Basket records read ahead for the current cluster (null: each basket is read when needed).</summary>
    public PrefetchedRanges? Prefetched { get; set; }

    /// <summary>
    /// The byte ranges of the written baskets holding entries <c>[first, first + count)</c>, for prefetching; ranges that
    /// lie outside the file are left out (reading them reports the error).
    /// </summary>
    public IEnumerable<ByteRange> BasketRanges(long first, long count)
    {
        for (int i = 0; i < _written; i++)
        {
            if (_starts[i + 1] <= first || _starts[i] >= first + count) continue;
            long seek = _branch.BasketSeek[i];
            int bytes = _branch.BasketBytes[i];
            if (bytes > 0 && seek >= 0 && seek <= _file.Length - bytes) yield return new ByteRange(seek, bytes);
        }
    }

    /// <summary>The branch layout being read.</summary>
    public BranchLayout Layout { get; }

    /// <summary>Number of entries the baskets cover.</summary>
    public long CoveredEntries => _starts[^1];

    private RootFormatException Error(string message) => new(_file.Path, _branch.Name, _basketIndex >= 0 && _basketIndex < _written ? _branch.BasketSeek[_basketIndex] : -1, message);

    /// <summary>Makes the basket holding <paramref name="entry"/> current and returns it.</summary>
    private RootBasket Basket(long entry)
    {
        if (_basket is not null && entry >= _starts[_basketIndex] && entry < _starts[_basketIndex + 1]) return _basket;
        if (entry < 0 || entry >= _starts[^1])
            throw new RootFormatException(_file.Path, _branch.Name, -1, $"entry {entry} is not covered by the branch's baskets (0..{_starts[^1]})");
        int i = Array.BinarySearch(_starts, entry);
        if (i < 0) i = ~i - 1;
        while (i + 1 < _starts.Length - 1 && _starts[i + 1] <= entry) i++;
        Release();
        var b = i < _written ? RootBasket.ReadFromKey(_file, _branch, i, Prefetched) : _branch.EmbeddedBaskets[i - _written];
        _basket = b;
        _basketIndex = i;
        if (b.EntryCount != _starts[i + 1] - _starts[i])
            throw Error($"basket {i} holds {b.EntryCount} entries but the basket table says {_starts[i + 1] - _starts[i]}");
        _offsets = null;
        PrepareOffsets(b);
        return b;
    }

    /// <summary>
    /// Releases the current basket once reading has reached its last entry: sequential reading does not come back to it,
    /// and its pooled buffer, still in cache, then receives the next basket decompressed by any reader on this thread.
    /// </summary>
    private void Consumed(RootBasket b, int end)
    {
        if (end == b.EntryCount) Release();
    }

    private void Release()
    {
        if (_basket is not null && _basketIndex < _written) _basket.Release();
        _basket = null;
        _basketIndex = -1;
        _offsets = null;
    }

    /// <summary>Computes or validates the entry layout of a freshly loaded basket.</summary>
    private void PrepareOffsets(RootBasket b)
    {
        var enc = Layout.Encoding;
        if (enc is BranchEncoding.Scalar or BranchEncoding.FixedArray)
        {
            long need = (long)b.EntryCount * Layout.DiskSize * Layout.Multiplicity;
            if (b.DataLength < need)
                throw Error($"basket {_basketIndex} has {b.DataLength} bytes, fewer than the {need} its {b.EntryCount} entries need");
            return;
        }
        if (b.HasOffsets)
        {
            // Counted arrays without entry headers turn the stored table into value counts directly (ReadCounted).
            if (enc != BranchEncoding.CountedArray || Layout.HeaderBytes != 0 || b.StoredTable.IsEmpty) _offsets = b.OffsetArray;
            return;
        }
        // Self-delimiting entries take at least one byte each; generated offsets are bounded like ROOT's own baskets.
        if (enc != BranchEncoding.CountedArray ? b.EntryCount > b.DataLength : b.EntryCount > MaxGeneratedEntries)
            throw Error($"basket {_basketIndex} claims {b.EntryCount} entries in {b.DataLength} bytes");
        // Generated offsets live in a buffer the reader reuses from basket to basket.
        if (_generated.Length < b.EntryCount + 1) _generated = new int[Math.Max(b.EntryCount + 1, _generated.Length * 2)];
        var offs = _generated;
        offs[0] = 0;
        if (enc == BranchEncoding.CountedArray)
        {
            _counter ??= CounterReader();
            _counter.Prefetched = Prefetched;
            if (_counts.Length < b.EntryCount) _counts = new int[b.EntryCount];
            _counter.ReadCounts(_starts[_basketIndex], _counts.AsSpan(0, b.EntryCount));
            long pos = 0;
            for (int i = 0; i < b.EntryCount; i++)
            {
                if (_counts[i] < 0) throw Error($"counter branch gives a negative count {_counts[i]} for entry {_starts[_basketIndex] + i}");
                pos += Layout.HeaderBytes + (long)_counts[i] * Layout.DiskSize * Layout.Multiplicity;
                if (pos > b.DataLength) throw Error($"counter branch {Layout.Counter!.Name} asks for more bytes than basket {_basketIndex} holds ({b.DataLength})");
                offs[i + 1] = (int)pos;
            }
        }
        else
        {
            // Self-delimiting entries: strings carry their length, objects their byte count.
            var data = b.Data;
            int pos = 0;
            for (int i = 0; i < b.EntryCount; i++)
            {
                if (pos >= data.Length) throw Error($"basket {_basketIndex} ends before entry {i}");
                int len;
                if (enc == BranchEncoding.String)
                    len = data[pos] == 255 ? (data.Length - pos >= 5 ? 5 + BinaryPrimitives.ReadInt32BigEndian(data[(pos + 1)..]) : -1) : 1 + data[pos];
                else
                {
                    uint bc = data.Length - pos >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(data[pos..]) : 0;
                    if ((bc & RootReader.ByteCountMask) == 0) throw Error($"entry {i} of basket {_basketIndex} has no byte count");
                    len = (int)Math.Min(int.MaxValue, 4L + (bc & ~RootReader.ByteCountMask));
                }
                if (len < 0 || len > data.Length - pos) throw Error($"entry {i} of basket {_basketIndex} runs past the basket");
                pos += len;
                offs[i + 1] = pos;
            }
        }
        _offsets = offs;
    }

    private BranchReader CounterReader()
    {
        var c = Layout.Counter ?? throw Error("no counter branch for generated offsets");
        var layout = BranchLayout.TryCreate(c, out var why);
        if (layout is null || layout.Encoding != BranchEncoding.Scalar || layout.Type.Element is ElementType.Float32 or ElementType.Float64 or ElementType.String or ElementType.Bool)
            throw Error($"counter branch {c.Name} is not an integer scalar ({why})");
        return new BranchReader(layout);
    }

    /// <summary>Reads the integer values of a counter branch for entries [first, first + dst.Length).</summary>
    internal void ReadCounts(long first, Span<int> dst)
    {
        int done = 0;
        int size = Layout.DiskSize;
        bool unsigned = Layout.Type.Element is ElementType.UInt8 or ElementType.UInt16 or ElementType.UInt32 or ElementType.UInt64;
        while (done < dst.Length)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(dst.Length - done, b.EntryCount - inB);
            var data = b.Data.Slice(inB * size, n * size);
            for (int k = 0; k < n; k++)
            {
                long v = size switch
                {
                    1 => unsigned ? data[k] : (sbyte)data[k],
                    2 => unsigned ? BinaryPrimitives.ReadUInt16BigEndian(data[(2 * k)..]) : BinaryPrimitives.ReadInt16BigEndian(data[(2 * k)..]),
                    4 => unsigned ? BinaryPrimitives.ReadUInt32BigEndian(data[(4 * k)..]) : BinaryPrimitives.ReadInt32BigEndian(data[(4 * k)..]),
                    _ => BinaryPrimitives.ReadInt64BigEndian(data[(8 * k)..]),
                };
                if (v < 0 || v > int.MaxValue) throw Error($"counter value {v} at entry {e + k} is out of range");
                dst[done + k] = (int)v;
            }
            done += n;
            Consumed(b, inB + n);
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> (created by <see cref="ColumnBuffer.Create"/> for <see cref="BranchLayout.Type"/>)
    /// with entries <c>[first, first + count)</c> of the branch (entry numbers within this file's tree).
    /// </summary>
    /// <exception cref="RootFormatException">A basket is missing, malformed or inconsistent.</exception>
    public void Read(long first, int count, ColumnBuffer buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (first < 0 || first > _starts[^1] - count)
            throw new RootFormatException(_file.Path, _branch.Name, -1, $"entries [{first}, {first + count}) are not all covered by the branch's baskets (0..{_starts[^1]})");
        switch (Layout.Type.Element)
        {
            case ElementType.Bool: ReadTyped<bool>(first, count, buffer); break;
            case ElementType.Int8: ReadTyped<sbyte>(first, count, buffer); break;
            case ElementType.UInt8: ReadTyped<byte>(first, count, buffer); break;
            case ElementType.Int16: ReadTyped<short>(first, count, buffer); break;
            case ElementType.UInt16: ReadTyped<ushort>(first, count, buffer); break;
            case ElementType.Int32: ReadTyped<int>(first, count, buffer); break;
            case ElementType.UInt32: ReadTyped<uint>(first, count, buffer); break;
            case ElementType.Int64: ReadTyped<long>(first, count, buffer); break;
            case ElementType.UInt64: ReadTyped<ulong>(first, count, buffer); break;
            case ElementType.Float32: ReadTyped<float>(first, count, buffer); break;
            case ElementType.Float64: ReadTyped<double>(first, count, buffer); break;
            case ElementType.String: ReadStrings(first, count, buffer); break;
            default: throw new InvalidOperationException($"element type {Layout.Type.Element}");
        }
    }

    private void ReadTyped<T>(long first, int count, ColumnBuffer buffer) where T : unmanaged
    {
        switch (Layout.Encoding)
        {
            case BranchEncoding.Scalar:
                ReadFixed(first, count, ((FlatBuffer<T>)buffer).Prepare(count));
                break;
            case BranchEncoding.FixedArray:
            {
                ReadFixedArray((JaggedBuffer<T>)buffer, first, count);
                break;
            }
            case BranchEncoding.CountedArray:
                ReadCounted((JaggedBuffer<T>)buffer, first, count);
                break;
            case BranchEncoding.Vector:
                ReadVector((JaggedBuffer<T>)buffer, first, count);
                break;
            case BranchEncoding.VectorVector:
                ReadVectorVector((Jagged2Buffer<T>)buffer, first, count);
                break;
            default:
                throw new InvalidOperationException($"encoding {Layout.Encoding} for {typeof(T).Name}");
        }
    }

    private void ReadFixed<T>(long first, int count, Span<T> dst) where T : unmanaged
    {
        int done = 0, m = Layout.Multiplicity, size = Layout.DiskSize;
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            Decode(b.Data.Slice(inB * m * size, n * m * size), dst.Slice(done * m, n * m));
            done += n;
            Consumed(b, inB + n);
        }
    }

    private void ReadFixedArray<T>(JaggedBuffer<T> jb, long first, int count) where T : unmanaged
    {
        int m = Layout.Multiplicity, size = Layout.DiskSize, done = 0;
        var offs = jb.PrepareOffsets(count);
        for (int i = 0; i <= count; i++) offs[i] = i * m;
        jb.PrepareValues(0);
        // Values grow basket by basket, after each basket proved it holds them, so a corrupt fLen cannot force a huge buffer.
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            var span = jb.GrowValues((done + n) * m);
            Decode(b.Data.Slice(inB * m * size, n * m * size), span.Slice(done * m, n * m));
            done += n;
            Consumed(b, inB + n);
        }
    }

    private void ReadCounted<T>(JaggedBuffer<T> jb, long first, int count) where T : unmanaged
    {
        var outOffs = jb.PrepareOffsets(count);
        outOffs[0] = 0;
        int done = 0, total = 0, unit = Layout.DiskSize;
        // Value sizes are powers of two: shifts and masks instead of a division per entry.
        int shift = System.Numerics.BitOperations.Log2((uint)unit), mask = unit - 1;
        if (1 << shift != unit) throw Error($"value size {unit} is not a power of two");
        jb.PrepareValues(0);
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            var offs = _offsets;
            int header = Layout.HeaderBytes;
            int startByte;
            if (offs is null)
            {
                // One pass over the stored big-endian table: swapped, rebased, checked and turned into value indices.
                var table = b.StoredTable;
                int keylen = b.StoredTableBase;
                startByte = BinaryPrimitives.ReadInt32BigEndian(table[(inB * 4)..]) - keylen;
                int endByte = inB + n < b.EntryCount ? BinaryPrimitives.ReadInt32BigEndian(table[((inB + n) * 4)..]) - keylen : b.DataLength;
                int baseCount = outOffs[done];
                bool ok = BasketKernels.ScaleOffsets(table.Slice(inB * 4, n * 4), keylen, endByte, shift, baseCount, outOffs.Slice(done, n))
                    && endByte <= b.DataLength && ((endByte - startByte) & mask) == 0;
                if (!ok || (long)baseCount + ((endByte - startByte) >> shift) > int.MaxValue)
                    throw Error(ok ? $"more than {int.MaxValue} values in one chunk"
                        : $"entry-offset table of basket {_basketIndex} is not increasing within its {b.DataLength} bytes in steps of the value size {unit} (entries {e}..{e + n})");
                outOffs[done + n] = baseCount + ((endByte - startByte) >> shift);
            }
            else if (header == 0)
            {
                startByte = offs[inB];
                // Offsets are validated non-decreasing when the basket loads, so each entry's value count is
                // (offs[k+1] - start) >> shift minus the previous one: no running sum, 8 entries at a time.
                int baseCount = outOffs[done], k = 0, misaligned = 0;
                if ((long)baseCount + ((offs[inB + n] - startByte) >> shift) > int.MaxValue) throw Error($"more than {int.MaxValue} values in one chunk");
                var src = offs.AsSpan(inB + 1, n);
                var dst = outOffs.Slice(done + 1, n);
                if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                {
                    var start = System.Runtime.Intrinsics.Vector256.Create(startByte);
                    var add = System.Runtime.Intrinsics.Vector256.Create(baseCount);
                    var bad = System.Runtime.Intrinsics.Vector256<int>.Zero;
                    var m = System.Runtime.Intrinsics.Vector256.Create(mask);
                    for (; k <= n - 8; k += 8)
                    {
                        var bytes = System.Runtime.Intrinsics.Vector256.Create(src.Slice(k, 8)) - start;
                        bad |= bytes & m;
                        System.Runtime.Intrinsics.Vector256.CopyTo(System.Runtime.Intrinsics.Vector256.ShiftRightArithmetic(bytes, shift) + add, dst.Slice(k, 8));
                    }
                    misaligned = bad == System.Runtime.Intrinsics.Vector256<int>.Zero ? 0 : 1;
                }
                for (; k < n; k++)
                {
                    int bytes = src[k] - startByte;
                    misaligned |= bytes & mask;
                    dst[k] = baseCount + (bytes >> shift);
                }
                if (misaligned != 0)
                    for (int j = 0; j < n; j++)
                    {
                        int bytes = offs[inB + j + 1] - offs[inB + j];
                        if ((bytes & mask) != 0) throw Error($"entry {e + j} has {bytes} value bytes, not a multiple of the value size {unit}");
                    }
            }
            else
            {
                startByte = offs[inB];
                for (int k = 0; k < n; k++)
                {
                    int bytes = offs[inB + k + 1] - offs[inB + k];
                    if (bytes > 0) bytes -= header;
                    if (bytes < 0 || (bytes & mask) != 0) throw Error($"entry {e + k} has {bytes} value bytes, not a multiple of the value size {unit}");
                    outOffs[done + k + 1] = checked(outOffs[done + k] + (bytes >> shift));
                }
            }
            int values = outOffs[done + n] - total;
            var span = jb.GrowValues(total + values);
            if (header == 0)
                Decode(b.Data.Slice(startByte, values * unit), span.Slice(total, values));
            else
                for (int k = 0; k < n; k++)
                {
                    // Pointer-array members: each entry starts with its flag byte.
                    int m = outOffs[done + k + 1] - outOffs[done + k];
                    if (m > 0) Decode(b.Data.Slice(offs![inB + k] + header, m * unit), span.Slice(outOffs[done + k], m));
                }
            total += values;
            done += n;
            Consumed(b, inB + n);
        }
    }

    private void ReadVector<T>(JaggedBuffer<T> jb, long first, int count) where T : unmanaged
    {
        var outOffs = jb.PrepareOffsets(count);
        outOffs[0] = 0;
        int done = 0, total = 0, unit = Layout.DiskSize;
        jb.PrepareValues(0);
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            var offs = _offsets!;
            var data = b.Data;
            for (int k = 0; k < n; k++)
            {
                int s = offs[inB + k], len = offs[inB + k + 1] - s;
                int items = 0;
                if (len > 0)
                {
                    if (len < 10) throw Error($"std::vector entry {e + k} has {len} bytes, fewer than its 10-byte header");
                    long m = BinaryPrimitives.ReadUInt32BigEndian(data[(s + 6)..]);
                    if (m * unit != len - 10) throw Error($"std::vector entry {e + k} says {m} values but holds {len - 10} bytes");
                    items = (int)m;
                    var span = jb.GrowValues(total + items);
                    Decode(data.Slice(s + 10, items * unit), span.Slice(total, items));
                }
                total += items;
                outOffs[done + k + 1] = total;
            }
            done += n;
            Consumed(b, inB + n);
        }
    }

    private void ReadVectorVector<T>(Jagged2Buffer<T> buffer, long first, int count) where T : unmanaged
    {
        var outer = buffer.PrepareOuter(count);
        outer[0] = 0;
        var innerCounts = new List<int>();
        var values = new List<T>();
        int done = 0, unit = Layout.DiskSize;
        var tmp = new T[16];
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            var offs = _offsets!;
            for (int k = 0; k < n; k++)
            {
                int s = offs[inB + k], len = offs[inB + k + 1] - s;
                if (len > 0)
                {
                    var r = new RootReader(b.Data.Slice(s, len), new RootLocation(_file.Path, _branch.Name, -1), -1, 0);
                    r.Skip(6);
                    int nOuter = r.I32();
                    if (nOuter < 0 || nOuter > r.Remaining / 4) throw Error($"vector<vector> entry {e + k} claims {nOuter} inner vectors in {r.Remaining} bytes");
                    for (int j = 0; j < nOuter; j++)
                    {
                        int m = r.I32();
                        if (m < 0 || (long)m * unit > r.Remaining) throw Error($"inner vector of entry {e + k} claims {m} values in {r.Remaining} bytes");
                        if (tmp.Length < m) tmp = new T[Math.Max(m, tmp.Length * 2)];
                        Decode(r.Bytes(m * unit), tmp.AsSpan(0, m));
                        values.AddRange(tmp.AsSpan(0, m));
                        innerCounts.Add(m);
                    }
                }
                outer[done + k + 1] = innerCounts.Count;
            }
            done += n;
            Consumed(b, inB + n);
        }
        var inner = buffer.Inner;
        var io = inner.PrepareOffsets(innerCounts.Count);
        io[0] = 0;
        for (int j = 0; j < innerCounts.Count; j++) io[j + 1] = io[j] + innerCounts[j];
        CollectionsMarshal.AsSpan(values).CopyTo(inner.PrepareValues(values.Count));
    }

    private void ReadStrings(long first, int count, ColumnBuffer buffer)
    {
        int depth = Layout.Type.Depth;
        Span<string> flat = depth == 0 ? ((FlatBuffer<string>)buffer).Prepare(count) : default;
        // Depth 1: entry → strings. Depth 2: entry → inner lists (outer offsets) → strings (inner offsets).
        var outerCounts = new List<int>();
        var innerCounts = new List<int>();
        var items = new List<string>();
        int done = 0;
        while (done < count)
        {
            long e = first + done;
            var b = Basket(e);
            int inB = (int)(e - b.EntryStart);
            int n = Math.Min(count - done, b.EntryCount - inB);
            var offs = _offsets!;
            for (int k = 0; k < n; k++)
            {
                int s = offs[inB + k], len = offs[inB + k + 1] - s;
                var r = new RootReader(b.Data.Slice(s, len), new RootLocation(_file.Path, _branch.Name, -1), -1, 0);
                if (depth == 0)
                {
                    flat[done + k] = len == 0 ? "" : ReadString(ref r, e + k);
                    continue;
                }
                int lists = 0;
                if (len > 0)
                {
                    r.Skip(6);
                    int m = r.I32();
                    if (m < 0 || m > r.Remaining) throw Error($"vector entry {e + k} claims {m} items in {r.Remaining} bytes");
                    if (depth == 1)
                    {
                        for (int j = 0; j < m; j++) items.Add(ReadString(ref r, e + k));
                        lists = m;
                    }
                    else
                    {
                        for (int j = 0; j < m; j++)
                        {
                            int q = r.I32();
                            if (q < 0 || q > r.Remaining) throw Error($"inner vector of entry {e + k} claims {q} strings in {r.Remaining} bytes");
                            for (int t = 0; t < q; t++) items.Add(ReadString(ref r, e + k));
                            innerCounts.Add(q);
                        }
                        lists = m;
                    }
                }
                outerCounts.Add(lists);
            }
            done += n;
            Consumed(b, inB + n);
        }
        if (depth == 0) return;
        JaggedBuffer<string> target;
        if (depth == 1)
            target = (JaggedBuffer<string>)buffer;
        else
        {
            var j2 = (Jagged2Buffer<string>)buffer;
            var outer = j2.PrepareOuter(count);
            outer[0] = 0;
            for (int i = 0; i < count; i++) outer[i + 1] = outer[i] + outerCounts[i];
            target = j2.Inner;
            outerCounts = innerCounts;
        }
        var o = target.PrepareOffsets(outerCounts.Count);
        o[0] = 0;
        for (int i = 0; i < outerCounts.Count; i++) o[i + 1] = o[i] + outerCounts[i];
        CollectionsMarshal.AsSpan(items).CopyTo(target.PrepareValues(items.Count));
    }

    private static string ReadString(ref RootReader r, long entry)
    {
        // TString/std::string members may be wrapped in a byte count + version when streamed as objects.
        if (r.Remaining >= 6 && (r.Data[r.Position] & 0x40) != 0 && r.Data[r.Position] != 255 &&
            (BinaryPrimitives.ReadUInt32BigEndian(r.Data[r.Position..]) & ~RootReader.ByteCountMask) == (uint)(r.Remaining - 4))
            r.Skip(6);
        int n = r.U8();
        if (n == 255) n = r.I32();
        if (n < 0) throw r.Error($"negative string length {n} at entry {entry}");
        var bytes = r.Bytes(n);
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? bytes[..nul] : bytes);
    }

    /// <summary>Big-endian stored values → native values (byte swap; bool normalisation; float → double widening).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Decode<T>(ReadOnlySpan<byte> src, Span<T> dst) where T : unmanaged
    {
        if (typeof(T) == typeof(bool))
        {
            // min(x, 1) maps every non-zero byte to 1, so corrupt bools never become invalid .NET bools.
            var d = MemoryMarshal.Cast<T, byte>(dst);
            int i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated)
                for (; i <= d.Length - System.Numerics.Vector<byte>.Count; i += System.Numerics.Vector<byte>.Count)
                    System.Numerics.Vector.Min(new System.Numerics.Vector<byte>(src[i..]), System.Numerics.Vector<byte>.One).CopyTo(d[i..]);
            for (; i < d.Length; i++) d[i] = src[i] != 0 ? (byte)1 : (byte)0;
            return;
        }
        int size = Unsafe.SizeOf<T>();
        if (Layout.DiskSize != size)
        {
            // Double32_t without range: floats on disk, doubles in memory.
            var f = MemoryMarshal.Cast<T, double>(dst);
            for (int i = 0; i < f.Length; i++) f[i] = BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]);
            return;
        }
        switch (size)
        {
            case 1: src.CopyTo(MemoryMarshal.AsBytes(dst)); break;
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(src), MemoryMarshal.Cast<T, ushort>(dst)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(src), MemoryMarshal.Cast<T, uint>(dst)); break;
            default: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(src), MemoryMarshal.Cast<T, ulong>(dst)); break;
        }
    }

    /// <summary>Releases the current basket (and the counter branch's).</summary>
    public void Dispose()
    {
        Release();
        _counter?.Dispose();
    }
}
