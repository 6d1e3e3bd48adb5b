using EventFrame.Columns;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>
/// One position in a field's column representations: <c>Columns[r]</c> is the physical column that plays this role in
/// representation r. In each cluster exactly one representation is active (the others are suppressed).
/// </summary>
/// <param name="Columns">Physical column per representation.</param>
internal sealed record RNTupleSlot(RNTupleColumn[] Columns)
{
    /// <summary>The column of the representation active in <paramref name="cluster"/>, and its pages there (null if the cluster lists none).</summary>
    public (RNTupleColumn Column, RNTupleColumnPages? Pages) Active(RNTupleCluster cluster)
    {
        foreach (var col in Columns)
        {
            var pages = cluster.Columns[col.Id];
            if (pages is { Suppressed: false }) return (col, pages);
        }
        return (Columns[0], null);
    }
}

/// <summary>
/// One level of nesting of a planned column: a collection with an offset column, or a fixed-size array
/// (<c>std::array&lt;T, N&gt;</c>, a repetitive field) whose items are <see cref="FixedSize"/> consecutive elements.
/// </summary>
/// <param name="Index">The offset column of a collection, or null for a fixed-size array.</param>
/// <param name="FixedSize">The array size of a fixed-size array (0 for a collection).</param>
internal sealed record RNTupleLevel(RNTupleSlot? Index, int FixedSize);

/// <summary>What the innermost values of a planned column are.</summary>
internal enum RNTupleValueShape : byte
{
    /// <summary>Numbers (or booleans) read from <see cref="RNTupleColumnPlan.Value"/>.</summary>
    Numeric,
    /// <summary>Strings: the last level is the string's own offset column, <see cref="RNTupleColumnPlan.Value"/> holds the characters.</summary>
    String,
    /// <summary>Collection sizes: the differences of the last level's offsets (no value column).</summary>
    Cardinality,
}

/// <summary>
/// How one <see cref="EventFrame.Data.ColumnInfo"/> of an RNTuple is read: a chain of collection offset columns
/// and fixed-size arrays (outermost first) and a value column. The column's depth is the number of levels, not
/// counting a string's own offsets nor the offsets a cardinality is computed from.
/// </summary>
/// <param name="Name">The column name: the field path, with collection item fields (<c>_0</c>) left out.</param>
/// <param name="Type">Element type and depth.</param>
/// <param name="TypeName">The field's C++ type name.</param>
/// <param name="Levels">Collection and fixed-size array levels, outermost first.</param>
/// <param name="Value">The value column, or null for a cardinality.</param>
/// <param name="Shape">What the values are.</param>
internal sealed record RNTupleColumnPlan(string Name, ColumnType Type, string TypeName, RNTupleLevel[] Levels, RNTupleSlot? Value, RNTupleValueShape Shape)
{
    /// <summary>
    /// Lists every field of <paramref name="d"/> that can be delivered as a column: numeric and boolean leaves, strings
    /// and cardinalities, at any depth of records, inside at most two levels of collections or fixed-size arrays (one
    /// for strings). Fields of other kinds (variants, bitsets, streamer fields, unsupported column types) are left out.
    /// </summary>
    public static List<RNTupleColumnPlan> Build(RNTupleDescriptor d)
    {
        var children = new List<RNTupleField>[d.Fields.Count];
        var columns = new List<RNTupleColumn>[d.Fields.Count];
        for (int i = 0; i < d.Fields.Count; i++) { children[i] = []; columns[i] = []; }
        foreach (var f in d.Fields)
            if (!f.IsTopLevel) children[f.ParentId].Add(f);
        foreach (var c in d.Columns) columns[c.FieldId].Add(c);
        foreach (var a in d.AliasColumns) columns[a.FieldId].Add(d.Columns[a.PhysicalColumnId]);

        var plans = new List<RNTupleColumnPlan>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in d.Fields)
            if (f.IsTopLevel) Walk(f, f.Name, []);
        return plans;

