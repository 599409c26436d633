#!/usr/bin/env bash
# Install everything the tests need and run them all, Neo4j and the browser included.
# Usage: scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
if [ -x scripts/install-browser.sh ]; then
  scripts/install-browser.sh
fi
# Neo4j Community comes from Maven Central into a cache outside the repo; the
# tests start their own server on a free loopback port (or use NEO4J_URI).
python3 -m graphkit.neo4j.server fetch --gds
python3 -m pytest "$@"
