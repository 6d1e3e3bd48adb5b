using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.Execution;

/// <summary>
/// The entries of the current chunk that reach one point of the graph. Either dense (every entry 0..Count-1 of the
/// chunk) or a sorted list of chunk-relative entry indices.
/// </summary>
public sealed class Selection
{
    private int[] _indices = new int[256];

    /// <summary>True when every entry of the chunk is selected (then <see cref="Indices"/> is not used).</summary>
    public bool Dense { get; internal set; }

    /// <summary>Number of selected entries.</summary>
    public int Count { get; internal set; }

    /// <summary>Whether the selection has been computed for the current chunk.</summary>
    internal bool Computed { get; set; }

    /// <summary>The selected chunk-relative entry indices, ascending (only when not <see cref="Dense"/>).</summary>
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);

    /// <summary>Returns a buffer of at least <paramref name="capacity"/> indices to write a new selection into.</summary>
    internal int[] Buffer(int capacity)
    {
        if (_indices.Length < capacity) _indices = new int[Math.Max(capacity, _indices.Length * 2)];
        return _indices;
    }

    /// <summary>Changes whenever the selected entries are set (caches of per-selection work compare it).</summary>
    internal long Version { get; private set; }

    internal void SetDense(int n)
    {
        Version++;
        Dense = true;
        Count = n;
        Computed = true;
    }

    internal void SetIndices(int count)
    {
        Version++;
        Dense = false;
        Count = count;
        Computed = true;
    }

    /// <summary>The chunk-relative index of the k-th selected entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int At(int k) => Dense ? k : _indices[k];
}

/// <summary>Per-slot storage of one column's values for the current chunk, indexed by chunk-relative entry.</summary>
public abstract class ColumnStore
{
    /// <summary>Whether the values are valid for the current chunk.</summary>
    internal bool Ready { get; set; }

    /// <summary>For source columns: whether the raw buffer holds the current chunk (values may still need building).</summary>
    internal bool RawReady { get; set; }

    /// <summary>The CLR type of one entry's value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Called by the loop after a source store's raw buffer was read for a new chunk.</summary>
    internal virtual void RawRead() { }
}

/// <summary>Typed per-slot column storage.</summary>
/// <typeparam name="T">The per-entry value type.</typeparam>
public class ColumnStore<T> : ColumnStore
{
    private T[] _array = [];
    private int _offset;
    private int _count;

    /// <inheritdoc/>
    public override Type ValueType => typeof(T);

    /// <summary>The values of the chunk, indexed by chunk-relative entry.</summary>
    public ReadOnlySpan<T> Values
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_array, _offset, _count);
    }

    /// <summary>Points the store at external storage (zero-copy source buffers).</summary>
    internal void Point(T[] array, int offset, int count)
    {
        _array = array;
        _offset = offset;
        _count = count;
    }

    /// <summary>Makes the store own an array of <paramref name="count"/> values and returns it for writing.</summary>
    internal Span<T> Own(int count)
    {
        if (_owned is null || _owned.Length < count) _owned = new T[Math.Max(count, 16)];
        _array = _owned;
        _offset = 0;
        _count = count;
        return _array.AsSpan(0, count);
    }

    private T[]? _owned;

    // The run found by RunOf/SetRun: the selection (and its version, new for every chunk) it belongs to.
    private Selection? _runSelection;
    private long _runVersion = -1;
    private object? _runArray;
    private int _runStart, _runLength;

    /// <summary>
    /// For a vector column: true, with the elements of <paramref name="sel"/>'s entries as one run of an array, when
    /// <see cref="SetRun"/> recorded them for this very selection of the current chunk.
    /// </summary>
    internal bool RunOf<TE>(Selection sel, out ReadOnlySpan<TE> run)
    {
        if (ReferenceEquals(sel, _runSelection) && sel.Version == _runVersion)
        {
            run = _runArray is null ? default : new ReadOnlySpan<TE>((TE[])_runArray, _runStart, _runLength);
            return true;
        }
        run = default;
        return false;
    }

    /// <summary>Records that the elements of <paramref name="sel"/>'s entries are <paramref name="array"/>[start, start + length) (null: no elements).</summary>
    internal void SetRun<TE>(Selection sel, TE[]? array, int start, int length)
    {
        (_runSelection, _runVersion, _runArray, _runStart, _runLength) = (sel, sel.Version, array, start, length);
    }
}

