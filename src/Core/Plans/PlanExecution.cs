using System.Globalization;
using System.Text.Json;
using EventFrame.Execution;
using EventFrame.Graph;

namespace EventFrame.Plans;

/// <summary>
/// The result of running a plan over some partitions (one distributed task): each action's partial result
/// (sufficient statistics, exactly serialized) and each filter's pass/all counts, ready to be merged with the other
/// tasks' results in partition order.
/// </summary>
/// <param name="Partitions">The partitions processed (positions in the source's partition list), ascending.</param>
/// <param name="Entries">Entries in those partitions.</param>
/// <param name="Actions">Per partition (in the order of <paramref name="Partitions"/>), per plan action, its partial result as text.</param>
/// <param name="Filters">Per filter: its plan node index, pass and all counts.</param>
public sealed record PartialResults(IReadOnlyList<int> Partitions, long Entries, IReadOnlyList<IReadOnlyList<string>> Actions, IReadOnlyList<long[]> Filters)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>As compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">Not valid partial results.</exception>
    public static PartialResults FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PartialResults>(json, s_json) ?? throw new FormatException("empty partial results");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid partial results: {e.Message}", e);
        }
    }
}

/// <summary>Running plans in pieces: the worker side (<see cref="RunPartitions"/>) and the driver side (<see cref="Merge"/>).</summary>
public static class PlanExecution
{
    /// <summary>
    /// Rebuilds <paramref name="plan"/> and processes only <paramref name="partitions"/> (ascending positions in the
    /// source's partition list), returning the partial results: what a worker does for one task.
    /// </summary>
    /// <exception cref="NotSupportedException">The plan has a Range below a filter, or an action whose partials do not travel.</exception>
    public static PartialResults RunPartitions(this GraphPlan plan, IReadOnlyList<int> partitions, ExecutionOptions? options = null)
    {
        var (frame, results, nodes) = plan.BuildCore();
        var graph = frame.Graph;
        if (options is not null) graph.Options = options;
        var actions = results.Select(r => graph.ActionOf(r)!).ToList();
        graph.TakePending();
        var (partials, filters, entries) = new Plan(graph, actions).ExecutePartitions(partitions);
        var exported = partials.Select(p => (IReadOnlyList<string>)[.. actions.Select((a, i) => a.ExportPartial(p[i]))]).ToList();
        var counts = new List<long[]>();
        for (int i = 0; i < nodes.Count; i++)
            if (nodes[i] is FilterNode f && filters.TryGetValue(f, out var c)) counts.Add([i, c.Pass, c.All]);
        frame.Source.Dispose();
        return new PartialResults([.. partitions], entries, exported, counts);
    }

    /// <summary>
    /// Merges the partial results of tasks that together cover every partition of the plan's source exactly once
    /// (a task repeated after a retry, with the same partitions, is counted once), in partition order, and returns the
    /// plan's results (in the order of <see cref="GraphPlan.Actions"/>), identical to a local run.
    /// </summary>
    /// <exception cref="InvalidOperationException">Partitions are missing or overlap, or the entries do not add up.</exception>
    public static IReadOnlyList<IResult> Merge(this GraphPlan plan, IEnumerable<PartialResults> partials)
    {
        var (frame, results, nodes) = plan.BuildCore();
        var graph = frame.Graph;
        var actions = results.Select(r => graph.ActionOf(r)!).ToList();
        graph.TakePending();
        var distinct = new Dictionary<string, PartialResults>();
        foreach (var p in partials)
            distinct.TryAdd(string.Join(",", p.Partitions.Select(i => i.ToString(CultureInfo.InvariantCulture))), p);
        var ordered = distinct.Values.Where(p => p.Partitions.Count > 0).OrderBy(p => p.Partitions[0]).ToList();
        int total = frame.Source.Partitions.Count, next = 0;
        foreach (var p in ordered)
            foreach (var i in p.Partitions)
            {
                if (i != next)
                    throw new InvalidOperationException(i < next ? $"partition {i} is in more than one task's results" : $"partitions {next}..{i - 1} are missing from the results");
                next++;
            }
        if (next != total) throw new InvalidOperationException($"partitions {next}..{total - 1} of {total} are missing from the results");
        long entries = ordered.Sum(p => p.Entries);
        if (entries != frame.Source.EntryCount)
            throw new InvalidOperationException($"the tasks processed {entries} entries but the dataset has {frame.Source.EntryCount}");
        var merged = new object?[actions.Count];
        var totals = new RunTotals();
        foreach (var p in ordered)
        {
            if (p.Actions.Count != p.Partitions.Count) throw new InvalidOperationException($"a task returned results for {p.Actions.Count} partitions but processed {p.Partitions.Count}");
            foreach (var partition in p.Actions)
            {
                if (partition.Count != actions.Count) throw new InvalidOperationException($"a task returned {partition.Count} results for a plan of {actions.Count} actions");
                for (int a = 0; a < actions.Count; a++) merged[a] = actions[a].Accumulate(merged[a], actions[a].ImportPartial(partition[a]));
            }
            foreach (var f in p.Filters)
            {
                if (f.Length != 3 || f[0] < 0 || f[0] >= nodes.Count || nodes[(int)f[0]] is not FilterNode node)
                    throw new InvalidOperationException("a task returned counts for a node that is not a filter of the plan");
                totals.Filters[node] = totals.Filters.TryGetValue(node, out var c) ? (c.Pass + f[1], c.All + f[2]) : (f[1], f[2]);
            }
        }
        for (int a = 0; a < actions.Count; a++) actions[a].Publish(merged[a] ?? actions[a].NewPartial(), totals);
        frame.Source.Dispose();
        return results;
    }
}
