#!/usr/bin/env bash
# Load figures of `cartwatch serve` under wrk (measured, not asserted: not a CTest test).
#
#   bench/load/run.sh [sqlite|postgres|both]      (default both)
#   bench/load/run.sh [sqlite|postgres] --soak MINUTES
#
# For each store: starts `cartwatch serve --demo --threads ${LOAD_SERVER_THREADS:-16}` on a fresh store, makes an API token
# and 64 bench patients (bench/load/prepare.py), then runs `wrk -t2 -c64 -d15s --latency` for
#   writes    durable assessment writes, each a new (patient, time) with its own Idempotency-Key
#             (post_assessment.lua): a 201 means committed and fsynced;
#   preview   grade previews with a stored patient's context (preview.lua), nothing stored;
#   ward      ward-board reads (ward.lua) of the 24 demo patients and the 64 bench patients, each
#             holding the assessments the write run left;
# and prints requests/s, p50 and p99 of each. For SQLite it also runs the store benchmark's floor
# (build/bench/cartwatch_store_bench, one row per fsynced transaction) on the same disk.
# --soak MINUTES runs the write load that long and samples the server's resident memory (VmRSS)
# every 10 s, printing the series and its first, last and largest value.
#
# Environment: CARTWATCH (default build/cli/cartwatch), CARTWATCH_STORE_BENCH (default
# build/bench/cartwatch_store_bench), CARTWATCH_BENCH_DIR (folder of the SQLite files; default a
# temporary folder under build/), LOAD_DURATION (default 15s), LOAD_THREADS/LOAD_CONNECTIONS
# (default 2/64), CARTWATCH_BENCH_POSTGRES_URL or CARTWATCH_TEST_POSTGRES_URL (a PostgreSQL server
# whose role may create databases; without either a throwaway one is started with
# scripts/postgres-test-server.sh). Needs wrk (scripts/setup.sh installs it), psql and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
here="$root/bench/load"

stores="both"
soak_minutes=""
while (($#)); do
  case "$1" in
    sqlite | postgres | both) stores="$1" ;;
    --soak)
      soak_minutes="${2:?--soak needs MINUTES}"
      shift
      ;;
    *)
      echo "usage: $0 [sqlite|postgres|both] [--soak MINUTES]" >&2
      exit 2
      ;;
  esac
  shift
done
if [[ -n "$soak_minutes" && "$stores" == both ]]; then stores=sqlite; fi

cartwatch="${CARTWATCH:-$root/build/cli/cartwatch}"
store_bench="${CARTWATCH_STORE_BENCH:-$root/build/bench/cartwatch_store_bench}"
duration="${LOAD_DURATION:-15s}"
wrk_threads="${LOAD_THREADS:-2}"
connections="${LOAD_CONNECTIONS:-64}"
per_thread=$((64 / wrk_threads))
command -v wrk >/dev/null || {
  echo "run.sh: wrk is missing (scripts/setup.sh installs it)" >&2
  exit 1
}
[[ -x "$cartwatch" ]] || {
  echo "run.sh: no $cartwatch (build the cartwatch target first)" >&2
  exit 1
}

mkdir -p "$root/build"
work="$(mktemp -d "${CARTWATCH_BENCH_DIR:-$root/build}/load-XXXXXX")"
server_pid=""
started_postgres=""
pg_base=""
pg_database=""
summary=()

cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  if [[ -n "$pg_database" ]]; then
    psql -X -q -d "$pg_base" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null ||
      true
  fi
  if [[ -n "$started_postgres" ]]; then scripts/postgres-test-server.sh stop || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_server DB: starts the server, sets server_pid, port and admin_password.
start_server() {
  local db="$1" log="$work/server.log"
  : >"$log"
  "$cartwatch" serve --db "$db" --listen 127.0.0.1:0 --threads "${LOAD_SERVER_THREADS:-16}" --demo --log-level warn \
    >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do
    if grep -q "listening on" "$log"; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")"
  admin_password="$(sed -n 's/^demo login: user demo-admin password \([^ ]*\) .*/\1/p' "$log")"
  [[ -n "$port" && -n "$admin_password" ]] || {
    cat "$log" >&2
    exit 1
  }
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

metric() { # metric NAME: the value of a Prometheus counter or gauge of the server
  python3 -c '
import sys, urllib.request
text = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1]).read().decode()
print(sum(float(l.split()[-1]) for l in text.splitlines() if l.split(" ")[0].split("{")[0] == sys.argv[2]))
' "$port" "$1"
}

# run_wrk STORE NAME SCRIPT [DURATION]: one wrk run; prints its output and adds a summary line.
run_wrk() {
  local store="$1" name="$2" script="$3" length="${4:-$duration}" out="$work/wrk-$2.txt"
  # --timeout 30s: wrk's default (2 s) would drop slower answers from the latency figures.
  wrk -t"$wrk_threads" -c"$connections" -d"$length" --latency --timeout 30s -s "$here/$script" \
    "http://127.0.0.1:$port/" -- "$token" B "$per_thread" "$first_epoch" >"$out" 2>&1
  sed 's/^/    /' "$out"
  local rps p50 p99 errors non2xx requests
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  requests="$(awk '/requests in/ {print $1}' "$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' "$out")"
  errors="$(awk '/Socket errors/ {print $0}' "$out" | sed 's/^ *//')"
  summary+=("$(printf '%-9s %-8s %10s req/s  p50 %9s  p99 %9s  requests %8s  non-2xx %s%s' \
    "$store" "$name" "$rps" "$p50" "$p99" "$requests" "${non2xx:-0}" "${errors:+  ($errors)}")")
}

sample_rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

