#!/usr/bin/env bash
# Every test of zcrm-bridge: installs what is missing, builds, then C++ unit and integration tests (ctest),
# the extension's and fake Zoho's unit tests (node --test) and the end-to-end browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./installer/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default
npm run --silent test:unit
npm run --silent test:e2e
