#!/usr/bin/env bash
# Installs, builds, and runs every test (unit, clinical case files, property, CLI).
# Usage: scripts/test.sh [release|debug-asan]   (default release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/setup.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
