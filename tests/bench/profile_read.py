#!/usr/bin/env python3
"""Profiles the audited participant read on PostgreSQL: 20 000 generated participants, the
release server under `perf record` while wrk reads for 12 s; then `perf report -i
/tmp/prof/perf.data --no-children --sort dso,symbol --stdio`. Needs Debian's linux-perf."""
import os, subprocess, sys, time, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.makedirs("/tmp/prof", exist_ok=True)
from bench import ASKEL, BENCH, PG_URL, env, free_port, wait_ready, token, call, collect_participants, write_ids, HERE
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
ids = write_ids(collect_participants(base, worker, projects[0]["id"]))
# warm up
subprocess.run(["wrk", "-t2", "-c50", "-d3s", "-s", os.path.join(HERE, "get_random.lua"), base, "--", ids, "/v1/participants/", worker], capture_output=True)
perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-o", "/tmp/prof/perf.data", "-p", str(srv.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
out = subprocess.run(["wrk", "-t2", "-c50", "-d12s", "--latency", "-s", os.path.join(HERE, "get_random.lua"), base, "--", ids, "/v1/participants/", worker], capture_output=True, text=True)
perf.send_signal(2); perf.wait()
print(out.stdout[-600:])
srv.terminate(); srv.wait()
subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE {name}"])
