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

/// <summary>
/// The lazily computed result of an action booked on a <see cref="Frame"/>. Reading <see cref="Value"/> runs one
/// event loop that fills this result and every other result booked on the same dataset and not yet computed.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class Result<T> : IResult
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

    /// <summary>The value's text if computed, else a note that it is pending (does not trigger the loop).</summary>
    public override string ToString() => _ready ? _value?.ToString() ?? "null" : $"<pending: {Description}>";
}
