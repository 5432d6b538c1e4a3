#!/usr/bin/env python3
"""Two `cartwatch serve` processes on one PostgreSQL database, written to at once.

  two_servers_test.py CARTWATCH [--url postgresql://...] [--seconds 15] [--clients 8]

Server A loads the demo users; server B opens the same database. Each client has a patient of its
own and records assessments, each with its own Idempotency-Key, in turn:

  - on A only; on B only;
  - on one server, then again on the OTHER with the same key and body (a retry that a load
    balancer sent elsewhere): the same record must come back;
  - on both servers at the same moment with the same key and body (a retry racing the first
    attempt): both must answer with the same record.

Then, read through both servers: every acknowledged write is stored exactly once under the id it
was acknowledged with, nothing is stored twice, and both servers show the same records. A session
made on A works on B (the cookie and its CSRF token), and signing out on B ends it on A.
`cartwatch audit verify` accepts the audit log.

The database is made for the test on the server named by --url or CARTWATCH_TEST_POSTGRES_URL
(unset: fail, or skip with 77 when CARTWATCH_TEST_POSTGRES=skip) and dropped afterwards.
Exit 0 pass, 1 fail.
"""
import argparse
import os
import random
import shutil
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import CONNECTION_ERRORS, Failure, bearer, log  # noqa: E402

INFUSION = harness.parse_time("2026-12-01T10:00:00Z")
MODES = ["A", "B", "A-then-B", "B-then-A", "race"]


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {m: 0 for m in MODES}
        self.requests = {"A": 0, "B": 0}
        self.retried_elsewhere = 0
        self.retried_same_record = 0
        self.races = 0
        self.races_same_record = 0
        self.race_statuses = {}
        self.problems = []

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(text)


def post(client, port, patient, body, key, token):
    status, _, answer = client.request(port, "POST", "/api/patients/%s/assessments" % patient,
                                       body, dict(bearer(token), **{"Idempotency-Key": key}))
    record = answer["record"]["id"] if status == 201 else None
    return status, record, answer


def writer(servers, token, patient, run, writes, stop, figures, index):
    clients = {"A": harness.Client(), "B": harness.Client()}
    race_client = harness.Client()
    seq = 0
    while not stop.is_set():
        mode = MODES[(seq + index) % len(MODES)]
        at = INFUSION + 3600 + 60 * seq
        key = "two-%s-%s-%d" % (run, patient, seq)
        body = {"time": harness.rfc3339(at),
                "temperature": {"value": round(36.5 + (seq % 30) / 10, 1), "unit": "Cel"}}
        write = {"key": key, "time": at, "mode": mode, "record": None}
        writes.append(write)
        seq += 1
        with figures.lock:
            figures.sent[mode] += 1
        try:
            if mode in ("A", "B"):
                status, record, answer = post(clients[mode], servers[mode].current_port(),
                                              patient, body, key, token)
                with figures.lock:
                    figures.requests[mode] += 1
                if status != 201:
                    figures.problem("%s on %s: HTTP %d %s" % (key, mode, status, answer))
                    continue
                write["record"] = record
            elif mode in ("A-then-B", "B-then-A"):
                first, second = mode.split("-then-")
                s1, r1, a1 = post(clients[first], servers[first].current_port(), patient, body,
                                  key, token)
                s2, r2, a2 = post(clients[second], servers[second].current_port(), patient,
                                  body, key, token)
                with figures.lock:
                    figures.requests[first] += 1
                    figures.requests[second] += 1
                    figures.retried_elsewhere += 1
                    if s1 == 201 and s2 == 201 and r1 == r2:
                        figures.retried_same_record += 1
                if s1 != 201 or s2 != 201 or r1 != r2:
                    figures.problem("%s %s: first HTTP %d record %s, retry HTTP %d record %s (%s)"
                                    % (key, mode, s1, r1, s2, r2, a2))
                    continue
                write["record"] = r1
            else:
                result = {}

                def on_b():
                    result["B"] = post(race_client, servers["B"].current_port(), patient, body,
                                       key, token)

                other = threading.Thread(target=on_b)
                other.start()
                result["A"] = post(clients["A"], servers["A"].current_port(), patient, body, key,
                                   token)
                other.join()
                if "B" not in result:
                    raise Failure("the request to B of the race %s failed" % key)
                (sa, ra, aa), (sb, rb, ab) = result["A"], result["B"]
                with figures.lock:
                    figures.requests["A"] += 1
                    figures.requests["B"] += 1
                    figures.races += 1
                    pair = "%d/%d" % (sa, sb)
                    figures.race_statuses[pair] = figures.race_statuses.get(pair, 0) + 1
                    if sa == 201 and sb == 201 and ra == rb:
                        figures.races_same_record += 1
                if sa != 201 or sb != 201 or ra != rb:
                    figures.problem("race %s: A HTTP %d record %s (%s), B HTTP %d record %s (%s)"
                                    % (key, sa, ra, aa if sa != 201 else "", sb, rb,
                                       ab if sb != 201 else ""))
                # What A or B acknowledged is what must be stored.
                write["record"] = ra if sa == 201 else rb
        except CONNECTION_ERRORS as error:
            figures.problem("%s: connection error %r" % (key, error))
            return


