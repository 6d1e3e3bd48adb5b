using System.Diagnostics;
using EventFrame.Data;
using EventFrame.Plans;

namespace EventFrame.Distributed;

/// <summary>A task that failed on every attempt.</summary>
public sealed class TaskFailedException(IReadOnlyList<int> partitions, int attempts, string reason)
    : Exception($"partitions {string.Join(",", partitions)} failed {attempts} time(s): {reason}")
{
    /// <summary>The partitions of the failed task.</summary>
    public IReadOnlyList<int> Partitions { get; } = partitions;
}

/// <summary>
/// Runs a plan on local worker processes (<c>eventframe worker</c>): cuts the source's partitions into contiguous
/// tasks, runs up to <see cref="Workers"/> of them at a time, retries a task whose worker dies or fails, and merges the
/// partial results in partition order, so the results are identical to a local run. The driver only opens the source's
/// metadata; workers read the data.
/// </summary>
public sealed class LocalProcessExecutor
{
    private readonly string _command;
    private readonly IReadOnlyList<string> _arguments;

    /// <summary>Creates an executor that starts workers as <paramref name="command"/> <paramref name="arguments"/> (e.g. <c>dotnet eventframe.dll worker</c>).</summary>
    public LocalProcessExecutor(string command, IReadOnlyList<string> arguments, int workers = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _command = command;
        _arguments = arguments;
        Workers = workers;
    }

    /// <summary>Worker processes running at the same time.</summary>
    public int Workers { get; }

    /// <summary>Attempts per task before the run fails (a retry goes to a new worker process).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Partitions per task; 0 chooses about four tasks per worker.</summary>
    public int PartitionsPerTask { get; init; }

    /// <summary>Threads each worker process uses.</summary>
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>How long one task may run before its worker is killed and the task retried.</summary>
    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Called after each finished task with (tasks done, tasks in all); calls are serialized.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <summary>Runs <paramref name="plan"/> and returns its results in the order of <see cref="GraphPlan.Actions"/>.</summary>
    /// <exception cref="TaskFailedException">A task failed on every attempt.</exception>
    public IReadOnlyList<IResult> ProcessAndMerge(GraphPlan plan)
    {
        int count;
        using (var source = DataSources.Open(plan.Source)) count = source.Partitions.Count;
        int perTask = PartitionsPerTask > 0 ? PartitionsPerTask : Math.Max(1, (int)Math.Ceiling(count / (4.0 * Workers)));
        var tasks = new List<int[]>();
        for (int first = 0; first < count; first += perTask)
            tasks.Add([.. Enumerable.Range(first, Math.Min(perTask, count - first))]);
        var planJson = plan.ToJson();
        var results = new PartialResults[tasks.Count];
        int done = 0;
        var progressLock = new object();
        Parallel.For(0, tasks.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, t =>
        {
            results[t] = RunTask(new WorkerTask(planJson, tasks[t], ThreadsPerWorker));
            if (Progress is not null)
                lock (progressLock) Progress(++done, tasks.Count);
        });
        return plan.Merge(results);
    }

    private PartialResults RunTask(WorkerTask task)
    {
        string reason = "";
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var info = new ProcessStartInfo(_command)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in _arguments) info.ArgumentList.Add(a);
            try
            {
                using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_command}");
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                try
                {
                    process.StandardInput.Write(task.ToJson());
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The worker exited before reading its task (broken pipe): its exit code and error output say why.
                }
                if (!process.WaitForExit(TaskTimeout))
                {
                    process.Kill(entireProcessTree: true);
                    reason = $"timed out after {TaskTimeout}";
                    continue;
                }
                if (process.ExitCode == 0) return PartialResults.FromJson(stdout.Result);
                reason = $"exit code {process.ExitCode}: {stderr.Result.Trim()}";
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
            {
                reason = e.Message;
            }
        }
        throw new TaskFailedException(task.Partitions, MaxAttempts, reason);
    }
}
