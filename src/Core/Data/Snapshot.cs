using EventFrame.Columns;

namespace EventFrame.Data;

/// <summary>Compression of snapshot output.</summary>
public enum SnapshotCodec
{
    /// <summary>No compression.</summary>
    None,
    /// <summary>zlib (ROOT's ZL blocks).</summary>
    Zlib,
    /// <summary>LZMA/XZ (ROOT's XZ blocks).</summary>
    Lzma,
    /// <summary>LZ4 with ROOT's XXH64 checksum (L4 blocks).</summary>
    Lz4,
    /// <summary>Zstandard (ROOT's ZS blocks).</summary>
    Zstd,
}

/// <summary>How <see cref="Frame.Snapshot"/> writes its output.</summary>
public sealed record SnapshotOptions
{
    /// <summary>Output format (registered writer kind); "root" writes a ROOT TTree.</summary>
    public string Format { get; init; } = "root";

    /// <summary>Compression algorithm.</summary>
    public SnapshotCodec Codec { get; init; } = SnapshotCodec.Zstd;

    /// <summary>Compression level (1–9; the codec's meaning).</summary>
    public int Level { get; init; } = 5;

    /// <summary>Target uncompressed size of a basket, in bytes.</summary>
    public int BasketSize { get; init; } = 32 * 1024;

    /// <summary>Entries per cluster (ROOT's AutoFlush): baskets of all branches end together every this many entries.</summary>
    public long ClusterSize { get; init; } = 100_000;

    /// <summary>Maximum entries per output file; when set, outputs are named <c>name_0.root</c>, <c>name_1.root</c>… (0 = one file).</summary>
    public long EntriesPerFile { get; init; }

    /// <summary>Whether the snapshot runs in the next event loop with the other actions (true) or immediately (false), as RDataFrame's lazy option.</summary>
    public bool Lazy { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for out-of-range values.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Level, 0, nameof(Level));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Level, 9, nameof(Level));
        ArgumentOutOfRangeException.ThrowIfLessThan(BasketSize, 64, nameof(BasketSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClusterSize, 1, nameof(ClusterSize));
        ArgumentOutOfRangeException.ThrowIfNegative(EntriesPerFile, nameof(EntriesPerFile));
    }
}

/// <summary>What to write: the tree name, the output path, the columns (names and types, in order) and the options.</summary>
/// <param name="TreeName">Name of the tree in the output (may include directories: <c>dir/tree</c>).</param>
/// <param name="Path">Output file path (see <see cref="SnapshotOptions.EntriesPerFile"/> for multi-file output).</param>
/// <param name="Columns">Columns to write, in order; types are the columns' types in the graph.</param>
/// <param name="Options">Codec, basket and cluster sizes, files.</param>
public sealed record SnapshotSpec(string TreeName, string Path, IReadOnlyList<ColumnInfo> Columns, SnapshotOptions Options);

/// <summary>
/// Writes entries, in order, to an output (file or set of files). The engine calls <see cref="Write"/> with
/// consecutive blocks of entries in dataset order (one thread at a time) and <see cref="Complete"/> once at the
/// end; if the loop fails it disposes the writer without completing, and the writer must then leave no file that
/// looks complete. Implementations register with <see cref="SnapshotWriters.Register"/>.
/// </summary>
public interface ISnapshotWriter : IDisposable
{
    /// <summary>Appends <paramref name="entryCount"/> entries; <paramref name="columns"/> holds one buffer per column of the spec, in order.</summary>
    void Write(IReadOnlyList<ColumnBuffer> columns, int entryCount);

    /// <summary>Finishes the output (indices, directories, renaming temporary files) and returns the paths written.</summary>
    IReadOnlyList<string> Complete();
}

/// <summary>Registry of snapshot writers by format.</summary>
public static class SnapshotWriters
{
    private static readonly Dictionary<string, Func<SnapshotSpec, ISnapshotWriter>> s_writers = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> s_providers = new(StringComparer.Ordinal) { ["root"] = "EventFrame.IO" };

    /// <summary>Registers the writer factory for <paramref name="format"/>.</summary>
    public static void Register(string format, Func<SnapshotSpec, ISnapshotWriter> factory)
    {
        lock (s_writers) s_writers[format] = factory;
    }

    /// <summary>Creates a writer for <paramref name="spec"/>, loading the provider assembly of a known format if needed.</summary>
    /// <exception cref="InvalidOperationException">No writer is registered for the format.</exception>
    public static ISnapshotWriter Create(SnapshotSpec spec)
    {
        Func<SnapshotSpec, ISnapshotWriter>? factory;
        lock (s_writers) s_writers.TryGetValue(spec.Options.Format, out factory);
        if (factory is null && s_providers.TryGetValue(spec.Options.Format, out var assemblyName))
        {
            try
            {
                var assembly = System.Reflection.Assembly.Load(assemblyName);
                System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
            }
            catch (FileNotFoundException)
            {
                // Reported below.
            }
            lock (s_writers) s_writers.TryGetValue(spec.Options.Format, out factory);
        }
        if (factory is null)
            throw new InvalidOperationException($"no snapshot writer is registered for format '{spec.Options.Format}'");
        return factory(spec);
    }
}
