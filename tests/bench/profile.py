#!/usr/bin/env python3
"""Profiles one hot path on PostgreSQL: 20 000 generated participants, the release server under
`perf record` while wrk runs the scenario for 12 s; then `perf report -i /tmp/prof/perf.data
--no-children --sort dso,symbol --stdio`. Needs Debian's linux-perf.

    python3 tests/bench/profile.py read    # the audited read of one participant
    python3 tests/bench/profile.py inbox   # the county's inbox page of 50 referrals
    python3 tests/bench/profile.py step    # step writes on new participants
"""
import os, subprocess, sys, time, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.makedirs("/tmp/prof", exist_ok=True)
from bench import (ASKEL, BENCH, COUNTY, PG_URL, env, free_port, wait_ready, token, call, collect_participants,
                   write_ids, HERE)

scenario = sys.argv[1] if len(sys.argv) > 1 else "read"
name = "askel_prof_" + uuid.uuid4().hex[:6]
subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
url = PG_URL.rsplit("/", 1)[0] + "/" + name + "?sslmode=disable"
subprocess.run([BENCH, "generate", "--projects", "20", "--participants", "20000"], env=env(url, 0), check=True)
port = free_port(); base = f"http://127.0.0.1:{port}"
srv = subprocess.Popen([ASKEL, "serve"], env=env(url, port), stdout=subprocess.DEVNULL)
wait_ready(base, srv)
admin = token(url, "admin")
projects = [p for p in call(base, "/v1/projects?limit=500", admin)["items"] if p["code"].startswith("HAME-")]
org = projects[0]["administrator_organisation_id"]
worker = token(url, "worker", org)


def wrk(seconds, script, *args):
    return subprocess.run(["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "-s", os.path.join(HERE, script),
                           base, "--", *args], capture_output=True, text=True)


if scenario == "read":
    ids = write_ids(collect_participants(base, worker, projects[0]["id"]))
    script, args = "get_random.lua", [ids, "/v1/participants/", worker]
elif scenario == "inbox":
    inbox = "/v1/referrals?role=target&limit=50&updated_since=2016-01-01T00:00:00Z"
    script, args = "get_fixed.lua", [inbox, token(url, "referral_handler", COUNTY)]
elif scenario == "step":
    before = set(collect_participants(base, worker, projects[0]["id"]))
    for _ in range(80):  # more than the warm-up and the run step, so each participant is stepped once
        call(base, f"/v1/projects/{projects[0]['id']}/participants/batch", worker, "POST",
             {"items": [{"entry_date": "2019-03-01", "gender": "female", "birth_date": "1990-05-05",
                         "labour_market_status": "unemployed", "unemployed_since": "2018-01-01",
                         "education": "isced_3_4", "degree_of_urbanisation": "rural_areas"}] * 1000})
    fresh = [i for i in collect_participants(base, worker, projects[0]["id"]) if i not in before]
    # Each participant is stepped once: the warm-up takes the first quarter, the run the rest.
    warm = ("post_step.lua", [write_ids(fresh[: len(fresh) // 4]), worker])
    script, args = "post_step.lua", [write_ids(fresh[len(fresh) // 4:]), worker]
else:
    raise SystemExit(f"unknown scenario {scenario}: read, inbox or step")

if scenario != "step":
    warm = (script, args)
wrk(3, warm[0], *warm[1])  # warm up
# PERF_CALL_GRAPH=dwarf unwinds through the release build's .eh_frame (callers of libc and serde
# symbols included); the default, frame pointers, is cheaper but stops at most frames.
graph = ["--call-graph", os.environ["PERF_CALL_GRAPH"]] if os.environ.get("PERF_CALL_GRAPH") else ["-g"]
perf = subprocess.Popen(["perf", "record", "-F", "999", *graph, "-o", "/tmp/prof/perf.data", "-p", str(srv.pid)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
out = wrk(12, script, *args)
perf.send_signal(2); perf.wait()
print(out.stdout[-600:])
srv.terminate(); srv.wait()
subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE {name}"])
