#!/usr/bin/env bash
# The benchmark, in one command: builds in release mode, installs wrk if missing, and runs
# tests/bench/bench.py on SQLite and PostgreSQL (settings: see bench.py). Prints Markdown tables.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }; }
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
cargo build --release -q -p askel-api -p askel-bench
exec python3 "$ROOT/tests/bench/bench.py" "$@"