def check_sessions(servers, passwords):
    """A session made on A works on B; signing out on B ends it on A."""
    a, b = servers["A"].current_port(), servers["B"].current_port()
    client = harness.Client()
    cookie, csrf = harness.login(client, a, "demo-nurse", passwords["demo-nurse"])
    status, _, body = client.request(b, "GET", "/api/session", headers={"Cookie": cookie})
    harness.expect(status, 200, "the session of A read on B", body)
    if body.get("user") != "demo-nurse" or body.get("csrf_token") != csrf:
        raise Failure("the session read on B is not the one made on A: %s" % body)
    patient = "SESSION-%x" % random.randrange(1 << 32)
    status, _, body = client.request(b, "POST", "/api/patients",
                                     {"id": patient, "age_years": 40, "weight_kg": 60},
                                     {"Cookie": cookie, "X-CSRF-Token": csrf})
    harness.expect(status, 201, "a write on B with the session of A", body)
    if body.get("created_by") != "demo-nurse":
        raise Failure("the patient created on B names %s" % body.get("created_by"))
    status, _, body = client.request(b, "POST", "/api/patients",
                                     {"id": patient + "-X", "age_years": 40},
                                     {"Cookie": cookie})
    harness.expect(status, 403, "a write on B with the cookie of A but no CSRF token", body)
    status, _, body = client.request(a, "GET", "/api/patients/" + patient,
                                     headers={"Cookie": cookie})
    harness.expect(status, 200, "reading on A what the session wrote on B", body)
    status, _, body = client.request(b, "DELETE", "/api/session",
                                     headers={"Cookie": cookie, "X-CSRF-Token": csrf})
    if status not in (200, 204):
        raise Failure("signing out on B: HTTP %d %s" % (status, body))
    status, _, body = client.request(a, "GET", "/api/session", headers={"Cookie": cookie})
    harness.expect(status, 401, "the session signed out on B, used on A", body)
    return ("a session made on A read and written on B (403 without its CSRF token); signed out "
            "on B, it is 401 on A")


