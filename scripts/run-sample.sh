#!/usr/bin/env bash
# The main job: generates a NanoAOD-like dataset, runs the sample Z -> mu mu analysis on all cores, prints the
# cut-flow and writes the histograms to out/. Extra arguments go to the sample (--events N --threads T --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --minimal
dotnet run -c Release --project samples/NanoAodAnalysis -- "$@"
