namespace EventFrame.Columns;

/// <summary>The element type of a column's values, independent of its shape (scalar or jagged).</summary>
public enum ElementType : byte
{
    /// <summary><see cref="bool"/> (ROOT leaf code O).</summary>
    Bool,
    /// <summary><see cref="sbyte"/> (ROOT leaf code B).</summary>
    Int8,
    /// <summary><see cref="byte"/> (ROOT leaf code b).</summary>
    UInt8,
    /// <summary><see cref="short"/> (ROOT leaf code S).</summary>
    Int16,
    /// <summary><see cref="ushort"/> (ROOT leaf code s).</summary>
    UInt16,
    /// <summary><see cref="int"/> (ROOT leaf code I).</summary>
    Int32,
    /// <summary><see cref="uint"/> (ROOT leaf code i).</summary>
    UInt32,
    /// <summary><see cref="long"/> (ROOT leaf code L).</summary>
    Int64,
    /// <summary><see cref="ulong"/> (ROOT leaf code l).</summary>
    UInt64,
    /// <summary><see cref="float"/> (ROOT leaf code F, and Float16 widened).</summary>
    Float32,
    /// <summary><see cref="double"/> (ROOT leaf code D, and Double32 widened).</summary>
    Float64,
    /// <summary><see cref="string"/> (std::string, TString, char*).</summary>
    String,
}

/// <summary>Conversions between <see cref="ElementType"/> and CLR types.</summary>
public static class ElementTypes
{
    /// <summary>Returns the CLR type that holds one value of <paramref name="type"/>.</summary>
    public static Type ClrType(this ElementType type) => type switch
    {
        ElementType.Bool => typeof(bool),
        ElementType.Int8 => typeof(sbyte),
        ElementType.UInt8 => typeof(byte),
        ElementType.Int16 => typeof(short),
        ElementType.UInt16 => typeof(ushort),
        ElementType.Int32 => typeof(int),
        ElementType.UInt32 => typeof(uint),
        ElementType.Int64 => typeof(long),
        ElementType.UInt64 => typeof(ulong),
        ElementType.Float32 => typeof(float),
        ElementType.Float64 => typeof(double),
        ElementType.String => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type"),
    };

    /// <summary>Returns the element type whose CLR type is <paramref name="type"/>, or null if there is none.</summary>
    public static ElementType? FromClrType(Type type)
    {
        if (type == typeof(bool)) return ElementType.Bool;
        if (type == typeof(sbyte)) return ElementType.Int8;
        if (type == typeof(byte)) return ElementType.UInt8;
        if (type == typeof(short)) return ElementType.Int16;
        if (type == typeof(ushort)) return ElementType.UInt16;
        if (type == typeof(int)) return ElementType.Int32;
        if (type == typeof(uint)) return ElementType.UInt32;
        if (type == typeof(long)) return ElementType.Int64;
        if (type == typeof(ulong)) return ElementType.UInt64;
        if (type == typeof(float)) return ElementType.Float32;
        if (type == typeof(double)) return ElementType.Float64;
        if (type == typeof(string)) return ElementType.String;
        return null;
    }

    /// <summary>Size in bytes of one value in memory; 0 for <see cref="ElementType.String"/>.</summary>
    public static int Size(this ElementType type) => type switch
    {
        ElementType.Bool or ElementType.Int8 or ElementType.UInt8 => 1,
        ElementType.Int16 or ElementType.UInt16 => 2,
        ElementType.Int32 or ElementType.UInt32 or ElementType.Float32 => 4,
        ElementType.Int64 or ElementType.UInt64 or ElementType.Float64 => 8,
        _ => 0,
    };
}
