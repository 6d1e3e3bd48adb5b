using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.Writing;

/// <summary>
/// Writes one TTree (v20) into a <see cref="RootFileWriter"/>: one branch per flat column (TLeafO/B/b/S/s/I/i/L/l/F/D,
/// or TLeafC for strings), and for each jagged column a counter branch <c>n&lt;column&gt;</c> (Int_t) plus a data
/// branch <c>column[ncolumn]</c>, as NanoAOD stores its collections. Each branch fills baskets of about
/// <c>basketSize</c> bytes (big-endian values; variable-size branches add the entry-offset table); baskets of all
/// branches end together every <c>clusterSize</c> entries (fAutoFlush). Sealed baskets are compressed in parallel
/// and written in order once a few MiB are pending, so memory stays bounded whatever the number of entries.
/// </summary>
public sealed class RootTreeWriter
{
    private const int PendingLimit = 8 << 20;
    private const int EntryOffsetLen = 1000;

    private readonly RootFileWriter _file;
    private readonly RootFileWriter.Directory _dir;
    private readonly string _name;
    private readonly int _basketSize;
    private readonly long _clusterSize;
    private readonly List<Branch> _branches = [];
    private readonly ColumnFiller[] _fillers;
    private readonly List<Sealed> _pending = [];
    private long _pendingBytes;
    private long _entries;

    /// <summary>A basket ready to compress and write.</summary>
    /// <summary>A basket ready to compress and write; <see cref="Payload"/> and <see cref="Stored"/> are rented from the shared pool.</summary>
    private sealed record Sealed(Branch Branch, byte[] Payload, int Objlen, int NevBuf, int Last, int Keylen, bool Large, byte[] Extra)
    {
        public byte[]? Stored;
        public int StoredLength;
    }

    /// <summary>Creates the branches for <paramref name="columns"/> in the tree <paramref name="treePath"/> ("dir/name" allowed).</summary>
    /// <exception cref="NotSupportedException">A column type has no TTree representation (three levels of nesting).</exception>
    internal RootTreeWriter(RootFileWriter file, string treePath, IReadOnlyList<ColumnInfo> columns, int basketSize, long clusterSize)
    {
        _file = file;
        (_dir, _name) = file.Resolve(treePath);
        _basketSize = basketSize;
        _clusterSize = clusterSize;
        var names = new HashSet<string>(columns.Select(c => c.Name), StringComparer.Ordinal);
        _fillers = new ColumnFiller[columns.Count];
        for (int i = 0; i < columns.Count; i++)
            _fillers[i] = CreateFiller(columns[i], names);
        _columns = [.. columns];
    }

    private readonly ColumnInfo[] _columns;
    private bool _finished;

    /// <summary>The tree's name inside its directory.</summary>
    public string Name => _name;

    /// <summary>
    /// Appends <paramref name="entryCount"/> entries; <paramref name="columns"/> holds one buffer per column given when
    /// the tree was created, in that order (the buffer types of <see cref="ColumnBuffer.Create"/> for each column type).
    /// </summary>
    /// <exception cref="ArgumentException">The number of buffers, their types or their entry counts do not match.</exception>
    /// <exception cref="InvalidOperationException">The tree was already finished.</exception>
    public void Write(IReadOnlyList<ColumnBuffer> columns, int entryCount)
    {
        if (_finished) throw new InvalidOperationException($"tree '{_name}' is already finished");
        Check(_columns, columns, entryCount);
        Write(columns, 0, entryCount);
    }

