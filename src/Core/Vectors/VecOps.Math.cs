using System.Numerics;
using System.Numerics.Tensors;

namespace EventFrame;

// Element-wise math with ROOT's names and result types (RVEC_STD_UNARY_FUNCTION / RVEC_STD_BINARY_FUNCTION):
// float stays float, double stays double, any other element type is promoted to double. Transcendental
// functions call .NET's scalar Math/MathF, which on Linux are the C library's, so results match a C++ build of
// ROOT element for element; exactly rounded operations (abs, sqrt, floor, ceil, trunc) run vectorised.
public static partial class VecOps
{
    /// <summary>The absolute value of a float, in float (C++'s <c>std::abs(float)</c>).</summary>
    public static float abs(float x) => MathF.Abs(x);

    /// <summary>The absolute value of a double.</summary>
    public static double abs(double x) => Math.Abs(x);

    /// <summary>Element-wise absolute value in float (ROOT's <c>abs(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> abs(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Abs(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = MathF.Abs(s[i]);
        return r;
    }

    /// <summary>Element-wise absolute value in double (ROOT's <c>abs(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> abs(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Abs(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = Math.Abs(s[i]);
        return r;
    }

    /// <summary>Element-wise absolute value of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> abs<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Abs(src[i]);
        return r;
    }

    /// <summary>The square root of a float, in float (C++'s <c>std::sqrt(float)</c>).</summary>
    public static float sqrt(float x) => MathF.Sqrt(x);

    /// <summary>The square root of a double.</summary>
    public static double sqrt(double x) => Math.Sqrt(x);

    /// <summary>Element-wise square root in float (ROOT's <c>sqrt(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> sqrt(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Sqrt(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = MathF.Sqrt(s[i]);
        return r;
    }

    /// <summary>Element-wise square root in double (ROOT's <c>sqrt(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> sqrt(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Sqrt(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = Math.Sqrt(s[i]);
        return r;
    }

    /// <summary>Element-wise square root of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> sqrt<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Sqrt(src[i]);
        return r;
    }

    /// <summary>The square root of an int converted to double (C++'s <c>std::sqrt(int)</c> is the double overload).</summary>
    public static double sqrt(int x) => Math.Sqrt((double)x);

    /// <summary>The square root of a long converted to double.</summary>
    public static double sqrt(long x) => Math.Sqrt((double)x);

    /// <summary>The cube root of a float, in float (C++'s <c>std::cbrt(float)</c>).</summary>
    public static float cbrt(float x) => MathF.Cbrt(x);

    /// <summary>The cube root of a double.</summary>
    public static double cbrt(double x) => Math.Cbrt(x);

    /// <summary>Element-wise cube root in float (ROOT's <c>cbrt(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> cbrt(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Cbrt(s[i]);
        return r;
    }

    /// <summary>Element-wise cube root in double (ROOT's <c>cbrt(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> cbrt(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Cbrt(s[i]);
        return r;
    }

    /// <summary>Element-wise cube root of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> cbrt<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Cbrt(src[i]);
        return r;
    }

    /// <summary>The cube root of an int converted to double (C++'s <c>std::cbrt(int)</c> is the double overload).</summary>
    public static double cbrt(int x) => Math.Cbrt((double)x);

    /// <summary>The cube root of a long converted to double.</summary>
    public static double cbrt(long x) => Math.Cbrt((double)x);

    /// <summary>The exponential of a float, in float (C++'s <c>std::exp(float)</c>).</summary>
    public static float exp(float x) => MathF.Exp(x);

    /// <summary>The exponential of a double.</summary>
    public static double exp(double x) => Math.Exp(x);

    /// <summary>Element-wise exponential in float (ROOT's <c>exp(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> exp(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Exp(s[i]);
        return r;
    }

    /// <summary>Element-wise exponential in double (ROOT's <c>exp(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> exp(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Exp(s[i]);
        return r;
    }

    /// <summary>Element-wise exponential of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> exp<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Exp(src[i]);
        return r;
    }

    /// <summary>The exponential of an int converted to double (C++'s <c>std::exp(int)</c> is the double overload).</summary>
    public static double exp(int x) => Math.Exp((double)x);

    /// <summary>The exponential of a long converted to double.</summary>
    public static double exp(long x) => Math.Exp((double)x);

    /// <summary>The base-2 exponential of a float, in float (C++'s <c>std::exp2(float)</c>).</summary>
    public static float exp2(float x) => float.Exp2(x);

    /// <summary>The base-2 exponential of a double.</summary>
    public static double exp2(double x) => double.Exp2(x);

    /// <summary>Element-wise base-2 exponential in float (ROOT's <c>exp2(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> exp2(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = float.Exp2(s[i]);
        return r;
    }

    /// <summary>Element-wise base-2 exponential in double (ROOT's <c>exp2(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> exp2(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = double.Exp2(s[i]);
        return r;
    }

    /// <summary>Element-wise base-2 exponential of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> exp2<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = double.Exp2(src[i]);
        return r;
    }

    /// <summary>The base-2 exponential of an int converted to double (C++'s <c>std::exp2(int)</c> is the double overload).</summary>
    public static double exp2(int x) => double.Exp2((double)x);

    /// <summary>The base-2 exponential of a long converted to double.</summary>
    public static double exp2(long x) => double.Exp2((double)x);

    /// <summary>The <c>exp(x) - 1</c> of a float, in float (C++'s <c>std::expm1(float)</c>).</summary>
    public static float expm1(float x) => float.ExpM1(x);

    /// <summary>The <c>exp(x) - 1</c> of a double.</summary>
    public static double expm1(double x) => double.ExpM1(x);

    /// <summary>Element-wise <c>exp(x) - 1</c> in float (ROOT's <c>expm1(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> expm1(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = float.ExpM1(s[i]);
        return r;
    }

    /// <summary>Element-wise <c>exp(x) - 1</c> in double (ROOT's <c>expm1(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> expm1(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = double.ExpM1(s[i]);
        return r;
    }

    /// <summary>Element-wise <c>exp(x) - 1</c> of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> expm1<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = double.ExpM1(src[i]);
        return r;
    }

    /// <summary>The <c>exp(x) - 1</c> of an int converted to double (C++'s <c>std::expm1(int)</c> is the double overload).</summary>
    public static double expm1(int x) => double.ExpM1((double)x);

    /// <summary>The <c>exp(x) - 1</c> of a long converted to double.</summary>
    public static double expm1(long x) => double.ExpM1((double)x);

    /// <summary>The natural logarithm of a float, in float (C++'s <c>std::log(float)</c>).</summary>
    public static float log(float x) => MathF.Log(x);

    /// <summary>The natural logarithm of a double.</summary>
    public static double log(double x) => Math.Log(x);

    /// <summary>Element-wise natural logarithm in float (ROOT's <c>log(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> log(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Log(s[i]);
        return r;
    }

    /// <summary>Element-wise natural logarithm in double (ROOT's <c>log(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> log(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Log(s[i]);
        return r;
    }

    /// <summary>Element-wise natural logarithm of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> log<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Log(src[i]);
        return r;
    }

    /// <summary>The natural logarithm of an int converted to double (C++'s <c>std::log(int)</c> is the double overload).</summary>
    public static double log(int x) => Math.Log((double)x);

    /// <summary>The natural logarithm of a long converted to double.</summary>
    public static double log(long x) => Math.Log((double)x);

    /// <summary>The base-10 logarithm of a float, in float (C++'s <c>std::log10(float)</c>).</summary>
    public static float log10(float x) => MathF.Log10(x);

    /// <summary>The base-10 logarithm of a double.</summary>
    public static double log10(double x) => Math.Log10(x);

    /// <summary>Element-wise base-10 logarithm in float (ROOT's <c>log10(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> log10(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Log10(s[i]);
        return r;
    }

    /// <summary>Element-wise base-10 logarithm in double (ROOT's <c>log10(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> log10(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Log10(s[i]);
        return r;
    }

    /// <summary>Element-wise base-10 logarithm of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> log10<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Log10(src[i]);
        return r;
    }

    /// <summary>The base-10 logarithm of an int converted to double (C++'s <c>std::log10(int)</c> is the double overload).</summary>
    public static double log10(int x) => Math.Log10((double)x);

    /// <summary>The base-10 logarithm of a long converted to double.</summary>
    public static double log10(long x) => Math.Log10((double)x);

    /// <summary>The base-2 logarithm of a float, in float (C++'s <c>std::log2(float)</c>).</summary>
    public static float log2(float x) => MathF.Log2(x);

    /// <summary>The base-2 logarithm of a double.</summary>
    public static double log2(double x) => Math.Log2(x);

    /// <summary>Element-wise base-2 logarithm in float (ROOT's <c>log2(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> log2(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Log2(s[i]);
        return r;
    }

    /// <summary>Element-wise base-2 logarithm in double (ROOT's <c>log2(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> log2(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Log2(s[i]);
        return r;
    }

    /// <summary>Element-wise base-2 logarithm of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> log2<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Log2(src[i]);
        return r;
    }

    /// <summary>The base-2 logarithm of an int converted to double (C++'s <c>std::log2(int)</c> is the double overload).</summary>
    public static double log2(int x) => Math.Log2((double)x);

    /// <summary>The base-2 logarithm of a long converted to double.</summary>
    public static double log2(long x) => Math.Log2((double)x);

    /// <summary>The <c>log(1 + x)</c> of a float, in float (C++'s <c>std::log1p(float)</c>).</summary>
    public static float log1p(float x) => float.LogP1(x);

    /// <summary>The <c>log(1 + x)</c> of a double.</summary>
    public static double log1p(double x) => double.LogP1(x);

    /// <summary>Element-wise <c>log(1 + x)</c> in float (ROOT's <c>log1p(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> log1p(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = float.LogP1(s[i]);
        return r;
    }

    /// <summary>Element-wise <c>log(1 + x)</c> in double (ROOT's <c>log1p(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> log1p(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = double.LogP1(s[i]);
        return r;
    }

    /// <summary>Element-wise <c>log(1 + x)</c> of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> log1p<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = double.LogP1(src[i]);
        return r;
    }

    /// <summary>The <c>log(1 + x)</c> of an int converted to double (C++'s <c>std::log1p(int)</c> is the double overload).</summary>
    public static double log1p(int x) => double.LogP1((double)x);

    /// <summary>The <c>log(1 + x)</c> of a long converted to double.</summary>
    public static double log1p(long x) => double.LogP1((double)x);

    /// <summary>The sine of a float, in float (C++'s <c>std::sin(float)</c>).</summary>
    public static float sin(float x) => MathF.Sin(x);

    /// <summary>The sine of a double.</summary>
    public static double sin(double x) => Math.Sin(x);

    /// <summary>Element-wise sine in float (ROOT's <c>sin(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> sin(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Sin(s[i]);
        return r;
    }

    /// <summary>Element-wise sine in double (ROOT's <c>sin(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> sin(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Sin(s[i]);
        return r;
    }

    /// <summary>Element-wise sine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> sin<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Sin(src[i]);
        return r;
    }

    /// <summary>The sine of an int converted to double (C++'s <c>std::sin(int)</c> is the double overload).</summary>
    public static double sin(int x) => Math.Sin((double)x);

    /// <summary>The sine of a long converted to double.</summary>
    public static double sin(long x) => Math.Sin((double)x);

    /// <summary>The cosine of a float, in float (C++'s <c>std::cos(float)</c>).</summary>
    public static float cos(float x) => MathF.Cos(x);

    /// <summary>The cosine of a double.</summary>
    public static double cos(double x) => Math.Cos(x);

    /// <summary>Element-wise cosine in float (ROOT's <c>cos(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> cos(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Cos(s[i]);
        return r;
    }

    /// <summary>Element-wise cosine in double (ROOT's <c>cos(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> cos(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Cos(s[i]);
        return r;
    }

    /// <summary>Element-wise cosine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> cos<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Cos(src[i]);
        return r;
    }

    /// <summary>The cosine of an int converted to double (C++'s <c>std::cos(int)</c> is the double overload).</summary>
    public static double cos(int x) => Math.Cos((double)x);

    /// <summary>The cosine of a long converted to double.</summary>
    public static double cos(long x) => Math.Cos((double)x);

    /// <summary>The tangent of a float, in float (C++'s <c>std::tan(float)</c>).</summary>
    public static float tan(float x) => MathF.Tan(x);

    /// <summary>The tangent of a double.</summary>
    public static double tan(double x) => Math.Tan(x);

    /// <summary>Element-wise tangent in float (ROOT's <c>tan(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> tan(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Tan(s[i]);
        return r;
    }

    /// <summary>Element-wise tangent in double (ROOT's <c>tan(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> tan(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Tan(s[i]);
        return r;
    }

    /// <summary>Element-wise tangent of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> tan<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Tan(src[i]);
        return r;
    }

    /// <summary>The tangent of an int converted to double (C++'s <c>std::tan(int)</c> is the double overload).</summary>
    public static double tan(int x) => Math.Tan((double)x);

    /// <summary>The tangent of a long converted to double.</summary>
    public static double tan(long x) => Math.Tan((double)x);

    /// <summary>The arc sine of a float, in float (C++'s <c>std::asin(float)</c>).</summary>
    public static float asin(float x) => MathF.Asin(x);

    /// <summary>The arc sine of a double.</summary>
    public static double asin(double x) => Math.Asin(x);

    /// <summary>Element-wise arc sine in float (ROOT's <c>asin(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> asin(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Asin(s[i]);
        return r;
    }

    /// <summary>Element-wise arc sine in double (ROOT's <c>asin(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> asin(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Asin(s[i]);
        return r;
    }

    /// <summary>Element-wise arc sine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> asin<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Asin(src[i]);
        return r;
    }

    /// <summary>The arc sine of an int converted to double (C++'s <c>std::asin(int)</c> is the double overload).</summary>
    public static double asin(int x) => Math.Asin((double)x);

    /// <summary>The arc sine of a long converted to double.</summary>
    public static double asin(long x) => Math.Asin((double)x);

    /// <summary>The arc cosine of a float, in float (C++'s <c>std::acos(float)</c>).</summary>
    public static float acos(float x) => MathF.Acos(x);

    /// <summary>The arc cosine of a double.</summary>
    public static double acos(double x) => Math.Acos(x);

    /// <summary>Element-wise arc cosine in float (ROOT's <c>acos(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> acos(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Acos(s[i]);
        return r;
    }

    /// <summary>Element-wise arc cosine in double (ROOT's <c>acos(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> acos(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Acos(s[i]);
        return r;
    }

    /// <summary>Element-wise arc cosine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> acos<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Acos(src[i]);
        return r;
    }

    /// <summary>The arc cosine of an int converted to double (C++'s <c>std::acos(int)</c> is the double overload).</summary>
    public static double acos(int x) => Math.Acos((double)x);

    /// <summary>The arc cosine of a long converted to double.</summary>
    public static double acos(long x) => Math.Acos((double)x);

    /// <summary>The arc tangent of a float, in float (C++'s <c>std::atan(float)</c>).</summary>
    public static float atan(float x) => MathF.Atan(x);

    /// <summary>The arc tangent of a double.</summary>
    public static double atan(double x) => Math.Atan(x);

    /// <summary>Element-wise arc tangent in float (ROOT's <c>atan(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> atan(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Atan(s[i]);
        return r;
    }

    /// <summary>Element-wise arc tangent in double (ROOT's <c>atan(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> atan(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Atan(s[i]);
        return r;
    }

    /// <summary>Element-wise arc tangent of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> atan<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Atan(src[i]);
        return r;
    }

    /// <summary>The arc tangent of an int converted to double (C++'s <c>std::atan(int)</c> is the double overload).</summary>
    public static double atan(int x) => Math.Atan((double)x);

    /// <summary>The arc tangent of a long converted to double.</summary>
    public static double atan(long x) => Math.Atan((double)x);

    /// <summary>The hyperbolic sine of a float, in float (C++'s <c>std::sinh(float)</c>).</summary>
    public static float sinh(float x) => MathF.Sinh(x);

    /// <summary>The hyperbolic sine of a double.</summary>
    public static double sinh(double x) => Math.Sinh(x);

    /// <summary>Element-wise hyperbolic sine in float (ROOT's <c>sinh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> sinh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Sinh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic sine in double (ROOT's <c>sinh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> sinh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Sinh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic sine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> sinh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Sinh(src[i]);
        return r;
    }

    /// <summary>The hyperbolic sine of an int converted to double (C++'s <c>std::sinh(int)</c> is the double overload).</summary>
    public static double sinh(int x) => Math.Sinh((double)x);

    /// <summary>The hyperbolic sine of a long converted to double.</summary>
    public static double sinh(long x) => Math.Sinh((double)x);

    /// <summary>The hyperbolic cosine of a float, in float (C++'s <c>std::cosh(float)</c>).</summary>
    public static float cosh(float x) => MathF.Cosh(x);

    /// <summary>The hyperbolic cosine of a double.</summary>
    public static double cosh(double x) => Math.Cosh(x);

    /// <summary>Element-wise hyperbolic cosine in float (ROOT's <c>cosh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> cosh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Cosh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic cosine in double (ROOT's <c>cosh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> cosh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Cosh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic cosine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> cosh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Cosh(src[i]);
        return r;
    }

    /// <summary>The hyperbolic cosine of an int converted to double (C++'s <c>std::cosh(int)</c> is the double overload).</summary>
    public static double cosh(int x) => Math.Cosh((double)x);

    /// <summary>The hyperbolic cosine of a long converted to double.</summary>
    public static double cosh(long x) => Math.Cosh((double)x);

    /// <summary>The hyperbolic tangent of a float, in float (C++'s <c>std::tanh(float)</c>).</summary>
    public static float tanh(float x) => MathF.Tanh(x);

    /// <summary>The hyperbolic tangent of a double.</summary>
    public static double tanh(double x) => Math.Tanh(x);

    /// <summary>Element-wise hyperbolic tangent in float (ROOT's <c>tanh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> tanh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Tanh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic tangent in double (ROOT's <c>tanh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> tanh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Tanh(s[i]);
        return r;
    }

    /// <summary>Element-wise hyperbolic tangent of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> tanh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Tanh(src[i]);
        return r;
    }

    /// <summary>The hyperbolic tangent of an int converted to double (C++'s <c>std::tanh(int)</c> is the double overload).</summary>
    public static double tanh(int x) => Math.Tanh((double)x);

    /// <summary>The hyperbolic tangent of a long converted to double.</summary>
    public static double tanh(long x) => Math.Tanh((double)x);

    /// <summary>The inverse hyperbolic sine of a float, in float (C++'s <c>std::asinh(float)</c>).</summary>
    public static float asinh(float x) => MathF.Asinh(x);

    /// <summary>The inverse hyperbolic sine of a double.</summary>
    public static double asinh(double x) => Math.Asinh(x);

    /// <summary>Element-wise inverse hyperbolic sine in float (ROOT's <c>asinh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> asinh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Asinh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic sine in double (ROOT's <c>asinh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> asinh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Asinh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic sine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> asinh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Asinh(src[i]);
        return r;
    }

    /// <summary>The inverse hyperbolic sine of an int converted to double (C++'s <c>std::asinh(int)</c> is the double overload).</summary>
    public static double asinh(int x) => Math.Asinh((double)x);

    /// <summary>The inverse hyperbolic sine of a long converted to double.</summary>
    public static double asinh(long x) => Math.Asinh((double)x);

    /// <summary>The inverse hyperbolic cosine of a float, in float (C++'s <c>std::acosh(float)</c>).</summary>
    public static float acosh(float x) => MathF.Acosh(x);

    /// <summary>The inverse hyperbolic cosine of a double.</summary>
    public static double acosh(double x) => Math.Acosh(x);

    /// <summary>Element-wise inverse hyperbolic cosine in float (ROOT's <c>acosh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> acosh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Acosh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic cosine in double (ROOT's <c>acosh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> acosh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Acosh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic cosine of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> acosh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Acosh(src[i]);
        return r;
    }

    /// <summary>The inverse hyperbolic cosine of an int converted to double (C++'s <c>std::acosh(int)</c> is the double overload).</summary>
    public static double acosh(int x) => Math.Acosh((double)x);

    /// <summary>The inverse hyperbolic cosine of a long converted to double.</summary>
    public static double acosh(long x) => Math.Acosh((double)x);

    /// <summary>The inverse hyperbolic tangent of a float, in float (C++'s <c>std::atanh(float)</c>).</summary>
    public static float atanh(float x) => MathF.Atanh(x);

    /// <summary>The inverse hyperbolic tangent of a double.</summary>
    public static double atanh(double x) => Math.Atanh(x);

    /// <summary>Element-wise inverse hyperbolic tangent in float (ROOT's <c>atanh(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> atanh(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = MathF.Atanh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic tangent in double (ROOT's <c>atanh(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> atanh(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = Math.Atanh(s[i]);
        return r;
    }

    /// <summary>Element-wise inverse hyperbolic tangent of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> atanh<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Atanh(src[i]);
        return r;
    }

    /// <summary>The inverse hyperbolic tangent of an int converted to double (C++'s <c>std::atanh(int)</c> is the double overload).</summary>
    public static double atanh(int x) => Math.Atanh((double)x);

    /// <summary>The inverse hyperbolic tangent of a long converted to double.</summary>
    public static double atanh(long x) => Math.Atanh((double)x);

    /// <summary>The largest integer not greater of a float, in float (C++'s <c>std::floor(float)</c>).</summary>
    public static float floor(float x) => MathF.Floor(x);

    /// <summary>The largest integer not greater of a double.</summary>
    public static double floor(double x) => Math.Floor(x);

    /// <summary>Element-wise largest integer not greater in float (ROOT's <c>floor(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> floor(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Floor(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = MathF.Floor(s[i]);
        return r;
    }

    /// <summary>Element-wise largest integer not greater in double (ROOT's <c>floor(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> floor(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Floor(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = Math.Floor(s[i]);
        return r;
    }

    /// <summary>Element-wise largest integer not greater of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> floor<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Floor(src[i]);
        return r;
    }

    /// <summary>The largest integer not greater of an int converted to double (C++'s <c>std::floor(int)</c> is the double overload).</summary>
    public static double floor(int x) => Math.Floor((double)x);

    /// <summary>The largest integer not greater of a long converted to double.</summary>
    public static double floor(long x) => Math.Floor((double)x);

    /// <summary>The smallest integer not less of a float, in float (C++'s <c>std::ceil(float)</c>).</summary>
    public static float ceil(float x) => MathF.Ceiling(x);

    /// <summary>The smallest integer not less of a double.</summary>
    public static double ceil(double x) => Math.Ceiling(x);

    /// <summary>Element-wise smallest integer not less in float (ROOT's <c>ceil(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> ceil(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Ceiling(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = MathF.Ceiling(s[i]);
        return r;
    }

    /// <summary>Element-wise smallest integer not less in double (ROOT's <c>ceil(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> ceil(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Ceiling(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = Math.Ceiling(s[i]);
        return r;
    }

    /// <summary>Element-wise smallest integer not less of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> ceil<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Ceiling(src[i]);
        return r;
    }

    /// <summary>The smallest integer not less of an int converted to double (C++'s <c>std::ceil(int)</c> is the double overload).</summary>
    public static double ceil(int x) => Math.Ceiling((double)x);

    /// <summary>The smallest integer not less of a long converted to double.</summary>
    public static double ceil(long x) => Math.Ceiling((double)x);

    /// <summary>The integer part (rounded toward zero) of a float, in float (C++'s <c>std::trunc(float)</c>).</summary>
    public static float trunc(float x) => MathF.Truncate(x);

    /// <summary>The integer part (rounded toward zero) of a double.</summary>
    public static double trunc(double x) => Math.Truncate(x);

    /// <summary>Element-wise integer part (rounded toward zero) in float (ROOT's <c>trunc(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> trunc(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Truncate(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = MathF.Truncate(s[i]);
        return r;
    }

    /// <summary>Element-wise integer part (rounded toward zero) in double (ROOT's <c>trunc(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> trunc(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        // Short vectors: a plain loop beats TensorPrimitives' dispatch.
        if (s.Length >= 8) TensorPrimitives.Truncate(s, dst);
        else for (int i = 0; i < s.Length; i++) dst[i] = Math.Truncate(s[i]);
        return r;
    }

    /// <summary>Element-wise integer part (rounded toward zero) of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> trunc<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = Math.Truncate(src[i]);
        return r;
    }

    /// <summary>The integer part (rounded toward zero) of an int converted to double (C++'s <c>std::trunc(int)</c> is the double overload).</summary>
    public static double trunc(int x) => Math.Truncate((double)x);

    /// <summary>The integer part (rounded toward zero) of a long converted to double.</summary>
    public static double trunc(long x) => Math.Truncate((double)x);

    /// <summary>The nearest integer, halves away from zero (<c>std::round</c>) of a float, in float (C++'s <c>std::round(float)</c>).</summary>
    public static float round(float x) => RoundF(x);

    /// <summary>The nearest integer, halves away from zero (<c>std::round</c>) of a double.</summary>
    public static double round(double x) => RoundD(x);

    /// <summary>Element-wise nearest integer, halves away from zero (<c>std::round</c>) in float (ROOT's <c>round(RVec&lt;float&gt;)</c>).</summary>
    public static RVec<float> round(RVec<float> v)
    {
        var dst = RVecArena.Allocate<float>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = RoundF(s[i]);
        return r;
    }

    /// <summary>Element-wise nearest integer, halves away from zero (<c>std::round</c>) in double (ROOT's <c>round(RVec&lt;double&gt;)</c>).</summary>
    public static RVec<double> round(RVec<double> v)
    {
        var dst = RVecArena.Allocate<double>(v.Length, out var r);
        var s = v.AsSpan();
        for (int i = 0; i < s.Length; i++) dst[i] = RoundD(s[i]);
        return r;
    }

    /// <summary>Element-wise nearest integer, halves away from zero (<c>std::round</c>) of integers (or other numbers) converted to double, giving doubles (ROOT promotes them the same way).</summary>
    public static RVec<double> round<T>(RVec<T> v) where T : INumber<T>
    {
        var src = Elementwise.AsDoubles(v, out var dst, out var r);
        for (int i = 0; i < src.Length; i++) dst[i] = RoundD(src[i]);
        return r;
    }

    /// <summary>The nearest integer, halves away from zero (<c>std::round</c>) of an int converted to double (C++'s <c>std::round(int)</c> is the double overload).</summary>
    public static double round(int x) => RoundD((double)x);

    /// <summary>The nearest integer, halves away from zero (<c>std::round</c>) of a long converted to double.</summary>
    public static double round(long x) => RoundD((double)x);

    /// <summary>Absolute value of an int (C++'s <c>std::abs(int)</c>; <c>int.MinValue</c> stays <c>int.MinValue</c> as in two's complement C++).</summary>
    public static int abs(int x) => x < 0 ? -x : x;

    /// <summary>Absolute value of a long.</summary>
    public static long abs(long x) => x < 0 ? -x : x;

    /// <summary>
    /// Element-wise <c>pow((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>pow(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> pow(RVec<float> x, int y) => pow<float>(x, (double)y);

    /// <summary>Element-wise <c>pow(x, (double)y[i])</c> in double (see <see cref="pow(RVec{float}, int)"/>).</summary>
    public static RVec<double> pow(int x, RVec<float> y) => pow<float>((double)x, y);

    /// <summary>The power <c>x^y</c> of a float and an int, in double (C++'s <c>std::pow(float, int)</c> is the double overload).</summary>
    public static double pow(float x, int y) => Math.Pow(x, y);

    /// <summary>The power <c>x^y</c> of two floats, in float.</summary>
    public static float pow(float x, float y) => MathF.Pow(x, y);

    /// <summary>The power <c>x^y</c> of two doubles.</summary>
    public static double pow(double x, double y) => Math.Pow(x, y);

    /// <summary>Element-wise power <c>x^y</c> <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> pow(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("pow", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.Pow(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise power <c>x^y</c> <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> pow(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("pow", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.Pow(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise power <c>x^y</c> <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> pow(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.Pow(a[i], y);
        return r;
    }

    /// <summary>Element-wise power <c>x^y</c> <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> pow(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = MathF.Pow(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise power <c>x^y</c> <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>pow(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> pow<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.Pow(a[i], y);
        return r;
    }

    /// <summary>Element-wise power <c>x^y</c> <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> pow<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = Math.Pow(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>atan2((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>atan2(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> atan2(RVec<float> x, int y) => atan2<float>(x, (double)y);

    /// <summary>Element-wise <c>atan2(x, (double)y[i])</c> in double (see <see cref="atan2(RVec{float}, int)"/>).</summary>
    public static RVec<double> atan2(int x, RVec<float> y) => atan2<float>((double)x, y);

    /// <summary>The arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) of two floats, in float.</summary>
    public static float atan2(float x, float y) => MathF.Atan2(x, y);

    /// <summary>The arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) of two doubles.</summary>
    public static double atan2(double x, double y) => Math.Atan2(x, y);

    /// <summary>Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> atan2(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("atan2", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.Atan2(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> atan2(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("atan2", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.Atan2(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> atan2(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.Atan2(a[i], y);
        return r;
    }

    /// <summary>Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> atan2(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = MathF.Atan2(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>atan2(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> atan2<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.Atan2(a[i], y);
        return r;
    }

    /// <summary>Element-wise arc tangent of <c>y/x</c> using both signs (<c>atan2(y, x)</c>) <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> atan2<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = Math.Atan2(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>hypot((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>hypot(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> hypot(RVec<float> x, int y) => hypot<float>(x, (double)y);

    /// <summary>Element-wise <c>hypot(x, (double)y[i])</c> in double (see <see cref="hypot(RVec{float}, int)"/>).</summary>
    public static RVec<double> hypot(int x, RVec<float> y) => hypot<float>((double)x, y);

    /// <summary>The <c>sqrt(x² + y²)</c> without undue overflow of two floats, in float.</summary>
    public static float hypot(float x, float y) => HypotF(x, y);

    /// <summary>The <c>sqrt(x² + y²)</c> without undue overflow of two doubles.</summary>
    public static double hypot(double x, double y) => HypotD(x, y);

    /// <summary>Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> hypot(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("hypot", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = HypotF(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> hypot(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("hypot", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = HypotD(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> hypot(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = HypotF(a[i], y);
        return r;
    }

    /// <summary>Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> hypot(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = HypotF(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>hypot(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> hypot<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = HypotD(a[i], y);
        return r;
    }

    /// <summary>Element-wise <c>sqrt(x² + y²)</c> without undue overflow <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> hypot<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = HypotD(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>fmod((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>fmod(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> fmod(RVec<float> x, int y) => fmod<float>(x, (double)y);

    /// <summary>Element-wise <c>fmod(x, (double)y[i])</c> in double (see <see cref="fmod(RVec{float}, int)"/>).</summary>
    public static RVec<double> fmod(int x, RVec<float> y) => fmod<float>((double)x, y);

    /// <summary>The truncated remainder <c>std::fmod</c> of two floats, in float.</summary>
    public static float fmod(float x, float y) => FmodF(x, y);

    /// <summary>The truncated remainder <c>std::fmod</c> of two doubles.</summary>
    public static double fmod(double x, double y) => FmodD(x, y);

    /// <summary>Element-wise truncated remainder <c>std::fmod</c> <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> fmod(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("fmod", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FmodF(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise truncated remainder <c>std::fmod</c> <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> fmod(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("fmod", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FmodD(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise truncated remainder <c>std::fmod</c> <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> fmod(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FmodF(a[i], y);
        return r;
    }

    /// <summary>Element-wise truncated remainder <c>std::fmod</c> <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> fmod(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = FmodF(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise truncated remainder <c>std::fmod</c> <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>fmod(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> fmod<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FmodD(a[i], y);
        return r;
    }

    /// <summary>Element-wise truncated remainder <c>std::fmod</c> <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> fmod<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = FmodD(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>remainder((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>remainder(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> remainder(RVec<float> x, int y) => remainder<float>(x, (double)y);

    /// <summary>Element-wise <c>remainder(x, (double)y[i])</c> in double (see <see cref="remainder(RVec{float}, int)"/>).</summary>
    public static RVec<double> remainder(int x, RVec<float> y) => remainder<float>((double)x, y);

    /// <summary>The IEEE remainder <c>std::remainder</c> of two floats, in float.</summary>
    public static float remainder(float x, float y) => MathF.IEEERemainder(x, y);

    /// <summary>The IEEE remainder <c>std::remainder</c> of two doubles.</summary>
    public static double remainder(double x, double y) => Math.IEEERemainder(x, y);

    /// <summary>Element-wise IEEE remainder <c>std::remainder</c> <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> remainder(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("remainder", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.IEEERemainder(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise IEEE remainder <c>std::remainder</c> <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> remainder(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("remainder", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.IEEERemainder(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise IEEE remainder <c>std::remainder</c> <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> remainder(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = MathF.IEEERemainder(a[i], y);
        return r;
    }

    /// <summary>Element-wise IEEE remainder <c>std::remainder</c> <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> remainder(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = MathF.IEEERemainder(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise IEEE remainder <c>std::remainder</c> <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>remainder(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> remainder<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = Math.IEEERemainder(a[i], y);
        return r;
    }

    /// <summary>Element-wise IEEE remainder <c>std::remainder</c> <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> remainder<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = Math.IEEERemainder(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise <c>fdim((double)x[i], y)</c> in double: an int scalar promotes a float vector to double in
    /// ROOT (<c>fdim(RVecF, 2)</c> is an <c>RVecD</c>), and without this overload C# would pick the float one.
    /// </summary>
    public static RVec<double> fdim(RVec<float> x, int y) => fdim<float>(x, (double)y);

    /// <summary>Element-wise <c>fdim(x, (double)y[i])</c> in double (see <see cref="fdim(RVec{float}, int)"/>).</summary>
    public static RVec<double> fdim(int x, RVec<float> y) => fdim<float>((double)x, y);

    /// <summary>The positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) of two floats, in float.</summary>
    public static float fdim(float x, float y) => FdimF(x, y);

    /// <summary>The positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) of two doubles.</summary>
    public static double fdim(double x, double y) => FdimD(x, y);

    /// <summary>Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x[i], y[i])</c> in float; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<float> fdim(RVec<float> x, RVec<float> y)
    {
        Elementwise.CheckSizes("fdim", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FdimF(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x[i], y[i])</c> in double; throws <see cref="ArgumentException"/> when the sizes differ.</summary>
    public static RVec<double> fdim(RVec<double> x, RVec<double> y)
    {
        Elementwise.CheckSizes("fdim", x.Length, y.Length);
        var a = x.AsSpan();
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<double>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FdimD(a[i], b[i]);
        return r;
    }

    /// <summary>Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x[i], y)</c> in float.</summary>
    public static RVec<float> fdim(RVec<float> x, float y)
    {
        var a = x.AsSpan();
        var dst = RVecArena.Allocate<float>(a.Length, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FdimF(a[i], y);
        return r;
    }

    /// <summary>Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x, y[i])</c> in float.</summary>
    public static RVec<float> fdim(float x, RVec<float> y)
    {
        var b = y.AsSpan();
        var dst = RVecArena.Allocate<float>(b.Length, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = FdimF(x, b[i]);
        return r;
    }

    /// <summary>
    /// Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x[i], y)</c> in double, for any element type (C++ promotes a float or integer
    /// vector with a double or int scalar to double: ROOT's <c>fdim(RVecF, 2)</c> is an <c>RVecD</c>).
    /// </summary>
    public static RVec<double> fdim<T>(RVec<T> x, double y) where T : INumber<T>
    {
        var a = Elementwise.AsDoubles(x, out var dst, out var r);
        for (int i = 0; i < a.Length; i++) dst[i] = FdimD(a[i], y);
        return r;
    }

    /// <summary>Element-wise positive difference <c>max(x - y, 0)</c> (<c>std::fdim</c>) <c>f(x, y[i])</c> in double, for any element type.</summary>
    public static RVec<double> fdim<T>(double x, RVec<T> y) where T : INumber<T>
    {
        var b = Elementwise.AsDoubles(y, out var dst, out var r);
        for (int i = 0; i < b.Length; i++) dst[i] = FdimD(x, b[i]);
        return r;
    }

    private static float RoundF(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);

    private static double RoundD(double x) => Math.Round(x, MidpointRounding.AwayFromZero);

    private static float FmodF(float x, float y) => x % y;

    private static double FmodD(double x, double y) => x % y;

    private static float FdimF(float x, float y) => x > y ? x - y : (float.IsNaN(x) || float.IsNaN(y) ? float.NaN : 0f);

    private static double FdimD(double x, double y) => x > y ? x - y : (double.IsNaN(x) || double.IsNaN(y) ? double.NaN : 0.0);

    private static float HypotF(float x, float y) => float.Hypot(x, y);

    private static double HypotD(double x, double y) => double.Hypot(x, y);
}
