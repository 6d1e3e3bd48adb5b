using System.Runtime.CompilerServices;

namespace EventFrame.IO.Root.RNTuple;

/// <summary>Connects the RNTuple reader to <see cref="RootDataSource.Open"/>, which delegates RNTuple anchors to it.</summary>
internal static class RNTupleRegistration
{
#pragma warning disable CA2255 // The module initializer is how RootDataSource learns about the RNTuple reader.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => RootDataSource.RNTupleFactory = (files, name) => new RNTupleDataSource(files, name);
}
