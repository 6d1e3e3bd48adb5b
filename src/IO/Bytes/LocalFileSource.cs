using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A local file, thread-safe for any number of concurrent readers. By default the file is memory-mapped (read-only, the
/// length it had when opened): reads copy from the mapping, and <see cref="TryPin"/> lends bytes in place so that
/// baskets are decompressed or byte-swapped straight from the page cache. When mapping is switched off or fails
/// (an empty or special file, an exhausted address space), reads are positional reads (<see cref="RandomAccess"/>) on
/// one shared handle.
/// </summary>
/// <remarks>
/// <para>Every access is checked against <see cref="Length"/> before the mapping is touched, so damaged files give a
/// <see cref="ByteSourceException"/> or a format error, never an access violation.</para>
/// <para>A file that another process <em>truncates</em> while it is mapped is the one hazard: touching a page past the
/// new end raises SIGBUS, which ends the process (positional reads would report "file ended early" instead). ROOT
/// files are written once and then only read, so the mapping is the default; set the environment variable
/// <c>EVENTFRAME_MMAP=0</c>, or pass <c>map: false</c>, to read files that may be rewritten in place.</para>
/// <para>Memory: the mapping is address space, not allocated memory. Pages the reader touches count in the process's
/// resident set as clean file-backed pages (the same page-cache pages positional reads copy from); the kernel drops
/// them under memory pressure, so reading a file larger than RAM does not pin it in memory.</para>
/// </remarks>
public sealed class LocalFileSource : IByteSource
{
    private readonly SafeFileHandle _handle;
    private readonly Mapping? _map;
    private long _bytesRead;
    private long _requests;

    /// <summary>
    /// Whether <see cref="LocalFileSource(string)"/> maps files: true unless the environment variable
    /// <c>EVENTFRAME_MMAP</c> is <c>0</c> when the process first opens a local file.
    /// </summary>
    public static bool MapByDefault { get; } = Environment.GetEnvironmentVariable("EVENTFRAME_MMAP") != "0";

    /// <summary>Opens <paramref name="path"/> for reading (shared with other readers and writers), mapped if <see cref="MapByDefault"/>.</summary>
    /// <exception cref="ByteSourceException">The file cannot be opened.</exception>
    public LocalFileSource(string path) : this(path, MapByDefault) { }

    /// <summary>
    /// Opens <paramref name="path"/> for reading (shared with other readers and writers); memory-maps it when
    /// <paramref name="map"/> is true and the mapping succeeds, otherwise reads with positional reads.
    /// </summary>
    /// <exception cref="ByteSourceException">The file cannot be opened.</exception>
    public LocalFileSource(string path, bool map)
    {
        Name = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ByteSourceException(path, "cannot open file: " + e.Message, e);
        }
        if (map) _map = Mapping.TryCreate(_handle, Length);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public long Length { get; }

    /// <inheritdoc/>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <inheritdoc/>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Whether the file is memory-mapped (reads and pins are served from the mapping).</summary>
    public bool IsMapped => _map is not null;

    /// <summary>True when the file is memory-mapped: <see cref="TryPin"/> then lends bytes in place.</summary>
    public bool CanPin => _map is not null;

    private void Check(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ByteSourceException(Name, $"read of {length} bytes at offset {offset} is outside the file (length {Length})");
    }

    private void Count(int bytes)
    {
        Interlocked.Add(ref _bytesRead, bytes);
        Interlocked.Increment(ref _requests);
    }

    /// <summary>
    /// When the file is mapped, lends <c>[offset, offset + length)</c> in place (see <see cref="IByteSource.TryPin"/>);
    /// returns false otherwise. The pin keeps the mapping alive past <see cref="Dispose"/> until it is disposed.
    /// </summary>
    /// <exception cref="ByteSourceException">The range is outside the file or the source is disposed.</exception>
    public unsafe bool TryPin(long offset, int length, out MemoryHandle pin)
    {
        if (_map is null)
        {
            pin = default;
            return false;
        }
        Check(offset, length);
        pin = _map.Pin(offset, Name);
        Count(length);
        return true;
    }

    /// <inheritdoc/>
    public unsafe void Read(long offset, Span<byte> destination)
    {
        Check(offset, destination.Length);
        if (_map is not null)
        {
            using (var pin = _map.Pin(offset, Name))
                new ReadOnlySpan<byte>(pin.Pointer, destination.Length).CopyTo(destination);
            Count(destination.Length);
            return;
        }
        int done = 0;
        try
        {
            while (done < destination.Length)
            {
                int n = RandomAccess.Read(_handle, destination[done..], offset + done);
                if (n <= 0) throw new ByteSourceException(Name, $"file ended early while reading {destination.Length} bytes at offset {offset}");
                done += n;
            }
        }
        catch (Exception e) when (e is IOException and not ByteSourceException || e is ObjectDisposedException)
        {
            throw new ByteSourceException(Name, $"read of {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
        }
        Count(done);
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        Check(offset, destination.Length);
        if (_map is not null)
        {
            // A copy from the mapping does not block on a device (beyond page faults), so there is nothing to await.
            ct.ThrowIfCancellationRequested();
            Read(offset, destination.Span);
            return;
        }
        int done = 0;
        try
        {
            while (done < destination.Length)
            {
                int n = await RandomAccess.ReadAsync(_handle, destination[done..], offset + done, ct).ConfigureAwait(false);
                if (n <= 0) throw new ByteSourceException(Name, $"file ended early while reading {destination.Length} bytes at offset {offset}");
                done += n;
            }
        }
        catch (Exception e) when (e is IOException and not ByteSourceException || e is ObjectDisposedException)
        {
            throw new ByteSourceException(Name, $"read of {destination.Length} bytes at offset {offset} failed: {e.Message}", e);
        }
        Count(done);
    }

    /// <inheritdoc/>
    public async ValueTask ReadRangesAsync(IReadOnlyList<ByteRange> ranges, IReadOnlyList<Memory<byte>> destinations, CancellationToken ct = default)
    {
        ByteSources.CheckRanges(Name, ranges, destinations);
        for (int i = 0; i < ranges.Count; i++)
            await ReadAsync(ranges[i].Offset, destinations[i], ct).ConfigureAwait(false);
    }

    /// <summary>Closes the file handle and the mapping (which outstanding pins keep alive until they are disposed).</summary>
    public void Dispose()
    {
        _map?.Dispose();
        _handle.Dispose();
    }

    /// <summary>
    /// A read-only view of the whole file. Pins count references on the view's handle, so unmapping waits for the
    /// last pin: a reader still holding a basket when the source is disposed never sees its memory disappear.
    /// </summary>
    private sealed unsafe class Mapping : IPinnable, IDisposable
    {
        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;
        private readonly SafeMemoryMappedViewHandle _viewHandle;
        private readonly byte* _base;
        private readonly long _length;

        private Mapping(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
        {
            _file = file;
            _view = view;
            _viewHandle = view.SafeMemoryMappedViewHandle;
            _length = length;
            byte* p = null;
            _viewHandle.AcquirePointer(ref p);
            // The address stays valid until the view is disposed; the reference taken here is not needed after.
            _viewHandle.ReleasePointer();
            _base = p + view.PointerOffset;
        }

        /// <summary>Maps <paramref name="length"/> bytes of the file, or returns null when the file cannot be mapped.</summary>
        public static Mapping? TryCreate(SafeFileHandle handle, long length)
        {
            // Empty files cannot be mapped; a size that fits no address space is left to positional reads.
            if (length <= 0 || length > nint.MaxValue) return null;
            MemoryMappedFile? file = null;
            try
            {
                file = MemoryMappedFile.CreateFromFile(handle, null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
                var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
                return new Mapping(file, view, length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                file?.Dispose();
                return null;
            }
        }

        /// <summary>Pins the view and returns a handle addressing byte <paramref name="offset"/> (checked by the caller).</summary>
        public MemoryHandle Pin(long offset, string name)
        {
            bool added = false;
            try
            {
                _viewHandle.DangerousAddRef(ref added);
            }
            catch (ObjectDisposedException e)
            {
                throw new ByteSourceException(name, $"read at offset {offset} after the file was closed", e);
            }
            return new MemoryHandle(_base + offset, default, this);
        }

        /// <summary>Pins the view at byte <paramref name="elementIndex"/> (the <see cref="IPinnable"/> form of <see cref="Pin(long, string)"/>).</summary>
        MemoryHandle IPinnable.Pin(int elementIndex)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
            return Pin(elementIndex, "mapping");
        }

        /// <summary>Drops one pin's reference; the last one after <see cref="Dispose"/> unmaps the view.</summary>
        public void Unpin() => _viewHandle.DangerousRelease();

        /// <summary>Releases the view (deferred while pins remain) and the mapping object.</summary>
        public void Dispose()
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