/// <summary>
/// The state of one processing slot (thread) for the current chunk: the column stores, the selections and where the
/// chunk lies in the dataset. Generated expression code and lambda kernels read their inputs through it.
/// </summary>
public sealed class ChunkContext
{
    internal ChunkContext(int columns, int selections)
    {
        Columns = new ColumnStore[columns];
        Selections = new Selection[selections];
        for (int i = 0; i < selections; i++) Selections[i] = new Selection();
        All = new Selection();
    }

    /// <summary>Number of entries in the chunk.</summary>
    public int Count { get; internal set; }

    /// <summary>Global entry number of the chunk's first entry.</summary>
    public long FirstEntry { get; internal set; }

    /// <summary>The slot (worker) number, 0-based.</summary>
    public int Slot { get; internal set; }

    /// <summary>The partition being processed.</summary>
    public Partition Partition { get; internal set; } = new(0, 0, 0);

    internal ColumnStore[] Columns { get; }
    internal Selection[] Selections { get; }
    internal Selection All { get; }

    /// <summary>Key of the node being evaluated, used to give each node its own random stream.</summary>
    internal ulong CurrentNodeKey { get; set; }

    /// <summary>Set by the loop: makes a column ready (reads or computes it) for the current chunk.</summary>
    internal Action<ChunkContext, int> EnsureColumn { get; set; } = static (_, _) => { };

    /// <summary>The values of column <paramref name="index"/> (as numbered by the plan), computing or reading them if needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Values<T>(int index)
    {
        var store = Columns[index];
        if (!store.Ready) EnsureColumn(this, index);
        return Unsafe.As<ColumnStore<T>>(store).Values;
    }

    /// <summary>
    /// The values of column <paramref name="index"/> for (at least) the entries of <paramref name="sel"/>: like
    /// <see cref="Values{T}(int)"/>, except that the per-entry views of a jagged source column are built only for the
    /// selected entries when the selection is sparse (other entries of the span are stale and must not be read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Values<T>(int index, Selection sel)
    {
        var store = Columns[index];
        if (!store.Ready) Prepare(index, store, sel);
        return Unsafe.As<ColumnStore<T>>(store).Values;
    }

    private void Prepare(int index, ColumnStore store, Selection sel)
    {
        // Views of a few selected entries are much cheaper than views of the whole chunk (a filter upstream of a
        // Define typically keeps a few per cent of the events).
        if (!sel.Dense && store is IDeferredViews deferred)
        {
            if (!store.RawReady) EnsureRaw(this, index);
            deferred.AttachSelected(sel);
        }
        else EnsureColumn(this, index);
    }

    /// <summary>
    /// Column <paramref name="index"/> as a typed lambda's input for the entries of <paramref name="sel"/>: the
    /// values of <see cref="Values{T}(int, Selection)"/>, except that the per-entry <see cref="RVec{T}"/> views of a
    /// jagged source column of numbers are made from its raw offsets as each entry is read, not stored first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ColumnInput<T> Input<T>(int index, Selection sel)
    {
        if (JaggedView<T>.Supported && TryRaw(index, sel, out var offsets, out var values, out int baseOffset))
            return new ColumnInput<T>(offsets, values, baseOffset);
        return new ColumnInput<T>(Values<T>(index, sel));
    }

