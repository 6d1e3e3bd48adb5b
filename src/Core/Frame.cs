using EventFrame.Data;
using EventFrame.Expressions;
using EventFrame.Graph;
using EventFrame.Histograms;
using Microsoft.CodeAnalysis.CSharp;

namespace EventFrame;

/// <summary>
/// An immutable handle on a lazy computation graph over a dataset, with ROOT RDataFrame's vocabulary.
/// Transformations (<see cref="Define(string, string)"/>, <see cref="Filter(string, string)"/>,
/// <see cref="Alias"/>, <see cref="Range(long, long, long)"/>...) return new handles that share the graph;
/// actions (<see cref="Count"/>, <see cref="Histo1D(Hist1DModel, string, string?)"/>...) return lazy
/// <see cref="Result{T}"/>s. Reading the value of any result runs one event loop that fills every result booked so
/// far on the dataset. Each Define/Filter exists as a typed lambda over named columns and as a C# expression string
/// over column names; both give identical results.
/// </summary>
public sealed partial class Frame
{
    private readonly GraphCore _graph;
    private readonly Node _node;

    private Frame(GraphCore graph, Node node)
    {
        _graph = graph;
        _node = node;
    }

    internal GraphCore Graph => _graph;
    internal Node Node => _node;

    // ---- construction --------------------------------------------------------------------------------------

    /// <summary>
    /// A dataset of <paramref name="entries"/> entries without columns, as ROOT's <c>RDataFrame(n)</c>. The built-in
    /// columns <c>rdfentry_</c> (ulong, global entry number), <c>rdfslot_</c> (uint) and <c>rdfrandom_</c>
    /// (<see cref="EntryRandom"/>, seeded from <paramref name="seed"/>, the entry and the reading node) let Defines
    /// generate reproducible data that does not depend on threads or partitions.
    /// </summary>
    /// <param name="entries">Number of entries.</param>
    /// <param name="seed">Seed of <c>rdfrandom_</c>.</param>
    /// <param name="options">Execution options (threads, chunk and partition size); <see cref="ExecutionOptions.Default"/> if null.</param>
    public static Frame Empty(long entries, ulong seed = 0, ExecutionOptions? options = null)
    {
        options ??= ExecutionOptions.Default;
        return FromSource(new EmptySource(entries, options.GeneratedPartitionSize), seed, options);
    }

    /// <summary>A dataset over any <see cref="IDataSource"/>, run with <paramref name="options"/> (<see cref="ExecutionOptions.Default"/> if null).</summary>
    public static Frame FromSource(IDataSource source, ulong seed = 0, ExecutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ExecutionOptions.Default;
        options.Validate();
        var graph = new GraphCore(source, options, seed);
        return new Frame(graph, graph.Root);
    }

    /// <summary>
    /// A dataset over arrays in memory, one per column, all of the same length: <c>T[]</c> for flat columns,
    /// <c>T[][]</c> or <c>RVec&lt;T&gt;[]</c> for vector columns, <c>string[]</c> for strings.
    /// </summary>
    public static Frame FromArrays(IReadOnlyDictionary<string, Array> columns, ExecutionOptions? options = null)
    {
        options ??= ExecutionOptions.Default;
        return FromSource(new MemorySource(columns, options.GeneratedPartitionSize), 0, options);
    }

    /// <summary>
    /// A dataset over the TTree or RNTuple named <paramref name="tree"/> (with directories: <c>dir/tree</c>) in one
    /// or more ROOT files (paths, globs or URLs), read as one dataset in the order given. Needs the
    /// EventFrame.IO assembly.
    /// </summary>
    public static Frame FromRoot(string tree, params string[] files)
    {
        if (files.Length == 0) throw new ArgumentException("no files given", nameof(files));
        return FromSpec(new DataSourceSpec("root", new Dictionary<string, string> { ["tree"] = tree, ["files"] = string.Join("\n", files) }));
    }

    /// <summary>A dataset reopened from its description (see <see cref="IDataSource.Spec"/>).</summary>
    public static Frame FromSpec(DataSourceSpec spec) => FromSource(DataSources.Open(spec));

    /// <summary>Sets how the event loops of this dataset run (threads, chunk size); applies to every handle of the dataset.</summary>
    public Frame WithOptions(ExecutionOptions options)
    {
        options.Validate();
        _graph.Options = options;
        return this;
    }

    /// <summary>Sets the number of worker threads of this dataset's event loops (1 = sequential); results do not depend on it.</summary>
    public Frame WithThreads(int threads) => WithOptions(_graph.Options with { Threads = threads });

    /// <summary>The execution options in force for this dataset.</summary>
    public ExecutionOptions Options => _graph.Options;

    /// <summary>The data source.</summary>
    public IDataSource Source => _graph.Source;

