using System.Globalization;
using System.Text;

namespace EventFrame;

/// <summary>One named filter's line in a <see cref="CutflowReport"/>.</summary>
/// <param name="Name">The filter's name.</param>
/// <param name="Pass">Entries that passed it.</param>
/// <param name="All">Entries that reached it (passed every filter before it).</param>
public sealed record CutflowEntry(string Name, long Pass, long All)
{
    /// <summary>Pass / All in percent (0 when no entry reached the filter).</summary>
    public double Efficiency => All == 0 ? 0 : 100.0 * Pass / All;
}

/// <summary>RDataFrame's cut-flow report: pass, total and efficiency of each named filter, in booking order.</summary>
public sealed class CutflowReport
{
    /// <summary>Creates a report from its lines.</summary>
    public CutflowReport(IReadOnlyList<CutflowEntry> entries) => Entries = entries;

    /// <summary>The lines, one per named filter, in booking order.</summary>
    public IReadOnlyList<CutflowEntry> Entries { get; }

    /// <summary>The line of the filter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No filter has that name.</exception>
    public CutflowEntry this[string name] =>
        Entries.FirstOrDefault(e => e.Name == name) ?? throw new KeyNotFoundException($"no filter named '{name}' in the report");

    /// <summary>
    /// Formats the table as ROOT prints it: one line per filter with pass, all, efficiency, and cumulative efficiency
    /// relative to the entries that reached the first filter.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        int width = Math.Max(6, Entries.Count == 0 ? 0 : Entries.Max(e => e.Name.Length));
        sb.Append(CultureInfo.InvariantCulture, $"{"Filter".PadRight(width)}  {"pass",12}  {"all",12}  {"eff %",8}  {"cumul %",8}\n");
        long first = Entries.Count > 0 ? Entries[0].All : 0;
        foreach (var e in Entries)
        {
            double cumulative = first == 0 ? 0 : 100.0 * e.Pass / first;
            sb.Append(CultureInfo.InvariantCulture, $"{e.Name.PadRight(width)}  {e.Pass,12}  {e.All,12}  {e.Efficiency,8:F2}  {cumulative,8:F2}\n");
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToString"/> to <paramref name="writer"/> (standard output by default), as ROOT's <c>Print()</c>.</summary>
    public void Print(TextWriter? writer = null) => (writer ?? Console.Out).Write(ToString());
}
