#!/usr/bin/env bash
# Installs, builds, and grades the bundled example assessments (one result per line).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release >&2
echo "== cartwatch grade examples/spec-examples.ndjson --format text" >&2
build/cli/cartwatch grade examples/spec-examples.ndjson --format text
