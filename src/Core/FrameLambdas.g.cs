using EventFrame.Graph;

namespace EventFrame;

public sealed partial class Frame
{
    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<TR>(string name, Func<TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<TR>(string name, Func<TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, TR>(string name, Func<T1, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, TR>(string name, Func<T1, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1>(Func<T1, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, TR>(string name, Func<T1, T2, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, TR>(string name, Func<T1, T2, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2>(Func<T1, T2, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, TR>(string name, Func<T1, T2, T3, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, TR>(string name, Func<T1, T2, T3, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3>(Func<T1, T2, T3, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, TR>(string name, Func<T1, T2, T3, T4, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, TR>(string name, Func<T1, T2, T3, T4, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4>(Func<T1, T2, T3, T4, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, TR>(string name, Func<T1, T2, T3, T4, T5, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, TR>(string name, Func<T1, T2, T3, T4, T5, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5>(Func<T1, T2, T3, T4, T5, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, TR>(string name, Func<T1, T2, T3, T4, T5, T6, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, TR>(string name, Func<T1, T2, T3, T4, T5, T6, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6>(Func<T1, T2, T3, T4, T5, T6, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7>(Func<T1, T2, T3, T4, T5, T6, T7, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, T8, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, T8, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7, T8>(Func<T1, T2, T3, T4, T5, T6, T7, T8, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, T8, T9, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, T8, T9, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7, T8, T9>(Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Defines column <paramref name="name"/> as the value of <paramref name="function"/> applied to the named columns (types must match the columns exactly).</summary>
    /// <exception cref="GraphBookingException">The name is taken, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Define<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: false);

    /// <summary>Replaces column <paramref name="name"/> by the value of <paramref name="function"/> applied to the named columns.</summary>
    /// <exception cref="GraphBookingException">No such column exists, a column is unknown, or a parameter type differs from its column's type.</exception>
    public Frame Redefine<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TR>(string name, Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TR> function, params string[] columns) => BookLambdaDefine(name, function, columns, redefine: true);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> of the named columns is true; a named filter appears in <see cref="Report"/>.</summary>
    /// <exception cref="GraphBookingException">A column is unknown or a parameter type differs from its column's type.</exception>
    public Frame Filter<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, bool> predicate, string[] columns, string name = "") => BookLambdaFilter(predicate, columns, name);

    /// <summary>Keeps the entries for which <paramref name="predicate"/> is true (a predicate of no column).</summary>
    public Frame Filter(Func<bool> predicate, string name = "") => BookLambdaFilter(predicate, [], name);
}
