using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventFrame.Expressions;

/// <summary>
/// Loop fusion of <see cref="RVec{T}"/> expressions. Every RVec operator and VecOps call allocates its result in the
/// arena and loops over it again, so <c>InvariantMasses(Take(pt, i), …)</c> or <c>Jet_pt[abs(Jet_eta) &lt; 1.0]</c>
/// costs one temporary and one pass per operation per event. This pass finds the maximal sub-expressions made of
/// element-wise operations (RVec operators, element-wise math, <c>Take</c>, <c>Where</c>, <c>Map</c> with an
/// expression lambda, <c>Enumerate</c>, <c>DeltaR</c>/<c>DeltaR2</c>/<c>DeltaPhi</c>, <c>InvariantMasses</c>),
/// optionally ended by a mask selection <c>v[mask]</c> or a reduction (<c>Sum</c>, <c>Count</c>, <c>Any</c>,
/// <c>All</c>, <c>Max</c>, <c>Min</c>, <c>ArgMax</c>, <c>ArgMin</c>), and replaces each by a call to a generated
/// method that computes it in one loop, element by element, with the scalar code of the chosen overloads (so the
/// same promotions, the same rounding, the same sequential reduction order and the same exceptions, checked before
/// the loop for sizes and per element for <c>Take</c> indices). Sub-expressions it does not know are evaluated
/// once per event as before and passed in. The generated methods live in the kernel class of the graph.
/// The index vectors of <c>Combinations(v1, v2)</c>, <c>Combinations(v, 2)</c> and <c>Combinations(v, 3)</c> become
/// loop counters: a loop over the combinations of one call is nested, one loop per counter, and each value is
/// computed in the loop of the innermost counter it depends on, as a hand-written triplet loop sums two jets once per
/// pair. One combination at a scalar index (<c>Combinations(v, 3)[0][best]</c>) is computed from the sizes.
/// </summary>
internal static partial class Fusion
{
    /// <summary>Generated methods by name (the name is a hash of the code, so equal code shares one name).</summary>
    private static readonly ConcurrentDictionary<string, string> s_helpers = new();

    private const string NamePrefix = "__Fuse_";

    /// <summary>
    /// The local (in a kernel) and parameter (in a generated method) holding the calling thread's
    /// <see cref="RVecArena.ThreadArena"/>, looked up once per kernel call.
    /// </summary>
    internal const string ArenaName = "__arena";

    /// <summary>The type of <see cref="ArenaName"/>.</summary>
    internal const string ArenaType = "global::EventFrame.RVecArena.ThreadArena";

    [GeneratedRegex(@"__Fuse_[0-9a-f]{16}")]
    private static partial Regex HelperName();

    /// <summary>One fused rewrite of an expression: the new source and the generated methods it calls.</summary>
    internal sealed record Result(string Source, IReadOnlyList<(string Name, string Code)> Helpers, ChunkForm? Chunk);

    /// <summary>
    /// A chunk-wide variant of an expression that is one fused vector (or mask selection) over vector columns only:
    /// method <paramref name="Name"/> takes the selection, the shared offsets, the flat values of
    /// <paramref name="Columns"/> and the output views, and runs the element loop over every selected entry at once.
    /// </summary>
    internal sealed record ChunkForm(string Name, string Code, IReadOnlyList<string> Columns, string Element);

    private static readonly ConcurrentDictionary<string, ChunkForm> s_chunkForms = new();

    /// <summary>The chunk-wide variant registered for the fused <paramref name="source"/>, or null.</summary>
    internal static ChunkForm? ChunkFormOf(string source) => s_chunkForms.TryGetValue(source.Trim(), out var c) ? c : null;

    /// <summary>
    /// Rewrites <paramref name="expression"/> (type-checked in <paramref name="model"/>) with every fusable
    /// sub-expression replaced by a call to a generated method; null when nothing is fused.
    /// </summary>
    internal static Result? Rewrite(ExpressionSyntax expression, SemanticModel model)
    {
        var rewriter = new Rewriter(model);
        var text = rewriter.Text(expression);
        var root = expression;
        while (root is ParenthesizedExpressionSyntax p) root = p.Expression;
        return rewriter.Helpers.Count == 0 && !rewriter.Changed ? null : new Result(text, rewriter.Helpers, rewriter.ChunkForms.GetValueOrDefault(root));
    }

    /// <summary>Makes the generated methods of a verified rewrite available to <see cref="HelpersOf"/>.</summary>
    internal static void Register(Result result)
    {
        foreach (var (name, code) in result.Helpers) s_helpers.TryAdd(name, code);
        if (result.Chunk is { } chunk) s_chunkForms.TryAdd(result.Source.Trim(), chunk);
    }

    /// <summary>True when <paramref name="source"/> calls a generated method (which takes the kernel's arena).</summary>
    internal static bool CallsHelpers(string source) => HelperName().IsMatch(source);

    /// <summary>The code of the generated methods <paramref name="source"/> calls (each once).</summary>
    internal static IEnumerable<string> HelpersOf(string source) =>
        HelperName().Matches(source).Select(m => m.Value).Distinct().Select(n => s_helpers[n]);

    /// <summary>The code of the methods of <paramref name="result"/>, for a probe compilation.</summary>
    internal static string Code(Result result) => string.Concat(result.Helpers.Select(h => h.Code)) + result.Chunk?.Code;

    private static readonly HashSet<string> s_unaryMath =
    [
        "abs", "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log10", "log2", "log1p", "sin", "cos", "tan", "asin", "acos",
        "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "trunc", "round",
    ];

    private static readonly HashSet<string> s_arithmetic = ["float", "double", "int", "long"];

    /// <summary>Thrown while building a fused method when a leaf cannot be passed in: the expression stays unfused.</summary>
    private sealed class NotFusable : Exception;

    /// <summary>
    /// An element stream: the local holding the current element, its length, its element type, and the loop level
    /// its value depends on (<see cref="Inner"/>: the element position; 1, 2, 3: the first, second, third counter of a
    /// combination nest, whose value is computed once per value of that counter when the loop is nested).
    /// </summary>
    private sealed record Stream(string Var, string Length, string Element, bool Bare, int Level = Inner);

    /// <summary>The level of a value that changes with every element.</summary>
    private const int Inner = int.MaxValue;

    private sealed class Rewriter(SemanticModel model)
    {
        public readonly List<(string Name, string Code)> Helpers = [];
        public readonly Dictionary<ExpressionSyntax, ChunkForm> ChunkForms = [];

        /// <summary>True when some sub-expression was replaced by a call that needs no generated method.</summary>
        public bool Changed { get; private set; }

