#!/usr/bin/env python3
"""Two (or more) builds' step writes on SQLite, alternately: each round every build gets a fresh
copy of one generated dataset (20 000 participants), imports 16 000 new participants and steps
them under `wrk -t2 -c50 -d10s`; the order of the builds alternates from round to round.

    python3 tests/bench/sqlite_steps_ab.py before=/path/to/askel after=target/release/askel

Settings: ROUNDS (3), ASKEL_BENCH (the askel-bench binary generating the dataset).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from bench import BENCH, call, collect_participants, env, free_port, token, wait_ready, write_ids
from measure import wrk

builds = dict(a.split("=", 1) for a in sys.argv[1:])
if not builds:
    raise SystemExit(__doc__)
ROUNDS = int(os.environ.get("ROUNDS", "3"))
PERSON = {"entry_date": "2019-03-01", "gender": "female", "birth_date": "1990-05-05",
          "labour_market_status": "unemployed", "unemployed_since": "2018-01-01",
          "education": "isced_3_4", "degree_of_urbanisation": "rural_areas"}

work = tempfile.mkdtemp()
template = f"{work}/template.db"
subprocess.run([BENCH, "generate", "--projects", "20", "--participants", "20000"],
               env=env(f"sqlite://{template}?mode=rwc", 0), check=True)
results = {}
for round_ in range(ROUNDS):
    order = list(builds.items()) if round_ % 2 == 0 else list(reversed(builds.items()))
    for name, askel in order:
        here = tempfile.mkdtemp(dir=work)
        for suffix in ("", "-wal"):
            if os.path.exists(template + suffix):
                shutil.copy(template + suffix, f"{here}/bench.db{suffix}")
        url = f"sqlite://{here}/bench.db?mode=rwc"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([askel, "serve"], env=env(url, port), stdout=subprocess.DEVNULL)
        wait_ready(base, server)
        projects = [p for p in call(base, "/v1/projects?limit=500", token(url, "admin"))["items"]
                    if p["code"].startswith("HAME-")]
        project = projects[1]
        worker = token(url, "worker", project["administrator_organisation_id"])
        before = set(collect_participants(base, worker, project["id"]))
        for _ in range(16):
            call(base, f"/v1/projects/{project['id']}/participants/batch", worker, "POST", {"items": [PERSON] * 1000})
        fresh = [i for i in collect_participants(base, worker, project["id"]) if i not in before]
        rps, p50, p99, bad, cpu, _ = wrk(base, "post_step.lua", [write_ids(fresh)], 50, worker, 10,
                                         cpu_of=([server.pid], None))
        server.terminate()
        server.wait()
        shutil.rmtree(here)
        print(f"round {round_ + 1} {name:12s} {rps:7.0f}/s  p50 {p50:6.1f}  p99 {p99:6.1f} ms  non-2xx {bad}  "
              f"server {cpu:5.0f} µs", flush=True)
        results.setdefault(name, []).append((rps, p99))
shutil.rmtree(work)
for name, runs in results.items():
    print(f"{name}: median {statistics.median(r[0] for r in runs):.0f}/s, p99 {[r[1] for r in runs]} ms")
