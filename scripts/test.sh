#!/usr/bin/env bash
# Runs every test of the solution (after installing the prerequisites) and prints a one-line total.
#
# The tests run in a network namespace of their own that has only loopback (`unshare -n`): the XRootD tests start
# real xrootd servers, which listen on every interface, and this way nothing can reach them and no test can send
# anything off the machine. Creating the namespace needs root (or sudo).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
log=$(mktemp)
dotnet build EventFrame.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  $SUDO unshare -n sh -c 'ip link set lo up && exec dotnet test EventFrame.sln -c Release --no-build' 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
