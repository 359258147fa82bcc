#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the console's browser tests, when missing.
# Idempotent: does nothing when /usr/bin/chromium runs. Nothing else can fetch a browser on the
# project's machines (Playwright's own download is not reachable), so this is the only way in.
set -euo pipefail

if [[ -x /usr/bin/chromium ]] && /usr/bin/chromium --version >/dev/null 2>&1; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Chromium is missing and this user cannot install it: run as root" \
    "'apt-get update && apt-get install -y chromium chromium-driver'." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and there is no apt-get here: install Debian's 'chromium' package." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A second process installing at the same moment waits for dpkg's lock instead of failing.
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
  chromium chromium-driver fonts-dejavu-core >/dev/null

/usr/bin/chromium --version
