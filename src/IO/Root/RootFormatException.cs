namespace EventFrame.IO.Root;

/// <summary>Where in a ROOT file something is being read: the file, the object, and a byte offset in the file.</summary>
/// <param name="FilePath">Path or URL of the file.</param>
/// <param name="ObjectName">Name of the object (key, branch, basket) being read; may be empty.</param>
/// <param name="Offset">Byte offset in the file (or -1 when unknown).</param>
public readonly record struct RootLocation(string FilePath, string ObjectName, long Offset)
{
    /// <summary>The same location at another byte offset.</summary>
    public RootLocation At(long offset) => this with { Offset = offset };

    /// <summary>The same file and offset for another object name.</summary>
    public RootLocation For(string objectName) => this with { ObjectName = objectName };
}

/// <summary>
/// A ROOT file is malformed, truncated, uses an unsupported feature, or cannot be decoded (including failures of
/// the native codecs). The message names the file, the object and the byte offset.
/// </summary>
public class RootFormatException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with file, object and offset.</summary>
    public RootFormatException(string filePath, string objectName, long offset, string message, Exception? inner = null)
        : base(Format(filePath, objectName, offset, message), inner)
    {
        FilePath = filePath;
        ObjectName = objectName;
        Offset = offset;
    }

    /// <summary>Creates the exception at <paramref name="where"/>.</summary>
    public RootFormatException(in RootLocation where, string message, Exception? inner = null)
        : this(where.FilePath, where.ObjectName, where.Offset, message, inner) { }

    /// <summary>Path or URL of the file.</summary>
    public string FilePath { get; }

    /// <summary>Name of the object being read (may be empty).</summary>
    public string ObjectName { get; }

    /// <summary>Byte offset in the file where the problem was found (-1 when unknown).</summary>
    public long Offset { get; }

    private static string Format(string file, string obj, long offset, string message) =>
        $"{file}: {(string.IsNullOrEmpty(obj) ? "(file structure)" : "'" + obj + "'")} at byte {offset}: {message}";
}