    /// <summary>Checks that <paramref name="buffers"/> match <paramref name="columns"/> in number and type and hold <paramref name="entryCount"/> entries.</summary>
    /// <exception cref="ArgumentException">They do not.</exception>
    internal static void Check(IReadOnlyList<ColumnInfo> columns, IReadOnlyList<ColumnBuffer> buffers, int entryCount)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(entryCount);
        if (buffers.Count != columns.Count)
            throw new ArgumentException($"{columns.Count} columns were declared but {buffers.Count} buffers were given", nameof(buffers));
        for (int c = 0; c < buffers.Count; c++)
        {
            if (buffers[c] is null || buffers[c].Type != columns[c].Type)
                throw new ArgumentException($"column '{columns[c].Name}' is {columns[c].Type} but its buffer holds {buffers[c]?.Type.ToString() ?? "null"}", nameof(buffers));
            if (buffers[c].EntryCount < entryCount)
                throw new ArgumentException($"column '{columns[c].Name}' holds {buffers[c].EntryCount} entries, fewer than {entryCount}", nameof(buffers));
        }
    }

    /// <summary>Entries written so far.</summary>
    public long Entries => _entries;

    private ColumnFiller CreateFiller(ColumnInfo column, HashSet<string> names)
    {
        var t = column.Type;
        if (t.Element == ElementType.String && t.Depth == 0)
            return new StringFiller(AddBranch(column.Name, column.Name, "TLeafC", ElementType.String, null));
        if (t.Element == ElementType.String && t.Depth == 1)
            return new VectorStringFiller(AddElementBranch(column.Name, "vector<string>", 0x100e72bc));
        if (t.Depth == 2)
        {
            string inner = CppName(t.Element);
            var branch = AddElementBranch(column.Name, $"vector<vector<{inner}> >", inner == "int" ? 0xb90b52bd : 0);
            return t.Element == ElementType.String ? new Vector2StringFiller(branch) : Generic(typeof(Vector2Filler<>), t.Element, branch);
        }
        if (t.Depth > 2)
            throw new NotSupportedException($"column '{column.Name}' of type {t} cannot be written to a TTree (at most two levels of nesting can)");
        if (t.Depth == 0)
            return Generic(typeof(FlatFiller<>), t.Element, AddBranch(column.Name, column.Name, LeafClass(t.Element), t.Element, null));
        string counterName = "n" + column.Name;
        while (!names.Add(counterName)) counterName += "_";
        var counter = AddBranch(counterName, counterName, "TLeafI", ElementType.Int32, null);
        counter.IsCounter = true;
        var data = AddBranch(column.Name, $"{column.Name}[{counterName}]", LeafClass(t.Element), t.Element, counter);
        return Generic(typeof(JaggedFiller<>), t.Element, counter, data);
    }

    private static ColumnFiller Generic(Type open, ElementType e, params Branch[] branches) =>
        (ColumnFiller)Activator.CreateInstance(open.MakeGenericType(e.ClrType()), [.. branches.Cast<object>()])!;

    private Branch AddBranch(string name, string leafTitle, string leafClass, ElementType element, Branch? counter)
    {
        var b = new Branch(this, name, leafTitle, leafClass, element, counter);
        _branches.Add(b);
        _file.UseClass(leafClass);
        return b;
    }

    /// <summary>A <c>std::vector&lt;...&gt;</c> branch (TBranchElement, fType 0, fID -1, fStreamerType -1: one streamed STL object per entry).</summary>
    private Branch AddElementBranch(string name, string className, uint checkSum)
    {
        var b = new Branch(this, name, name, "TLeafElement", ElementType.String, null) { ElementClass = className, ElementCheckSum = checkSum };
        _branches.Add(b);
        _file.UseClass("TLeafElement");
        _file.UseClass("TBranchElement");
        return b;
    }

    private static string CppName(ElementType e) => e switch
    {
        ElementType.Bool => "bool",
        ElementType.Int8 => "char",
        ElementType.UInt8 => "unsigned char",
        ElementType.Int16 => "short",
        ElementType.UInt16 => "unsigned short",
        ElementType.Int32 => "int",
        ElementType.UInt32 => "unsigned int",
        ElementType.Int64 => "Long64_t",
        ElementType.UInt64 => "ULong64_t",
        ElementType.Float32 => "float",
        ElementType.Float64 => "double",
        _ => "string",
    };

    private static string LeafClass(ElementType e) => e switch
    {
        ElementType.Bool => "TLeafO",
        ElementType.Int8 or ElementType.UInt8 => "TLeafB",
        ElementType.Int16 or ElementType.UInt16 => "TLeafS",
        ElementType.Int32 or ElementType.UInt32 => "TLeafI",
        ElementType.Int64 or ElementType.UInt64 => "TLeafL",
        ElementType.Float32 => "TLeafF",
        ElementType.Float64 => "TLeafD",
        _ => "TLeafC",
    };

    private static char TypeCode(ElementType e) => e switch
    {
        ElementType.Bool => 'O',
        ElementType.Int8 => 'B',
        ElementType.UInt8 => 'b',
        ElementType.Int16 => 'S',
        ElementType.UInt16 => 's',
        ElementType.Int32 => 'I',
        ElementType.UInt32 => 'i',
        ElementType.Int64 => 'L',
        ElementType.UInt64 => 'l',
        ElementType.Float32 => 'F',
        ElementType.Float64 => 'D',
        _ => 'C',
    };

    /// <summary>Appends entries <c>[start, start + count)</c> of <paramref name="columns"/> (already checked); cluster boundaries are inserted by entry number.</summary>
    internal void Write(IReadOnlyList<ColumnBuffer> columns, int start, int count)
    {
        int pos = start, end = start + count;
        while (pos < end)
        {
            long inCluster = _entries % _clusterSize;
            int n = (int)Math.Min(end - pos, _clusterSize - inCluster);
            for (int c = 0; c < _fillers.Length; c++) _fillers[c].Append(columns[c], pos, pos + n);
            _entries += n;
            pos += n;
            if (_entries % _clusterSize == 0)
            {
                foreach (var b in _branches) b.Seal();
                Flush();
            }
        }
    }

    /// <summary>Seals the last baskets and writes every pending basket and the TTree record (once; later calls do nothing). <see cref="RootFileWriter.Complete"/> calls it for trees not finished yet.</summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        foreach (var b in _branches) b.Seal();
        Flush();
        var title = "";
        var buffer = new RootBuffer(4096 + 512 * _branches.Count) { Displacement = _file.NextKeyLength("TTree", _name, title) };
        WriteTree(buffer, title);
        _file.UseClass("TTree");
        _file.UseClass("TBranch");
        _file.WriteKey(_dir, "TTree", _name, title, buffer.Span, compress: true);
    }

    private void Enqueue(Sealed s)
    {
        _pending.Add(s);
        _pendingBytes += s.Objlen;
        if (_pendingBytes >= PendingLimit) Flush();
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var codec = _file.Codec;
        int level = _file.Level;
        Parallel.For(0, _pending.Count, i =>
        {
            var s = _pending[i];
            s.Stored = ArrayPool<byte>.Shared.Rent(Math.Max(1, s.Objlen));
            s.StoredLength = RootCompressor.Compress(s.Payload.AsSpan(0, s.Objlen), s.Stored, codec, level);
        });
        try
        {
            foreach (var s in _pending)
            {
                var header = _file.KeyHeader("TBasket", s.Branch.Name, _name, s.Objlen, s.StoredLength, _file.End, _dir.SeekDir, 1, s.Extra, s.Large);
                if (header.Length != s.Keylen) throw new InvalidOperationException($"basket key of branch {s.Branch.Name} is {header.Length} bytes, expected {s.Keylen}");
                long seek = _file.WriteRecord(header, s.Stored.AsSpan(0, s.StoredLength));
                s.Branch.Written(seek, header.Length + s.StoredLength, s.Objlen + s.Keylen);
            }
        }
        finally
        {
            foreach (var s in _pending)
            {
                ArrayPool<byte>.Shared.Return(s.Payload);
                if (s.Stored is not null) ArrayPool<byte>.Shared.Return(s.Stored);
            }
        }
        _pending.Clear();
        _pendingBytes = 0;
    }

    /// <summary>One branch and its open basket.</summary>
    private sealed class Branch(RootTreeWriter tree, string name, string leafTitle, string leafClass, ElementType element, Branch? counter)
    {
        public readonly string Name = name;
        public readonly string LeafTitle = leafTitle;
        public readonly string LeafClass = leafClass;
        public readonly ElementType Element = element;
        public readonly Branch? Counter = counter;
        public readonly object LeafIdentity = new();
        /// <summary>The C++ class of a TBranchElement (<c>vector&lt;string&gt;</c>, …), or null for a plain leaf branch.</summary>
        public string? ElementClass { get; init; }
        public uint ElementCheckSum { get; init; }
        /// <summary>True for the Int_t branch that counts another branch's values (its leaf gets fIsRange, as ROOT marks count leaves).</summary>
        public bool IsCounter { get; set; }
        public bool Variable => Counter is not null || Element == ElementType.String;
        public int ValueSize => Element == ElementType.String ? 1 : Element.Size();

        private byte[] _data = new byte[Math.Max(64, tree._basketSize + 64)];
        private int _length;
        private readonly List<int> _offsets = [];
        private long _entries, _basketFirst;
        public long MaxValue;
        public readonly List<int> BasketBytes = [];
        public readonly List<long> BasketEntry = [0];
        public readonly List<long> BasketSeek = [];
        public long TotBytes, ZipBytes;
        public long Entries => _entries;

        public Span<byte> Reserve(int n)
        {
            if (_length + n > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + n));
            var s = _data.AsSpan(_length, n);
            _length += n;
            return s;
        }

        public bool Full => _length >= tree._basketSize;

        /// <summary>Bytes left before the open basket reaches the target size.</summary>
        public int Room => Math.Max(0, tree._basketSize - _length);

        public int Length => _length;

        /// <summary>The open basket's bytes (for patching byte counts).</summary>
        public Span<byte> Data => _data.AsSpan(0, _length);

        /// <summary>Marks the start of an entry of a variable-size branch.</summary>
        public void BeginEntry() => _offsets.Add(_length);

        public void EndEntries(int n)
        {
            _entries += n;
            if (Full) Seal();
        }

        public void Seal()
        {
            int nev = (int)(_entries - _basketFirst);
            if (nev == 0) return;
            var t = tree;
            // Whether this basket's key needs 64-bit seeks is decided now (its offsets include fKeylen), bounding where it can land:
            // every pending payload stored raw plus a generous key header each.
            bool large = t._file.End + t._pendingBytes + ObjlenFor(nev) + 512L * (t._pending.Count + 1) > t._file.SmallFileLimit;
            int keylen = RootFileWriter.KeyLength("TBasket", Name, t._name, large) + 19;
            int objlen = ObjlenFor(nev);
            var payload = ArrayPool<byte>.Shared.Rent(Math.Max(1, objlen));
            _data.AsSpan(0, _length).CopyTo(payload);
            if (Variable)
            {
                // Entry offsets are absolute within the key record (they include fKeylen); the extra last one is fLast.
                var o = payload.AsSpan(_length);
                BinaryPrimitives.WriteInt32BigEndian(o, nev + 1);
                for (int i = 0; i < nev; i++) BinaryPrimitives.WriteInt32BigEndian(o[(4 + 4 * i)..], _offsets[i] + keylen);
                BinaryPrimitives.WriteInt32BigEndian(o[(4 + 4 * nev)..], _length + keylen);
            }
            var extra = new RootBuffer(19);
            extra.U16(3);
            extra.I32(keylen + objlen);
            // fNevBufSize: the entry-offset array length for variable-size branches (ROOT sizes its array by it), else the entry size.
            extra.I32(Variable ? Math.Max(EntryOffsetLen, nev + 1) : ValueSize);
            extra.I32(nev);
            extra.I32(keylen + _length);
            extra.U8(0);
            t.Enqueue(new Sealed(this, payload, objlen, nev, keylen + _length, keylen, large, extra.ToArray()));
            _basketFirst = _entries;
            BasketEntry.Add(_entries);
            _length = 0;
            _offsets.Clear();
            if (_data.Length > 4 * (t._basketSize + 64)) _data = new byte[t._basketSize + 64];
        }

        private int ObjlenFor(int nev) => _length + (Variable ? 4 + 4 * (nev + 1) : 0);

        public void Written(long seek, int bytes, int totBytes)
        {
            BasketSeek.Add(seek);
            BasketBytes.Add(bytes);
            TotBytes += totBytes;
            ZipBytes += bytes;
        }
    }

    /// <summary>Copies one column's entries into its branches.</summary>
    private abstract class ColumnFiller
    {
        public abstract void Append(ColumnBuffer column, int start, int end);

        protected static void BigEndian<T>(ReadOnlySpan<T> values, Span<byte> dst) where T : unmanaged
        {
            var bytes = MemoryMarshal.AsBytes(values);
            bytes.CopyTo(dst);
            switch (bytes.Length / Math.Max(1, values.Length))
            {
                case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(dst[..bytes.Length]), MemoryMarshal.Cast<byte, ushort>(dst[..bytes.Length])); break;
                case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(dst[..bytes.Length]), MemoryMarshal.Cast<byte, uint>(dst[..bytes.Length])); break;
                case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(dst[..bytes.Length]), MemoryMarshal.Cast<byte, ulong>(dst[..bytes.Length])); break;
            }
        }

        protected static T Cast<T>(ColumnBuffer column) where T : ColumnBuffer =>
            column as T ?? throw new ArgumentException($"column buffer is a {column.GetType().Name}, expected {typeof(T).Name}");
    }

    private sealed class FlatFiller<T>(Branch branch) : ColumnFiller where T : unmanaged
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var values = Cast<FlatBuffer<T>>(column).Values;
            int size = branch.ValueSize;
            while (start < end)
            {
                int room = Math.Max(1, (branch.Room + size - 1) / size);
                int n = Math.Min(room, end - start);
                BigEndian(values.Slice(start, n), branch.Reserve(n * size));
                start += n;
                branch.EndEntries(n);
            }
        }
    }

    private sealed class JaggedFiller<T>(Branch counter, Branch data) : ColumnFiller where T : unmanaged
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var jagged = Cast<JaggedBuffer<T>>(column);
            var offsets = jagged.Offsets;
            var values = jagged.Values;
            for (int i = start; i < end; i++)
            {
                int lo = offsets[i], n = offsets[i + 1] - lo;
                BinaryPrimitives.WriteInt32BigEndian(counter.Reserve(4), n);
                if (n > counter.MaxValue) counter.MaxValue = n;
                counter.EndEntries(1);
                data.BeginEntry();
                BigEndian(values.Slice(lo, n), data.Reserve(n * data.ValueSize));
                data.EndEntries(1);
            }
        }
    }

    private sealed class StringFiller(Branch branch) : ColumnFiller
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var values = Cast<FlatBuffer<string>>(column).Values;
            for (int i = start; i < end; i++)
            {
                var s = values[i] ?? "";
                int n = Encoding.UTF8.GetByteCount(s);
                branch.BeginEntry();
                if (n < 255) branch.Reserve(1)[0] = (byte)n;
                else
                {
                    branch.Reserve(1)[0] = 255;
                    BinaryPrimitives.WriteInt32BigEndian(branch.Reserve(4), n);
                }
                Encoding.UTF8.GetBytes(s, branch.Reserve(n));
                if (n + 1 > branch.MaxValue) branch.MaxValue = n + 1;
                branch.EndEntries(1);
            }
        }
    }

    /// <summary>Streams STL collections as ROOT does for a top-level, unsplit object: byte count, version, then the content.</summary>
    private abstract class CollectionFiller(Branch branch) : ColumnFiller
    {
        // The collection version ROOT writes in front of top-level STL objects (TStreamerInfo's class version).
        private const ushort CollectionVersion = 9;

        protected Branch Branch => branch;

        protected int BeginEntry()
        {
            branch.BeginEntry();
            int at = branch.Length;
            branch.Reserve(4);
            BinaryPrimitives.WriteUInt16BigEndian(branch.Reserve(2), CollectionVersion);
            return at;
        }

        protected void EndEntry(int at)
        {
            int len = branch.Length - at - 4;
            BinaryPrimitives.WriteUInt32BigEndian(branch.Data.Slice(at, 4), (uint)len | 0x40000000);
            branch.EndEntries(1);
        }

        protected void Count(int n) => BinaryPrimitives.WriteInt32BigEndian(branch.Reserve(4), n);

        protected void String(string? s)
        {
            s ??= "";
            int n = Encoding.UTF8.GetByteCount(s);
            if (n < 255) branch.Reserve(1)[0] = (byte)n;
            else
            {
                branch.Reserve(1)[0] = 255;
                BinaryPrimitives.WriteInt32BigEndian(branch.Reserve(4), n);
            }
            Encoding.UTF8.GetBytes(s, branch.Reserve(n));
        }
    }

    private sealed class VectorStringFiller(Branch branch) : CollectionFiller(branch)
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var j = Cast<JaggedBuffer<string>>(column);
            var offsets = j.Offsets;
            var values = j.Values;
            for (int i = start; i < end; i++)
            {
                int at = BeginEntry();
                Count(offsets[i + 1] - offsets[i]);
                for (int k = offsets[i]; k < offsets[i + 1]; k++) String(values[k]);
                EndEntry(at);
            }
        }
    }

    private sealed class Vector2Filler<T>(Branch branch) : CollectionFiller(branch) where T : unmanaged
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var j = Cast<Jagged2Buffer<T>>(column);
            var outer = j.Outer;
            var inner = j.Inner.Offsets;
            var values = j.Inner.Values;
            int size = ElementTypes.FromClrType(typeof(T))!.Value.Size();
            for (int i = start; i < end; i++)
            {
                int at = BeginEntry();
                Count(outer[i + 1] - outer[i]);
                for (int k = outer[i]; k < outer[i + 1]; k++)
                {
                    int n = inner[k + 1] - inner[k];
                    Count(n);
                    BigEndian(values.Slice(inner[k], n), Branch.Reserve(n * size));
                }
                EndEntry(at);
            }
        }
    }

    private sealed class Vector2StringFiller(Branch branch) : CollectionFiller(branch)
    {
        public override void Append(ColumnBuffer column, int start, int end)
        {
            var j = Cast<Jagged2Buffer<string>>(column);
            var outer = j.Outer;
            var inner = j.Inner.Offsets;
            var values = j.Inner.Values;
            for (int i = start; i < end; i++)
            {
                int at = BeginEntry();
                Count(outer[i + 1] - outer[i]);
                for (int k = outer[i]; k < outer[i + 1]; k++)
                {
                    Count(inner[k + 1] - inner[k]);
                    for (int v = inner[k]; v < inner[k + 1]; v++) String(values[v]);
                }
                EndEntry(at);
            }
        }
    }

    private void WriteTree(RootBuffer b, string title)
    {
        int tree = b.BeginObject(20);
        b.TNamed(_name, title);
        WriteAttLine(b);
        WriteAttFill(b);
        int marker = b.BeginObject(2);
        b.I16(1);
        b.I16(1);
        b.F32(1);
        b.EndObject(marker);
        b.I64(_entries);
        b.I64(_branches.Sum(x => x.TotBytes));
        b.I64(_branches.Sum(x => x.ZipBytes));
        b.I64(0); // fSavedBytes
        b.I64(_branches.Sum(x => x.ZipBytes)); // fFlushedBytes
        b.F64(1); // fWeight
        b.I32(0); // fTimerInterval
        b.I32(25); // fScanField
        b.I32(0); // fUpdate
        b.I32(EntryOffsetLen); // fDefaultEntryOffsetLen
        b.I32(0); // fNClusterRange: one range, described by fAutoFlush
        b.I64(1_000_000_000_000); // fMaxEntries
        b.I64(1_000_000_000_000); // fMaxEntryLoop
        b.I64(0); // fMaxVirtualSize
        b.I64(-300_000_000); // fAutoSave
        b.I64(_clusterSize); // fAutoFlush
        b.I64(1_000_000); // fEstimate
        b.U8(0); // fClusterRangeEnd: empty
        b.U8(0); // fClusterSize: empty
        WriteIOFeatures(b);
        // fBranches
        int arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(_branches.Count);
        b.I32(0);
        foreach (var br in _branches) WriteBranch(b, br);
        b.EndObject(arr);
        // fLeaves: references to the leaves written inside the branches.
        arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(_branches.Count);
        b.I32(0);
        foreach (var br in _branches)
            if (!b.TryReference(br.LeafIdentity)) throw new InvalidOperationException($"leaf of branch {br.Name} was not written");
        b.EndObject(arr);
        b.Null(); // fAliases
        b.I32(0); // fIndexValues (TArrayD)
        b.I32(0); // fIndex (TArrayI)
        b.Null(); // fTreeIndex
        b.Null(); // fFriends
        b.Null(); // fUserInfo
        b.Null(); // fBranchRef
        b.EndObject(tree);
    }

    private static void WriteAttLine(RootBuffer b)
    {
        int at = b.BeginObject(2);
        b.I16(1);
        b.I16(1);
        b.I16(1);
        b.EndObject(at);
    }

    private static void WriteAttFill(RootBuffer b)
    {
        int at = b.BeginObject(2);
        b.I16(0);
        b.I16(1001);
        b.EndObject(at);
    }

    private static void WriteIOFeatures(RootBuffer b)
    {
        int at = b.BeginObject(1);
        b.U8(0);
        b.EndObject(at);
    }

    private void WriteBranch(RootBuffer b, Branch br)
    {
        int ptr = b.BeginPointer(br.ElementClass is null ? "TBranch" : "TBranchElement");
        int element = br.ElementClass is null ? -1 : b.BeginObject(10);
        int obj = b.BeginObject(13);
        b.TNamed(br.Name, br.ElementClass is null ? $"{br.LeafTitle}/{TypeCode(br.Element)}" : br.Name);
        WriteAttFill(b);
        b.I32(RootCompressor.Setting(_file.Codec, _file.Level));
        b.I32(_basketSize);
        b.I32(br.Variable ? EntryOffsetLen : 0);
        int nb = br.BasketSeek.Count;
        b.I32(nb); // fWriteBasket
        b.I64(br.Entries); // fEntryNumber
        WriteIOFeatures(b);
        b.I32(0); // fOffset
        int maxBaskets = Math.Max(10, nb + 1);
        b.I32(maxBaskets);
        b.I32(0); // fSplitLevel
        b.I64(br.Entries);
        b.I64(0); // fFirstEntry
        b.I64(br.TotBytes);
        b.I64(br.ZipBytes);
        // fBranches: none
        int arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(0);
        b.I32(0);
        b.EndObject(arr);
        // fLeaves: the one leaf
        arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(1);
        b.I32(0);
        WriteLeaf(b, br);
        b.EndObject(arr);
        // fBaskets: all baskets are in their own keys
        arr = b.BeginObject(3);
        b.TObject();
        b.String("");
        b.I32(0);
        b.I32(0);
        b.EndObject(arr);
        b.U8(1);
        for (int i = 0; i < maxBaskets; i++) b.I32(i < nb ? br.BasketBytes[i] : 0);
        b.U8(1);
        for (int i = 0; i < maxBaskets; i++) b.I64(i <= nb ? br.BasketEntry[i] : 0);
        b.U8(1);
        for (int i = 0; i < maxBaskets; i++) b.I64(i < nb ? br.BasketSeek[i] : 0);
        b.String(""); // fFileName
        b.EndObject(obj);
        if (br.ElementClass is not null)
        {
            b.String(br.ElementClass);
            b.String(""); // fParentName
            b.String(""); // fClonesName
            b.U32(br.ElementCheckSum);
            b.I16(6); // fClassVersion of STL collections
            b.I32(-1); // fID: the whole object
            b.I32(0); // fType: top-level
            b.I32(-1); // fStreamerType
            b.I32(0); // fMaximum
            b.Null(); // fBranchCount
            b.Null(); // fBranchCount2
            b.EndObject(element);
        }
        b.EndObject(ptr);
    }

    private static void WriteLeaf(RootBuffer b, Branch br)
    {
        int ptr = b.BeginPointer(br.LeafClass, br.LeafIdentity);
        int obj = b.BeginObject(1);
        int leaf = b.BeginObject(2);
        b.TNamed(br.Name, br.LeafTitle);
        // TLeafC reads at most fLen - 1 characters, so its fLen is the longest string plus one, as ROOT's own writer keeps it.
        b.I32(br.LeafClass == "TLeafC" ? (int)Math.Max(1, Math.Min(br.MaxValue, int.MaxValue)) : 1); // fLen
        b.I32(br.ElementClass is null ? br.ValueSize : 0); // fLenType
        b.I32(0); // fOffset
        b.Bool(br.IsCounter); // fIsRange
        b.Bool(br.Element is ElementType.UInt8 or ElementType.UInt16 or ElementType.UInt32 or ElementType.UInt64);
        if (br.Counter is null) b.Null();
        else if (!b.TryReference(br.Counter.LeafIdentity)) throw new InvalidOperationException($"counter leaf of {br.Name} must be written before it");
        b.EndObject(leaf);
        if (br.ElementClass is not null)
        {
            b.I32(-1); // fID
            b.I32(-1); // fType
            b.EndObject(obj);
            b.EndObject(ptr);
            return;
        }
        long max = br.MaxValue;
        switch (br.LeafClass)
        {
            case "TLeafO": b.Bool(false); b.Bool(max != 0); break;
            case "TLeafB": b.U8(0); b.U8((byte)Math.Min(max, 127)); break;
            case "TLeafS": b.I16(0); b.I16((short)Math.Min(max, short.MaxValue)); break;
            case "TLeafI": case "TLeafC": b.I32(0); b.I32((int)Math.Min(max, int.MaxValue)); break;
            case "TLeafL": b.I64(0); b.I64(max); break;
            case "TLeafF": b.F32(0); b.F32(max); break;
            default: b.F64(0); b.F64(max); break;
        }
        b.EndObject(obj);
        b.EndObject(ptr);
    }
}
