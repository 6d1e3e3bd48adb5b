namespace EventFrame.Columns;

/// <summary>
/// The type of a column as a source stores it: an element type and a nesting depth.
/// Depth 0 is one value per entry (<c>float</c>); depth 1 a variable-length list per entry
/// (<see cref="RVec{T}"/>, ROOT's <c>x[n]</c>, <c>x[3]</c> and <c>std::vector&lt;T&gt;</c>);
/// depth 2 a list of lists (<c>RVec&lt;RVec&lt;T&gt;&gt;</c>, <c>std::vector&lt;std::vector&lt;T&gt;&gt;</c>).
/// </summary>
/// <param name="Element">The type of the innermost values.</param>
/// <param name="Depth">0 (scalar), 1 (jagged) or 2 (doubly jagged).</param>
public readonly record struct ColumnType(ElementType Element, int Depth = 0)
{
    /// <summary>The CLR type of one entry's value: <c>float</c>, <c>RVec&lt;float&gt;</c> or <c>RVec&lt;RVec&lt;float&gt;&gt;</c>.</summary>
    public Type ClrType
    {
        get
        {
            var t = Element.ClrType();
            for (int d = 0; d < Depth; d++) t = typeof(RVec<>).MakeGenericType(t);
            return t;
        }
    }

    /// <summary>Returns the column type whose per-entry CLR type is <paramref name="type"/>, or null when no source column can hold it.</summary>
    public static ColumnType? FromClrType(Type type)
    {
        int depth = 0;
        while (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RVec<>))
        {
            type = type.GetGenericArguments()[0];
            depth++;
        }
        var e = ElementTypes.FromClrType(type);
        return e is null || depth > 2 ? null : new ColumnType(e.Value, depth);
    }

    /// <summary>A C#-style spelling, e.g. <c>RVec&lt;float&gt;</c>.</summary>
    public override string ToString() => TypeNames.CSharpName(ClrType);
}

/// <summary>C# spellings of CLR types, as used in messages and generated code.</summary>
public static class TypeNames
{
    /// <summary>Returns the C# spelling of <paramref name="type"/>, with keyword aliases and generic arguments, fully qualified where needed for generated code.</summary>
    public static string CSharpName(Type type, bool qualified = false)
    {
        if (type == typeof(bool)) return "bool";
        if (type == typeof(sbyte)) return "sbyte";
        if (type == typeof(byte)) return "byte";
        if (type == typeof(short)) return "short";
        if (type == typeof(ushort)) return "ushort";
        if (type == typeof(int)) return "int";
        if (type == typeof(uint)) return "uint";
        if (type == typeof(long)) return "long";
        if (type == typeof(ulong)) return "ulong";
        if (type == typeof(float)) return "float";
        if (type == typeof(double)) return "double";
        if (type == typeof(string)) return "string";
        if (type == typeof(object)) return "object";
        if (type == typeof(void)) return "void";
        if (type == typeof(char)) return "char";
        if (type == typeof(decimal)) return "decimal";
        if (type.IsArray) return CSharpName(type.GetElementType()!, qualified) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        string prefix = "";
        if (type.IsNested && !type.IsGenericParameter)
            prefix = CSharpName(type.DeclaringType!, qualified) + ".";
        else if (qualified && type.Namespace is { Length: > 0 } ns)
            prefix = "global::" + ns + ".";
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        if (!type.IsGenericType) return prefix + name;
        var args = type.GetGenericArguments();
        if (type.IsNested && type.DeclaringType!.IsGenericType)
            args = args[type.DeclaringType.GetGenericArguments().Length..];
        if (args.Length == 0) return prefix + name;
        if (type.GetGenericTypeDefinition() == typeof(Nullable<>)) return CSharpName(args[0], qualified) + "?";
        if (type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return "(" + string.Join(", ", args.Select(a => CSharpName(a, qualified))) + ")";
        return prefix + name + "<" + string.Join(", ", args.Select(a => CSharpName(a, qualified))) + ">";
    }
}
