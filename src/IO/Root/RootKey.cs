namespace EventFrame.IO.Root;

/// <summary>
/// One TKey: the header that precedes every object record in a ROOT file.
/// <code>
/// i32 fNbytes   i16 fVersion (&gt;1000: 64-bit seeks)   i32 fObjlen   u32 fDatime   i16 fKeylen   i16 fCycle
/// fSeekKey, fSeekPdir (i32 or i64)   string fClassName   string fName   string fTitle
/// </code>
/// The payload (<see cref="Nbytes"/> − <see cref="Keylen"/> bytes at <see cref="PayloadOffset"/>) is compressed exactly when
/// <see cref="ObjLen"/> is larger than it.
/// </summary>
public sealed class RootKey
{
    internal RootKey(RootFile file) => File = file;

    /// <summary>The file the key belongs to.</summary>
    public RootFile File { get; }

    /// <summary>fNbytes: total bytes of the record on disk (key header plus stored payload).</summary>
    public int Nbytes { get; internal init; }

    /// <summary>fVersion of the key; above 1000 the seeks are 64-bit.</summary>
    public short KeyVersion { get; internal init; }

    /// <summary>fObjlen: length of the payload after decompression.</summary>
    public int ObjLen { get; internal init; }

    /// <summary>fDatime: ROOT's packed date and time of writing.</summary>
    public uint Datime { get; internal init; }

    /// <summary>fKeylen: length of the key header (the payload starts this many bytes after <see cref="SeekKey"/>).</summary>
    public short Keylen { get; internal init; }

    /// <summary>fCycle: the version number of the object under this name.</summary>
    public short Cycle { get; internal init; }

    /// <summary>fSeekKey: file offset of the record (its key header).</summary>
    public long SeekKey { get; internal init; }

    /// <summary>fSeekPdir: file offset of the directory record that owns the key.</summary>
    public long SeekPdir { get; internal init; }

    /// <summary>fClassName: the class of the stored object, e.g. <c>TTree</c>.</summary>
    public string ClassName { get; internal init; } = "";

    /// <summary>fName: the object's name.</summary>
    public string Name { get; internal init; } = "";

    /// <summary>fTitle: the object's title.</summary>
    public string Title { get; internal init; } = "";

    /// <summary>File offset of the payload: <c>SeekKey + Keylen</c>.</summary>
    public long PayloadOffset => SeekKey + Keylen;

    /// <summary>Bytes of the payload as stored: <c>Nbytes − Keylen</c>.</summary>
    public int StoredLength => Nbytes - Keylen;

    /// <summary>Whether the payload is compressed (<see cref="ObjLen"/> differs from <see cref="StoredLength"/>).</summary>
    public bool IsCompressed => ObjLen != StoredLength;

    /// <summary>Whether the object is a directory (TDirectory or TDirectoryFile).</summary>
    public bool IsDirectory => ClassName is "TDirectory" or "TDirectoryFile";

    /// <summary>Reads and decompresses the payload (see <see cref="RootFile.ReadObject"/>).</summary>
    public byte[] ReadObject() => File.ReadObject(this);

    /// <summary><c>ClassName Name;Cycle</c>.</summary>
    public override string ToString() => $"{ClassName} {Name};{Cycle}";

    /// <summary>Parses a key header at the reader's position; <paramref name="file"/> is used for size checks.</summary>
    internal static RootKey Read(ref RootReader r, RootFile file)
    {
        int start = r.Position;
        int nbytes = r.I32();
        short version = r.I16();
        int objlen = r.I32();
        uint datime = r.U32();
        short keylen = r.I16();
        short cycle = r.I16();
        bool big = version > 1000;
        long seekKey = big ? r.I64() : r.I32();
        long seekPdir = big ? r.I64() : r.I32();
        string cls = r.String(), name = r.String(), title = r.String();
        var key = new RootKey(file)
        {
            Nbytes = nbytes, KeyVersion = version, ObjLen = objlen, Datime = datime, Keylen = keylen, Cycle = cycle,
            SeekKey = seekKey, SeekPdir = seekPdir, ClassName = cls, Name = name, Title = title,
        };
        var where = r.Where.For(name).At(r.BaseOffset + start);
        if (keylen < r.Position - start)
            throw new RootFormatException(where, $"key length {keylen} is shorter than the {r.Position - start} bytes of its header");
        if (nbytes < keylen || objlen < 0 || seekKey < 0 || seekKey > file.Length - nbytes)
            throw new RootFormatException(where, $"key sizes are inconsistent with the file (fNbytes {nbytes}, fKeylen {keylen}, fObjlen {objlen}, fSeekKey {seekKey}, file length {file.Length})");
        return key;
    }
}
