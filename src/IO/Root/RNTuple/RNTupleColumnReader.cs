using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// Reads ranges of elements of the physical columns of one RNTuple for one thread. It keeps the last decoded page of
/// each column, so consecutive chunks decode every page once; memory is one page per column read.
/// </summary>
internal sealed class RNTupleColumnReader : IDisposable
{
    private sealed class DecodedPage
    {
        public int ClusterId = -1;
        public int PageIndex = -1;
        public byte[] Data = [];
        public long First;
        public int Count;
    }

    private readonly RNTupleFile _file;
    private readonly Dictionary<int, DecodedPage> _pages = [];
    private byte[]? _stored;
    private byte[]? _scratch;

    /// <summary>Creates a reader of the columns of <paramref name="file"/>.</summary>
    public RNTupleColumnReader(RNTupleFile file) => _file = file;

    /// <summary>Path of the file, for messages.</summary>
    public string FilePath => _file.File.Path;

    /// <summary>
    /// Copies the cluster-relative elements <c>[first, first + destination.Length)</c> of the column that is active for
    /// <paramref name="slot"/> in <paramref name="cluster"/> into <paramref name="destination"/>, converting them to
    /// <typeparamref name="T"/>. A column the cluster's page list does not mention (a column added later) reads as zeros.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="slot">The column position; its representation active in the cluster is read.</param>
    /// <param name="first">Cluster-relative index of the first element.</param>
    /// <param name="destination">Receives the elements.</param>
    /// <param name="entryAligned">
    /// True when element i of the column belongs to entry i (the columns of top-level fields). A deferred column of
    /// such a field (added by a schema extension in the middle of a cluster) has its first stored element at entry
    /// <c>ElementOffset</c>; the entries of the cluster before it read as zeros, as the specification requires.
    /// </param>
    /// <exception cref="RootFormatException">The column has fewer elements than asked for, or a page cannot be decoded.</exception>
    public void Read<T>(RNTupleCluster cluster, RNTupleSlot slot, long first, Span<T> destination, bool entryAligned = false) where T : unmanaged
    {
        if (destination.IsEmpty) return;
        var (column, pages) = slot.Active(cluster);
        if (pages is null)
        {
            destination.Clear();
            return;
        }
        long missing = entryAligned && column.FirstElementIndex != 0 ? pages.ElementOffset - cluster.FirstEntry : 0;
        if (missing > 0)
        {
            int zeros = (int)Math.Clamp(missing - first, 0, destination.Length);
            destination[..zeros].Clear();
            destination = destination[zeros..];
            first = first + zeros - missing;
            if (destination.IsEmpty) return;
        }
        if (first < 0 || first > pages.ElementCount - destination.Length)
            throw new RootFormatException(_file.File.Path, ColumnName(column, cluster), -1,
                $"elements [{first}, {first + destination.Length}) were asked for, but the column has {pages.ElementCount} elements in this cluster");
        if (!RNTupleColumnTypes.TryDescribe(column.Type, column.Bits, out _, out int width, out var kind))
            throw new RootFormatException(_file.File.Path, ColumnName(column, cluster), -1, $"cannot decode pages of {RNTupleColumnTypes.Describe(column.Type)} with {column.Bits} bits");
        while (!destination.IsEmpty)
        {
            var page = Page(cluster, column, pages, first, width);
            int skip = (int)(first - page.First);
            int take = Math.Min(destination.Length, page.Count - skip);
            Convert(page.Data.AsSpan(skip * width, take * width), width, kind, destination[..take]);
            destination = destination[take..];
            first += take;
        }
    }

    private DecodedPage Page(RNTupleCluster cluster, RNTupleColumn column, RNTupleColumnPages pages, long element, int width)
    {
        if (!_pages.TryGetValue(column.Id, out var cached)) _pages[column.Id] = cached = new DecodedPage();
        if (cached.ClusterId == cluster.Id && element >= cached.First && element < cached.First + cached.Count) return cached;

        // The last page whose first element is <= element; pages are sorted by construction.
        int k = Array.BinarySearch(pages.FirstElement, 0, pages.Pages.Length, element);
        if (k < 0) k = ~k - 1;
        while (k < pages.Pages.Length - 1 && pages.Pages[k].ElementCount == 0) k++;
        var page = pages.Pages[k];
        var where = new RootLocation(_file.File.Path, $"{ColumnName(column, cluster)} page {k}", page.Locator.Offset);
        long unpacked = (long)page.ElementCount * width;
        long stored = page.Locator.Size + (page.HasChecksum ? 8 : 0);
        if (unpacked > RNTuplePageDecoder.MaxPageBytes || stored > RNTuplePageDecoder.MaxPageBytes)
            throw new RootFormatException(where, $"page of {page.ElementCount} elements ({stored} bytes stored) exceeds the {RNTuplePageDecoder.MaxPageBytes}-byte limit");
        // ROOT splits a blob larger than the anchor's maxKeySize over several keys; such pages exceed the limit above.
        if (page.Locator.Size > _file.Anchor.MaxKeySize)
            throw new RootFormatException(where, $"page of {page.Locator.Size} bytes is split over several keys (maxKeySize {_file.Anchor.MaxKeySize}), which is not supported");

        if (_stored is null || _stored.Length < stored)
        {
            if (_stored is not null) ArrayPool<byte>.Shared.Return(_stored);
            _stored = ArrayPool<byte>.Shared.Rent((int)Math.Max(stored, 4096));
        }
        var storedSpan = _stored.AsSpan(0, (int)stored);
        _file.File.ReadInto(page.Locator.Offset, storedSpan, where.ObjectName);

        if (cached.Data.Length < unpacked)
        {
            if (cached.Data.Length > 0) ArrayPool<byte>.Shared.Return(cached.Data);
            // Cleared first so that a failing Rent leaves no returned array to be returned again by Dispose.
            cached.Data = [];
            cached.Data = ArrayPool<byte>.Shared.Rent((int)Math.Max(unpacked, 64));
        }
        // Invalidated while decoding, so that a page that fails to decode is never served from the cache.
        cached.ClusterId = -1;
        RNTuplePageDecoder.Decode(storedSpan, page.HasChecksum, column, page.ElementCount, cached.Data.AsSpan(0, (int)unpacked), ref _scratch, where);
        cached.ClusterId = cluster.Id;
        cached.PageIndex = k;
        cached.First = pages.FirstElement[k];
        cached.Count = page.ElementCount;
        return cached;
    }

