#!/usr/bin/env python3
"""Slow clients and a normal client, for bench/http_compare/run.sh (loopback only).

  slow_client.py slow  --port P [--connections 16] [--interval 2] [--duration 22]
      Opens CONNECTIONS connections to 127.0.0.1:P and sends a request header one byte every
      INTERVAL seconds (the header never ends), for DURATION seconds at most. Prints JSON: for
      each connection, after how many seconds the server closed it (null: still open at the end).

  slow_client.py probe --port P [--requests 50] [--timeout 1] [--budget 12]
      Sends up to REQUESTS sequential GET /healthz, each on a new connection and given TIMEOUT
      seconds, stopping after BUDGET seconds. Prints JSON: answered, failed, not attempted,
      p50 and max latency of the answered ones (ms).

Every loop is bounded in count and time; nothing but 127.0.0.1 is ever contacted.
"""
import argparse
import http.client
import json
import select
import socket
import statistics
import sys
import time

HOST = "127.0.0.1"


def slow(args):
    header = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    conns = []
    start = time.monotonic()
    for _ in range(args.connections):
        s = socket.create_connection((HOST, args.port), timeout=5)
        s.setblocking(False)
        conns.append({"sock": s, "sent": 0, "closed_at": None, "answer": b""})

    def byte_at(i):
        return header[i:i + 1] if i < len(header) else b"a"

    next_send = start
    deadline = start + args.duration
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_send:
            for c in conns:
                if c["closed_at"] is not None:
                    continue
                try:
                    c["sock"].send(byte_at(c["sent"]))
                    c["sent"] += 1
                except OSError:
                    c["closed_at"] = time.monotonic() - start
            next_send += args.interval
        open_socks = [c["sock"] for c in conns if c["closed_at"] is None]
        if not open_socks:
            break
        wait = max(0.0, min(next_send, deadline) - time.monotonic())
        readable, _, _ = select.select(open_socks, [], [], min(wait, 0.2))
        for s in readable:
            c = next(c for c in conns if c["sock"] is s)
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                c["answer"] += data[:200]
                # An answer (e.g. 408) before the close: keep reading until the close.
            else:
                c["closed_at"] = time.monotonic() - start
    elapsed = time.monotonic() - start
    for c in conns:
        c["sock"].close()
    held = [c["closed_at"] for c in conns]
    closed = [h for h in held if h is not None]
    answers = sorted({c["answer"].split(b"\r\n", 1)[0].decode("latin-1")
                      for c in conns if c["answer"]})
    print(json.dumps({
        "connections": args.connections,
        "interval_s": args.interval,
        "observed_s": round(elapsed, 1),
        "closed_by_server": len(closed),
        "still_open_at_end": len(held) - len(closed),
        "held_min_s": round(min(closed), 1) if closed else None,
        "held_max_s": round(max(closed), 1) if closed else None,
        "bytes_sent_max": max(c["sent"] for c in conns),
        "status_lines_received": answers,
        "held_s": [None if h is None else round(h, 1) for h in held],
    }))


def probe(args):
    latencies, failures, errors = [], 0, {}
    start = time.monotonic()
    attempted = 0
    for _ in range(args.requests):
        if time.monotonic() - start > args.budget:
            break
        attempted += 1
        t0 = time.monotonic()
        conn = http.client.HTTPConnection(HOST, args.port, timeout=args.timeout)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or body != b'{"status":"ok"}':
                raise ValueError(f"status {response.status}")
            latencies.append((time.monotonic() - t0) * 1000.0)
        except (OSError, http.client.HTTPException, ValueError) as error:
            failures += 1
            name = type(error).__name__
            errors[name] = errors.get(name, 0) + 1
        finally:
            conn.close()
    print(json.dumps({
        "requests": args.requests,
        "attempted": attempted,
        "answered": len(latencies),
        "failed": failures,
        "not_attempted": args.requests - attempted,
        "timeout_s": args.timeout,
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "max_ms": round(max(latencies), 2) if latencies else None,
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("slow")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--connections", type=int, default=16)
    s.add_argument("--interval", type=float, default=2.0)
    s.add_argument("--duration", type=float, default=22.0)
    p = sub.add_parser("probe")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--requests", type=int, default=50)
    p.add_argument("--timeout", type=float, default=1.0)
    p.add_argument("--budget", type=float, default=12.0)
    args = parser.parse_args()
    if args.mode == "slow":
        slow(args)
    else:
        probe(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
