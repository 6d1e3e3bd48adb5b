using System.Buffers.Binary;
using System.Text;

namespace EventFrame.IO.Root.Writing;

/// <summary>
/// A growable big-endian buffer in which ROOT objects are streamed as TBufferFile does: byte counts with
/// kByteCountMask, class tags (kNewClassTag + name the first time, a kClassMask reference after), and object
/// references. Positions recorded for references are "offset from the start of the key record + kMapOffset", so the
/// buffer is told the key length (<see cref="Displacement"/>) before objects are written.
/// </summary>
internal sealed class RootBuffer
{
    private const uint ByteCountMask = 0x40000000;
    private const uint NewClassTag = 0xFFFFFFFF;
    private const uint ClassMask = 0x80000000;
    private const int MapOffset = 2;

    private byte[] _data;
    private readonly Dictionary<string, uint> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<object, uint> _objects = new(ReferenceEqualityComparer.Instance);

    public RootBuffer(int capacity = 256) => _data = new byte[Math.Max(16, capacity)];

    /// <summary>Bytes that precede this buffer in its key record (the key header length), for reference offsets.</summary>
    public int Displacement { get; set; }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public byte[] ToArray() => Span.ToArray();

    public void Clear()
    {
        Length = 0;
        _classes.Clear();
        _objects.Clear();
    }

    private Span<byte> Grow(int n)
    {
        if (Length + n > _data.Length)
        {
            long want = Math.Max((long)_data.Length * 2, (long)Length + n);
            if (want > Array.MaxLength) throw new InvalidOperationException($"a ROOT object buffer would exceed {Array.MaxLength} bytes");
            Array.Resize(ref _data, (int)want);
        }
        var s = _data.AsSpan(Length, n);
        Length += n;
        return s;
    }

    public void U8(byte v) => Grow(1)[0] = v;
    public void Bool(bool v) => U8(v ? (byte)1 : (byte)0);
    public void I16(short v) => BinaryPrimitives.WriteInt16BigEndian(Grow(2), v);
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), v);
    public void F32(float v) => BinaryPrimitives.WriteSingleBigEndian(Grow(4), v);
    public void F64(double v) => BinaryPrimitives.WriteDoubleBigEndian(Grow(8), v);
    public void Bytes(ReadOnlySpan<byte> v) => v.CopyTo(Grow(v.Length));

    /// <summary>Reserves <paramref name="n"/> bytes and returns their position, to be filled later with <see cref="PatchI32"/>/<see cref="PatchI64"/>.</summary>
    public int Reserve(int n)
    {
        int at = Length;
        Grow(n).Clear();
        return at;
    }

    public void PatchI32(int at, int v) => BinaryPrimitives.WriteInt32BigEndian(_data.AsSpan(at, 4), v);
    public void PatchI64(int at, long v) => BinaryPrimitives.WriteInt64BigEndian(_data.AsSpan(at, 8), v);

    /// <summary>Writes a TString: u8 length, or 255 and an i32 length for 255 bytes and more, then the UTF-8 bytes.</summary>
    public void String(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        if (n < 255) U8((byte)n);
        else
        {
            U8(255);
            I32(n);
        }
        Encoding.UTF8.GetBytes(s, Grow(n));
    }

    /// <summary>The size of <paramref name="s"/> written by <see cref="String"/>.</summary>
    public static int StringSize(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        return n + (n < 255 ? 1 : 5);
    }

    /// <summary>Starts a versioned object: a byte-count placeholder and the version. Returns the placeholder position for <see cref="EndObject"/>.</summary>
    public int BeginObject(int version)
    {
        int at = Reserve(4);
        U16((ushort)version);
        return at;
    }

    /// <summary>Fills the byte count started by <see cref="BeginObject"/> (or <see cref="BeginPointer"/>): the bytes that follow it, with kByteCountMask.</summary>
    public void EndObject(int at)
    {
        int len = Length - at - 4;
        if (len >= 0x40000000) throw new InvalidOperationException($"a ROOT object of {len} bytes exceeds the 1 GiB limit of byte counts");
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(at, 4), (uint)len | ByteCountMask);
    }

    /// <summary>TObject (version 1): fUniqueID 0, fBits with kNotDeleted (0x02000000) and kIsOnHeap (0x01000000) as ROOT writes them.</summary>
    public void TObject(uint extraBits = 0)
    {
        U16(1);
        U32(0);
        U32(0x03000000 | extraBits);
    }

    /// <summary>TNamed (version 1): TObject, name, title.</summary>
    public void TNamed(string name, string title, uint extraBits = 0)
    {
        int at = BeginObject(1);
        TObject(extraBits);
        String(name);
        String(title);
        EndObject(at);
    }

    /// <summary>
    /// Starts a polymorphic pointer to an object of <paramref name="className"/>: byte count, class tag (name the
    /// first time, reference after). The caller writes the object and calls <see cref="EndObject"/> with the result.
    /// <paramref name="identity"/>, when given, is remembered so later <see cref="TryReference"/> calls can point to it.
    /// </summary>
    public int BeginPointer(string className, object? identity = null)
    {
        int at = Reserve(4);
        if (identity is not null) _objects[identity] = (uint)(at + Displacement + MapOffset);
        if (_classes.TryGetValue(className, out uint tag))
            U32(tag | ClassMask);
        else
        {
            _classes[className] = (uint)(Length + Displacement + MapOffset);
            U32(NewClassTag);
            Bytes(Encoding.ASCII.GetBytes(className));
            U8(0);
        }
        return at;
    }

    /// <summary>Writes a reference to an object already written with <paramref name="identity"/>, if there is one.</summary>
    public bool TryReference(object identity)
    {
        if (!_objects.TryGetValue(identity, out uint at)) return false;
        U32(at);
        return true;
    }

    /// <summary>Writes a null pointer.</summary>
    public void Null() => U32(0);
}
