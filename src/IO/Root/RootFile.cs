using EventFrame.IO.Bytes;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root;

/// <summary>
/// A ROOT file opened for reading. The header (offsets from 0; ROOT's TFile.cxx counts from 1):
/// <code>
/// off  small file (fVersion &lt; 1000000)   large file (fVersion ≥ 1000000)
///  0   "root"                           same
///  4   i32 fVersion                     same (ROOT version + 1000000)
///  8   i32 fBEGIN                       same
/// 12   i32 fEND                         i64 fEND
/// 16   i32 fSeekFree                    20: i64 fSeekFree
/// 20   i32 fNbytesFree                  28: i32
/// 24   i32 nfree                        32: i32
/// 28   i32 fNbytesName                  36: i32
/// 32   u8  fUnits                       40: u8
/// 33   i32 fCompress                    41: i32
/// 37   i32 fSeekInfo                    45: i64
/// 41   i32 fNbytesInfo                  53: i32
/// 45   u16 UUID version, 16 bytes UUID  57: same
/// </code>
/// The layout is chosen by fVersion, not by fUnits (uproot-issue412.root has fUnits 4 with the large layout).
/// The root directory record starts at fBEGIN + fNbytesName. Thread-safe for reading.
/// </summary>
public sealed class RootFile : IDisposable
{
    private readonly bool _ownsSource;
    private RootDirectory? _root;
    private readonly Lock _rootLock = new();

    private RootFile(IByteSource source, bool ownsSource)
    {
        Source = source;
        _ownsSource = ownsSource;
        var where = new RootLocation(Path, "(file header)", 0);
        if (source.Length < 64)
            throw new RootFormatException(where, $"file of {source.Length} bytes is too short for a ROOT header");
        var head = ReadBytes(0, (int)Math.Min(source.Length, 128), "(file header)");
        var r = new RootReader(head, where, 0, 0);
        if (!r.Bytes(4).SequenceEqual("root"u8))
            throw new RootFormatException(where, "not a ROOT file (missing \"root\" magic)");
        Version = r.I32();
        Begin = r.I32();
        IsLargeFile = Version >= 1000000;
        End = IsLargeFile ? r.I64() : r.I32();
        SeekFree = IsLargeFile ? r.I64() : r.I32();
        NbytesFree = r.I32();
        NFree = r.I32();
        NbytesName = r.I32();
        Units = r.U8();
        Compress = r.I32();
        SeekInfo = IsLargeFile ? r.I64() : r.I32();
        NbytesInfo = r.I32();
        r.U16();
        var uuid = r.Bytes(16);
        Uuid = new Guid(uuid, bigEndian: true);
        if (Begin < 0 || NbytesName < 0 || Begin > Length - NbytesName)
            throw new RootFormatException(where, $"fBEGIN {Begin} + fNbytesName {NbytesName} lies outside the file of {Length} bytes");
    }

