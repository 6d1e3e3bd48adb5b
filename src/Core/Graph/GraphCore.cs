using System.Collections.Immutable;
using EventFrame.Data;
using EventFrame.Execution;
using EventFrame.Expressions;

namespace EventFrame.Graph;

/// <summary>
/// The shared state behind every <see cref="Frame"/> handle of one dataset (RDataFrame's loop manager): the source,
/// every node booked so far and the actions waiting for the next event loop.
/// </summary>
internal sealed class GraphCore
{
    private int _nextNodeId;
    private readonly List<ActionNode> _pending = [];
    private readonly List<Node> _nodes = [];

    public GraphCore(IDataSource source, ExecutionOptions options, ulong seed)
    {
        Source = source;
        Options = options;
        Seed = seed;
        var scope = ImmutableDictionary.CreateBuilder<string, ColumnDef>(StringComparer.Ordinal);
        foreach (var c in source.Columns)
            scope[c.Name] = new ColumnDef { Name = c.Name, Type = c.Type.ClrType, Kind = ColumnKind.Source, Source = c };
        scope["rdfentry_"] = new ColumnDef { Name = "rdfentry_", Type = typeof(ulong), Kind = ColumnKind.Entry };
        scope["rdfslot_"] = new ColumnDef { Name = "rdfslot_", Type = typeof(uint), Kind = ColumnKind.Slot };
        scope["rdfrandom_"] = new ColumnDef { Name = "rdfrandom_", Type = typeof(EntryRandom), Kind = ColumnKind.Random };
        Root = new RootNode(this, scope.ToImmutable());
    }

    public IDataSource Source { get; }
    public ExecutionOptions Options { get; set; }
    public ulong Seed { get; }
    public RootNode Root { get; }
    public object Lock { get; } = new();
    /// <summary>Number of event loops that have completed (a loop that failed is not counted).</summary>
    public int RunCount { get; set; }

    /// <summary>Statistics of the last event loop, or null before the first.</summary>
    public RunStatistics? LastRun { get; set; }

    public int NextNodeId() => Interlocked.Increment(ref _nextNodeId) - 1;

    public T AddNode<T>(T node) where T : Node
    {
        lock (Lock) _nodes.Add(node);
        return node;
    }

    public IReadOnlyList<Node> Nodes
    {
        get { lock (Lock) return [.. _nodes]; }
    }

    /// <summary>Books a new action: it is pending until the next event loop of the dataset takes it.</summary>
    public void Book(ActionNode action)
    {
        lock (Lock)
        {
            if (!_booked.TryAdd(action.Result, action)) throw new InvalidOperationException($"{action.Description} is already booked");
            _pending.Add(action);
        }
    }

    /// <summary>Every action booked, by its result (compared by reference); a run takes actions off the pending list only.</summary>
    private readonly Dictionary<IResult, ActionNode> _booked = new(ReferenceEqualityComparer.Instance);

    /// <summary>The action that owns <paramref name="result"/>, or null.</summary>
    public ActionNode? ActionOf(IResult result)
    {
        lock (Lock) return _booked.GetValueOrDefault(result);
    }

    /// <summary>Takes the actions that have not run yet.</summary>
    public List<ActionNode> TakePending()
    {
        lock (Lock)
        {
            var list = new List<ActionNode>(_pending);
            _pending.Clear();
            return list;
        }
    }

    /// <summary>
    /// Takes the actions of the next event loop: those of <paramref name="requested"/> results that are not filled and
    /// not pending (their loop failed), first, then every pending action in booking order.
    /// </summary>
    public List<ActionNode> TakeForRun(IEnumerable<IResult> requested)
    {
        lock (Lock)
        {
            var list = new List<ActionNode>();
            foreach (var r in requested)
                if (!r.IsReady && ActionOf(r) is { } a && !_pending.Contains(a) && !list.Contains(a)) list.Add(a);
            list.AddRange(_pending);
            _pending.Clear();
            return list;
        }
    }

    /// <summary>Resolves <paramref name="name"/> in <paramref name="node"/>'s scope or throws a booking error naming <paramref name="what"/>.</summary>
    public static ColumnDef Resolve(Node node, string name, string what)
    {
        if (node.Scope.TryGetValue(name, out var column)) return column;
        var close = node.Scope.Keys.Where(k => !ExpressionCompiler.BuiltinColumns.Contains(k))
            .OrderBy(k => Levenshtein(k, name)).Take(3).Where(k => Levenshtein(k, name) <= Math.Max(2, name.Length / 3)).ToList();
        var hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : "";
        throw new GraphBookingException(what, $"unknown column '{name}'{hint}", column: name);
    }

    public static Dictionary<string, Type> ColumnTypes(Node node) =>
        node.Scope.ToDictionary(kv => kv.Key, kv => kv.Value.Type, StringComparer.Ordinal);

    private static int Levenshtein(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) d[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int prev = d[0];
            d[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                prev = tmp;
            }
        }
        return d[b.Length];
    }
}
