#!/usr/bin/env bash
# Runs the dashboard browser test against a fresh `cartwatch serve` on a throwaway database.
#   tests/browser/run.sh SERVER_BINARY
# Screenshots go to ${CARTWATCH_ARTIFACTS:-build/artifacts}/browser/. Exit 0 passed, 1 failed,
# 77 skipped (no Chromium, or node_modules missing and npm ci impossible, e.g. offline).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: tests/browser/run.sh SERVER_BINARY" >&2
  exit 2
fi
server_binary=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
artifacts=${CARTWATCH_ARTIFACTS:-$root/build/artifacts}/browser

if [[ ! -x "$chromium" ]]; then
  echo "browser test skipped: no Chromium at $chromium" >&2
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "browser test skipped: node is not installed" >&2
  exit 77
fi
if [[ ! -d "$here/node_modules/puppeteer-core" ]]; then
  if ! npm ci --prefix "$here" --no-audit --no-fund >&2; then
    echo "browser test skipped: npm ci failed (offline?)" >&2
    exit 77
  fi
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$server_binary" serve --db "$tmp/db.sqlite" --listen 127.0.0.1:0 --demo >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

# The server prints its address and the demo login; wait for both (at most 20 s).
base="" user="" password=""
for _ in $(seq 1 200); do
  base=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$tmp/server.out" | head -n 1)
  read -r user password < <(sed -n 's|.*demo login: user \([^ ]*\) password \([^ ]*\).*|\1 \2|p' "$tmp/server.out" | head -n 1) || true
  [[ -n "$base" && -n "$user" && -n "$password" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "browser test: the server exited before listening:" >&2
    cat "$tmp/server.out" "$tmp/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$base" || -z "$user" || -z "$password" ]]; then
  echo "browser test: the server printed no 'listening on' and 'demo login' lines within 20 s:" >&2
  cat "$tmp/server.out" "$tmp/server.err" >&2
  exit 1
fi

mkdir -p "$artifacts"
status=0
node "$here/dashboard_test.mjs" --base "$base" --user "$user" --password "$password" \
  --screenshots "$artifacts" --chromium "$chromium" || status=$?
if [[ $status -eq 1 ]]; then
  echo "--- server output ---" >&2
  tail -n 50 "$tmp/server.out" "$tmp/server.err" >&2 || true
fi
exit "$status"
