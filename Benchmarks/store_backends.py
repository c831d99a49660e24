#!/usr/bin/env python3
"""The API load (`api_load.py`) on SQLite, then the same on PostgreSQL, with the ratios.

Runs `signet serve` twice over a scratch data folder: first on its embedded SQLite, then with
SIGNET_DATABASE_URL set to a fresh database made in the PostgreSQL server DATABASE_URL names
(`scripts/with-postgres` gives one as SIGNET_TEST_DATABASE_URL). Prints one JSON object: both
runs and PostgreSQL's reads and writes per second as fractions of SQLite's.

    scripts/with-postgres Benchmarks/store_backends.py --bin .build/debug/signet [--seconds 15]
"""
import argparse
import json
import os
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))


def run(binary, seconds, database=None):
    env = dict(os.environ)
    env.pop("SIGNET_DATABASE_URL", None)
    if database:
        env["SIGNET_DATABASE_URL"] = database
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "api_load.py"), "--bin", binary, "--seconds", str(seconds), "--readers", "8",
         "--sessions", "20"], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    base = os.environ.get("SIGNET_TEST_DATABASE_URL")
    if not base:
        sys.exit("store_backends: run it under scripts/with-postgres (SIGNET_TEST_DATABASE_URL)")
    name = "bench_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", "-q", "-c", f'CREATE DATABASE "{name}"'], check=True)
    sqlite = run(os.path.abspath(args.bin), args.seconds)
    postgres = run(os.path.abspath(args.bin), args.seconds, base.rsplit("/", 1)[0] + "/" + name)
    print(json.dumps({
        "sqlite": sqlite, "postgres": postgres,
        "readsRatio": round(postgres["readsPerSecond"] / sqlite["readsPerSecond"], 2),
        "writesRatio": round(postgres["writesPerSecond"] / sqlite["writesPerSecond"], 2),
    }, indent=2))


if __name__ == "__main__":
    main()