        void Walk(RNTupleField f, string name, RNTupleLevel[] levels)
        {
            if ((f.Flags & RNTupleFieldFlags.Repetitive) != 0)
            {
                // A fixed-size array has one item field and no column of its own (std::bitset, with a column, is left out).
                if (children[f.Id].Count != 1 || columns[f.Id].Count != 0 || f.ArraySize < 1 || f.ArraySize > int.MaxValue) return;
                var element = children[f.Id][0];
                Walk(element, element.Name == "_0" ? name : name + "." + element.Name, [.. levels, new RNTupleLevel(null, (int)f.ArraySize)]);
                return;
            }
            switch (f.Role)
            {
                case RNTupleFieldRole.Leaf:
                    Leaf(f, name, levels);
                    break;
                case RNTupleFieldRole.Collection:
                {
                    var index = SlotOf(f, 0, 1);
                    if (index is null || children[f.Id].Count != 1 || !IsIndex(index)) return;
                    var item = children[f.Id][0];
                    Walk(item, item.Name == "_0" ? name : name + "." + item.Name, [.. levels, new RNTupleLevel(index, 0)]);
                    break;
                }
                case RNTupleFieldRole.Record:
                    foreach (var member in children[f.Id]) Walk(member, name + "." + member.Name, levels);
                    break;
            }
        }

        void Leaf(RNTupleField f, string name, RNTupleLevel[] levels)
        {
            if (f.TypeName == "std::string")
            {
                var index = SlotOf(f, 0, 2);
                var chars = SlotOf(f, 1, 2);
                if (index is null || chars is null || levels.Length > 1 || !IsIndex(index) || !Decodable(chars)) return;
                Add(new(name, new ColumnType(ElementType.String, levels.Length), f.TypeName, [.. levels, new RNTupleLevel(index, 0)], chars, RNTupleValueShape.String));
                return;
            }
            const string cardinality = "ROOT::RNTupleCardinality<";
            if (f.TypeName.StartsWith(cardinality, StringComparison.Ordinal))
            {
                var elem = ElementOf(f.TypeName[cardinality.Length..^1]);
                var index = SlotOf(f, 0, 1);
                if (elem is null || index is null || levels.Length > 1 || !IsIndex(index)) return;
                Add(new(name, new ColumnType(elem.Value, levels.Length), f.TypeName, [.. levels, new RNTupleLevel(index, 0)], null, RNTupleValueShape.Cardinality));
                return;
            }
            var element = ElementOf(f.TypeName);
            var value = SlotOf(f, 0, 1);
            if (element is null || element == ElementType.String || value is null || levels.Length > 2 || !Decodable(value)) return;
            Add(new(name, new ColumnType(element.Value, levels.Length), f.TypeName, levels, value, RNTupleValueShape.Numeric));
        }

        void Add(RNTupleColumnPlan plan)
        {
            if (names.Add(plan.Name)) plans.Add(plan);
        }

        // The position-th column of each representation, when every representation has `perRepresentation` columns.
        RNTupleSlot? SlotOf(RNTupleField f, int position, int perRepresentation)
        {
            var cols = columns[f.Id];
            if (cols.Count == 0 || cols.Count % perRepresentation != 0) return null;
            var byRepresentation = cols.GroupBy(c => c.RepresentationIndex).OrderBy(g => g.Key).ToArray();
            if (byRepresentation.Any(g => g.Count() != perRepresentation)) return null;
            return new RNTupleSlot([.. byRepresentation.Select(g => g.ElementAt(position))]);
        }
    }

    private static bool IsIndex(RNTupleSlot s) => s.Columns.All(c => RNTupleColumnTypes.IsIndex(c.Type));

    private static bool Decodable(RNTupleSlot s) =>
        s.Columns.All(c => c.Decodable && !RNTupleColumnTypes.IsIndex(c.Type));

    /// <summary>Maps a normalized C++ type name to the element type EventFrame delivers, or null when it is not a plain value type.</summary>
    internal static ElementType? ElementOf(string typeName) => typeName switch
    {
        "bool" => ElementType.Bool,
        "char" or "std::int8_t" => ElementType.Int8,
        "std::uint8_t" or "std::byte" => ElementType.UInt8,
        "std::int16_t" => ElementType.Int16,
        "std::uint16_t" => ElementType.UInt16,
        "std::int32_t" => ElementType.Int32,
        "std::uint32_t" => ElementType.UInt32,
        "std::int64_t" => ElementType.Int64,
        "std::uint64_t" => ElementType.UInt64,
        "float" => ElementType.Float32,
        "double" => ElementType.Float64,
        "std::string" => ElementType.String,
        _ => null,
    };
}