    /// <summary>
    /// The raw form of jagged column <paramref name="index"/> for <paramref name="sel"/>'s entries (see
    /// <see cref="IRawJagged.RawViews"/>), reading the column's buffer if needed; false when the column is stored as
    /// per-entry values instead (not jagged, or a vector Define whose results did not lie back to back).
    /// </summary>
    internal bool TryRaw(int index, Selection sel, out ReadOnlySpan<int> offsets, out object values, out int baseOffset)
    {
        var store = Columns[index];
        if (!store.Ready && store is IRawJagged raw)
        {
            if (!store.RawReady) EnsureRaw(this, index);
            // A vector Define whose results did not lie back to back has stored views instead (and is Ready).
            if (!store.Ready)
            {
                offsets = raw.RawViews(sel, out values, out baseOffset);
                return true;
            }
        }
        offsets = default;
        values = null!;
        baseOffset = 0;
        return false;
    }

    /// <summary>
    /// The store of vector Define <paramref name="index"/>, set up to receive the results of <paramref name="sel"/>'s
    /// entries as offsets into one array (see <see cref="FlatVectorOutput"/>).
    /// </summary>
    internal FlatVectorOutput FlatOutput(int index, Selection sel)
    {
        var flat = ((IFlatVectorStore)Columns[index]).Flat;
        flat.Begin(sel, Count);
        return flat;
    }

    /// <summary>The raw jagged buffer of source column <paramref name="index"/> (offsets + values), reading it if needed.</summary>
    public JaggedBuffer<T> Jagged<T>(int index)
    {
        var store = Columns[index];
        if (!store.RawReady) EnsureRaw(this, index);
        return ((SourceJaggedStore<T>)store).Buffer;
    }

    /// <summary>Set by the loop: reads a source column's buffer for the current chunk without building per-entry values.</summary>
    internal Action<ChunkContext, int> EnsureRaw { get; set; } = static (_, _) => { };

    /// <summary>The output storage of a Define: <paramref name="index"/>'s array for the chunk, for writing.</summary>
    public Span<T> Output<T>(int index) => ((ColumnStore<T>)Columns[index]).Own(Count);
}

/// <summary>
/// One input column of a typed-lambda kernel for the current chunk, indexed by chunk-relative entry: either stored
/// values, or the raw offsets and value array of a jagged source column from which entry i's view is made on read.
/// </summary>
internal readonly ref struct ColumnInput<T>
{
    private readonly ReadOnlySpan<T> _values;
    private readonly ReadOnlySpan<int> _offsets;
    private readonly object? _raw;
    private readonly int _base;

    public ColumnInput(ReadOnlySpan<T> values) => _values = values;

    public ColumnInput(ReadOnlySpan<int> offsets, object raw, int baseOffset)
    {
        _offsets = offsets;
        _raw = raw;
        _base = baseOffset;
    }

    /// <summary>Entry <paramref name="i"/>'s value (for a raw jagged column: a view of its elements, no copy).</summary>
    public T this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            // Supported is a static readonly the JIT folds, so inputs that cannot be raw pay no branch.
            if (JaggedView<T>.Supported && _raw is not null)
            {
                int start = _offsets[i];
                return JaggedView<T>.Make(_raw, _base + start, _offsets[i + 1] - start);
            }
            return _values[i];
        }
    }
}

/// <summary>
/// Makes a value of type <typeparamref name="T"/> = <see cref="RVec{E}"/>, for the numeric element types E that
/// jagged source columns hold, as a view of a raw value array; code generic in T cannot name E, so each E is
/// spelled out (T is a struct, so the JIT compiles one copy per T and keeps only the matching branch).
/// </summary>
internal static class JaggedView<T>
{
    /// <summary>True when T is an RVec of a numeric element type (<see cref="Numeric"/>'s, the ones <see cref="Make"/> spells out).</summary>
    public static readonly bool Supported =
        typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(RVec<>) && Numeric.IsNumericOrVector(typeof(T));