        /// <summary>The text of <paramref name="node"/> with its fusable sub-expressions replaced.</summary>
        public string Text(SyntaxNode node)
        {
            if (node is ExpressionSyntax e && TryFuse(e) is { } call)
                return node.GetLeadingTrivia().ToFullString() + call + node.GetTrailingTrivia().ToFullString();
            var sb = new StringBuilder();
            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.AsNode() is { } n) sb.Append(Text(n));
                else sb.Append(child.AsToken().ToFullString());
            }
            return sb.ToString();
        }

        private string? TryFuse(ExpressionSyntax e)
        {
            // Inside checked(...) a Map lambda's arithmetic would throw on overflow; in a generated method it would not.
            if (e is ParenthesizedExpressionSyntax || e.AncestorsAndSelf().Any(a => a.IsKind(SyntaxKind.CheckedExpression))) return null;
            var type = model.GetTypeInfo(e).Type;
            if (CombinationElement(e) is { } at) return at;
            // A whole index vector alone is cheaper as Combinations' shared, precomputed view than as a loop.
            if (CombinationIndex(e) is not null) return null;
            var b = new HelperBuilder(this);
            // A scalar computed from single elements of fused vectors: only those elements are computed. (An element of
            // a combination's index vector alone is CombinationElement's.)
            string? code = type is not null && ElementOf(type) is null && e.DescendantNodesAndSelf().OfType<ElementAccessExpressionSyntax>().Any(a => IsElementAt(a) && CombinationIndex(a.Expression) is null)
                ? Generate(b, x => x.ScalarAt(e, type)) : null;
            if (code is null) b = new HelperBuilder(this);
            // A selection over a Drop written in terms of the Drop itself: one loop, or else the selection alone.
            code ??= ElementOf(type) is { } kept && e is ElementAccessExpressionSyntax selection && IsMaskIndexer(selection)
                && DropCall(selection.Expression) is { } dropped ? Generate(b, x => x.Drop(dropped, kept, selection.ArgumentList.Arguments[0].Expression)) : null;
            if (code is null)
            {
                b = new HelperBuilder(this);
                code = Generate(b, x =>
                    e is InvocationExpressionSyntax call && Symbol(call) is { } m && IsVecOps(m) && IsReduction(m) ? x.Reduction(call, m)
                    : e is InvocationExpressionSyntax cat && Symbol(cat) is { Name: "Concatenate", Parameters.Length: 2 } cm && IsVecOps(cm)
                      && PlainArguments(cat, 2) && ElementOf(type) is { } catElement ? x.Concatenation(cat, catElement)
                    : DropCall(e) is { } drop && ElementOf(type) is { } dropElement ? x.Drop(drop, dropElement)
                    : ElementOf(type) is not null && e is ElementAccessExpressionSyntax access && IsMaskIndexer(access) ? x.MaskSelection(access)
                    : ElementOf(type) is { } element && IsStreamForm(e) ? x.Vector(e, element)
                    : null);
            }
            if (code is null) return null;
            var name = NamePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)))[..16];
            var full = code.Replace("__NAME__", name);
            if (!Helpers.Exists(h => h.Name == name)) Helpers.Add((name, full));
            if (b.ChunkCode is { } chunk && b.Arguments.All(a => a is IdentifierNameSyntax id && model.GetSymbolInfo(id).Symbol is IParameterSymbol))
                ChunkForms[e] = new ChunkForm(name + "_chunk", chunk.Code.Replace("__NAME__", name + "_chunk"),
                    [.. b.Arguments.Select(a => ((IdentifierNameSyntax)a).Identifier.ValueText)], chunk.Element);
            return $"{name}({string.Join(", ", b.Arguments.Select(a => Text(a).Trim()).Prepend(ArenaName))})";
        }

        /// <summary>
        /// <c>Combinations(…)[k][i]</c> with an int i: the k-th index of the i-th combination, computed from the sizes
        /// (<see cref="FusedVecOps.CombinationAt"/>, <see cref="FusedVecOps.PairAt"/>) instead of building the index
        /// vectors; null for anything else.
        /// </summary>
        private string? CombinationElement(ExpressionSyntax e)
        {
            if (e is not ElementAccessExpressionSyntax access || access.ArgumentList.Arguments.Count != 1
                || access.ArgumentList.Arguments[0] is not { NameColon: null } arg || !arg.RefKindKeyword.IsKind(SyntaxKind.None)
                || model.GetTypeInfo(arg.Expression).Type?.SpecialType != SpecialType.System_Int32
                || CombinationIndex(access.Expression) is not { } ci)
                return null;
            var (call, arity, k) = ci;
            var vectors = call.ArgumentList.Arguments.Take(arity == 0 ? 2 : 1).Select(a => a.Expression).ToList();
            // The vectors are read for their sizes only, so they must be plain columns or locals (nothing to evaluate).
            if (!vectors.All(v => v is IdentifierNameSyntax)) return null;
            Changed = true;
            var index = Text(arg.Expression).Trim();
            // The count (and its exceptions) before the index expression, as Combinations runs before its indexer.
            return arity == 0
                ? $"{Ops}.PairAt({Ops}.PairCount({vectors[0]}.Length, {vectors[1]}.Length), {vectors[1]}.Length, {k}, {index})"
                : $"{Ops}.CombinationAt({Ops}.CombinationCount({vectors[0]}.Length, {arity}), {vectors[0]}.Length, {arity}, {k}, {index})";
        }

        /// <summary>The generated method <paramref name="generate"/> builds with <paramref name="b"/>, or null when it cannot.</summary>
        private static string? Generate(HelperBuilder b, Func<HelperBuilder, string?> generate)
        {
            try
            {
                return generate(b);
            }
            catch (NotFusable)
            {
                return null;
            }
        }

        public IMethodSymbol? Symbol(ExpressionSyntax e) => model.GetSymbolInfo(e).Symbol as IMethodSymbol;

        /// <summary>
        /// <c>v[i]</c> of an element-wise form v (<c>(Take(px, C[0]) + Take(px, C[1]))[best]</c>) at an int column,
        /// local or constant i: one element of a vector that need not be built.
        /// </summary>
        public bool IsElementAt(ElementAccessExpressionSyntax access) =>
            access.ArgumentList.Arguments is [{ NameColon: null } arg] && arg.RefKindKeyword.IsKind(SyntaxKind.None)
            && model.GetTypeInfo(arg.Expression).Type?.SpecialType == SpecialType.System_Int32
            && (arg.Expression is IdentifierNameSyntax || IsConstant(arg.Expression))
            && ElementOf(TypeOf(access.Expression)) is not null && IsStreamForm(access.Expression);

        /// <summary>True when <paramref name="id"/> reads a column or local of the expression's context (not a lambda parameter of its own).</summary>
        public bool IsColumn(IdentifierNameSyntax id, SyntaxNode within) =>
            model.GetSymbolInfo(id).Symbol is IParameterSymbol or ILocalSymbol && model.GetSymbolInfo(id).Symbol!.DeclaringSyntaxReferences
                .All(r => r.SyntaxTree != within.SyntaxTree || !within.Span.Contains(r.Span));

        /// <summary><paramref name="e"/> (in parentheses or not) when it is <c>VecOps.Drop(v, indices)</c> with int indices, else null.</summary>
        private InvocationExpressionSyntax? DropCall(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return e is InvocationExpressionSyntax call && Symbol(call) is { Name: "Drop", Parameters.Length: 2 } m && IsVecOps(m)
                && PlainArguments(call, 2) && ElementOf(m.Parameters[1].Type) == "int" ? call : null;
        }

        public ITypeSymbol? TypeOf(ExpressionSyntax e) => model.GetTypeInfo(e).Type;

        public bool IsConstant(ExpressionSyntax e) => model.GetConstantValue(e).HasValue;

        public SemanticModel Model => model;

        private static bool PlainArguments(InvocationExpressionSyntax call, int count) =>
            call.ArgumentList.Arguments.Count == count && call.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None));

        /// <summary>
        /// <c>Combinations(v1, v2)[k]</c> (the pairs of two collections, first index varying slowest; k = 0, 1) or
        /// <c>Combinations(v, n)[k]</c> (the unique pairs or triplets of one collection, n = 2 or 3 a constant,
        /// k &lt; n): the call, its arity n (0 for two collections) and the constant k; null for anything else.
        /// </summary>
        public (InvocationExpressionSyntax Call, int Arity, int Index)? CombinationIndex(ExpressionSyntax e)
        {
            if (e is not ElementAccessExpressionSyntax access || access.ArgumentList.Arguments.Count != 1) return null;
            var inner = access.Expression;
            while (inner is ParenthesizedExpressionSyntax p) inner = p.Expression;
            if (inner is not InvocationExpressionSyntax call || Symbol(call) is not { Name: "Combinations", Parameters.Length: 2 } m || !IsVecOps(m)
                || !PlainArguments(call, 2) || ElementOf(m.Parameters[0].Type) is null)
                return null;
            int arity = 0;
            if (ElementOf(m.Parameters[1].Type) is null)
            {
                if (m.Parameters[1].Type.SpecialType != SpecialType.System_Int32
                    || model.GetConstantValue(call.ArgumentList.Arguments[1].Expression) is not { HasValue: true, Value: int n } || n is not (2 or 3))
                    return null;
                arity = n;
            }
            var index = model.GetConstantValue(access.ArgumentList.Arguments[0].Expression);
            return index.HasValue && index.Value is int k && k >= 0 && k < Math.Max(arity, 2) ? (call, arity, k) : null;
        }

        public bool IsMaskIndexer(ElementAccessExpressionSyntax access) =>
            access.ArgumentList.Arguments.Count == 1 && model.GetSymbolInfo(access).Symbol is IPropertySymbol { IsIndexer: true } p
            && p.Parameters.Length == 1 && ElementOf(p.Parameters[0].Type) == "bool" && ElementOf(p.ContainingType) is not null;

        /// <summary>True when <paramref name="e"/> is itself an element-wise form (not a bare vector).</summary>
        public bool IsStreamForm(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return StreamKind(e) is not null;
        }

        /// <summary>The element-wise form of <paramref name="e"/>, or null: "op", "call".</summary>
        public string? StreamKind(ExpressionSyntax e)
        {
            if (e is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax)
                return Symbol(e) is { } op && ExpressionCompiler.IsRVecOperator(op) && OperatorSupported(e, op) ? "op" : null;
            if (e is InvocationExpressionSyntax call && Symbol(call) is { } m && IsVecOps(m))
                return CallSupported(call, m) ? "call" : null;
            if (CombinationIndex(e) is not null) return "combination";
            return null;
        }


        private static bool IsVecOps(IMethodSymbol m) => m.ContainingType?.ToDisplayString() == "EventFrame.VecOps";

        /// <summary>True for <see cref="PtEtaPhiMVector"/>, whose members neither throw nor have effects.</summary>
        private static bool IsFourVector(ITypeSymbol? t) => t?.ToDisplayString() == "EventFrame.PtEtaPhiMVector";

        private static bool IsReduction(IMethodSymbol m) =>
            m.Parameters.Length == 1 && ElementOf(m.Parameters[0].Type) is { } el && m.Name switch
            {
                "Sum" => s_arithmetic.Contains(el) || el == "bool",
                "Count" or "Any" or "All" => el == "bool",
                "Max" or "Min" or "ArgMax" or "ArgMin" => s_arithmetic.Contains(el),
                _ => false,
            };

        private bool OperatorSupported(ExpressionSyntax e, IMethodSymbol op)
        {
            if (ElementOf(op.ReturnType) is not { } result) return false;
            var elements = op.Parameters.Select(p => ElementOf(p.Type)).ToList();
            if (elements.All(x => x is null)) return false;
            var element = elements.First(x => x is not null)!;
            if (e is PrefixUnaryExpressionSyntax u)
                return u.Kind() switch
                {
                    SyntaxKind.UnaryMinusExpression => s_arithmetic.Contains(element),
                    SyntaxKind.LogicalNotExpression => element == "bool",
                    _ => false,
                };
            return e.Kind() switch
            {
                SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression
                    => s_arithmetic.Contains(element) && s_arithmetic.Contains(result),
                SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                    or SyntaxKind.GreaterThanOrEqualExpression => s_arithmetic.Contains(element),
                SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression => s_arithmetic.Contains(element) || element == "bool",
                SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.BitwiseAndExpression
                    or SyntaxKind.BitwiseOrExpression or SyntaxKind.ExclusiveOrExpression => element == "bool" && result == "bool",
                _ => false,
            };
        }

        private bool CallSupported(InvocationExpressionSyntax call, IMethodSymbol m)
        {
            var ps = m.Parameters;
            if (ElementOf(m.ReturnType) is not { } result || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
                return false;
            if (call.ArgumentList.Arguments.Count != ps.Length) return false;
            switch (m.Name)
            {
                case "Take":
                    return (ps.Length == 2 || ps.Length == 3) && ElementOf(ps[0].Type) is not null && ElementOf(ps[1].Type) == "int";
                case "Enumerate":
                    return ps.Length == 1;
                case "Where":
                    return ps.Length == 3 && ElementOf(ps[0].Type) == "bool";
                case "Map":
                    return ps.Length is >= 2 and <= 4 && ps.Take(ps.Length - 1).All(p => ElementOf(p.Type) is not null)
                        && MapLambda(call.ArgumentList.Arguments[^1].Expression, ps.Length - 1) is not null;
                case "DeltaR" or "DeltaR2":
                    return (ps.Length == 4 || ps.Length == 5) && ps.Take(4).All(p => ElementOf(p.Type) is "float" or "double");
                case "DeltaPhi":
                    return (ps.Length == 2 || ps.Length == 3) && ps.Take(2).Any(p => ElementOf(p.Type) is not null)
                        && (result is "float" or "double");
                case "InvariantMasses":
                    return ps.Length == 8 && ps.All(p => ElementOf(p.Type) is "float" or "double");
                default:
                    return s_unaryMath.Contains(m.Name) && ps.Length == 1 && ElementOf(ps[0].Type) is { } el
                        && (m.IsGenericMethod ? s_arithmetic.Contains(el) : el is "float" or "double");
            }
        }

        /// <summary>
        /// <c>Map(v, p =&gt; p.M())</c> of a column or local v whose lambda only reads a member of a
        /// <see cref="PtEtaPhiMVector"/> (a parameterless method or a property: no effect, never throws): v and the
        /// lambda; null for anything else.
        /// </summary>
        public (ExpressionSyntax Vector, LambdaExpressionSyntax Lambda)? AccessorMap(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (e is not InvocationExpressionSyntax call || Symbol(call) is not { Name: "Map", Parameters.Length: 2 } m || !IsVecOps(m)
                || !PlainArguments(call, 2) || call.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax vector
                || MapLambda(call.ArgumentList.Arguments[1].Expression, 1) is not SimpleLambdaExpressionSyntax lambda)
                return null;
            var body = lambda.ExpressionBody;
            while (body is ParenthesizedExpressionSyntax bp) body = bp.Expression;
            var access = body switch
            {
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax ma } => ma,
                MemberAccessExpressionSyntax ma => ma,
                _ => null,
            };
            if (access?.Expression is not IdentifierNameSyntax target || target.Identifier.ValueText != lambda.Parameter.Identifier.ValueText) return null;
            var member = model.GetSymbolInfo(access).Symbol;
            bool reads = member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, ReturnsVoid: false } || member is IPropertySymbol { IsStatic: false, IsIndexer: false };
            return reads && IsFourVector(member!.ContainingType) ? (vector, lambda) : null;
        }

        /// <summary>
        /// True when evaluating <paramref name="e"/> twice gives the same values and does nothing else: every call in
        /// it is a VecOps function or a <see cref="PtEtaPhiMVector"/> member, every lambda belongs to an
        /// <see cref="AccessorMap"/>, nothing is created (a random draw such as <c>rdfrandom_.Uniform()</c> is neither).
        /// </summary>
        public bool WithoutEffects(ExpressionSyntax e) =>
            e.DescendantNodesAndSelf().All(n => n switch
            {
                LambdaExpressionSyntax l => l.Parent?.Parent?.Parent is InvocationExpressionSyntax map && AccessorMap(map) is not null,
                InvocationExpressionSyntax call => Symbol(call) is { } m && (IsVecOps(m) || IsFourVector(m.ContainingType)),
                BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax => false,
                PrefixUnaryExpressionSyntax u => !u.IsKind(SyntaxKind.PreIncrementExpression) && !u.IsKind(SyntaxKind.PreDecrementExpression),
                _ => true,
            });

        /// <summary>The lambda of a Map when it can be inlined: expression body, no captured parameters or locals.</summary>
        public LambdaExpressionSyntax? MapLambda(ExpressionSyntax e, int arity)
        {
            if (e is not LambdaExpressionSyntax lambda || lambda.Body is not ExpressionSyntax body || !lambda.AsyncKeyword.IsKind(SyntaxKind.None)) return null;
            var parameters = lambda switch
            {
                SimpleLambdaExpressionSyntax s => [s.Parameter],
                ParenthesizedLambdaExpressionSyntax p => p.ParameterList.Parameters.ToList(),
                _ => [],
            };
            if (parameters.Count != arity || parameters.Any(p => p.Modifiers.Count > 0)) return null;
            if (model.GetSymbolInfo(lambda).Symbol is not IMethodSymbol own) return null;
            foreach (var id in body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var s = model.GetSymbolInfo(id).Symbol;
                if (s is IParameterSymbol ps && !SymbolEqualityComparer.Default.Equals(ps.ContainingSymbol, own)) return null;
                if (s is ILocalSymbol or IRangeVariableSymbol) return null;
            }
            return lambda;
        }
    }

    /// <summary>The element type name of an <c>RVec&lt;T&gt;</c> type (<c>float</c>, …), or null for any other type.</summary>
    private static string? ElementOf(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "RVec", TypeArguments.Length: 1 } named && named.ContainingNamespace?.ToDisplayString() == "EventFrame"
            ? named.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : null;

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string Ops = "global::EventFrame.FusedVecOps";

    /// <summary>The statements of a loop body in evaluation order, each with the loop level its value depends on.</summary>
    private sealed class Body
    {
        private readonly List<(int Level, string Text)> _parts = [];

        public void Append(string text, int level = Inner) => _parts.Add((level, text));

        public void Clear() => _parts.Clear();

        /// <summary>The statements whose level is in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
        public string Levels(int from, int to) => string.Concat(_parts.Where(p => p.Level >= from && p.Level <= to).Select(p => p.Text));

        public override string ToString() => string.Concat(_parts.Select(p => p.Text));
    }

    /// <summary>
    /// The counters of one Combinations call in a loop: their locals (outermost first), the local holding the number
    /// of combinations, each counter's first value and end (exclusive) given the outer ones, the declaration and
    /// end-of-iteration step that walk them in one flat loop instead, and each counter's value at the combination whose
    /// position is in <c>__k</c> (to compute one combination alone).
    /// </summary>
    private sealed record Nest(string[] Counters, string Count, string[] From, string[] To, string FlatInit, string FlatStep, string[] AtK);

    /// <summary>Builds one generated method: its parameters, the code before the loop and the loop body.</summary>
    private sealed class HelperBuilder(Rewriter r)
    {
        public readonly List<ExpressionSyntax> Arguments = [];
        private readonly List<string> _parameters = [];

        // Every per-entry method takes the kernel's arena first: its results are allocated there inline.
        private string Signature => string.Join(", ", _parameters.Prepend($"{ArenaType} {ArenaName}"));
        private readonly Dictionary<string, int> _byText = [];
        private readonly Dictionary<int, string> _elementVar = [];
        private readonly HashSet<int> _spans = [];
        private readonly HashSet<string> _checks = [];
        private readonly StringBuilder _pre = new();
        private readonly Body _body = new();
        // Span declarations (cannot throw, so they may precede every check).
        private readonly StringBuilder _decl = new();
        // The combination counters of the current loop, by the Combinations call they stand for.
        private readonly Dictionary<string, Nest> _nests = [];
        // The streams built in the current loop, by the normalized text of their expression, and the four-vectors
        // gathered for accessor Maps, by their gather.
        private readonly Dictionary<string, Stream> _built = [];
        private readonly Dictionary<string, Stream> _gathers = [];
        private int _next;
        private bool _mayThrow;
        // Whether some element could throw for a reason other than a gather at a combination counter (a Map lambda,
        // an integer division, a gather at a computed index): then no iteration may be skipped.
        private bool _unguarded;
        // For each gather at a combination counter, the condition under which it cannot throw (the source is at
        // least as long as the counter's range): when all hold, skipping iterations skips no exception.
        private readonly List<string> _guards = [];
        // Whether some parameter is read at positions other than the loop's (Take, Enumerate) or is a per-entry
        // scalar: then the element loop cannot run over a chunk's flat values.
        private bool _perEntry;
        private readonly StringBuilder _refs = new();

        /// <summary>The chunk-wide variant of a vector or mask-selection method (see <see cref="ChunkForm"/>), when there is one.</summary>
        public (string Code, string Element)? ChunkCode { get; private set; }

        private string NewVar() => $"__e{_next++}";

        private int Parameter(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            // Pure, repeatable leaves (a column, `Trijet[0]`) are passed once however often they are used.
            bool pure = IsPure(e);
            string key = e.ToString();
            if (pure && _byText.TryGetValue(key, out int existing)) return existing;
            int index = _parameters.Count;
            var type = r.TypeOf(e);
            if (type is null or IErrorTypeSymbol || type.IsAnonymousType) throw new NotFusable();
            _parameters.Add($"{Display(type)} __a{index}");
            Arguments.Add(e);
            if (pure) _byText[key] = index;
            return index;
        }

        private bool IsPure(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            return e is IdentifierNameSyntax
                || (e is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax } ea && ea.ArgumentList.Arguments.All(a => r.IsConstant(a.Expression)));
        }

        /// <summary>A vector argument read at random positions (Take's source, Enumerate's size): its parameter, whose span is <c>__s{p}</c>.</summary>
        private int Span(ExpressionSyntax e, bool randomAccess = true)
        {
            int p = Parameter(e);
            _perEntry |= randomAccess;
            if (_spans.Add(p))
            {
                var reference = $"        ref {ElementOf(r.TypeOf(e)) ?? throw new NotFusable()} __r{p} = ref {Marshal}.GetReference(__s{p});\n";
                _decl.Append($"        var __s{p} = __a{p}.AsSpan();\n").Append(reference);
                _refs.Append(reference);
            }
            return p;
        }

        /// <summary>A scalar operand converted to <paramref name="target"/> as C# converts an argument.</summary>
        private string Scalar(ExpressionSyntax e, string target)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (r.IsConstant(e)) return $"(({target})({e}))";
            _perEntry = true;
            int index = Parameter(e);
            return $"(({target})__a{index})";
        }

        private void Check(string op, Stream a, Stream b)
        {
            var check = $"        if ({a.Length} != {b.Length}) {Ops}.ThrowSizes(\"{op}\", {a.Length}, {b.Length});\n";
            if (a.Length != b.Length && _checks.Add(check)) _pre.Append(check);
        }

        /// <summary>An element may throw, and nothing shows in advance that it does not.</summary>
        private void MayThrow()
        {
            _mayThrow = true;
            _unguarded = true;
        }

        /// <summary>
        /// An element may throw in <c>At(<paramref name="source"/>, <paramref name="index"/>)</c>. At a combination
        /// counter, whose values are bounded by the nest, it cannot when the source is long enough: that condition is
        /// recorded instead (see <see cref="Safe"/>).
        /// </summary>
        private void Gather(string source, Stream index)
        {
            _mayThrow = true;
            var bound = _nests.Values.SelectMany(n => n.Counters.Zip(n.To)).Where(c => c.First == index.Var).Select(c => c.Second).FirstOrDefault();
            // A counter over the source itself (to its length, or a few short of it) always fits.
            if (bound is null) _unguarded = true;
            else if (bound != $"{source}.Length" && !bound.StartsWith($"{source}.Length - ", StringComparison.Ordinal) && !_guards.Contains($"{source}.Length >= {bound}"))
                _guards.Add($"{source}.Length >= {bound}");
        }

        /// <summary>
        /// A condition, evaluated before the loop, under which no element of the loop built so far can throw (so
        /// iterations may be skipped or the loop left early without hiding an exception); null when that cannot be
        /// known in advance.
        /// </summary>
        private string? Safe => !_mayThrow || (!_unguarded && _guards.Count == 0) ? "true" : _unguarded ? null
            // `s.Length >= n - 2` follows from `s.Length >= n`.
            : string.Join(" && ", _guards.Where(g => !_guards.Any(h => h != g && g.StartsWith(h + " - ", StringComparison.Ordinal))));

        private Stream Emit(string element, string code, string length, int level = Inner)
        {
            var v = NewVar();
            _body.Append($"            {element} {v} = {code};\n", level);
            return new Stream(v, length, element, false, level);
        }

        /// <summary>The level of a value computed from <paramref name="streams"/> (null: a scalar, the same everywhere).</summary>
        private static int LevelOf(params IEnumerable<Stream?> streams) => streams.Select(s => s?.Level ?? 0).DefaultIfEmpty(0).Max();

        /// <summary>
        /// The element stream of a vector-valued expression: fused when it is an element-wise form, else a leaf. A
        /// form written twice in the loop (a Define written into each of its reads) is computed once per element.
        /// </summary>
        private Stream Build(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            // A form with effects (a random draw, a Map lambda other than a four-vector accessor) is computed as often
            // as it is written.
            string? key = r.WithoutEffects(e) ? e.NormalizeWhitespace().ToFullString() : null;
            if (key is not null && _built.TryGetValue(key, out var same)) return same;
            var s = r.StreamKind(e) switch
            {
                "op" => Operator(e, r.Symbol(e)!),
                "call" => Call((InvocationExpressionSyntax)e, r.Symbol(e)!),
                "combination" => Combination((ElementAccessExpressionSyntax)e),
                _ => Leaf(e),
            };
            if (key is not null) _built[key] = s;
            return s;
        }

        /// <summary>
        /// <c>Combinations(v1, v2)[k]</c> or <c>Combinations(v, n)[k]</c>: the k-th index of the combination at the loop
        /// position, kept as counters (one per index, all advanced together) instead of the index vectors; the number
        /// of combinations is computed, with the exceptions, as Combinations does.
        /// </summary>
        private Stream Combination(ElementAccessExpressionSyntax access)
        {
            var (call, arity, index) = r.CombinationIndex(access)!.Value;
            var args = call.ArgumentList.Arguments;
            int a = Span(args[0].Expression);
            int b = arity == 0 ? Span(args[1].Expression) : -1;
            string key = arity == 0 ? $"{a},{b}" : $"{a}/{arity}";
            if (!_nests.TryGetValue(key, out var nest))
            {
                int n = _next++;
                string na = $"__s{a}.Length";
                if (arity == 0)
                {
                    string i = $"__pi{n}", j = $"__pj{n}", nb = $"__s{b}.Length", count = $"__pn{n}";
                    _pre.Append($"        int {count} = {Ops}.PairCount({na}, {nb});\n");
                    nest = new Nest([i, j], count, ["0", "0"], [na, nb], $"        int {i} = 0, {j} = 0;\n",
                        $"            if (++{j} == {nb}) {{ {j} = 0; {i}++; }}\n", [$"{Ops}.PairAt({count}, {nb}, 0, __k)", $"{Ops}.PairAt({count}, {nb}, 1, __k)"]);
                }
                else
                {
                    var c = Enumerable.Range(0, arity).Select(t => $"__c{n}_{t}").ToArray();
                    string count = $"__cn{n}";
                    _pre.Append($"        int {count} = {Ops}.CombinationCount({na}, {arity});\n");
                    // Lexicographic order: the last counter runs fastest, each starts one above the previous one and
                    // stops where the counters after it still fit.
                    var from = c.Select((_, t) => t == 0 ? "0" : $"{c[t - 1]} + 1").ToArray();
                    var to = c.Select((_, t) => t == arity - 1 ? na : $"{na} - {arity - 1 - t}").ToArray();
                    string step = arity == 2
                        ? $"            if (++{c[1]} == {na}) {{ {c[0]}++; {c[1]} = {c[0]} + 1; }}\n"
                        : $"            if (++{c[2]} == {na}) {{ if (++{c[1]} == {na} - 1) {{ {c[0]}++; {c[1]} = {c[0]} + 1; }} {c[2]} = {c[1]} + 1; }}\n";
                    nest = new Nest(c, count, from, to, $"        int {string.Join(", ", c.Select((x, t) => $"{x} = {t}"))};\n", step,
                        [.. c.Select((_, t) => $"{Ops}.CombinationAt({count}, {na}, {arity}, {t}, __k)")]);
                }
                _nests[key] = nest;
            }
            return new Stream(nest.Counters[index], nest.Count, "int", false, index + 1);
        }

        /// <summary>
        /// The element loop over <paramref name="length"/> elements (bounded by <paramref name="bound"/>, a local
        /// holding it, when given), ending each iteration with <paramref name="step"/>. When the length is the count
        /// of the loop's one combination nest, the loop is the nest itself: one loop per counter, with each value
        /// computed in the loop of the innermost counter it depends on (a jet's px once per jet, not once per
        /// triplet). Every prefix of counters belongs to some combination, so a hoisted value is computed only for
        /// counters that occur, in the order of their first occurrence; of two elements of one combination that
        /// both fail, the one hoisted further out is reported. Otherwise one flat loop steps the counters.
        /// <see cref="StopAll"/> in <paramref name="step"/> leaves the whole loop. <paramref name="skip"/>, when the
        /// loop is nested, is a condition on counter <c>skip.Level</c> under which that counter's value is passed over
        /// with everything nested in it; <see cref="StopInner"/> in the step then leaves the loops nested in that counter.
        /// </summary>
        private string Loop(string length, string step, string? bound = null, (int Level, string Condition)? skip = null)
        {
            bound ??= length;
            var nest = Nested(length);
            var sb = new StringBuilder();
            if (nest is null)
            {
                foreach (var x in _nests.Values) sb.Append(x.FlatInit);
                sb.Append($"        for (int __k = 0; __k < {bound}; __k++)\n        {{\n").Append(_body).Append(step.Replace(StopAll, "break;"));
                foreach (var x in _nests.Values) sb.Append(x.FlatStep);
                return sb.Append("        }\n").ToString();
            }
            int depth = nest.Counters.Length;
            sb.Append($"        {{\n        int __k = 0;\n        if ({bound} > 0)\n        {{\n").Append(_body.Levels(int.MinValue, 0));
            for (int t = 0; t < depth; t++)
            {
                var c = nest.Counters[t];
                sb.Append($"        for (int {c} = {nest.From[t]}; {c} < {nest.To[t]}; {c}++)\n        {{\n");
                if (skip?.Level == t) sb.Append($"            if ({skip.Value.Condition}) continue;\n");
                sb.Append(_body.Levels(t + 1, t + 1));
            }
            // Any/All stop at a decisive element: out of every loop of the nest.
            bool stops = step.Contains(StopAll);
            string inner = skip is { } sk && sk.Level == depth - 2 ? "break;" : $"goto __next{skip?.Level};";
            sb.Append(_body.Levels(depth + 1, Inner)).Append(step.Replace(StopAll, "goto __stop;").Replace(StopInner, inner)).Append("            __k++;\n");
            for (int t = depth - 1; t >= 0; t--)
            {
                if (step.Contains(StopInner) && skip?.Level == t && t < depth - 2) sb.Append($"            __next{t}:;\n");
                sb.Append("        }\n");
            }
            sb.Append("        }\n");
            if (stops) sb.Append("        __stop:;\n");
            return sb.Append("        }\n").ToString();
        }

        /// <summary>Marks, in a loop step, leaving the whole loop (Any/All at a decisive element).</summary>
        private const string StopAll = "__STOP_ALL__;";

        /// <summary>Marks, in a loop step, leaving the loops nested in the skipped counter (see <see cref="Loop"/>).</summary>
        private const string StopInner = "__STOP_INNER__;";

        /// <summary>The combination nest a loop over <paramref name="length"/> elements is built from, or null when it is one flat loop.</summary>
        private Nest? Nested(string length) => _nests.Count == 1 && _nests.Values.Single() is var nest && nest.Count == length ? nest : null;

        /// <summary>Starts the element loop of one part of a multi-loop method (Concatenate, Drop).</summary>
        private void BeginSection()
        {
            _pre.Clear();
            _body.Clear();
            _elementVar.Clear();
            _nests.Clear();
            _built.Clear();
            _gathers.Clear();
        }

        /// <summary>The part's checks and its loop over <paramref name="length"/> elements ending with <paramref name="step"/>.</summary>
        private string EndSection(string length, string step) => _pre + Loop(length, step);

        /// <summary>An element stream, or a mask selection <c>v[mask]</c> of streams (then with the mask's element).</summary>
        private (Stream S, string? Mask) Part(ExpressionSyntax e)
        {
            while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
            if (e is ElementAccessExpressionSyntax access && ElementOf(r.TypeOf(e)) is not null && r.IsMaskIndexer(access))
            {
                var v = Build(access.Expression);
                var mask = Build(access.ArgumentList.Arguments[0].Expression);
                if (v.Length != mask.Length) _pre.Append($"        if ({v.Length} != {mask.Length}) {Ops}.ThrowMaskSize({v.Length}, {mask.Length});\n");
                return (v, mask.Var);
            }
            return (Build(e), null);
        }

        /// <summary>
        /// <c>Concatenate(x, y)</c> of element-wise forms or mask selections: one vector with room for both, filled by
        /// one loop per part (x's checks and elements first, as when x is computed first), no temporaries.
        /// </summary>
        public string? Concatenation(InvocationExpressionSyntax call, string element)
        {
            _perEntry = true;
            var loops = new StringBuilder();
            var lengths = new List<string>();
            bool fused = false;
            foreach (var arg in call.ArgumentList.Arguments)
            {
                BeginSection();
                var (s, mask) = Part(arg.Expression);
                if (s.Element != element) throw new NotFusable();
                fused |= mask is not null || !s.Bare;
                lengths.Add(s.Length);
                loops.Append(EndSection(s.Length, $"            {Unsafe}.Add(ref __dr, __c) = {s.Var};\n            __c += {(mask is null ? "1" : $"{mask} ? 1 : 0")};\n"));
            }
            if (!fused) return null;
            var sb = new StringBuilder();
            sb.Append($"    private static global::EventFrame.RVec<{element}> __NAME__({Signature})\n    {{\n").Append(_decl);
            sb.Append($"        var __d = {ArenaName}.Allocate<{element}>(checked({lengths[0]} + {lengths[1]}), out var __res);\n");
            sb.Append($"        ref {element} __dr = ref {Marshal}.GetReference(__d);\n        int __c = 0;\n");
            sb.Append(loops).Append($"        return {Ops}.Prefix(__res, __c);\n    }}\n\n");
            return sb.ToString();
        }

        /// <summary>
        /// <c>Drop(v, indices)</c> of a vector and an element-wise or mask-selected index form: the indices mark a
        /// scratch mask (on the stack for short vectors) as they are computed, then the kept elements are copied.
        /// Indices out of range and repeated ones are ignored, as <see cref="VecOps.Drop{T}"/> does.
        /// <para>
        /// With <paramref name="select"/>, a mask over the result written in terms of the same Drop call
        /// (<c>Drop(v, i)[Drop(v, i) &gt; 30]</c>, a Define written into both reads): when it reads nothing but that
        /// vector's elements and can neither throw nor have an effect, it selects the same elements evaluated on v
        /// before the indices, so the elements it rejects are marked dropped at once and no second vector is built.
        /// </para>
        /// <para>
        /// When the indices are the outer counter of a combination nest (<c>Combinations(v, w)[0][cond]</c>, "drop each
        /// v that has some w with cond"), a value of that counter already dropped or out of range is passed over, and
        /// its inner loop is left at the first mark, provided no element can throw (checked from the sizes before the
        /// loop, see <see cref="Safe"/>): the marks it would still make change nothing.
        /// </para>
        /// </summary>
        public string? Drop(InvocationExpressionSyntax call, string element, ExpressionSyntax? select = null)
        {
            _perEntry = true;
            var args = call.ArgumentList.Arguments;
            var v = args[0].Expression;
            while (v is ParenthesizedExpressionSyntax p) v = p.Expression;
            if (r.IsStreamForm(v) || (v is ElementAccessExpressionSyntax va && r.IsMaskIndexer(va)) || ElementOf(r.TypeOf(v)) != element) return null;
            int pv = Span(v);
            string? rejected = null;
            if (select is not null)
            {
                if (!r.WithoutEffects(call) || !r.WithoutEffects(select)) return null;
                // The mask must read v only through the Drop (v itself, or Enumerate(v), is v's length and positions).
                string callText = call.NormalizeWhitespace().ToFullString(), vText = v.NormalizeWhitespace().ToFullString();
                if (select.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(n => n.NormalizeWhitespace().ToFullString() == vText
                        && !n.AncestorsAndSelf().TakeWhile(a => a != select.Parent).OfType<ExpressionSyntax>().Any(a => a.NormalizeWhitespace().ToFullString() == callText)))
                    return null;
                BeginSection();
                var leaf = Leaf(v);
                _built[call.NormalizeWhitespace().ToFullString()] = leaf;
                int spans = _spans.Count;
                bool mayThrow = _mayThrow;
                _mayThrow = false;
                var keep = Build(select);
                if (_mayThrow || _spans.Count != spans || _elementVar.Keys.Any(k => k != pv) || keep.Element != "bool" || keep.Length != leaf.Length) return null;
                _mayThrow = mayThrow;
                rejected = EndSection(leaf.Length, $"            __drop[__k] = !{keep.Var};\n            __dropped += {keep.Var} ? 0 : 1;\n");
            }
            BeginSection();
            var (s, mask) = Part(args[1].Expression);
            if ((select is null && mask is null && s.Bare) || s.Element != "int") return null;
            string mark = $"            int __j = {s.Var};\n            if ({(mask is null ? "" : $"{mask} && ")}(uint)__j < (uint)__nv && !__drop[__j]) {{ __drop[__j] = true; __dropped++;";
            // Skipping and leaving early hide nothing only when the body does not count its iterations (__k).
            (int, string)? skip = null;
            string? safe = Safe;
            if (Nested(s.Length) is { } nest && Array.IndexOf(nest.Counters, s.Var) is var level and >= 0 && level < nest.Counters.Length - 1
                && safe is not null && !_body.ToString().Contains("__k", StringComparison.Ordinal))
            {
                string guard = safe == "true" ? "" : "__safe && ";
                skip = (level, $"{guard}((uint){s.Var} >= (uint)__nv || __drop[{s.Var}])");
                mark += $" {(safe == "true" ? "" : "if (__safe) ")}{StopInner}";
                if (safe != "true") _pre.Append($"        bool __safe = {safe};\n");
            }
            mark += " }\n";
            var sb = new StringBuilder();
            sb.Append($"    private static global::EventFrame.RVec<{element}> __NAME__({Signature})\n    {{\n").Append(_decl);
            sb.Append($"        int __nv = __s{pv}.Length;\n        global::System.Span<bool> __drop = {Ops}.DropMask(stackalloc bool[64], __nv);\n        int __dropped = 0;\n");
            sb.Append(rejected).Append(_pre).Append(Loop(s.Length, mark, skip: skip));
            sb.Append($"        var __d = {ArenaName}.Allocate<{element}>(__nv - __dropped, out var __res);\n        ref {element} __dr = ref {Marshal}.GetReference(__d);\n");
            sb.Append($"        for (int __i = 0, __o = 0; __i < __nv; __i++)\n            if (!__drop[__i]) {{ {Unsafe}.Add(ref __dr, __o) = {Unsafe}.Add(ref __r{pv}, __i); __o++; }}\n");
            sb.Append("        return __res;\n    }\n\n");
            return sb.ToString();
        }

        /// <summary>
        /// A scalar expression that reads single elements of element-wise forms at one index
        /// (<c>Math.Sqrt(px[best] * px[best] + py[best] * py[best])</c> with px, py fused forms): the sizes and
        /// combination counts are checked and each element's index tested in the order the expression evaluates
        /// them, then the counters are set from the index and only that element is computed. When some element of
        /// the whole vectors could throw (a gather at a counter from a shorter vector), the expression runs as
        /// written instead, so that the same exception comes. Allowed around the elements: constants, casts,
        /// arithmetic and comparisons of numbers, System.Math functions, scalar columns and elements of vector
        /// columns at a column or constant index; anything else leaves the expression to the other forms.
        /// </summary>
        public string? ScalarAt(ExpressionSyntax e, ITypeSymbol type)
        {
            _perEntry = true;
            string? at = null, length = null;
            int temps = 0;
            string Index(ExpressionSyntax index) => r.IsConstant(index) ? $"({index})" : $"__a{Parameter(index)}";
            string Rewrite(ExpressionSyntax x)
            {
                switch (x)
                {
                    case ParenthesizedExpressionSyntax p:
                        return $"({Rewrite(p.Expression)})";
                    case LiteralExpressionSyntax l when l.IsKind(SyntaxKind.NumericLiteralExpression) || l.IsKind(SyntaxKind.TrueLiteralExpression) || l.IsKind(SyntaxKind.FalseLiteralExpression):
                        return l.ToString();
                    case CastExpressionSyntax c when c.Type is PredefinedTypeSyntax && IsNumber(r.TypeOf(c)):
                        return $"(({c.Type})({Rewrite(c.Expression)}))";
                    case PrefixUnaryExpressionSyntax u when u.Kind() is SyntaxKind.UnaryMinusExpression or SyntaxKind.UnaryPlusExpression && IsNumber(r.TypeOf(u)):
                        return $"({u.OperatorToken.Text}{Rewrite(u.Operand)})";
                    case BinaryExpressionSyntax bin when IsNumber(r.TypeOf(bin.Left)) && IsNumber(r.TypeOf(bin.Right)) && bin.Kind() switch
                    {
                        // Integer division can throw; && and || would make the right side conditional.
                        SyntaxKind.DivideExpression => IsFloating(r.TypeOf(bin.Left)) || IsFloating(r.TypeOf(bin.Right)),
                        SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.LessThanExpression
                            or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression
                            or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression => true,
                        _ => false,
                    }:
                        return $"({Rewrite(bin.Left)} {bin.OperatorToken.Text} {Rewrite(bin.Right)})";
                    case InvocationExpressionSyntax call when r.Symbol(call) is { IsStatic: true } m && m.ContainingType?.ToDisplayString() == "System.Math"
                                                              && call.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None)):
                        return $"global::System.Math.{m.Name}({string.Join(", ", call.ArgumentList.Arguments.Select(a => Rewrite(a.Expression)))})";
                    case IdentifierNameSyntax id when IsNumber(r.TypeOf(id)) && r.IsColumn(id, e):
                        return $"__a{Parameter(id)}";
                    case ElementAccessExpressionSyntax access when r.IsElementAt(access):
                        {
                            var index = access.ArgumentList.Arguments[0].Expression;
                            var s = Build(access.Expression);
                            string i = Index(index);
                            if (at is null)
                            {
                                (at, length) = (i, s.Length);
                                _pre.Append($"        int __at = {i};\n");
                            }
                            else if (at != i || length != s.Length) throw new NotFusable();
                            var check = $"        {Ops}.CheckElement(__at, {s.Length});\n";
                            if (_checks.Add(check)) _pre.Append(check);
                            return s.Var;
                        }
                    case ElementAccessExpressionSyntax plain when plain.Expression is IdentifierNameSyntax v && r.IsColumn(v, e) && ElementOf(r.TypeOf(v)) is not null
                                                                  && plain.ArgumentList.Arguments is [{ NameColon: null } arg] && arg.RefKindKeyword.IsKind(SyntaxKind.None)
                                                                  && r.TypeOf(arg.Expression)?.SpecialType == SpecialType.System_Int32
                                                                  && (arg.Expression is IdentifierNameSyntax || r.IsConstant(arg.Expression)):
                        {
                            // Taken where the expression takes it, for the order of the indexers' exceptions.
                            var t = $"__v{temps++}";
                            _pre.Append($"        var {t} = __a{Parameter(v)}[{Index(arg.Expression)}];\n");
                            return t;
                        }
                    default:
                        throw new NotFusable();
                }
            }
            string text = Rewrite(e);
            if (at is null || Safe is not { } safe) return null;
            // Some element of the whole vectors may throw: the expression as written raises what it raises. (Its
            // columns are parameters before the signature is written: one read only inside a computed argument is not yet.)
            string? original = null;
            if (safe != "true")
            {
                var ids = e.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(id => r.IsColumn(id, e)).OrderByDescending(id => id.SpanStart).ToList();
                original = e.ToString();
                foreach (var id in ids)
                    original = original[..(id.SpanStart - e.SpanStart)] + $"__a{Parameter(id)}" + original[(id.Span.End - e.SpanStart)..];
            }
            var sb = new StringBuilder();
            sb.Append($"    private static {Display(type)} __NAME__({Signature})\n    {{\n").Append(_decl);
            if (original is not null) sb.Append($"        if (!({safe})) return ({Display(type)})({original});\n");
            sb.Append(_pre).Append("        int __k = __at;\n");
            foreach (var nest in _nests.Values)
                for (int t = 0; t < nest.Counters.Length; t++)
                    sb.Append($"        int {nest.Counters[t]} = {nest.AtK[t]};\n");
            sb.Append(_body.ToString().Replace("\n            ", "\n        ")).Append($"        return ({Display(type)})({text});\n    }}\n\n");
            return sb.ToString();
        }

        private static bool IsNumber(ITypeSymbol? t) => t?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32
            or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Boolean;

        private static bool IsFloating(ITypeSymbol? t) => t?.SpecialType is SpecialType.System_Single or SpecialType.System_Double;

        private Stream Leaf(ExpressionSyntax e)
        {
            int p = Span(e, randomAccess: false);
            var element = ElementOf(r.TypeOf(e))!;
            if (!_elementVar.TryGetValue(p, out var v))
            {
                v = $"__x{p}";
                _elementVar[p] = v;
                _body.Append($"            {element} {v} = {Unsafe}.Add(ref __r{p}, __k);\n");
            }
            return new Stream(v, $"__s{p}.Length", element, true);
        }

        /// <summary>An operand of an element-wise form: a stream for vector parameters, a converted scalar otherwise.</summary>
        private (Stream? Stream, string Code) Operand(ExpressionSyntax e, ITypeSymbol parameter, string? convertTo = null)
        {
            if (ElementOf(parameter) is not null)
            {
                var s = Build(e);
                return (s, convertTo is null || convertTo == s.Element ? s.Var : $"(({convertTo}){s.Var})");
            }
            return (null, Scalar(e, convertTo ?? Display(parameter)));
        }

        private Stream Operator(ExpressionSyntax e, IMethodSymbol op)
        {
            string result = ElementOf(op.ReturnType)!;
            if (e is PrefixUnaryExpressionSyntax u)
            {
                var s = Build(u.Operand);
                return Emit(result, u.Kind() == SyntaxKind.LogicalNotExpression ? $"!{s.Var}" : $"(-{s.Var})", s.Length, s.Level);
            }
            var bin = (BinaryExpressionSyntax)e;
            var p0 = op.Parameters[0].Type;
            var p1 = op.Parameters[1].Type;
            string element = ElementOf(p0) ?? ElementOf(p1)!;
            bool compare = result == "bool" && element != "bool";
            // The type the scalar operation runs in: the result type for arithmetic (double for the promoting
            // overloads), the scalar operand's type for comparisons with a scalar.
            string opType = compare ? (ElementOf(p0) is null ? Display(p0) : ElementOf(p1) is null ? Display(p1) : element) : result;
            var (a, left) = Operand(bin.Left, p0, opType);
            var (b, right) = Operand(bin.Right, p1, opType);
            string token = bin.Kind() switch
            {
                SyntaxKind.LogicalAndExpression => "&",
                SyntaxKind.LogicalOrExpression => "|",
                _ => bin.OperatorToken.Text,
            };
            if (token == "/" && opType is "int" or "long") MayThrow();
            if (a is not null && b is not null) Check(token, a, b);
            var length = (a ?? b)!.Length;
            return Emit(result, $"({left} {token} {right})", length, LevelOf(a, b));
        }

        private Stream Call(InvocationExpressionSyntax call, IMethodSymbol m)
        {
            var args = call.ArgumentList.Arguments.Select(a => a.Expression).ToList();
            var ps = m.Parameters;
            string result = ElementOf(m.ReturnType)!;
            switch (m.Name)
            {
                case "Take" when ps.Length == 2 && r.AccessorMap(args[0]) is var (vector, lambda):
                    {
                        // Take(Map(v, p => p.Px()), i) is v[i].Px(): the accessor cannot throw and has no effect, so
                        // calling it on the gathered elements only gives the same values, with Take's own check.
                        var source = Span(vector);
                        var index = Build(args[1]);
                        Gather($"__s{source}", index);
                        // One gather per particle and position, whichever members are read from it.
                        var gather = $"{Ops}.At(__s{source}, {index.Var})";
                        if (!_gathers.TryGetValue(gather, out var element))
                            _gathers[gather] = element = Emit(ElementOf(r.TypeOf(vector))!, gather, index.Length, index.Level);
                        return Apply(lambda, [element.Element], [element], result);
                    }
                case "Take":
                    {
                        var source = $"__s{Span(args[0])}";
                        var index = Build(args[1]);
                        if (ps.Length == 2)
                        {
                            Gather(source, index);
                            return Emit(result, $"{Ops}.At({source}, {index.Var})", index.Length, index.Level);
                        }
                        return Emit(result, $"{Ops}.AtOr({source}, {index.Var}, {Scalar(args[2], result)})", index.Length, index.Level);
                    }
                case "Enumerate":
                    return new Stream("__k", $"__s{Span(args[0])}.Length", "int", false);
                case "Where":
                    {
                        var mask = Build(args[0]);
                        var (a, x) = Operand(args[1], ps[1].Type, result);
                        var (b, y) = Operand(args[2], ps[2].Type, result);
                        if (a is not null) Check("Where", mask, a);
                        if (b is not null) Check("Where", mask, b);
                        return Emit(result, $"({mask.Var} ? {x} : {y})", mask.Length, LevelOf(mask, a, b));
                    }
                case "Map":
                    {
                        var inputs = args.Take(args.Count - 1).Select(Build).ToList();
                        for (int i = 1; i < inputs.Count; i++) Check("Map", inputs[0], inputs[i]);
                        MayThrow();
                        return Apply(r.MapLambda(args[^1], inputs.Count)!, [.. ps.Take(inputs.Count).Select(p => ElementOf(p.Type)!)], inputs, result);
                    }
                case "InvariantMasses" when PairedGathers(args) is { } pairs:
                    {
                        // Pairs of particles gathered from one collection: each particle's four-vector is computed
                        // once, not once per pair it is in (the same arithmetic, so the same bits).
                        var sources = pairs.Sources.Select(e => Span(e)).ToList();
                        var first = Build(pairs.First);
                        var second = Build(pairs.Second);
                        Check("InvariantMasses", first, second);
                        var table = NewVar();
                        _pre.Append($"        {Ops}.Cartesian({string.Join(", ", sources.Select(p => $"__s{p}"))}, out var {table});\n");
                        string sizes = string.Join(", ", sources.Select(p => $"__s{p}.Length"));
                        // CheckIndex fails where a gather of either particle from any of the sources would.
                        foreach (var p in sources)
                        {
                            Gather($"__s{p}", first);
                            Gather($"__s{p}", second);
                        }
                        return Emit(result, $"{Ops}.PairMass({table}, {Ops}.CheckIndex({first.Var}, {sizes}), {Ops}.CheckIndex({second.Var}, {sizes}))", first.Length, LevelOf(first, second));
                    }
                case "InvariantMasses":
                    {
                        var inputs = args.Select(Build).ToList();
                        for (int i = 1; i < inputs.Count; i++) Check("InvariantMasses", inputs[0], inputs[i]);
                        // InvariantMass's own two steps, each particle's four-vector at the level of its inputs: in a
                        // nested pair loop the outer particle's is computed once, not once per pair (same bits).
                        var p = new[] { inputs[..4], inputs[4..] }.Select(q =>
                        {
                            var v = NewVar();
                            _body.Append($"            var {v} = {Ops}.FourVector({string.Join(", ", q.Select(s => $"(double){s.Var}"))});\n", LevelOf(q));
                            return v;
                        }).ToList();
                        return Emit(result, $"{Ops}.MassOfSum({p[0]}, {p[1]})", inputs[0].Length, LevelOf(inputs));
                    }
                case "DeltaR" or "DeltaR2" or "DeltaPhi":
                    {
                        var operands = args.Select((a, i) => Operand(a, ps[i].Type, result)).ToList();
                        var streams = operands.Where(o => o.Stream is not null).Select(o => o.Stream!).ToList();
                        string checkName = m.Name == "DeltaPhi" ? "DeltaPhi" : "DeltaR2";
                        for (int i = 1; i < streams.Count; i++) Check(checkName, streams[0], streams[i]);
                        return Emit(result, $"global::EventFrame.VecOps.{m.Name}({string.Join(", ", operands.Select(o => o.Code))})", streams[0].Length, LevelOf(streams));
                    }
                default:
                    {
                        var s = Build(args[0]);
                        string x = m.IsGenericMethod && s.Element != "double" ? $"(double){s.Var}" : s.Var;
                        return Emit(result, $"global::EventFrame.VecOps.{m.Name}({x})", s.Length, s.Level);
                    }
            }
        }

        /// <summary>
        /// A Map lambda's body inlined on the current elements of <paramref name="inputs"/> (its parameters, of types
        /// <paramref name="types"/>), converted to <paramref name="result"/> as Map does, at the inputs' level.
        /// </summary>
        private Stream Apply(LambdaExpressionSyntax lambda, IReadOnlyList<string> types, IReadOnlyList<Stream> inputs, string result)
        {
            var names = lambda switch
            {
                SimpleLambdaExpressionSyntax s => [s.Parameter.Identifier.ValueText],
                _ => ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList(),
            };
            var v = NewVar();
            var block = new StringBuilder($"            {result} {v};\n            {{\n");
            for (int i = 0; i < inputs.Count; i++)
                block.Append($"                {types[i]} @{names[i]} = {inputs[i].Var};\n");
            block.Append($"                {v} = ({result})({lambda.ExpressionBody});\n            }}\n");
            int level = LevelOf(inputs);
            _body.Append(block.ToString(), level);
            return new Stream(v, inputs[0].Length, result, false, level);
        }

        /// <summary>
        /// <c>InvariantMasses(Take(pt, i), Take(eta, i), Take(phi, i), Take(m, i), Take(pt, j), …, Take(m, j))</c>: the
        /// four shared sources and the two index vectors, or null for any other argument list.
        /// </summary>
        private (List<ExpressionSyntax> Sources, ExpressionSyntax First, ExpressionSyntax Second)? PairedGathers(List<ExpressionSyntax> args)
        {
            var takes = new List<(ExpressionSyntax Source, ExpressionSyntax Index)>();
            foreach (var a in args)
            {
                var e = a;
                while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
                if (e is not InvocationExpressionSyntax call || r.Symbol(call) is not { Name: "Take", Parameters.Length: 2 } m
                    || m.ContainingType?.ToDisplayString() != "EventFrame.VecOps" || call.ArgumentList.Arguments.Count != 2)
                    return null;
                var source = call.ArgumentList.Arguments[0].Expression;
                var index = call.ArgumentList.Arguments[1].Expression;
                // A combination's index vector (a combinations Define written into its reads) is as repeatable as a column.
                if (!IsPure(source) || !(IsPure(index) || r.CombinationIndex(index) is not null)) return null;
                takes.Add((source, index));
            }
            for (int k = 0; k < 4; k++)
                if (takes[k].Source.ToString() != takes[k + 4].Source.ToString() || takes[k].Index.ToString() != takes[0].Index.ToString()
                    || takes[k + 4].Index.ToString() != takes[4].Index.ToString())
                    return null;
            return ([.. takes.Take(4).Select(t => t.Source)], takes[0].Index, takes[4].Index);
        }

        /// <summary>
        /// The chunk-wide variant: the same element loop over the flat values of every selected entry (leaves read at
        /// the flat position), each entry's results written back to back and exposed as one view per entry.
        /// </summary>
        private void ChunkMethod(string element, string step)
        {
            if (_perEntry) return;
            var sb = new StringBuilder();
            var spans = _parameters.Select((p, i) => $"global::System.ReadOnlySpan<{ElementOf(r.TypeOf(Arguments[i]))}> __s{i}");
            sb.Append($"    private static void __NAME__(global::EventFrame.Execution.Selection __sel, global::System.ReadOnlySpan<int> __off, {string.Join(", ", spans)}, ");
            sb.Append($"global::System.Span<global::EventFrame.RVec<{element}>> __out)\n    {{\n").Append(_refs);
            sb.Append($"        var __d = {Ops}.Allocate<{element}>(__off[__off.Length - 1] - __off[0], out var __res);\n");
            sb.Append($"        ref {element} __dr = ref {Marshal}.GetReference(__d);\n        int __c = 0;\n");
            var entry = new StringBuilder();
            entry.Append("            int __start = __c;\n            int __end = __off[__i + 1];\n");
            entry.Append("            for (int __k = __off[__i]; __k < __end; __k++)\n            {\n").Append(_body).Append(step).Append("            }\n");
            entry.Append($"            __out[__i] = {Ops}.Slice(__res, __start, __c - __start);\n");
            sb.Append("        if (__sel.Dense)\n        {\n            for (int __i = 0; __i < __sel.Count; __i++)\n            {\n").Append(entry);
            sb.Append("            }\n        }\n        else\n        {\n            foreach (int __i in __sel.Indices)\n            {\n").Append(entry);
            sb.Append("            }\n        }\n    }\n\n");
            ChunkCode = (sb.ToString(), element);
        }

        private string Method(string returnType, string init, string step, string done, Stream s)
        {
            var sb = new StringBuilder();
            sb.Append($"    private static {returnType} __NAME__({Signature})\n    {{\n");
            sb.Append(_decl).Append(_pre);
            sb.Append($"        int __n = {s.Length};\n").Append(init);
            sb.Append(Loop(s.Length, step, "__n"));
            sb.Append(done).Append("    }\n\n");
            return sb.ToString();
        }

        /// <summary>A vector-valued element-wise form: one loop writing the result vector.</summary>
        public string? Vector(ExpressionSyntax e, string element)
        {
            var s = Build(e);
            if (s.Bare) return null;
            ChunkMethod(element, $"            {Unsafe}.Add(ref __dr, __c) = {s.Var};\n            __c++;\n");
            return Method($"global::EventFrame.RVec<{element}>",
                $"        var __d = {ArenaName}.Allocate<{element}>(__n, out var __res);\n        ref {element} __dr = ref {Marshal}.GetReference(__d);\n",
                $"            {Unsafe}.Add(ref __dr, __k) = {s.Var};\n",
                "        return __res;\n", s);
        }

        /// <summary><c>v[mask]</c> over element-wise forms: one loop that computes both and keeps the selected elements.</summary>
        public string? MaskSelection(ElementAccessExpressionSyntax access)
        {
            var v = Build(access.Expression);
            var mask = Build(access.ArgumentList.Arguments[0].Expression);
            if (v.Bare && mask.Bare) return null;
            if (v.Length != mask.Length) _pre.Append($"        if ({v.Length} != {mask.Length}) {Ops}.ThrowMaskSize({v.Length}, {mask.Length});\n");
            // Branch-free compaction: every element is written at the next free position, which only advances
            // past the selected ones (the buffer has room for all of them).
            ChunkMethod(v.Element, $"            {Unsafe}.Add(ref __dr, __c) = {v.Var};\n            __c += {mask.Var} ? 1 : 0;\n");
            return Method($"global::EventFrame.RVec<{v.Element}>",
                $"        var __d = {ArenaName}.Allocate<{v.Element}>(__n, out var __res);\n        ref {v.Element} __dr = ref {Marshal}.GetReference(__d);\n        int __c = 0;\n",
                $"            {Unsafe}.Add(ref __dr, __c) = {v.Var};\n            __c += {mask.Var} ? 1 : 0;\n",
                $"        return {Ops}.Prefix(__res, __c);\n", v);
        }

        /// <summary>A reduction of an element-wise form: one loop, no vector.</summary>
        public string? Reduction(InvocationExpressionSyntax call, IMethodSymbol m)
        {
            var arg = call.ArgumentList.Arguments[0].Expression;
            if (!r.IsStreamForm(arg)) return null;
            var s = Build(arg);
            string t = s.Element;
            string ret = Display(m.ReturnType);
            // Any/All may stop at the first decisive element only when no later element can throw: known when the
            // loop is built, or checked before it from the sizes when the only throws are gathers at counters.
            string? safe = Safe;
            string stop = safe is null ? "" : safe == "true" ? $" {StopAll}" : $" if (__safe) {StopAll}";
            string guard = safe is null or "true" ? "" : $"        bool __safe = {safe};\n";
            return m.Name switch
            {
                "Sum" when t == "bool" => Method(ret, "        int __acc = 0;\n", $"            __acc += {s.Var} ? 1 : 0;\n", "        return __acc;\n", s),
                "Count" => Method(ret, "        int __acc = 0;\n", $"            __acc += {s.Var} ? 1 : 0;\n", "        return __acc;\n", s),
                "Sum" => Method(ret, $"        {t} __acc = 0;\n", $"            __acc += {s.Var};\n", "        return __acc;\n", s),
                "Any" => Method(ret, guard + "        bool __acc = false;\n", $"            if ({s.Var}) {{ __acc = true;{stop} }}\n", "        return __acc;\n", s),
                "All" => Method(ret, guard + "        bool __acc = true;\n", $"            if (!{s.Var}) {{ __acc = false;{stop} }}\n", "        return __acc;\n", s),
                "Max" or "Min" => Method(ret, $"        if (__n == 0) {Ops}.ThrowEmpty(\"{m.Name}\");\n        {t} __acc = default;\n",
                    m.Name == "Max" ? $"            if (__k == 0 || __acc < {s.Var}) __acc = {s.Var};\n" : $"            if (__k == 0 || {s.Var} < __acc) __acc = {s.Var};\n",
                    "        return __acc;\n", s),
                _ => Method(ret, $"        int __acc = 0;\n        {t} __best = default;\n",
                    m.Name == "ArgMax" ? $"            if (__k == 0 || __best < {s.Var}) {{ __best = {s.Var}; __acc = __k; }}\n"
                                       : $"            if (__k == 0 || {s.Var} < __best) {{ __best = {s.Var}; __acc = __k; }}\n",
                    "        return __acc;\n", s),
            };
        }
    }
}