    private string ColumnName(RNTupleColumn column, RNTupleCluster cluster) =>
        $"RNTuple '{_file.Name}' column {column.Id} of field '{_file.Descriptor.Fields[column.FieldId].Name}' " +
        $"({RNTupleColumnTypes.Describe(column.Type)}) in cluster {cluster.Id}";

    /// <summary>Converts decoded elements (little-endian, <paramref name="width"/> bytes, <paramref name="kind"/>) to <typeparamref name="T"/>.</summary>
    internal static void Convert<T>(ReadOnlySpan<byte> source, int width, RNTupleValueKind kind, Span<T> destination) where T : unmanaged
    {
        bool same = Unsafe.SizeOf<T>() == width && (
            typeof(T) == typeof(float) || typeof(T) == typeof(double) ? kind == RNTupleValueKind.Float
            : typeof(T) == typeof(bool) ? kind == RNTupleValueKind.Bool
            : kind is RNTupleValueKind.Signed or RNTupleValueKind.Unsigned);
        if (same)
        {
            MemoryMarshal.Cast<byte, T>(source).CopyTo(destination);
            return;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            var e = source.Slice(i * width, width);
            double d = 0;
            long l = 0;
            bool isFloat = kind == RNTupleValueKind.Float;
            switch (kind, width)
            {
                case (RNTupleValueKind.Float, 4): d = MemoryMarshal.Read<float>(e); break;
                case (RNTupleValueKind.Float, 8): d = MemoryMarshal.Read<double>(e); break;
                case (RNTupleValueKind.Signed, 1): l = (sbyte)e[0]; break;
                case (RNTupleValueKind.Signed, 2): l = MemoryMarshal.Read<short>(e); break;
                case (RNTupleValueKind.Signed, 4): l = MemoryMarshal.Read<int>(e); break;
                case (_, 1): l = e[0]; break;
                case (_, 2): l = MemoryMarshal.Read<ushort>(e); break;
                case (_, 4): l = MemoryMarshal.Read<uint>(e); break;
                default:
                    l = MemoryMarshal.Read<long>(e);
                    if (kind == RNTupleValueKind.Unsigned && (typeof(T) == typeof(float) || typeof(T) == typeof(double))) { d = (ulong)l; isFloat = true; }
                    break;
            }
            destination[i] = From<T>(isFloat, d, l);
        }
    }

    private static T From<T>(bool isFloat, double d, long l) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float v = isFloat ? (float)d : l; return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(double)) { double v = isFloat ? d : l; return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(bool)) { bool v = isFloat ? d != 0 : l != 0; return Unsafe.As<bool, T>(ref v); }
        long x = isFloat ? (long)d : l;
        if (typeof(T) == typeof(sbyte)) { sbyte v = (sbyte)x; return Unsafe.As<sbyte, T>(ref v); }
        if (typeof(T) == typeof(byte)) { byte v = (byte)x; return Unsafe.As<byte, T>(ref v); }
        if (typeof(T) == typeof(short)) { short v = (short)x; return Unsafe.As<short, T>(ref v); }
        if (typeof(T) == typeof(ushort)) { ushort v = (ushort)x; return Unsafe.As<ushort, T>(ref v); }
        if (typeof(T) == typeof(int)) { int v = (int)x; return Unsafe.As<int, T>(ref v); }
        if (typeof(T) == typeof(uint)) { uint v = (uint)x; return Unsafe.As<uint, T>(ref v); }
        if (typeof(T) == typeof(ulong)) { ulong v = (ulong)x; return Unsafe.As<ulong, T>(ref v); }
        return Unsafe.As<long, T>(ref x);
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        foreach (var p in _pages.Values)
            if (p.Data.Length > 0) ArrayPool<byte>.Shared.Return(p.Data);
        _pages.Clear();
        if (_stored is not null) ArrayPool<byte>.Shared.Return(_stored);
        _stored = null;
    }
}
