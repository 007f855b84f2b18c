"""Measuring one scenario: wrk's figures, the CPU time a request cost the server and PostgreSQL's
backends, a process's peak memory, and PostgreSQL's own ceiling for step writes under pgbench.
Used by bench.py."""

import glob
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def peak_memory_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """{pid: user and system CPU seconds used so far}, for the processes still there."""
    used = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
    return used


def cpu_used(before, after):
    """CPU seconds used between two readings; a process that began between them counts whole."""
    return sum(seconds - before.get(pid, 0) for pid, seconds in after.items())


def backends(database):
    """The PostgreSQL backends serving `database` (None: not PostgreSQL)."""
    if database is None:
        return []
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [int(line.split(None, 1)[0]) for line in out.splitlines()
            if f" {database} " in line and "postgres:" in line]


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, script, args, connections, token=None, seconds=SECONDS, cpu_of=None):
    """(requests/s, p50 ms, p99 ms, non-2xx); with `cpu_of` (the server's pids, and the name of
    its PostgreSQL database or None), also the CPU microseconds a request cost each."""
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", os.path.join(HERE, script), url, "--"] + args
    if token:
        cmd.append(token)
    # The database's backends are listed again after the run: a pool opens connections as the
    # load needs them.
    server_pids, database = cpu_of or ([], None)
    before = (cpu_seconds(server_pids), cpu_seconds(backends(database)))
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    after = (cpu_seconds(server_pids), cpu_seconds(backends(database)))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result = (rps, lat.get("50", float("nan")), lat.get("99", float("nan")), int(non2xx.group(1)) if non2xx else 0)
    if cpu_of is None:
        return result
    requests = int(re.search(r"(\d+) requests in", out).group(1)) or 1
    per = lambda i: cpu_used(before[i], after[i]) * 1e6 / requests
    return result + (per(0), per(1) if database else float("nan"))


# Debian keeps pgbench beside the server, off the PATH.
PGBENCH = shutil.which("pgbench") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"))), None)


def pg_step_ceiling(url, ids, org):
    """The step write's statements under pgbench on as many connections as the server's pool:
    what PostgreSQL itself does on this machine, with no server in front — the two statements
    sent now (pg_step.sql) and the locked transaction sent before (pg_step_locked.sql)."""
    sql = "CREATE TABLE bench_step_ids (n int PRIMARY KEY, id uuid NOT NULL);\n" + "COPY bench_step_ids FROM STDIN;\n" + \
        "".join(f"{n}\t{i}\n" for n, i in enumerate(ids, 1)) + "\\.\n"
    subprocess.run(["psql", url, "-q"], input=sql, text=True, check=True)
    pool = os.environ.get("BENCH_POOL", "10")
    rows = []
    for script, what in [("pg_step.sql", "the step write's two statements"),
                         ("pg_step_locked.sql", "the locked step write's transaction (before 2026-12-04)")]:
        out = subprocess.run([PGBENCH, "-n", "-M", "prepared", "-c", pool,
                              "-j", "2", "-T", str(SECONDS), "-D", f"org={org}", "-D", f"ids={len(ids)}",
                              "-f", os.path.join(HERE, script), url],
                             capture_output=True, text=True, check=True).stdout
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        latency = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
        rows.append(dict(db="postgres", scenario=f"ceiling: {what} in PostgreSQL alone (pgbench, {pool} connections; p50 is the mean)",
                         c=int(pool), rps=tps, unit="transactions", p50=latency, p99=float("nan"), non2xx=0))
    subprocess.run(["psql", url, "-qc", "DROP TABLE bench_step_ids"], check=True)
    return rows
