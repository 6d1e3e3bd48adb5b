using System.Globalization;
using System.Text;
using EventFrame.Columns;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventFrame.Expressions;

/// <summary>
/// Translates the branch-free arithmetic subset of expressions over flat numeric columns of one element type into
/// SIMD code over <c>Vector512&lt;T&gt;</c> (or <c>Vector256&lt;T&gt;</c>) with exactly the C# semantics of the scalar
/// expression: every sub-expression must already have type T (or bool for comparisons and logic) in the scalar
/// code, so no promotion is changed; constants are converted to T as C# converts them. Anything else (other types,
/// promotions such as float compared with a double constant, integer division, calls other than abs/sqrt) is not
/// translated and runs in the scalar loop.
/// </summary>
internal static class VectorTranslator
{
    private static readonly HashSet<Type> s_types = [typeof(float), typeof(double), typeof(int), typeof(uint), typeof(long), typeof(ulong)];

    /// <summary>A vector translation: code with <c>{V}</c> standing for the vector type name (Vector512 or Vector256).</summary>
    internal sealed record Translation(Type Element, string Template);

    /// <summary>Translates <paramref name="expression"/> or returns null if it is outside the subset.</summary>
    public static Translation? Translate(ExpressionSyntax expression, SemanticModel model, IReadOnlyList<string> columns, IReadOnlyDictionary<string, Type> columnTypes)
    {
        if (columns.Count == 0) return null;
        var element = columnTypes[columns[0]];
        if (!s_types.Contains(element) || columns.Any(c => columnTypes[c] != element)) return null;
        var resultType = model.GetTypeInfo(expression).Type;
        var elementName = TypeNames.CSharpName(element);
        if (resultType is null || (resultType.SpecialType != SpecialType.System_Boolean && resultType.ToDisplayString() != elementName)) return null;
        var translator = new Translator(model, columns, element, elementName);
        var code = translator.Visit(expression);
        return code is null ? null : new Translation(element, code);
    }

    private sealed class Translator(SemanticModel model, IReadOnlyList<string> columns, Type element, string elementName)
    {
        private bool IsElement(ITypeSymbol? t) => t is not null && t.ToDisplayString() == elementName;

        private static bool IsBool(ITypeSymbol? t) => t?.SpecialType == SpecialType.System_Boolean;

        private bool IsFloating => element == typeof(float) || element == typeof(double);

        /// <summary>The operand as a T vector: either of type T with no conversion, or a constant converted to T.</summary>
        private string? Operand(ExpressionSyntax e)
        {
            var info = model.GetTypeInfo(e);
            var constant = model.GetConstantValue(e);
            if (constant.HasValue)
            {
                if (!IsElement(info.ConvertedType) || constant.Value is null or bool or string or char) return null;
                string literal = Convert.ToString(constant.Value, CultureInfo.InvariantCulture)!;
                if (constant.Value is double d) literal = d.ToString("R", CultureInfo.InvariantCulture);
                if (constant.Value is float f) literal = f.ToString("R", CultureInfo.InvariantCulture) + "f";
                if (literal.Contains("E") || literal.Contains("Infinity") || literal.Contains("NaN")) return null;
                return $"{{V}}.Create(({elementName})({literal}))";
            }
            if (!IsElement(info.Type) || !IsElement(info.ConvertedType)) return null;
            return Visit(e);
        }

        private string? Mask(ExpressionSyntax e)
        {
            var info = model.GetTypeInfo(e);
            if (!IsBool(info.Type) || !IsBool(info.ConvertedType) || model.GetConstantValue(e).HasValue) return null;
            return Visit(e);
        }

