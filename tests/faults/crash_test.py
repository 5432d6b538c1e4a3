#!/usr/bin/env python3
"""Crash test: `cartwatch serve` killed with SIGKILL at random moments while clients record
assessments, then restarted on the same store.

  crash_test.py CARTWATCH --store sqlite|postgres [--url URL] [--seconds 20] [--clients 8]

Each client has a patient of its own and records one assessment after another, each with its own
Idempotency-Key and time. A request that fails (connection refused or reset, 5xx) is sent again
with the same key and the same body until it is acknowledged (201). Meanwhile the server is killed
every 0.5 to 2 s (sometimes while it is still starting) and started again; its port is read anew
each time. When the time is up the killing stops, the writes in flight are finished, and the
server is started once more, cleanly, to check:

  - every acknowledged write is stored, exactly once, under the record id its 201 named;
  - record ids are unique, and no two acknowledged keys name the same record;
  - no (patient, time) is stored twice, and nothing is stored that was not sent;
  - a retry of an acknowledged key after the crashes returns the same record, and the same key
    with another body is 409;
  - `cartwatch audit verify` accepts the audit log's hash chain.

For PostgreSQL the test makes a database of its own on the server named by --url or
CARTWATCH_TEST_POSTGRES_URL (unset: fail, or skip with 77 when CARTWATCH_TEST_POSTGRES=skip) and
drops it afterwards. Exit 0 pass, 1 fail.
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


class Write:
    """One assessment a client sends until it is acknowledged."""

    def __init__(self, patient, seq, run):
        self.patient = patient
        self.key = "crash-%s-%s-%d" % (run, patient, seq)
        self.time = INFUSION + 3600 + 60 * seq
        self.body = {"time": harness.rfc3339(self.time),
                     "temperature": {"value": round(36.5 + (seq % 30) / 10, 1), "unit": "Cel"}}
        self.attempts = 0
        self.record_id = None  # from the 201


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.connection_errors = 0
        self.statuses = {}
        self.problems = []

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(text)


def writer(server, token, patient, run, writes, stop_sending, deadline, stats):
    """Records assessments until stop_sending; the write in flight then is still finished (until
    `deadline`)."""
    client = harness.Client(timeout=15)
    headers = bearer(token)
    seq = 0
    while not stop_sending.is_set():
        write = Write(patient, seq, run)
        writes.append(write)
        seq += 1
        while time.monotonic() < deadline[0]:
            port = server.current_port()
            if port is None:
                time.sleep(0.01)
                continue
            write.attempts += 1
            try:
                status, _, body = client.request(
                    port, "POST", "/api/patients/%s/assessments" % patient, write.body,
                    dict(headers, **{"Idempotency-Key": write.key}))
            except CONNECTION_ERRORS:
                with stats.lock:
                    stats.connection_errors += 1
                time.sleep(0.01)
                continue
            stats.count(status)
            if status == 201:
                write.record_id = body["record"]["id"]
                break
            if status >= 500:
                time.sleep(0.02)
                continue
            stats.problem("%s: HTTP %d on attempt %d: %s" % (write.key, status, write.attempts,
                                                             body))
            return
        else:
            return  # the run is over and this write was never acknowledged


def killer(server, stop_killing, stats, counts):
    """Kills the server 0.5 to 2 s after each start (listening or not) and starts it again."""
    rng = random.Random()
    while not stop_killing.is_set():
        kill_at = time.monotonic() + rng.uniform(0.5, 2.0)
        while time.monotonic() < kill_at and not stop_killing.is_set():
            if server.poll() == "exited":
                stats.problem("the server exited by itself (code %s) after a restart:\n%s" %
                              (server.process.returncode, server.output()[-1500:]))
                server.spawn()
            time.sleep(0.01)
        if stop_killing.is_set():
            return
        state = server.poll()
        server.kill()
        counts["kills"] += 1
        if state != "listening":
            counts["while_starting"] += 1
        server.spawn()


def check(server, token, patients, all_writes, stats):
    """The checks after the final clean restart; returns the figures."""
    client = harness.Client()
    port = server.current_port()
    headers = bearer(token)
    acknowledged = [w for ws in all_writes.values() for w in ws if w.record_id is not None]
    unresolved = [w for ws in all_writes.values() for w in ws if w.record_id is None]
    found = 0
    duplicates = 0
    unresolved_stored = 0
    stored_ids = {}
    problems = stats.problems
    ack_ids = {}
    for write in acknowledged:
        if write.record_id in ack_ids:
            problems.append("keys %s and %s were both acknowledged as record %s" %
                            (ack_ids[write.record_id], write.key, write.record_id))
        ack_ids[write.record_id] = write.key
    for patient in patients:
        status, _, body = client.request(port, "GET", "/api/patients/" + patient,
                                         headers=headers)
        harness.expect(status, 200, "reading " + patient, body)
        sent = {w.time: w for w in all_writes[patient]}
        by_time = {}
        by_id = {}
        for record in body["assessments"]:
            rid = record["id"]
            if rid in stored_ids:
                problems.append("record id %s stored twice (%s and %s)" %
                                (rid, stored_ids[rid], patient))
            stored_ids[rid] = patient
            by_id[rid] = record
            at = harness.parse_time(record["time"])
            by_time.setdefault(at, []).append(rid)
            if at not in sent:
                problems.append("%s: record %s at %s was never sent" %
                                (patient, rid, record["time"]))
        for at, ids in by_time.items():
            if len(ids) > 1:
                duplicates += len(ids) - 1
                write = sent.get(at)
                problems.append("%s: the write at %s (key %s, %s attempts) is stored %d times: "
                                "records %s" % (patient, harness.rfc3339(at),
                                                write.key if write else "?",
                                                write.attempts if write else "?", len(ids), ids))
        for write in all_writes[patient]:
            if write.record_id is None:
                continue
            record = by_id.get(write.record_id)
            if record is None:
                problems.append("%s: acknowledged key %s (record %s) is missing" %
                                (patient, write.key, write.record_id))
            elif harness.parse_time(record["time"]) != write.time:
                problems.append("%s: key %s was acknowledged as record %s, which holds time %s" %
                                (patient, write.key, write.record_id, record["time"]))
            else:
                found += 1
        acked_here = sum(1 for w in all_writes[patient] if w.record_id is not None)
        unresolved_here = sum(1 for w in all_writes[patient]
                              if w.record_id is None and w.time in by_time)
        unresolved_stored += unresolved_here
        if len(body["assessments"]) != acked_here + unresolved_here:
            problems.append("%s: %d records stored for %d acknowledged writes and %d "
                            "unacknowledged ones found stored" %
                            (patient, len(body["assessments"]), acked_here, unresolved_here))

    # A retry after the crashes still finds its record; another body under the key is refused.
    replays = random.sample(acknowledged, min(100, len(acknowledged)))
    replayed_same = 0
    for write in replays:
        status, _, body = client.request(
            port, "POST", "/api/patients/%s/assessments" % write.patient, write.body,
            dict(headers, **{"Idempotency-Key": write.key}))
        if status == 201 and body["record"]["id"] == write.record_id:
            replayed_same += 1
        else:
            problems.append("retry of %s after the crashes: HTTP %d, record %s (first: %s)" %
                            (write.key, status,
                             body.get("record", {}).get("id") if isinstance(body, dict) else body,
                             write.record_id))
    if replays:
        write = replays[0]
        other = dict(write.body, temperature={"value": 40.1, "unit": "Cel"})
        status, _, body = client.request(
            port, "POST", "/api/patients/%s/assessments" % write.patient, other,
            dict(headers, **{"Idempotency-Key": write.key}))
        if status != 409:
            problems.append("key %s with another body: HTTP %d, expected 409: %s" %
                            (write.key, status, body))
    return {"acknowledged": len(acknowledged), "found": found, "duplicates": duplicates,
            "unresolved": len(unresolved),
            "unresolved_stored": unresolved_stored,
            "replayed": len(replays), "replayed_same": replayed_same}


def run(args, db, folder):
    server = harness.Server(args.cartwatch, db, folder, "crash-" + args.store, args.threads)
    logins = server.start(demo=True)
    if "demo-admin" not in logins:
        raise Failure("--demo printed no demo-admin password:\n" + server.output())
    client = harness.Client()
    token = harness.make_token(client, server.current_port(), logins["demo-admin"])
    run_id = "%x" % random.randrange(1 << 32)
    patients = ["CRASH-%s-%02d" % (run_id, i) for i in range(args.clients)]
    for patient in patients:
        status, _, body = client.request(
            server.current_port(), "POST", "/api/patients",
            {"id": patient, "age_years": 50, "weight_kg": 70, "product": "axi-cel",
             "infusion": harness.rfc3339(INFUSION)}, bearer(token))
        harness.expect(status, 201, "creating " + patient, body)
    client.close()

    stats = Stats()
    all_writes = {p: [] for p in patients}
    stop_sending = threading.Event()
    stop_killing = threading.Event()
    deadline = [float("inf")]
    counts = {"kills": 0, "while_starting": 0}
    writers = [threading.Thread(target=writer, daemon=True,
                                args=(server, token, p, run_id, all_writes[p], stop_sending,
                                      deadline, stats)) for p in patients]
    kill_thread = threading.Thread(target=killer, args=(server, stop_killing, stats, counts),
                                   daemon=True)
    started = time.monotonic()
    for t in writers:
        t.start()
    kill_thread.start()
    time.sleep(args.seconds)
    stop_killing.set()
    kill_thread.join()
    stop_sending.set()
    # The server left running by the killer finishes the writes in flight.
    server_state = "starting"
    wait_until = time.monotonic() + 30
    while server_state != "listening" and time.monotonic() < wait_until:
        server_state = server.poll()
        if server_state == "exited":
            raise Failure("the server did not start after the last kill:\n" +
                          server.output()[-2000:])
        time.sleep(0.01)
    deadline[0] = time.monotonic() + 20
    for t in writers:
        t.join()
    elapsed = time.monotonic() - started
    code = server.stop()
    if code != 0:
        stats.problem("the server exited %s on SIGTERM:\n%s" % (code, server.output()[-1500:]))

    # A clean start on the store the crashes left.
    server.start()
    if args.plant_duplicate:
        # To see the checks fail: one more record at the time of an acknowledged write.
        planted = next(w for ws in all_writes.values() for w in ws if w.record_id is not None)
        status, _, body = harness.Client().request(
            server.current_port(), "POST", "/api/patients/%s/assessments" % planted.patient,
            planted.body, dict(bearer(token), **{"Idempotency-Key": planted.key + "-planted"}))
        harness.expect(status, 201, "planting a duplicate", body)
    figures = check(server, token, patients, all_writes, stats)
    code = server.stop()
    if code != 0:
        stats.problem("the server exited %s on SIGTERM after the checks" % code)
    verify_code, verify_text = harness.audit_verify(args.cartwatch, db)
    if verify_code != 0:
        stats.problem("cartwatch audit verify exited %d: %s" % (verify_code, verify_text))

    attempts = sum(w.attempts for ws in all_writes.values() for w in ws)
    log("crash test (%s): %d kills (%d while starting), %d writes sent in %.1f s (%d requests, "
        "%d connection errors, statuses %s), %d never acknowledged (%d of them stored)" %
        (args.store, counts["kills"], counts["while_starting"],
         sum(len(ws) for ws in all_writes.values()), elapsed, attempts, stats.connection_errors,
         dict(sorted(stats.statuses.items())), figures["unresolved"],
         figures["unresolved_stored"]))
    retried = sum(1 for ws in all_writes.values() for w in ws
                  if w.record_id is not None and w.attempts > 1)
    log("crash test (%s): %d writes were acknowledged only on a retry with the same key (the first "
        "attempt cut by a kill, committed or not)" % (args.store, retried))
    log("crash test (%s): after the crashes, %d/%d retries of acknowledged keys returned the same "
        "record; audit verify: %s" % (args.store, figures["replayed_same"], figures["replayed"],
                                      verify_text))
    log("crash test (%s): %d kills, %d acknowledged / %d found, %d duplicates" %
        (args.store, counts["kills"], figures["acknowledged"], figures["found"],
         figures["duplicates"]))
    if counts["kills"] == 0:
        stats.problem("the server was never killed")
    if figures["acknowledged"] == 0:
        stats.problem("no write was acknowledged")
    if stats.problems:
        for problem in stats.problems:
            log("FAIL: " + problem)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cartwatch")
    parser.add_argument("--store", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--url", help="PostgreSQL server URL (default "
                        "$CARTWATCH_TEST_POSTGRES_URL); the test makes its own database on it")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="server worker threads")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--plant-duplicate", action="store_true",
                        help="record one write twice before the checks (they must then fail)")
    args = parser.parse_args()
    folder = harness.scratch_folder("cartwatch-crash-")
    try:
        if args.store == "sqlite":
            code = run(args, os.path.join(folder, "crash.db"), folder)
        else:
            base = harness.postgres_base_url(args.url)
            with harness.PostgresDatabase(base, "cartwatch_crash") as database:
                log("crash test (postgres): database %s" % harness.printable(database.url))
                try:
                    code = run(args, database.url, folder)
                finally:
                    harness.Server.kill_all()
        args.keep = args.keep or code != 0
        return code
    except Failure as failure:
        log("FAIL: %s" % failure)
        log("server output in %s" % folder)
        args.keep = True
        return 1
    finally:
        harness.Server.kill_all()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log("scratch folder kept: %s" % folder)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
