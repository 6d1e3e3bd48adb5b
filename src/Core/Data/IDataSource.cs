using EventFrame.Columns;

namespace EventFrame.Data;

/// <summary>A column a data source can deliver.</summary>
/// <param name="Name">The column's name as used in expressions (e.g. <c>Muon_pt</c>).</param>
/// <param name="Type">Element type and nesting depth.</param>
/// <param name="Description">Free text for listings (e.g. the ROOT leaf title <c>Muon_pt[nMuon]/F</c>); may be empty.</param>
public sealed record ColumnInfo(string Name, ColumnType Type, string Description = "");

/// <summary>
/// A contiguous range of a dataset's entries that one task processes, aligned to the storage's clusters. A
/// partition is plain data: the same partition of the same source always yields the same entries, whichever
/// thread, process or machine reads it.
/// </summary>
/// <param name="Index">Position of the partition in the dataset (0-based); results merge in this order.</param>
/// <param name="FirstEntry">Global entry number of the first entry (over all files of the dataset).</param>
/// <param name="EntryCount">Number of entries.</param>
/// <param name="FileIndex">Index of the file (in the source's file list) that holds these entries.</param>
/// <param name="FileFirstEntry">Entry number of the first entry within that file.</param>
public sealed record Partition(int Index, long FirstEntry, long EntryCount, int FileIndex = 0, long FileFirstEntry = 0)
{
    /// <summary>Global entry number one past the last entry.</summary>
    public long EndEntry => FirstEntry + EntryCount;
}

/// <summary>
/// A serializable description of a data source (kind plus parameters) from which another process can reopen
/// it with <see cref="DataSources.Open"/>: "a source travels as its description".
/// </summary>
/// <param name="Kind">The registered kind, e.g. <c>empty</c>, <c>memory</c>, <c>root</c>.</param>
/// <param name="Parameters">Kind-specific parameters, e.g. tree name and file list.</param>
public sealed record DataSourceSpec(string Kind, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// The contract between EventFrame's engine and anything that holds events: ROOT files, in-memory arrays,
/// generators. A source describes its columns and its partitions and creates readers; it must be safe to call
/// from several threads, while each <see cref="IChunkReader"/> is used by one thread at a time.
/// </summary>
public interface IDataSource : IDisposable
{
    /// <summary>Human-readable identity for messages (e.g. <c>TTree Events in data/a.root (+2 files)</c>).</summary>
    string Description { get; }

    /// <summary>The columns the source can deliver.</summary>
    IReadOnlyList<ColumnInfo> Columns { get; }

    /// <summary>Total number of entries.</summary>
    long EntryCount { get; }

    /// <summary>The partitions covering entries <c>[0, EntryCount)</c> in order, without gaps or overlaps.</summary>
    IReadOnlyList<Partition> Partitions { get; }

    /// <summary>The serializable description that reopens this source elsewhere, or null if it cannot travel (e.g. in-memory arrays).</summary>
    DataSourceSpec? Spec { get; }

    /// <summary>Creates a reader for the named columns (each must be in <see cref="Columns"/>), to be used by one thread.</summary>
    IChunkReader CreateReader(IReadOnlyList<string> columns);
}

/// <summary>Reads chunks of consecutive entries of a fixed set of columns. Not thread-safe: one per thread.</summary>
public interface IChunkReader : IDisposable
{
    /// <summary>
    /// Fills <paramref name="buffers"/> (one per column, in the order the reader was created with, each created by
    /// <see cref="ColumnBuffer.Create"/> for that column's type) with entries
    /// <c>[firstEntry, firstEntry + count)</c>, which lie inside <paramref name="partition"/>. Entry numbers are global.
    /// </summary>
    void ReadChunk(Partition partition, long firstEntry, int count, IReadOnlyList<ColumnBuffer> buffers);
}

/// <summary>Registry of data source kinds, so that <see cref="DataSourceSpec"/>s can be reopened by kind.</summary>
public static class DataSources
{
    private static readonly Dictionary<string, Func<DataSourceSpec, IDataSource>> s_openers = new(StringComparer.Ordinal)
    {
        ["empty"] = spec => new EmptySource(
            long.Parse(spec.Parameters["entries"], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(spec.Parameters["partitionSize"], System.Globalization.CultureInfo.InvariantCulture)),
    };
    private static readonly Dictionary<string, string> s_providerAssemblies = new(StringComparer.Ordinal)
    {
        ["root"] = "EventFrame.IO",
    };

    /// <summary>Registers how to open sources of <paramref name="kind"/>; a later registration replaces an earlier one.</summary>
    public static void Register(string kind, Func<DataSourceSpec, IDataSource> opener)
    {
        lock (s_openers) s_openers[kind] = opener;
    }

    /// <summary>Opens the source described by <paramref name="spec"/>; loads the provider assembly of a known kind if needed.</summary>
    /// <exception cref="InvalidOperationException">No provider for the kind is available.</exception>
    public static IDataSource Open(DataSourceSpec spec)
    {
        Func<DataSourceSpec, IDataSource>? opener;
        lock (s_openers) s_openers.TryGetValue(spec.Kind, out opener);
        if (opener is null && s_providerAssemblies.TryGetValue(spec.Kind, out var assemblyName))
        {
            try
            {
                var assembly = System.Reflection.Assembly.Load(assemblyName);
                System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
            }
            catch (System.IO.FileNotFoundException)
            {
                // Reported below with the kind that was asked for.
            }
            lock (s_openers) s_openers.TryGetValue(spec.Kind, out opener);
        }
        if (opener is null)
            throw new InvalidOperationException($"no data source provider is registered for kind '{spec.Kind}'" +
                (s_providerAssemblies.TryGetValue(spec.Kind, out var a) ? $" (reference the {a} assembly)" : ""));
        return opener(spec);
    }
}
