#!/usr/bin/env python3
"""Webhook delivery under load: deliveries per second and commit-to-delivery latency.

  python3 tests/bench/webhooks.py        (after `cargo build --release -p askel-api`)

For each database (BENCH_DATABASES, sqlite,postgres) a fresh server (release build) with one
subscription to a receiver on loopback; WEBHOOK_EVENTS (3000) participants are registered by
WEBHOOK_WRITERS (8) writers at once. Each registration's commit is the moment its 201 arrived;
its delivery the moment the receiver got the `participant.registered` event naming it. Prints
deliveries per second (first to last delivery) and the latency's p50 and p99.
"""

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the benchmark's helpers: env, token, wait_ready, free_port)

EVENTS = int(os.environ.get("WEBHOOK_EVENTS", "3000"))
WRITERS = int(os.environ.get("WEBHOOK_WRITERS", "8"))


class Receiver:
    def __init__(self):
        arrived = self.arrived = {}
        lock = self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                at = time.monotonic()
                with lock:
                    arrived.setdefault(body["data"]["resource_id"], at)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(kind):
    tmp = tempfile.TemporaryDirectory()
    if kind == "sqlite":
        url, drop = f"sqlite://{tmp.name}/askel.db?mode=rwc", None
    else:
        name = "askel_wh_" + uuid.uuid4().hex[:12]
        subprocess.run(["psql", bench.PG_URL, "-qc", f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)
        url = bench.PG_URL.rsplit("/", 1)[0] + "/" + name
        drop = name
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}"
    extra = dict(ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK="true", ASKEL_WEBHOOK_POLL_MS="25")
    proc = subprocess.Popen([bench.ASKEL, "serve"], env=bench.env(url, port, **extra))
    try:
        bench.wait_ready(base, proc)
        admin = bench.token(url, "admin")
        org = bench.call(base, "/v1/organisations", admin, "POST", {"name": "Webhook ry", "kind": "association"})["id"]
        project = bench.call(base, "/v1/projects", admin, "POST",
                             {"code": "WH", "name": "Webhooks", "programme_period": "esf_plus_2021_2027",
                              "administrator_organisation_id": org})["id"]
        manager, worker = bench.token(url, "manager", org), bench.token(url, "worker", org)
        receiver = Receiver()
        bench.call(base, "/v1/webhooks", manager, "POST",
                   {"url": receiver.url, "event_types": ["participant.registered"]})
        committed = {}

        def register(i):
            p = bench.call(base, f"/v1/projects/{project}/participants", worker, "POST",
                           {"entry_date": "2025-01-07", "gender": "female", "birth_date": "1990-01-01",
                            "labour_market_status": "unemployed", "education": "isced_3_4"})
            committed[p["id"]] = time.monotonic()

        with ThreadPoolExecutor(WRITERS) as pool:
            list(pool.map(register, range(EVENTS)))
        deadline = time.monotonic() + 300
        while len(receiver.arrived) < EVENTS and time.monotonic() < deadline:
            time.sleep(0.05)
        arrived = dict(receiver.arrived)
        latencies = [(arrived[i] - t) * 1000 for i, t in committed.items() if i in arrived]
        span = max(arrived.values()) - min(arrived.values())
        print(f"| {kind} | {len(arrived)} of {EVENTS} | {len(arrived) / span:.0f} | "
              f"{percentile(latencies, 50):.0f} ms | {percentile(latencies, 99):.0f} ms |")
        receiver.httpd.shutdown()
    finally:
        proc.terminate()
        proc.wait()
        if drop:
            subprocess.run(["psql", bench.PG_URL, "-qc", f"DROP DATABASE IF EXISTS {drop} WITH (FORCE)"],
                           stdout=subprocess.DEVNULL)
        tmp.cleanup()


def main():
    print("| database | delivered | deliveries/s | commit to delivery p50 | p99 |")
    print("|---|---|---|---|---|")
    for kind in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(","):
        run(kind)


if __name__ == "__main__":
    main()
