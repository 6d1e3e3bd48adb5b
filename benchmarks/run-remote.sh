#!/usr/bin/env bash
# Remote-reading benchmark (benchmarks/EventFrame.Macro remote mode, RemoteMacro.cs): starts a real xrootd server in a
# loopback-only network namespace (as scripts/test.sh runs the tests), exports the given ROOT files (default: the two
# ADL samples) and times reading them over root:// next to the local files. Needs root (unshare -n; xrootd runs as
# the 'xrootd' user) and scripts/setup-xrootd.sh.
#   benchmarks/run-remote.sh [FILE...] [--repeat R]
# ARTIFACTS=/tmp/dir builds into that artifacts path (to keep away from other builds).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
files=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --*) extra+=("$1" "$2"); shift 2 ;;
    *) files+=("$(realpath "$1")"); shift ;;
  esac
done
if [ ${#files[@]} -eq 0 ]; then
  data="$(realpath "$here/../shared/data/adl")"
  files=("$data/adl_100k_lz4.root" "$data/adl_100k_zlib.root")
fi
art=()
if [ -n "${ARTIFACTS:-}" ]; then art=(--artifacts-path "$ARTIFACTS"); fi
if ! out=$(dotnet build benchmarks/EventFrame.Macro -c Release "${art[@]}" 2>&1); then echo "$out" | grep -E "error|rror" >&2; exit 1; fi

work=$(mktemp -d /tmp/eventframe-remote-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/admin"
for f in "${files[@]}"; do cp "$f" "$work/data/"; done
port=21094
cat > "$work/xrootd.cfg" <<CFG
xrd.port $port
all.role server
all.export /
oss.localroot $work/data
all.adminpath $work/admin
all.pidpath $work/admin
CFG
chown -R xrootd:xrootd "$work"
chmod 755 "$work"

export EVENTFRAME_XROOTD_BASE="root://127.0.0.1:$port/"
export WORK="$work"
unshare -n bash -c '
  set -euo pipefail
  ip link set lo up
  xrootd -R xrootd -c "$WORK/xrootd.cfg" -l "$WORK/xrootd.log" &
  server=$!
  trap "kill $server 2>/dev/null || true" EXIT
  for i in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/'"$port"') 2>/dev/null && break; sleep 0.05; done
  dotnet run --no-build -c Release '"${art[*]}"' --project benchmarks/EventFrame.Macro -- remote "$@"
' bash "${files[@]}" "${extra[@]}"
