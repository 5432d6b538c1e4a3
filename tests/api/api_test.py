#!/usr/bin/env python3
"""API tests against a real `cartwatch serve` on a throwaway SQLite database.

Usage: api_test.py CARTWATCH_BINARY SOURCE_DIR
       api_test.py --print-role-table SOURCE_DIR   (the generated section of docs/api.md)

Every JSON answer is validated against server/openapi.json for its route and status; every
route of server/src/route_table.cc is called with every role; sessions, tokens, idempotency,
refused input and the clinical flows are checked end to end. Exit 0 pass, 1 fail, 77 skip
(python3-jsonschema missing).
"""

import http.client
import json
import os
import pathlib
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from datetime import datetime, timedelta, timezone

ROLES = ["none", "viewer", "nurse", "physician", "admin"]
ROLE_RANK = {"viewer": 1, "nurse": 2, "physician": 3, "admin": 4}
ROUTE_RE = re.compile(
    r'Route\{RouteId::(k\w+),\s*"(\w+)",\s*"([^"]+)",\s*(?:Role::k(\w+)|kAnyone)\}')
TABLE_HEADING = "## Role x endpoint table"


# ---------------------------------------------------------------------------------------------
# The route table, and the docs section generated from it


def read_routes(source):
    text = (pathlib.Path(source) / "server/src/route_table.cc").read_text()
    text = re.sub(r"\s+", " ", text)
    routes = []
    for m in ROUTE_RE.finditer(text):
        least = m.group(4).lower() if m.group(4) else None
        routes.append({"id": m.group(1), "method": m.group(2), "path": m.group(3), "least": least})
    return routes


def allowed(route, role):
    if route["least"] is None:
        return True
    if role == "none":
        return False
    return ROLE_RANK[role] >= ROLE_RANK[route["least"]]


def role_table_markdown(routes):
    lines = [
        TABLE_HEADING,
        "",
        "Generated from `server/src/route_table.cc` by `tests/api/api_test.py --print-role-table`;",
        "the API test checks that this table matches the route table and calls every cell.",
        "✓: the role may call the route; –: `401` without credentials, `403` for a role below the",
        "least one.",
        "",
        "| Method | Route | none | viewer | nurse | physician | admin |",
        "|---|---|---|---|---|---|---|",
    ]
    for route in routes:
        cells = ["✓" if allowed(route, role) else "–" for role in ROLES]
        lines.append("| %s | `%s` | %s |" % (route["method"], route["path"], " | ".join(cells)))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Checks


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []
        self.section = ""

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failed.append("[%s] %s" % (self.section, message))
            print("FAIL [%s] %s" % (self.section, message[:3000]), flush=True)
        return bool(condition)

    def equal(self, got, want, message):
        return self.check(got == want, "%s: got %r, want %r" % (message, got, want))


CHECKS = Checks()
check = CHECKS.check
equal = CHECKS.equal


# ---------------------------------------------------------------------------------------------
# The OpenAPI validator


