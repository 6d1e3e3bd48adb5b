using EventFrame.Graph;

namespace EventFrame.Expressions;

/// <summary>
/// Fusion across Defines. A string-expression Define whose every consumer in a run is one string-expression Filter or
/// Define (directly, or through other Defines inlined into it) is not stored as a column: its expression becomes a
/// local of the consumer's per-entry code (<c>var @name = (…);</c>, evaluated once per entry, before the consumer's
/// own expression), so the engine neither writes nor reads a column of per-entry vectors for it and makes no kernel
/// call per chunk for it. The values are the same: the Define would have been evaluated over the consumer's
/// selection (the lowest common one of its consumers) with the same code; an exception it throws is raised (and
/// located) at the consumer's node instead. Defines that read <c>rdfrandom_</c> (whose stream belongs to the node),
/// typed lambdas, and Defines used by an action or by two consumers stay columns.
/// </summary>
internal static class DefineInlining
{
    /// <summary>One group: the consumer (owner) and the Defines inlined into it, by the name its code reads them.</summary>
    private sealed class Group(Node owner, ExpressionCode code)
    {
        public Node Owner { get; } = owner;
        public ExpressionCode Code { get; } = code;
        public List<DefineNode> Members { get; } = [];
        public Dictionary<string, ColumnDef> Names { get; } = [];
        public Dictionary<DefineNode, string> MemberNames { get; } = [];
    }

    /// <summary>
    /// For the run that feeds <paramref name="actionInputs"/> and evaluates <paramref name="filters"/>: the code
    /// each Filter or Define that absorbs inlined Defines runs instead of its own (its inputs are the group's
    /// inputs; the inlined Defines are its <see cref="ExpressionCode.Bindings"/>). Nodes not in the result run their
    /// own code; inlined Defines are no input of any code in the run, so the run never computes them.
    /// </summary>
    public static Dictionary<Node, ExpressionCode> Combine(IEnumerable<ColumnDef> actionInputs, IEnumerable<FilterNode> filters)
    {
        // The consumers (Filter, Define, or null for an action) of every Define the run needs.
        var consumers = new Dictionary<DefineNode, HashSet<Node?>>();
        var stack = new Stack<DefineNode>();
        void Use(ColumnDef c, Node? consumer)
        {
            if (c.Kind != ColumnKind.Define) return;
            var d = c.Define!;
            if (!consumers.TryGetValue(d, out var set))
            {
                consumers[d] = set = [];
                stack.Push(d);
            }
            set.Add(consumer);
        }
        foreach (var c in actionInputs) Use(c, null);
        foreach (var f in filters)
            foreach (var c in f.Code.Inputs) Use(c, f);
        while (stack.Count > 0)
        {
            var d = stack.Pop();
            foreach (var c in d.Code.Inputs) Use(c, d);
        }

        var owner = new Dictionary<Node, Group>();
        var groups = new List<Group>();
        Group? GroupOf(Node node)
        {
            if (owner.TryGetValue(node, out var g)) return g;
            var code = node switch
            {
                FilterNode { Code: ExpressionCode e } => e,
                DefineNode { Code: ExpressionCode e } => e,
                _ => null,
            };
            if (code is null || code.Bindings.Count > 0) return null;
            g = new Group(node, code);
            for (int i = 0; i < code.Inputs.Length; i++) g.Names[code.ColumnNames[i]] = code.Inputs[i];
            owner[node] = g;
            groups.Add(g);
            return g;
        }

        // Consumers are booked after what they read (larger ids): going down the ids, every consumer of a Define is
        // already in its final group when the Define is considered.
        foreach (var d in consumers.Keys.OrderByDescending(d => d.Id))
        {
            if (d.Code is not ExpressionCode code || code.Bindings.Count > 0 || code.Inputs.Any(c => c.Kind == ColumnKind.Random)) continue;
            var users = consumers[d];
            if (users.Contains(null)) continue;
            var owners = users.Select(u => GroupOf(u!)).Distinct().ToList();
            if (owners.Count != 1 || owners[0] is not { } g) continue;
            if (!TryAbsorb(g, d, code)) continue;
            owner[d] = g;
        }

        var result = new Dictionary<Node, ExpressionCode>();
        foreach (var g in groups)
        {
            if (g.Members.Count == 0) continue;
            var pieces = new List<ExpressionCode> { g.Code };
            pieces.AddRange(g.Members.OrderBy(m => m.Id).Select(m => (ExpressionCode)m.Code));
            var inputs = new List<ColumnDef>();
            var names = new List<string>();
            var inlined = g.Members.Select(m => m.Column).ToHashSet();
            foreach (var p in pieces)
                for (int i = 0; i < p.Inputs.Length; i++)
                    if (!inlined.Contains(p.Inputs[i]) && !inputs.Contains(p.Inputs[i]))
                    {
                        inputs.Add(p.Inputs[i]);
                        names.Add(p.ColumnNames[i]);
                    }
            result[g.Owner] = new ExpressionCode
            {
                Expression = g.Code.Expression,
                Source = g.Code.Source,
                ColumnNames = [.. names],
                ResultType = g.Code.ResultType,
                Inputs = [.. inputs],
                Bindings = [.. g.Members.OrderBy(m => m.Id).Select(m => new ExpressionCode.Binding(g.MemberNames[m], ((ExpressionCode)m.Code).Source))],
            };
        }
        return result;
    }

    /// <summary>
    /// Adds <paramref name="d"/> to <paramref name="g"/> when every name in the group still means one column: the
    /// group's code reads <paramref name="d"/> under one name, and <paramref name="d"/>'s own inputs do not reuse a
    /// name the group reads as another column (a Redefine reading the column it replaces, an alias).
    /// </summary>
    private static bool TryAbsorb(Group g, DefineNode d, ExpressionCode code)
    {
        string? name = null;
        foreach (var p in g.Members.Select(m => (ExpressionCode)m.Code).Prepend(g.Code))
            for (int i = 0; i < p.Inputs.Length; i++)
                if (p.Inputs[i] == d.Column)
                {
                    if (name is not null && name != p.ColumnNames[i]) return false;
                    name = p.ColumnNames[i];
                }
        if (name is null) return false;
        var added = new Dictionary<string, ColumnDef>();
        for (int i = 0; i < code.Inputs.Length; i++)
        {
            var n = code.ColumnNames[i];
            if (g.Names.TryGetValue(n, out var existing) || added.TryGetValue(n, out existing))
            {
                if (existing != code.Inputs[i]) return false;
            }
            else added[n] = code.Inputs[i];
        }
        foreach (var (n, c) in added) g.Names[n] = c;
        g.Members.Add(d);
        g.MemberNames[d] = name;
        return true;
    }
}
