"""Shared pieces of the fault tests (standard library only): starting and killing `cartwatch
serve`, a small HTTP client that survives a server dying under it, and a throwaway PostgreSQL
database made from the test server's URL.

Exit codes of the tests: 0 pass, 1 fail, 77 skipped (PostgreSQL asked to be skipped).
"""
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SKIP = 77

LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/")
DEMO_LOGIN = re.compile(r"demo login: user (\S+) password (\S+) \(role (\w+)")

# Errors of a request whose server died, refused the connection or closed it.
CONNECTION_ERRORS = (OSError, http.client.HTTPException)


class Failure(Exception):
    """The test found something wrong (exit 1)."""


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def postgres_base_url(given):
    """The server URL to make databases on: --url, else CARTWATCH_TEST_POSTGRES_URL. Mirrors the
    store suite: unset is a failure unless CARTWATCH_TEST_POSTGRES=skip (then exit 77)."""
    url = given or os.environ.get("CARTWATCH_TEST_POSTGRES_URL", "")
    if url:
        return url
    if os.environ.get("CARTWATCH_TEST_POSTGRES", "") == "skip":
        log("skipped: PostgreSQL skipped (CARTWATCH_TEST_POSTGRES=skip)")
        sys.exit(SKIP)
    log("FAIL: CARTWATCH_TEST_POSTGRES_URL is not set, so the PostgreSQL store was not tested. "
        "Run scripts/test.sh (it starts a test server), or start one with "
        "scripts/postgres-test-server.sh start and export the URL it prints; set "
        "CARTWATCH_TEST_POSTGRES=skip to skip this test on purpose.")
    sys.exit(1)


def with_database(url, database):
    """`url` with its database name replaced by `database` (the query string kept)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + database))


def printable(url):
    """The URL without its password, for logs."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


class PostgresDatabase:
    """A database of its own on the test server, created with psql and dropped (with any
    connection left open) on exit."""

    def __init__(self, base_url, prefix):
        self.base_url = base_url
        self.name = "%s_%d_%d" % (prefix, os.getpid(), random.randrange(1 << 30))
        self.url = with_database(base_url, self.name)

    def psql(self, sql):
        done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.base_url,
                               "-c", sql], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise Failure("psql failed (%s): %s" % (sql.split()[0], done.stderr.strip()))

    def __enter__(self):
        self.psql("CREATE DATABASE " + self.name)
        return self

    def __exit__(self, *exc):
        try:
            self.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
        except Failure as error:
            log("warning: %s" % error)
        return False


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    """One `cartwatch serve` on a store, restartable. Its output goes to a log file; the port is
    read from the `listening on` line of each start."""

    _all = []

    def __init__(self, binary, db, folder, name="server", threads=4):
        self.binary, self.db, self.name, self.threads = binary, db, name, threads
        self.log_path = os.path.join(folder, name + ".log")
        self.process = None
        self.port = None
        self.offset = 0
        self.starts = 0
        self.lock = threading.Lock()
        Server._all.append(self)

    def spawn(self, demo=False):
        """Starts the process without waiting for it to listen (see poll)."""
        with open(self.log_path, "ab") as out:
            offset = out.tell()
            args = [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
                    "--threads", str(self.threads), "--log-level", "warn"]
            if demo:
                args.append("--demo")
            process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
        with self.lock:
            self.process, self.port, self.offset = process, None, offset
            self.starts += 1

    def poll(self):
        """Reads the current process's output: sets the port once it listens. Returns
        "listening", "starting" or "exited"."""
        with self.lock:
            process, offset, port = self.process, self.offset, self.port
        if port is not None:
            return "listening"
        if process is None:
            return "exited"
        exited = process.poll() is not None
        found = LISTENING.search(self.read_log(offset))
        if found and not exited:
            with self.lock:
                if self.process is process:
                    self.port = int(found.group(1))
            return "listening"
        return "exited" if exited else "starting"

    def output(self):
        """What the current (or last) process printed."""
        return self.read_log(self.offset)

    def start(self, demo=False, timeout=60):
        """Starts the server and waits for its port. Returns the demo logins it printed
        ({user: password}, empty unless --demo loaded an empty store)."""
        self.spawn(demo)
        deadline = time.monotonic() + timeout
        while True:
            state = self.poll()
            if state == "listening":
                text = self.output()
                return {m.group(1): m.group(2) for m in DEMO_LOGIN.finditer(text)}
            if state == "exited":
                raise Failure("%s exited %s before listening:\n%s" %
                              (self.name, self.process.returncode, self.output()[-2000:]))
            if time.monotonic() > deadline:
                raise Failure("%s did not print its port within %d s" % (self.name, timeout))
            time.sleep(0.01)

    def read_log(self, offset=0):
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    def current_port(self):
        with self.lock:
            return self.port

    def kill(self):
        """SIGKILL, as a power cut would: no request in flight is finished."""
        with self.lock:
            process, self.port = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
        if process is not None:
            process.wait()

    def stop(self, timeout=20):
        """SIGTERM and wait; returns the exit code."""
        with self.lock:
            process, self.port = self.process, None
            self.process = None
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise Failure("%s did not stop within %d s of SIGTERM" % (self.name, timeout))

    @classmethod
    def kill_all(cls):
        for server in cls._all:
            try:
                server.kill()
            except Exception:  # noqa: BLE001 -- cleaning up on the way out
                pass


