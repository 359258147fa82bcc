#!/usr/bin/env bash
# Installs promtool (Debian's prometheus package) for the alert rule tests, when missing.
# Idempotent: does nothing when promtool runs. The package also brings a Prometheus server; where
# systemd runs, its unit starts too (`systemctl disable --now prometheus` if that is unwanted).
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && promtool --version >/dev/null 2>&1; then
  exit 0
fi

"$(dirname "$0")/../scripts/install-debian-packages.sh" prometheus
promtool --version
