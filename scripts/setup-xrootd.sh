#!/usr/bin/env bash
# Installs what the XRootD tests need (tests/EventFrame.XRootD.Tests start real xrootd servers): Debian's
# xrootd-server and xrootd-client (5.5.x), iproute2 (`ip`, to bring up loopback in the test network namespace) and
# util-linux (`unshare`). The server refuses to run as root; the package creates the unprivileged 'xrootd' user the
# tests run it as. Idempotent: does nothing when everything is installed. Usage: scripts/setup-xrootd.sh
set -euo pipefail
packages=(xrootd-server xrootd-client iproute2 util-linux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-xrootd: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi
if ! id xrootd >/dev/null 2>&1; then
  echo "setup-xrootd: the 'xrootd' user is missing (the xrootd-server package should have created it)" >&2
  exit 1
fi
echo "setup-xrootd: $(xrootd -v 2>&1 | head -1) installed"
