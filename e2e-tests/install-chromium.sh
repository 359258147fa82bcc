#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the console's browser tests, when missing.
# Idempotent: does nothing when /usr/bin/chromium runs. Nothing else can fetch a browser on the
# project's machines (Playwright's own download is not reachable), so this is the only way in.
set -euo pipefail

if [[ -x /usr/bin/chromium ]] && /usr/bin/chromium --version >/dev/null 2>&1; then
  exit 0
fi

"$(dirname "$0")/../scripts/install-debian-packages.sh" chromium chromium-driver fonts-dejavu-core
/usr/bin/chromium --version
