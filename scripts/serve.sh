#!/usr/bin/env bash
# Installs what is missing, builds, and runs the service on an embedded SQLite file
# (cartwatch-demo.db in the repository root) until Ctrl-C or SIGTERM.
# Usage: scripts/serve.sh [cartwatch serve options]   e.g. --listen 127.0.0.1:9090
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release >&2
exec build/cli/cartwatch serve --db cartwatch-demo.db "$@"
