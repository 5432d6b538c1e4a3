#!/usr/bin/env bash
# Installs, builds, and runs every test (unit, clinical case files, property, CLI).
# The store suite also runs against PostgreSQL: a throwaway server is started for the run
# (scripts/postgres-test-server.sh) unless CARTWATCH_TEST_POSTGRES_URL already names one.
# Usage: scripts/test.sh [release|debug-asan]   (default release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/setup.sh "$preset"
if [[ -z "${CARTWATCH_TEST_POSTGRES_URL:-}" && "${CARTWATCH_TEST_POSTGRES:-}" != skip ]]; then
  CARTWATCH_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh start)"
  export CARTWATCH_TEST_POSTGRES_URL
  trap 'scripts/postgres-test-server.sh stop' EXIT
fi
ctest --preset "$preset" -j "$(nproc)"
