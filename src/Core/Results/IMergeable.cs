namespace EventFrame.Results;

/// <summary>
/// A partial result that can absorb another partial result of the same kind computed over other entries, so
/// that results computed per partition (on threads, processes or machines) combine into the result over all
/// entries. Implementations keep sufficient statistics (e.g. a mean keeps its count), and merging in partition
/// order makes results independent of how partitions were scheduled.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IMergeable<TSelf> where TSelf : IMergeable<TSelf>
{
    /// <summary>Adds the contents of <paramref name="other"/> (results over other entries) into this instance.</summary>
    /// <exception cref="ArgumentException">The two are not compatible (e.g. different binning).</exception>
    void Merge(TSelf other);
}
