#!/bin/bash
# Build the two macros first:
#   rm -rf /tmp/h7-base && mkdir /tmp/h7-base && git archive 58a0f7a | tar -x -C /tmp/h7-base
#   (cd /tmp/h7-base && dotnet build benchmarks/EventFrame.Macro -c Release --artifacts-path /tmp/art-h7-base)
#   dotnet build benchmarks/EventFrame.Macro -c Release --artifacts-path /tmp/art-h7
# Alternating runs of the base (58a0f7a) and new macro: CPU seconds per run (median of 3 repeats after 1 warm-up) on the 10^7-event lz4 file.
B=/tmp/art-h7-base/bin/EventFrame.Macro/release/EventFrame.Macro
M=/tmp/art-h7/bin/EventFrame.Macro/release/EventFrame.Macro
for r in 1 2 3; do
  for q in Q3 Q4 Q5 Q7 Q8; do
    for v in base new; do
      [ $v = base ] && X=$B || X=$M
      c=$($X adl-run /tmp/h4data/adl_1e7_lz4.root --query $q --form lambdas --repeat 3 --warmup 1 2>&1 | grep -o '"CpuSeconds":[0-9.]*' | cut -d: -f2)
      echo "$r $q $v $c $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
