#!/usr/bin/env bash
# Installs the jsroot npm package (pinned in tests/jsroot/package-lock.json) used by the independent check of
# EventFrame's ROOT writer (tests/EventFrame.IO.Tests/Writing/JsRootCrossCheckTests.cs). Idempotent: does nothing
# when the pinned version is already installed. Usage: scripts/setup-jsroot.sh   (needs node and npm on PATH)
set -euo pipefail
want=7.11.2
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/jsroot"
installed="$dir/node_modules/jsroot/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$want\"" "$installed"; then
  echo "setup-jsroot: jsroot $want already installed in $dir"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-jsroot: npm not found; installing Debian's nodejs and npm"
  bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" nodejs npm
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-jsroot: npm is still missing; install Node.js (node >= 18) first" >&2
  exit 1
fi
cd "$dir"
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
else
  npm install "jsroot@$want" --ignore-scripts --no-audit --no-fund
fi
echo "setup-jsroot: installed jsroot $want in $dir"
