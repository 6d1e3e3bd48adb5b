using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventFrame.Data;
using EventFrame.Graph;
using EventFrame.Histograms;

namespace EventFrame.Plans;

/// <summary>One transformation of a plan: its parent (index in <see cref="GraphPlan.Nodes"/>, -1 for the dataset) and what it does.</summary>
/// <param name="Parent">Index of the parent node, or -1 for the dataset.</param>
/// <param name="Kind"><c>define</c>, <c>redefine</c>, <c>filter</c>, <c>alias</c> or <c>range</c>.</param>
/// <param name="Name">Column name (define, redefine, alias), filter name (may be empty).</param>
/// <param name="Expression">C# expression (define, redefine, filter) or the aliased column (alias).</param>
/// <param name="Begin">Range begin.</param>
/// <param name="End">Range end (0 = no limit).</param>
/// <param name="Stride">Range stride.</param>
public sealed record PlanNode(int Parent, string Kind, string? Name = null, string? Expression = null, long Begin = 0, long End = 0, long Stride = 1);

/// <summary>One action of a plan, at a node (index in <see cref="GraphPlan.Nodes"/>, -1 for the dataset).</summary>
/// <param name="Node">Index of the node the action is booked on, or -1.</param>
/// <param name="Kind"><c>count</c>, <c>sum</c>, <c>mean</c>, <c>stddev</c>, <c>min</c>, <c>max</c>, <c>report</c>, <c>histo1d</c>, <c>histo2d</c> or <c>histo3d</c>.</param>
/// <param name="Columns">Input columns (for histograms: coordinates, then the weight if any).</param>
/// <param name="Weighted">Whether the last column is a weight.</param>
/// <param name="Model">For histograms: the empty histogram (name, title, axes) in UHI JSON.</param>
public sealed record PlanAction(int Node, string Kind, IReadOnlyList<string> Columns, bool Weighted = false, string? Model = null);

/// <summary>
/// A computation graph as data (DESIGN.md "Plan"): the source's description, the transformations with their string
/// expressions, and the actions. It serializes to JSON, hashes by content, and rebuilds an identical graph in another
/// process, where the same partitions give the same results. Typed lambdas do not travel: a graph that contains one
/// cannot become a plan.
/// </summary>
public sealed record GraphPlan
{
    /// <summary>Plan format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The data source's description.</summary>
    public required DataSourceSpec Source { get; init; }

    /// <summary>The seed of the per-entry random generator.</summary>
    public ulong Seed { get; init; }

    /// <summary>The transformations, parents before children.</summary>
    public required IReadOnlyList<PlanNode> Nodes { get; init; }

    /// <summary>The actions, in booking order.</summary>
    public required IReadOnlyList<PlanAction> Actions { get; init; }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>The plan as compact JSON (deterministic for a given plan).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid plan.</exception>
    public static GraphPlan FromJson(string json)
    {
        try
        {
            var plan = JsonSerializer.Deserialize<GraphPlan>(json, s_json) ?? throw new FormatException("empty plan");
            if (plan.Version != 1) throw new FormatException($"unsupported plan version {plan.Version}");
            for (int i = 0; i < plan.Nodes.Count; i++)
                if (plan.Nodes[i].Parent < -1 || plan.Nodes[i].Parent >= i)
                    throw new FormatException($"plan node {i} has parent {plan.Nodes[i].Parent}, which is not an earlier node");
            foreach (var a in plan.Actions)
                if (a.Node < -1 || a.Node >= plan.Nodes.Count) throw new FormatException($"plan action '{a.Kind}' refers to node {a.Node}");
            return plan;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a valid plan: {e.Message}", e);
        }
    }

    /// <summary>SHA-256 of <see cref="ToJson"/>, in hex: equal plans have equal hashes.</summary>
    [JsonIgnore]
    public string ContentHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>
    /// Rebuilds the graph: opens the source from its description and books every node and action again, returning
    /// the dataset's frame and the results in the order of <see cref="Actions"/>.
    /// </summary>
    public (Frame Frame, IReadOnlyList<IResult> Results) Build()
    {
        var (frame, results, _) = BuildCore();
        return (frame, results);
    }