def run(args, db, folder):
    servers = {"A": harness.Server(args.cartwatch, db, folder, "server-A", args.threads),
               "B": harness.Server(args.cartwatch, db, folder, "server-B", args.threads)}
    passwords = servers["A"].start(demo=True)
    if "demo-admin" not in passwords:
        raise Failure("--demo printed no demo-admin password:\n" + servers["A"].output())
    servers["B"].start()
    client = harness.Client()
    token = harness.make_token(client, servers["B"].current_port(), passwords["demo-admin"])
    sessions = check_sessions(servers, passwords)

    run_id = "%x" % random.randrange(1 << 32)
    patients = ["TWO-%s-%02d" % (run_id, i) for i in range(args.clients)]
    for i, patient in enumerate(patients):
        side = "AB"[i % 2]
        status, _, body = client.request(
            servers[side].current_port(), "POST", "/api/patients",
            {"id": patient, "age_years": 50, "weight_kg": 70, "product": "axi-cel",
             "infusion": harness.rfc3339(INFUSION)}, bearer(token))
        harness.expect(status, 201, "creating %s on %s" % (patient, side), body)

    figures = Figures()
    stop = threading.Event()
    writes = {p: [] for p in patients}
    threads = [threading.Thread(target=writer, daemon=True,
                                args=(servers, token, p, run_id, writes[p], stop, figures, i))
               for i, p in enumerate(patients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.monotonic() - started

    # Both servers must show the same records, each acknowledged write once.
    acknowledged = found = duplicates = 0
    seen_ids = {}
    for patient in patients:
        views = {}
        for side in "AB":
            status, _, body = client.request(servers[side].current_port(), "GET",
                                             "/api/patients/" + patient, headers=bearer(token))
            harness.expect(status, 200, "reading %s on %s" % (patient, side), body)
            views[side] = body["assessments"]
        ids = {side: sorted(r["id"] for r in views[side]) for side in "AB"}
        if ids["A"] != ids["B"]:
            figures.problem("%s: A shows %d records, B %d" %
                            (patient, len(ids["A"]), len(ids["B"])))
        by_time = {}
        by_id = {}
        for record in views["A"]:
            if record["id"] in seen_ids:
                figures.problem("record id %s stored twice" % record["id"])
            seen_ids[record["id"]] = patient
            by_id[record["id"]] = record
            by_time.setdefault(harness.parse_time(record["time"]), []).append(record["id"])
        sent = {w["time"]: w for w in writes[patient]}
        for at, rids in by_time.items():
            if at not in sent:
                figures.problem("%s: record(s) %s at %s never sent" %
                                (patient, rids, harness.rfc3339(at)))
            if len(rids) > 1:
                duplicates += len(rids) - 1
                figures.problem("%s: the write at %s (%s) is stored %d times: %s" %
                                (patient, harness.rfc3339(at), sent[at]["mode"] if at in sent
                                 else "?", len(rids), rids))
        for write in writes[patient]:
            if write["record"] is None:
                continue
            acknowledged += 1
            record = by_id.get(write["record"])
            if record is None:
                figures.problem("%s: acknowledged %s (record %s) is missing" %
                                (patient, write["key"], write["record"]))
            elif harness.parse_time(record["time"]) != write["time"]:
                figures.problem("%s: %s acknowledged as record %s, which holds %s" %
                                (patient, write["key"], write["record"], record["time"]))
            else:
                found += 1
        unacknowledged_stored = sum(1 for w in writes[patient]
                                    if w["record"] is None and w["time"] in by_time)
        if len(views["A"]) != sum(1 for w in writes[patient] if w["record"] is not None) + \
                unacknowledged_stored:
            figures.problem("%s: %d records stored, %d writes acknowledged" %
                            (patient, len(views["A"]),
                             sum(1 for w in writes[patient] if w["record"] is not None)))

    codes = {side: servers[side].stop() for side in "AB"}
    for side, code in codes.items():
        if code != 0:
            figures.problem("server %s exited %s on SIGTERM" % (side, code))
    verify_code, verify_text = harness.audit_verify(args.cartwatch, db)
    if verify_code != 0:
        figures.problem("cartwatch audit verify exited %d: %s" % (verify_code, verify_text))

    total = sum(len(w) for w in writes.values())
    log("two servers: %d writes in %.1f s (%.0f/s) by %d clients, %d requests to A and %d to B; "
        "by mode %s" % (total, elapsed, total / elapsed, args.clients, figures.requests["A"],
                        figures.requests["B"], figures.sent))
    log("two servers: %d/%d retries on the other server returned the same record; %d/%d races "
        "of one key on both servers answered 201 with one record (statuses A/B %s)" %
        (figures.retried_same_record, figures.retried_elsewhere, figures.races_same_record,
         figures.races, figures.race_statuses))
    log("two servers: %s" % sessions)
    log("two servers: audit verify: %s" % verify_text)
    log("two servers: %d acknowledged / %d found, %d duplicates" %
        (acknowledged, found, duplicates))
    if acknowledged == 0:
        figures.problem("no write was acknowledged")
    if figures.problems:
        for problem in figures.problems:
            log("FAIL: " + problem)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cartwatch")
    parser.add_argument("--url", help="PostgreSQL server URL (default "
                        "$CARTWATCH_TEST_POSTGRES_URL); the test makes its own database on it")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="worker threads per server")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    base = harness.postgres_base_url(args.url)
    folder = harness.scratch_folder("cartwatch-two-servers-")
    try:
        with harness.PostgresDatabase(base, "cartwatch_two") as database:
            log("two servers: database %s" % harness.printable(database.url))
            try:
                code = run(args, database.url, folder)
            finally:
                harness.Server.kill_all()
        args.keep = args.keep or code != 0
        return code
    except Failure as failure:
        log("FAIL: %s" % failure)
        args.keep = True
        return 1
    finally:
        harness.Server.kill_all()
        if args.keep:
            log("server output kept in %s" % folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
