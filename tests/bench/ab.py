#!/usr/bin/env python3
"""Two (or more) builds of the server against each other on one PostgreSQL dataset, alternately,
so that the machine's drift falls on both alike. Each round measures the bare read and page
(`askel-bench baseline`; the read also with its audit record, last; the page also with its
audit record, `audited=true`, and with that record answered in the inbox's wire form,
`wire=true`), then each
build's `GET /v1/participants/{id}` and county inbox under `wrk -t2 -c50 -d10s`, with the CPU
a request cost the server and the database.

    python3 tests/bench/ab.py before=/path/to/askel after=target/release/askel

Settings: ROUNDS (3), SCEN (read,inbox), N (participants, 100000), ASKEL_BENCH (the askel-bench
binary generating the dataset and serving the baseline), ASKEL_TEST_POSTGRES_URL.
"""
import os
import statistics
import subprocess
import sys
import uuid

from bench import (BENCH, COUNTY, PG_URL, call, collect_participants, env, free_port, wait_port, wait_ready,
                   write_ids)
from measure import wrk

builds = dict(a.split("=", 1) for a in sys.argv[1:])
if not builds:
    raise SystemExit(__doc__)
ROUNDS = int(os.environ.get("ROUNDS", "3"))
SCENARIOS = os.environ.get("SCEN", "read,inbox").split(",")
N = int(os.environ.get("N", "100000"))
INBOX = "/v1/referrals?role=target&limit=50&updated_since=2016-01-01T00:00:00Z"

name = "askel_ab_" + uuid.uuid4().hex[:6]
subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
subprocess.run(["psql", PG_URL, "-qc", f"ALTER DATABASE {name} SET random_page_cost = 1.1"], check=True)
url = PG_URL.rsplit("/", 1)[0] + "/" + name + "?sslmode=disable"
first = next(iter(builds.values()))
subprocess.run([BENCH, "generate", "--projects", "100", "--participants", str(N)], env=env(url, 0), check=True)


def token(roles, org=None):
    args = [first, "token", "--roles", roles, "--ttl", "86400"] + (["--org", org] if org else [])
    out = subprocess.run(args, env=env(url, 0), capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def serve(askel):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([askel, "serve"], env=env(url, port), stdout=subprocess.DEVNULL)
    wait_ready(base, server)
    return base, server


base, server = serve(first)
projects = [p for p in call(base, "/v1/projects?limit=500", token("admin"))["items"] if p["code"].startswith("HAME-")]
worker = token("worker", projects[0]["administrator_organisation_id"])
handler = token("referral_handler", COUNTY)
ids = write_ids(collect_participants(base, worker, projects[0]["id"]))
server.terminate()
server.wait()
bport = free_port()
baseline = subprocess.Popen([BENCH, "baseline"], env=env(url, bport), stdout=subprocess.DEVNULL)
wait_port(bport, baseline)
bare = f"http://127.0.0.1:{bport}"

results = {}
for round_ in range(1, ROUNDS + 1):
    measured = {}
    if "read" in SCENARIOS:
        measured["bare read"] = wrk(bare, "get_random.lua", [ids, "/participants/"], 50, None, 10,
                                    cpu_of=([baseline.pid], name))
    if "inbox" in SCENARIOS:
        measured["bare page"] = wrk(bare, "get_fixed.lua",
                                    [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z", ""], 50,
                                    None, 10, cpu_of=([baseline.pid], name))
        measured["audited page"] = wrk(bare, "get_fixed.lua",
                                       [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z&audited=true",
                                        ""], 50, None, 10, cpu_of=([baseline.pid], name))
        measured["wire page"] = wrk(bare, "get_fixed.lua",
                                    [f"/referrals?target={COUNTY}&updated_since=2016-01-01T00:00:00Z&audited=true"
                                     "&wire=true", ""], 50, None, 10, cpu_of=([baseline.pid], name))
    for build, askel in builds.items():
        base, server = serve(askel)
        wrk(base, "get_random.lua", [ids, "/v1/participants/"], 50, worker, 3)  # warm up
        if "read" in SCENARIOS:
            measured[f"{build} read"] = wrk(base, "get_random.lua", [ids, "/v1/participants/"], 50, worker, 10,
                                            cpu_of=([server.pid], name))
        if "inbox" in SCENARIOS:
            measured[f"{build} inbox"] = wrk(base, "get_fixed.lua", [INBOX], 50, handler, 10,
                                             cpu_of=([server.pid], name))
        server.terminate()
        server.wait()
    if "read" in SCENARIOS:
        # Last: its records' inserts would leave the database vacuuming during what follows.
        measured["audited read"] = wrk(bare, "get_random.lua", [ids, "/audited/participants/"], 50, None, 10,
                                       cpu_of=([baseline.pid], name))
    print(f"round {round_}", flush=True)
    for key, (rps, _p50, p99, bad, cpu, db_cpu) in measured.items():
        results.setdefault(key, []).append((rps, p99))
        print(f"  {key:16s} {rps:9.0f}/s  p99 {p99:6.1f} ms  non-2xx {bad}  server {cpu:5.0f} µs  database {db_cpu:5.0f} µs",
              flush=True)
baseline.terminate()
subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE {name} WITH (FORCE)"])

print("medians over the rounds (each round's ratio to its own bare run):")
for build in builds:
    for scenario, ceiling in (("read", "bare read"), ("read", "audited read"), ("inbox", "bare page"), ("inbox", "audited page"),
                               ("inbox", "wire page")):
        if scenario in SCENARIOS:
            pairs = list(zip(results[f"{build} {scenario}"], results[ceiling]))
            ratio = statistics.median(a[0] / b[0] for a, b in pairs)
            tail = statistics.median(a[1] / b[1] for a, b in pairs)
            print(f"  {build} {scenario}: {ratio:.0%} of the {ceiling}, p99 {tail:.2f}x")
