#!/usr/bin/env python3
"""The benchmark: a generated dataset, the real server under wrk, and a bare baseline.

Run through tests/bench/run.sh (which builds in release mode and installs wrk). For each database
(SQLite, then PostgreSQL at ASKEL_TEST_POSTGRES_URL) it generates the dataset, starts the server
and the baseline, drives each scenario with `wrk -t2 -cC -dD` on loopback and prints requests per
second, p50 and p99 latency, the ratio of each read to the baseline, the server's peak memory and
its start-up time. Settings: BENCH_PARTICIPANTS (100000), BENCH_PROJECTS (100), BENCH_SECONDS (10),
BENCH_CONNECTIONS (50; 200 is run as well when BENCH_ALSO_200=1), BENCH_DATABASES (sqlite,postgres),
BENCH_POOL (the server's database pool; its default, 10, when unset), BENCH_ISOLATION (1: also a
participant read's p50 idle and beside 40 funder reports, 30 dry-run imports with identity codes,
and a token flood on a fresh server with its peak memory; 0 skips them). `--scale national` runs
scale.py instead: the funder's figures over 1 000 000 participants in 1 000 projects.

The baseline also serves the county inbox's page bare, and the same bare page with the audit
record the inbox writes for it (one record, an item per listed referral, through the server's
own audit queue): the ceiling of any inbox that keeps that record.

Beside each scenario's throughput it prints the CPU time each request cost the server (or the
baseline) and, on PostgreSQL, the database's backends: on a shared machine throughput swings by
a third from one run to the next, while the CPU a request costs moves far less. On PostgreSQL it
also runs the step write's own statements under pgbench (pg_step.sql; and pg_step_locked.sql,
the locked transaction step writes were before 2026-12-04), the database's ceiling for step
writes with no server in front of it; and on both databases the baseline's bare step
write (the same statements behind a bare HTTP handler), the ceiling with a server in front.
"""

