using System.Runtime.CompilerServices;
using EventFrame.Columns;
using EventFrame.Data;
using EventFrame.IO.Compression;

namespace EventFrame.IO.Root.Writing;

/// <summary>
/// The "root" snapshot format: writes the entries handed over by the engine as a TTree (see
/// <see cref="RootTreeWriter"/> for the branch layout). With <see cref="SnapshotOptions.EntriesPerFile"/> set, the
/// output rolls over to <c>name_0.root</c>, <c>name_1.root</c>, … every that many entries; every file is written
/// under a temporary name and appears only when complete.
/// </summary>
public sealed class RootSnapshotWriter : ISnapshotWriter
{
    private readonly SnapshotSpec _spec;
    private readonly List<string> _paths = [];
    private RootFileWriter? _file;
    private RootTreeWriter? _tree;
    private int _fileIndex;
    private bool _done;

    /// <summary>Creates the writer for <paramref name="spec"/>; the first file is created at once, so an unwritable path fails here.</summary>
    /// <exception cref="NotSupportedException">A column type has no TTree representation.</exception>
    /// <exception cref="RootWriteException">The output cannot be created.</exception>
    public RootSnapshotWriter(SnapshotSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Options.Validate();
        _spec = spec;
        Open();
    }

    /// <summary>Maps the snapshot codec to ROOT's block codec.</summary>
    public static RootCodec Codec(SnapshotCodec codec) => codec switch
    {
        SnapshotCodec.None => RootCodec.None,
        SnapshotCodec.Zlib => RootCodec.Zlib,
        SnapshotCodec.Lzma => RootCodec.Lzma,
        SnapshotCodec.Lz4 => RootCodec.Lz4,
        SnapshotCodec.Zstd => RootCodec.Zstd,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown snapshot codec"),
    };

    private string PathOf(int index)
    {
        if (_spec.Options.EntriesPerFile == 0) return _spec.Path;
        var dir = Path.GetDirectoryName(_spec.Path) ?? "";
        var ext = Path.GetExtension(_spec.Path);
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(_spec.Path)}_{index}{(ext.Length == 0 ? ".root" : ext)}");
    }

    private void Open()
    {
        var o = _spec.Options;
        // Level 0 stores every record raw, as ROOT's compression level 0 does.
        _file = RootFileWriter.Create(PathOf(_fileIndex++), Codec(o.Codec), o.Level);
        try
        {
            _tree = _file.CreateTree(_spec.TreeName, _spec.Columns, o.BasketSize, o.ClusterSize);
        }
        catch
        {
            _file.Dispose();
            _file = null;
            throw;
        }
    }

    private void CloseFile()
    {
        _tree!.Finish();
        _paths.Add(_file!.Complete());
        _file.Dispose();
        _file = null;
        _tree = null;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The number of columns or their buffer types do not match the spec.</exception>
    public void Write(IReadOnlyList<ColumnBuffer> columns, int entryCount)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        RootTreeWriter.Check(_spec.Columns, columns, entryCount);
        long perFile = _spec.Options.EntriesPerFile;
        int pos = 0;
        while (pos < entryCount)
        {
            if (_file is null) Open();
            int n = entryCount - pos;
            if (perFile > 0) n = (int)Math.Min(n, perFile - _tree!.Entries);
            _tree!.Write(columns, pos, n);
            pos += n;
            if (perFile > 0 && _tree.Entries == perFile) CloseFile();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        // A snapshot of no entries still produces one file with an empty tree, as RDataFrame does.
        if (_file is not null && (_tree!.Entries > 0 || _paths.Count == 0)) CloseFile();
        _file?.Dispose();
        _file = null;
        _done = true;
        return _paths;
    }

    /// <summary>Deletes the unfinished file if <see cref="Complete"/> was not called; finished files of a multi-file output stay.</summary>
    public void Dispose()
    {
        _done = true;
        _file?.Dispose();
        _file = null;
    }
}

/// <summary>Registers <see cref="RootSnapshotWriter"/> as the "root" snapshot format when EventFrame.IO loads.</summary>
internal static class RootSnapshotRegistration
{
#pragma warning disable CA2255 // The module initializer is the registration mechanism SnapshotWriters expects.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => SnapshotWriters.Register("root", spec => new RootSnapshotWriter(spec));
}
