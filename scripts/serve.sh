#!/usr/bin/env bash
# Installs what is missing, builds, and runs the service with a demo ward: a fresh embedded
# SQLite file (cartwatch-demo.db in the repository root) holding 24 SYNTHETIC patients and three
# demo users whose passwords are printed once. Runs until Ctrl-C or SIGTERM.
# Usage: scripts/serve.sh [cartwatch serve options]   e.g. --listen 127.0.0.1:9090
# For a real ward: build/cli/cartwatch serve --db /var/lib/cartwatch/ward.db (docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release >&2
# The demo database is rebuilt on every start, so the printed logins always work.
rm -f cartwatch-demo.db cartwatch-demo.db-wal cartwatch-demo.db-shm
exec build/cli/cartwatch serve --db cartwatch-demo.db --demo "$@"
