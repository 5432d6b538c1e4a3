#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests: initdb in a temporary folder, started on
# 127.0.0.1 on a free port with fsync on, with a login role that may create databases (each test
# makes its own and drops it). Prints the URL for CARTWATCH_TEST_POSTGRES_URL on stdout.
# Usage: scripts/postgres-test-server.sh start|stop
# One cluster per checkout (its folder is named after the checkout's path). PostgreSQL refuses to
# run as root: as root, the cluster runs as the `postgres` user (runuser).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARTWATCH_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
dir="/tmp/cartwatch-pg-$(id -u)-$(pwd | sha256sum | cut -c1-12)"
role=cartwatch_test

as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi

stop() {
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

start() {
  stop
  mkdir -p "$dir"
  chmod 700 "$dir"
  if ((${#as_owner[@]})); then chown postgres: "$dir"; fi
  local port password
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
        -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200" \
    start >/dev/null || {
    cat "$dir/data/server.log" >&2
    exit 1
  }
  "${as_owner[@]}" "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $role LOGIN CREATEDB CREATEROLE PASSWORD '$password'" >/dev/null
  echo "postgresql://$role:$password@127.0.0.1:$port/postgres"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
