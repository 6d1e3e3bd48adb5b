using EventFrame.Data;
using EventFrame.Expressions;
using EventFrame.Graph;

namespace EventFrame;

public sealed partial class Frame
{
    /// <summary>
    /// Writes the entries that reach this point, with the chosen columns (source columns and Defines; all visible
    /// storable columns when <paramref name="columns"/> is null or empty), as a tree named <paramref name="tree"/> in
    /// <paramref name="path"/> (RDataFrame's Snapshot). Entries are written in dataset order whatever the number of
    /// threads. Unless <see cref="SnapshotOptions.Lazy"/> is set, the event loop runs now (with every other booked
    /// action); otherwise the snapshot joins the next loop. The writer of the format comes from its provider
    /// (EventFrame.IO for "root").
    /// </summary>
    /// <exception cref="GraphBookingException">A column is unknown or has a type that cannot be stored.</exception>
    public Result<SnapshotResult> Snapshot(string tree, string path, IReadOnlyList<string>? columns = null, SnapshotOptions? options = null)
    {
        options ??= new SnapshotOptions();
        options.Validate();
        var what = $"Snapshot(\"{tree}\", \"{path}\")";
        if (string.IsNullOrWhiteSpace(tree)) throw new GraphBookingException(what, "the tree name is empty");
        if (string.IsNullOrWhiteSpace(path)) throw new GraphBookingException(what, "the output path is empty");
        var names = columns is { Count: > 0 }
            ? columns
            : _node.Scope.Keys.Where(k => !ExpressionCompiler.BuiltinColumns.Contains(k) && !k.EndsWith('_') && Columns.ColumnType.FromClrType(_node.Scope[k].Type) is not null)
                .Order(StringComparer.Ordinal).ToList();
        var inputs = new List<ColumnDef>();
        var infos = new List<ColumnInfo>();
        foreach (var name in names)
        {
            var c = GraphCore.Resolve(_node, name, what);
            var type = Columns.ColumnType.FromClrType(c.Type)
                ?? throw new GraphBookingException(what, $"column '{name}' has type {Columns.TypeNames.CSharpName(c.Type)}, which a snapshot cannot store (numbers, bool, string, RVec of them, RVec<RVec<number>>)", column: name);
            if (infos.Any(i => i.Name == name)) throw new GraphBookingException(what, $"column '{name}' is listed twice", column: name);
            inputs.Add(c);
            infos.Add(new ColumnInfo(name, type, c.Source?.Description ?? ""));
        }
        var action = Book(new SnapshotAction
        {
            At = _node, Inputs = [.. inputs], Description = $"{what} at {Where}",
            Spec = new SnapshotSpec(tree, path, infos, options),
        });
        if (!options.Lazy) _ = action.Typed.Value;
        return action.Typed;
    }
}
