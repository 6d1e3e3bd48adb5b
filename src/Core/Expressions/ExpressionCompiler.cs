using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using EventFrame.Columns;
using EventFrame.Execution;
using EventFrame.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventFrame.Expressions;

/// <summary>
/// Turns string expressions over column names into code. At booking, <see cref="Analyze"/> type-checks one
/// expression against the columns in scope (so errors surface at the <c>Define</c>/<c>Filter</c> call); at the
/// start of a run, <see cref="CompileKernels"/> compiles every expression of the graph into whole-chunk loops
/// (one Roslyn compilation per distinct graph, cached), loaded into a collectible context.
/// </summary>
internal static partial class ExpressionCompiler
{
    /// <summary>Namespaces and static classes every expression sees.</summary>
    internal const string Usings =
        "using System;\nusing System.Linq;\nusing EventFrame;\nusing static EventFrame.VecOps;\n";

    private static readonly Lazy<CSharpCompilation> s_base = new(CreateBaseCompilation);
    private static readonly ConcurrentDictionary<string, MetadataReference> s_extraReferences = new();
    private static readonly ConcurrentDictionary<string, Dictionary<string, MethodInfo>> s_kernelCache = new();
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Preview);

    /// <summary>
    /// The result of analysing one expression. <c>ElementWiseLogicals</c>: the spans (in the preprocessed expression)
    /// of its <c>&amp;&amp;</c> and <c>||</c> that are RVec masks' element-wise operators, which evaluate both sides.
    /// </summary>
    internal sealed record Analysis(string Source, string[] ColumnNames, Type ResultType, VectorTranslator.Translation? Vector, int JaggedSumInput = -1,
                                    IReadOnlySet<(int Start, int Length)>? ElementWiseLogicals = null);

    /// <summary>Built-in columns, visible in every scope.</summary>
    internal static readonly string[] BuiltinColumns = ["rdfentry_", "rdfslot_", "rdfrandom_"];

    /// <summary>
    /// Parses and type-checks <paramref name="expression"/> with the columns of <paramref name="columnTypes"/> as
    /// variables; returns the columns it uses and its type. Throws <see cref="GraphBookingException"/> naming
    /// <paramref name="node"/> on any error.
    /// </summary>
    public static Analysis Analyze(string node, string expression, IReadOnlyDictionary<string, Type> columnTypes)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw new GraphBookingException(node, "the expression is empty", expression);
        string source = Preprocess(expression, columnTypes);
        var parsed = SyntaxFactory.ParseExpression(source, options: s_parse);
        var parseErrors = parsed.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (parseErrors.Count > 0 || parsed.FullSpan.Length < source.Length)
        {
            var msg = parseErrors.Count > 0 ? string.Join("; ", parseErrors.Select(d => d.GetMessage())) : "unexpected text after the expression";
            throw new GraphBookingException(node, $"the expression does not parse: {msg}", expression);
        }

        var used = UsedColumns(parsed, columnTypes);
        var key = source + "\u0001" + string.Join(",", used.Select(c => c + ":" + columnTypes[c].AssemblyQualifiedName));
        if (s_analysisCache.TryGetValue(key, out var cached)) return cached;
        var result = AnalyzeUncached(node, expression, source, used, columnTypes);
        s_analysisCache.TryAdd(key, result);
        return result;
    }

    private static readonly ConcurrentDictionary<string, Analysis> s_analysisCache = new();

    private static Analysis AnalyzeUncached(string node, string expression, string source, List<string> used, IReadOnlyDictionary<string, Type> columnTypes)
    {
        var (model, start) = Probe(source, "", used, columnTypes);
        var tree = model.SyntaxTree;
        var errors = model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var described = string.Join("; ", errors.Select(d => DescribeDiagnostic(d, start, source.Length)));
            var unknown = errors.Where(d => d.Id == "CS0103").Select(d => d.GetMessage()).FirstOrDefault();
            string? column = null;
            if (unknown is not null)
            {
                var m = Regex.Match(unknown, "'([^']+)'");
                if (m.Success) column = m.Groups[1].Value;
            }
            var known = column is null ? "" : $"; unknown column or function '{column}' (columns: {string.Join(", ", columnTypes.Keys.Where(k => !BuiltinColumns.Contains(k)).Order().Take(40))})";
            throw new GraphBookingException(node, $"the expression does not compile: {described}{known}", expression, column);
        }
        var init = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First(v => v.Identifier.Text == "__r").Initializer!.Value;
        var typeSymbol = model.GetTypeInfo(init).Type;
        if (typeSymbol is null || typeSymbol.TypeKind == TypeKind.Error)
            throw new GraphBookingException(node, "the type of the expression could not be determined", expression);
        var type = ToClrType(typeSymbol)
            ?? throw new GraphBookingException(node, $"the expression's type {typeSymbol.ToDisplayString()} cannot be a column type (anonymous or not loaded)", expression);
        var vector = VectorTranslator.Translate(init, model, used, columnTypes);
        var elementWise = init.DescendantNodesAndSelf().OfType<BinaryExpressionSyntax>()
            .Where(b => b.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression
                        && model.GetSymbolInfo(b).Symbol is IMethodSymbol op && IsRVecOperator(op))
            .Select(b => (b.SpanStart - start, b.Span.Length)).ToHashSet();
        return new Analysis(Fused(init, model, source, used, columnTypes, type), [.. used], type, vector, JaggedSumInput(init, model, used, columnTypes, type), elementWise);
    }

    /// <summary>True for an operator declared by EventFrame's <c>RVecOperators</c> (the element-wise RVec operators).</summary>
    internal static bool IsRVecOperator(IMethodSymbol m)
    {
        for (var t = m.ContainingType; t is not null; t = t.ContainingType)
            if (t.Name == "RVecOperators" && t.ContainingNamespace?.ToDisplayString() == "EventFrame") return true;
        return false;
    }

    /// <summary>
    /// A semantic model of <paramref name="source"/> as the initializer of a local in a method whose parameters are
    /// the used columns, with <paramref name="members"/> (generated methods) next to it; and where the source starts.
    /// </summary>
    private static (SemanticModel Model, int Start) Probe(string source, string members, List<string> used, IReadOnlyDictionary<string, Type> columnTypes)
    {
        var code = new StringBuilder(Usings);
        code.Append("internal static class __Probe {\n  static void __P(");
        // Generated methods take the arena of the kernel that calls them.
        var parameters = used.Select(c => $"{TypeNames.CSharpName(columnTypes[c], true)} @{c}");
        if (members.Length > 0) parameters = parameters.Prepend($"{Fusion.ArenaType} {Fusion.ArenaName}");
        code.Append(string.Join(", ", parameters));
        code.Append(") {\n    var __r = (\n");
        int start = code.Length;
        code.Append(source);
        code.Append("\n    );\n  }\n").Append(members).Append("}\n");
        var tree = CSharpSyntaxTree.ParseText(code.ToString(), s_parse);
        var compilation = s_base.Value.AddReferences(ReferencesFor(columnTypes.Where(kv => used.Contains(kv.Key)).Select(kv => kv.Value))).AddSyntaxTrees(tree);
        return (compilation.GetSemanticModel(tree), start);
    }

    /// <summary>
    /// The source to compile: <paramref name="source"/> with its RVec operation chains fused into generated loops
    /// (see <see cref="Fusion"/>) when the rewrite type-checks to the same type, else <paramref name="source"/>.
    /// </summary>
    private static string Fused(ExpressionSyntax init, SemanticModel model, string source, List<string> used, IReadOnlyDictionary<string, Type> columnTypes, Type type)
    {
        // init is the probe's own parenthesized wrapper around the source.
        if (init is not ParenthesizedExpressionSyntax wrapper) return source;
        Fusion.Result? fused;
        try
        {
            fused = Fusion.Rewrite(wrapper.Expression, model);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException or KeyNotFoundException)
        {
            // Fusion is an optimisation: a form it mishandles is compiled as written.
            return source;
        }
        if (fused is null) return source;
        var (check, _) = Probe(fused.Source, Fusion.Code(fused), used, columnTypes);
        if (check.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return source;
        var value = check.SyntaxTree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First(v => v.Identifier.Text == "__r").Initializer!.Value;
        if (check.GetTypeInfo(value).Type is not { } t || ToClrType(t) != type) return source;
        Fusion.Register(fused);
        return fused.Source;
    }

    /// <summary>
    /// Recognises <c>x.Sum()</c> and <c>Sum(x)</c> of a vector column x whose value is the element type: over a
    /// dense chunk of a source column, these run as one kernel over offsets and values (same sequential sums).
    /// Returns the index of x among the used columns, or -1.
    /// </summary>
    private static int JaggedSumInput(ExpressionSyntax init, SemanticModel model, List<string> used, IReadOnlyDictionary<string, Type> columnTypes, Type resultType)
    {
        var e = init;
        while (e is ParenthesizedExpressionSyntax p) e = p.Expression;
        if (e is not InvocationExpressionSyntax call || model.GetSymbolInfo(call).Symbol is not IMethodSymbol method) return -1;
        if (method.Name != "Sum") return -1;
        ExpressionSyntax? argument = null;
        if (call.Expression is MemberAccessExpressionSyntax ma && call.ArgumentList.Arguments.Count == 0 && !method.IsStatic) argument = ma.Expression;
        else if (call.ArgumentList.Arguments.Count == 1 && method.IsStatic && method.ContainingType.ToDisplayString() == "EventFrame.VecOps") argument = call.ArgumentList.Arguments[0].Expression;
        else if (call.Expression is MemberAccessExpressionSyntax ext && call.ArgumentList.Arguments.Count == 0 && method.IsExtensionMethod) argument = ext.Expression;
        while (argument is ParenthesizedExpressionSyntax p2) argument = p2.Expression;
        if (argument is not IdentifierNameSyntax id || model.GetSymbolInfo(id).Symbol is not IParameterSymbol) return -1;
        int index = used.IndexOf(id.Identifier.ValueText);
        if (index < 0) return -1;
        var t = columnTypes[used[index]];
        if (!t.IsGenericType || t.GetGenericTypeDefinition() != typeof(RVec<>)) return -1;
        var element = t.GetGenericArguments()[0];
        bool numeric = element == typeof(float) || element == typeof(double) || element == typeof(int) || element == typeof(long)
            || element == typeof(uint) || element == typeof(ulong) || element == typeof(short) || element == typeof(ushort) || element == typeof(byte) || element == typeof(sbyte);
        return numeric && element == resultType ? index : -1;
    }

    private static string DescribeDiagnostic(Diagnostic d, int start, int length)
    {
        var span = d.Location.SourceSpan;
        var msg = d.GetMessage();
        if (span.Start >= start && span.Start <= start + length)
            return $"{msg} (at character {span.Start - start + 1})";
        return msg;
    }

    [GeneratedRegex(@"(?<![\w.])(\d+)\.([fF])\b")]
    private static partial Regex TrailingDotFloat();

    [GeneratedRegex(@"(?<![\w.])(\d+)\.(?![\w])")]
    private static partial Regex TrailingDot();

    /// <summary>
    /// Porting fixes for expressions written for ROOT: <c>30.</c> → <c>30.0</c>, <c>1.f</c> → <c>1.0f</c>, and
    /// columns whose names are C# keywords (<c>event</c>) → verbatim identifiers (<c>@event</c>).
    /// </summary>
    internal static string Preprocess(string expression, IReadOnlyDictionary<string, Type> columns)
    {
        var sb = new StringBuilder();
        // Only touch text outside string and character literals.
        int i = 0;
        while (i < expression.Length)
        {
            char c = expression[i];
            if (c == '"' || c == '\'')
            {
                int j = i + 1;
                while (j < expression.Length && expression[j] != c)
                {
                    if (expression[j] == '\\') j++;
                    j++;
                }
                j = Math.Min(j + 1, expression.Length);
                sb.Append(expression, i, j - i);
                i = j;
                continue;
            }
            int k = i;
            while (k < expression.Length && expression[k] != '"' && expression[k] != '\'') k++;
            var part = expression[i..k];
            part = TrailingDotFloat().Replace(part, "$1.0$2");
            part = TrailingDot().Replace(part, "$1.0");
            sb.Append(part);
            i = k;
        }
        var text = sb.ToString();
        // Keywords that name columns become verbatim identifiers.
        var tokens = SyntaxFactory.ParseTokens(text).ToList();
        var result = new StringBuilder();
        foreach (var token in tokens)
        {
            result.Append(token.LeadingTrivia.ToFullString());
            if (SyntaxFacts.IsReservedKeyword(token.Kind()) && columns.ContainsKey(token.Text) && !s_expressionKeywords.Contains(token.Text))
                result.Append('@').Append(token.Text);
            else
                result.Append(token.Text);
            result.Append(token.TrailingTrivia.ToFullString());
        }
        return result.ToString();
    }

    private static readonly HashSet<string> s_expressionKeywords =
    [
        "true", "false", "null", "new", "typeof", "sizeof", "default", "checked", "unchecked", "is", "as",
        "bool", "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double", "decimal",
        "char", "string", "object", "stackalloc", "this", "base",
    ];

    /// <summary>The column names an expression refers to, in order of first use.</summary>
    private static List<string> UsedColumns(ExpressionSyntax expression, IReadOnlyDictionary<string, Type> columns)
    {
        var lambdaParameters = new HashSet<string>(expression.DescendantNodesAndSelf().OfType<ParameterSyntax>().Select(p => p.Identifier.ValueText));
        var used = new List<string>();
        foreach (var id in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (id.Parent is MemberAccessExpressionSyntax ma && ma.Name == id) continue;
            if (id.Parent is NameColonSyntax) continue;
            if (id.Parent is InvocationExpressionSyntax inv && inv.Expression == id && !columns.ContainsKey(id.Identifier.ValueText)) continue;
            var name = id.Identifier.ValueText;
            if (lambdaParameters.Contains(name)) continue;
            if (columns.ContainsKey(name) && !used.Contains(name)) used.Add(name);
        }
        return used;
    }

    private static CSharpCompilation CreateBaseCompilation()
    {
        var references = new List<MetadataReference>();
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Runtime", "System.Private.CoreLib", "System.Linq", "System.Collections", "System.Runtime.Intrinsics",
            "System.Numerics.Vectors", "System.Memory", "System.Runtime.Numerics", "netstandard", "System.Console",
            "System.Collections.Immutable", "System.Numerics.Tensors",
        };
        foreach (var path in tpa)
            if (wanted.Contains(Path.GetFileNameWithoutExtension(path)))
                references.Add(MetadataReference.CreateFromFile(path));
        var core = typeof(ExpressionCompiler).Assembly.Location;
        if (core.Length > 0) references.Add(MetadataReference.CreateFromFile(core));
        return CSharpCompilation.Create("EventFrameExpressions", references: references,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable,
                concurrentBuild: false));
    }

    /// <summary>References to the assemblies that define <paramref name="types"/> (user types used as columns).</summary>
    private static IEnumerable<MetadataReference> ReferencesFor(IEnumerable<Type> types)
    {
        foreach (var type in types)
            foreach (var assembly in AssembliesOf(type))
            {
                if (assembly == typeof(ExpressionCompiler).Assembly || assembly == typeof(object).Assembly || assembly.IsDynamic || assembly.Location.Length == 0) continue;
                yield return s_extraReferences.GetOrAdd(assembly.Location, p => MetadataReference.CreateFromFile(p));
            }
    }

    private static IEnumerable<Assembly> AssembliesOf(Type type)
    {
        yield return type.Assembly;
        if (type.IsGenericType)
            foreach (var a in type.GetGenericArguments())
                foreach (var asm in AssembliesOf(a))
                    yield return asm;
        if (type.HasElementType)
            foreach (var asm in AssembliesOf(type.GetElementType()!))
                yield return asm;
    }

    /// <summary>Maps a Roslyn type to the loaded CLR type, or null if it cannot be.</summary>
    private static Type? ToClrType(ITypeSymbol symbol)
    {
        switch (symbol)
        {
            case IArrayTypeSymbol array:
                var element = ToClrType(array.ElementType);
                return element is null ? null : array.Rank == 1 ? element.MakeArrayType() : element.MakeArrayType(array.Rank);
            case INamedTypeSymbol named:
                if (named.IsAnonymousType) return null;
                if (named.IsTupleType && named.TupleUnderlyingType is { } underlying) named = underlying;
                var definition = named.IsGenericType ? named.ConstructedFrom : named;
                var metadataName = MetadataName(definition);
                Type? type = null;
                foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (assembly.GetName().Name != definition.ContainingAssembly?.Identity.Name && definition.ContainingAssembly?.Identity.Name is not ("System.Runtime" or "netstandard")) continue;
                    type = assembly.GetType(metadataName, throwOnError: false);
                    if (type is not null) break;
                }
                type ??= Type.GetType(metadataName + ", " + definition.ContainingAssembly?.Identity.Name, throwOnError: false);
                if (type is null) return null;
                if (!named.IsGenericType) return type;
                var args = new List<Type>();
                foreach (var a in named.TypeArguments)
                {
                    var t = ToClrType(a);
                    if (t is null) return null;
                    args.Add(t);
                }
                return type.MakeGenericType([.. args]);
            default:
                return null;
        }
    }

    private static string MetadataName(INamedTypeSymbol symbol)
    {
        if (symbol.ContainingType is { } outer) return MetadataName(outer) + "+" + symbol.MetadataName;
        var ns = symbol.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? symbol.MetadataName : ns.ToDisplayString() + "." + symbol.MetadataName;
    }

    /// <summary>One expression node to compile into a kernel.</summary>
    internal sealed record KernelRequest(string MethodName, bool IsFilter, ExpressionCode Code, int[] InputSlots, bool[] InputIsJaggedSource, Type[] InputTypes);

    /// <summary>
    /// Generates and compiles one static method per request (whole-chunk loops) and returns them by method name.
    /// Identical graphs reuse the compiled assembly.
    /// </summary>
    public static Dictionary<string, MethodInfo> CompileKernels(IReadOnlyList<KernelRequest> requests)
    {
        if (requests.Count == 0) return [];
        var source = GenerateSource(requests);
        return s_kernelCache.GetOrAdd(source, src => Compile(src, requests));
    }

    private static Dictionary<string, MethodInfo> Compile(string source, IReadOnlyList<KernelRequest> requests)
    {
        var tree = CSharpSyntaxTree.ParseText(source, s_parse);
        var compilation = s_base.Value
            .WithAssemblyName("EventFrameKernels_" + Guid.NewGuid().ToString("N"))
            .AddReferences(ReferencesFor(requests.SelectMany(r => r.InputTypes).Concat(requests.Select(r => r.Code.ResultType))))
            .AddSyntaxTrees(tree);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(d =>
            {
                var line = d.Location.GetLineSpan().StartLinePosition.Line;
                var lines = source.Split('\n');
                var method = "?";
                for (int l = Math.Min(line, lines.Length - 1); l >= 0; l--)
                {
                    var m = Regex.Match(lines[l], "// node: (.*)$");
                    if (m.Success) { method = m.Groups[1].Value; break; }
                }
                return $"{method}: {d.GetMessage()}";
            });
            throw new InvalidOperationException("compiling the graph's expressions failed:\n" + string.Join("\n", errors));
        }
        stream.Position = 0;
        var context = new AssemblyLoadContext("EventFrameKernels", isCollectible: true);
        var assembly = context.LoadFromStream(stream);
        var type = assembly.GetType("__EventFrameKernels")!;
        return requests.ToDictionary(r => r.MethodName, r => type.GetMethod(r.MethodName, BindingFlags.Public | BindingFlags.Static)!);
    }

    /// <summary>The chunk-wide form of a Define request whose inputs are all jagged source columns, or null.</summary>
    private static Fusion.ChunkForm? ChunkFormOf(KernelRequest r)
    {
        if (r.IsFilter || r.Code.Bindings.Count > 0 || Fusion.ChunkFormOf(r.Code.Source) is not { } form) return null;
        foreach (var column in form.Columns)
        {
            int index = Array.IndexOf(r.Code.ColumnNames, column);
            // Singly jagged only: a vector-of-vectors source is read through another buffer type.
            if (index < 0 || !r.InputIsJaggedSource[index] || r.InputTypes[index].GetGenericArguments()[0].IsGenericType) return null;
        }
        return form;
    }

    private static string GenerateSource(IReadOnlyList<KernelRequest> requests)
    {
        var sb = new StringBuilder(Usings);
        sb.Append("using EventFrame.Execution;\nusing System.Runtime.Intrinsics;\n");
        sb.Append("public static class __EventFrameKernels\n{\n");
        foreach (var helper in requests.SelectMany(r => r.Code.Bindings.Select(b => b.Source).Append(r.Code.Source)).SelectMany(Fusion.HelpersOf).Distinct())
            sb.Append(helper);
        foreach (var chunk in requests.Select(ChunkFormOf).OfType<Fusion.ChunkForm>().DistinctBy(c => c.Name)) sb.Append(chunk.Code);
        foreach (var r in requests)
        {
            sb.Append($"    // node: {r.Code.Describe(r.IsFilter ? "Filter" : "Define", null).Replace('\n', ' ')}\n");
            if (r.IsFilter)
                sb.Append($"    public static int {r.MethodName}(ChunkContext __ctx, Selection __sel, int[] __out)\n    {{\n");
            else
                sb.Append($"    public static void {r.MethodName}(ChunkContext __ctx, Selection __sel, int __output)\n    {{\n");
            if (r.Code.Bindings.Select(b => b.Source).Append(r.Code.Source).Any(Fusion.CallsHelpers))
                sb.Append($"        var {Fusion.ArenaName} = global::EventFrame.FusedVecOps.Arena();\n");
            if (!r.IsFilter && r.Code.JaggedSumInput >= 0 && r.InputIsJaggedSource[r.Code.JaggedSumInput])
            {
                // A whole dense chunk of a source vector column: one kernel over offsets and values, no per-entry views.
                int j = r.Code.JaggedSumInput;
                var element = TypeNames.CSharpName(r.Code.ResultType, true);
                sb.Append($"        if (__sel.Dense)\n        {{\n            var __jb = __ctx.Jagged<{element}>({r.InputSlots[j]});\n");
                sb.Append($"            JaggedKernels.Sum<{element}>(__jb.Offsets, __jb.Values, __ctx.Output<{element}>(__output));\n            return;\n        }}\n");
            }
            if (ChunkFormOf(r) is { } form)
            {
                // Every input is a jagged source column: when they share offsets, one call runs the fused element
                // loop over the chunk's flat values (no per-entry views of the inputs, no per-entry call).
                var inputs = form.Columns.Select(c => Array.IndexOf(r.Code.ColumnNames, c)).ToList();
                sb.Append("        {\n");
                for (int k = 0; k < inputs.Count; k++)
                    sb.Append($"            var __j{k} = __ctx.Jagged<{TypeNames.CSharpName(r.InputTypes[inputs[k]].GetGenericArguments()[0], true)}>({r.InputSlots[inputs[k]]});\n");
                var fits = inputs.Select((_, k) => $"global::EventFrame.FusedVecOps.Fits(__j{k}.Offsets, __j{k}.Values.Length)")
                    .Concat(inputs.Skip(1).Select((_, k) => $"global::EventFrame.FusedVecOps.SameOffsets(__j0.Offsets, __j{k + 1}.Offsets)"));
                sb.Append($"            if ({string.Join(" && ", fits)})\n            {{\n");
                sb.Append($"                {form.Name}(__sel, __j0.Offsets, {string.Join(", ", inputs.Select((_, k) => $"__j{k}.Values"))}, ");
                sb.Append($"__ctx.Output<global::EventFrame.RVec<{form.Element}>>(__output));\n                return;\n            }}\n        }}\n");
            }
            // Jagged source inputs are read as views made from the raw offsets as each selected entry is read, not
            // as a stored view per entry of the chunk; when some offsets do not fit their values, every input is read
            // the stored way (which reports the bad offsets).
            var raw = Enumerable.Range(0, r.InputSlots.Length).Where(c => r.Code.Vector is null && r.InputIsJaggedSource[c]
                && !r.InputTypes[c].GetGenericArguments()[0].IsGenericType).ToList();
            foreach (int c in raw)
            {
                var element = TypeNames.CSharpName(r.InputTypes[c].GetGenericArguments()[0], true);
                sb.Append($"        var __jb{c} = __ctx.Jagged<{element}>({r.InputSlots[c]});\n");
                sb.Append($"        global::System.ReadOnlySpan<int> __jo{c} = __jb{c}.Offsets;\n        {element}[] __ja{c} = __jb{c}.ValueArray;\n        int __jv{c} = __jb{c}.ValueArrayOffset;\n");
            }
            if (raw.Count > 0)
                sb.Append($"        bool __raw = {string.Join(" && ", raw.Select(c => $"global::EventFrame.FusedVecOps.Fits(__jo{c}, __jb{c}.Values.Length)"))};\n");
            for (int c = 0; c < r.InputSlots.Length; c++)
            {
                var type = TypeNames.CSharpName(r.InputTypes[c], true);
                sb.Append(raw.Contains(c)
                    ? $"        global::System.ReadOnlySpan<{type}> __s{c} = __raw ? default : __ctx.Values<{type}>({r.InputSlots[c]}, __sel);\n"
                    : $"        var __s{c} = __ctx.Values<{type}>({r.InputSlots[c]});\n");
            }
            if (!r.IsFilter)
                sb.Append($"        var __o = __ctx.Output<{TypeNames.CSharpName(r.Code.ResultType, true)}>(__output);\n");
            else
                sb.Append("        int __k = 0;\n");
            // The per-entry body, the same in the dense tail loop and the sparse loop: __i is the entry in the chunk.
            var body = new StringBuilder();
            for (int c = 0; c < r.InputSlots.Length; c++)
                body.Append(raw.Contains(c)
                    ? $"                var @{r.Code.ColumnNames[c]} = __raw ? global::EventFrame.FusedVecOps.View(__ja{c}, __jv{c} + __jo{c}[__i], __jo{c}[__i + 1] - __jo{c}[__i]) : __s{c}[__i];\n"
                    : $"                var @{r.Code.ColumnNames[c]} = __s{c}[__i];\n");
            // Inlined Defines: locals computed once per entry, in dependency order, before the expression.
            foreach (var b in r.Code.Bindings)
                body.Append($"                var @{b.Name} = ({b.Source}\n                );\n");
            if (r.IsFilter)
                body.Append($"                __out[__k] = __i;\n                __k += ({r.Code.Source}\n                ) ? 1 : 0;\n");
            else
                body.Append($"                __o[__i] = ({r.Code.Source}\n                );\n");
            sb.Append("        if (__sel.Dense)\n        {\n            int __n = __sel.Count;\n            int __i = 0;\n");
            if (r.Code.Vector is { } vector && (r.IsFilter || r.Code.ResultType == vector.Element))
            {
                var t = TypeNames.CSharpName(vector.Element);
                foreach (var width in new[] { "Vector512", "Vector256" })
                {
                    sb.Append($"            {(width == "Vector512" ? "if" : "else if")} ({width}.IsHardwareAccelerated)\n            {{\n");
                    for (int c = 0; c < r.InputSlots.Length; c++)
                        sb.Append($"                ref {t} __r{c} = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(__s{c});\n");
                    if (!r.IsFilter) sb.Append($"                ref {t} __ro = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(__o);\n");
                    sb.Append($"                for (; __i <= __n - {width}<{t}>.Count; __i += {width}<{t}>.Count)\n                {{\n");
                    for (int c = 0; c < r.InputSlots.Length; c++)
                        sb.Append($"                    var __v{c} = {width}.LoadUnsafe(ref __r{c}, (nuint)__i);\n");
                    sb.Append($"                    var __m = {vector.Template.Replace("{V}", width)};\n");
                    if (r.IsFilter) sb.Append("                    __k = VectorSelection.Append(__m, __i, __out, __k);\n");
                    else sb.Append($"                    {width}.StoreUnsafe(__m, ref __ro, (nuint)__i);\n");
                    sb.Append("                }\n            }\n");
                }
            }
            sb.Append("            for (; __i < __n; __i++)\n            {\n").Append(body);
            sb.Append("            }\n        }\n        else\n        {\n            foreach (int __i in __sel.Indices)\n            {\n").Append(body);
            sb.Append("            }\n        }\n");
            if (r.IsFilter) sb.Append("        return __k;\n");
            sb.Append("    }\n\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }
}
