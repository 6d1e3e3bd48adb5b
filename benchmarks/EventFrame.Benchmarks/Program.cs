using BenchmarkDotNet.Running;

// Run a subset with e.g.: dotnet run -c Release --project benchmarks/EventFrame.Benchmarks -- --filter '*Histogram*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
