namespace EventFrame;

/// <summary>
/// A transformation or action could not be booked: an unknown or mistyped column, a lambda whose parameter types do
/// not match the columns, or an expression that does not compile. Thrown by the booking call itself
/// (<c>Define</c>, <c>Filter</c>, <c>Histo1D</c>...), never later in the event loop.
/// </summary>
public class GraphBookingException : ArgumentException
{
    /// <summary>The node being booked, e.g. <c>Define("ht")</c> or <c>Filter("two muons")</c>.</summary>
    public string Node { get; }

    /// <summary>The string expression of the node, if it has one.</summary>
    public string? Expression { get; }

    /// <summary>The column the problem is about, if there is one.</summary>
    public string? Column { get; }

    /// <summary>Creates the exception; the message names the node, and the expression and column when given.</summary>
    public GraphBookingException(string node, string problem, string? expression = null, string? column = null, Exception? inner = null)
        : base(Format(node, problem, expression, column), inner)
    {
        Node = node;
        Expression = expression;
        Column = column;
    }

    private static string Format(string node, string problem, string? expression, string? column)
    {
        var s = $"{node}: {problem}";
        if (column is not null && !problem.Contains($"'{column}'", StringComparison.Ordinal)) s += $" (column '{column}')";
        if (expression is not null) s += $"\n  expression: {expression}";
        return s;
    }
}

/// <summary>
/// User code (a lambda, a compiled expression, an aggregator) threw during the event loop. Names the node and the
/// global entry number at which it happened; <see cref="Exception.InnerException"/> is the original exception.
/// </summary>
public sealed class EventLoopException : Exception
{
    /// <summary>The node whose code threw, e.g. <c>Define("mu_pt0", "Muon_pt[0]")</c>.</summary>
    public string Node { get; }

    /// <summary>Global entry number (over the whole dataset) being processed when the exception was thrown, or -1 if unknown.</summary>
    public long Entry { get; }

    /// <summary>Creates the exception.</summary>
    public EventLoopException(string node, long entry, Exception inner)
        : base($"{node} threw at entry {entry}: {inner.GetType().Name}: {inner.Message}", inner)
    {
        Node = node;
        Entry = entry;
    }
}