    /// <summary>The view of <paramref name="length"/> elements of <paramref name="array"/> (an E[]) from <paramref name="offset"/>; bounds already checked by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Make(object array, int offset, int length)
    {
        if (typeof(T) == typeof(RVec<float>)) return View<float>(array, offset, length);
        if (typeof(T) == typeof(RVec<double>)) return View<double>(array, offset, length);
        if (typeof(T) == typeof(RVec<int>)) return View<int>(array, offset, length);
        if (typeof(T) == typeof(RVec<uint>)) return View<uint>(array, offset, length);
        if (typeof(T) == typeof(RVec<long>)) return View<long>(array, offset, length);
        if (typeof(T) == typeof(RVec<ulong>)) return View<ulong>(array, offset, length);
        if (typeof(T) == typeof(RVec<short>)) return View<short>(array, offset, length);
        if (typeof(T) == typeof(RVec<ushort>)) return View<ushort>(array, offset, length);
        if (typeof(T) == typeof(RVec<sbyte>)) return View<sbyte>(array, offset, length);
        if (typeof(T) == typeof(RVec<byte>)) return View<byte>(array, offset, length);
        if (typeof(T) == typeof(RVec<bool>)) return View<bool>(array, offset, length);
        throw new NotSupportedException($"{typeof(T)} is not an RVec of a numeric element type");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T View<TE>(object array, int offset, int length)
    {
        var v = new RVec<TE>(Unsafe.As<TE[]>(array), offset, length, trusted: true);
        return Unsafe.As<RVec<TE>, T>(ref v);
    }
}

/// <summary>A jagged source store whose entries' views can be made straight from its raw buffer.</summary>
internal interface IRawJagged
{
    /// <summary>
    /// The current chunk's <c>EntryCount + 1</c> offsets, checked to give every entry of <paramref name="sel"/> a
    /// non-negative length within the values (for a dense or large selection: every entry);
    /// <paramref name="values"/> is the value array and <paramref name="baseOffset"/> the index in it of value 0.
    /// </summary>
    /// <exception cref="InvalidDataException">The offsets of a checked entry are inconsistent.</exception>
    ReadOnlySpan<int> RawViews(Selection sel, out object values, out int baseOffset);
}

/// <summary>A source column with one value per entry, read straight into a reusable aligned buffer.</summary>
internal sealed class SourceFlatStore<T> : ColumnStore<T>, ISourceStore
{
    public FlatBuffer<T> Buffer { get; } = new();

    ColumnBuffer ISourceStore.Buffer => Buffer;

    public bool DeferredViews => false;

    public void Attach() => Point(Buffer.Array, Buffer.ArrayOffset, Buffer.EntryCount);
}

/// <summary>A source store whose per-entry views can be built for some entries only.</summary>
internal interface IDeferredViews
{
    /// <summary>Builds the views of the entries of <paramref name="sel"/> from the raw buffer of the current chunk.</summary>
    void AttachSelected(Selection sel);
}

/// <summary>A jagged source column: the raw buffer, and per-entry <see cref="RVec{T}"/> views built on first use.</summary>
internal sealed class SourceJaggedStore<T> : ColumnStore<RVec<T>>, ISourceStore, IDeferredViews, IRawJagged
{
    public ReadOnlySpan<int> RawViews(Selection sel, out object values, out int baseOffset)
    {
        var offsets = Buffer.Offsets;
        // Views made from these offsets skip RVec's bounds checks, so bad offsets must fail here and not read
        // outside the values later; checked once per buffer read, or, below a filter that keeps few entries,
        // only for the entries whose views will be made.
        if (!_offsetsChecked)
        {
            if (!sel.Dense && sel.Count * 8 < Buffer.EntryCount) CheckEntries(offsets, Buffer.Values.Length, sel.Indices);
            else
            {
                CheckOffsets(offsets, Buffer.Values.Length);
                _offsetsChecked = true;
            }
        }
        values = Buffer.ValueArray;
        baseOffset = Buffer.ValueArrayOffset;
        return offsets;
    }