class OpenApi:
    def __init__(self, source):
        import jsonschema  # noqa: F401  (checked by main)

        self.source = pathlib.Path(source).resolve()
        path = self.source / "server/openapi.json"
        self.doc = json.loads(path.read_text())
        self.base = path.as_uri()
        self.store = {}
        for schema_file in sorted((self.source / "docs/schema").glob("*.schema.json")):
            schema = json.loads(schema_file.read_text())
            self.store[schema_file.resolve().as_uri()] = schema
            if "$id" in schema:
                self.store[schema["$id"]] = schema
        self.templates = []
        for template, item in self.doc["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((template, re.compile(pattern), item))
        self.validators = {}

    def operation(self, method, path):
        """The (template, operation) that answers method+path: a literal template first."""
        found = [(t, item) for t, rx, item in self.templates if rx.match(path)]
        found.sort(key=lambda pair: pair[0].count("{"))
        for template, item in found:
            if method.lower() in item:
                return template, item[method.lower()]
        return None, None

    def _resolve(self, node):
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
            target = self.doc
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    def response_schema(self, operation, status, content_type):
        responses = operation["responses"]
        response = responses.get(str(status)) or responses.get("%dXX" % (status // 100)) or \
            responses.get("default")
        if response is None:
            return None, "status %d is not described" % status
        response = self._resolve(response)
        content = response.get("content", {})
        media = content_type.split(";")[0].strip().lower()
        if media not in content:
            return None, "content type %s is not described for status %d (described: %s)" % (
                media, status, ", ".join(content))
        return content[media].get("schema"), None

    def validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        if key in self.validators:
            return self.validators[key]
        import jsonschema

        wrapper = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.base,
            "components": self.doc["components"],
            "allOf": [schema],
        }
        validator = None
        try:
            if os.environ.get("CARTWATCH_API_TEST_REFRESOLVER"):
                raise ImportError("RefResolver asked for")
            import referencing
            import referencing.jsonschema

            resources = [(uri, referencing.jsonschema.DRAFT202012.create_resource(contents))
                         for uri, contents in self.store.items()]
            resources.append((self.base, referencing.jsonschema.DRAFT202012.create_resource(wrapper)))
            registry = referencing.Registry().with_resources(resources)
            validator = jsonschema.Draft202012Validator(wrapper, registry=registry)
        except (ImportError, TypeError):  # no `referencing`, or a jsonschema without registry=
            # jsonschema before 4.18 (Debian 12 has 4.10): RefResolver with a local store. Its
            # scope stack can leak between sibling references, so every reference is made
            # absolute first.
            store = {uri: absolute_refs(contents, contents.get("$id", uri))
                     for uri, contents in self.store.items()}
            wrapper = absolute_refs(wrapper, self.base)
            store[self.base] = wrapper
            resolver = jsonschema.RefResolver(base_uri=self.base, referrer=wrapper, store=store)
            validator = jsonschema.Draft202012Validator(wrapper, resolver=resolver)
        self.validators[key] = validator
        return validator

    def errors(self, schema, instance):
        validator = self.validator(schema)
        return ["%s at /%s" % (e.message[:300], "/".join(str(p) for p in e.absolute_path))
                for e in validator.iter_errors(instance)]


API = None


def absolute_refs(node, base):
    """A copy of `node` whose $ref values are absolute URIs (resolved against `base`)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                if value.startswith("#"):
                    value = base.split("#")[0] + value
                elif ":" not in value.split("/")[0]:
                    value = urllib.parse.urljoin(base, value)
            else:
                value = absolute_refs(value, base)
            out[key] = value
        return out
    if isinstance(node, list):
        return [absolute_refs(item, base) for item in node]
    return node


# ---------------------------------------------------------------------------------------------
# HTTP


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers  # lower-case name -> value (last one)
        self.header_list = []
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self.json = None
        if self.content_type.startswith("application/json"):
            try:
                self.json = json.loads(self.text)
            except ValueError:
                self.json = None

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def __repr__(self):
        return "%s %s -> %d %s" % (self.method, self.path, self.status, self.text[:400])


SERVER_PORT = None
STACK_WORDS = re.compile(r"sqlite|SELECT |INSERT |UPDATE |constraint failed|what\(\)|"
                         r"terminate called|Traceback|std::|libpq|syntax error at", re.I)


def call(method, path, body=None, headers=None, raw=None, content_type="application/json",
         validate=True, port=None):
    """One request; JSON answers are checked against the OpenAPI document."""
    headers = dict(headers or {})
    data = None
    if raw is not None:
        data = raw if isinstance(raw, bytes) else raw.encode()
    elif body is not None:
        data = json.dumps(body).encode()
    if data is not None and content_type:
        headers.setdefault("Content-Type", content_type)
    conn = http.client.HTTPConnection("127.0.0.1", port or SERVER_PORT, timeout=60)
    try:
        conn.request(method, path, body=data, headers=headers)
        raw_response = conn.getresponse()
        payload = raw_response.read()
        lower = {}
        for name, value in raw_response.getheaders():
            lower[name.lower()] = value
        response = Response(method, path, raw_response.status, lower, payload)
        response.header_list = raw_response.getheaders()
    finally:
        conn.close()
    if validate:
        validate_response(response)
    return response


def call_oversized(path, size, headers, port=None):
    """POSTs a JSON body of `size` bytes over a plain socket and reads whatever answer comes,
    also when the server answers before the body is all sent."""
    import socket

    body = b'{"pad": "' + b"x" * (size - 11) + b'"}'
    head = ["POST %s HTTP/1.1" % path, "Host: 127.0.0.1", "Content-Type: application/json",
            "Content-Length: %d" % len(body), "Connection: close"]
    head += ["%s: %s" % pair for pair in headers.items()]
    sock = socket.create_connection(("127.0.0.1", port or SERVER_PORT), timeout=30)
    received = b""
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for start in range(0, len(body), 65536):
                sock.sendall(body[start:start + 65536])
        except OSError:
            pass  # the server stopped reading: its answer may be waiting
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except OSError as failure:
            if not received:
                raise ConnectionError("no answer, the connection was reset: %r" % failure)
    finally:
        sock.close()
    head_text, _, payload = received.partition(b"\r\n\r\n")
    lines = head_text.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    lower = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        lower[name.strip().lower()] = value.strip()
    response = Response("POST", path, status, lower, payload)
    validate_response(response)
    return response


def validate_response(response):
    path = urllib.parse.urlsplit(response.path).path
    where = "%s %s -> %d" % (response.method, response.path, response.status)
    if response.status >= 400:
        check(response.json is not None and response.content_type.startswith("application/json"),
              "%s: an error answer is a JSON object (content-type %r, body %r)" % (
                  where, response.content_type, response.text[:300]))
        check(not STACK_WORDS.search(response.text),
              "%s: an error answer holds no stack trace or database text: %r" % (
                  where, response.text[:300]))
        check(response.header("x-request-id") != "" or not path.startswith("/api/") or
              response.status == 413, "%s: carries X-Request-Id" % where)
    template, operation = API.operation(response.method, path)
    if operation is None:
        # Unknown routes and methods: the error object itself.
        if response.json is not None:
            problems = API.errors({"$ref": "#/components/schemas/Error"}, response.json)
            check(not problems, "%s: error object: %s" % (where, problems[:3]))
        return
    schema, problem = API.response_schema(operation, response.status, response.content_type)
    if not check(problem is None, "%s: %s (openapi %s)" % (where, problem, template)):
        return
    if response.content_type.startswith("application/json"):
        if not check(response.json is not None, "%s: body is JSON" % where):
            return
        problems = API.errors(schema, response.json)
        check(not problems, "%s: body does not match openapi %s %s: %s" % (
            where, template, response.status, problems[:3]))
    else:
        check(len(response.body) > 0, "%s: a %s body is not empty" % (where, response.content_type))


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    def __init__(self, binary, db, extra=()):
        self.proc = subprocess.Popen(
            [binary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "4"] + list(extra),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()
        self.port = None
        self.passwords = {}
        deadline = time.time() + 60
        while self.port is None and time.time() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            m = re.search(r"demo login: user (\S+) password (\S+) \(role (\w+)", line)
            if m:
                self.passwords[m.group(1)] = m.group(2)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            self.proc.kill()
            raise RuntimeError("the server did not start: %s" % "".join(self.stderr)[-2000:])

    @staticmethod
    def _pump(stream, out):
        for line in stream:
            out.put(line)

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr.append(line)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


# ---------------------------------------------------------------------------------------------
# Helpers


def rfc3339(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


NOW = datetime.now(timezone.utc).replace(microsecond=0)


def hours_ago(hours):
    return rfc3339(NOW - timedelta(hours=hours))


def bearer(token):
    return {"Authorization": "Bearer " + token}


def error_is(response, status, code=None, field=None, message=""):
    where = "%s %s" % (response.method, response.path)
    ok = check(response.status == status, "%s%s: status %d, want %d: %s" % (
        message, where, response.status, status, response.text[:300]))
    if response.json is None or not isinstance(response.json, dict):
        check(False, "%s%s: no error object" % (message, where))
        return False
    if code is not None:
        ok = equal(response.json.get("error"), code, "%s%s: error code" % (message, where)) and ok
    if field is not None:
        ok = equal(response.json.get("field"), field, "%s%s: error field" % (message, where)) and ok
    return ok


def created(response, message):
    return check(response.status in (200, 201), "%s: %r" % (message, response))


class World:
    """Users, tokens and records the tests share."""

    def __init__(self, server):
        self.server = server
        self.tokens = {}
        self.sessions = {}
        self.request_ids = []  # (request id, action) of clinical writes that succeeded
        self.counter = 0

    def unique(self, prefix):
        self.counter += 1
        return "%s-%d-%d" % (prefix, os.getpid() % 10000, self.counter)

    def auth(self, role):
        return {} if role == "none" else bearer(self.tokens[role])

    def remember(self, response, action):
        if response.status in (200, 201):
            self.request_ids.append((response.header("x-request-id"), action))


def assessment(time_text, **fields):
    body = {"time": time_text}
    body.update(fields)
    return body


FEVER = {"temperature": {"value": 39.0, "unit": "Cel"}, "hypotension": False, "vasopressors": [],
         "oxygen": {"device": "room_air"}}
SHOCK = {"temperature": {"value": 39.4, "unit": "Cel"}, "hypotension": True,
         "vasopressors": ["norepinephrine"], "oxygen": {"device": "room_air"}}
CALM = {"temperature": {"value": 37.0, "unit": "Cel"}, "hypotension": False, "vasopressors": [],
        "oxygen": {"device": "room_air"}}


def login(user, password):
    response = call("POST", "/api/session", {"user": user, "password": password})
    if response.status != 200:
        return None, None, response
    cookie = response.header("set-cookie").split(";")[0]
    return cookie, response.json["csrf_token"], response


# ---------------------------------------------------------------------------------------------
# Tests


def test_setup(world):
    pw = world.server.passwords
    for name in ("demo-nurse", "demo-physician", "demo-admin"):
        check(name in pw, "the demo login line of %s is printed" % name)
    cookie, csrf, response = login("demo-admin", pw["demo-admin"])
    if not check(cookie is not None, "demo-admin signs in: %r" % response):
        raise RuntimeError("cannot sign in")
    world.sessions["admin"] = (cookie, csrf)
    admin = {"Cookie": cookie, "X-CSRF-Token": csrf}
    response = call("POST", "/api/users", {"name": "v1", "role": "viewer",
                                          "password": "viewer-password-long"}, admin)
    equal(response.status, 201, "admin creates the viewer v1")
    for role, user in (("viewer", "v1"), ("nurse", "demo-nurse"),
                       ("physician", "demo-physician"), ("admin", "demo-admin")):
        response = call("POST", "/api/tokens", {"user": user, "label": "api test " + role,
                                               "expires_in_days": 1}, admin)
        if check(response.status == 201 and response.json and response.json.get("token"),
                 "a token for %s: %r" % (user, response)):
            world.tokens[role] = response.json["token"]
    if len(world.tokens) != 4:
        raise RuntimeError("no tokens")
    # The shared patient of the role matrix.
    response = call("POST", "/api/patients", {"id": "MATRIX-1", "age_years": 50, "weight_kg": 70,
                                             "product": "axi-cel", "infusion": hours_ago(48)},
                    world.auth("nurse"))
    equal(response.status, 201, "the matrix patient is created")
    ids = []
    for hours in (30, 20, 10):
        response = call("POST", "/api/patients/MATRIX-1/assessments",
                        assessment(hours_ago(hours), **CALM), world.auth("nurse"))
        equal(response.status, 201, "a matrix assessment is recorded")
        if response.json:
            ids.append(response.json["record"]["id"])
    world.matrix_records = ids


def test_probes(world):
    for path in ("/healthz", "/readyz"):
        response = call("GET", path)
        equal(response.status, 200, "GET %s without credentials" % path)
    response = call("GET", "/metrics")
    equal(response.status, 200, "GET /metrics")
    check(response.content_type.startswith("text/plain"), "/metrics is text/plain: %s" %
          response.content_type)
    response = call("POST", "/healthz", {})
    error_is(response, 405, "method_not_allowed")
    check("GET" in response.header("allow"), "POST /healthz: Allow names GET: %r" %
          response.header("allow"))


def matrix_request(world, route, role):
    """A minimal valid request for the route (path params filled, body valid)."""
    path = route["path"]
    record = world.matrix_records[0]
    path = path.replace("{record}", str(record))
    if route["id"] == "kProtocolShow":
        path = path.replace("{id}", "asco-2021")
    elif route["id"] == "kTokenRevoke":
        path = path.replace("{id}", "999999")
    else:
        path = path.replace("{id}", "MATRIX-1")
    body = None
    rid = route["id"]
    if rid == "kSessionCreate":
        body = {"user": "matrix-nobody"}  # no password: refused as a body, not as a login
    elif rid == "kPatientCreate":
        body = {"id": world.unique("MX")}
    elif rid == "kPatientInfusion":
        body = {"infusion": hours_ago(48)}
    elif rid == "kPatientWeight":
        body = {"weight_kg": 70}
    elif rid == "kAssessmentRecord":
        body = assessment(hours_ago(5), **CALM)
    elif rid == "kAssessmentBatch":
        body = {"assessments": [assessment(hours_ago(4), **CALM)]}
    elif rid == "kAssessmentCorrect":
        body = {"reason": "matrix", "assessment": assessment(hours_ago(30), **CALM)}
    elif rid == "kTreatmentRecord":
        body = {"time": hours_ago(3), "drug": "paracetamol"}
    elif rid == "kPreview":
        body = assessment(hours_ago(1), **FEVER)
    elif rid == "kProtocolChoose":
        body = {"id": "seed-2026"}
    elif rid == "kUserCreate":
        body = {"name": world.unique("mxuser"), "role": "viewer", "password": "matrix-password-1"}
    elif rid == "kTokenCreate":
        body = {"user": "v1", "label": "matrix", "expires_in_days": 1}
    elif route["method"] in ("POST", "PUT"):
        body = {}
    return path, body


def test_role_matrix(world):
    for route in world.routes:
        for role in ROLES:
            path, body = matrix_request(world, route, role)
            response = call(route["method"], path, body, world.auth(role))
            cell = "%s %s as %s" % (route["method"], route["path"], role)
            if role == "none" and route["least"] is not None:
                error_is(response, 401, "unauthenticated", message=cell + ": ")
                check(response.header("www-authenticate").startswith("Bearer"),
                      "%s: WWW-Authenticate" % cell)
            elif not allowed(route, role):
                error_is(response, 403, "forbidden", message=cell + ": ")
            else:
                check(response.status not in (401, 403) and response.status < 500,
                      "%s is allowed: %r" % (cell, response))
                if body is not None and route["id"] not in ("kSessionCreate", "kAssessmentCorrect"):
                    check(200 <= response.status < 300, "%s: the minimal valid request is "
                          "answered 2xx: %r" % (cell, response))


def test_docs_table(world):
    text = (pathlib.Path(world.source) / "docs/api.md").read_text()
    at = text.find(TABLE_HEADING)
    if not check(at >= 0, "docs/api.md has the section %r" % TABLE_HEADING):
        return
    got = text[at:]
    want = role_table_markdown(world.routes)
    check(got.strip() == want.strip(),
          "docs/api.md's role table matches server/src/route_table.cc (regenerate it with "
          "tests/api/api_test.py --print-role-table SOURCE_DIR)")
    # And the OpenAPI document has every route with the same least role.
    for route in world.routes:
        item = API.doc["paths"].get(route["path"], {}).get(route["method"].lower())
        if check(item is not None, "openapi.json describes %s %s" % (route["method"], route["path"])):
            equal(item.get("x-cartwatch-least-role"), route["least"],
                  "openapi least role of %s %s" % (route["method"], route["path"]))
            if route["least"] is not None:
                check("401" in item["responses"] and "403" in item["responses"],
                      "openapi %s %s lists 401 and 403" % (route["method"], route["path"]))


def test_sessions(world):
    pw = world.server.passwords
    cookie, csrf, response = login("demo-nurse", pw["demo-nurse"])
    if not check(cookie is not None, "demo-nurse signs in: %r" % response):
        return
    set_cookie = response.header("set-cookie")
    check("HttpOnly" in set_cookie, "the session cookie is HttpOnly: %s" % set_cookie)
    check("SameSite=Strict" in set_cookie, "the session cookie is SameSite=Strict: %s" % set_cookie)
    check(cookie.startswith("cartwatch_session="), "the cookie is cartwatch_session: %s" % cookie)
    equal(response.json.get("role"), "nurse", "the session's role")
    check(len(csrf) >= 16, "the session has a CSRF token")
    response = call("GET", "/api/session", headers={"Cookie": cookie})
    equal(response.status, 200, "GET /api/session with the cookie")
    equal((response.json or {}).get("csrf_token"), csrf, "GET /api/session returns the CSRF token")
    body = {"id": world.unique("SESS")}
    response = call("POST", "/api/patients", body, {"Cookie": cookie})
    error_is(response, 403, "forbidden", "X-CSRF-Token", "write with the cookie, no CSRF token: ")
    response = call("POST", "/api/patients", body, {"Cookie": cookie, "X-CSRF-Token": "wrong"})
    error_is(response, 403, "forbidden", "X-CSRF-Token", "write with a wrong CSRF token: ")
    response = call("POST", "/api/patients", body, {"Cookie": cookie, "X-CSRF-Token": csrf})
    equal(response.status, 201, "write with the cookie and the CSRF token")
    world.remember(response, "patient.create")
    response = call("DELETE", "/api/session", headers={"Cookie": cookie})
    error_is(response, 403, "forbidden", "X-CSRF-Token", "sign out without the CSRF token: ")
    response = call("DELETE", "/api/session", headers={"Cookie": cookie, "X-CSRF-Token": csrf})
    equal(response.status, 200, "sign out")
    response = call("GET", "/api/patients", headers={"Cookie": cookie})
    error_is(response, 401, "unauthenticated", message="the cookie after sign-out: ")
    response = call("GET", "/api/patients", headers={"Cookie": "cartwatch_session=cws_forged"})
    error_is(response, 401, "unauthenticated", message="a forged cookie: ")
    # Login rate limit on a user of its own.
    name = world.unique("locked")
    response = call("POST", "/api/users", {"name": name, "role": "nurse",
                                          "password": "correct-horse-battery"}, world.auth("admin"))
    equal(response.status, 201, "create the user for the rate limit")
    for attempt in range(1, 6):
        response = call("POST", "/api/session", {"user": name, "password": "wrong-%d" % attempt})
        error_is(response, 401, "unauthenticated", message="failed login %d: " % attempt)
    response = call("POST", "/api/session", {"user": name, "password": "wrong-6"})
    error_is(response, 429, "rate_limited", message="the 6th failed login: ")
    check(response.header("retry-after").isdigit(), "429 carries Retry-After: %r" %
          response.header("retry-after"))
    response = call("POST", "/api/session", {"user": name, "password": "correct-horse-battery"})
    error_is(response, 429, "rate_limited", message="the right password inside the window: ")
    response = call("POST", "/api/session", {"user": "demo-nurse", "password": "x", "extra": 1})
    error_is(response, 422, "unknown_field", "extra", "login with an unknown field: ")


def test_tokens(world):
    admin = world.auth("admin")
    for days in (0, 366, -1):
        response = call("POST", "/api/tokens", {"user": "v1", "expires_in_days": days}, admin)
        check(response.status in (400, 422), "expires_in_days %d is refused: %r" % (days, response))
        equal((response.json or {}).get("field"), "expires_in_days",
              "expires_in_days %d: field" % days)
    response = call("POST", "/api/tokens", {"user": "no-such-user"}, admin)
    check(400 <= response.status < 500 and response.status not in (401, 403),
          "a token for an unknown user is refused: %r" % response)
    response = call("POST", "/api/tokens", {"user": "demo-nurse", "label": "revoke me"}, admin)
    if not check(response.status == 201, "create a token to revoke: %r" % response):
        return
    token, token_id = response.json["token"], response.json["id"]
    response = call("GET", "/api/patients", headers=bearer(token))
    equal(response.status, 200, "the new token works")
    response = call("GET", "/api/tokens", headers=admin)
    check(token not in response.text, "GET /api/tokens never shows a secret")
    response = call("DELETE", "/api/tokens/%d" % token_id, headers=admin)
    equal(response.status, 200, "revoke the token")
    check(response.json and response.json.get("revoked_at"), "the revoked token has revoked_at")
    response = call("GET", "/api/patients", headers=bearer(token))
    error_is(response, 401, "unauthenticated", "Authorization", "a revoked token: ")
    response = call("GET", "/api/patients", headers=bearer("cwt_unknownunknownunknown"))
    error_is(response, 401, "unauthenticated", "Authorization", "an unknown token: ")
    for value in ("Basic dXNlcjpwYXNz", "Bearer", "bearer " + world.tokens["admin"], "Token abc"):
        response = call("GET", "/api/patients", headers={"Authorization": value})
        error_is(response, 401, "unauthenticated", message="Authorization %r: " % value)
    response = call("DELETE", "/api/tokens/abc", headers=admin)
    error_is(response, 404, "not_found", message="revoke a token id that is not a number: ")


def count_assessments(world, patient, at=None):
    response = call("GET", "/api/patients/" + patient, headers=world.auth("viewer"))
    if response.status != 200:
        return -1
    return len([a for a in response.json["assessments"] if at is None or a["time"] == at])


def test_idempotency(world):
    nurse = world.auth("nurse")
    # Patient create.
    pid = world.unique("IDEM")
    headers = dict(nurse, **{"Idempotency-Key": "k-" + pid})
    first = call("POST", "/api/patients", {"id": pid, "weight_kg": 60}, headers)
    again = call("POST", "/api/patients", {"id": pid, "weight_kg": 60}, headers)
    equal(first.status, 201, "idempotent patient create, first")
    equal(again.status, first.status, "idempotent patient create, retry: same status")
    equal((again.json or {}).get("id"), pid, "idempotent patient create, retry: same patient")
    listed = call("GET", "/api/patients", headers=nurse)
    equal(len([p for p in listed.json["patients"] if p["id"] == pid]), 1, "one patient stored")
    other = call("POST", "/api/patients", {"id": pid, "weight_kg": 61}, headers)
    error_is(other, 409, "conflict", "Idempotency-Key", "same key, other patient body: ")
    # Assessment.
    at = hours_ago(7)
    headers = dict(nurse, **{"Idempotency-Key": "a-" + pid})
    first = call("POST", "/api/patients/%s/assessments" % pid, assessment(at, **FEVER), headers)
    again = call("POST", "/api/patients/%s/assessments" % pid, assessment(at, **FEVER), headers)
    equal(first.status, 201, "idempotent assessment, first")
    equal(again.status, 201, "idempotent assessment, retry: same status")
    if first.json and again.json:
        equal(again.json["record"]["id"], first.json["record"]["id"], "retry: same record id")
    equal(count_assessments(world, pid, at), 1, "one assessment stored after the retry")
    other = call("POST", "/api/patients/%s/assessments" % pid, assessment(at, **CALM), headers)
    error_is(other, 409, "conflict", "Idempotency-Key", "same key, other assessment: ")
    # Treatment.
    headers = dict(nurse, **{"Idempotency-Key": "t-" + pid})
    body = {"time": hours_ago(6), "drug": "tocilizumab", "dose_mg": 480}
    first = call("POST", "/api/patients/%s/treatments" % pid, body, headers)
    again = call("POST", "/api/patients/%s/treatments" % pid, body, headers)
    equal(first.status, 201, "idempotent treatment, first")
    if first.json and again.json:
        equal(again.json["record"]["id"], first.json["record"]["id"], "treatment retry: same id")
    shown = call("GET", "/api/patients/" + pid, headers=nurse)
    equal(len(shown.json["treatments"]), 1, "one treatment stored after the retry")
    other = call("POST", "/api/patients/%s/treatments" % pid, dict(body, dose_mg=400), headers)
    error_is(other, 409, "conflict", "Idempotency-Key", "same key, other treatment: ")
    # Batch.
    headers = dict(nurse, **{"Idempotency-Key": "b-" + pid})
    body = {"assessments": [assessment(hours_ago(5), **CALM), assessment(hours_ago(4), **CALM)]}
    first = call("POST", "/api/patients/%s/assessments/batch" % pid, body, headers)
    again = call("POST", "/api/patients/%s/assessments/batch" % pid, body, headers)
    equal(first.status, 201, "idempotent batch, first")
    equal(again.status, 201, "idempotent batch, retry")
    if first.json and again.json:
        equal([r["record"]["id"] for r in again.json["results"]],
              [r["record"]["id"] for r in first.json["results"]], "batch retry: same record ids")
    equal(count_assessments(world, pid), 3, "the batch retry stored nothing more")
    body["assessments"][1] = assessment(hours_ago(3.5), **CALM)
    other = call("POST", "/api/patients/%s/assessments/batch" % pid, body, headers)
    error_is(other, 409, "conflict", "Idempotency-Key", "same key, other batch: ")
    equal(count_assessments(world, pid), 3, "the refused batch stored nothing")
    # Keys that are not keys.
    response = call("POST", "/api/patients", {"id": world.unique("IK")},
                    dict(nurse, **{"Idempotency-Key": "x" * 201}))
    error_is(response, 400, "malformed_request", "Idempotency-Key", "a 201-character key: ")


def test_bad_input(world):
    nurse = world.auth("nurse")
    pid = world.unique("BAD")
    response = call("POST", "/api/patients", {"id": pid, "product": "axi-cel",
                                             "infusion": hours_ago(30)}, nurse)
    equal(response.status, 201, "create the patient for bad input")
    url = "/api/patients/%s/assessments" % pid
    at = hours_ago(2)
    cases = [
        ("unknown field", assessment(at, creatinine_mg_dl=2.1, **CALM), 422, "unknown_field",
         "creatinine_mg_dl"),
        ("unknown nested field", assessment(at, temperature={"value": 38, "unit": "Cel", "x": 1}),
         422, "unknown_field", "temperature.x"),
        ("wrong type", assessment(at, hypotension="yes"), 422, "wrong_type", "hypotension"),
        ("temperature without unit", assessment(at, temperature=38.5), 422, "missing_unit",
         "temperature"),
        ("°F given as Cel", assessment(at, temperature={"value": 101, "unit": "Cel"}), 422,
         "implausible_value", "temperature"),
        ("unknown unit", assessment(at, temperature={"value": 38, "unit": "C"}), 422,
         "unknown_unit", "temperature.unit"),
        ("unknown vasopressor", assessment(at, hypotension=True, vasopressors=["levophed"]), 422,
         "unknown_code", "vasopressors[0]"),
        ("bad time", assessment("14/03/2025 08:00", **CALM), 422, "invalid_time", "time"),
        ("time without offset", assessment("2026-03-01T10:00:00", **CALM), 422, "invalid_time",
         "time"),
        ("no time", dict(CALM), 422, "missing_required", "time"),
        ("patient_id of another patient", assessment(at, patient_id="SOMEONE-ELSE", **CALM), 422,
         "contradictory", "patient_id"),
    ]
    for label, body, status, code, field in cases:
        response = call("POST", url, body, nurse)
        error_is(response, status, code, field, label + ": ")
    response = call("POST", url, raw="{\"time\": ", headers=nurse)
    error_is(response, 400, "malformed_json", message="truncated JSON: ")
    response = call("POST", url, raw="[1, 2]", headers=nurse)
    check(response.status in (400, 422), "an array body is refused: %r" % response)
    equal(count_assessments(world, pid), 0, "no refused assessment was stored")
    # Patients.
    cases = [
        ("unknown patient field", {"id": world.unique("B"), "colour": "red"}, 422,
         "unknown_field", "colour"),
        ("impossible weight", {"id": world.unique("B"), "weight_kg": 900}, 422,
         "implausible_value", "weight_kg"),
        ("zero weight", {"id": world.unique("B"), "weight_kg": 0}, 422, "implausible_value",
         "weight_kg"),
        ("weight as text", {"id": world.unique("B"), "weight_kg": "70"}, 422, "wrong_type",
         "weight_kg"),
        ("unknown product", {"id": world.unique("B"), "product": "super-cel"}, 422,
         "unknown_code", "product"),
        ("bad infusion time", {"id": world.unique("B"), "infusion": "yesterday"}, 422,
         "invalid_time", "infusion"),
        ("id with a slash", {"id": "A/B"}, 422, "out_of_range", "id"),
        ("no id", {"weight_kg": 70}, 422, "missing_required", "id"),
        ("age 130", {"id": world.unique("B"), "age_years": 130}, 422, "implausible_value",
         "age_years"),
    ]
    for label, body, status, code, field in cases:
        response = call("POST", "/api/patients", body, nurse)
        error_is(response, status, code, field, label + ": ")
    response = call("POST", "/api/patients", {"id": pid}, nurse)
    error_is(response, 409, "conflict", message="a duplicate patient id: ")
    response = call("PUT", "/api/patients/%s/weight" % pid, {"weight_kg": 1000}, nurse)
    error_is(response, 422, "implausible_value", "weight_kg", "PUT weight 1000: ")
    response = call("PUT", "/api/patients/%s/infusion" % pid, {"infusion": "2026-13-01T00:00:00Z"},
                    nurse)
    error_is(response, 422, "invalid_time", "infusion", "PUT infusion month 13: ")
    # Treatments.
    turl = "/api/patients/%s/treatments" % pid
    response = call("POST", turl, {"time": at, "drug": "aspirin-forte"}, nurse)
    error_is(response, 422, "unknown_code", "drug", "unknown drug: ")
    response = call("POST", turl, {"time": "noon", "drug": "tocilizumab"}, nurse)
    error_is(response, 422, "invalid_time", "time", "treatment at a bad time: ")
    response = call("POST", turl, {"time": at, "drug": "tocilizumab", "dose_mg": -5}, nurse)
    error_is(response, 422, "implausible_value", "dose_mg", "a negative dose: ")
    response = call("POST", turl, {"time": at}, nurse)
    error_is(response, 422, "missing_required", "drug", "a treatment without a drug: ")
    # Media type and size.
    response = call("POST", "/api/patients", {"id": world.unique("B")}, nurse,
                    content_type="text/plain")
    error_is(response, 415, "unsupported_media_type", "Content-Type", "text/plain body: ")
    response = call("POST", "/api/patients", {"id": world.unique("B")}, nurse, content_type=None)
    error_is(response, 415, "unsupported_media_type", message="no Content-Type: ")
    response = call("POST", "/api/patients", {"id": world.unique("B")}, nurse,
                    content_type="application/json; charset=utf-8")
    equal(response.status, 201, "application/json; charset=utf-8 is JSON")
    try:
        response = call_oversized("/api/patients", 1024 * 1024 + 100, nurse)
        error_is(response, 413, "request_too_large", message="a body above 1 MiB: ")
    except (ConnectionError, http.client.HTTPException) as failure:
        check(False, "a body above 1 MiB is answered 413, not a dropped connection: %r" % failure)
    # Routes and methods.
    response = call("GET", "/api/patients/NO-SUCH-PATIENT", headers=nurse)
    error_is(response, 404, "not_found", message="unknown patient: ")
    response = call("POST", "/api/patients/NO-SUCH-PATIENT/assessments", assessment(at, **CALM),
                    nurse)
    error_is(response, 404, "not_found", message="assessment for an unknown patient: ")
    response = call("GET", "/api/patients/NO-SUCH-PATIENT/family", headers=nurse)
    error_is(response, 404, "not_found", message="family view of an unknown patient: ")
    response = call("GET", "/api/no-such-route", headers=nurse)
    error_is(response, 404, "not_found", message="unknown route: ")
    response = call("GET", "/api/no-such-route")
    error_is(response, 401, "unauthenticated", message="unknown route without credentials: ")
    response = call("DELETE", "/api/patients", headers=nurse)
    error_is(response, 405, "method_not_allowed", message="DELETE /api/patients: ")
    equal(response.header("allow"), "GET, POST", "DELETE /api/patients: Allow")
    response = call("PATCH", "/api/patients/%s" % pid, {}, nurse)
    error_is(response, 405, "method_not_allowed", message="PATCH a patient: ")
    check("GET" in response.header("allow"), "PATCH a patient: Allow has GET")
    response = call("GET", "/api/patients?max_day=soon", headers=nurse)
    error_is(response, 422, "wrong_type", "max_day", "max_day=soon: ")
    response = call("GET", "/api/patients/%s/timeline?format=pdf" % pid, headers=nurse)
    error_is(response, 422, "unknown_code", "format", "timeline format=pdf: ")
    response = call("GET", "/api/audit?limit=5000", headers=world.auth("admin"))
    error_is(response, 422, "out_of_range", "limit", "audit limit 5000: ")
    response = call("POST", "/api/users", {"name": world.unique("u"), "role": "nurse",
                                          "password": "short"}, world.auth("admin"))
    error_is(response, 422, "out_of_range", "password", "a short password: ")
    response = call("POST", "/api/users", {"name": world.unique("u"), "role": "god",
                                          "password": "long-enough-password"}, world.auth("admin"))
    error_is(response, 422, "unknown_code", "role", "an unknown role: ")
    response = call("POST", "/api/users", {"name": "v1", "role": "viewer",
                                          "password": "long-enough-password"}, world.auth("admin"))
    error_is(response, 409, "conflict", message="a user name taken: ")
    response = call("PUT", "/api/protocols/active", {"id": "no-such-protocol"},
                    world.auth("physician"))
    error_is(response, 422, "unknown_code", "id", "an unknown protocol: ")
    response = call("GET", "/api/protocols/no-such-protocol", headers=world.auth("viewer"))
    error_is(response, 404, "not_found", message="show an unknown protocol: ")
    # A batch with one bad element is refused whole.
    burl = "/api/patients/%s/assessments/batch" % pid
    body = {"assessments": [assessment(hours_ago(9), **CALM),
                            assessment(hours_ago(8), temperature={"value": 101, "unit": "Cel"}),
                            assessment(hours_ago(7), **CALM)]}
    response = call("POST", burl, body, nurse)
    error_is(response, 422, "implausible_value", "assessments[1].temperature",
             "a batch with one bad element: ")
    equal(count_assessments(world, pid), 0, "the refused batch stored nothing")
    body["assessments"][2] = assessment(hours_ago(7), hypotension="no")
    response = call("POST", burl, body, nurse)
    check(response.status == 422 and response.json and len(response.json.get("errors", [])) == 2,
          "a batch with two bad elements lists both: %r" % response)
    if response.json and response.json.get("errors"):
        equal([e["field"] for e in response.json["errors"]],
              ["assessments[1].temperature", "assessments[2].hypotension"], "batch error fields")
    equal(count_assessments(world, pid), 0, "the refused batch stored nothing")
    response = call("POST", burl, {"assessments": []}, nurse)
    error_is(response, 422, "out_of_range", "assessments", "an empty batch: ")
    response = call("POST", burl, {"assessments": [dict(CALM, time=at)] * 501}, nurse)
    error_is(response, 422, "out_of_range", "assessments", "a batch of 501: ")


def test_flows(world):
    nurse, physician, viewer, admin = (world.auth(r) for r in
                                       ("nurse", "physician", "viewer", "admin"))
    pid = world.unique("FLOW")
    response = call("POST", "/api/patients", {"id": pid, "age_years": 55, "weight_kg": 70,
                                             "product": "Yescarta", "infusion": hours_ago(50)},
                    nurse)
    if not check(response.status == 201, "create the flow patient: %r" % response):
        return
    world.remember(response, "patient.create")
    equal(response.json["product"], "axi-cel", "the brand name is stored as the product code")
    equal(response.json["day"], 2, "day since infusion")
    url = "/api/patients/%s/assessments" % pid
    response = call("POST", url, assessment(hours_ago(6), **FEVER), nurse)
    if check(response.status == 201, "record the fever: %r" % response):
        world.remember(response, "assessment.record")
        equal(response.json["grading"]["crs"]["grade"], 1, "fever 39 Cel: CRS grade 1")
        recommendation = response.json.get("recommendation") or {}
        check(recommendation.get("protocol", {}).get("id"), "the recommendation names its protocol")
        check(recommendation.get("actions"), "grade 1 has recommended actions")
        equal(response.json["record"]["patient_id"], pid, "the record names the patient")
        fever_id = response.json["record"]["id"]
    else:
        fever_id = None
    response = call("POST", url, assessment(hours_ago(4), **SHOCK), nurse)
    if check(response.status == 201, "record hypotension on a vasopressor: %r" % response):
        world.remember(response, "assessment.record")
        equal(response.json["grading"]["crs"]["grade"], 3, "one vasopressor: CRS grade 3")
        shock_id = response.json["record"]["id"]
    else:
        shock_id = None
    response = call("POST", "/api/patients/%s/treatments" % pid,
                    {"time": hours_ago(3.5), "drug": "tocilizumab", "dose_mg": 560}, nurse)
    if check(response.status == 201, "record tocilizumab: %r" % response):
        world.remember(response, "treatment.record")
        equal(response.json["record"]["drug"], "tocilizumab", "the treatment's drug")
    response = call("GET", "/api/patients/" + pid, headers=viewer)
    if check(response.status == 200, "show the flow patient"):
        body = response.json
        equal([t["drug"] for t in body["treatments"]], ["tocilizumab"], "the patient's treatments")
        equal(len(body["assessments"]), 2, "the patient's assessments")
        check(body["current"] and body["current"]["grading"]["crs"]["grade"] == 3,
              "current advice grades the latest assessment (CRS 3)")
        check(body["product_figures"] and body["product_figures"]["product"] == "axi-cel",
              "product figures of axi-cel")
    response = call("PUT", "/api/patients/%s/weight" % pid, {"weight_kg": 68.5}, nurse)
    equal((response.json or {}).get("weight_kg"), 68.5, "PUT weight")
    world.remember(response, "patient.update")
    # Correction.
    if shock_id is not None:
        body = {"reason": "the pressure was read from the wrong patient",
                "assessment": assessment(hours_ago(4), **FEVER)}
        correction = "/api/patients/%s/assessments/%d/correction" % (pid, shock_id)
        response = call("POST", correction, body, nurse)
        error_is(response, 403, "forbidden", message="a nurse corrects: ")
        response = call("POST", correction, body, physician)
        if check(response.status == 201, "a physician corrects: %r" % response):
            world.remember(response, "assessment.correct")
            new_id = response.json["record"]["id"]
            equal(response.json["record"]["supersedes"], shock_id, "the correction supersedes")
            equal(response.json["record"]["correction_reason"], body["reason"], "the reason")
            equal(response.json["grading"]["crs"]["grade"], 1, "the corrected grade")
            shown = call("GET", "/api/patients/" + pid, headers=viewer).json
            old = [a for a in shown["assessments"] if a["id"] == shock_id]
            check(old and old[0]["superseded_by"] == new_id,
                  "the old record stays, superseded_by the correction: %r" % old)
            equal(shown["current"]["assessment_id"], new_id, "current advice uses the correction")
        response = call("POST", "/api/patients/%s/assessments/999999/correction" % pid, body,
                        physician)
        error_is(response, 404, "not_found", message="correct an unknown record: ")
    # Timeline, cohort, ward, family.
    response = call("GET", "/api/patients/%s/timeline" % pid, headers=viewer)
    equal(response.status, 200, "timeline json")
    equal((response.json or {}).get("patient_id"), pid, "the timeline's patient")
    response = call("GET", "/api/patients/%s/timeline?format=csv" % pid, headers=viewer)
    check(response.status == 200 and response.content_type.startswith("text/csv"),
          "timeline csv: %s %s" % (response.status, response.content_type))
    check(pid in response.text, "the timeline csv names the patient")
    response = call("GET", "/api/patients/%s/timeline?format=svg" % pid, headers=viewer)
    check(response.status == 200 and response.content_type.startswith("image/svg+xml") and
          "<svg" in response.text, "timeline svg: %s %s" % (response.status, response.content_type))
    for fmt, ctype in (("json", "application/json"), ("csv", "text/csv"), ("html", "text/html")):
        response = call("GET", "/api/cohort?format=" + fmt, headers=viewer)
        check(response.status == 200 and response.content_type.startswith(ctype),
              "cohort %s: %s %s" % (fmt, response.status, response.content_type))
    response = call("GET", "/api/ward", headers=viewer)
    rows = [r for r in (response.json or {}).get("patients", []) if r["patient"]["id"] == pid]
    if check(len(rows) == 1, "the ward board has the flow patient"):
        equal(rows[0]["crs"]["grade"], 1, "the ward's CRS grade of the flow patient")
        check(rows[0]["last_assessment"] is not None, "the ward row has the last assessment")
    response = call("GET", "/api/patients?on_ward=true&max_day=3", headers=viewer)
    check(pid in [p["id"] for p in response.json["patients"]], "on_ward & max_day=3 list it")
    response = call("GET", "/api/patients/%s/family" % pid, headers=viewer)
    if check(response.status == 200, "family view"):
        check("not medical advice" in response.json["notice"], "the family view has its notice")
        check(response.json["headline"].startswith("Day 2"), "the family headline tells the day")
    # Preview stores nothing.
    before = count_assessments(world, pid)
    response = call("POST", "/api/preview", assessment(hours_ago(1), patient_id=pid, **SHOCK),
                    viewer)
    equal(response.status, 200, "preview as viewer")
    equal((response.json or {}).get("grading", {}).get("crs", {}).get("grade"), 3,
          "the preview grades")
    equal(count_assessments(world, pid), before, "preview stores nothing")
    response = call("POST", "/api/preview", assessment(hours_ago(1), **FEVER), viewer)
    equal(response.status, 200, "preview without a patient")
    response = call("GET", "/api/limits", headers=viewer)
    equal((response.json or {}).get("temperature_c", {}).get("max"), 46.5, "limits: temperature")
    # Protocols.
    response = call("GET", "/api/protocols", headers=viewer)
    ids = [p["id"] for p in (response.json or {}).get("protocols", [])]
    check("asco-2021" in ids, "the protocols include asco-2021: %r" % ids)
    response = call("GET", "/api/protocols/asco-2021", headers=viewer)
    equal((response.json or {}).get("id"), "asco-2021", "show asco-2021")
    response = call("PUT", "/api/protocols/active", {"id": "asco-2021"}, nurse)
    error_is(response, 403, "forbidden", message="a nurse chooses the protocol: ")
    response = call("PUT", "/api/protocols/active", {"id": "asco-2021"}, physician)
    equal(response.status, 200, "a physician chooses asco-2021")
    world.remember(response, "setting")
    response = call("GET", "/api/ward", headers=viewer)
    equal((response.json or {}).get("protocol", {}).get("id"), "asco-2021",
          "the ward board follows the active protocol")
    response = call("POST", url, assessment(hours_ago(0.5), **FEVER), nurse)
    equal(((response.json or {}).get("recommendation") or {}).get("protocol", {}).get("id"),
          "asco-2021", "a new recommendation uses the active protocol")
    world.remember(response, "assessment.record")
    response = call("PUT", "/api/protocols/active", {"id": "seed-2026"}, physician)
    equal(response.status, 200, "back to seed-2026")
    # Users never with hashes.
    response = call("GET", "/api/users", headers=admin)
    check(response.status == 200 and "$argon2" not in response.text and
          "password" not in response.text and "hash" not in response.text,
          "users are listed without password hashes")
    # Audit.
    seen = {}
    after = 0
    while True:
        response = call("GET", "/api/audit?after=%d&limit=1000" % after, headers=admin)
        if not check(response.status == 200, "read the audit log: %r" % response):
            break
        entries = response.json["entries"]
        for entry in entries:
            seen.setdefault(entry["request_id"], []).append(entry)
        if len(entries) < 1000:
            break
        after = entries[-1]["seq"]
    check(len(world.request_ids) >= 8, "the flows made clinical writes to look up (%d)" %
          len(world.request_ids))
    for request_id, action in world.request_ids:
        check(request_id in seen, "the audit log has the %s of request %s" % (action, request_id))
    check(all(len(e["hash"]) == 64 for rows in seen.values() for e in rows),
          "audit rows are hash-chained")


def test_error_bodies(world):
    # Everything above went through the validator; a few more shapes of request.
    response = call("GET", "/api/patients/%ZZ", headers=world.auth("viewer"))
    check(response.status in (400, 404), "an ill-formed escape in a path: %r" % response)
    response = call("POST", "/api/patients", raw="{\"id\": \"X\", \"id\": \"Y\"}",
                    headers=world.auth("nurse"))
    check(response.status in (400, 422) and response.json and
          response.json.get("error") == "duplicate_key", "a duplicate key: %r" % response)
    response = call("POST", "/api/patients", raw="\xff\xfe", headers=world.auth("nurse"))
    check(400 <= response.status < 500, "bytes that are not UTF-8: %r" % response)
    response = call("POST", "/api/patients", raw="[" * 100 + "]" * 100,
                    headers=world.auth("nurse"))
    check(400 <= response.status < 500, "deep nesting: %r" % response)


def test_small_body_limit(world, binary, tmp):
    server = Server(binary, os.path.join(tmp, "small.db"), ["--body-limit", "2048"])
    try:
        response = call("GET", "/healthz", port=server.port)
        equal(response.status, 200, "the second server answers")
        try:
            response = call_oversized("/api/preview", 4000, bearer("cwt_x"), port=server.port)
            error_is(response, 413, "request_too_large", message="a 4 kB body, limit 2048: ")
        except (ConnectionError, http.client.HTTPException) as failure:
            check(False, "a 4 kB body to --body-limit 2048 is answered 413: %r" % failure)
    finally:
        equal(server.stop(), 0, "the second server exits 0 on SIGTERM")


# ---------------------------------------------------------------------------------------------


def main(argv):
    if len(argv) == 3 and argv[1] == "--print-role-table":
        sys.stdout.write(role_table_markdown(read_routes(argv[2])))
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("SKIP: python3-jsonschema is not installed")
        return 77
    binary, source = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    global API, SERVER_PORT
    API = OpenApi(source)
    routes = read_routes(source)
    CHECKS.section = "setup"
    if not check(len(routes) >= 20, "route_table.cc parses into routes (%d)" % len(routes)):
        return 1
    with tempfile.TemporaryDirectory(prefix="cartwatch-api-") as tmp:
        db = os.path.join(tmp, "api.db")
        server = Server(binary, db, ["--demo"])
        SERVER_PORT = server.port
        world = World(server)
        world.routes = routes
        world.source = source
        tests = [test_setup, test_probes, test_docs_table, test_role_matrix, test_sessions,
                 test_tokens, test_idempotency, test_bad_input, test_flows, test_error_bodies]
        try:
            for test in tests:
                CHECKS.section = test.__name__
                try:
                    test(world)
                except Exception:  # a test that breaks is a failure, the others still run
                    check(False, "raised:\n" + traceback.format_exc())
                    if test is test_setup:
                        break
        finally:
            CHECKS.section = "shutdown"
            code = server.stop()
            equal(code, 0, "cartwatch serve exits 0 on SIGTERM")
        verify = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True,
                                text=True)
        equal(verify.returncode, 0, "cartwatch audit verify after the run (%s%s)" % (
            verify.stdout[-300:], verify.stderr[-300:]))
        CHECKS.section = "test_small_body_limit"
        try:
            test_small_body_limit(world, binary, tmp)
        except Exception:
            check(False, "raised:\n" + traceback.format_exc())
    print("api test: %d checks passed, %d failed" % (CHECKS.passed, len(CHECKS.failed)))
    for failure in CHECKS.failed:
        print("  " + failure.splitlines()[0][:400])
    return 1 if CHECKS.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
