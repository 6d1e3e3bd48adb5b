using System.Buffers.Binary;
using EventFrame.Histograms;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.Writing;

/// <summary>Writing a ROOT file failed: the path is not writable, the disk is full, or an object cannot be stored.</summary>
public sealed class RootWriteException : IOException
{
    /// <summary>Creates the exception for the output <paramref name="path"/>.</summary>
    public RootWriteException(string path, string message, Exception? inner = null) : base($"{path}: {message}", inner) => OutputPath = path;

    /// <summary>The file being written.</summary>
    public string OutputPath { get; }
}

/// <summary>
/// Writes a ROOT file (TFile format, as ROOT 6 writes it) record by record, append-only, under a temporary name that
/// is renamed to the final path by <see cref="Complete"/>: a file that is disposed without completing is deleted,
/// so a path that exists was always finished. The layout written:
/// <code>
/// 0    header: "root", fVersion (63206, +1000000 past 2 GB), fBEGIN=100, fEND, fSeekFree, fNbytesFree, nfree,
///      fNbytesName, fUnits, fCompress, fSeekInfo, fNbytesInfo, fUUID          (rewritten at Complete)
/// 100  key "TFile" + file name and title + the top TDirectory record            (rewritten at Complete)
/// ...  object records: TKey header + payload, compressed in ROOT blocks when that helps (baskets, trees,
///      histograms, subdirectory records reserved at creation and rewritten at Complete)
/// end  StreamerInfo (TList of TStreamerInfo for every class written), one key list per directory,
///      the free-segments record
/// </code>
/// Directory records use 64-bit seeks (version 1005); keys use 64-bit seeks (version 1004) only past 2 GB.
/// Not thread-safe: one thread writes at a time.
/// </summary>
public sealed class RootFileWriter : IDisposable
{
    private const int Begin = 100;
    private const int RootVersion = 63206;
    private const int DirectoryRecordSize = 60;
    /// <summary>Offset past which records use 64-bit seeks and the header its large-file form (ROOT's kStartBigFile).</summary>
    internal const long DefaultSmallFileLimit = 2_000_000_000;

    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle;
    private readonly string _tempPath;
    private readonly Directory _top;
    private readonly Guid _uuid = Guid.NewGuid();
    private readonly HashSet<string> _classes = new(StringComparer.Ordinal);
    private long _end;
    private bool _completed, _disposed;

    /// <summary>A directory of the file and the keys written in it.</summary>
    internal sealed class Directory
    {
        public required string Name { get; init; }
        public required Directory? Parent { get; init; }
        public long SeekDir;
        public int NbytesName;
        public readonly List<byte[]> KeyHeaders = [];
        public readonly Dictionary<string, Directory> Children = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Cycles = new(StringComparer.Ordinal);
    }

    private RootFileWriter(string path, string tempPath, Microsoft.Win32.SafeHandles.SafeFileHandle handle, RootCodec codec, int level, long smallFileLimit)
    {
        SmallFileLimit = smallFileLimit;
        Path = path;
        _tempPath = tempPath;
        _handle = handle;
        Codec = codec;
        Level = codec == RootCodec.None ? 0 : level;
        Datime = EncodeDatime(DateTime.Now);
        _top = new Directory { Name = System.IO.Path.GetFileName(path), Parent = null, SeekDir = Begin };
        // The header and the top directory are rewritten at Complete; reserve them now.
        int topKeylen = KeyLength("TFile", _top.Name, "", large: false);
        _top.NbytesName = topKeylen + RootBuffer.StringSize(_top.Name) + RootBuffer.StringSize("");
        _end = Begin + _top.NbytesName + DirectoryRecordSize;
        WriteAt(0, new byte[_end]);
    }

    /// <summary>
    /// Starts a new file at <paramref name="path"/> (written as a temporary file beside it until <see cref="Complete"/>),
    /// compressing records with <paramref name="codec"/> at <paramref name="level"/> (1–9).
    /// </summary>
    /// <exception cref="RootWriteException">The directory does not exist or is not writable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 0–9.</exception>
    public static RootFileWriter Create(string path, RootCodec codec = RootCodec.Zstd, int level = 5) => Create(path, codec, level, DefaultSmallFileLimit);