    private bool _offsetsChecked;

    internal override void RawRead() => _offsetsChecked = false;

    // Once per chunk or basket over thousands of values: fully optimized from the first call (see Axis.IndexAndMoments).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckEntries(ReadOnlySpan<int> offsets, int count, ReadOnlySpan<int> entries)
    {
        foreach (int i in entries)
        {
            int start = offsets[i], end = offsets[i + 1];
            if (start < 0 || end < start || end > count)
                throw new InvalidDataException($"jagged column buffer: the offsets [{start}, {end}) of entry {i} are reversed or outside the {count} values");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckOffsets(ReadOnlySpan<int> offsets, int count)
    {
        if (offsets[0] < 0) throw new InvalidDataException($"jagged column buffer: the first offset {offsets[0]} is negative");
        if (offsets[^1] > count) throw new InvalidDataException($"jagged column buffer: the last offset {offsets[^1]} is beyond the {count} values");
        int i = 0;
        ref int o0 = ref MemoryMarshal.GetReference(offsets);
        // Each vector step compares offsets[i + 1 ..] with offsets[i ..]; the scalar loop finds the culprit.
        if (Vector512.IsHardwareAccelerated)
            for (; i + Vector512<int>.Count < offsets.Length; i += Vector512<int>.Count)
            {
                if (Vector512.LessThanAny(Vector512.LoadUnsafe(ref o0, (nuint)i + 1), Vector512.LoadUnsafe(ref o0, (nuint)i))) break;
            }
        else if (Vector256.IsHardwareAccelerated)
            for (; i + Vector256<int>.Count < offsets.Length; i += Vector256<int>.Count)
            {
                if (Vector256.LessThanAny(Vector256.LoadUnsafe(ref o0, (nuint)i + 1), Vector256.LoadUnsafe(ref o0, (nuint)i))) break;
            }
        for (; i + 1 < offsets.Length; i++)
            if (offsets[i + 1] < offsets[i])
                throw new InvalidDataException($"jagged column buffer: offset {offsets[i + 1]} of entry {i + 1} is below the previous one ({offsets[i]})");
    }

    // The selection (and its version) whose views AttachSelected built last: asking again for the same one costs
    // nothing. Selections are recomputed, so get a new version, for every chunk.
    private Selection? _attached;
    private long _attachedVersion = -1;

    public void AttachSelected(Selection sel)
    {
        if (ReferenceEquals(sel, _attached) && _attachedVersion == sel.Version) return;
        int n = Buffer.EntryCount;
        var views = Own(n);
        var offsets = Buffer.Offsets;
        var array = Buffer.ValueArray;
        int baseOffset = Buffer.ValueArrayOffset;
        foreach (int i in sel.Indices)
            views[i] = new RVec<T>(array, baseOffset + offsets[i], offsets[i + 1] - offsets[i]);
        (_attached, _attachedVersion) = (sel, sel.Version);
    }

    public JaggedBuffer<T> Buffer { get; } = new();

    ColumnBuffer ISourceStore.Buffer => Buffer;

    public bool DeferredViews => true;

    public void Attach()
    {
        int n = Buffer.EntryCount;
        var views = Own(n);
        var offsets = Buffer.Offsets;
        var array = Buffer.ValueArray;
        int baseOffset = Buffer.ValueArrayOffset;
        for (int i = 0; i < n; i++)
            views[i] = new RVec<T>(array, baseOffset + offsets[i], offsets[i + 1] - offsets[i]);
    }
}

/// <summary>A doubly-jagged source column.</summary>
internal sealed class SourceJagged2Store<T> : ColumnStore<RVec<RVec<T>>>, ISourceStore
{
    public Jagged2Buffer<T> Buffer { get; } = new();

    ColumnBuffer ISourceStore.Buffer => Buffer;

    public bool DeferredViews => true;

    public void Attach()
    {
        int n = Buffer.EntryCount;
        var views = Own(n);
        for (int i = 0; i < n; i++) views[i] = Buffer[i];
    }
}

/// <summary>A store filled by a data source reader.</summary>
internal interface ISourceStore
{
    ColumnBuffer Buffer { get; }

    /// <summary>Exposes the freshly read buffer as the store's values.</summary>
    void Attach();

    /// <summary>True when <see cref="Attach"/> builds per-entry views, which is worth deferring until someone asks.</summary>
    bool DeferredViews { get; }
}

/// <summary>
/// What a typed-lambda kernel needs to know about a Define result of type <typeparamref name="TR"/>: whether it is
/// an <see cref="RVec{E}"/> of numbers, which is stored as offsets into one array when the results lie back to back.
/// </summary>
internal static class FlatResults<TR>
{
    /// <summary>True when TR is an RVec of one of <see cref="Numeric"/>'s element types.</summary>
    public static readonly bool Supported = JaggedView<TR>.Supported;

    /// <summary>
    /// True when <paramref name="result"/> (an RVec) continues the run <paramref name="block"/>[start, start + end),
    /// which it then extends, or has no elements; the first result with elements starts the run. False when it has
    /// elements elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Follows(TR result, ref object? block, ref int start, ref int end)
    {
        // Every RVec<E> has the same fields (an E[] and two ints), so any instantiation reads them; the array is
        // only compared by reference.
        ref var v = ref Unsafe.As<TR, RVec<byte>>(ref result);
        if (v._offset - start == end && ReferenceEquals(v._array, block))
        {
            end += v._length;
            return true;
        }
        return v._length == 0 || Begin(v._array, v._offset, v._length, ref block, ref start, ref end);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Begin(object? array, int offset, int length, ref object? block, ref int start, ref int end)
    {
        if (block is not null) return false;
        // Entries before this one had no elements: their offsets (0) stay right relative to the new start.
        block = array;
        start = offset;
        end = length;
        return true;
    }
}

/// <summary>A Define store that can hold its vector results as offsets into one array.</summary>
internal interface IFlatVectorStore
{
    /// <summary>The offsets form of the results.</summary>
    FlatVectorOutput Flat { get; }

    /// <summary>Builds the per-entry views from the offsets form (when code asks for the column's values).</summary>
    void Attach();
}

/// <summary>
/// The results of a vector Define for the current chunk as offsets into one array: entry i's elements are
/// <c>Block[Start + Offsets[i] .. Start + Offsets[i + 1]]</c> (entries outside the evaluated selection have none).
/// A typed-lambda kernel writes them when its results lie back to back (each result allocated from the arena right
/// after the previous one), which saves storing a view per entry and lets consumers read all elements as one run.
/// </summary>
internal abstract class FlatVectorOutput
{
    private int[] _offsets = new int[257];

    /// <summary>The array holding the elements (an E[]), or null when no entry has any.</summary>
    public object? Block { get; private set; }

    /// <summary>Index in <see cref="Block"/> of offset 0.</summary>
    public int Start { get; private set; }

    /// <summary>Number of entries of the chunk.</summary>
    public int Count { get; private set; }

    /// <summary>True when the current chunk's results are in this form (set by the kernel, cleared before it runs).</summary>
    public bool Valid { get; private set; }

    /// <summary>The selection the results were computed for, and its version.</summary>
    public Selection? Selection { get; private set; }

    /// <summary>The version of <see cref="Selection"/> the results were computed for.</summary>
    public long Version { get; private set; }

    /// <summary>The chunk's <see cref="Count"/> + 1 offsets.</summary>
    public Span<int> Offsets => _offsets.AsSpan(0, Count + 1);

    /// <summary>Forgets the previous results (before the Define's kernel runs).</summary>
    public void Reset() => Valid = false;

    /// <summary>Starts writing the results of <paramref name="sel"/>'s entries, for a chunk of <paramref name="count"/> entries.</summary>
    public void Begin(Selection sel, int count)
    {
        if (_offsets.Length <= count) _offsets = new int[Math.Max(count + 1, _offsets.Length * 2)];
        _offsets[0] = 0;
        Count = count;
        (Selection, Version) = (sel, sel.Version);
        Block = null;
        Start = 0;
        Valid = true;
    }

    /// <summary>Every result went in: offsets from <paramref name="next"/> on (entries past the last selected one) get <paramref name="end"/>.</summary>
    public void End(object? block, int start, int end, int next)
    {
        _offsets.AsSpan(next, Count + 1 - next).Fill(end);
        Block = block;
        Start = start;
    }

    /// <summary>
    /// The result of entry <paramref name="entries"/> did not follow: the store switches to per-entry views, made
    /// for the entries before it from the offsets written so far.
    /// </summary>
    public void FallBack(object? block, int start, int entries)
    {
        Block = block;
        Start = start;
        Valid = false;
        MakeViews(entries);
    }

    /// <summary>Writes the views of entries [0, <paramref name="entries"/>) into the store's values.</summary>
    protected abstract void MakeViews(int entries);
}

/// <summary>The store of a Define of type <see cref="RVec{T}"/> of numbers: per-entry views, or the offsets form.</summary>
internal sealed class DefineVectorStore<T> : ColumnStore<RVec<T>>, IFlatVectorStore, IRawJagged
{
    private readonly Output _flat;

    public DefineVectorStore() => _flat = new Output(this);

    public FlatVectorOutput Flat => _flat;

    /// <summary>The element array of the offsets form (empty when no entry has elements).</summary>
    private T[] Block => _flat.Block is { } b ? Unsafe.As<T[]>(b) : [];

    /// <summary>Builds the per-entry views from the offsets form (when code asks for the column's views).</summary>
    public void Attach() => _flat.Views(_flat.Count);

    // Offsets written by the kernel from the results' own bounds: nothing to check.
    public ReadOnlySpan<int> RawViews(Selection sel, out object values, out int baseOffset)
    {
        values = Block;
        baseOffset = _flat.Start;
        return _flat.Offsets;
    }

    /// <summary>The number of elements of each entry of <paramref name="sel"/> (offsets form).</summary>
    public void Counts(Selection sel, Span<int> counts)
    {
        var o = _flat.Offsets;
        if (sel.Dense)
            for (int k = 0; k < counts.Length; k++) counts[k] = o[k + 1] - o[k];
        else
        {
            var idx = sel.Indices;
            for (int k = 0; k < counts.Length; k++) counts[k] = o[idx[k] + 1] - o[idx[k]];
        }
    }

    /// <summary>
    /// The elements of <paramref name="sel"/>'s entries in entry order (offsets form): one run of the block for a
    /// dense selection or the one the results were computed for (other entries have none), else gathered into
    /// <paramref name="scratch"/>.
    /// </summary>
    public ReadOnlySpan<T> Elements(Selection sel, ref T[] scratch)
    {
        var o = _flat.Offsets;
        var block = Block;
        int start = _flat.Start;
        if (sel.Dense || (ReferenceEquals(sel, _flat.Selection) && sel.Version == _flat.Version))
            return block.AsSpan(start + o[0], o[^1] - o[0]);
        return Numeric.Gather<T>(block.AsSpan(start), o, sel.Indices, ref scratch);
    }

    private sealed class Output(DefineVectorStore<T> store) : FlatVectorOutput
    {
        protected override void MakeViews(int entries) => Views(entries);

        public void Views(int entries)
        {
            var views = store.Own(Count);
            var o = Offsets;
            if (Block is null)
            {
                views[..entries].Clear();
                return;
            }
            var block = Unsafe.As<T[]>(Block);
            for (int i = 0; i < entries; i++)
                views[i] = new RVec<T>(block, Start + o[i], o[i + 1] - o[i], trusted: true);
        }
    }
}
