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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> if a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(GeneratedPartitionSize, 1, nameof(GeneratedPartitionSize));
    }
}