    /// <summary>Number of event loops of this dataset that completed (RDataFrame's GetNRuns); a loop that failed is not counted.</summary>
    public int RunCount => _graph.RunCount;

    /// <summary>Statistics of this dataset's last event loop (time, entries/s, read/compute split), or null before the first.</summary>
    public RunStatistics? LastRun => _graph.LastRun;

    /// <summary>The names of the columns visible from this handle (source columns, Defines and Aliases; not the built-ins).</summary>
    public IReadOnlyList<string> ColumnNames =>
        [.. _node.Scope.Keys.Where(k => !ExpressionCompiler.BuiltinColumns.Contains(k)).Order(StringComparer.Ordinal)];

    /// <summary>The names of the columns visible from this handle (RDataFrame's GetColumnNames).</summary>
    public IReadOnlyList<string> GetColumnNames() => ColumnNames;

    /// <summary>The CLR type of one entry's value of <paramref name="column"/> (e.g. <c>float</c>, <c>RVec&lt;float&gt;</c>).</summary>
    /// <exception cref="GraphBookingException">No such column.</exception>
    public Type GetColumnType(string column) => GraphCore.Resolve(_node, column, $"GetColumnType(\"{column}\")").Type;

    /// <summary>True if <paramref name="column"/> is visible from this handle.</summary>
    public bool HasColumn(string column) => _node.Scope.ContainsKey(column);

