namespace EventFrame.IO.Bytes;

/// <summary>
/// A byte source that can tell which version of its content it serves (an HTTP ETag or Last-Modified date, an XRootD
/// modification time). <see cref="CachedByteSource"/> keys its blocks by it, so a changed remote file is not served
/// from stale cached blocks.
/// </summary>
public interface IVersionedByteSource : IByteSource
{
    /// <summary>
    /// An opaque text that changes whenever the content changes, or null when the source cannot tell (then only the
    /// name and the length identify the content).
    /// </summary>
    string? Version { get; }
}