bench_store() {
  local store="$1" db
  if [[ "$store" == sqlite ]]; then
    db="$work/load.db"
    echo "== sqlite: $db ($(df -h --output=source,fstype "$work" | tail -1 | tr -s ' '))"
  else
    if [[ -z "$pg_base" ]]; then
      pg_base="${CARTWATCH_BENCH_POSTGRES_URL:-${CARTWATCH_TEST_POSTGRES_URL:-}}"
      if [[ -z "$pg_base" ]]; then
        pg_base="$(scripts/postgres-test-server.sh start)"
        started_postgres=1
      fi
    fi
    pg_database="cartwatch_load_$$_$RANDOM"
    psql -X -q -v ON_ERROR_STOP=1 -d "$pg_base" -c "CREATE DATABASE $pg_database" >/dev/null
    db="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$pg_base" "$pg_database")"
    echo "== postgres: database $pg_database ($(psql -X -At -d "$pg_base" -c 'SHOW fsync' | sed 's/^/fsync /'), $(psql -X -At -d "$pg_base" -c 'SHOW synchronous_commit' | sed 's/^/synchronous_commit /'))"
  fi
  start_server "$db"
  local now infusion
  now="$(date +%s)"
  infusion=$((now - 2 * 86400))
  first_epoch=$((infusion + 60))
  token="$(python3 "$here/prepare.py" "$port" "$admin_password" B "$wrk_threads" "$per_thread" \
    "$infusion")"

  if [[ -n "$soak_minutes" ]]; then
    echo "-- soak: write load for $soak_minutes min, VmRSS (kB) every 10 s"
    local rss series=() t=0 end
    rss="$(sample_rss)"
    series+=("$rss")
    echo "    t=0s rss=${rss} kB"
    run_wrk "$store" soak-writes post_assessment.lua "${soak_minutes}m" &
    local wrk_pid=$!
    end=$(($(date +%s) + soak_minutes * 60))
    while (($(date +%s) < end)); do
      sleep 10
      t=$((t + 10))
      rss="$(sample_rss)"
      series+=("$rss")
      echo "    t=${t}s rss=${rss} kB"
    done
    wait "$wrk_pid" || true
    sleep 1
    rss="$(sample_rss)"
    series+=("$rss")
    echo "    after the load: rss=${rss} kB"
    # run_wrk ran in a subshell (it printed wrk's output): the figures come from its file.
    local out="$work/wrk-soak-writes.txt"
    local max=0
    for v in "${series[@]}"; do ((v > max)) && max=$v; done
    echo "soak ($store, ${soak_minutes} min): VmRSS first ${series[0]} kB, last ${series[-1]} kB, max ${max} kB; series (kB, every 10 s): ${series[*]}"
    echo "soak ($store): $(awk '/^Requests\/sec:/ {print $2}' "$out") req/s, p50 $(awk '$1 == "50%" {print $2}' "$out"), p99 $(awk '$1 == "99%" {print $2}' "$out"), $(awk '/requests in/ {print $1}' "$out") requests, non-2xx $(awk '/Non-2xx/ {print $NF}' "$out" | grep . || echo 0); store writes $(metric cartwatch_store_writes_total) in $(metric cartwatch_store_commits_total) commits"
  else
    local writes0 commits0
    writes0="$(metric cartwatch_store_writes_total)"
    commits0="$(metric cartwatch_store_commits_total)"
    echo "-- writes (post_assessment.lua)"
    run_wrk "$store" writes post_assessment.lua
    local writes commits
    writes="$(python3 -c "print(int($(metric cartwatch_store_writes_total) - $writes0))")"
    commits="$(python3 -c "print(int($(metric cartwatch_store_commits_total) - $commits0))")"
    # The store's count includes the writes in flight when wrk stopped.
    summary+=("$(printf '%-9s %-8s store: %s writes in %s commits (%s writes per commit), largest batch %s' \
      "$store" writes "$writes" "$commits" \
      "$(python3 -c "print(round($writes / max($commits, 1), 1))")" \
      "$(metric cartwatch_store_largest_batch)")")
    echo "-- preview (preview.lua)"
    run_wrk "$store" preview preview.lua
    echo "-- ward (ward.lua)"
    run_wrk "$store" ward ward.lua
  fi
  stop_server
  if [[ "$store" == postgres ]]; then
    psql -X -q -d "$pg_base" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null
    pg_database=""
  fi
}

floor() {
  [[ -x "$store_bench" ]] || {
    summary+=("floor: no $store_bench (build the cartwatch_store_bench target)")
    return
  }
  echo "== SQLite floor on the same disk: one INSERT per fsynced transaction"
  local out="$work/floor.txt"
  CARTWATCH_BENCH_DIR="$work" "$store_bench" --benchmark_filter=SqliteOneRowPerCommit \
    --benchmark_min_time=2 >"$out" 2>&1
  sed 's/^/    /' "$out"
  local rate
  rate="$(grep -o 'items_per_second=[^ ]*' "$out" | head -1 | cut -d= -f2)"
  summary+=("$(printf '%-9s %-8s %10s commits/s (cartwatch_store_bench SqliteOneRowPerCommit)' \
    sqlite floor "$rate")")
}

echo "cartwatch load: wrk -t$wrk_threads -c$connections -d$duration --latency --timeout 30s, server --threads ${LOAD_SERVER_THREADS:-16}, $(nproc) CPUs"
case "$stores" in
  sqlite) bench_store sqlite ;;
  postgres) bench_store postgres ;;
  both)
    bench_store sqlite
    bench_store postgres
    ;;
esac
if [[ -z "$soak_minutes" && "$stores" != postgres ]]; then floor; fi
if ((${#summary[@]})); then
  echo "== summary"
  printf '%s\n' "${summary[@]}"
fi
