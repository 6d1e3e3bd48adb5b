namespace EventFrame.IO.Root.RNTuple;

/// <summary>An RNTuple found in a ROOT file: the file, its anchor and its parsed metadata.</summary>
internal sealed class RNTupleFile : IDisposable
{
    /// <summary>The class name of an RNTuple anchor key.</summary>
    public const string AnchorClassName = "ROOT::RNTuple";

    private readonly bool _ownsFile;

    private RNTupleFile(RootFile file, bool ownsFile, string name, RNTupleAnchor anchor, RNTupleDescriptor descriptor)
    {
        File = file;
        _ownsFile = ownsFile;
        Name = name;
        Anchor = anchor;
        Descriptor = descriptor;
    }

    /// <summary>The ROOT file holding the RNTuple.</summary>
    public RootFile File { get; }

    /// <summary>The key path of the anchor (e.g. <c>Events</c>).</summary>
    public string Name { get; }

    /// <summary>The anchor.</summary>
    public RNTupleAnchor Anchor { get; }

    /// <summary>Schema and clusters.</summary>
    public RNTupleDescriptor Descriptor { get; }

    /// <summary>Opens the file at <paramref name="path"/> and reads the RNTuple anchored by key <paramref name="name"/>.</summary>
    /// <exception cref="RootFormatException">The key is missing, is not an RNTuple, or the metadata is malformed.</exception>
    public static RNTupleFile Open(string path, string name)
    {
        var file = RootFile.Open(path);
        try
        {
            return Open(file, name, ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the RNTuple anchored by key <paramref name="name"/> of an open file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="name">Key path of the anchor.</param>
    /// <param name="ownsFile">Whether <see cref="Dispose"/> closes <paramref name="file"/>.</param>
    /// <exception cref="RootFormatException">The key is missing, is not an RNTuple, or the metadata is malformed.</exception>
    public static RNTupleFile Open(RootFile file, string name, bool ownsFile)
    {
        var key = file.FindKey(name) ?? throw new RootFormatException(file.Path, name, -1, $"no object named '{name}' in the file");
        if (key.ClassName != AnchorClassName)
            throw new RootFormatException(file.Path, name, key.SeekKey, $"'{name}' is a {key.ClassName}, not an RNTuple ({AnchorClassName})");
        var where = new RootLocation(file.Path, $"RNTuple '{name}' anchor", key.PayloadOffset);
        var anchor = RNTupleAnchor.Parse(file.ReadObject(key), file.Length, where);
        var descriptor = RNTupleDescriptor.Read(file, anchor, name);
        return new RNTupleFile(file, ownsFile, name, anchor, descriptor);
    }

    /// <summary>Closes the file if this object opened it.</summary>
    public void Dispose()
    {
        if (_ownsFile) File.Dispose();
    }
}
