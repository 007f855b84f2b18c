#!/usr/bin/env python3
"""Robustness under failure, against the real `askel` binary, printing its figures.

  python3 tests/robustness/robustness.py crash      SIGKILL mid-load, restart, nothing acknowledged lost
  python3 tests/robustness/robustness.py instances  two servers on one PostgreSQL, started together
  python3 tests/robustness/robustness.py outage     PostgreSQL stopped under load, then started
  python3 tests/robustness/robustness.py webhooks   SIGKILL mid-delivery, restart, every event delivered
  python3 tests/robustness/robustness.py backup     `askel backup` under write load, restored into a fresh server
  python3 tests/robustness/robustness.py all

Needs only the standard library, the binary (ASKEL, default target/debug/askel) and, for
PostgreSQL, the server at ASKEL_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
Every acknowledged (2xx) write is recorded by the load and looked up after the failure.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ASKEL = os.environ.get("ASKEL", os.path.join(ROOT, "target", "debug", "askel"))
PG_URL = os.environ.get("ASKEL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
SECRET = "robustness-test-secret-robustness-test-secret"
DATA_KEY = "cm9idXN0bmVzcy10ZXN0LWRhdGEta2V5LTMyYnl0ZXM="
PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
PG_STOP = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main stop -m fast"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, method, path, token=None, body=None, timeout=10):
    """(status, parsed body); status 0 when the connection failed."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read()
            return r.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout, OSError):
        return 0, None


class Server:
    """One `askel serve` process."""

    def __init__(self, database_url, demo=False, extra_env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            ASKEL_BIND=f"127.0.0.1:{self.port}",
            ASKEL_DATABASE_URL=database_url,
            ASKEL_JWT_SECRET=SECRET,
            ASKEL_DATA_KEY=DATA_KEY,
            ASKEL_RATE_LIMIT="0",
            ASKEL_AUTH_FAILURE_LIMIT="0",
            ASKEL_IDENTITY_LOOKUP_LIMIT="0",
            ASKEL_LOG="warn",
        )
        env.update(extra_env or {})
        args = [ASKEL, "serve"] + (["--demo"] if demo else [])
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.output = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))

    def wait_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with {self.proc.returncode}")
            status, _ = request(self.base, "GET", "/health/ready", timeout=2)
            if status == 200:
                return time.monotonic() - self.started
            time.sleep(0.05)
        raise SystemExit("the server did not become ready")

    def tokens(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            tokens = [l.strip() for l in self.output if l.startswith("  ey")]
            if len(tokens) >= 5:
                return tokens
            time.sleep(0.1)
        raise SystemExit("the demo printed no tokens")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def pg_database():
    """A fresh database on the PostgreSQL server; its URL."""
    name = "askel_rob_" + uuid.uuid4().hex[:12]
    admin = PG_URL.rsplit("/", 1)[0]
    subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)
    return f"{admin}/{name}", name


def drop_pg_database(name):
    subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def demo_project(base, worker):
    status, page = request(base, "GET", "/v1/projects?limit=500", worker)
    assert status == 200, status
    esko = next(p for p in page["items"] if p["code"] == "ESKO")
    return esko["id"], esko["start_date"] or "2019-03-01"


class Load:
    """Writers registering participants and entering step 1, recording every 2xx."""

    def __init__(self, bases, token, project, entry, writers=8):
        self.bases, self.token, self.project, self.entry = bases, token, project, entry
        self.acknowledged_participants = []
        self.acknowledged_steps = []
        self.attempts = 0
        self.statuses = {}
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self._write, args=(i,), daemon=True) for i in range(writers)]

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join(timeout=30)

    def _count(self, status):
        with self.lock:
            self.attempts += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def _write(self, writer):
        n = 0
        while self.running:
            n += 1
            base = self.bases[(writer + n) % len(self.bases)]
            ref = f"rob-{writer}-{n}-{uuid.uuid4().hex[:6]}"
            body = {"external_ref": ref, "entry_date": self.entry, "gender": "female", "birth_date": "1990-05-05",
                    "labour_market_status": "inactive", "education": "isced_3_4", "notes": "Åäö Šiŋŋá"}
            status, created = request(base, "POST", f"/v1/projects/{self.project}/participants", self.token, body)
            self._count(status)
            if status != 201:
                time.sleep(0.05)
                continue
            with self.lock:
                self.acknowledged_participants.append(created["id"])
            status, _ = request(base, "POST", f"/v1/participants/{created['id']}/steps", self.token,
                                {"step": 1, "entered_on": self.entry})
            self._count(status)
            if status == 201:
                with self.lock:
                    self.acknowledged_steps.append(created["id"])


