#!/bin/bash
# Alternating A/B of one ADL query between builds of the macro, for changes smaller than the machine's drift:
#   benchmarks/adl-ab.sh FILE QUERY FORM ROUNDS MACRO_A MACRO_B ...
# MACRO_* are EventFrame.Macro executables (e.g. <artifacts>/bin/EventFrame.Macro/release/EventFrame.Macro of two
# worktrees). Each round runs every build once (median of 9 loops after the JIT settles) and prints the loop, read
# and compute milliseconds; compare the best of each build over several rounds, not single runs.
set -euo pipefail
file=$1; query=$2; form=$3; rounds=$4; shift 4
for r in $(seq "$rounds"); do
  for m in "$@"; do
    "$m" adl-run "$file" --threads 1 --warmup 1 --repeat 9 --query "$query" --form "$form" 2>&1 | grep '^ADL-RESULT ' |
      python3 -c "import sys,json; d=json.loads(sys.stdin.read().split(' ',1)[1]); s,rd=d['Seconds'],d['ReadSeconds']; print('round $r', '$m', 'loop', round(s*1e3), 'read', round(rd*1e3), 'comp', round((s-rd)*1e3))"
  done
done
