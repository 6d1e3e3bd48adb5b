using System.Text;

namespace EventFrame.IO.Bytes;

/// <summary>
/// Buffered, bounded reading of an HTTP answer body: lines (for multipart headers and boundaries) and exact byte
/// counts straight into destinations. Nothing it allocates depends on what the server declares.
/// </summary>
internal sealed class HttpResponseReader(Stream stream, string url)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    /// <summary>Bytes of the body consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes of the body dropped by <see cref="DiscardAsync"/> so far.</summary>
    public long Discarded { get; private set; }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_start < _end) return true;
        _start = 0;
        _end = await stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
        return _end > 0;
    }

    /// <summary>
    /// Reads one line (ended by LF, an optional CR before it removed) of at most <paramref name="maxLength"/> bytes as
    /// Latin-1; null at the end of the body.
    /// </summary>
    /// <exception cref="HttpByteSourceException">The line is longer than <paramref name="maxLength"/>.</exception>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        var line = new List<byte>();
        while (true)
        {
            if (!await FillAsync(ct).ConfigureAwait(false)) return line.Count == 0 ? null : Decode(line);
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int take = (nl < 0 ? _end : nl) - _start;
            if (line.Count + take > maxLength)
                throw new HttpByteSourceException(url, $"malformed multipart/byteranges answer: line longer than {maxLength} bytes at byte {Position} of the body");
            line.AddRange(new ArraySegment<byte>(_buffer, _start, take));
            _start += take;
            Position += take;
            if (nl >= 0)
            {
                _start++;
                Position++;
                if (line.Count > 0 && line[^1] == '\r') line.RemoveAt(line.Count - 1);
                return Decode(line);
            }
        }
    }

    private static string Decode(List<byte> line) => Encoding.Latin1.GetString(line.ToArray());

    /// <summary>Fills <paramref name="destination"/> from the body.</summary>
    /// <exception cref="HttpByteSourceException">The body ends first (retryable: the connection was cut).</exception>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken ct)
    {
        int done = Math.Min(_end - _start, destination.Length);
        _buffer.AsMemory(_start, done).CopyTo(destination);
        _start += done;
        while (done < destination.Length)
        {
            int n = await stream.ReadAsync(destination[done..], ct).ConfigureAwait(false);
            if (n <= 0) throw ShortBody(destination.Length - done);
            done += n;
        }
        Position += destination.Length;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes of the body.</summary>
    /// <exception cref="HttpByteSourceException">The body ends first (retryable).</exception>
    public async ValueTask DiscardAsync(long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (!await FillAsync(ct).ConfigureAwait(false)) throw ShortBody(count);
            int n = (int)Math.Min(count, _end - _start);
            _start += n;
            Position += n;
            Discarded += n;
            count -= n;
        }
    }

    private HttpByteSourceException ShortBody(long missing) =>
        new(url, $"answer ended {missing} bytes early at byte {Position} of the body", retryable: true);
}
