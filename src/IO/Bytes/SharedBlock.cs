using System.Buffers;

namespace EventFrame.IO.Bytes;

/// <summary>
/// A cache block's bytes in a pooled array, shared by the in-memory block list and the reads copying from it: each
/// holder owns one reference, and the array goes back to the pool when the last one is released (so blocks read in
/// part cost no large-object allocation and no garbage collection).
/// </summary>
internal sealed class SharedBlock
{
    private readonly byte[] _array;
    private int _references = 1;

    private SharedBlock(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>Number of bytes of the block.</summary>
    public int Length { get; }

    /// <summary>The block's bytes; valid only while the caller holds a reference.</summary>
    public Memory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Returns a block of <paramref name="length"/> bytes from the pool, with one reference owned by the caller.</summary>
    public static SharedBlock Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    /// <summary>Adds a reference unless the block was already returned; the caller must <see cref="Release"/> it.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            int n = Volatile.Read(ref _references);
            if (n == 0) return false;
            if (Interlocked.CompareExchange(ref _references, n + 1, n) == n) return true;
        }
    }

    /// <summary>Drops one reference; the last one returns the array to the pool.</summary>
    public void Release()
    {
        int n = Interlocked.Decrement(ref _references);
        if (n == 0) ArrayPool<byte>.Shared.Return(_array);
        else if (n < 0) throw new InvalidOperationException("cache block released more often than acquired");
    }
}
