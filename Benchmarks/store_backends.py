#!/usr/bin/env python3
"""The API load (`api_load.py`) and a finish storm on SQLite, then the same on PostgreSQL, with
the ratios.

Runs `signet serve` over a scratch data folder: first on its embedded SQLite, then with
SIGNET_DATABASE_URL set to a fresh database made in the PostgreSQL server DATABASE_URL names
(`scripts/with-postgres` gives one as SIGNET_TEST_DATABASE_URL). The read load: `api_load.py`.
The finish storm: CUSTOMERS sessions with one document each (seeded as `crowd.py` seeds them,
links opened, previews rendered), then every customer signs and finishes at the same moment, each
on its own connection; all must answer 200. Prints one JSON object: both backends' figures and
PostgreSQL's as fractions of SQLite's.

    scripts/with-postgres Benchmarks/store_backends.py --bin .build/debug/signet [--seconds 15] [--customers 30] [--port 8080]
"""
import argparse
import json
import os
import concurrent.futures
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Live"))
sys.path.insert(0, HERE)
import crowd  # noqa: E402
from live_server import Server  # noqa: E402


def run(binary, seconds, port, database=None):
    env = dict(os.environ)
    env.pop("SIGNET_DATABASE_URL", None)
    if database:
        env["SIGNET_DATABASE_URL"] = database
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "api_load.py"), "--bin", binary, "--seconds", str(seconds), "--readers", "8",
         "--sessions", "20"] + (["--port", str(port)] if port else []), env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def finish_storm(binary, customers, port, database=None):
    """Every customer finishes at once: wall time, finishes per second, latency percentiles."""
    scratch = tempfile.mkdtemp(prefix="signet-storm-")
    env = {"SIGNET_DATABASE_URL": database} if database else {}
    saved = os.environ.pop("SIGNET_DATABASE_URL", None)
    server = Server(binary, os.path.join(scratch, "data"), os.path.join(scratch, "serve.log"), workers=2, env=env, port=port)
    try:
        server.start()
        ready = crowd.seed(server, customers)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(len(ready)) as pool:
            answers = list(pool.map(lambda r: crowd.finish(server, *r), ready))
        wall = time.perf_counter() - started
        seconds = [s for _, s in answers]
        return {"customers": customers, "ok": sum(1 for status, _ in answers if status == 200), "seconds": round(wall, 2),
                "finishesPerSecond": round(customers / wall, 1), "p50Ms": round(percentile(seconds, 0.5) * 1000, 1),
                "maxMs": round(max(seconds) * 1000, 1)}
    finally:
        server.stop()
        if saved is not None:
            os.environ["SIGNET_DATABASE_URL"] = saved
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--customers", type=int, default=30)
    parser.add_argument("--port", type=int, help="the servers' port (default: a free one)")
    args = parser.parse_args()
    base = os.environ.get("SIGNET_TEST_DATABASE_URL")
    if not base:
        sys.exit("store_backends: run it under scripts/with-postgres (SIGNET_TEST_DATABASE_URL)")
    name = "bench_" + uuid.uuid4().hex[:12]
    storm = "storm_" + uuid.uuid4().hex[:12]
    for database in (name, storm):
        subprocess.run(["psql", "-q", "-c", f'CREATE DATABASE "{database}"'], check=True)
    binary = os.path.abspath(args.bin)
    load = os.getloadavg()[0]
    sqlite = run(binary, args.seconds, args.port)
    postgres = run(binary, args.seconds, args.port, base.rsplit("/", 1)[0] + "/" + name)
    sqlite_storm = finish_storm(binary, args.customers, args.port)
    postgres_storm = finish_storm(binary, args.customers, args.port, base.rsplit("/", 1)[0] + "/" + storm)
    print(json.dumps({
        "sqlite": sqlite, "postgres": postgres,
        "readsRatio": round(postgres["readsPerSecond"] / sqlite["readsPerSecond"], 2),
        "writesRatio": round(postgres["writesPerSecond"] / sqlite["writesPerSecond"], 2),
        "stormSqlite": sqlite_storm, "stormPostgres": postgres_storm,
        "stormRatio": round(postgres_storm["finishesPerSecond"] / sqlite_storm["finishesPerSecond"], 2),
        "loadAverage": {"start": round(load, 1), "end": round(os.getloadavg()[0], 1), "cores": os.cpu_count()},
    }, indent=2))


if __name__ == "__main__":
    main()