        public string? Visit(ExpressionSyntax e)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    {
                        var inner = IsBool(model.GetTypeInfo(p.Expression).Type) ? Mask(p.Expression) : Operand(p.Expression);
                        return inner is null ? null : $"({inner})";
                    }
                case IdentifierNameSyntax id:
                    {
                        int index = -1;
                        for (int i = 0; i < columns.Count; i++)
                            if (columns[i] == id.Identifier.ValueText) index = i;
                        if (index < 0 || model.GetSymbolInfo(id).Symbol is not IParameterSymbol) return null;
                        return $"__v{index}";
                    }
                case BinaryExpressionSyntax b:
                    return Binary(b);
                case PrefixUnaryExpressionSyntax u:
                    switch (u.Kind())
                    {
                        case SyntaxKind.LogicalNotExpression:
                            {
                                var m = Mask(u.Operand);
                                return m is null ? null : $"(~{m})";
                            }
                        case SyntaxKind.UnaryMinusExpression:
                            {
                                if (element == typeof(uint) || element == typeof(ulong)) return null;
                                var o = Operand(u.Operand);
                                return o is null ? null : $"(-{o})";
                            }
                        case SyntaxKind.UnaryPlusExpression:
                            return Operand(u.Operand);
                        default:
                            return null;
                    }
                case CastExpressionSyntax c:
                    {
                        // Only identity casts ((float)x with x a float): anything else changes the type.
                        var target = model.GetTypeInfo(c.Type).Type;
                        if (!IsElement(target)) return null;
                        return Operand(c.Expression);
                    }
                case ConditionalExpressionSyntax c:
                    {
                        var m = Mask(c.Condition);
                        var a = Operand(c.WhenTrue);
                        var b = Operand(c.WhenFalse);
                        return m is null || a is null || b is null ? null : $"{{V}}.ConditionalSelect({m}, {a}, {b})";
                    }
                case InvocationExpressionSyntax call:
                    {
                        if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method) return null;
                        var owner = method.ContainingType?.ToDisplayString();
                        if (owner is not ("EventFrame.VecOps" or "System.Math" or "System.MathF")) return null;
                        if (!IsElement(method.ReturnType) || call.ArgumentList.Arguments.Count != 1) return null;
                        var arg = Operand(call.ArgumentList.Arguments[0].Expression);
                        if (arg is null) return null;
                        return method.Name switch
                        {
                            "abs" or "Abs" when element != typeof(uint) && element != typeof(ulong) => $"{{V}}.Abs({arg})",
                            "sqrt" or "Sqrt" when IsFloating => $"{{V}}.Sqrt({arg})",
                            _ => null,
                        };
                    }
                default:
                    return null;
            }
        }

        private string? Binary(BinaryExpressionSyntax b)
        {
            var kind = b.Kind();
            switch (kind)
            {
                case SyntaxKind.LogicalAndExpression or SyntaxKind.BitwiseAndExpression
                    or SyntaxKind.LogicalOrExpression or SyntaxKind.BitwiseOrExpression or SyntaxKind.ExclusiveOrExpression:
                    {
                        if (!IsBool(model.GetTypeInfo(b).Type)) return null;
                        var l = Mask(b.Left);
                        var r = Mask(b.Right);
                        if (l is null || r is null) return null;
                        string op = kind is SyntaxKind.LogicalAndExpression or SyntaxKind.BitwiseAndExpression ? "&"
                            : kind == SyntaxKind.ExclusiveOrExpression ? "^" : "|";
                        return $"({l} {op} {r})";
                    }
                case SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                    or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                    {
                        // The comparison must be the predefined one on T (both operands converted to T).
                        if (model.GetSymbolInfo(b).Symbol is IMethodSymbol m && (m.MethodKind != MethodKind.BuiltinOperator || !IsElement(m.Parameters[0].Type))) return null;
                        var l = Operand(b.Left);
                        var r = Operand(b.Right);
                        if (l is null || r is null) return null;
                        return kind switch
                        {
                            SyntaxKind.LessThanExpression => $"{{V}}.LessThan({l}, {r})",
                            SyntaxKind.LessThanOrEqualExpression => $"{{V}}.LessThanOrEqual({l}, {r})",
                            SyntaxKind.GreaterThanExpression => $"{{V}}.GreaterThan({l}, {r})",
                            SyntaxKind.GreaterThanOrEqualExpression => $"{{V}}.GreaterThanOrEqual({l}, {r})",
                            SyntaxKind.EqualsExpression => $"{{V}}.Equals({l}, {r})",
                            _ => $"(~{{V}}.Equals({l}, {r}))",
                        };
                    }
                case SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression:
                    {
                        if (!IsElement(model.GetTypeInfo(b).Type)) return null;
                        if (kind == SyntaxKind.DivideExpression && !IsFloating) return null;
                        if (model.GetSymbolInfo(b).Symbol is IMethodSymbol m && m.MethodKind != MethodKind.BuiltinOperator) return null;
                        var l = Operand(b.Left);
                        var r = Operand(b.Right);
                        if (l is null || r is null) return null;
                        string op = kind switch
                        {
                            SyntaxKind.AddExpression => "+",
                            SyntaxKind.SubtractExpression => "-",
                            SyntaxKind.MultiplyExpression => "*",
                            _ => "/",
                        };
                        return $"({l} {op} {r})";
                    }
                default:
                    return null;
            }
        }
    }
}
