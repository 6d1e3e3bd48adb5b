using System.Globalization;

namespace EventFrame.IO.Bytes;

/// <summary>
/// Where and how <see cref="CachedByteSource"/> keeps blocks of remote files on local disk. One directory may be shared
/// by any number of sources, threads and processes; <see cref="MaxBytes"/> bounds the whole directory.
/// </summary>
public sealed record CacheOptions
{
    /// <summary>Default bound of the cache directory: 10 GiB.</summary>
    public const long DefaultMaxBytes = 10L << 30;

    /// <summary>Default block size: 1 MiB.</summary>
    public const int DefaultBlockSize = 1 << 20;

    /// <summary>Name of the environment variable that turns the cache on for remote sources: the cache directory.</summary>
    public const string DirectoryVariable = "EVENTFRAME_CACHE_DIR";

    /// <summary>Name of the environment variable with the bound in bytes (suffixes K, M, G, T for powers of 1024 allowed).</summary>
    public const string MaxBytesVariable = "EVENTFRAME_CACHE_MAX_BYTES";

    /// <summary>
    /// Creates options for the cache in <paramref name="directory"/> (made absolute), bounded to <paramref name="maxBytes"/>
    /// bytes of block files, with blocks of <paramref name="blockSize"/> bytes and <paramref name="memoryBlocks"/> recently
    /// used blocks kept in memory (per directory and process, shared by all sources using it), so that many small reads
    /// of one block do not re-read and re-verify it.
    /// </summary>
    /// <exception cref="ArgumentException">The directory is empty, the block size is outside [4 KiB, 64 MiB], the bound is
    /// smaller than one block, or <paramref name="memoryBlocks"/> is outside [0, 64].</exception>
    public CacheOptions(string directory, long maxBytes = DefaultMaxBytes, int blockSize = DefaultBlockSize, int memoryBlocks = 8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (blockSize < 4096 || blockSize > 64 << 20)
            throw new ArgumentException($"cache block size {blockSize} is outside [4 KiB, 64 MiB]", nameof(blockSize));
        if (maxBytes < blockSize)
            throw new ArgumentException($"cache bound {maxBytes} bytes is smaller than one block of {blockSize} bytes", nameof(maxBytes));
        if (memoryBlocks is < 0 or > 64)
            throw new ArgumentException($"{memoryBlocks} in-memory cache blocks is outside [0, 64]", nameof(memoryBlocks));
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
        BlockSize = blockSize;
        MemoryBlocks = memoryBlocks;
    }

    /// <summary>Absolute path of the cache directory (created on first use).</summary>
    public string Directory { get; }

    /// <summary>Upper bound of the bytes of all block files in <see cref="Directory"/>; least recently used blocks are evicted beyond it.</summary>
    public long MaxBytes { get; }

    /// <summary>Size of the aligned blocks: block <c>k</c> holds bytes <c>[k·BlockSize, (k+1)·BlockSize)</c> of a source.</summary>
    public int BlockSize { get; }

    /// <summary>Number of verified, partly read blocks kept in memory for the next read nearby, per directory and process.</summary>
    public int MemoryBlocks { get; }

    /// <summary>
    /// Returns options from the environment: null when <paramref name="directory"/> is null and <c>EVENTFRAME_CACHE_DIR</c>
    /// is unset or empty, else that directory bounded by <c>EVENTFRAME_CACHE_MAX_BYTES</c> (default <see cref="DefaultMaxBytes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">EVENTFRAME_CACHE_MAX_BYTES is not a size.</exception>
    public static CacheOptions? FromEnvironment(string? directory = null)
    {
        var dir = directory ?? Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(dir)) return null;
        var max = Environment.GetEnvironmentVariable(MaxBytesVariable);
        return new CacheOptions(dir, string.IsNullOrWhiteSpace(max) ? DefaultMaxBytes : ParseSize(max, MaxBytesVariable));
    }

    /// <summary>
    /// Parses a byte count: digits, optionally followed by K, M, G or T (powers of 1024, an optional trailing "B" or
    /// "iB" allowed), e.g. <c>500M</c>, <c>10GiB</c>, <c>1048576</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not such a size, or it overflows 64 bits; the message names <paramref name="what"/>.</exception>
    public static long ParseSize(string text, string what = "size")
    {
        var t = text.Trim();
        int shift = 0;
        if (t.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) t = t[..^2];
        else if (t.Length > 1 && (t[^1] is 'B' or 'b') && !char.IsAsciiDigit(t[^2])) t = t[..^1];
        if (t.Length > 0)
        {
            shift = char.ToUpperInvariant(t[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
            if (shift > 0) t = t[..^1];
        }
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue >> shift)
            throw new ArgumentException($"{what} '{text}' is not a byte count (digits with an optional K, M, G or T suffix)");
        return n << shift;
    }
}
