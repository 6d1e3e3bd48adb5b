namespace EventFrame.XRootD;

/// <summary>What kXR_stat reports about a file or directory.</summary>
/// <param name="Id">The server's identifier of the object.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Flags">kXR_stat flags: 1 executable, 2 directory, 4 other, 8 offline, 16 readable, 32 writable.</param>
/// <param name="ModificationTime">Last modification time.</param>
public readonly record struct XRootDStatInfo(string Id, long Size, int Flags, DateTimeOffset ModificationTime)
{
    /// <summary>True when the object is a directory (flag kXR_isDir).</summary>
    public bool IsDirectory => (Flags & 2) != 0;

    /// <summary>True when the object is neither a regular file nor a directory (flag kXR_other).</summary>
    public bool IsOther => (Flags & 4) != 0;

    /// <summary>True when the server reports the object readable (flag kXR_readable).</summary>
    public bool IsReadable => (Flags & 16) != 0;

    /// <summary>Parses the kXR_stat text "id size flags mtime".</summary>
    /// <exception cref="FormatException">The text does not have four numeric fields.</exception>
    internal static XRootDStatInfo Parse(string text)
    {
        var f = text.Trim('\0', ' ', '\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || !long.TryParse(f[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || !int.TryParse(f[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var flags)
            || !long.TryParse(f[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mtime)
            || mtime > 253402300799L)
            throw new FormatException($"stat information '{text.Trim('\0')}' does not have the form 'id size flags mtime'");
        return new XRootDStatInfo(f[0], size, flags, DateTimeOffset.FromUnixTimeSeconds(mtime));
    }
}

/// <summary>One entry of a directory listing.</summary>
/// <param name="Name">Name inside the directory (no path).</param>
/// <param name="Stat">Its stat information.</param>
public readonly record struct XRootDDirectoryEntry(string Name, XRootDStatInfo Stat);
