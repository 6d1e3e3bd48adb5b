using System.Numerics;

namespace EventFrame;

/// <summary>
/// The <see cref="VecOps"/> reductions as instance members (<c>pt.Sum()</c>, <c>pt.Max()</c>), for C#-style
/// code and typed lambdas. Each is exactly the <see cref="VecOps"/> function of the same name. They are better
/// matches than LINQ's <c>Enumerable.Sum</c>/<c>Max</c>/<c>Any</c> on an <see cref="RVec{T}"/>, so importing
/// <c>System.Linq</c> does not change their meaning.
/// </summary>
public static class RVecExtensions
{
    extension<T>(RVec<T> v) where T : INumber<T>
    {
        /// <summary>Sequential sum in element order, as <see cref="VecOps.Sum{T}(RVec{T})"/>.</summary>
        public T Sum() => VecOps.Sum(v);

        /// <summary>Product in element order, as <see cref="VecOps.Product{T}(RVec{T})"/>.</summary>
        public T Product() => VecOps.Product(v);

        /// <summary>Mean in double of the sum in <typeparamref name="T"/>, as <see cref="VecOps.Mean{T}(RVec{T})"/>.</summary>
        public double Mean() => VecOps.Mean(v);

        /// <summary>Unbiased variance, as <see cref="VecOps.Var{T}(RVec{T})"/>.</summary>
        public double Var() => VecOps.Var(v);

        /// <summary>Standard deviation, as <see cref="VecOps.StdDev{T}(RVec{T})"/>.</summary>
        public double StdDev() => VecOps.StdDev(v);

        /// <summary>Maximum with <c>std::max_element</c> semantics, as <see cref="VecOps.Max{T}(RVec{T})"/> (throws when empty).</summary>
        public T Max() => VecOps.Max(v);

        /// <summary>Minimum with <c>std::min_element</c> semantics, as <see cref="VecOps.Min{T}(RVec{T})"/> (throws when empty).</summary>
        public T Min() => VecOps.Min(v);

        /// <summary>Index of the first maximum, as <see cref="VecOps.ArgMax{T}(RVec{T})"/>.</summary>
        public int ArgMax() => VecOps.ArgMax(v);

        /// <summary>Index of the first minimum, as <see cref="VecOps.ArgMin{T}(RVec{T})"/>.</summary>
        public int ArgMin() => VecOps.ArgMin(v);

        /// <summary>True when some element is non-zero, as <see cref="VecOps.Any{T}(RVec{T})"/>.</summary>
        public bool Any() => VecOps.Any(v);

        /// <summary>True when every element is non-zero, as <see cref="VecOps.All{T}(RVec{T})"/>.</summary>
        public bool All() => VecOps.All(v);
    }

    extension(RVec<bool> mask)
    {
        /// <summary>Number of true entries, as <see cref="VecOps.Sum(RVec{bool})"/>.</summary>
        public int Sum() => VecOps.Sum(mask);

        /// <summary>True when some entry is true, as <see cref="VecOps.Any(RVec{bool})"/>.</summary>
        public bool Any() => VecOps.Any(mask);

        /// <summary>True when every entry is true, as <see cref="VecOps.All(RVec{bool})"/>.</summary>
        public bool All() => VecOps.All(mask);
    }
}
