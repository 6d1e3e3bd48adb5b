using System.Text.Json;
using EventFrame.Plans;

namespace EventFrame.Distributed;

/// <summary>One unit of distributed work: a plan (as JSON) and the partitions to process.</summary>
/// <param name="Plan">The plan, as <see cref="GraphPlan.ToJson"/> writes it.</param>
/// <param name="Partitions">Positions in the source's partition list, ascending.</param>
/// <param name="Threads">Threads the worker may use.</param>
public sealed record WorkerTask(string Plan, IReadOnlyList<int> Partitions, int Threads = 1)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>As compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">Not a valid task.</exception>
    public static WorkerTask FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkerTask>(json, s_json) ?? throw new FormatException("empty task");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a valid worker task: {e.Message}", e);
        }
    }
}

/// <summary>
/// The worker entry point (<c>eventframe worker</c>): reads a <see cref="WorkerTask"/> as JSON from its input, runs the
/// plan on the task's partitions, and writes the <see cref="PartialResults"/> as JSON to its output. Any failure is
/// written to the error stream with exit code 1, so the driver can retry the task elsewhere.
/// </summary>
public static class Worker
{
    /// <summary>Runs one task from <paramref name="input"/> to <paramref name="output"/>; returns the process exit code.</summary>
    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            var task = WorkerTask.FromJson(input.ReadToEnd());
            var plan = GraphPlan.FromJson(task.Plan);
            var result = plan.RunPartitions(task.Partitions, new ExecutionOptions { Threads = Math.Max(1, task.Threads) });
            output.Write(result.ToJson());
            output.Flush();
            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or NotSupportedException or InvalidOperationException
                                       or ArgumentException or EventLoopException)
        {
            error.WriteLine($"eventframe worker: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
