namespace EventFrame.IO.Root;

/// <summary>
/// A TDirectory of a ROOT file: its keys and subdirectories. The record is
/// <code>
/// i16 version (&gt;1000: 64-bit seeks)  u32 fDatimeC  u32 fDatimeM  i32 fNbytesKeys  i32 fNbytesName
/// fSeekDir  fSeekParent  fSeekKeys (each i32 or i64)
/// </code>
/// and the key list at fSeekKeys is one key header, an i32 count, then that many key headers. Navigation follows
/// only these seek pointers; records are never scanned linearly (ROOT reuses freed space).
/// </summary>
public sealed class RootDirectory
{
    private readonly Dictionary<long, RootDirectory> _subdirs = new();

    internal RootDirectory(RootFile file, string path, IReadOnlyList<RootKey> keys, long seekDir, long seekKeys)
    {
        File = file;
        Path = path;
        Keys = keys;
        SeekDir = seekDir;
        SeekKeys = seekKeys;
    }

    /// <summary>The file.</summary>
    public RootFile File { get; }

    /// <summary>Path from the root directory ("" for the root, e.g. "one/two").</summary>
    public string Path { get; }

    /// <summary>The keys in the order of the key list (all cycles).</summary>
    public IReadOnlyList<RootKey> Keys { get; }

    /// <summary>fSeekDir: offset of the directory record.</summary>
    public long SeekDir { get; }

    /// <summary>fSeekKeys: offset of the key list.</summary>
    public long SeekKeys { get; }

    /// <summary>Returns the key named <paramref name="name"/> with <paramref name="cycle"/>, or with the highest cycle when it is null; null if absent.</summary>
    public RootKey? GetKey(string name, int? cycle = null)
    {
        RootKey? best = null;
        foreach (var k in Keys)
            if (k.Name == name && (cycle is null ? best is null || k.Cycle > best.Cycle : k.Cycle == cycle))
                best = k;
        return best;
    }

    /// <summary>Opens the subdirectory stored under <paramref name="key"/> (a key of this directory of class TDirectory/TDirectoryFile).</summary>
    /// <exception cref="RootFormatException">The key is not a directory or its record is malformed.</exception>
    public RootDirectory OpenSubdirectory(RootKey key)
    {
        if (!key.IsDirectory)
            throw new RootFormatException(File.Path, key.Name, key.SeekKey, $"key of class {key.ClassName} is not a directory");
        lock (_subdirs)
        {
            if (_subdirs.TryGetValue(key.SeekKey, out var d)) return d;
            var payload = File.ReadObject(key);
            d = Read(File, string.IsNullOrEmpty(Path) ? key.Name : Path + "/" + key.Name, payload, key.PayloadOffset, key.Keylen, File.Depth(Path) + 1);
            _subdirs[key.SeekKey] = d;
            return d;
        }
    }

    /// <summary>The subdirectories (highest cycle of each name), opened on demand.</summary>
    public IEnumerable<RootDirectory> Subdirectories =>
        Keys.Where(k => k.IsDirectory).GroupBy(k => k.Name).Select(g => OpenSubdirectory(g.MaxBy(k => k.Cycle)!));

    /// <summary>Parses a directory record and loads its key list.</summary>
    internal static RootDirectory Read(RootFile file, string path, ReadOnlySpan<byte> record, long recordOffset, int keylen, int depth)
    {
        var where = new RootLocation(file.Path, path.Length == 0 ? "(root directory)" : path, recordOffset);
        if (depth > 64) throw new RootFormatException(where, "directories are nested more than 64 deep (a cycle of seek pointers?)");
        var r = new RootReader(record, where, recordOffset, keylen);
        short version = r.I16();
        r.U32();
        r.U32();
        int nbytesKeys = r.I32();
        r.I32();
        bool big = version > 1000;
        long seekDir = big ? r.I64() : r.I32();
        _ = big ? r.I64() : r.I32();
        long seekKeys = big ? r.I64() : r.I32();
        var keys = new List<RootKey>();
        if (seekKeys != 0)
        {
            if (nbytesKeys < 4 || seekKeys < 0 || seekKeys > file.Length - nbytesKeys)
                throw new RootFormatException(where, $"key list (fSeekKeys {seekKeys}, fNbytesKeys {nbytesKeys}) lies outside the file of {file.Length} bytes");
            var buf = file.ReadBytes(seekKeys, nbytesKeys, where.ObjectName);
            var kr = new RootReader(buf, where.At(seekKeys), seekKeys, 0);
            var header = RootKey.Read(ref kr, file);
            kr.Seek(header.Keylen);
            int n = kr.I32();
            if (n < 0 || n > kr.Remaining / 18)
                throw new RootFormatException(where.At(seekKeys + header.Keylen), $"key list claims {n} keys, which cannot fit in {kr.Remaining} bytes");
            for (int i = 0; i < n; i++) keys.Add(RootKey.Read(ref kr, file));
        }
        return new RootDirectory(file, path, keys, seekDir, seekKeys);
    }
}