def verify(base, token, load):
    """(participants missing, steps missing, participants checked)."""
    missing_participants = missing_steps = 0
    steps = set(load.acknowledged_steps)
    for pid in load.acknowledged_participants:
        status, p = request(base, "GET", f"/v1/participants/{pid}", token)
        if status != 200 or p.get("notes") != "Åäö Šiŋŋá":
            missing_participants += 1
            continue
        if pid in steps:
            status, history = request(base, "GET", f"/v1/participants/{pid}/steps", token)
            entries = history.get("items", history) if isinstance(history, dict) else history
            if status != 200 or not entries:
                missing_steps += 1
    return missing_participants, missing_steps, len(load.acknowledged_participants)


def crash(database_url, label):
    server = Server(database_url, demo=True)
    server.wait_ready()
    worker = server.tokens()[2]
    project, entry = demo_project(server.base, worker)
    load = Load([server.base], worker, project, entry)
    load.start()
    time.sleep(4)
    server.kill()
    load.stop()
    restarted = Server(database_url)
    startup = restarted.wait_ready()
    missing_p, missing_s, checked = verify(restarted.base, worker, load)
    # Nothing half-written: every participant the project lists reads back whole.
    status, page = request(restarted.base, "GET", f"/v1/projects/{project}/participants?limit=500", worker)
    listed_ok = status == 200
    restarted.stop()
    row = dict(scenario=f"SIGKILL mid-load ({label})", attempted=load.attempts, acknowledged=checked + len(load.acknowledged_steps),
               lost=missing_p + missing_s, note=f"restart ready in {startup * 1000:.0f} ms; list after restart {'200' if listed_ok else status}")
    return row, missing_p + missing_s == 0 and listed_ok


