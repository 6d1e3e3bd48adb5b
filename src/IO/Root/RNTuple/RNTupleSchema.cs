namespace EventFrame.IO.Root.RNTuple;

/// <summary>The structural role of an RNTuple field.</summary>
internal enum RNTupleFieldRole : ushort
{
    /// <summary>A leaf: its values are in its own columns.</summary>
    Leaf = 0,
    /// <summary>A collection (e.g. <c>std::vector</c>): an index column of end offsets, one child field for the items.</summary>
    Collection = 1,
    /// <summary>A record (struct): no columns, one child field per member.</summary>
    Record = 2,
    /// <summary>A variant (<c>std::variant</c>): a switch column and one child per alternative.</summary>
    Variant = 3,
    /// <summary>An object serialized with the ROOT streamer into a byte column.</summary>
    Streamer = 4,
}

/// <summary>Bits of <see cref="RNTupleField.Flags"/>.</summary>
[Flags]
internal enum RNTupleFieldFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>A fixed-size array: <see cref="RNTupleField.ArraySize"/> copies of the child per entry.</summary>
    Repetitive = 0x01,
    /// <summary>A virtual field whose columns are aliases of another field's columns.</summary>
    Projected = 0x02,
    /// <summary>A ROOT type checksum follows.</summary>
    TypeChecksum = 0x04,
}

/// <summary>
/// One field record of the header (or of the footer's schema extension):
/// <code>
///  u32 field version, u32 type version, u32 parent field id, u16 structural role, u16 flags,
///  string name, string type name, string type alias, string description,
///  [u64 array size if Repetitive], [u32 source field id if Projected], [u32 type checksum if TypeChecksum]
/// </code>
/// </summary>
/// <param name="Id">Zero-based position in the serialized field list (header first, then the extension).</param>
/// <param name="ParentId">Id of the parent field; a top-level field is its own parent.</param>
/// <param name="Role">Structural role.</param>
/// <param name="Flags">Field flags.</param>
/// <param name="Name">Field name (<c>_0</c> for the item field of a collection).</param>
/// <param name="TypeName">Normalized C++ type name, e.g. <c>std::vector&lt;float&gt;</c>.</param>
/// <param name="TypeAlias">Type name as the user spelled it, or empty.</param>
/// <param name="Description">Free text.</param>
/// <param name="ArraySize">Element count of a fixed-size array field (0 otherwise).</param>
/// <param name="SourceFieldId">For a projected field, the field it projects; -1 otherwise.</param>
internal sealed record RNTupleField(int Id, int ParentId, RNTupleFieldRole Role, RNTupleFieldFlags Flags,
    string Name, string TypeName, string TypeAlias, string Description, long ArraySize, int SourceFieldId)
{
    /// <summary>True for a field at the top of the schema tree.</summary>
    public bool IsTopLevel => ParentId == Id;
}

/// <summary>
/// One column record: <c>u16 type, u16 bits on storage, u32 field id, u16 flags, u16 representation index,
/// [i64 first element index if flag 0x01], [f64 min, f64 max if flag 0x02]</c>.
/// </summary>
/// <param name="Id">Physical column id (position in the serialized column list).</param>
/// <param name="Type">The column type, which fixes the on-disk encoding.</param>
/// <param name="Bits">Bits on storage per element.</param>
/// <param name="FieldId">The field the column belongs to.</param>
/// <param name="RepresentationIndex">Which of the field's alternative column representations it belongs to.</param>
/// <param name="FirstElementIndex">For a deferred column, the index of its first stored element (earlier elements read as zero).</param>
/// <param name="Range">The inclusive value range of a column with flag 0x02 (needed by Real32Quant), or null.</param>
internal sealed record RNTupleColumn(int Id, RNTupleColumnType Type, int Bits, int FieldId, int RepresentationIndex, long FirstElementIndex,
    (double Min, double Max)? Range = null)
{
    /// <summary>True when pages of this column can be decoded (known fixed type, or a valid variable-width one).</summary>
    public bool Decodable => RNTupleColumnTypes.TryDescribe(Type, Bits, out _, out _, out _)
        && (Type != RNTupleColumnType.Real32Quant || Range is { } r && double.IsFinite(r.Min) && double.IsFinite(r.Max) && r.Min <= r.Max);
}

/// <summary>An alias column: the projected field <paramref name="FieldId"/> reads the physical column <paramref name="PhysicalColumnId"/>.</summary>
/// <param name="PhysicalColumnId">Id of the column holding the data.</param>
/// <param name="FieldId">The projected field the alias is attached to.</param>
internal sealed record RNTupleAliasColumn(int PhysicalColumnId, int FieldId);

/// <summary>A cluster group of the footer: its entry range and the link to its page list envelope.</summary>
/// <param name="MinEntry">First entry of the group.</param>
/// <param name="EntrySpan">Number of entries in the group.</param>
/// <param name="ClusterCount">Number of clusters in the group.</param>
/// <param name="PageListLength">Uncompressed length of the page list envelope.</param>
/// <param name="PageList">Where the page list envelope is stored.</param>
internal sealed record RNTupleClusterGroup(long MinEntry, long EntrySpan, int ClusterCount, long PageListLength, RNTupleLocator PageList);

/// <summary>A page of one column in one cluster.</summary>
/// <param name="ElementCount">Number of elements in the page.</param>
/// <param name="HasChecksum">True when an XXH3-64 of the stored page bytes follows the page.</param>
/// <param name="Locator">Where the stored page bytes are.</param>
internal readonly record struct RNTuplePage(int ElementCount, bool HasChecksum, RNTupleLocator Locator);

/// <summary>
/// The pages of one column in one cluster. Page element numbers are cluster-relative: page k holds elements
/// <c>[FirstElement[k], FirstElement[k] + Pages[k].ElementCount)</c>.
/// </summary>
/// <param name="ElementOffset">Global index of the cluster's first element of the column.</param>
/// <param name="Suppressed">True when the column belongs to a representation that is inactive in this cluster.</param>
/// <param name="CompressionSettings">100 * algorithm + level (informational: each page's blocks name their codec).</param>
/// <param name="Pages">The pages, in element order.</param>
/// <param name="FirstElement">Cluster-relative index of each page's first element, plus the total at the end.</param>
internal sealed record RNTupleColumnPages(long ElementOffset, bool Suppressed, int CompressionSettings, RNTuplePage[] Pages, long[] FirstElement)
{
    /// <summary>Number of elements of the column in the cluster.</summary>
    public long ElementCount => FirstElement[^1];
}

/// <summary>One cluster: its entries and, per physical column, its pages (null for a column the page list does not mention).</summary>
/// <param name="Id">Cluster id (over all cluster groups).</param>
/// <param name="FirstEntry">First entry number.</param>
/// <param name="EntryCount">Number of entries.</param>
/// <param name="Columns">Pages per physical column id.</param>
internal sealed record RNTupleCluster(int Id, long FirstEntry, long EntryCount, RNTupleColumnPages?[] Columns);
