#!/usr/bin/env bash
# Installs Debian's chromium package when /usr/bin/chromium is missing: the dashboard's browser
# tests and `pnpm bench dashboard` drive it with playwright-core. Idempotent: does nothing when
# it is there. Uses sudo only when not root. Used by .ci/run and by the tests' setup.
#   infra/local/ensure-chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium is installed ($("$CHROMIUM" --version 2>/dev/null || echo unknown version))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available; install Chromium at $CHROMIUM" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium is missing; run as root or install sudo (apt-get install -y chromium)" >&2
    exit 1
  fi
fi

echo "installing chromium…"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing on a fresh machine; install straight away when they are not.
$SUDO apt-get install -y --no-install-recommends chromium || {
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
}
"$CHROMIUM" --version
