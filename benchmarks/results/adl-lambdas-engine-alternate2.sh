#!/bin/bash
# Alternating runs of the macro before (e2926fe) and after (a4fefec) the offsets form of vector lambda Defines and
# the arena's stack windows: process CPU seconds per run (median of 3 repeats after 1 warm-up), 10^7 lz4 events.
# Build the two macros first:
#   for c in e2926fe:base a4fefec:new; do d=/tmp/lambdas-${c#*:}; rm -rf $d && mkdir $d && git archive ${c%:*} | tar -x -C $d
#     (cd $d && dotnet build benchmarks/EventFrame.Macro -c Release --artifacts-path /tmp/art-lambdas-${c#*:}); done
B=/tmp/art-lambdas-base/bin/EventFrame.Macro/release/EventFrame.Macro
M=/tmp/art-lambdas-new/bin/EventFrame.Macro/release/EventFrame.Macro
for r in 1 2 3; do
  for q in ${QUERIES:-Q3 Q4 Q5 Q6 Q7 Q8}; do
    for v in base new; do
      [ $v = base ] && X=$B || X=$M
      out=$($X adl-run /tmp/h4data/adl_1e7_lz4.root --query $q --form lambdas --repeat 3 --warmup 1 2>&1)
      c=$(echo "$out" | grep -o '"CpuSeconds":[0-9.]*' | cut -d: -f2)
      rd=$(echo "$out" | grep -o '"ReadSeconds":[0-9.]*' | cut -d: -f2)
      bz=$(echo "$out" | grep -o '"BusySeconds":[0-9.]*' | cut -d: -f2)
      echo "$r $q $v cpu=$c busy=$bz read=$rd load=$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
