using EventFrame.Execution;
using EventFrame.Graph;
using EventFrame.Histograms;

namespace EventFrame;

public sealed partial class Frame
{
    /// <summary>Number of entries that reach this point (lazy).</summary>
    public Result<long> Count() => Book(new CountAction { At = _node, Inputs = [], Description = $"Count() at {Where}" }).Typed;

    /// <summary>Sum of <paramref name="column"/> over the entries that reach this point, in double; a vector column adds every element.</summary>
    public Result<double> Sum(string column) => Stat(StatKind.Sum, column);

    /// <summary>Arithmetic mean of <paramref name="column"/> (vector columns: of every element); NaN when there is no value.</summary>
    public Result<double> Mean(string column) => Stat(StatKind.Mean, column);

    /// <summary>Sample standard deviation (divisor n − 1) of <paramref name="column"/>, as RDataFrame's StdDev; 0 for fewer than two values.</summary>
    public Result<double> StdDev(string column) => Stat(StatKind.StdDev, column);

    /// <summary>Minimum of <paramref name="column"/> (every element of vectors); +∞ when there is no value, NaN if any value is NaN.</summary>
    public Result<double> Min(string column) => Stat(StatKind.Min, column);

    /// <summary>Maximum of <paramref name="column"/> (every element of vectors); −∞ when there is no value, NaN if any value is NaN.</summary>
    public Result<double> Max(string column) => Stat(StatKind.Max, column);

    /// <summary>The values of <paramref name="column"/> for every entry that reaches this point, in entry order (vectors are copied).</summary>
    /// <typeparam name="T">The column's type, e.g. <c>float</c> or <c>RVec&lt;float&gt;</c>; must match exactly.</typeparam>
    public Result<List<T>> Take<T>(string column)
    {
        var what = $"Take<{Columns.TypeNames.CSharpName(typeof(T))}>(\"{column}\")";
        var c = Input(what, column, typeof(T));
        return Book(new TakeAction<T> { At = _node, Inputs = [c], Description = $"{what} at {Where}" }).Typed;
    }

    /// <summary>
    /// Folds <paramref name="aggregator"/> over the values of <paramref name="column"/> of the entries that reach this
    /// point, starting each partition from <paramref name="identity"/>, and combines the partitions' results in
    /// partition order with <paramref name="merger"/> (RDataFrame's Aggregate). The result is independent of the number
    /// of threads if <paramref name="merger"/> is associative.
    /// </summary>
    public Result<TAcc> Aggregate<T, TAcc>(Func<TAcc, T, TAcc> aggregator, Func<TAcc, TAcc, TAcc> merger, string column, TAcc identity = default!)
    {
        var what = $"Aggregate(\"{column}\")";
        var c = Input(what, column, typeof(T));
        return Book(new AggregateAction<T, TAcc>
        {
            At = _node, Inputs = [c], Description = $"{what} at {Where}",
            Aggregator = aggregator, Merger = merger, Identity = () => identity,
        }).Typed;
    }

    /// <summary>Reduces the values of <paramref name="column"/> with the associative <paramref name="reducer"/>, starting from <paramref name="identity"/> (RDataFrame's Reduce).</summary>
    public Result<T> Reduce<T>(Func<T, T, T> reducer, string column, T identity = default!) => Aggregate(reducer, reducer, column, identity);

    /// <summary>
    /// The cut-flow of the named filters: those on the path to this point, or, on a handle with no filter above it
    /// (the dataset itself, possibly after Defines), every named filter booked on the dataset so far (evaluated even
    /// if no other action needs them).
    /// </summary>
    public Result<CutflowReport> Report()
    {
        List<FilterNode> filters;
        if (_node.OutputSelection is null)
        {
            filters = [.. _graph.Nodes.OfType<FilterNode>().Where(f => f.Name.Length > 0).OrderBy(f => f.Id)];
        }
        else
        {
            filters = [];
            for (var s = _node.OutputSelection; s is not null; s = s.Selection)
                if (s is FilterNode f && f.Name.Length > 0) filters.Add(f);
            filters.Reverse();
        }
        return Book(new ReportAction { At = _node, Inputs = [], Description = $"Report() at {Where}", Filters = filters }).Typed;
    }

