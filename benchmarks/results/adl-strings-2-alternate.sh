#!/bin/bash
# usage: strings-bench2.sh file rounds repeat queries...  (alternates builds; prints cpu ms / comp ms per run)
F=$1; R=$2; N=$3; shift 3
for r in $(seq $R); do for q in "$@"; do for v in before t3; do
  M=/tmp/art-strings-$v/bin/EventFrame.Macro/release/EventFrame.Macro
  $M adl $F --threads 1 --warmup 1 --repeat $N --query $q --form strings 2>&1 | grep -E "^  $q +strings" | awk -v v=$v '{print v, $1, "cpu", $4, "Mev/s", $5, "comp", $9, "compute", $15, "vsCompute", $17, $NF}'
done; done; done
