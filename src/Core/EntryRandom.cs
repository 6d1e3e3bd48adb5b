using System.Runtime.CompilerServices;

namespace EventFrame;

/// <summary>
/// A small, fast pseudo-random generator (xoshiro256**) for generating events. The event loop gives every entry a
/// generator seeded from (the frame's seed, the global entry number, the consuming node), through the built-in column
/// <c>rdfrandom_</c>; so generated values depend only on the entry, never on threads, chunks or partitions, and two
/// nodes that read <c>rdfrandom_</c> get independent streams. It is a mutable struct: each call advances the state
/// of the variable it is called on.
/// </summary>
public struct EntryRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGauss;
    private bool _hasSpare;

    /// <summary>A generator whose stream is fully determined by the three inputs.</summary>
    public EntryRandom(ulong seed, ulong entry, ulong stream = 0)
    {
        ulong x = Mix(seed ^ Mix(entry + 0x632BE59BD9B4E019UL) ^ Mix(stream * 0x9E3779B97F4A7C15UL + 0x1234567UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareGauss = 0;
        _hasSpare = false;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double Uniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * Uniform();

    /// <summary>Uniform in (0, 1]: never 0, safe for logarithms.</summary>
    public double UniformOpen() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniformly distributed integer in [0, <paramref name="n"/>).</summary>
    public int Integer(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Gaussian with the given mean and standard deviation (Marsaglia polar method; name as ROOT's TRandom::Gaus).</summary>
    public double Gaus(double mean = 0, double sigma = 1)
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return mean + sigma * _spareGauss;
        }
        double u, v, s;
        do
        {
            u = 2 * Uniform() - 1;
            v = 2 * Uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGauss = v * f;
        _hasSpare = true;
        return mean + sigma * u * f;
    }

    /// <summary>Exponential with mean <paramref name="tau"/> (ROOT's TRandom::Exp).</summary>
    public double Exp(double tau) => -tau * Math.Log(UniformOpen());

    /// <summary>Poisson-distributed count with the given mean (multiplication method below 30, normal approximation with continuity correction above).</summary>
    public int Poisson(double mean)
    {
        if (!(mean > 0)) return 0;
        if (mean < 30)
        {
            double limit = Math.Exp(-mean), p = Uniform();
            int k = 0;
            while (p > limit)
            {
                p *= Uniform();
                k++;
            }
            return k;
        }
        return Math.Max(0, (int)Math.Floor(Gaus(mean, Math.Sqrt(mean)) + 0.5));
    }

    /// <summary>Breit–Wigner (Cauchy) with the given mean and full width <paramref name="gamma"/> (ROOT's TRandom::BreitWigner).</summary>
    public double BreitWigner(double mean, double gamma) => mean + 0.5 * gamma * Math.Tan(Math.PI * (Uniform() - 0.5));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => Uniform() < p;
}