    /// <summary>
    /// Fills a 1D histogram made from <paramref name="model"/> with <paramref name="column"/> (every element of a
    /// vector column), weighted by <paramref name="weight"/> if given (a scalar weight applies to every element of
    /// its entry; a vector weight must match the vector's length).
    /// </summary>
    public Result<Hist1D> Histo1D(Hist1DModel model, string column, string? weight = null)
    {
        var what = $"Histo1D(\"{model.Name}\", \"{column}\"{(weight is null ? "" : $", \"{weight}\"")})";
        var inputs = NumericInputs(what, weight is null ? [column] : [column, weight]);
        CheckVectorWeight(what, inputs);
        return Book(new Histo1DAction { At = _node, Inputs = inputs, Description = $"{what} at {Where}", Model = model }).Typed;
    }

    /// <summary>Fills a 2D histogram with (x, y) (vectors element-wise, scalars broadcast), weighted by <paramref name="weight"/> if given.</summary>
    public Result<Hist2D> Histo2D(Hist2DModel model, string x, string y, string? weight = null)
    {
        var what = $"Histo2D(\"{model.Name}\", \"{x}\", \"{y}\"{(weight is null ? "" : $", \"{weight}\"")})";
        var inputs = NumericInputs(what, weight is null ? [x, y] : [x, y, weight]);
        CheckVectorWeight(what, inputs);
        return Book(new MultiHistAction<Hist2D>
        {
            At = _node, Inputs = inputs, Description = $"{what} at {Where}", Create = model.Create, Import = json => Hist2D.FromUhiJson(json),
            FillAll = weight is null ? static (h, v, n) => h.Fill<double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n))
                                     : static (h, v, n) => h.Fill<double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n)),
        }).Typed;
    }

    /// <summary>Fills a 3D histogram with (x, y, z) (vectors element-wise, scalars broadcast), weighted by <paramref name="weight"/> if given.</summary>
    public Result<Hist3D> Histo3D(Hist3DModel model, string x, string y, string z, string? weight = null)
    {
        var what = $"Histo3D(\"{model.Name}\", \"{x}\", \"{y}\", \"{z}\"{(weight is null ? "" : $", \"{weight}\"")})";
        var inputs = NumericInputs(what, weight is null ? [x, y, z] : [x, y, z, weight]);
        CheckVectorWeight(what, inputs);
        return Book(new MultiHistAction<Hist3D>
        {
            At = _node, Inputs = inputs, Description = $"{what} at {Where}", Create = model.Create, Import = json => Hist3D.FromUhiJson(json),
            FillAll = weight is null ? static (h, v, n) => h.Fill<double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n))
                                     : static (h, v, n) => h.Fill<double, double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n), v[3].AsSpan(0, n)),
        }).Typed;
    }

    /// <summary>Fills a profile of <paramref name="y"/> versus <paramref name="x"/> (mean of y per x bin), weighted by <paramref name="weight"/> if given.</summary>
    public Result<Profile1D> Profile1D(Profile1DModel model, string x, string y, string? weight = null)
    {
        var what = $"Profile1D(\"{model.Name}\", \"{x}\", \"{y}\"{(weight is null ? "" : $", \"{weight}\"")})";
        var inputs = NumericInputs(what, weight is null ? [x, y] : [x, y, weight]);
        CheckVectorWeight(what, inputs);
        return Book(new MultiHistAction<Histograms.Profile1D>
        {
            At = _node, Inputs = inputs, Description = $"{what} at {Where}", Create = model.Create,
            FillAll = weight is null ? static (h, v, n) => h.Fill<double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n))
                                     : static (h, v, n) => h.Fill<double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n)),
        }).Typed;
    }

    /// <summary>Fills a 2D profile of <paramref name="z"/> versus (<paramref name="x"/>, <paramref name="y"/>), weighted by <paramref name="weight"/> if given.</summary>
    public Result<Profile2D> Profile2D(Profile2DModel model, string x, string y, string z, string? weight = null)
    {
        var what = $"Profile2D(\"{model.Name}\", \"{x}\", \"{y}\", \"{z}\"{(weight is null ? "" : $", \"{weight}\"")})";
        var inputs = NumericInputs(what, weight is null ? [x, y, z] : [x, y, z, weight]);
        CheckVectorWeight(what, inputs);
        return Book(new MultiHistAction<Histograms.Profile2D>
        {
            At = _node, Inputs = inputs, Description = $"{what} at {Where}", Create = model.Create,
            FillAll = weight is null ? static (h, v, n) => h.Fill<double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n))
                                     : static (h, v, n) => h.Fill<double, double, double, double>(v[0].AsSpan(0, n), v[1].AsSpan(0, n), v[2].AsSpan(0, n), v[3].AsSpan(0, n)),
        }).Typed;
    }

    /// <summary>
    /// Runs concurrently one event loop per dataset of the <paramref name="results"/> that are not filled
    /// (RDataFrame's RunGraphs); results already filled are left as they are, and datasets with none are not run. Each
    /// loop runs what reading <see cref="Result{T}.Value"/> of its results would: their actions, including those of
    /// failed results (run again), and every action pending on the dataset. Loops succeed or fail independently: the
    /// results of a loop that succeeded are filled even if another dataset's loop failed.
    /// </summary>
    /// <exception cref="EventLoopException">The one loop that failed threw it (another exception is rethrown as it is).</exception>
    /// <exception cref="AggregateException">Several loops failed: their exceptions.</exception>
    public static void RunGraphs(params IResult[] results) => EventLoop.RunMany(results);

    private string Where => _node.OutputSelection?.Describe() ?? "the dataset";

    private T Book<T>(T action) where T : ActionNode
    {
        _graph.Book(action);
        return action;
    }

    private Result<double> Stat(StatKind kind, string column)
    {
        var what = $"{kind}(\"{column}\")";
        var inputs = NumericInputs(what, [column]);
        return Book(new StatAction { At = _node, Inputs = inputs, Description = $"{what} at {Where}", Kind = kind }).Typed;
    }

    private ColumnDef Input(string what, string column, Type expected)
    {
        var c = GraphCore.Resolve(_node, column, what);
        if (c.Type != expected)
            throw new GraphBookingException(what, $"column '{column}' is {Columns.TypeNames.CSharpName(c.Type)}, not {Columns.TypeNames.CSharpName(expected)}", column: column);
        return c;
    }

    private ColumnDef[] NumericInputs(string what, string[] columns)
    {
        var result = new ColumnDef[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            result[i] = GraphCore.Resolve(_node, columns[i], what);
            ValueSource.Check(result[i], what);
        }
        return result;
    }

    private static void CheckVectorWeight(string what, ColumnDef[] inputs)
    {
        // A vector weight only makes sense when some coordinate is a vector of the same length.
        if (inputs.Length < 2) return;
        var w = inputs[^1];
        bool weightIsVector = !Numeric.IsNumeric(w.Type);
        bool anyVector = inputs[..^1].Any(c => !Numeric.IsNumeric(c.Type));
        if (weightIsVector && !anyVector)
            throw new GraphBookingException(what, $"weight column '{w.Name}' is a vector but the filled columns are scalars", column: w.Name);
    }
}

public sealed partial class Frame
{
    /// <summary>
    /// The graph behind <paramref name="results"/> (booked on this dataset) as a <see cref="Plans.GraphPlan"/>:
    /// data that serializes to JSON, hashes by content and rebuilds the same graph in another process.
    /// </summary>
    /// <exception cref="NotSupportedException">The graph has typed lambdas, an in-memory source, or actions plans do not carry.</exception>
    public Plans.GraphPlan ToPlan(params IResult[] results) => Plans.GraphPlan.From(_graph, results);
}
