namespace EventFrame.IO.Bytes;

/// <summary>
/// Opens byte sources by URL scheme (<c>root://</c>, <c>https://</c>, ...). Plain paths and <c>file://</c> URLs open a
/// <see cref="LocalFileSource"/>, <c>http://</c> and <c>https://</c> an <see cref="HttpByteSource"/>; other schemes are
/// served by whatever was registered with <see cref="Register"/>.
/// </summary>
public static class ByteSources
{
    private static readonly Dictionary<string, Func<string, IByteSource>> s_openers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http"] = url => new HttpByteSource(url),
        ["https"] = url => new HttpByteSource(url),
    };
    private static CacheOptions? s_cache;
    private static bool s_cacheSet;

    /// <summary>
    /// The block cache put in front of every source opened by <see cref="Open"/> for a registered (non-local) scheme, or
    /// null for none. Until set, it comes from the environment (<see cref="CacheOptions.FromEnvironment"/>:
    /// <c>EVENTFRAME_CACHE_DIR</c>, <c>EVENTFRAME_CACHE_MAX_BYTES</c>); setting it (also to null) overrides that.
    /// </summary>
    /// <exception cref="ArgumentException">Reading it: EVENTFRAME_CACHE_MAX_BYTES is not a byte count.</exception>
    public static CacheOptions? Cache
    {
        get
        {
            lock (s_openers)
            {
                if (!s_cacheSet)
                {
                    s_cache = CacheOptions.FromEnvironment();
                    s_cacheSet = true;
                }
                return s_cache;
            }
        }
        set
        {
            lock (s_openers)
            {
                s_cache = value;
                s_cacheSet = true;
            }
        }
    }

    /// <summary>Registers the opener for URLs of <paramref name="scheme"/> (without "://"); replaces an earlier one.</summary>
    public static void Register(string scheme, Func<string, IByteSource> opener)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(opener);
        lock (s_openers) s_openers[scheme] = opener;
    }

    /// <summary>
    /// Returns the URL scheme of <paramref name="pathOrUrl"/> (the text before "://", at least two characters so that
    /// Windows drive letters are not schemes), or null for a plain path.
    /// </summary>
    public static string? SchemeOf(string pathOrUrl)
    {
        int i = pathOrUrl.IndexOf("://", StringComparison.Ordinal);
        if (i < 2) return null;
        for (int k = 0; k < i; k++)
        {
            char c = pathOrUrl[k];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return null;
        }
        return pathOrUrl[..i];
    }

    /// <summary>
    /// Opens <paramref name="pathOrUrl"/>: a local path, a <c>file://</c> URL, or a URL of a registered scheme; the
    /// latter wrapped in a <see cref="CachedByteSource"/> when <see cref="Cache"/> is set.
    /// </summary>
    /// <exception cref="ByteSourceException">No opener is registered for the scheme, or opening failed.</exception>
    /// <exception cref="ArgumentException">The cache settings in the environment are invalid.</exception>
    public static IByteSource Open(string pathOrUrl) => OpenCore(pathOrUrl, null, global: true);

    /// <summary>Opens <paramref name="pathOrUrl"/> as <see cref="Open(string)"/> does, with <paramref name="cache"/> instead of the process-wide <see cref="Cache"/>.</summary>
    internal static IByteSource OpenWithCache(string pathOrUrl, CacheOptions? cache) => OpenCore(pathOrUrl, cache, global: false);

    private static IByteSource OpenCore(string pathOrUrl, CacheOptions? explicitCache, bool global)
    {
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        var scheme = SchemeOf(pathOrUrl);
        if (scheme is null) return new LocalFileSource(pathOrUrl);
        if (scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
            return new LocalFileSource(Uri.UnescapeDataString(pathOrUrl["file://".Length..]));
        Func<string, IByteSource>? opener;
        lock (s_openers) s_openers.TryGetValue(scheme, out opener);
        if (opener is null)
            throw new ByteSourceException(pathOrUrl, $"no byte source is registered for URL scheme '{scheme}'");
        var cache = global ? Cache : explicitCache;
        var source = opener(pathOrUrl);
        if (cache is null) return source;
        try
        {
            return new CachedByteSource(source, cache);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Checks that <paramref name="length"/> bytes at <paramref name="offset"/> lie inside a source of <paramref name="sourceLength"/> bytes.</summary>
    /// <exception cref="ByteSourceException">They do not.</exception>
    public static void CheckRead(string sourceName, long sourceLength, long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > sourceLength - length)
            throw new ByteSourceException(sourceName, $"read of {length} bytes at offset {offset} is outside the source (length {sourceLength})");
    }

    /// <summary>
    /// Validates a vectored read as <see cref="CheckRanges"/> does and checks that every range lies inside a source of
    /// <paramref name="sourceLength"/> bytes.
    /// </summary>
    /// <exception cref="ByteSourceException">They are inconsistent or a range is outside the source.</exception>
    public static void CheckReads(string sourceName, long sourceLength, IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        CheckRanges(sourceName, ranges, destinations);
        foreach (var r in ranges) CheckRead(sourceName, sourceLength, r.Offset, r.Length);
    }

    /// <summary>
    /// Serves a synchronous span read with a reader that needs memory (asynchronous or shared code paths): fills a
    /// pooled buffer of the destination's length with <paramref name="fill"/>, then copies it to <paramref name="destination"/>.
    /// </summary>
    internal static void ReadThroughBuffer(Span<byte> destination, Action<Memory<byte>> fill)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(destination.Length);
        try
        {
            var memory = buffer.AsMemory(0, destination.Length);
            fill(memory);
            memory.Span.CopyTo(destination);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Validates the arguments of <see cref="IByteSource.ReadRangesAsync"/>: equal counts, matching lengths, non-negative offsets.</summary>
    /// <exception cref="ByteSourceException">They are inconsistent.</exception>
    public static void CheckRanges(string sourceName, IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations)
    {
        if (ranges.Count != destinations.Count)
            throw new ByteSourceException(sourceName, $"vectored read has {ranges.Count} ranges but {destinations.Count} destinations");
        for (int i = 0; i < ranges.Count; i++)
            if (ranges[i].Length != destinations[i].Length || ranges[i].Offset < 0 || ranges[i].Length < 0)
                throw new ByteSourceException(sourceName, $"vectored read range {i} ({ranges[i]}) does not match its destination of {destinations[i].Length} bytes");
    }
}
