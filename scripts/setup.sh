#!/usr/bin/env bash
# Installs what EventFrame needs beyond the .NET SDK, idempotently: the system codec libraries that the ROOT
# reader calls through P/Invoke (liblzma, liblz4, libzstd, libxxhash), and, unless --minimal is given, what the
# tests need (scripts/setup-*.sh: JSROOT for the writer cross-check, rsvg-convert for PNG plots). Safe to run any
# number of times.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/apt-install.sh" liblzma5 liblz4-1 libzstd1 libxxhash0

# Feature-specific prerequisites (e.g. the JSROOT cross-check, rsvg-convert for PNG plots), each idempotent.
if [ "${1:-}" != "--minimal" ]; then
  for extra in "$here"/setup-*.sh; do
    [ -e "$extra" ] || continue
    bash "$extra"
  done
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK (dotnet) is required" >&2
  exit 1
fi
