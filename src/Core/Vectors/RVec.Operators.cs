using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventFrame;

/// <summary>
/// ROOT's RVec operators as C# 14 extension operators: element-wise arithmetic and comparisons between vectors
/// and with scalars on either side, bitwise operators on integer vectors, and logical operators on masks
/// (including <c>&amp;&amp;</c> and <c>||</c>, which act element-wise as in ROOT). Every result is allocated in
/// the calling thread's <see cref="RVecArena"/>.
/// <para>Types: an operation between <c>RVec&lt;T&gt;</c> and <c>T</c> stays in <c>T</c>, and so does one with an
/// int literal when <c>T</c> is int, long, float or double (<c>pt * 2</c> is an <c>RVec&lt;float&gt;</c>). With a
/// <c>double</c> scalar it is evaluated in double and gives doubles (or a double comparison), like C++'s usual
/// arithmetic conversions (<c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>, <c>eta &lt; 2.4</c> compares in double).
/// C# does not infer a byte or short <c>T</c> from an int literal, so <c>b * 2</c> on such a vector also goes
/// through double; write <c>(byte)2</c> to stay in the element type. Unlike C++, small integer types are not
/// promoted to int: <c>RVec&lt;short&gt; + RVec&lt;short&gt;</c> wraps in short. Comparisons give
/// <c>RVec&lt;bool&gt;</c> masks where ROOT gives <c>RVec&lt;int&gt;</c> of 0/1.</para>
/// </summary>
public static class RVecOperators
{
    extension<T>(RVec<T>) where T : INumber<T>
    {
        /// <summary>A copy of the vector (ROOT's unary <c>+</c>).</summary>
        public static RVec<T> operator +(RVec<T> a)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            a.AsSpan().CopyTo(dst);
            return r;
        }

