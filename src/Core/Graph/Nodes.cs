using System.Collections.Immutable;
using EventFrame.Columns;
using EventFrame.Data;

namespace EventFrame.Graph;

/// <summary>Where a column's values come from.</summary>
internal enum ColumnKind
{
    /// <summary>Read from the data source.</summary>
    Source,
    /// <summary>Computed by a Define node.</summary>
    Define,
    /// <summary>The built-in global entry number <c>rdfentry_</c>.</summary>
    Entry,
    /// <summary>The built-in processing slot <c>rdfslot_</c>.</summary>
    Slot,
    /// <summary>The built-in per-entry random generator <c>rdfrandom_</c>.</summary>
    Random,
}

/// <summary>A column as the graph sees it: a name bound, in some scope, to a source column, a Define or a built-in.</summary>
internal sealed class ColumnDef
{
    public required string Name { get; init; }
    public required Type Type { get; init; }
    public required ColumnKind Kind { get; init; }
    /// <summary>For source columns: the source's column description.</summary>
    public ColumnInfo? Source { get; init; }
    /// <summary>For defined columns: the node that computes it.</summary>
    public DefineNode? Define { get; init; }
}

/// <summary>A node of the computation graph. Frames are handles to nodes; nodes are immutable once booked.</summary>
internal abstract class Node
{
    protected Node(GraphCore graph, Node? parent, ImmutableDictionary<string, ColumnDef> scope)
    {
        Graph = graph;
        Parent = parent;
        Scope = scope;
        Selection = parent switch
        {
            null => null,
            SelectionNode s => s,
            _ => parent.Selection,
        };
        Id = graph.NextNodeId();
    }

    public int Id { get; }
    public GraphCore Graph { get; }
    public Node? Parent { get; }
    /// <summary>The columns visible at this node, by name.</summary>
    public ImmutableDictionary<string, ColumnDef> Scope { get; protected set; }
    /// <summary>The nearest selection-changing node at or above this node's parent (for a filter: its input selection); null = every entry.</summary>
    public SelectionNode? Selection { get; }
    /// <summary>The selection of entries that reach the point after this node.</summary>
    public virtual SelectionNode? OutputSelection => Selection;
    /// <summary>A description for messages, e.g. <c>Define("ht", "Jet_pt.Sum()")</c>.</summary>
    public abstract string Describe();
}

internal sealed class RootNode(GraphCore graph, ImmutableDictionary<string, ColumnDef> scope) : Node(graph, null, scope)
{
    public override string Describe() => "Frame";
}

/// <summary>A node that passes on the scope with one more (or one redefined) name; it does not change the selection.</summary>
internal sealed class DefineNode : Node
{
    public DefineNode(GraphCore graph, Node parent, string name, Type type, NodeCode code, bool redefine)
        : base(graph, parent, parent.Scope)
    {
        Name = name;
        Type = type;
        Code = code;
        IsRedefine = redefine;
        Column = new ColumnDef { Name = name, Type = type, Kind = ColumnKind.Define, Define = this };
        Scope = parent.Scope.SetItem(name, Column);
    }

    public string Name { get; }
    public Type Type { get; }
    public NodeCode Code { get; }
    public bool IsRedefine { get; }
    public ColumnDef Column { get; }

    public override string Describe() => Code.Describe(IsRedefine ? "Redefine" : "Define", Name);
}

/// <summary>A node that only adds a name for an existing column.</summary>
internal sealed class AliasNode(GraphCore graph, Node parent, string alias, ColumnDef target)
    : Node(graph, parent, parent.Scope.SetItem(alias, target))
{
    public string Alias { get; } = alias;
    public ColumnDef Target { get; } = target;
    public override string Describe() => $"Alias(\"{Alias}\", \"{Target.Name}\")";
}

/// <summary>A node that narrows the set of entries: a filter or a range.</summary>
internal abstract class SelectionNode : Node
{
    protected SelectionNode(GraphCore graph, Node parent) : base(graph, parent, parent.Scope)
    {
        Depth = (Selection?.Depth ?? 0) + 1;
    }

    /// <summary>Number of selection nodes from the root to this one, inclusive.</summary>
    public int Depth { get; }
    public override SelectionNode? OutputSelection => this;

    /// <summary>The lowest selection node that is an ancestor-or-self of both (null = root).</summary>
    public static SelectionNode? CommonAncestor(SelectionNode? a, SelectionNode? b)
    {
        while (a != b)
        {
            if (a is null || b is null) return null;
            if (a.Depth >= b.Depth) a = a.Selection; else b = b.Selection;
        }
        return a;
    }

    /// <summary>True if <paramref name="ancestor"/> is this node or one of its selection ancestors (null = root is everyone's).</summary>
    public static bool IsAncestorOrSelf(SelectionNode? ancestor, SelectionNode? node)
    {
        if (ancestor is null) return true;
        for (var s = node; s is not null; s = s.Selection)
            if (s == ancestor) return true;
        return false;
    }
}

internal sealed class FilterNode(GraphCore graph, Node parent, string name, NodeCode code) : SelectionNode(graph, parent)
{
    public string Name { get; } = name;
    public NodeCode Code { get; } = code;
    public override string Describe() => Code.Describe("Filter", Name.Length > 0 ? Name : null);
}

internal sealed class RangeNode(GraphCore graph, Node parent, long begin, long end, long stride) : SelectionNode(graph, parent)
{
    public long Begin { get; } = begin;
    /// <summary>One past the last index to keep; long.MaxValue for "to the end".</summary>
    public long End { get; } = end;
    public long Stride { get; } = stride;
    public override string Describe() => $"Range({Begin}, {(End == long.MaxValue ? "end" : End.ToString(System.Globalization.CultureInfo.InvariantCulture))}, {Stride})";
}
