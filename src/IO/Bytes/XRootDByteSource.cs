using System.Runtime.CompilerServices;
using EventFrame.XRootD;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A file on an XRootD server (<c>root://</c>, <c>roots://</c>) as an <see cref="IByteSource"/>: reads are kXR_read,
/// vectored reads one or a few kXR_readv requests in flight at once. All sources share <see cref="DefaultClient"/>
/// (one connection per server) unless given their own client. Every failure is a <see cref="ByteSourceException"/>
/// naming the URL, wrapping the <see cref="XRootDException"/> that says what went wrong.
/// </summary>
public sealed class XRootDByteSource : IVersionedByteSource
{
    private static XRootDClient s_defaultClient = new();

    private readonly XRootDFile _file;
    private long _requests;
    private long _bytesRead;

    /// <summary>Opens <paramref name="url"/> with <paramref name="client"/> (or <see cref="DefaultClient"/>).</summary>
    /// <exception cref="ByteSourceException">The URL is malformed or the file cannot be opened.</exception>
    public XRootDByteSource(string url, XRootDClient? client = null)
    {
        Name = url;
        Client = client ?? DefaultClient;
        try
        {
            _file = Client.OpenAsync(url).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is XRootDException or ArgumentException)
        {
            throw new ByteSourceException(url, e is XRootDException x ? Strip(x, url) : e.Message, e);
        }
        Length = _file.Size;
    }

    /// <summary>
    /// The client used by sources opened by URL (<see cref="ByteSources.Open(string)"/>). Replacing it does not close the old one
    /// (sources still use it).
    /// </summary>
    public static XRootDClient DefaultClient
    {
        get => Volatile.Read(ref s_defaultClient);
        set => Volatile.Write(ref s_defaultClient, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The client this source reads through.</summary>
    public XRootDClient Client { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public long Length { get; }

    /// <summary>The file's modification time (Unix seconds) and size when it was opened, as the cache's content version.</summary>
    public string? Version => $"{_file.OpenStat.ModificationTime.ToUnixTimeSeconds()}-{_file.Size}";

    /// <inheritdoc/>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Number of kXR_read and kXR_readv requests sent to the server (a vectored read of many ranges may be one).</summary>
    public long ServerRequests => _file.ReadRequests;

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length);
        if (destination.Length == 0) return;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(destination.Length);
        try
        {
            ReadAsync(offset, buffer.AsMemory(0, destination.Length)).AsTask().GetAwaiter().GetResult();
            buffer.AsSpan(0, destination.Length).CopyTo(destination);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        CheckRange(offset, destination.Length);
        if (destination.Length == 0) return;
        Interlocked.Increment(ref _requests);
        int n;
        try
        {
            n = await _file.ReadAsync(offset, destination, ct).ConfigureAwait(false);
        }
        catch (XRootDException e)
        {
            throw new ByteSourceException(Name, $"reading {destination.Length} bytes at offset {offset}: {Strip(e, Name)}", e);
        }
        if (n != destination.Length)
            throw new ByteSourceException(Name, $"reading {destination.Length} bytes at offset {offset}: the server returned only {n} (the file is shorter than when it was opened?)");
        Interlocked.Add(ref _bytesRead, n);
    }

    /// <inheritdoc/>
    public void ReadRanges(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations) =>
        ReadRangesAsync(ranges, destinations).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        var offsets = new long[ranges.Count];
        long total = 0;
        for (int i = 0; i < ranges.Count; i++)
        {
            CheckRange(ranges[i].Offset, ranges[i].Length);
            offsets[i] = ranges[i].Offset;
            total += ranges[i].Length;
        }
        if (ranges.Count == 0) return;
        Interlocked.Add(ref _requests, ranges.Count);
        try
        {
            // Large ranges go as kXR_read, all in flight: the server can send them from the file without copying
            // (sendfile), while kXR_readv stages every segment in a buffer. Small ranges share one kXR_readv, where a
            // request per range would cost more than the copy.
            List<Task>? reads = null;
            List<long>? smallOffsets = null;
            List<Memory<byte>>? smallDestinations = null;
            for (int i = 0; i < ranges.Count; i++)
            {
                if (ranges[i].Length >= LargeRange)
                    (reads ??= []).Add(ReadFullyAsync(offsets[i], destinations[i], ct));
                else
                {
                    (smallOffsets ??= []).Add(offsets[i]);
                    (smallDestinations ??= []).Add(destinations[i]);
                }
            }
            if (smallOffsets is not null) (reads ??= []).Add(_file.ReadVAsync(smallOffsets, smallDestinations!, ct));
            await Task.WhenAll(reads!).ConfigureAwait(false);
        }
        catch (XRootDException e)
        {
            throw new ByteSourceException(Name, $"vectored read of {ranges.Count} ranges ({total} bytes): {Strip(e, Name)}", e);
        }
        Interlocked.Add(ref _bytesRead, total);
    }

    /// <summary>Ranges at least this long are read with their own kXR_read instead of inside a kXR_readv.</summary>
    public const int LargeRange = 256 * 1024;

    private async Task ReadFullyAsync(long offset, Memory<byte> destination, CancellationToken ct)
    {
        int n = await _file.ReadAsync(offset, destination, ct).ConfigureAwait(false);
        if (n != destination.Length)
            throw new XRootDException(Name, $"kXR_read of {destination.Length} bytes at offset {offset} returned only {n} (the file is shorter than when it was opened?)");
    }

    private void CheckRange(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ByteSourceException(Name, $"range of {length} bytes at offset {offset} is outside the file of {Length} bytes");
    }

    /// <summary>The exception's message without its leading "url: " (the ByteSourceException adds it again).</summary>
    private static string Strip(XRootDException e, string url) =>
        e.Message.StartsWith(url + ": ", StringComparison.Ordinal) ? e.Message[(url.Length + 2)..] : e.Message;

    /// <summary>
    /// Expands a URL whose last path component has wildcards (<c>*</c>, <c>?</c>) into the sorted URLs of the matching
    /// regular files of that directory (kXR_dirlist); a URL without wildcards comes back alone.
    /// </summary>
    /// <exception cref="ByteSourceException">The directory cannot be listed.</exception>
    /// <exception cref="ArgumentException">A directory component has wildcards.</exception>
    public static IReadOnlyList<string> ExpandGlob(string url, XRootDClient? client = null)
    {
        var parsed = XRootDUrl.Parse(url);
        int slash = parsed.Path.LastIndexOf('/');
        var directory = parsed.Path[..(slash + 1)];
        var pattern = parsed.Path[(slash + 1)..];
        if (pattern.IndexOfAny(['*', '?']) < 0) return [url];
        if (directory.IndexOfAny(['*', '?']) >= 0) throw new ArgumentException($"glob '{url}': wildcards are only supported in the file name", nameof(url));
        IReadOnlyList<XRootDDirectoryEntry> entries;
        var dirUrl = parsed.WithPath(directory);
        try
        {
            entries = (client ?? DefaultClient).ListDirectoryAsync(dirUrl.ToString()).GetAwaiter().GetResult();
        }
        catch (XRootDException e)
        {
            throw new ByteSourceException(url, $"cannot list {dirUrl} to expand the glob: {Strip(e, dirUrl.ToString())}", e);
        }
        var regex = new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var prefix = url[..(url.Length - pattern.Length - (parsed.Opaque.Length > 0 ? parsed.Opaque.Length + 1 : 0))];
        return entries.Where(e => !e.Stat.IsDirectory && !e.Stat.IsOther && regex.IsMatch(e.Name))
            .Select(e => prefix + e.Name + (parsed.Opaque.Length > 0 ? "?" + parsed.Opaque : "")).ToList();
    }

    /// <summary>Does nothing to the shared client; sends kXR_close for the file.</summary>
    public void Dispose() => _file.Dispose();
}

/// <summary>Registers <see cref="XRootDByteSource"/> for the <c>root</c> and <c>roots</c> URL schemes.</summary>
internal static class XRootDByteSourceRegistration
{
#pragma warning disable CA2255 // The module initializer is how sources register with ByteSources.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ByteSources.Register("root", url => new XRootDByteSource(url));
        ByteSources.Register("roots", url => new XRootDByteSource(url));
    }
}