        /// <summary>Element-wise negation <c>-a[i]</c> (wrapping for unsigned types).</summary>
        public static RVec<T> operator -(RVec<T> a)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.Negate(a.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise sum <c>a[i] + b[i]</c> in <typeparamref name="T"/>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator +(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("+", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Add(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise sum <c>a[i] + b</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator +(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Add(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise sum <c>a + b[i]</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator +(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            Elementwise.Add(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>
        /// Element-wise sum <c>(double)a[i] + b</c> giving doubles, as C++ promotes <c>RVec&lt;float&gt; + double</c>
        /// (so <c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>).
        /// </summary>
        public static RVec<double> operator +(RVec<T> a, double b)
        {
            var src = Elementwise.AsDoubles(a, out var dst, out var r);
            Elementwise.Add(src, b, dst);
            return r;
        }

        /// <summary>Element-wise sum <c>a + (double)b[i]</c> giving doubles, as C++ promotes <c>double + RVec&lt;float&gt;</c>.</summary>
        public static RVec<double> operator +(double a, RVec<T> b)
        {
            var src = Elementwise.AsDoubles(b, out var dst, out var r);
            Elementwise.Add(src, a, dst);
            return r;
        }

        /// <summary>Element-wise difference <c>a[i] - b[i]</c> in <typeparamref name="T"/>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator -(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("-", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Subtract(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise difference <c>a[i] - b</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator -(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Subtract(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise difference <c>a - b[i]</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator -(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            Elementwise.Subtract(a, b.AsSpan(), dst);
            return r;
        }

        /// <summary>
        /// Element-wise difference <c>(double)a[i] - b</c> giving doubles, as C++ promotes <c>RVec&lt;float&gt; - double</c>
        /// (so <c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>).
        /// </summary>
        public static RVec<double> operator -(RVec<T> a, double b)
        {
            var src = Elementwise.AsDoubles(a, out var dst, out var r);
            Elementwise.Subtract(src, b, dst);
            return r;
        }

        /// <summary>Element-wise difference <c>a - (double)b[i]</c> giving doubles, as C++ promotes <c>double - RVec&lt;float&gt;</c>.</summary>
        public static RVec<double> operator -(double a, RVec<T> b)
        {
            var src = Elementwise.AsDoubles(b, out var dst, out var r);
            Elementwise.Subtract(a, src, dst);
            return r;
        }

        /// <summary>Element-wise product <c>a[i] * b[i]</c> in <typeparamref name="T"/>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator *(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("*", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Multiply(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise product <c>a[i] * b</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator *(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Multiply(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise product <c>a * b[i]</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator *(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            Elementwise.Multiply(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>
        /// Element-wise product <c>(double)a[i] * b</c> giving doubles, as C++ promotes <c>RVec&lt;float&gt; * double</c>
        /// (so <c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>).
        /// </summary>
        public static RVec<double> operator *(RVec<T> a, double b)
        {
            var src = Elementwise.AsDoubles(a, out var dst, out var r);
            Elementwise.Multiply(src, b, dst);
            return r;
        }

        /// <summary>Element-wise product <c>a * (double)b[i]</c> giving doubles, as C++ promotes <c>double * RVec&lt;float&gt;</c>.</summary>
        public static RVec<double> operator *(double a, RVec<T> b)
        {
            var src = Elementwise.AsDoubles(b, out var dst, out var r);
            Elementwise.Multiply(src, a, dst);
            return r;
        }

        /// <summary>Element-wise quotient <c>a[i] / b[i]</c> in <typeparamref name="T"/>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator /(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("/", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Divide(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise quotient <c>a[i] / b</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator /(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Divide(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise quotient <c>a / b[i]</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator /(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            Elementwise.Divide(a, b.AsSpan(), dst);
            return r;
        }

        /// <summary>
        /// Element-wise quotient <c>(double)a[i] / b</c> giving doubles, as C++ promotes <c>RVec&lt;float&gt; / double</c>
        /// (so <c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>).
        /// </summary>
        public static RVec<double> operator /(RVec<T> a, double b)
        {
            var src = Elementwise.AsDoubles(a, out var dst, out var r);
            Elementwise.Divide(src, b, dst);
            return r;
        }

        /// <summary>Element-wise quotient <c>a / (double)b[i]</c> giving doubles, as C++ promotes <c>double / RVec&lt;float&gt;</c>.</summary>
        public static RVec<double> operator /(double a, RVec<T> b)
        {
            var src = Elementwise.AsDoubles(b, out var dst, out var r);
            Elementwise.Divide(a, src, dst);
            return r;
        }

        /// <summary>Element-wise remainder (C# <c>%</c>: truncated, like <c>std::fmod</c> for floating point) <c>a[i] % b[i]</c> in <typeparamref name="T"/>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator %(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("%", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Remainder(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise remainder (C# <c>%</c>: truncated, like <c>std::fmod</c> for floating point) <c>a[i] % b</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator %(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            Elementwise.Remainder(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise remainder (C# <c>%</c>: truncated, like <c>std::fmod</c> for floating point) <c>a % b[i]</c> in <typeparamref name="T"/>.</summary>
        public static RVec<T> operator %(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            Elementwise.Remainder(a, b.AsSpan(), dst);
            return r;
        }

        /// <summary>
        /// Element-wise remainder (C# <c>%</c>: truncated, like <c>std::fmod</c> for floating point) <c>(double)a[i] % b</c> giving doubles, as C++ promotes <c>RVec&lt;float&gt; % double</c>
        /// (so <c>pt * 1.5</c> is an <c>RVec&lt;double&gt;</c>).
        /// </summary>
        public static RVec<double> operator %(RVec<T> a, double b)
        {
            var src = Elementwise.AsDoubles(a, out var dst, out var r);
            Elementwise.Remainder(src, b, dst);
            return r;
        }

        /// <summary>Element-wise remainder (C# <c>%</c>: truncated, like <c>std::fmod</c> for floating point) <c>a % (double)b[i]</c> giving doubles, as C++ promotes <c>double % RVec&lt;float&gt;</c>.</summary>
        public static RVec<double> operator %(double a, RVec<T> b)
        {
            var src = Elementwise.AsDoubles(b, out var dst, out var r);
            Elementwise.Remainder(a, src, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &lt; b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator <(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("<", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, LessOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &lt; b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator <(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, LessOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &lt; b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator <(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, GreaterOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] &lt; b</c>: compared in double, as C++ promotes <c>float &lt; double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator <(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, LessOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &lt; (double)b[i]</c>: compared in double, as C++ promotes <c>double &lt; float</c>.</summary>
        public static RVec<bool> operator <(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, GreaterOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &lt;= b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator <=(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("<=", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, LessEqualOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &lt;= b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator <=(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, LessEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &lt;= b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator <=(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, GreaterEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] &lt;= b</c>: compared in double, as C++ promotes <c>float &lt;= double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator <=(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, LessEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &lt;= (double)b[i]</c>: compared in double, as C++ promotes <c>double &lt;= float</c>.</summary>
        public static RVec<bool> operator <=(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, GreaterEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &gt; b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator >(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes(">", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, GreaterOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &gt; b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator >(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, GreaterOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &gt; b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator >(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, LessOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] &gt; b</c>: compared in double, as C++ promotes <c>float &gt; double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator >(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, GreaterOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &gt; (double)b[i]</c>: compared in double, as C++ promotes <c>double &gt; float</c>.</summary>
        public static RVec<bool> operator >(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, LessOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &gt;= b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator >=(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes(">=", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, GreaterEqualOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] &gt;= b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator >=(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, GreaterEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &gt;= b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator >=(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, LessEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] &gt;= b</c>: compared in double, as C++ promotes <c>float &gt;= double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator >=(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, GreaterEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a &gt;= (double)b[i]</c>: compared in double, as C++ promotes <c>double &gt;= float</c>.</summary>
        public static RVec<bool> operator >=(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, LessEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] == b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator ==(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("==", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, EqualOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] == b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator ==(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, EqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a == b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator ==(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, EqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] == b</c>: compared in double, as C++ promotes <c>float == double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator ==(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, EqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a == (double)b[i]</c>: compared in double, as C++ promotes <c>double == float</c>.</summary>
        public static RVec<bool> operator ==(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, EqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] != b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator !=(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("!=", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, NotEqualOp>(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Mask of <c>a[i] != b</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator !=(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.Compare<T, NotEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a != b[i]</c>, compared in <typeparamref name="T"/>.</summary>
        public static RVec<bool> operator !=(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.Compare<T, NotEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Mask of <c>(double)a[i] != b</c>: compared in double, as C++ promotes <c>float != double</c> (<c>eta &lt; 2.4</c>).</summary>
        public static RVec<bool> operator !=(RVec<T> a, double b)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            VectorKernels.CompareDouble<T, NotEqualOp>(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Mask of <c>a != (double)b[i]</c>: compared in double, as C++ promotes <c>double != float</c>.</summary>
        public static RVec<bool> operator !=(double a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<bool>(b.Length, out var r);
            VectorKernels.CompareDouble<T, NotEqualOp>(b.AsSpan(), a, dst);
            return r;
        }

    }

    extension<T>(RVec<T>) where T : IBinaryInteger<T>
    {
        /// <summary>Element-wise bitwise complement <c>~a[i]</c> (ROOT's <c>operator~</c> on integer RVecs).</summary>
        public static RVec<T> operator ~(RVec<T> a)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.OnesComplement(a.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise bitwise and <c>a[i] &amp; b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator &(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("&", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.BitwiseAnd(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise bitwise and <c>a[i] &amp; b</c>.</summary>
        public static RVec<T> operator &(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.BitwiseAnd(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise bitwise and <c>a &amp; b[i]</c>.</summary>
        public static RVec<T> operator &(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            TensorPrimitives.BitwiseAnd(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Element-wise bitwise or <c>a[i] | b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator |(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("|", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.BitwiseOr(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise bitwise or <c>a[i] | b</c>.</summary>
        public static RVec<T> operator |(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.BitwiseOr(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise bitwise or <c>a | b[i]</c>.</summary>
        public static RVec<T> operator |(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            TensorPrimitives.BitwiseOr(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Element-wise bitwise exclusive or <c>a[i] ^ b[i]</c>; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<T> operator ^(RVec<T> a, RVec<T> b)
        {
            Elementwise.CheckSizes("^", a.Length, b.Length);
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.Xor(a.AsSpan(), b.AsSpan(), dst);
            return r;
        }

        /// <summary>Element-wise bitwise exclusive or <c>a[i] ^ b</c>.</summary>
        public static RVec<T> operator ^(RVec<T> a, T b)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            TensorPrimitives.Xor(a.AsSpan(), b, dst);
            return r;
        }

        /// <summary>Element-wise bitwise exclusive or <c>a ^ b[i]</c>.</summary>
        public static RVec<T> operator ^(T a, RVec<T> b)
        {
            var dst = RVecArena.Allocate<T>(b.Length, out var r);
            TensorPrimitives.Xor(b.AsSpan(), a, dst);
            return r;
        }

        /// <summary>Element-wise left shift <c>a[i] &lt;&lt; n</c> (C# semantics: the count is masked to the type's width).</summary>
        public static RVec<T> operator <<(RVec<T> a, int n)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            var s = a.AsSpan();
            for (int i = 0; i < s.Length; i++) dst[i] = s[i] << n;
            return r;
        }

        /// <summary>Element-wise right shift <c>a[i] &gt;&gt; n</c> (arithmetic for signed types, as C++ compilers do).</summary>
        public static RVec<T> operator >>(RVec<T> a, int n)
        {
            var dst = RVecArena.Allocate<T>(a.Length, out var r);
            var s = a.AsSpan();
            for (int i = 0; i < s.Length; i++) dst[i] = s[i] >> n;
            return r;
        }
    }

    extension(RVec<bool>)
    {
        /// <summary>Element-wise logical and of two masks; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator &(RVec<bool> a, RVec<bool> b)
        {
            Elementwise.CheckSizes("&", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            Elementwise.BitwiseAnd(Elementwise.Bytes(a), Elementwise.Bytes(b), MemoryMarshal.AsBytes(dst));
            return r;
        }

        /// <summary>Element-wise logical or of two masks; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator |(RVec<bool> a, RVec<bool> b)
        {
            Elementwise.CheckSizes("|", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            Elementwise.BitwiseOr(Elementwise.Bytes(a), Elementwise.Bytes(b), MemoryMarshal.AsBytes(dst));
            return r;
        }

        /// <summary>Element-wise exclusive or of two masks; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator ^(RVec<bool> a, RVec<bool> b)
        {
            Elementwise.CheckSizes("^", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            Elementwise.Xor(Elementwise.Bytes(a), Elementwise.Bytes(b), MemoryMarshal.AsBytes(dst));
            return r;
        }

        /// <summary>Element-wise equality of two masks; throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator ==(RVec<bool> a, RVec<bool> b)
        {
            Elementwise.CheckSizes("==", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            var x = Elementwise.Bytes(a);
            var y = Elementwise.Bytes(b);
            var d = MemoryMarshal.AsBytes(dst);
            for (int i = 0; i < x.Length; i++) d[i] = (byte)(~(x[i] ^ y[i]) & 1);
            return r;
        }

        /// <summary>Element-wise inequality of two masks (same as <c>^</c>); throws <see cref="ArgumentException"/> naming both sizes when they differ.</summary>
        public static RVec<bool> operator !=(RVec<bool> a, RVec<bool> b)
        {
            Elementwise.CheckSizes("!=", a.Length, b.Length);
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            Elementwise.Xor(Elementwise.Bytes(a), Elementwise.Bytes(b), MemoryMarshal.AsBytes(dst));
            return r;
        }

        /// <summary>Element-wise logical not of a mask.</summary>
        public static RVec<bool> operator !(RVec<bool> a)
        {
            var dst = RVecArena.Allocate<bool>(a.Length, out var r);
            Elementwise.Xor(Elementwise.Bytes(a), (byte)1, MemoryMarshal.AsBytes(dst));
            return r;
        }

        /// <summary>
        /// Always false, so that <c>a &amp;&amp; b</c> never short-circuits and evaluates to <c>a &amp; b</c>
        /// element-wise, as ROOT's <c>operator&amp;&amp;</c> on RVecs does (a mask is not a single truth value).
        /// </summary>
        public static bool operator true(RVec<bool> a) => false;

        /// <summary>Always false, so that <c>a || b</c> evaluates to <c>a | b</c> element-wise, as in ROOT.</summary>
        public static bool operator false(RVec<bool> a) => false;
    }
}

/// <summary>Helpers shared by the element-wise operators and functions.</summary>
internal static class Elementwise
{
    /// <summary>Throws when two operands of an element-wise operation differ in size.</summary>
    internal static void CheckSizes(string op, int a, int b)
    {
        if (a != b) ThrowSizes(op, a, b);
    }

    [DoesNotReturn]
    internal static void ThrowSizes(string op, int a, int b) =>
        throw new ArgumentException($"Cannot apply {op} to RVecs of different sizes ({a} and {b})");

    // Below this length a plain loop beats TensorPrimitives' dispatch (typical per-event vectors are 0-8 long).
    private const int SmallLength = 8;

    /// <summary><c>dst[i] = x[i] + y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Add(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] + y[i];
    }

    /// <summary><c>dst[i] = x[i] + y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add<T>(ReadOnlySpan<T> x, T y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Add(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] + y;
    }

    /// <summary><c>dst[i] = x[i] - y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Subtract(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] - y[i];
    }

    /// <summary><c>dst[i] = x[i] - y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Subtract<T>(ReadOnlySpan<T> x, T y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Subtract(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] - y;
    }

    /// <summary><c>dst[i] = x - y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Subtract<T>(T x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (y.Length >= SmallLength) TensorPrimitives.Subtract(x, y, dst);
        else for (int i = 0; i < y.Length; i++) dst[i] = x - y[i];
    }

    /// <summary><c>dst[i] = x[i] * y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Multiply(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] * y[i];
    }

    /// <summary><c>dst[i] = x[i] * y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Multiply<T>(ReadOnlySpan<T> x, T y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Multiply(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] * y;
    }

    /// <summary><c>dst[i] = x[i] / y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Divide(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] / y[i];
    }

    /// <summary><c>dst[i] = x[i] / y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Divide<T>(ReadOnlySpan<T> x, T y, Span<T> dst) where T : INumber<T>
    {
        if (x.Length >= SmallLength) TensorPrimitives.Divide(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = x[i] / y;
    }

    /// <summary><c>dst[i] = x / y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Divide<T>(T x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        if (y.Length >= SmallLength) TensorPrimitives.Divide(x, y, dst);
        else for (int i = 0; i < y.Length; i++) dst[i] = x / y[i];
    }

    /// <summary><c>dst[i] = x[i] &amp; y[i]</c> on mask bytes.</summary>
    internal static void BitwiseAnd(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> dst)
    {
        if (x.Length >= 16) TensorPrimitives.BitwiseAnd(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = (byte)(x[i] & y[i]);
    }

    /// <summary><c>dst[i] = x[i] | y[i]</c> on mask bytes.</summary>
    internal static void BitwiseOr(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> dst)
    {
        if (x.Length >= 16) TensorPrimitives.BitwiseOr(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = (byte)(x[i] | y[i]);
    }

    /// <summary><c>dst[i] = x[i] ^ y[i]</c> on mask bytes.</summary>
    internal static void Xor(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> dst)
    {
        if (x.Length >= 16) TensorPrimitives.Xor(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = (byte)(x[i] ^ y[i]);
    }

    /// <summary><c>dst[i] = x[i] ^ y</c> on mask bytes.</summary>
    internal static void Xor(ReadOnlySpan<byte> x, byte y, Span<byte> dst)
    {
        if (x.Length >= 16) TensorPrimitives.Xor(x, y, dst);
        else for (int i = 0; i < x.Length; i++) dst[i] = (byte)(x[i] ^ y);
    }

    // C#'s % is std::fmod for floating point (exact, sign of the dividend, -0 kept); TensorPrimitives.Remainder
    // computes it differently and loses -0, so remainders are plain loops.

    /// <summary><c>dst[i] = x[i] % y[i]</c>.</summary>
    internal static void Remainder<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        for (int i = 0; i < x.Length; i++) dst[i] = x[i] % y[i];
    }

    /// <summary><c>dst[i] = x[i] % y</c>.</summary>
    internal static void Remainder<T>(ReadOnlySpan<T> x, T y, Span<T> dst) where T : INumber<T>
    {
        for (int i = 0; i < x.Length; i++) dst[i] = x[i] % y;
    }

    /// <summary><c>dst[i] = x % y[i]</c>.</summary>
    internal static void Remainder<T>(T x, ReadOnlySpan<T> y, Span<T> dst) where T : INumber<T>
    {
        for (int i = 0; i < y.Length; i++) dst[i] = x % y[i];
    }

    /// <summary>The bytes (0/1) behind a mask.</summary>
    internal static ReadOnlySpan<byte> Bytes(RVec<bool> v) => MemoryMarshal.AsBytes(v.AsSpan());

    /// <summary>
    /// Allocates the double result of a mixed operation and returns its input as doubles: the vector itself
    /// when it already holds doubles, else the converted values written into the result buffer.
    /// </summary>
    internal static ReadOnlySpan<double> AsDoubles<T>(RVec<T> v, out Span<double> dst, out RVec<double> result) where T : INumber<T>
    {
        dst = RVecArena.Allocate<double>(v.Length, out result);
        if (typeof(T) == typeof(double)) return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref v.DataRef), v.Length);
        var src = v.AsSpan();
        if (src.Length >= SmallLength) TensorPrimitives.ConvertTruncating<T, double>(src, dst);
        else for (int i = 0; i < src.Length; i++) dst[i] = double.CreateTruncating(src[i]);
        return dst;
    }
}