def audit_verify(binary, db):
    done = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True,
                          text=True, timeout=120)
    return done.returncode, (done.stdout + done.stderr).strip()


# ---------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One keep-alive connection per port; any connection error closes it and is raised to the
    caller, who decides whether to retry."""

    def __init__(self, timeout=15):
        self.timeout = timeout
        self.connection = None
        self.connection_port = None

    def close(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def request(self, port, method, path, body=None, headers=None):
        """Returns (status, headers dict with lower-case names, parsed JSON body or text)."""
        if self.connection is None or self.connection_port != port:
            self.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
            self.connection_port = port
        all_headers = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode("utf-8")
            all_headers.setdefault("Content-Type", "application/json")
        try:
            self.connection.request(method, path, body=data, headers=all_headers)
            response = self.connection.getresponse()
            raw = response.read()
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            if response_headers.get("connection", "").lower() == "close":
                self.close()
        except CONNECTION_ERRORS:
            self.close()
            raise
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return response.status, response_headers, parsed


def expect(status, wanted, what, body):
    if status != wanted:
        raise Failure("%s: HTTP %d, expected %d: %s" % (what, status, wanted, body))


def login(client, port, user, password):
    """A browser session: (cookie header value, csrf token)."""
    status, headers, body = client.request(port, "POST", "/api/session",
                                           {"user": user, "password": password})
    expect(status, 200, "login of " + user, body)
    cookie = headers.get("set-cookie", "").split(";")[0]
    if not cookie.startswith("cartwatch_session="):
        raise Failure("login of %s set no session cookie: %r" % (user, headers))
    return cookie, body["csrf_token"]


def make_token(client, port, admin_password, user="demo-nurse"):
    """An API token for `user`, made by demo-admin through a session."""
    cookie, csrf = login(client, port, "demo-admin", admin_password)
    status, _, body = client.request(port, "POST", "/api/tokens",
                                     {"user": user, "label": "fault test", "expires_in_days": 1},
                                     {"Cookie": cookie, "X-CSRF-Token": csrf})
    if status not in (200, 201):
        raise Failure("token for %s: HTTP %d %s" % (user, status, body))
    return body["token"]


def bearer(token):
    return {"Authorization": "Bearer " + token}


def parse_time(text):
    """RFC 3339 to Unix seconds."""
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def scratch_folder(prefix):
    return tempfile.mkdtemp(prefix=prefix)
