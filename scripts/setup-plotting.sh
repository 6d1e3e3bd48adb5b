#!/usr/bin/env bash
# Installs rsvg-convert (Debian package librsvg2-bin), which EventFrame.Plotting calls to turn its SVG plots into
# PNG (SavePng). Idempotent: does nothing when rsvg-convert is already on the PATH.
set -euo pipefail

if command -v rsvg-convert >/dev/null 2>&1; then
  exit 0
fi

echo "setup-plotting: installing librsvg2-bin (rsvg-convert)"
bash "$(dirname "$0")/apt-install.sh" --no-install-recommends librsvg2-bin

command -v rsvg-convert >/dev/null 2>&1 || { echo "setup-plotting: rsvg-convert still missing after installing librsvg2-bin" >&2; exit 1; }