    /// <summary>A description of the path from the dataset to this handle.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        for (var n = _node; n is not null; n = n.Parent) parts.Add(n.Describe());
        parts.Reverse();
        return $"{_graph.Source.Description}: " + string.Join(" -> ", parts);
    }

    // ---- transformations -----------------------------------------------------------------------------------

    /// <summary>
    /// Defines column <paramref name="name"/> as the C# <paramref name="expression"/> over column names, e.g.
    /// <c>Define("ht", "Jet_pt.Sum()")</c> or <c>Define("good", "Jet_pt[abs(Jet_eta) &lt; 2.4]")</c>. The expression
    /// is type-checked now (its type becomes the column's type) and compiled with the rest of the graph when the loop
    /// first runs. ROOT habits are accepted: <c>30.</c>, <c>abs</c>, <c>Sum(...)</c>, element-wise <c>&amp;&amp;</c> on vectors.
    /// </summary>
    /// <exception cref="GraphBookingException">The name is taken or invalid, or the expression does not compile.</exception>
    public Frame Define(string name, string expression) => BookExpressionDefine(name, expression, redefine: false);

    /// <summary>Like <see cref="Define(string, string)"/> for a name that already exists: later nodes see the new values.</summary>
    /// <exception cref="GraphBookingException">No column of that name exists, or the expression does not compile.</exception>
    public Frame Redefine(string name, string expression) => BookExpressionDefine(name, expression, redefine: true);

    /// <summary>
    /// Keeps the entries for which the boolean C# <paramref name="expression"/> is true, e.g.
    /// <c>Filter("nMuon &gt;= 2 &amp;&amp; MET_pt &gt; 20", "two muons")</c>. Filters on one path are evaluated in booking
    /// order, each only on the entries that passed the previous ones. A named filter appears in <see cref="Report"/>.
    /// </summary>
    /// <exception cref="GraphBookingException">The expression does not compile or is not of type bool.</exception>
    public Frame Filter(string expression, string name = "")
    {
        var what = name.Length > 0 ? $"Filter(\"{name}\", \"{expression}\")" : $"Filter(\"{expression}\")";
        var analysis = ExpressionCompiler.Analyze(what, expression, GraphCore.ColumnTypes(_node));
        if (analysis.ResultType != typeof(bool))
            throw new GraphBookingException(what, $"a filter expression must be of type bool, but this one is {Columns.TypeNames.CSharpName(analysis.ResultType)}", expression);
        return Next(_graph.AddNode(new FilterNode(_graph, _node, name, CodeOf(expression, analysis))));
    }

    /// <summary>Makes <paramref name="column"/> also visible as <paramref name="alias"/>.</summary>
    /// <exception cref="GraphBookingException">The column is unknown, or the alias is taken or invalid.</exception>
    public Frame Alias(string alias, string column)
    {
        var what = $"Alias(\"{alias}\", \"{column}\")";
        CheckNewName(what, alias);
        var target = GraphCore.Resolve(_node, column, what);
        return Next(_graph.AddNode(new AliasNode(_graph, _node, alias, target)));
    }

    /// <summary>Keeps the first <paramref name="end"/> entries that reach this point (RDataFrame's <c>Range(end)</c>).</summary>
    public Frame Range(long end) => Range(0, end, 1);

    /// <summary>
    /// Keeps the entries that reach this point whose index i (0-based, counting in entry order the entries that
    /// reach it) satisfies <c>begin &lt;= i &lt; end</c> and <c>(i - begin) % stride == 0</c>; <paramref name="end"/>
    /// = 0 means no upper limit. Unlike RDataFrame, it works with any number of threads and gives the same entries
    /// as a sequential run (below a filter, at the cost of one counting pass over the filters above it).
    /// </summary>
    public Frame Range(long begin, long end, long stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfNegative(end);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        long e = end == 0 ? long.MaxValue : end;
        if (e < begin) throw new ArgumentOutOfRangeException(nameof(end), $"Range end {end} is before begin {begin}");
        return Next(_graph.AddNode(new RangeNode(_graph, _node, begin, e, stride)));
    }

    private Frame Next(Node node) => new(_graph, node);

    private void CheckNewName(string what, string name)
    {
        if (!SyntaxFacts.IsValidIdentifier(name))
            throw new GraphBookingException(what, $"'{name}' is not a valid column name (use letters, digits and _, not starting with a digit)", column: name);
        if (ExpressionCompiler.BuiltinColumns.Contains(name))
            throw new GraphBookingException(what, $"'{name}' is a built-in column and cannot be redefined", column: name);
        if (_node.Scope.ContainsKey(name))
            throw new GraphBookingException(what, $"a column named '{name}' already exists; use Redefine to replace it", column: name);
    }

    private Frame BookExpressionDefine(string name, string expression, bool redefine)
    {
        var what = $"{(redefine ? "Redefine" : "Define")}(\"{name}\", \"{expression}\")";
        if (redefine) CheckRedefine(what, name);
        else CheckNewName(what, name);
        var analysis = ExpressionCompiler.Analyze(what, expression, GraphCore.ColumnTypes(_node));
        if (analysis.ResultType == typeof(void))
            throw new GraphBookingException(what, "the expression has no value", expression);
        var node = _graph.AddNode(new DefineNode(_graph, _node, name, analysis.ResultType, CodeOf(expression, analysis), redefine));
        return Next(node);
    }

    private ExpressionCode CodeOf(string expression, ExpressionCompiler.Analysis analysis) => new()
    {
        Expression = expression,
        Source = analysis.Source,
        ColumnNames = analysis.ColumnNames,
        ResultType = analysis.ResultType,
        Vector = analysis.Vector,
        JaggedSumInput = analysis.JaggedSumInput,
        Inputs = [.. analysis.ColumnNames.Select(c => _node.Scope[c])],
    };

    private void CheckRedefine(string what, string name)
    {
        if (ExpressionCompiler.BuiltinColumns.Contains(name))
            throw new GraphBookingException(what, $"'{name}' is a built-in column and cannot be redefined", column: name);
        if (!_node.Scope.ContainsKey(name))
            throw new GraphBookingException(what, $"there is no column '{name}' to redefine; use Define", column: name);
    }

    private Frame BookLambdaDefine(string name, Delegate function, string[] columns, bool redefine)
    {
        var what = $"{(redefine ? "Redefine" : "Define")}(\"{name}\", lambda, [{string.Join(", ", columns.Select(c => $"\"{c}\""))}])";
        ArgumentNullException.ThrowIfNull(function);
        if (redefine) CheckRedefine(what, name);
        else CheckNewName(what, name);
        var types = function.GetType().GetGenericArguments();
        var inputs = ResolveLambdaInputs(what, types[..^1], columns);
        var code = new LambdaCode { Function = function, ColumnNames = columns, Inputs = inputs };
        var node = _graph.AddNode(new DefineNode(_graph, _node, name, types[^1], code, redefine));
        return Next(node);
    }

    private Frame BookLambdaFilter(Delegate function, string[] columns, string name)
    {
        var what = $"Filter({(name.Length > 0 ? $"\"{name}\", " : "")}lambda, [{string.Join(", ", columns.Select(c => $"\"{c}\""))}])";
        ArgumentNullException.ThrowIfNull(function);
        var types = function.GetType().GetGenericArguments();
        var inputs = ResolveLambdaInputs(what, types[..^1], columns);
        var code = new LambdaCode { Function = function, ColumnNames = columns, Inputs = inputs };
        return Next(_graph.AddNode(new FilterNode(_graph, _node, name, code)));
    }

    private ColumnDef[] ResolveLambdaInputs(string what, Type[] parameterTypes, string[] columns)
    {
        if (parameterTypes.Length != columns.Length)
            throw new GraphBookingException(what, $"the lambda takes {parameterTypes.Length} argument(s) but {columns.Length} column(s) were named");
        var inputs = new ColumnDef[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            var c = GraphCore.Resolve(_node, columns[i], what);
            if (c.Type != parameterTypes[i])
                throw new GraphBookingException(what,
                    $"lambda parameter {i + 1} is {Columns.TypeNames.CSharpName(parameterTypes[i])} but column '{columns[i]}' is {Columns.TypeNames.CSharpName(c.Type)}", column: columns[i]);
            inputs[i] = c;
        }
        return inputs;
    }
}

