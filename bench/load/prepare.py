#!/usr/bin/env python3
"""Prepares a running `cartwatch serve --demo` for the load scripts: an API token for demo-nurse
(made by demo-admin) and the bench patients PREFIX-<thread>-<k>, infused at INFUSION_EPOCH.
Prints the token. Standard library only.

  prepare.py PORT ADMIN_PASSWORD PREFIX THREADS PATIENTS_PER_THREAD INFUSION_EPOCH
"""
import http.client
import json
import sys
import time


def call(port, method, path, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=json.dumps(body),
                       headers=dict(headers, **{"Content-Type": "application/json"}))
    response = connection.getresponse()
    answer = json.loads(response.read() or b"null")
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    connection.close()
    if response.status not in (200, 201):
        sys.exit("prepare: %s %s: HTTP %d %s" % (method, path, response.status, answer))
    return answer, cookie


def main():
    port, password, prefix = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    threads, per_thread, infusion = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    session, cookie = call(port, "POST", "/api/session",
                           {"user": "demo-admin", "password": password}, {})
    token, _ = call(port, "POST", "/api/tokens",
                    {"user": "demo-nurse", "label": "load bench", "expires_in_days": 1},
                    {"Cookie": cookie, "X-CSRF-Token": session["csrf_token"]})
    auth = {"Authorization": "Bearer " + token["token"]}
    for thread in range(threads):
        for k in range(per_thread):
            call(port, "POST", "/api/patients",
                 {"id": "%s-%d-%d" % (prefix, thread, k), "age_years": 40 + k % 40,
                  "weight_kg": 60 + k % 30, "product": "axi-cel",
                  "infusion": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(infusion))}, auth)
    print(token["token"])


if __name__ == "__main__":
    main()
