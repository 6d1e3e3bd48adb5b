namespace EventFrame.IO.Tests;

/// <summary>
/// Tests that replace the process-wide <c>RootDataSource.RNTupleFactory</c> hook. The collection runs on its own,
/// after the parallel ones, so no other test reads an RNTuple while the hook is swapped.
/// </summary>
[CollectionDefinition("RootDataSource.RNTupleFactory", DisableParallelization = true)]
public sealed class RNTupleFactoryCollection;
