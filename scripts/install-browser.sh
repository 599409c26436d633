#!/usr/bin/env bash
# Install what the browser tests need, idempotently: Debian's chromium (/usr/bin/chromium), the
# Python package playwright (from pyproject's test extra), which drives that Chromium, and axe-core. Playwright's
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

# axe-core, the accessibility checker the browser tests inject into the page they test (never into
# a page graphkit writes), from npm into the cache, pinned.
AXE_VERSION=4.10.3
AXE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/graphkit/axe-core-$AXE_VERSION"
if [ ! -s "$AXE_DIR/axe.min.js" ]; then
  echo "install-browser: fetching axe-core $AXE_VERSION from npm" >&2
  if ! command -v npm >/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "install-browser: installing Debian's npm (to fetch axe-core)" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
  fi
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar -xzf "axe-core-$AXE_VERSION.tgz")
  mkdir -p "$AXE_DIR"
  cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$AXE_DIR/"
  rm -rf "$tmp"
fi

echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null);" \
  "playwright $(python3 -c "from importlib.metadata import version; print(version('playwright'))");" \
  "axe-core $AXE_VERSION" >&2