    /// <summary>Opens a local path, <c>file://</c> URL or a URL of a registered byte-source scheme.</summary>
    /// <exception cref="RootFormatException">The file cannot be opened or is not a valid ROOT file.</exception>
    public static RootFile Open(string pathOrUrl)
    {
        IByteSource source;
        try
        {
            source = ByteSources.Open(pathOrUrl);
        }
        catch (ByteSourceException e)
        {
            throw new RootFormatException(pathOrUrl, "", -1, e.Message, e);
        }
        try
        {
            return new RootFile(source, ownsSource: true);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Opens a ROOT file over <paramref name="source"/>; the file takes ownership and disposes it.</summary>
    /// <exception cref="RootFormatException">The bytes are not a valid ROOT file.</exception>
    public static RootFile Open(IByteSource source) => new(source, ownsSource: true);

    /// <summary>The byte source the file reads from.</summary>
    public IByteSource Source { get; }

    /// <summary>The path or URL (the source's name).</summary>
    public string Path => Source.Name;

    /// <summary>The file name without directories.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>File length in bytes.</summary>
    public long Length => Source.Length;

    /// <summary>fVersion: ROOT version of the writer (plus 1000000 for the large-file layout).</summary>
    public int Version { get; }

    /// <summary>Whether the header uses the large-file (64-bit) layout, i.e. fVersion ≥ 1000000.</summary>
    public bool IsLargeFile { get; }

    /// <summary>fBEGIN: offset of the first record (100).</summary>
    public int Begin { get; }

    /// <summary>fEND: offset of the first free byte at the end of the file.</summary>
    public long End { get; }

    /// <summary>fSeekFree: offset of the free-segments record.</summary>
    public long SeekFree { get; }

    /// <summary>fNbytesFree: bytes of the free-segments record.</summary>
    public int NbytesFree { get; }

    /// <summary>nfree: number of free segments.</summary>
    public int NFree { get; }

    /// <summary>fNbytesName: bytes of the TFile key's name and title part; the root directory record follows it.</summary>
    public int NbytesName { get; }

    /// <summary>fUnits: 4 or 8, the size of seek pointers the writer preferred.</summary>
    public byte Units { get; }

    /// <summary>fCompress: 100 × algorithm + level of the writer's default compression.</summary>
    public int Compress { get; }

    /// <summary>fSeekInfo: offset of the StreamerInfo record.</summary>
    public long SeekInfo { get; }

    /// <summary>fNbytesInfo: bytes of the StreamerInfo record.</summary>
    public int NbytesInfo { get; }

    /// <summary>fUUID of the file.</summary>
    public Guid Uuid { get; }

    /// <summary>The root directory (read on first use).</summary>
    /// <exception cref="RootFormatException">The directory record or key list is malformed.</exception>
    public RootDirectory Root
    {
        get
        {
            lock (_rootLock)
            {
                if (_root is not null) return _root;
                long at = Begin + NbytesName;
                int len = (int)Math.Min(64, Length - at);
                var rec = ReadBytes(at, len, "(root directory)");
                _root = RootDirectory.Read(this, "", rec, at, 0, 0);
                return _root;
            }
        }
    }

    private IReadOnlyList<RootStreamerInfo>? _streamerInfos;

    /// <summary>
    /// The StreamerInfo list at fSeekInfo (a TList of TStreamerInfo), read on first use. Only the class layouts that
    /// the hard-coded readers cannot know are looked up here (e.g. the C++ type of an STL member of a split object).
    /// </summary>
    /// <exception cref="RootFormatException">The record is missing or malformed.</exception>
    public IReadOnlyList<RootStreamerInfo> StreamerInfos
    {
        get
        {
            lock (_rootLock)
            {
                if (_streamerInfos is not null) return _streamerInfos;
                if (SeekInfo <= 0) return _streamerInfos = [];
                var key = ReadKeyAt(SeekInfo, "StreamerInfo");
                var payload = ReadObject(key);
                var r = new RootReader(payload, new RootLocation(Path, "StreamerInfo", key.PayloadOffset), key.PayloadOffset, key.Keylen);
                var list = new Trees.TreeStreamer().ReadList(ref r);
                _streamerInfos = list.OfType<RootStreamerInfo>().ToList();
                return _streamerInfos;
            }
        }
    }

    /// <summary>Returns the StreamerInfo of <paramref name="className"/> (the given version, or the highest one), or null.</summary>
    public RootStreamerInfo? GetStreamerInfo(string className, int? version = null)
    {
        RootStreamerInfo? best = null;
        foreach (var s in StreamerInfos)
            if (s.ClassName == className && (version is null ? best is null || s.ClassVersion > best.ClassVersion : s.ClassVersion == version))
                best = s;
        return best;
    }

    internal int Depth(string path) => path.Length == 0 ? 0 : path.Count(c => c == '/') + 1;

    /// <summary>
    /// Finds the key at <paramref name="path"/>: names separated by '/', through subdirectories; the last name may carry
    /// ";cycle" (otherwise the highest cycle). Returns null if any part is missing.
    /// </summary>
    /// <exception cref="RootFormatException">A directory on the way is malformed.</exception>
    public RootKey? FindKey(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var dir = Root;
        for (int i = 0; i < parts.Length; i++)
        {
            var (name, cycle) = SplitCycle(parts[i]);
            var key = dir.GetKey(name, cycle);
            if (key is null) return null;
            if (i == parts.Length - 1) return key;
            if (!key.IsDirectory) return null;
            dir = dir.OpenSubdirectory(key);
        }
        return null;
    }

    private static (string Name, int? Cycle) SplitCycle(string part)
    {
        int semi = part.LastIndexOf(';');
        if (semi > 0 && int.TryParse(part.AsSpan(semi + 1), out int c)) return (part[..semi], c);
        return (part, null);
    }

    /// <summary>All keys of all directories, depth first, as (path without cycle, key); for listings.</summary>
    public IEnumerable<(string Path, RootKey Key)> AllKeys()
    {
        var result = new List<(string, RootKey)>();
        // Directory records already listed: a malformed file whose seek pointers form a cycle must not loop.
        var seen = new HashSet<long> { Root.SeekDir };
        Walk(Root, result);
        return result;

        void Walk(RootDirectory d, List<(string, RootKey)> acc)
        {
            foreach (var k in d.Keys)
            {
                var p = d.Path.Length == 0 ? k.Name : d.Path + "/" + k.Name;
                acc.Add((p, k));
                if (k.IsDirectory && d.GetKey(k.Name) == k && seen.Add(k.SeekKey)) Walk(d.OpenSubdirectory(k), acc);
            }
        }
    }

    /// <summary>Reads the key header of the record at file offset <paramref name="seekKey"/> (e.g. fSeekInfo or a basket's fBasketSeek).</summary>
    /// <exception cref="RootFormatException">The header is outside the file or malformed.</exception>
    public RootKey ReadKeyAt(long seekKey, string objectName)
    {
        var fixedPart = ReadBytes(seekKey, 18, objectName);
        int keylen = (short)(fixedPart[14] << 8 | fixedPart[15]);
        if (keylen < 18)
            throw new RootFormatException(Path, objectName, seekKey, $"key length {keylen} is too short for a key header");
        var buf = ReadBytes(seekKey, keylen, objectName);
        var r = new RootReader(buf, new RootLocation(Path, objectName, seekKey), seekKey, 0);
        var key = RootKey.Read(ref r, this);
        if (key.SeekKey != seekKey && key.SeekKey != 0)
            throw new RootFormatException(Path, objectName, seekKey, $"key header says it is at {key.SeekKey}, not at {seekKey}");
        return key;
    }

    /// <summary>Reads the decompressed payload of <paramref name="key"/> (<see cref="RootKey.ObjLen"/> bytes).</summary>
    /// <exception cref="RootFormatException">The record is outside the file, its block headers do not add up to fObjlen,
    /// or decompression fails.</exception>
    public byte[] ReadObject(RootKey key)
    {
        var where = new RootLocation(Path, key.Name, key.PayloadOffset);
        var stored = ReadBytes(key.PayloadOffset, key.StoredLength, key.Name);
        if (!key.IsCompressed) return stored;
        CheckBlocks(stored, key.ObjLen, where);
        var output = new byte[key.ObjLen];
        RootCompression.Decompress(stored, output, where);
        return output;
    }

    /// <summary>Largest accepted ratio of uncompressed to compressed bytes in one block.</summary>
    internal const int MaxCompressionRatio = 65536;

    /// <summary>
    /// Checks, before allocating the output, that the 9-byte block headers of a compressed payload chain through
    /// <paramref name="stored"/> and announce exactly <paramref name="objLen"/> bytes.
    /// </summary>
    internal static void CheckBlocks(ReadOnlySpan<byte> stored, int objLen, in RootLocation where)
    {
        long total = 0;
        int pos = 0;
        while (total < objLen)
        {
            if (stored.Length - pos < RootCompression.HeaderSize)
                throw new RootFormatException(where.At(where.Offset + pos), $"compressed payload of {stored.Length} bytes ends before its blocks reach fObjlen {objLen} (have {total})");
            int c = stored[pos + 3] | stored[pos + 4] << 8 | stored[pos + 5] << 16;
            int u = stored[pos + 6] | stored[pos + 7] << 8 | stored[pos + 8] << 16;
            if (u == 0) throw new RootFormatException(where.At(where.Offset + pos), "compression block announces 0 bytes");
            // No codec ROOT uses expands data by more than this (zstd's best case is about 1:40000), so a larger claim is a
            // forged size field, rejected before its buffer is allocated.
            if (u > (long)Math.Max(c, 1) * MaxCompressionRatio + 4096)
                throw new RootFormatException(where.At(where.Offset + pos), $"compression block claims {u} bytes from {c} compressed bytes, beyond any codec's ratio");
            total += u;
            pos += RootCompression.HeaderSize + c;
        }
        if (total != objLen)
            throw new RootFormatException(where, $"compression blocks announce {total} bytes but fObjlen is {objLen}");
    }

    /// <summary>Reads <paramref name="length"/> raw bytes at <paramref name="offset"/>, checked against the file size before allocating.</summary>
    /// <exception cref="RootFormatException">The range is outside the file or the read fails.</exception>
    public byte[] ReadBytes(long offset, int length, string objectName)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new RootFormatException(Path, objectName, offset, $"record of {length} bytes at offset {offset} lies outside the file of {Length} bytes");
        var buf = GC.AllocateUninitializedArray<byte>(length);
        ReadInto(offset, buf, objectName);
        return buf;
    }

    /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="RootFormatException">The range is outside the file or the read fails.</exception>
    public void ReadInto(long offset, Span<byte> destination, string objectName)
    {
        if (offset < 0 || offset > Length - destination.Length)
            throw new RootFormatException(Path, objectName, offset, $"record of {destination.Length} bytes at offset {offset} lies outside the file of {Length} bytes");
        try
        {
            Source.Read(offset, destination);
        }
        catch (ByteSourceException e)
        {
            throw new RootFormatException(Path, objectName, offset, e.Message, e);
        }
    }

    /// <summary>
    /// Lends the bytes at <paramref name="offset"/> in place when the source can (<see cref="IByteSource.TryPin"/>):
    /// returns false when it cannot, and the caller reads them instead.
    /// </summary>
    /// <exception cref="RootFormatException">The range is outside the file or the source is closed.</exception>
    internal bool TryPin(long offset, int length, string objectName, out System.Buffers.MemoryHandle pin)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new RootFormatException(Path, objectName, offset, $"record of {length} bytes at offset {offset} lies outside the file of {Length} bytes");
        try
        {
            return Source.TryPin(offset, length, out pin);
        }
        catch (ByteSourceException e)
        {
            throw new RootFormatException(Path, objectName, offset, e.Message, e);
        }
    }

    /// <summary>Closes the byte source if the file owns it.</summary>
    public void Dispose()
    {
        if (_ownsSource) Source.Dispose();
    }
}