def scenario_crash():
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as d:
        row, good = crash(f"sqlite://{d}/askel.db?mode=rwc", "SQLite, WAL, synchronous=FULL")
        rows.append(row)
        ok &= good
        check = subprocess.run(["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                                f"{d}/askel.db"], capture_output=True, text=True)
        integrity = check.stdout.strip()
        rows[-1]["note"] += f"; PRAGMA integrity_check: {integrity}"
        ok &= integrity == "ok"
    url, name = pg_database()
    try:
        row, good = crash(url, "PostgreSQL")
        rows.append(row)
        ok &= good
    finally:
        drop_pg_database(name)
    return rows, ok


def scenario_instances():
    url, name = pg_database()
    a = b = None
    try:
        a, b = Server(url, demo=True), Server(url)
        a.wait_ready()
        b.wait_ready()
        worker = a.tokens()[2]
        manager = a.tokens()[1]
        status, migrations = 0, None
        out = subprocess.run(["psql", url, "-tAc", "SELECT count(*) FROM seaql_migrations"], capture_output=True, text=True)
        migrations = out.stdout.strip()
        project, entry = demo_project(a.base, worker)
        status, head = request(a.base, "GET", "/v1/events?limit=500", worker)
        cursor = None
        # Read the feed to its end first, then write through both instances.
        while True:
            path = "/v1/events?limit=500" + (f"&after={cursor}" if cursor else "")
            status, page = request(a.base, "GET", path, worker)
            if not page["items"]:
                break
            cursor = page["next_cursor"] or cursor
            if not page["next_cursor"]:
                break
        load = Load([a.base, b.base], worker, project, entry, writers=6)
        load.start()
        time.sleep(4)
        load.stop()
        written = set(load.acknowledged_participants)
        seen, ids, deadline = set(), [], time.monotonic() + 30
        while time.monotonic() < deadline and not written <= seen:
            path = "/v1/events?limit=500" + (f"&after={cursor}" if cursor else "")
            status, page = request(b.base, "GET", path, worker)
            for e in page["items"]:
                ids.append(e["id"])
                seen.add(e["resource_id"])
            cursor = page.get("next_cursor") or cursor
            if not page["items"]:
                time.sleep(0.2)
        duplicates = len(ids) - len(set(ids))
        missing = len(written - seen)
        row = dict(scenario="two instances on one PostgreSQL", attempted=load.attempts, acknowledged=len(written),
                   lost=missing, note=f"migrations applied once ({migrations} rows in seaql_migrations); feed read through the other instance: {len(ids)} events, {duplicates} duplicates, {missing} participants without their event")
        return [row], missing == 0 and duplicates == 0
    finally:
        for s in (a, b):
            if s:
                s.stop()
        drop_pg_database(name)


def scenario_outage():
    url, name = pg_database()
    server = None
    try:
        server = Server(url, demo=True)
        server.wait_ready()
        worker = server.tokens()[2]
        project, entry = demo_project(server.base, worker)
        load = Load([server.base], worker, project, entry, writers=4)
        load.start()
        time.sleep(2)
        subprocess.run(PG_STOP, shell=True, check=True)
        time.sleep(3)
        ready_down, _ = request(server.base, "GET", "/health/ready")
        during, problem = request(server.base, "GET", f"/v1/projects/{project}", worker)
        subprocess.run(PG_START, shell=True, check=True)
        recovered_after = None
        t0 = time.monotonic()
        while time.monotonic() - t0 < 60:
            if request(server.base, "GET", "/health/ready")[0] == 200:
                recovered_after = time.monotonic() - t0
                break
            time.sleep(0.1)
        time.sleep(2)
        load.stop()
        missing_p, missing_s, checked = verify(server.base, worker, load)
        five_hundreds = sum(v for k, v in load.statuses.items() if k >= 500 and k != 503)
        ok = (ready_down == 503 and during == 503 and recovered_after is not None
              and missing_p + missing_s == 0 and five_hundreds == 0)
        row = dict(scenario="PostgreSQL stopped under load, started again", attempted=load.attempts,
                   acknowledged=checked + len(load.acknowledged_steps), lost=missing_p + missing_s,
                   note=f"during the outage /health/ready {ready_down}, a read {during} ({(problem or {}).get('type')}); ready again {recovered_after:.1f} s after the start without a restart; answers by status {dict(sorted(load.statuses.items()))}" if recovered_after is not None else "did not recover")
        return [row], ok
    finally:
        subprocess.run(PG_START + " 2>/dev/null || true", shell=True)
        if server:
            server.stop()
        drop_pg_database(name)


class Receiver:
    """A webhook receiver on loopback that takes each delivery slowly, recording its id."""

    def __init__(self, delay=0.02):
        import http.server

        received = self.received = []
        lock = self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                time.sleep(delay)
                with lock:
                    received.append(self.headers.get("webhook-id"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def ids(self):
        with self.lock:
            return list(self.received)

    def stop(self):
        self.httpd.shutdown()


WEBHOOK_ENV = dict(ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK="true", ASKEL_WEBHOOK_POLL_MS="25",
                   ASKEL_WEBHOOK_TIMEOUT_MS="1000", ASKEL_WEBHOOK_RETRY_BASE_MS="100")


def feed_after(base, token, cursor):
    """Every event id of the caller's feed after `cursor`, in order."""
    ids = []
    while True:
        status, page = request(base, "GET", f"/v1/events?limit=500&after={cursor}", token)
        assert status == 200, status
        if not page["items"]:
            return ids
        ids += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]


def webhooks(database_url, label):
    receiver = Receiver()
    server = Server(database_url, demo=True, extra_env=WEBHOOK_ENV)
    server.wait_ready()
    tokens = server.tokens()
    manager, worker = tokens[1], tokens[2]
    status, start = request(server.base, "GET", "/v1/events?limit=500", manager)
    cursor = start["next_cursor"]
    while start["items"]:
        status, start = request(server.base, "GET", f"/v1/events?limit=500&after={cursor}", manager)
        cursor = start["next_cursor"] if start["items"] else cursor
    status, hook = request(server.base, "POST", "/v1/webhooks", manager, {"url": receiver.url})
    assert status == 201, (status, hook)
    project, entry = demo_project(server.base, worker)
    load = Load([server.base], worker, project, entry)
    load.start()
    time.sleep(3)
    before_kill = len(receiver.ids())
    server.kill()
    load.stop()
    restarted = Server(database_url, extra_env=WEBHOOK_ENV)
    restarted.wait_ready()
    expected = feed_after(restarted.base, manager, cursor)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not set(expected) <= set(receiver.ids()):
        time.sleep(0.1)
    got = receiver.ids()
    restarted.stop()
    receiver.stop()
    missing = len(set(expected) - set(got))
    first_seen = []
    for i in got:
        if i not in first_seen:
            first_seen.append(i)
    in_order = [i for i in first_seen if i in set(expected)] == expected
    again = len(got) - len(set(got))
    row = dict(scenario=f"SIGKILL mid-delivery of webhooks ({label})", attempted=load.attempts, acknowledged=len(expected),
               lost=missing, note=f"{before_kill} delivered before the kill; after the restart every event of the feed delivered"
               f"{'' if missing == 0 else ' NOT'}; first deliveries in feed order: {'yes' if in_order else 'NO'}; "
               f"delivered again (at least once): {again}")
    return row, missing == 0 and in_order and len(expected) > 0


def scenario_webhooks():
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as d:
        row, good = webhooks(f"sqlite://{d}/askel.db?mode=rwc", "SQLite")
        rows.append(row)
        ok &= good
    url, name = pg_database()
    try:
        row, good = webhooks(url, "PostgreSQL")
        rows.append(row)
        ok &= good
    finally:
        drop_pg_database(name)
    return rows, ok


def scenario_backup():
    """Back up under write load; a server started on the copy holds every write acknowledged
    before the backup began, whole, is ready and reads back the figures."""
    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite://{d}/askel.db?mode=rwc"
        server = Server(url, demo=True)
        server.wait_ready()
        tokens = server.tokens()
        manager, worker = tokens[1], tokens[2]
        project, entry = demo_project(server.base, worker)
        load = Load([server.base], worker, project, entry)
        load.start()
        time.sleep(2)
        with load.lock:
            before = list(load.acknowledged_participants)
            steps_before = set(load.acknowledged_steps)
        env = dict(os.environ, ASKEL_DATABASE_URL=url, ASKEL_LOG="warn")
        started = time.monotonic()
        backup = subprocess.run([ASKEL, "backup", f"{d}/copy.db"], env=env, capture_output=True, text=True)
        took = time.monotonic() - started
        time.sleep(1)
        load.stop()
        server.stop()
        if backup.returncode != 0:
            return [dict(scenario="backup under load (SQLite)", attempted=load.attempts, acknowledged=len(before),
                         lost=len(before), note=f"askel backup failed: {backup.stderr.strip()}")], False
        restored = Server(f"sqlite://{d}/copy.db?mode=rw")
        ready = restored.wait_ready()
        snapshot = Load([restored.base], worker, project, entry)
        snapshot.acknowledged_participants = before
        snapshot.acknowledged_steps = [p for p in before if p in steps_before]
        missing_p, missing_s, checked = verify(restored.base, worker, snapshot)
        status, report = request(restored.base, "GET", f"/v1/projects/{project}/reports/indicators", manager)
        counted = report["participants"]["value"] if status == 200 else None
        restored.stop()
        after = len(load.acknowledged_participants) - len(before)
        ok = missing_p + missing_s == 0 and status == 200 and counted is not None and counted >= len(before)
        return [dict(scenario="`askel backup` under write load, restored (SQLite)", attempted=load.attempts,
                     acknowledged=len(before), lost=missing_p + missing_s,
                     note=f"backup took {took * 1000:.0f} ms while {8} writers ran ({after} more writes after it began); "
                          f"the restored server ready in {ready * 1000:.0f} ms; its report counts {counted} participants")], ok


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    scenarios = {"crash": scenario_crash, "instances": scenario_instances, "outage": scenario_outage,
                 "webhooks": scenario_webhooks, "backup": scenario_backup}
    chosen = list(scenarios) if which == "all" else [which]
    rows, ok = [], True
    for name in chosen:
        r, good = scenarios[name]()
        rows += r
        ok &= good
    print("| scenario | requests tried | writes acknowledged | acknowledged writes lost | notes |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scenario']} | {r['attempted']} | {r['acknowledged']} | {r['lost']} | {r['note']} |")
    if not ok:
        print("FAILED", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