    /// <summary>Build, also returning the graph node of each plan node.</summary>
    internal (Frame Frame, IReadOnlyList<IResult> Results, IReadOnlyList<Node> Nodes) BuildCore()
    {
        var root = Frame.FromSource(DataSources.Open(Source), Seed);
        var frames = new Frame[Nodes.Count];
        for (int i = 0; i < Nodes.Count; i++)
        {
            var n = Nodes[i];
            var parent = n.Parent < 0 ? root : frames[n.Parent];
            frames[i] = n.Kind switch
            {
                "define" => parent.Define(n.Name!, n.Expression!),
                "redefine" => parent.Redefine(n.Name!, n.Expression!),
                "filter" => parent.Filter(n.Expression!, n.Name ?? ""),
                "alias" => parent.Alias(n.Name!, n.Expression!),
                "range" => parent.Range(n.Begin, n.End, n.Stride),
                _ => throw new FormatException($"unknown plan node kind '{n.Kind}'"),
            };
        }
        var results = new List<IResult>();
        var graphNodes = frames.Select(f => f.Node).ToList();
        foreach (var a in Actions)
        {
            var at = a.Node < 0 ? root : frames[a.Node];
            string? w = a.Weighted ? a.Columns[^1] : null;
            results.Add(a.Kind switch
            {
                "count" => at.Count(),
                "sum" => at.Sum(a.Columns[0]),
                "mean" => at.Mean(a.Columns[0]),
                "stddev" => at.StdDev(a.Columns[0]),
                "min" => at.Min(a.Columns[0]),
                "max" => at.Max(a.Columns[0]),
                "report" => at.Report(),
                "histo1d" => at.Histo1D(Model1(a.Model!), a.Columns[0], w),
                "histo2d" => at.Histo2D(Model2(a.Model!), a.Columns[0], a.Columns[1], w),
                "histo3d" => at.Histo3D(Model3(a.Model!), a.Columns[0], a.Columns[1], a.Columns[2], w),
                _ => throw new FormatException($"unknown plan action kind '{a.Kind}'"),
            });
        }
        return (root, results, graphNodes);
    }

    private static Hist1DModel Model1(string json)
    {
        var h = Hist1D.FromUhiJson(json);
        return new Hist1DModel(h.Name, h.Title, h.XAxis);
    }

    private static Hist2DModel Model2(string json)
    {
        var h = Hist2D.FromUhiJson(json);
        return new Hist2DModel(h.Name, h.Title, h.XAxis, h.YAxis);
    }

    private static Hist3DModel Model3(string json)
    {
        var h = Hist3D.FromUhiJson(json);
        return new Hist3DModel(h.Name, h.Title, h.XAxis, h.YAxis, h.ZAxis);
    }

    /// <summary>
    /// The plan of the graph behind <paramref name="results"/> (all booked on one dataset): the nodes on their paths
    /// and their actions. Throws <see cref="NotSupportedException"/> for typed lambdas, for sources without a
    /// description (in-memory arrays) and for actions that plans do not carry yet (Take, Aggregate, profiles, Snapshot).
    /// </summary>
    internal static GraphPlan From(GraphCore graph, IReadOnlyList<IResult> results)
    {
        var spec = graph.Source.Spec ?? throw new NotSupportedException($"{graph.Source.Description} has no description that another process could reopen");
        var nodes = new List<PlanNode>();
        var index = new Dictionary<Node, int>();
        int IndexOf(Node node)
        {
            if (node is RootNode) return -1;
            if (index.TryGetValue(node, out var i)) return i;
            int parent = IndexOf(node.Parent!);
            PlanNode p = node switch
            {
                DefineNode d when d.Code is ExpressionCode e => new PlanNode(parent, d.IsRedefine ? "redefine" : "define", d.Name, e.Expression),
                FilterNode f when f.Code is ExpressionCode e => new PlanNode(parent, "filter", f.Name, e.Expression),
                AliasNode a => new PlanNode(parent, "alias", a.Alias, a.Target.Name),
                RangeNode r => new PlanNode(parent, "range", null, null, r.Begin, r.End == long.MaxValue ? 0 : r.End, r.Stride),
                _ => throw new NotSupportedException($"{node.Describe()} is a typed lambda: only string expressions travel in a plan"),
            };
            nodes.Add(p);
            return index[node] = nodes.Count - 1;
        }
        var actions = new List<PlanAction>();
        foreach (var r in results)
        {
            var action = graph.ActionOf(r) ?? throw new ArgumentException($"{r.Description} does not belong to this dataset", nameof(results));
            int at = IndexOf(action.At);
            var cols = action.Inputs.Select(c => c.Name).ToArray();
            actions.Add(action switch
            {
                CountAction => new PlanAction(at, "count", []),
                StatAction s => new PlanAction(at, s.Kind.ToString().ToLowerInvariant(), cols),
                ReportAction => new PlanAction(at, "report", []),
                Histo1DAction h => new PlanAction(at, "histo1d", cols, cols.Length == 2, h.Model.Create().ToUhiJson(false)),
                MultiHistAction<Hist2D> h2 => new PlanAction(at, "histo2d", cols, cols.Length == 3, h2.Create().ToUhiJson(false)),
                MultiHistAction<Hist3D> h3 => new PlanAction(at, "histo3d", cols, cols.Length == 4, h3.Create().ToUhiJson(false)),
                _ => throw new NotSupportedException($"{action.Description}: this action does not travel in plans yet"),
            });
        }
        return new GraphPlan { Source = spec, Seed = graph.Seed, Nodes = nodes, Actions = actions };
    }
}
