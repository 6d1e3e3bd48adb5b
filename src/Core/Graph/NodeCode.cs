using EventFrame.Execution;

namespace EventFrame.Graph;

/// <summary>Computes a Define's values for the selected entries of a chunk.</summary>
internal abstract class DefineKernel
{
    /// <summary>Writes the value of every entry of <paramref name="sel"/> into column store <paramref name="output"/>.</summary>
    public abstract void Evaluate(ChunkContext ctx, Selection sel, int output);
}

/// <summary>Evaluates a filter's predicate for the entries of a chunk that reach it.</summary>
internal abstract class FilterKernel
{
    /// <summary>Writes the entries of <paramref name="input"/> that pass, ascending, into <paramref name="output"/> and returns their number.</summary>
    public abstract int Evaluate(ChunkContext ctx, Selection input, int[] output);
}

/// <summary>The code of a Define or Filter: a typed lambda or a string expression, with the columns it reads.</summary>
internal abstract class NodeCode
{
    /// <summary>The input columns, resolved in the node's scope at booking time.</summary>
    public required ColumnDef[] Inputs { get; init; }

    /// <summary>A stable key for the node's random stream (derived from what the user wrote).</summary>
    public abstract ulong StreamKey { get; }

    public abstract string Describe(string kind, string? name);

    protected static ulong Fnv(string s)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (char c in s)
        {
            h ^= c;
            h *= 0x100000001b3UL;
        }
        return h;
    }
}

/// <summary>A typed C# lambda with the names of the columns it takes.</summary>
internal sealed class LambdaCode : NodeCode
{
    public required Delegate Function { get; init; }
    public required string[] ColumnNames { get; init; }

    public override ulong StreamKey => Fnv(string.Join(",", ColumnNames) + "|" + Function.Method.Name);

    public override string Describe(string kind, string? name)
    {
        var cols = string.Join(", ", ColumnNames.Select(c => $"\"{c}\""));
        return name is null ? $"{kind}(lambda, [{cols}])" : $"{kind}(\"{name}\", lambda, [{cols}])";
    }

    public DefineKernel CreateDefine(int[] inputs)
    {
        var types = Function.GetType().GetGenericArguments();
        var generic = Type.GetType($"EventFrame.Graph.LambdaDefine{types.Length - 1}`{types.Length}")!;
        var kernel = (DefineKernel)Activator.CreateInstance(generic.MakeGenericType(types), Function, inputs)!;
        return FourVectorDefine.Recognizes(Function) ? new FourVectorDefine(kernel, inputs) : kernel;
    }

    public FilterKernel CreateFilter(int[] inputs)
    {
        var types = Function.GetType().GetGenericArguments();
        int n = types.Length - 1;
        if (n == 0) return new LambdaFilter0((Func<bool>)Function, inputs);
        var generic = Type.GetType($"EventFrame.Graph.LambdaFilter{n}`{n}")!;
        return (FilterKernel)Activator.CreateInstance(generic.MakeGenericType(types[..n]), Function, inputs)!;
    }
}

/// <summary>A C# expression over column names, compiled with Roslyn into whole-chunk loops.</summary>
internal sealed class ExpressionCode : NodeCode
{
    /// <summary>What the user wrote.</summary>
    public required string Expression { get; init; }

    /// <summary>The expression after porting fixes (e.g. <c>30.</c> → <c>30.0</c>), as compiled.</summary>
    public required string Source { get; init; }

    /// <summary>The identifiers of the input columns as written in the expression.</summary>
    public required string[] ColumnNames { get; init; }

    /// <summary>The type of the expression's value.</summary>
    public required Type ResultType { get; init; }

    /// <summary>The SIMD translation of the expression, when it is in the vectorizable subset.</summary>
    public Expressions.VectorTranslator.Translation? Vector { get; init; }

    /// <summary>Index of the input whose per-entry Sum is the whole expression (see ExpressionCompiler), or -1.</summary>
    public int JaggedSumInput { get; init; } = -1;

    /// <summary>
    /// Defines inlined into this node's per-entry code (see <see cref="Expressions.DefineInlining"/>), in dependency
    /// order: each is a local named <see cref="Binding.Name"/> with the value of <see cref="Binding.Source"/>,
    /// evaluated once per entry before <see cref="Source"/>. Empty for a node as booked.
    /// </summary>
    public IReadOnlyList<Binding> Bindings { get; init; } = [];

    /// <summary>One inlined Define: the name the code reads it by and its compiled expression.</summary>
    public sealed record Binding(string Name, string Source);

    public override ulong StreamKey => Fnv(Expression);

    public override string Describe(string kind, string? name) =>
        name is null ? $"{kind}(\"{Expression}\")" : $"{kind}(\"{name}\", \"{Expression}\")";
}