import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from measure import PGBENCH, SECONDS, peak_memory_mb, pg_step_ceiling, wrk

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
RELEASE = os.path.join(ROOT, "target", "release")
ASKEL = os.environ.get("ASKEL", os.path.join(RELEASE, "askel"))
BENCH = os.environ.get("ASKEL_BENCH", os.path.join(RELEASE, "askel-bench"))
PG_URL = os.environ.get("ASKEL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", "100"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
ALSO_200 = os.environ.get("BENCH_ALSO_200") == "1"
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
SECRET = "benchmark-secret-benchmark-secret-benchmark"
DATA_KEY = "YmVuY2htYXJrLWRhdGEta2V5LTMyLWJ5dGVzLWxvbmc="  # base64 of 32 bytes
ELY = "01941f29-7c04-7504-8000-000000000004"
COUNTY = "01941f29-7c10-7510-8000-000000000010"  # Päijät-Hämeen hyvinvointialue, every project's partner


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env(database_url, port, **extra):
    e = dict(os.environ)
    # MALLOC_ARENA_MAX=2 as recommended for deployment (README): glibc otherwise gives each of
    # the database pool's threads an arena of its own and holds twice the memory in use.
    e.update(ASKEL_BIND=f"127.0.0.1:{port}", ASKEL_DATABASE_URL=database_url, ASKEL_JWT_SECRET=SECRET,
             ASKEL_RATE_LIMIT="0", ASKEL_AUTH_FAILURE_LIMIT="0", ASKEL_IDENTITY_LOOKUP_LIMIT="0",
             ASKEL_LOG="error", MALLOC_ARENA_MAX="2", ASKEL_DATA_KEY=DATA_KEY)
    # The pool as shipped (10) unless BENCH_POOL says otherwise.
    if os.environ.get("BENCH_POOL"):
        e["ASKEL_DATABASE_MAX_CONNECTIONS"] = os.environ["BENCH_POOL"]
    e.update(extra)
    return e


def call(base, path, token=None, method="GET", body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def token(database_url, roles, org=None):
    args = [ASKEL, "token", "--roles", roles, "--ttl", "86400"] + (["--org", org] if org else [])
    out = subprocess.run(args, env=env(database_url, 0), capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def wait_ready(base, proc, seconds=120):
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/health/ready", timeout=2)
            return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.01)
    raise SystemExit("not ready in time")


def wait_port(port, proc, seconds=60):
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if proc.poll() is not None:
            raise SystemExit("the baseline exited")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.01)
    raise SystemExit("the baseline did not listen")


def write_ids(ids):
    f = tempfile.NamedTemporaryFile("w", delete=False, suffix=".ids")
    f.write("\n".join(ids) + "\n")
    f.close()
    return f.name


def collect_participants(base, tok, project, limit=None):
    ids, cursor = [], None
    while True:
        page = call(base, f"/v1/projects/{project}/participants?limit=500" + (f"&cursor={cursor}" if cursor else ""), tok)
        ids += [p["id"] for p in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor or (limit and len(ids) >= limit):
            return ids


def reads_beside(base, ids_file, tok, load, seconds=10):
    """The p50 of one client's participant reads (one connection) while `load` (a list of
    commands) runs, started a second before the reads and stopped after them."""
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in load]
    time.sleep(1 if load else 0)
    _, p50, p99, bad = wrk(base, "get_random.lua", [ids_file, "/v1/participants/"], 1, tok, seconds)
    for p in procs:
        p.terminate()
        p.wait()
    return p50, p99, bad


def token_flood(base, client_id, requests=300, at_once=100):
    """Wrong secrets at the token endpoint, `at_once` at a time, from 127.0.0.2–6; their statuses."""
    from concurrent.futures import ThreadPoolExecutor
    import http.client
    port = int(base.rsplit(":", 1)[1])

    def one(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(f"127.0.0.{2 + i % 5}", 0))
        body = json.dumps({"grant_type": "client_credentials",
                           "client_id": client_id if i % 2 else str(uuid.uuid4()), "client_secret": "wrong"})
        try:
            conn.request("POST", "/v1/auth/token", body, {"Content-Type": "application/json"})
            return conn.getresponse().status
        except OSError:
            return 0
        finally:
            conn.close()

    with ThreadPoolExecutor(at_once) as pool:
        return list(pool.map(one, range(requests)))


def run_isolation(kind, url, base, ids_file, worker, project, org, reporter):
    """Heavy work beside light: a participant read's p50 idle and under each load."""
    rows = []
    wrk_load = lambda script, args, c, tok, secs: ["wrk", "-t1", f"-c{c}", f"-d{secs}s", "--timeout", "60s", "-s",
                                                  os.path.join(HERE, script), base, "--"] + args + [tok]
    idle = reads_beside(base, ids_file, worker, [])
    rows.append(dict(db=kind, scenario="isolation: participant read, idle (1 connection)", c=1, rps=float("nan"),
                     unit="", p50=idle[0], p99=idle[1], non2xx=idle[2]))
    for name, load in [
        ("funder reports, 40 at once", wrk_load("get_fixed.lua", [f"/v1/funders/{ELY}/reports/indicators"], 40, reporter, SECONDS + 3)),
        ("dry-run batch imports of 1 000 with identity codes, 30 at once",
         wrk_load("post_batch_identity.lua", [f"/v1/projects/{project}/participants/batch?dry_run=true"], 30,
                  token(url, "worker", org), SECONDS + 3)),
    ]:
        p50, p99, bad = reads_beside(base, ids_file, worker, [load])
        rows.append(dict(db=kind, scenario=f"isolation: participant read beside {name}", c=1, rps=float("nan"),
                         unit="", p50=p50, p99=p99, non2xx=bad, ratio_idle=p50 / idle[0]))
    return rows, idle[0]


def run_flood(kind, url, ids_file, worker, org, failure_limit):
    """A fresh server, a registered client, 300 wrong secrets 100 at a time from five addresses;
    the server's peak memory and another client's reads beside the flood."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = subprocess.run([ASKEL, "client", "create", "--org", org, "--roles", "worker"], env=env(url, 0),
                         capture_output=True, text=True, check=True).stdout
    client_id = re.search(r"client_id:\s+(\S+)", out).group(1)
    server = subprocess.Popen([ASKEL, "serve"], env=env(url, port, ASKEL_AUTH_FAILURE_LIMIT=failure_limit),
                              stdout=subprocess.DEVNULL)
    wait_ready(base, server)
    idle = reads_beside(base, ids_file, worker, [], seconds=5)
    before = peak_memory_mb(server.pid)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        flood = pool.submit(token_flood, base, client_id)
        time.sleep(0.5)
        during = reads_beside(base, ids_file, worker, [], seconds=5)
        statuses = flood.result()
    peak = peak_memory_mb(server.pid)
    server.terminate()
    server.wait()
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    limit = "as shipped" if failure_limit != "0" else "failure limit off"
    return [dict(db=kind, scenario=f"isolation: participant read beside 300 wrong secrets, 100 at once, {limit} (answers {counts})",
                 c=1, rps=float("nan"), unit="", p50=during[0], p99=during[1], non2xx=during[2],
                 ratio_idle=during[0] / idle[0])], dict(limit=limit, before=before, peak=peak)


def run_database(kind):
    rows = []
    work = tempfile.mkdtemp()
    if kind == "sqlite":
        url = f"sqlite://{work}/bench.db?mode=rwc"
        fresh = f"sqlite://{work}/fresh.db?mode=rwc"
    else:
        name = "askel_bench_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
        subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {name}_fresh"], check=True)
        # As a deployment on SSD is tuned (README): random reads cost little more than
        # sequential ones, so the planner uses the indexes for one project's figures.
        subprocess.run(["psql", PG_URL, "-qc", f"ALTER DATABASE {name} SET random_page_cost = 1.1"], check=True)
        # Loopback needs no TLS (PostgreSQL offers it, and the client would take it): the
        # benchmark measures Askel, not the encryption of a socket that never leaves the machine.
        url = PG_URL.rsplit("/", 1)[0] + "/" + name + "?sslmode=disable"
        fresh = PG_URL.rsplit("/", 1)[0] + "/" + name + "_fresh?sslmode=disable"
    # Start-up with migrations, on an empty database.
    port = free_port()
    proc = subprocess.Popen([ASKEL, "serve"], env=env(fresh, port), stdout=subprocess.DEVNULL)
    startup = wait_ready(f"http://127.0.0.1:{port}", proc)
    proc.terminate()
    proc.wait()

    t0 = time.monotonic()
    subprocess.run([BENCH, "generate", "--projects", str(PROJECTS), "--participants", str(PARTICIPANTS)],
                   env=env(url, 0), check=True)
    generated_in = time.monotonic() - t0

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([ASKEL, "serve"], env=env(url, port), stdout=subprocess.DEVNULL)
    wait_ready(base, server)
    admin = token(url, "admin")
    projects = [p for p in call(base, "/v1/projects?limit=500", admin)["items"] if p["code"].startswith("HAME-")]
    project = projects[0]
    org = project["administrator_organisation_id"]
    worker = token(url, "worker", org)
    reporter = token(url, "reporter", ELY)
    handler = token(url, "referral_handler", COUNTY)
    existing = collect_participants(base, worker, project["id"])
    ids_file = write_ids(existing)

    bport = free_port()
    baseline = subprocess.Popen([BENCH, "baseline"], env=env(url, bport), stdout=subprocess.DEVNULL)
    wait_port(bport, baseline)

    database = name if kind == "postgres" else None

    def measure(name_, url_, script, args, tok, connections=CONNECTIONS, per=1, unit="requests", seconds=SECONDS,
                process=server):
        rps, p50, p99, bad, cpu, db_cpu = wrk(url_, script, args, connections, tok, seconds,
                                              cpu_of=([process.pid], database))
        rows.append(dict(db=kind, scenario=name_, c=connections, rps=rps * per, unit=unit, p50=p50, p99=p99, non2xx=bad,
                         cpu=cpu, db_cpu=db_cpu))
        return rps

    inbox = "/v1/referrals?role=target&limit=50&updated_since=2016-01-01T00:00:00Z"
    for c in [CONNECTIONS] + ([200] if ALSO_200 else []):
        base_rps = measure("baseline: bare read of one participant", f"http://127.0.0.1:{bport}", "get_random.lua",
                           [ids_file, "/participants/"], None, c, process=baseline)
        page_rps = measure("baseline: bare page of 50 referrals addressed to the county", f"http://127.0.0.1:{bport}",
                           "get_fixed.lua", [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z", ""],
                           None, c, process=baseline)
        rows[-1]["ratio"] = page_rps / base_rps
        rps = measure("GET /v1/participants/{id}", base, "get_random.lua", [ids_file, "/v1/participants/"], worker, c)
        rows[-1]["ratio"] = rps / base_rps
        rps = measure("county inbox GET /v1/referrals?role=target&updated_since=…", base, "get_fixed.lua",
                      [inbox], handler, c)
        rows[-1]["ratio"] = rps / base_rps
        rows[-1]["ratio_page"] = rps / page_rps
        # Measured last: it writes as much as the inbox, and the database's own work after
        # those writes (autovacuum of the audit items) would fall on the reads measured next.
        inbox_row = rows[-1]
        audited_rps = measure("baseline: the bare page with its audit record (one record, 50 items; % of the bare page)",
                              f"http://127.0.0.1:{bport}", "get_fixed.lua",
                              [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z&audited=true", ""],
                              None, c, process=baseline)
        rows[-1]["ratio"] = audited_rps / page_rps
        inbox_row["ratio_audited"] = rps / audited_rps
        # The same, answered with the inbox's own wire page (full referrals, 35 KB): all of the
        # inbox but its token, access rule and middleware.
        wire_rps = measure("baseline: the bare page with its audit record, answered in the wire form (% of the bare page)",
                           f"http://127.0.0.1:{bport}", "get_fixed.lua",
                           [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z&audited=true&wire=true",
                            ""], None, c, process=baseline)
        rows[-1]["ratio"] = wire_rps / page_rps
        inbox_row["ratio_wire"] = rps / wire_rps

    # The reports over the generated dataset (the writes below add participants to it).
    measure("project report", base, "get_fixed.lua", [f"/v1/projects/{project['id']}/reports/indicators"],
            token(url, "manager", org), 4)
    measure("funder report across all projects", base, "get_fixed.lua", [f"/v1/funders/{ELY}/reports/indicators"],
            reporter, 2, seconds=max(SECONDS, 10))

    # Batch import of 1 000 participants a request, then step writes on the new participants.
    batch_project = projects[1]
    batch_org = batch_project["administrator_organisation_id"]
    batch_worker = token(url, "worker", batch_org)
    before = set(collect_participants(base, batch_worker, batch_project["id"]))
    measure("POST …/participants/batch (1 000 a request)", base, "post_batch.lua",
            [f"/v1/projects/{batch_project['id']}/participants/batch"], batch_worker, 4, per=1000, unit="participants")
    fresh_ids = [i for i in collect_participants(base, batch_worker, batch_project["id"]) if i not in before]
    random.shuffle(fresh_ids)
    # The bare server steps one half of the new participants, Askel the other: each once.
    half = len(fresh_ids) // 2
    bare_rps = measure("baseline: bare step write (the same statements, no token, rule or mapping)",
                       f"http://127.0.0.1:{bport}", "post_step.lua", [write_ids(fresh_ids[:half]), "none", "/participants/"], None,
                       process=baseline)
    baseline.terminate()
    steps_file = write_ids(fresh_ids[half:])
    rps = measure("POST /v1/participants/{id}/steps", base, "post_step.lua", [steps_file], batch_worker)
    rows[-1]["ratio"] = rps / bare_rps
    if kind == "postgres" and PGBENCH:
        rows += pg_step_ceiling(url, fresh_ids, batch_org)

    # The change feed paged from the start.
    t0, events, cursor = time.monotonic(), 0, None
    while True:
        page = call(base, "/v1/events?limit=500" + (f"&after={cursor}" if cursor else ""), batch_worker)
        events += len(page["items"])
        cursor = page.get("next_cursor")
        if not page["items"] or not cursor:
            break
    feed = time.monotonic() - t0
    rows.append(dict(db=kind, scenario="change feed paged from the start (500 a page)", c=1, rps=events / feed,
                     unit="events", p50=float("nan"), p99=float("nan"), non2xx=0))
    if os.environ.get("BENCH_ISOLATION", "1") == "1":
        iso, _ = run_isolation(kind, url, base, ids_file, worker, projects[2]["id"],
                               projects[2]["administrator_organisation_id"], reporter)
        rows += iso
    memory = peak_memory_mb(server.pid)
    server.terminate()
    server.wait()
    flood_memory = []
    if os.environ.get("BENCH_ISOLATION", "1") == "1":
        for failure_limit in ["20", "0"]:
            flood_rows, memory_ = run_flood(kind, url, ids_file, worker, org, failure_limit)
            rows += flood_rows
            flood_memory.append(memory_)
    if kind == "postgres":
        for db in (name, name + "_fresh"):
            subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE {db}"], check=True)
    return rows, dict(db=kind, startup_ms=startup * 1000, generated_s=generated_in, peak_mb=memory,
                      participants=len(existing), feed_events=events, flood=flood_memory)


def main():
    if "--scale" in sys.argv:
        # `--scale national`: the funder's figures over 1 000 000 participants (scale.py).
        import scale
        scale.main()
        return
    cores = os.cpu_count()
    print(f"# Askel benchmark: {PARTICIPANTS} participants across {PROJECTS} projects; wrk -t2, {SECONDS} s a scenario; {cores} cores")
    all_rows, facts = [], []
    for kind in DATABASES:
        rows, fact = run_database(kind)
        all_rows += rows
        facts.append(fact)
    print("\n| database | scenario | connections | per second | p50 ms | p99 ms | vs baseline | non-2xx | server CPU µs/request | database CPU µs/request |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in all_rows:
        ratio = f"{r['ratio'] * 100:.0f} %" if "ratio" in r else (
            f"{r['ratio_idle']:.1f} × idle" if "ratio_idle" in r else "")
        if "ratio_page" in r:
            ratio += (f" ({r['ratio_page'] * 100:.0f} % of the bare page, {r['ratio_audited'] * 100:.0f} % of it audited,"
                      f" {r['ratio_wire'] * 100:.0f} % of it audited in the wire form)")
        cpu = lambda k: f"{r[k]:.0f}" if r.get(k) == r.get(k) and k in r else ""
        print(f"| {r['db']} | {r['scenario']} | {r['c']} | {r['rps']:.0f} {r['unit']} | {r['p50']:.1f} | {r['p99']:.1f} | {ratio} | {r['non2xx']} | {cpu('cpu')} | {cpu('db_cpu')} |")
    print("\n| database | start-up with migrations | dataset generated in | server peak memory | events in feed |")
    print("|---|---|---|---|---|")
    for f in facts:
        print(f"| {f['db']} | {f['startup_ms']:.0f} ms | {f['generated_s']:.1f} s | {f['peak_mb']:.0f} MB | {f['feed_events']} |")
    for f in facts:
        for m in f.get("flood") or []:
            print(f"\n{f['db']}, {m['limit']}: a fresh server's peak memory {m['before']:.0f} MB before the token "
                  f"flood, {m['peak']:.0f} MB after it")


if __name__ == "__main__":
    main()
