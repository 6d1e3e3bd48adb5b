#!/usr/bin/env bash
# Installs what the XRootD tests need (tests/EventFrame.XRootD.Tests start real xrootd servers): Debian's
# xrootd-server and xrootd-client (5.5.x), iproute2 (`ip`, to bring up loopback in the test network namespace) and
# util-linux (`unshare`). The server refuses to run as root; the package creates the unprivileged 'xrootd' user the
# tests run it as. Idempotent: does nothing when everything is installed. Usage: scripts/setup-xrootd.sh
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" xrootd-server xrootd-client iproute2 util-linux
if ! id xrootd >/dev/null 2>&1; then
  echo "setup-xrootd: the 'xrootd' user is missing (the xrootd-server package should have created it)" >&2
  exit 1
fi
echo "setup-xrootd: $(xrootd -v 2>&1 | head -1) installed"
