using EventFrame.Graph;

namespace EventFrame;

/// <summary>A lazily computed result of an action (RDataFrame's RResultPtr).</summary>
public interface IResult
{
    /// <summary>
    /// True once an event loop has filled this result. False before, and after a loop that failed without filling it:
    /// reading the value then runs its action again.
    /// </summary>
    bool IsReady { get; }

    /// <summary>What the action computes, e.g. <c>Histo1D("mu_pt0") at Filter("two muons")</c>.</summary>
    string Description { get; }

    internal GraphCore Graph { get; }
}

/// <summary>How the event loop hands values to a result without knowing its type.</summary>
internal interface IResultSink
{
    void SetBoxed(object? value);

    /// <summary>The entry interval of the partial-result callback, or 0 if there is none.</summary>
    long PartialEvery { get; }

    void NotifyPartial(object? value);
}

/// <summary>
/// The lazily computed result of an action booked on a <see cref="Frame"/>. Reading <see cref="Value"/> runs one
/// event loop that fills this result and every other result booked on the same dataset since its last loop. When a
/// loop fails, reading this result again runs its action again; see <see cref="Value"/>.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class Result<T> : IResult, IResultSink
{
    private readonly GraphCore _graph;
    private T? _value;
    private volatile bool _ready;

    internal Result(GraphCore graph, string description)
    {
        _graph = graph;
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    GraphCore IResult.Graph => _graph;

    /// <inheritdoc/>
    public bool IsReady => _ready;

    /// <summary>
    /// The value. If this result is not filled (<see cref="IsReady"/> is false), first runs one event loop over the
    /// dataset for this result's action and every action pending on the dataset (booked since its last loop), which
    /// fills them all. A loop that fails throws its exception here and leaves its actions unbooked: actions booked
    /// later run without them, and each failed result runs its own action again (alone, with whatever is pending then)
    /// each time its value is read, so a persistent error is thrown again at every read and a transient one (a
    /// network read) gives the value at a later read. Reading one failed result does not run the other failed ones.
    /// A failed loop fills none of its results, except, when it fails while finishing them after the last entry (a
    /// snapshot that cannot complete its output), those finished before; they keep their values.
    /// </summary>
    /// <exception cref="EventLoopException">User code (a Define, a Filter, an aggregator, a partial-result callback) threw
    /// during the loop; other failures (reading the source, writing a snapshot) propagate as they are.</exception>
    public T Value
    {
        get
        {
            if (!_ready) Execution.EventLoop.Run(_graph, [this]);
            return _value!;
        }
    }

    /// <summary>Alias of <see cref="Value"/> (runs the loop as it does), as ROOT's <c>GetValue()</c>.</summary>
    public T GetValue() => Value;

    internal void Set(T value)
    {
        _value = value;
        _ready = true;
    }

    void IResultSink.SetBoxed(object? value) => Set((T)value!);

    private Action<T>? _partial;
    private long _partialEvery;

    long IResultSink.PartialEvery => _partial is null ? 0 : _partialEvery;

    void IResultSink.NotifyPartial(object? value) => _partial?.Invoke((T)value!);

    /// <summary>
    /// Registers <paramref name="callback"/> to be called during the event loop with the result over the partitions
    /// completed so far (merged in partition order, so each call sees a prefix of the dataset), each time at least
    /// <paramref name="everyEntries"/> more entries have been merged, like RDataFrame's OnPartialResult; for live plots
    /// and progress. The value passed may be the object that keeps accumulating: read it in the callback, don't keep
    /// it. Calls are serialized. Returns this result.
    /// </summary>
    public Result<T> OnPartialResult(long everyEntries, Action<T> callback)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyEntries, 1);
        ArgumentNullException.ThrowIfNull(callback);
        _partialEvery = everyEntries;
        _partial = callback;
        return this;
    }

    /// <summary>The value's text if computed, else a note that it is pending (does not trigger the loop).</summary>
    public override string ToString() => _ready ? _value?.ToString() ?? "null" : $"<pending: {Description}>";
}
