using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

public readonly partial struct RVec<T>
{
    /// <summary>
    /// The elements whose mask entry is true, in their original order (ROOT's <c>v[mask]</c>), allocated in the
    /// calling thread's <see cref="RVecArena"/>. Throws <see cref="ArgumentException"/> naming both sizes when
    /// <paramref name="mask"/> and this vector differ in length.
    /// </summary>
    public RVec<T> this[RVec<bool> mask]
    {
        get
        {
            if (mask._length != _length)
                throw new ArgumentException($"Cannot index an RVec of size {_length} with a mask of size {mask._length}", nameof(mask));
            var m = mask.AsSpan();
            int count = VectorKernels.CountTrue(m);
            var dst = RVecArena.Allocate<T>(count, out var result);
            if (count == _length)
            {
                AsSpan().CopyTo(dst);
                return result;
            }
            ref T src = ref _length == 0 ? ref Unsafe.NullRef<T>() : ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array!), _offset);
            int k = 0;
            for (int i = 0; k < count; i++)
            {
                if (m[i]) dst[k++] = Unsafe.Add(ref src, i);
            }
            return result;
        }
    }
}
