#!/usr/bin/env bash
# Load comparison of our HTTP listener (Boost.Beast, `cartwatch serve`) with cpp-httplib 0.11.4
# (Debian 12) answering the same GET /healthz: throughput and latency under wrk, slow clients,
# and keep-alive on one connection. Everything listens on and talks to 127.0.0.1 only; every
# server is stopped by this script, which ends by itself in under 3 minutes.
#
# Builds nothing: build the targets first, e.g.
#   cmake --preset release && cmake --build build -j2 --target cartwatch cartwatch_httplib_probe
# Needs wrk and python3. Usage: bench/http_compare/run.sh [BUILD_DIR]   (default build)
# Raw outputs and summary.md go to BUILD_DIR/http_compare/.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/http_compare
build="${1:-build}"
ours="$build/cli/cartwatch"
theirs="$build/bench/cartwatch_httplib_probe"
out="$build/http_compare"
for tool in "$ours" "$theirs"; do
  [[ -x $tool ]] || { echo "missing $tool: build it first (see the header of $0)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json "$out"/summary.md
tmp=$(mktemp -d)
pid=""
port=""

stop_server() {
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_server ours|httplib|httplib5: starts it on 127.0.0.1 and a free port; sets pid and port
# (both print "listening on http://127.0.0.1:PORT/").
start_server() {
  local log="$tmp/$1.log"
  case "$1" in
    ours)  # the real server, logging only warnings (the probe logs nothing either)
      rm -f "$tmp/bench.db"*
      "$ours" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 --threads 4 --log-level warn \
        >"$log" 2>&1 &
      ;;
    httplib)  # configured like ours: keep-alive for as many requests as the client sends
      "$theirs" --threads 4 >"$log" 2>&1 &
      ;;
    httplib5)  # the library's default: a connection is closed after 5 requests
      "$theirs" --threads 4 --keep-alive-max 5 >"$log" 2>&1 &
      ;;
    httplibdef)  # and its default TCP_NODELAY (off) as well
      "$theirs" --threads 4 --keep-alive-max 5 --tcp-nodelay 0 >"$log" 2>&1 &
      ;;
  esac
  pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -1)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { echo "$1 did not start:" >&2; cat "$log" >&2; exit 1; }
}

echo "== throughput and latency (wrk -t2, keep-alive, 10 s each)" >&2
for server in ours httplib httplib5 httplibdef; do
  start_server "$server"
  conn_counts=(64 256)
  [[ $server == httplibdef ]] && conn_counts=(64)
  for conns in "${conn_counts[@]}"; do
    echo "   $server c$conns" >&2
    wrk -t2 -c"$conns" -d10s --latency "http://127.0.0.1:$port/healthz" \
      >"$out/wrk-$server-c$conns.txt" 2>&1 &
    wrk_pid=$!
    # wrk's latencies count only the answers; at 8 s, count the server's open connections and
    # those that have been sent anything (bytes_acked), to see whether every client is served.
    sleep 8
    ss -Htin state established "( sport = :$port )" >"$tmp/ss.txt" 2>/dev/null || true
    echo "$(grep -c bytes_acked "$tmp/ss.txt" || true)/$(grep -vc $'^\t' "$tmp/ss.txt" || true)" \
      >"$out/served-$server-c$conns.txt"
    wait "$wrk_pid" || true
  done
  stop_server
done

echo "== slow clients (16 connections, one header byte every 2 s) and a normal client" >&2
for server in ours httplib; do
  echo "   $server" >&2
  start_server "$server"
  timeout 40 python3 "$here/slow_client.py" slow --port "$port" --connections 16 --interval 2 \
    --duration 22 >"$out/slow-$server.json" &
  slow_pid=$!
  sleep 2
  timeout 30 python3 "$here/slow_client.py" probe --port "$port" --requests 50 --timeout 1 \
    --budget 12 >"$out/probe-$server.json" || true
  wait "$slow_pid" || true
  stop_server
done

echo "== keep-alive: 1000 requests on one connection" >&2
for server in ours httplib httplib5; do
  echo "   $server" >&2
  start_server "$server"
  timeout 60 python3 "$here/keepalive.py" --port "$port" --requests 1000 \
    >"$out/keepalive-$server.json" || true
  # GET and a 1 KiB POST in turn: ours answers a POST to /healthz 405, the probe echoes it.
  if [[ $server == ours ]]; then post=(--post-path /healthz --post-status 405)
  else post=(--post-path /echo --post-status 200); fi
  timeout 60 python3 "$here/keepalive.py" --port "$port" --requests 1000 "${post[@]}" \
    >"$out/keepalive-mixed-$server.json" || true
  stop_server
done

python3 - "$out" <<'PY' | tee "$out/summary.md"
import json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
names = {"ours": "Beast (cartwatch serve)", "httplib": "cpp-httplib, keep-alive unlimited",
         "httplib5": "cpp-httplib, keep-alive max 5 (default)",
         "httplibdef": "cpp-httplib, keep-alive max 5, TCP_NODELAY off (defaults)"}

def wrk(path):
    text = path.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errs = sum(int(x) for x in sock.groups()) if sock else 0
    return (rps.group(1) if rps else "-", p50.group(1) if p50 else "-",
            p99.group(1) if p99 else "-",
            f"{errs}" + (f" (timeout {sock.group(4)})" if sock and int(sock.group(4)) else "")
            + (f", non-2xx {non2xx.group(1)}" if non2xx else ""))

print("| server | conns | req/s | p50 | p99 | socket errors | connections answered at 8 s |")
print("|---|---|---|---|---|---|---|")
for server in ("ours", "httplib", "httplib5", "httplibdef"):
    for conns in (64, 256):
        p = out / f"wrk-{server}-c{conns}.txt"
        if p.exists():
            served = out / f"served-{server}-c{conns}.txt"
            served = served.read_text().strip() if served.exists() else "-"
            print(f"| {names[server]} | {conns} | " + " | ".join(wrk(p)) + f" | {served} |")
print()
print("| server | slow connections closed by the server | held (s) | normal client: answered / failed / not tried (1 s each) | p50 / max (ms) |")
print("|---|---|---|---|---|")
for server in ("ours", "httplib"):
    try:
        s = json.loads((out / f"slow-{server}.json").read_text())
        q = json.loads((out / f"probe-{server}.json").read_text())
    except (OSError, ValueError):
        continue
    held = (f"{s['held_min_s']}-{s['held_max_s']}" if s["closed_by_server"] else "-")
    if s["still_open_at_end"]:
        held += f"; {s['still_open_at_end']} still open after {s['observed_s']}"
    print(f"| {names[server]} | {s['closed_by_server']}/{s['connections']} | {held} | "
          f"{q['answered']} / {q['failed']} / {q['not_attempted']} | {q['p50_ms']} / {q['max_ms']} |")
print()
print("| server | 1000 GET: errors / reconnects | 1000 GET+POST: errors / reconnects |")
print("|---|---|---|")
for server in ("ours", "httplib", "httplib5"):
    try:
        k = json.loads((out / f"keepalive-{server}.json").read_text())
        m = json.loads((out / f"keepalive-mixed-{server}.json").read_text())
    except (OSError, ValueError):
        continue
    print(f"| {names[server]} | {k['errors']} / {k['reconnects']} | {m['errors']} / {m['reconnects']} |")
PY
