using EventFrame.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventFrame.Expressions;

/// <summary>
/// Fusion across Defines. A string-expression Define whose every consumer in a run is one string-expression Filter or
/// Define (directly, or through other Defines inlined into it) is not stored as a column: its expression becomes a
/// local of the consumer's per-entry code (<c>var @name = (…);</c>, evaluated once per entry, before the consumer's
/// own expression), so the engine neither writes nor reads a column of per-entry vectors for it and makes no kernel
/// call per chunk for it. The values are the same: the Define would have been evaluated over the consumer's
/// selection (the lowest common one of its consumers) with the same code; an exception it throws is raised (and
/// located) at the consumer's node instead. Defines that read <c>rdfrandom_</c> (whose stream belongs to the node),
/// typed lambdas, and Defines used by an action or by two consumers stay columns, except combinations
/// (<c>Combinations(a, b)</c>, <c>Combinations(v, 2)</c>, <c>Combinations(v, 3)</c>): read by several
/// string-expression consumers, each consumer gets its own copy, which fusion turns into loop counters. A copy is
/// evaluated where its consumer needs it, as RDataFrame evaluates a Define only for the entries a consumer reads: an
/// error the stored column would raise on an entry that only its lowest common selection (and no consumer) reaches,
/// such as too few elements for <c>Combinations(v, 3)</c> before a filter on the size, is not raised.
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
        var inputs = actionInputs.ToList();
        var filterList = filters.ToList();
        // A copy that a group could not write into its reader would be computed whole there: combine again
        // without copying it (each pass refuses at least one more, so this ends).
        var refused = new HashSet<DefineNode>();
        while (true)
        {
            var (result, failed) = CombineOnce(inputs, filterList, refused);
            if (failed.Count == 0) return result;
            refused.UnionWith(failed);
        }
    }

    private static (Dictionary<Node, ExpressionCode> Result, List<DefineNode> Failed) CombineOnce(List<ColumnDef> actionInputs, List<FilterNode> filters,
                                                                                                 HashSet<DefineNode> refused)
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
        // Defines written into the groups of all their consumers: no group of their own, no column.
        var copied = new HashSet<Node>();
        // Element-wise Defines copied into groups that read single elements of them (and the Defines only they
        // read): the groups, and the one group (or none) that reads the whole vector and so may keep it.
        var elementCopies = new Dictionary<DefineNode, (List<Group> Groups, Group? Main)>();
        IEnumerable<Group?> GroupsOf(Node? user) =>
            user is DefineNode ud && elementCopies.TryGetValue(ud, out var c) ? c.Groups.Cast<Group?>() : [user is null ? null : GroupOf(user)];
        Group? GroupOf(Node node)
        {
            if (owner.TryGetValue(node, out var g)) return g;
            if (copied.Contains(node) || node is DefineNode dn && elementCopies.ContainsKey(dn)) return null;
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
            var owners = users.SelectMany(GroupsOf).Distinct().ToList();
            if (owners.Count > 1 && owners.All(o => o is not null && Absorbable(o, d, code, out _, out _)))
            {
                // Index vectors of combinations cost nothing once fused (loop counters) and little otherwise (shared
                // tables), so each consumer's group gets its own copy rather than reading a stored column.
                if (CombinationArity(code.Expression, n => Array.IndexOf(code.ColumnNames, n) is >= 0 and var i ? code.Inputs[i].Type : null) > 0)
                {
                    foreach (var o in owners) TryAbsorb(o!, d, code);
                    copied.Add(d);
                }
                else if (!refused.Contains(d) && ElementCopy(d, code, users, owners, elementCopies, GroupsOf) is (true, var main))
                {
                    foreach (var o in owners) TryAbsorb(o!, d, code);
                    elementCopies[d] = ([.. owners.Select(o => o!)], main);
                }
                continue;
            }
            if (owners.Count != 1 || owners[0] is not { } g) continue;
            if (!TryAbsorb(g, d, code)) continue;
            owner[d] = g;
        }

        var result = new Dictionary<Node, ExpressionCode>();
        var failed = new List<DefineNode>();
        foreach (var g in groups)
        {
            if (g.Members.Count == 0) continue;
            var pieces = g.Members.OrderBy(m => m.Id).Select(m => new Piece(m, (ExpressionCode)m.Code, m.Name)).Append(new Piece(g.Owner, g.Code, null)).ToList();
            Substitute(g, pieces);
            failed.AddRange(pieces.Select(p => p.Node).OfType<DefineNode>()
                .Where(m => elementCopies.TryGetValue(m, out var c) && c.Main != g));
            var inputs = new List<ColumnDef>();
            var names = new List<string>();
            var inlined = g.Members.Select(m => m.Column).ToHashSet();
            foreach (var p in pieces)
                for (int i = 0; i < p.Code.Inputs.Length; i++)
                    if (!inlined.Contains(p.Code.Inputs[i]) && !inputs.Contains(p.Code.Inputs[i]))
                    {
                        inputs.Add(p.Code.Inputs[i]);
                        names.Add(p.Code.ColumnNames[i]);
                    }
            var own = pieces[^1].Code;
            result[g.Owner] = new ExpressionCode
            {
                Expression = g.Code.Expression,
                Source = own.Source,
                ColumnNames = [.. names],
                ResultType = g.Code.ResultType,
                Inputs = [.. inputs],
                Bindings = [.. pieces.Where(p => p.Name is not null).Select(p => new ExpressionCode.Binding(g.MemberNames[(DefineNode)p.Node], p.Code.Source))],
                // The owner's own SIMD and jagged-sum forms read its inputs as columns; inlined, they are not.
                Vector = pieces.Count == 1 ? own.Vector : null,
                JaggedSumInput = pieces.Count == 1 ? own.JaggedSumInput : -1,
            };
        }
        return (result, failed);
    }

    /// <summary>
    /// Whether the element-wise Define <paramref name="d"/>, read from several groups, is copied into each of them:
    /// when all but at most one group (the main one, which may keep the whole vector) read it only as <c>d[i]</c>
    /// at a column or constant index, which fusion computes for that one element (see Fusion's ScalarAt); or when
    /// it is read only by such copies, which it follows. A copy that a group cannot write into its reader fails
    /// the pass (see <see cref="Combine"/>).
    /// </summary>
    private static (bool Copy, Group? Main) ElementCopy(DefineNode d, ExpressionCode code, HashSet<Node?> users, List<Group?> owners,
                                                      Dictionary<DefineNode, (List<Group> Groups, Group? Main)> elementCopies, Func<Node?, IEnumerable<Group?>> groupsOf)
    {
        if (!Fusion.CallsHelpers(code.Source)) return (false, null);
        if (users.All(u => u is DefineNode ud && elementCopies.ContainsKey(ud)))
        {
            var mains = users.Select(u => elementCopies[(DefineNode)u!].Main).Distinct().ToList();
            return (true, mains.Count == 1 ? mains[0] : null);
        }
        var full = new HashSet<Group>();
        foreach (var u in users)
        {
            // (A user that is itself a copy reads it whole wherever it goes: not this case.)
            var uc = u switch
            {
                FilterNode { Code: ExpressionCode e } => e,
                DefineNode { Code: ExpressionCode e } ud when !elementCopies.ContainsKey(ud) => e,
                _ => null,
            };
            int i = uc is null ? -1 : Array.IndexOf(uc.Inputs, d.Column);
            if (uc is null || i < 0) return (false, null);
            var types = uc.ColumnNames.Zip(uc.Inputs).GroupBy(c => c.First).ToDictionary(c => c.Key, c => c.First().Second.Type);
            if (!References(Parse(uc.Expression, types), uc.ColumnNames[i]).All(IsElement)) full.UnionWith(groupsOf(u).OfType<Group>());
        }
        return full.Count <= 1 && full.Count < owners.Count ? (true, full.SingleOrDefault()) : (false, null);
    }

    /// <summary>True for a use <c>x[i]</c> with an identifier or literal i.</summary>
    private static bool IsElement(IdentifierNameSyntax id) =>
        id.Parent is ElementAccessExpressionSyntax access && access.Expression == id && access.ArgumentList.Arguments.Count == 1
        && access.ArgumentList.Arguments[0] is { NameColon: null } arg && arg.RefKindKeyword.IsKind(SyntaxKind.None)
        && arg.Expression is IdentifierNameSyntax or LiteralExpressionSyntax;

    /// <summary>One expression of a group: an inlined Define (with its name) or the owner's (no name).</summary>
    private sealed class Piece(Node node, ExpressionCode code, string? name)
    {
        public Node Node { get; } = node;
        public ExpressionCode Code { get; set; } = code;
        public string? Name { get; } = name;
        public string Text { get; set; } = code.Expression;
    }

    /// <summary>
    /// Writes an inlined Define read once (or the combinations <c>Combinations(a, b)</c>, <c>Combinations(v, 2)</c>,
    /// <c>Combinations(v, 3)</c> read only as <c>[k]</c>), where it is always evaluated (not under <c>&amp;&amp;</c>, <c>||</c>, <c>??</c>, <c>?:</c> or a
    /// lambda), into its readers' text, so that fusion sees one expression (a mask over a fused ΔR stream, …) instead
    /// of a stored vector. The readers are analysed again; when that fails or changes a type, the Define stays a local.
    /// </summary>
    private static void Substitute(Group g, List<Piece> pieces)
    {
        var types = g.Names.ToDictionary(kv => kv.Key, kv => kv.Value.Type);
        for (int k = 0; k < pieces.Count - 1; k++)
        {
            var x = pieces[k];
            string name = g.MemberNames[(DefineNode)x.Node];
            // A constant would convert where a variable does not; and without inputs there is nothing to fuse.
            if (x.Code.Inputs.Length == 0) continue;
            var readers = new List<(Piece Piece, List<IdentifierNameSyntax> Uses, ExpressionSyntax Tree)>();
            foreach (var p in pieces.Skip(k + 1))
            {
                var tree = Parse(p.Text, types);
                var uses = References(tree, name).ToList();
                if (uses.Count > 0) readers.Add((p, uses, tree));
            }
            var all = readers.SelectMany(r => r.Uses).ToList();
            // Read once; or combinations read only through their index vectors ([0], [1], [2]), which fusion turns
            // into loop counters: written into each use, they cost nothing. Read more often, it is written into each
            // read only if fusion then computes it inside the readers' loops (once per element, see Fusion.Build).
            if (all.Count == 0 || !readers.All(r => ElementWiseLogicals(r.Piece.Text, types) is var elementWise && r.Uses.All(id => Unconditional(id, elementWise)))) continue;
            bool mustFuse = all.Count > 1 && !(CombinationArity(x.Text, types.GetValueOrDefault) is > 0 and var arity && all.All(id => IsIndex(id, arity)));
            // Read by two readers, it would run in two loops.
            if (mustFuse && readers.Count > 1) continue;
            // The Define's own names must not be captured by a lambda parameter of a reader.
            if (readers.Any(r => x.Code.ColumnNames.Intersect(r.Tree.DescendantNodes().OfType<ParameterSyntax>().Select(p => p.Identifier.ValueText)).Any())) continue;
            var replacement = "(" + ExpressionCompiler.Preprocess(x.Text, types) + ")";
            var rewritten = new List<(Piece Piece, string Text, ExpressionCompiler.Analysis Analysis)>();
            foreach (var (reader, _, _) in readers)
            {
                var text = ExpressionCompiler.Preprocess(reader.Text, types);
                foreach (var id in References(Parse(text, types), name).OrderByDescending(id => id.SpanStart))
                    text = text[..id.SpanStart] + replacement + text[id.Span.End..];
                try
                {
                    var analysis = ExpressionCompiler.Analyze("inlining", text, types);
                    if (analysis.ResultType != reader.Code.ResultType || (mustFuse && !Fused(analysis.Source, reader.Code.Source, replacement))) break;
                    rewritten.Add((reader, text, analysis));
                }
                catch (GraphBookingException)
                {
                    break;
                }
            }
            if (rewritten.Count != readers.Count) continue;
            foreach (var (reader, text, analysis) in rewritten)
            {
                reader.Text = text;
                reader.Code = new ExpressionCode
                {
                    Expression = reader.Code.Expression,
                    Source = analysis.Source,
                    ColumnNames = analysis.ColumnNames,
                    ResultType = analysis.ResultType,
                    Inputs = [.. analysis.ColumnNames.Select(c => g.Names[c])],
                };
            }
            pieces.RemoveAt(k);
            k--;
        }
    }

    /// <summary>
    /// True when <paramref name="source"/>, the reader's code after fusion with the Define written into it, is one
    /// generated loop (whose arguments may call others, each once), as <paramref name="before"/> (its code without)
    /// was at most, and no part of <paramref name="replacement"/> that computes something (a call, an operator, an
    /// element access) is left in it: the whole Define runs inside that one loop, which computes a form written twice
    /// once per element, or in the calls that compute its arguments once, so writing it more than once costs nothing
    /// (in two loops it would be computed twice).
    /// </summary>
    private static bool Fused(string source, string before, string replacement)
    {
        static string Bare(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);
        static List<InvocationExpressionSyntax> Loops(string text) =>
            [.. SyntaxFactory.ParseExpression(text, options: new CSharpParseOptions(LanguageVersion.Preview)).DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
                .Where(c => c.Expression.ToString().StartsWith("__Fuse_", StringComparison.Ordinal))];
        static bool Outermost(InvocationExpressionSyntax call) =>
            !call.Ancestors().OfType<InvocationExpressionSyntax>().Any(a => a.Expression.ToString().StartsWith("__Fuse_", StringComparison.Ordinal));
        var code = Bare(source);
        var loops = Loops(source);
        return loops.Count(Outermost) == 1 && Loops(before).Count <= 1
            && loops.Select(c => Bare(c.ToString())).Distinct().Count() == loops.Count
            && !SyntaxFactory.ParseExpression(replacement, options: new CSharpParseOptions(LanguageVersion.Preview)).DescendantNodesAndSelf()
                .Any(n => n is InvocationExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or ElementAccessExpressionSyntax
                     && code.Contains(Bare(n.ToString()), StringComparison.Ordinal));
    }

    /// <summary>
    /// The number of index vectors of <c>Combinations(a, b)</c> of two vector columns (2) or <c>Combinations(v, 2)</c>
    /// and <c>Combinations(v, 3)</c> of one (2, 3); 0 for any other expression. <paramref name="typeOf"/> gives a
    /// column's type by name.
    /// </summary>
    private static int CombinationArity(string text, Func<string, Type?> typeOf)
    {
        var e = SyntaxFactory.ParseExpression(text, options: new CSharpParseOptions(LanguageVersion.Preview));
        while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
        if (e is not InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Combinations" } } call
            || call.ArgumentList.Arguments.Count != 2 || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
            || call.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax)
            return 0;
        return call.ArgumentList.Arguments[1].Expression switch
        {
            IdentifierNameSyntax b when typeOf(b.Identifier.ValueText) is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(RVec<>) => 2,
            LiteralExpressionSyntax { Token.Value: int n } when n is 2 or 3 => n,
            _ => 0,
        };
    }

    /// <summary>True for a use <c>x[k]</c> with a literal k below <paramref name="arity"/>.</summary>
    private static bool IsIndex(IdentifierNameSyntax id, int arity) =>
        id.Parent is ElementAccessExpressionSyntax access && access.Expression == id && access.ArgumentList.Arguments.Count == 1
        && access.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.Value: int k } && k >= 0 && k < arity;

    private static ExpressionSyntax Parse(string text, IReadOnlyDictionary<string, Type> types) =>
        SyntaxFactory.ParseExpression(ExpressionCompiler.Preprocess(text, types), options: new CSharpParseOptions(LanguageVersion.Preview));

    /// <summary>The identifiers of <paramref name="tree"/> that read the column <paramref name="name"/>.</summary>
    private static IEnumerable<IdentifierNameSyntax> References(ExpressionSyntax tree, string name)
    {
        var parameters = tree.DescendantNodesAndSelf().OfType<ParameterSyntax>().Select(p => p.Identifier.ValueText).ToHashSet();
        if (parameters.Contains(name)) return [];
        return tree.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(id =>
            id.Identifier.ValueText == name
            && !(id.Parent is MemberAccessExpressionSyntax ma && ma.Name == id)
            && id.Parent is not NameColonSyntax
            && !(id.Parent is InvocationExpressionSyntax inv && inv.Expression == id));
    }

    /// <summary>
    /// The spans of the RVec-mask <c>&amp;&amp;</c>/<c>||</c> of <paramref name="text"/> (see
    /// <see cref="ExpressionCompiler.Analysis.ElementWiseLogicals"/>); empty when it cannot be analysed.
    /// </summary>
    private static IReadOnlySet<(int Start, int Length)> ElementWiseLogicals(string text, IReadOnlyDictionary<string, Type> types)
    {
        try
        {
            return ExpressionCompiler.Analyze("inlining", text, types).ElementWiseLogicals ?? new HashSet<(int, int)>();
        }
        catch (GraphBookingException)
        {
            return new HashSet<(int, int)>();
        }
    }

    /// <summary>
    /// True when <paramref name="id"/> is evaluated whenever its expression is: no short circuit, branch or lambda
    /// above it. The <c>&amp;&amp;</c> and <c>||</c> of RVec masks at <paramref name="elementWise"/> evaluate both sides.
    /// </summary>
    private static bool Unconditional(SyntaxNode id, IReadOnlySet<(int Start, int Length)> elementWise)
    {
        for (SyntaxNode node = id; node.Parent is { } parent; node = parent)
        {
            switch (parent)
            {
                case BinaryExpressionSyntax b when b.Right == node && b.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression
                                                   && !elementWise.Contains((b.SpanStart, b.Span.Length)):
                case BinaryExpressionSyntax c when c.Right == node && c.Kind() is SyntaxKind.CoalesceExpression:
                case ConditionalExpressionSyntax e when e.Condition != node:
                case LambdaExpressionSyntax or AnonymousMethodExpressionSyntax:
                case ConditionalAccessExpressionSyntax ca when ca.WhenNotNull == node:
                case SwitchExpressionArmSyntax:
                    return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Adds <paramref name="d"/> to <paramref name="g"/> when every name in the group still means one column: the
    /// group's code reads <paramref name="d"/> under one name, and <paramref name="d"/>'s own inputs do not reuse a
    /// name the group reads as another column (a Redefine reading the column it replaces, an alias).
    /// </summary>
    private static bool TryAbsorb(Group g, DefineNode d, ExpressionCode code)
    {
        if (!Absorbable(g, d, code, out var name, out var added)) return false;
        foreach (var (n, c) in added) g.Names[n] = c;
        g.Members.Add(d);
        g.MemberNames[d] = name;
        return true;
    }

    /// <summary>The check of <see cref="TryAbsorb"/>: the name the group reads <paramref name="d"/> by and the names it would add.</summary>
    private static bool Absorbable(Group g, DefineNode d, ExpressionCode code, out string name, out Dictionary<string, ColumnDef> added)
    {
        name = "";
        added = [];
        string? found = null;
        foreach (var p in g.Members.Select(m => (ExpressionCode)m.Code).Prepend(g.Code))
            for (int i = 0; i < p.Inputs.Length; i++)
                if (p.Inputs[i] == d.Column)
                {
                    if (found is not null && found != p.ColumnNames[i]) return false;
                    found = p.ColumnNames[i];
                }
        if (found is null) return false;
        name = found;
        for (int i = 0; i < code.Inputs.Length; i++)
        {
            var n = code.ColumnNames[i];
            if (g.Names.TryGetValue(n, out var existing) || added.TryGetValue(n, out existing))
            {
                if (existing != code.Inputs[i]) return false;
            }
            else added[n] = code.Inputs[i];
        }
        return true;
    }
}
