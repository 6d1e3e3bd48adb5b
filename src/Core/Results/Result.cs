using EventFrame.Graph;

namespace EventFrame;

/// <summary>A lazily computed result of an action (RDataFrame's RResultPtr).</summary>
public interface IResult
{
    /// <summary>True once the event loop that fills this result has run.</summary>
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
/// event loop that fills this result and every other result booked on the same dataset and not yet computed.
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

    /// <summary>The value; runs the event loop first if it has not run for this result.</summary>
    public T Value
    {
        get
        {
            if (!_ready) Execution.EventLoop.Run(_graph);
            return _value!;
        }
    }

    /// <summary>Alias of <see cref="Value"/>, as ROOT's <c>GetValue()</c>.</summary>
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
