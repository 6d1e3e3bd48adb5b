using System.Buffers.Binary;

namespace EventFrame.XRootD;

/// <summary>
/// Receives the body chunks of kXR_oksofar/kXR_ok answers on the connection's reader thread. A sink always consumes
/// exactly the bytes it is given, so the stream stays in step even when the data does not fit the request; it records
/// the problem in <see cref="Error"/> instead, and the request then fails with it.
/// </summary>
internal abstract class ResponseSink
{
    /// <summary>Set when the answer did not fit the request.</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Reads <paramref name="length"/> body bytes from <paramref name="connection"/>.</summary>
    public abstract void Consume(XRootDConnection connection, int length, long frameStart);

    /// <summary>Called when the final (kXR_ok) chunk has been consumed: checks that nothing is missing.</summary>
    public virtual void Finish(XRootDConnection connection, long frameStart)
    {
    }

    /// <summary>Forgets what was received, before the request is sent again.</summary>
    public virtual void Reset() => Error = null;
}

/// <summary>Collects the whole body in memory, up to a bound (beyond it the bytes are discarded and the request fails).</summary>
internal sealed class BufferSink(int maxBytes) : ResponseSink
{
    private byte[] _data = [];
    private int _length;

    public override void Consume(XRootDConnection connection, int length, long frameStart)
    {
        if (Error is not null || length > maxBytes - _length)
        {
            Error ??= new XRootDProtocolException(connection.Name, frameStart, $"the answer exceeds the limit of {maxBytes} bytes");
            connection.Skip(length);
            return;
        }
        if (_length + length > _data.Length)
            Array.Resize(ref _data, (int)Math.Min(maxBytes, Math.Max(_length + (long)length, _data.Length * 2L)));
        connection.ReadExactly(_data.AsSpan(_length, length));
        _length += length;
    }

    public override void Reset()
    {
        base.Reset();
        _length = 0;
    }

    /// <summary>The bytes received.</summary>
    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();
}

/// <summary>Writes kXR_read data straight into the caller's buffer.</summary>
internal sealed class ReadSink(Memory<byte> destination) : ResponseSink
{
    /// <summary>Bytes received so far.</summary>
    public int Filled { get; private set; }

    public override void Consume(XRootDConnection connection, int length, long frameStart)
    {
        if (Error is not null || length > destination.Length - Filled)
        {
            Error ??= new XRootDProtocolException(connection.Name, frameStart, $"kXR_read answered {Filled + (long)length} bytes but {destination.Length} were asked for");
            connection.Skip(length);
            return;
        }
        connection.ReadExactly(destination.Span.Slice(Filled, length));
        Filled += length;
    }

    public override void Reset()
    {
        base.Reset();
        Filled = 0;
    }
}

/// <summary>One element of a vectored read: <c>Destination.Length</c> bytes at <c>Offset</c>.</summary>
internal readonly record struct ReadSegment(long Offset, Memory<byte> Destination);

/// <summary>
/// Parses a kXR_readv answer: for each requested segment, in order, a 16-byte header (file handle, length, offset)
/// followed by the data, which goes straight into the segment's buffer. Headers and data may be split across
/// kXR_oksofar chunks at any byte.
/// </summary>
internal sealed class ReadVSink(IReadOnlyList<ReadSegment> segments) : ResponseSink
{
    private readonly byte[] _header = new byte[XRootDProtocol.ReadVElementSize];
    private int _headerFill;
    private int _segment;
    private int _dataFill;
    private int _dataLength = -1;

    /// <summary>True once every segment has been received in full.</summary>
    public bool Complete => _segment == segments.Count && Error is null;

    public override void Consume(XRootDConnection connection, int length, long frameStart)
    {
        while (length > 0)
        {
            if (Error is not null)
            {
                connection.Skip(length);
                return;
            }
            if (_dataLength < 0)
            {
                int n = Math.Min(length, _header.Length - _headerFill);
                connection.ReadExactly(_header.AsSpan(_headerFill, n));
                _headerFill += n;
                length -= n;
                if (_headerFill < _header.Length) continue;
                _headerFill = 0;
                int rlen = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(4));
                long offset = BinaryPrimitives.ReadInt64BigEndian(_header.AsSpan(8));
                if (_segment >= segments.Count)
                    Error = new XRootDProtocolException(connection.Name, frameStart, $"kXR_readv answered more than the {segments.Count} segments asked for");
                else if (offset != segments[_segment].Offset || rlen != segments[_segment].Destination.Length)
                    Error = new XRootDProtocolException(connection.Name, frameStart,
                        $"kXR_readv segment {_segment} is {rlen} bytes at offset {offset}, but {segments[_segment].Destination.Length} bytes at {segments[_segment].Offset} were asked for");
                else
                {
                    _dataLength = rlen;
                    _dataFill = 0;
                    if (rlen == 0) FinishSegment();
                }
                continue;
            }
            int take = Math.Min(length, _dataLength - _dataFill);
            connection.ReadExactly(segments[_segment].Destination.Span.Slice(_dataFill, take));
            _dataFill += take;
            length -= take;
            if (_dataFill == _dataLength) FinishSegment();
        }
    }

    private void FinishSegment()
    {
        _segment++;
        _dataLength = -1;
    }

    public override void Finish(XRootDConnection connection, long frameStart)
    {
        if (Error is null && (_segment != segments.Count || _headerFill != 0 || _dataLength >= 0))
            Error = new XRootDProtocolException(connection.Name, frameStart, $"kXR_readv answered {_segment} of {segments.Count} segments completely");
    }

    public override void Reset()
    {
        base.Reset();
        _headerFill = 0;
        _segment = 0;
        _dataFill = 0;
        _dataLength = -1;
    }
}
