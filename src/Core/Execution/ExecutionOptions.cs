namespace EventFrame;

/// <summary>How a graph's event loop runs on this machine.</summary>
public sealed record ExecutionOptions
{
    /// <summary>The options new frames start with; change it to set a process-wide default (like ROOT's EnableImplicitMT).</summary>
    public static ExecutionOptions Default { get; set; } = new();

    /// <summary>Number of worker threads (slots); default: one per core. Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Maximum number of entries processed at a time by one slot. Results are bit-identical for a given chunk size
    /// whatever the number of threads; changing it may change floating-point sums in the last bits.
    /// </summary>
    public int ChunkSize { get; init; } = 16384;

    /// <summary>Entries per partition for sources without storage clusters (<see cref="Frame.Empty"/>, in-memory arrays).</summary>
    public long GeneratedPartitionSize { get; init; } = 1L << 18;

    /// <summary>
    /// Called during each event loop with its progress, at most once per <see cref="ProgressInterval"/> and once
    /// more when the loop ends (<see cref="LoopProgress.Finished"/>); calls are serialized and come from worker
    /// threads. Null (the default) costs nothing.
    /// </summary>
    public Action<LoopProgress>? Progress { get; init; }

    /// <summary>Minimum time between two <see cref="Progress"/> calls; default half a second.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> if a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(GeneratedPartitionSize, 1, nameof(GeneratedPartitionSize));
    }
}

/// <summary>The state of a running event loop, as reported to <see cref="ExecutionOptions.Progress"/>.</summary>
/// <param name="EntriesDone">Entries processed so far (all partitions, all slots).</param>
/// <param name="EntriesTotal">Entries of the dataset.</param>
/// <param name="PartitionsDone">Partitions finished.</param>
/// <param name="PartitionsTotal">Partitions of the dataset.</param>
/// <param name="Elapsed">Time since the loop started.</param>
/// <param name="Finished">True for the last report of the loop.</param>
public sealed record LoopProgress(long EntriesDone, long EntriesTotal, int PartitionsDone, int PartitionsTotal, TimeSpan Elapsed, bool Finished)
{
    /// <summary>Fraction of the entries done, in [0, 1] (1 for an empty dataset).</summary>
    public double Fraction => EntriesTotal == 0 ? 1 : (double)EntriesDone / EntriesTotal;

    /// <summary>Entries per second so far.</summary>
    public double EntriesPerSecond => Elapsed.TotalSeconds > 0 ? EntriesDone / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time to the end at the current rate, or null before any entry is done.</summary>
    public TimeSpan? Remaining => EntriesDone == 0 ? null : TimeSpan.FromSeconds((EntriesTotal - EntriesDone) / Math.Max(EntriesPerSecond, 1e-9));
}

/// <summary>What an event loop did and where its time went.</summary>
/// <param name="Elapsed">Wall-clock time of the loop (including compilation of the graph's expressions).</param>
/// <param name="Entries">Entries of the dataset.</param>
/// <param name="Partitions">Partitions processed.</param>
/// <param name="Threads">Worker threads used.</param>
/// <param name="ReadTime">Time spent by all workers inside the source's readers (I/O, decompression, decoding).</param>
/// <param name="BusyTime">Time spent by all workers processing partitions (reading and computing).</param>
/// <param name="BytesRead">Uncompressed bytes the readers delivered (values and offsets).</param>
public sealed record RunStatistics(TimeSpan Elapsed, long Entries, int Partitions, int Threads, TimeSpan ReadTime, TimeSpan BusyTime, long BytesRead)
{
    /// <summary>Busy time not spent in readers: filters, defines, actions and the engine itself.</summary>
    public TimeSpan ComputeTime => BusyTime - ReadTime;

    /// <summary>Entries per second of wall-clock time.</summary>
    public double EntriesPerSecond => Elapsed.TotalSeconds > 0 ? Entries / Elapsed.TotalSeconds : 0;

    /// <summary>Entries per second of busy time of one worker (throughput per core).</summary>
    public double EntriesPerSecondPerThread => BusyTime.TotalSeconds > 0 ? Entries / BusyTime.TotalSeconds : 0;

    /// <summary>Uncompressed megabytes (10^6 bytes) per second of wall-clock time.</summary>
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesRead / 1e6 / Elapsed.TotalSeconds : 0;

    /// <summary>One line: entries/s, per thread, MB/s and the read/compute split.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Entries:N0} entries in {Elapsed.TotalSeconds:F3} s on {Threads} thread(s): {EntriesPerSecond / 1e6:F1} M/s ({EntriesPerSecondPerThread / 1e6:F1} M/s per thread), {MegabytesPerSecond:F0} MB/s; read {ReadTime.TotalSeconds:F3} s, compute {ComputeTime.TotalSeconds:F3} s");
}
