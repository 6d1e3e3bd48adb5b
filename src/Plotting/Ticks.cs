using System.Globalization;

namespace EventFrame.Plotting;

/// <summary>A major tick of an axis: its value and the text drawn under (or beside) it.</summary>
/// <param name="Value">Position of the tick in data coordinates.</param>
/// <param name="Label">The tick label, rich text for <see cref="TexText"/> (e.g. <c>10^{3}</c> on log axes).</param>
public readonly record struct Tick(double Value, string Label);

/// <summary>
/// Axis ticks at "nice numbers" (1, 2, 2.5 or 5 times a power of ten, Heckbert's method as in matplotlib's
/// MaxNLocator) and at powers of ten for logarithmic axes.
/// </summary>
public static class Ticks
{
    /// <summary>
    /// The step between ticks for [<paramref name="lo"/>, <paramref name="hi"/>]: the smallest nice number
    /// (1, 2, 2.5, 5 × 10^k) giving at most <paramref name="maxTicks"/> intervals.
    /// </summary>
    public static double NiceStep(double lo, double hi, int maxTicks = 6)
    {
        CheckRange(lo, hi);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 1);
        double span = hi - lo;
        if (span <= 0) span = Math.Abs(lo) > 0 ? Math.Abs(lo) : 1;
        double raw = span / maxTicks;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
            if (m * mag >= raw * (1 - 1e-9)) return m * mag;
        return 10 * mag;
    }

    /// <summary>
    /// Ticks at the multiples of <see cref="NiceStep"/> inside [<paramref name="lo"/>, <paramref name="hi"/>], with
    /// labels that all have the same number of decimals (enough to tell the ticks apart) and no "-0".
    /// </summary>
    public static IReadOnlyList<Tick> Linear(double lo, double hi, int maxTicks = 6)
    {
        double step = NiceStep(lo, hi, maxTicks);
        int decimals = Decimals(step);
        long first = (long)Math.Ceiling(lo / step - 1e-9), last = (long)Math.Floor(hi / step + 1e-9);
        var ticks = new List<Tick>((int)Math.Max(0, last - first + 1));
        for (long k = first; k <= last; k++)
        {
            double v = k * step;
            if (Math.Abs(v) < step * 1e-9) v = 0;
            ticks.Add(new Tick(v, Format(v, decimals)));
        }
        return ticks;
    }

    /// <summary>
    /// Ticks at the powers of ten inside [<paramref name="lo"/>, <paramref name="hi"/>] (both &gt; 0), labelled
    /// <c>10^{k}</c>; every second, third... decade when there are more than <paramref name="maxTicks"/>.
    /// </summary>
    public static IReadOnlyList<Tick> Log(double lo, double hi, int maxTicks = 8)
    {
        CheckRange(lo, hi);
        if (lo <= 0) throw new ArgumentOutOfRangeException(nameof(lo), lo, "a logarithmic axis needs a positive lower limit");
        int a = (int)Math.Ceiling(Math.Log10(lo) - 1e-9), b = (int)Math.Floor(Math.Log10(hi) + 1e-9);
        int every = Math.Max(1, (int)Math.Ceiling((b - a + 1) / (double)maxTicks));
        var ticks = new List<Tick>();
        for (int k = a; k <= b; k++)
            if (k % every == 0)
                ticks.Add(new Tick(Math.Pow(10, k), k switch { 0 => "1", 1 => "10", _ => $"10^{{{k.ToString(CultureInfo.InvariantCulture)}}}" }));
        return ticks;
    }

    /// <summary>Minor ticks between the major <paramref name="ticks"/> of a linear axis (4 or 5 per interval as in matplotlib), inside [lo, hi].</summary>
    public static IReadOnlyList<double> LinearMinor(IReadOnlyList<Tick> ticks, double lo, double hi)
    {
        if (ticks.Count < 2) return [];
        double step = ticks[1].Value - ticks[0].Value;
        double mant = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        int sub = Math.Abs(mant - 2) < 1e-6 ? 4 : 5;
        double minor = step / sub;
        var res = new List<double>();
        long first = (long)Math.Ceiling(lo / minor - 1e-9), last = (long)Math.Floor(hi / minor + 1e-9);
        for (long k = first; k <= last && res.Count < 1000; k++)
            if (k % sub != 0) res.Add(k * minor);
        return res;
    }

    /// <summary>Minor ticks of a logarithmic axis: 2..9 × 10^k inside [lo, hi], when the axis spans fewer than 8 decades.</summary>
    public static IReadOnlyList<double> LogMinor(double lo, double hi)
    {
        var res = new List<double>();
        if (!(lo > 0) || Math.Log10(hi / lo) > 8) return res;
        for (int k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
            for (int m = 2; m <= 9; m++)
            {
                double v = m * Math.Pow(10, k);
                if (v >= lo && v <= hi) res.Add(v);
            }
        return res;
    }

    /// <summary>Formats a tick value with <paramref name="decimals"/> fixed decimals (invariant culture, no "-0").</summary>
    public static string Format(double v, int decimals)
    {
        var s = v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? s[1..] : s;
    }

    /// <summary>Number of decimals needed to write multiples of <paramref name="step"/> exactly (0 for steps ≥ 1).</summary>
    public static int Decimals(double step)
    {
        for (int d = 0; d < 12; d++)
        {
            double scaled = step * Math.Pow(10, d);
            if (scaled >= 1 - 1e-9 && Math.Abs(scaled - Math.Round(scaled)) < 1e-6 * scaled) return d;
        }
        return 12;
    }

    private static void CheckRange(double lo, double hi)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi < lo)
            throw new ArgumentOutOfRangeException(nameof(hi), $"axis range [{lo}, {hi}] is not a finite interval");
    }
}
