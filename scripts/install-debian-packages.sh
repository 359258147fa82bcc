#!/usr/bin/env bash
# Installs Debian packages for tests that need a tool from outside Maven (Chromium, promtool):
#   scripts/install-debian-packages.sh PACKAGE...
# As root, or through password-less sudo; fails with the command to run by hand otherwise. The
# callers check first whether their tool already runs, so this runs at most once per machine.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Missing Debian packages and this user cannot install them: run as root" \
    "'apt-get update && apt-get install -y $*'." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "There is no apt-get here: install the Debian packages $* (or their equivalent)." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A second process installing at the same moment waits for dpkg's lock instead of failing.
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
