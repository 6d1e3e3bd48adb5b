#!/usr/bin/env bash
# Runs the benchmarks whose numbers go into benchmarks/RESULTS.md. Output: benchmarks/results/<name>.txt.
# Usage: bash benchmarks/run-all.sh [--quick]   (--quick: BenchmarkDotNet short job instead of the default job)
set -euo pipefail
cd "$(dirname "$0")/.."
job=()
if [ "${1:-}" = "--quick" ]; then job=(--job short); fi
mkdir -p benchmarks/results
dotnet build benchmarks/EventFrame.Macro -c Release -nologo -v q
dotnet build benchmarks/EventFrame.Benchmarks -c Release -nologo -v q
macro=benchmarks/EventFrame.Macro/bin/Release/net10.0/EventFrame.Macro.dll
for t in 1 2; do
  dotnet "$macro" engine --threads "$t" --rows 20000000 --events 4000000 | tee "benchmarks/results/macro-engine-t$t.txt"
  dotnet "$macro" sample --threads "$t" --events 2000000 | tee "benchmarks/results/macro-sample-t$t.txt"
done
for f in zlib lz4; do
  dotnet "$macro" adl "../shared/data/adl/adl_100k_$f.root" --threads 1 --repeat 3 | tee "benchmarks/results/macro-adl-$f.txt"
done
for b in EngineBenchmarks RVecBenchmarks HistogramBenchmarks ReaderBenchmarks; do
  dotnet run -c Release --no-build --project benchmarks/EventFrame.Benchmarks -- --filter "*$b*" "${job[@]}" \
    | tee "benchmarks/results/$b.txt"
done
lscpu | grep -E "Model name|^CPU\(s\)|Flags" | sed 's/Flags:.*avx512f.*/Flags: ... avx512f .../' > benchmarks/results/machine.txt
