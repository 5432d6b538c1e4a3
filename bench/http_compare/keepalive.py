#!/usr/bin/env python3
"""Keep-alive correctness on one connection, for bench/http_compare/run.sh (loopback only).

  keepalive.py --port P [--requests 1000] [--post-path PATH --post-status N]

Sends REQUESTS sequential requests over ONE http.client connection to 127.0.0.1:P: GET /healthz,
or, with --post-path, GET /healthz and a POST of a 1 KiB JSON body to PATH in turn (a framed body
between two GETs must not disturb the next request). Counts errors (an exception, a wrong status
or body) and reconnects (the connection had to be opened again). Prints JSON.
"""
import argparse
import http.client
import json
import sys
import time

HOST = "127.0.0.1"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--post-path")
    parser.add_argument("--post-status", type=int, default=200)
    args = parser.parse_args()

    body = json.dumps({"pad": "x" * 1000}).encode()
    conn = http.client.HTTPConnection(HOST, args.port, timeout=5)
    conn.connect()
    errors, reconnects, closes_by_server, kinds = 0, 0, 0, {}
    start = time.monotonic()
    for i in range(args.requests):
        if conn.sock is None:  # the previous answer closed the connection, or an error did
            reconnects += 1
        post = args.post_path is not None and i % 2 == 1
        try:
            if post:
                conn.request("POST", args.post_path, body=body,
                             headers={"Content-Type": "application/json"})
            else:
                conn.request("GET", "/healthz")
            response = conn.getresponse()
            data = response.read()
            if response.will_close:
                closes_by_server += 1
            if post:
                ok = response.status == args.post_status
            else:
                ok = response.status == 200 and data == b'{"status":"ok"}'
            if not ok:
                raise ValueError(f"status {response.status}")
        except (OSError, http.client.HTTPException, ValueError) as error:
            errors += 1
            kinds[type(error).__name__] = kinds.get(type(error).__name__, 0) + 1
            conn.close()
    conn.close()
    print(json.dumps({
        "requests": args.requests,
        "mixed_post": args.post_path is not None,
        "errors": errors,
        "error_kinds": kinds,
        "reconnects": reconnects,
        "closed_by_server": closes_by_server,
        "seconds": round(time.monotonic() - start, 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
