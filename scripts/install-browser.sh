#!/usr/bin/env bash
# Install what the browser tests need, idempotently: Debian's chromium (/usr/bin/chromium) and the
# Python package playwright (from pyproject's test extra), which drives that Chromium. Playwright's
# own browser download is never used: it is not reachable here, and tests/browser.py points
# Playwright at /usr/bin/chromium.
# Usage: scripts/install-browser.sh   (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-browser: installing Debian's chromium" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if ! python3 -c "import playwright.sync_api" 2>/dev/null; then
  echo "install-browser: installing the Python package playwright (test extra)" >&2
  python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
  python3 -c "import playwright.sync_api" 2>/dev/null || \
    python3 -m pip install --quiet --disable-pip-version-check 'playwright>=1.40'
fi

echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null);" \
  "playwright $(python3 -c "from importlib.metadata import version; print(version('playwright'))")" >&2