    /// <summary>As <see cref="Create(string, RootCodec, int)"/>; tests lower <paramref name="smallFileLimit"/> to exercise the large-file layout on small files.</summary>
    internal static RootFileWriter Create(string path, RootCodec codec, int level, long smallFileLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        var full = System.IO.Path.GetFullPath(path);
        var temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RootWriteException(full, $"cannot create the output file: {e.Message}", e);
        }
        try
        {
            return new RootFileWriter(full, temp, handle, codec, level, smallFileLimit);
        }
        catch
        {
            handle.Dispose();
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Offset past which keys use 64-bit seeks (<see cref="DefaultSmallFileLimit"/> except in tests).</summary>
    internal long SmallFileLimit { get; }

    /// <summary>The final path of the file.</summary>
    public string Path { get; }

    /// <summary>The codec of compressed records.</summary>
    public RootCodec Codec { get; }

    /// <summary>The compression level (0 when <see cref="Codec"/> is <see cref="RootCodec.None"/>).</summary>
    public int Level { get; }

    /// <summary>Bytes written so far (the current end of the file).</summary>
    public long Length => _end;

    internal uint Datime { get; }

    /// <summary>ROOT's TDatime packing: (year-1995)&lt;&lt;26 | month&lt;&lt;22 | day&lt;&lt;17 | hour&lt;&lt;12 | minute&lt;&lt;6 | second.</summary>
    internal static uint EncodeDatime(DateTime t) =>
        (uint)(Math.Clamp(t.Year - 1995, 0, 63) << 26 | t.Month << 22 | t.Day << 17 | t.Hour << 12 | t.Minute << 6 | t.Second);

    /// <summary>Records that an object of <paramref name="className"/> was written, so its StreamerInfo (and its bases' and members') is stored.</summary>
    internal void UseClass(string className) => _classes.Add(className);

    /// <summary>Returns the directory at <paramref name="path"/> ("" for the top, "a/b" nested), creating missing levels (their records are reserved now).</summary>
    internal Directory GetDirectory(string path)
    {
        var d = _top;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!d.Children.TryGetValue(part, out var child))
            {
                if (d.Cycles.ContainsKey(part))
                    throw new RootWriteException(Path, $"cannot create directory '{part}': an object of that name already exists");
                child = new Directory { Name = part, Parent = d };
                var payload = new byte[DirectoryRecordSize];
                var (seek, _) = WriteKey(d, "TDirectory", part, "", payload, compress: false);
                child.SeekDir = seek;
                child.NbytesName = KeyLength("TDirectory", part, "", seek > SmallFileLimit);
                d.Children[part] = child;
            }
            d = child;
        }
        return d;
    }

    /// <summary>Splits "dir/sub/name" into the directory (created if needed) and the object name.</summary>
    internal (Directory Dir, string Name) Resolve(string objectPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectPath);
        int slash = objectPath.LastIndexOf('/');
        var name = objectPath[(slash + 1)..];
        if (name.Length == 0) throw new ArgumentException($"object path '{objectPath}' has no name", nameof(objectPath));
        return (GetDirectory(slash < 0 ? "" : objectPath[..slash]), name);
    }

    internal static int KeyLength(string className, string name, string title, bool large) =>
        4 + 2 + 4 + 4 + 2 + 2 + (large ? 16 : 8) + RootBuffer.StringSize(className) + RootBuffer.StringSize(name) + RootBuffer.StringSize(title);

    /// <summary>Key header length that a key written now (at the end of the file) will have.</summary>
    internal int NextKeyLength(string className, string name, string title) => KeyLength(className, name, title, _end > SmallFileLimit);

    /// <summary>
    /// Writes one keyed record at the end of the file: key header, then <paramref name="payload"/> compressed (when
    /// <paramref name="compress"/> and it helps) and lists it in <paramref name="dir"/>. Returns the record's seek and length.
    /// </summary>
    internal (long Seek, int Nbytes) WriteKey(Directory dir, string className, string name, string title, ReadOnlySpan<byte> payload, bool compress)
    {
        byte[] stored = compress ? RootCompressor.Compress(payload, Codec, Level) : payload.ToArray();
        int cycle = dir.Cycles.TryGetValue(name, out int c) ? c + 1 : 1;
        long seek = _end;
        var header = KeyHeader(className, name, title, payload.Length, stored.Length, seek, dir.SeekDir, cycle);
        WriteRecord(header, stored);
        dir.Cycles[name] = cycle;
        dir.KeyHeaders.Add(header);
        return (seek, header.Length + stored.Length);
    }

    /// <summary>Writes a record that is not listed in a directory (baskets): <paramref name="keyHeader"/> then <paramref name="stored"/>.</summary>
    internal long WriteRecord(ReadOnlySpan<byte> keyHeader, ReadOnlySpan<byte> stored)
    {
        long seek = _end;
        WriteAt(seek, keyHeader);
        WriteAt(seek + keyHeader.Length, stored);
        _end += keyHeader.Length + stored.Length;
        return seek;
    }

    /// <summary>
    /// Builds a TKey header: fNbytes, fVersion (4, or 1004 with 64-bit seeks past 2 GB), fObjlen, fDatime, fKeylen,
    /// fCycle, fSeekKey, fSeekPdir, class name, name, title. <paramref name="extra"/> bytes (a basket's own header)
    /// follow and count in fKeylen.
    /// </summary>
    internal byte[] KeyHeader(string className, string name, string title, int objlen, int storedLength, long seekKey, long seekPdir, int cycle, ReadOnlySpan<byte> extra = default, bool? largeKey = null)
    {
        bool large = largeKey ?? seekKey > SmallFileLimit;
        if (!large && seekKey > int.MaxValue) throw new InvalidOperationException($"a key with 32-bit seeks cannot be written at offset {seekKey}");
        int keylen = KeyLength(className, name, title, large) + extra.Length;
        var b = new RootBuffer(keylen);
        b.I32(keylen + storedLength);
        b.I16((short)(large ? 1004 : 4));
        b.I32(objlen);
        b.U32(Datime);
        b.I16((short)keylen);
        b.I16((short)cycle);
        if (large)
        {
            b.I64(seekKey);
            b.I64(seekPdir);
        }
        else
        {
            b.I32((int)seekKey);
            b.I32((int)seekPdir);
        }
        b.String(className);
        b.String(name);
        b.String(title);
        b.Bytes(extra);
        return b.ToArray();
    }

    /// <summary>Position of the next record.</summary>
    internal long End => _end;

    private void WriteAt(long offset, ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        try
        {
            RandomAccess.Write(_handle, bytes, offset);
        }
        catch (IOException e)
        {
            throw new RootWriteException(Path, $"writing {bytes.Length} bytes at offset {offset} failed (disk full?): {e.Message}", e);
        }
    }

    /// <summary>
    /// Starts a TTree at <paramref name="treePath"/> ("name" or "dir/sub/name") with one branch per column (see
    /// <see cref="RootTreeWriter"/> for the layout). Fill it with <c>RootTreeWriter.Write(columns, entryCount)</c>;
    /// <see cref="Complete"/> finishes it if <see cref="RootTreeWriter.Finish"/> was not called.
    /// </summary>
    /// <param name="treePath">Where the tree goes; directories are created.</param>
    /// <param name="columns">Column names and types, in the order buffers will be given.</param>
    /// <param name="basketSize">Target uncompressed basket size in bytes (at least 64).</param>
    /// <param name="clusterSize">Entries per cluster (fAutoFlush; at least 1).</param>
    /// <exception cref="NotSupportedException">A column type has no TTree representation.</exception>
    public RootTreeWriter CreateTree(string treePath, IReadOnlyList<EventFrame.Data.ColumnInfo> columns, int basketSize = 32 * 1024, long clusterSize = 100_000)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(basketSize, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterSize, 1);
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        var tree = new RootTreeWriter(this, treePath, columns, basketSize, clusterSize);
        _trees.Add(tree);
        return tree;
    }

    private readonly List<RootTreeWriter> _trees = [];

    /// <summary>
    /// Writes <paramref name="histogram"/> (a <see cref="Hist1D"/> as TH1D, <see cref="Hist2D"/> as TH2D, <see cref="Hist3D"/>
    /// as TH3D, or <see cref="Profile1D"/> as TProfile) under <paramref name="objectPath"/> ("name" or "dir/sub/name"; directories are created).
    /// </summary>
    /// <exception cref="NotSupportedException">Another histogram type (2D profiles have no writer yet).</exception>
    public void WriteHistogram(string objectPath, HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var (dir, name) = Resolve(objectPath);
        string className = RootHistogramWriter.ClassName(histogram);
        string title = RootHistogramWriter.Title(histogram);
        var buffer = new RootBuffer(1024) { Displacement = NextKeyLength(className, name, title) };
        RootHistogramWriter.Write(buffer, histogram, name, this);
        WriteKey(dir, className, name, title, buffer.Span, compress: true);
    }

    /// <summary>
    /// Finishes the file: StreamerInfo, key lists and directory records, free-segment list and header; then flushes it to disk
    /// and renames it to <see cref="Path"/> (replacing an existing file). Returns the path.
    /// </summary>
    /// <exception cref="RootWriteException">Writing or renaming failed; the temporary file is removed.</exception>
    public string Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        try
        {
            foreach (var tree in _trees) tree.Finish();
            var (seekInfo, nbytesInfo) = WriteStreamerInfo();
            FinishDirectory(_top);
            long seekFree = _end;
            bool large = seekFree > SmallFileLimit;
            var free = new RootBuffer(32);
            if (large)
            {
                free.I16(1001);
                free.I64(0);
                free.I64(0);
            }
            else
            {
                free.I16(1);
                free.I32(0);
                free.I32(0);
            }
            var freeHeader = KeyHeader("TFile", _top.Name, "", free.Length, free.Length, seekFree, Begin, 1);
            int nbytesFree = freeHeader.Length + free.Length;
            long end = seekFree + nbytesFree;
            // The one free segment runs from the end of the file to ROOT's "infinity".
            var f = free.ToArray();
            if (large)
            {
                BinaryPrimitives.WriteInt64BigEndian(f.AsSpan(2), end);
                BinaryPrimitives.WriteInt64BigEndian(f.AsSpan(10), 1L << 62);
            }
            else
            {
                BinaryPrimitives.WriteInt32BigEndian(f.AsSpan(2), (int)end);
                BinaryPrimitives.WriteInt32BigEndian(f.AsSpan(6), 2_000_000_000);
            }
            WriteRecord(freeHeader, f);
            WriteHeader(end, seekFree, nbytesFree, seekInfo, nbytesInfo);
            RandomAccess.FlushToDisk(_handle);
            _handle.Dispose();
            _completed = true;
            File.Move(_tempPath, Path, overwrite: true);
            return Path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw e as RootWriteException ?? new RootWriteException(Path, $"finishing the file failed: {e.Message}", e);
        }
    }

    private (long Seek, int Nbytes) WriteStreamerInfo()
    {
        const string className = "TList", name = "StreamerInfo", title = "Doubly linked list";
        var b = new RootBuffer(4096) { Displacement = NextKeyLength(className, name, title) };
        RootStreamerInfos.WriteList(b, _classes);
        byte[] stored = RootCompressor.Compress(b.Span, Codec, Level);
        long seek = _end;
        var header = KeyHeader(className, name, title, b.Length, stored.Length, seek, Begin, 1);
        WriteRecord(header, stored);
        return (seek, header.Length + stored.Length);
    }

    /// <summary>Writes the key lists of <paramref name="d"/> and its subdirectories, then their directory records.</summary>
    private void FinishDirectory(Directory d)
    {
        foreach (var child in d.Children.Values) FinishDirectory(child);
        string cls = d.Parent is null ? "TFile" : "TDirectory";
        var list = new RootBuffer(64 + d.KeyHeaders.Sum(h => h.Length));
        list.I32(d.KeyHeaders.Count);
        foreach (var h in d.KeyHeaders) list.Bytes(h);
        long seekKeys = _end;
        var header = KeyHeader(cls, d.Name, "", list.Length, list.Length, seekKeys, d.SeekDir, 1);
        WriteRecord(header, list.Span);
        int nbytesKeys = header.Length + list.Length;

        var rec = new RootBuffer(DirectoryRecordSize);
        rec.I16(1005);
        rec.U32(Datime);
        rec.U32(Datime);
        rec.I32(nbytesKeys);
        rec.I32(d.NbytesName);
        rec.I64(d.SeekDir);
        rec.I64(d.Parent?.SeekDir ?? 0);
        rec.I64(seekKeys);
        rec.U16(1);
        rec.Bytes(_uuid.ToByteArray(bigEndian: true));
        if (d.Parent is null)
        {
            var top = new RootBuffer(128);
            top.String(d.Name);
            top.String("");
            top.Bytes(rec.Span);
            // The top key sits at fBEGIN, always within 32-bit reach; its length was reserved with a small header.
            var h = KeyHeader("TFile", d.Name, "", top.Length, top.Length, Begin, 0, 1, largeKey: false);
            WriteAt(Begin, h);
            WriteAt(Begin + h.Length, top.Span);
        }
        else
            WriteAt(d.SeekDir + d.NbytesName, rec.Span);
    }

    private void WriteHeader(long end, long seekFree, int nbytesFree, long seekInfo, int nbytesInfo)
    {
        bool large = end > SmallFileLimit;
        var h = new RootBuffer(Begin);
        h.Bytes("root"u8);
        h.I32(large ? RootVersion + 1_000_000 : RootVersion);
        h.I32(Begin);
        if (large)
        {
            h.I64(end);
            h.I64(seekFree);
        }
        else
        {
            h.I32((int)end);
            h.I32((int)seekFree);
        }
        h.I32(nbytesFree);
        h.I32(1);
        h.I32(_top.NbytesName);
        h.U8((byte)(large ? 8 : 4));
        h.I32(RootCompressor.Setting(Codec, Level));
        if (large) h.I64(seekInfo); else h.I32((int)seekInfo);
        h.I32(nbytesInfo);
        h.U16(1);
        h.Bytes(_uuid.ToByteArray(bigEndian: true));
        WriteAt(0, h.Span);
    }

    /// <summary>Closes the file; if <see cref="Complete"/> was not called, the temporary file is deleted and nothing appears at <see cref="Path"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_completed) return;
        _handle.Dispose();
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort: the temporary name never looks like a finished output.
        }
    }
}
