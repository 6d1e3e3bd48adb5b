using System.Globalization;
using EventFrame.Data;
using EventFrame.IO.Root;
using EventFrame.IO.Root.Trees;

namespace EventFrame.Cli;

/// <summary><c>eventframe ls</c>: what a ROOT file holds.</summary>
public static class RootListing
{
    /// <summary>
    /// Writes the directory tree of <paramref name="path"/> to <paramref name="output"/>: every key (class, name;cycle,
    /// title); for each TTree its entries, clusters and branches (type, compressed and uncompressed bytes, baskets);
    /// for each RNTuple its entries and columns.
    /// </summary>
    /// <remarks>
    /// For <c>root://</c> URLs, a directory (a URL ending in '/' or naming a directory) is listed with kXR_dirlist
    /// (name, size, modification time), and a URL with <c>*</c> in its last component lists every matching file.
    /// </remarks>
    public static void Write(string path, TextWriter output)
    {
        if (EventFrame.IO.Bytes.ByteSources.SchemeOf(path) is "root" or "roots" && WriteRemoteDirectory(path, output)) return;
        using var file = RootFile.Open(path);
        output.WriteLine($"{path}: ROOT file, {file.Source.Length:N0} bytes");
        WriteDirectory(file, file.Root, "", path, output);
    }

    /// <summary>Lists a remote directory or expands a remote glob; false when <paramref name="url"/> is a single file.</summary>
    private static bool WriteRemoteDirectory(string url, TextWriter output)
    {
        if (url.Contains('*'))
        {
            foreach (var f in RootDataSource.ExpandFiles([url])) Write(f, output);
            return true;
        }
        var client = EventFrame.IO.Bytes.XRootDByteSource.DefaultClient;
        try
        {
            if (!url.EndsWith('/') && !client.StatAsync(url).GetAwaiter().GetResult().IsDirectory) return false;
            var entries = client.ListDirectoryAsync(url).GetAwaiter().GetResult();
            output.WriteLine($"{url}: directory, {entries.Count} entries");
            foreach (var e in entries)
                output.WriteLine($"{(e.Stat.IsDirectory ? "dir" : "file"),-5} {e.Stat.Size,15:N0}  {e.Stat.ModificationTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {e.Name}{(e.Stat.IsDirectory ? "/" : "")}");
        }
        catch (EventFrame.XRootD.XRootDException e)
        {
            throw new EventFrame.IO.Bytes.ByteSourceException(url, e.Detail, e);
        }
        return true;
    }

    private static void WriteDirectory(RootFile file, RootDirectory dir, string prefix, string path, TextWriter output)
    {
        foreach (var key in dir.Keys.OrderBy(k => k.Name, StringComparer.Ordinal).ThenBy(k => k.Cycle))
        {
            var full = prefix.Length == 0 ? key.Name : prefix + "/" + key.Name;
            output.WriteLine($"{key.ClassName,-22} {full};{key.Cycle}  \"{key.Title}\"");
            if (key.ClassName is "TDirectory" or "TDirectoryFile")
                WriteDirectory(file, dir.OpenSubdirectory(key), full, path, output);
            else if (key.ClassName is "TTree" or "TNtuple" or "TNtupleD")
                WriteTree(RootTree.Read(key), full, path, output);
            else if (key.ClassName is "ROOT::RNTuple" or "ROOT::Experimental::RNTuple")
                WriteColumns(full, path, output);
        }
    }

    private static void WriteTree(RootTree tree, string name, string path, TextWriter output)
    {
        var clusters = tree.ClusterBoundaries();
        output.WriteLine($"    {tree.Entries:N0} entries, {Math.Max(0, clusters.Count - 1)} clusters, {tree.AllBranches.Count} branches");
        Dictionary<string, string> types;
        try
        {
            using var source = DataSources.Open(new DataSourceSpec("root", new Dictionary<string, string> { ["tree"] = name, ["files"] = path }));
            types = source.Columns.ToDictionary(c => c.Name, c => c.Type.ToString());
        }
        catch (Exception e) when (e is RootFormatException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            types = [];
        }
        output.WriteLine($"    {"branch",-32} {"type",-22} {"compressed",12} {"uncompressed",13} {"baskets",8}");
        foreach (var b in tree.AllBranches)
        {
            long compressed = 0, uncompressed = 0;
            for (int i = 0; i < b.WriteBasket && i < b.BasketSeek.Count; i++)
            {
                compressed += b.BasketBytes[i];
                try
                {
                    var key = tree.File.ReadKeyAt(b.BasketSeek[i], b.Name);
                    uncompressed += key.ObjLen + key.Keylen;
                }
                catch (RootFormatException)
                {
                    uncompressed = -1;
                }
            }
            foreach (var e in b.EmbeddedBaskets)
            {
                compressed += e.DataLength;
                if (uncompressed >= 0) uncompressed += e.DataLength;
            }
            var type = types.TryGetValue(b.Name, out var t) ? t : b.Leaves.Count > 0 ? b.Leaves[0].ClassName : b.ClassName;
            string un = uncompressed < 0 ? "?" : uncompressed.ToString("N0", CultureInfo.InvariantCulture);
            output.WriteLine($"    {b.Name,-32} {type,-22} {compressed,12:N0} {un,13} {b.BasketCount,8}");
        }
    }

    private static void WriteColumns(string name, string path, TextWriter output)
    {
        using var source = DataSources.Open(new DataSourceSpec("root", new Dictionary<string, string> { ["tree"] = name, ["files"] = path }));
        output.WriteLine($"    {source.EntryCount:N0} entries, {source.Partitions.Count} clusters, {source.Columns.Count} fields");
        foreach (var c in source.Columns)
            output.WriteLine($"    {c.Name,-32} {c.Type,-22} {c.Description}");
    }
}
