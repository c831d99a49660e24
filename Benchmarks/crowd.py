#!/usr/bin/env python3
"""The service under a crowd (issue 17, goal 1): 50 invited customers reading at once, then 50
finishing at once.

Starts a release `signet serve` on a scratch data folder and seeds one agent with CUSTOMERS
sessions, each holding one document with a signature field, each customer's link opened (their
cookie kept) and the document's page preview rendered once (so it is cached). Then `wrk` runs
CONNECTIONS connections for SECONDS, each request picking one customer's cookie and asking,
half the time each, for their interaction or its page preview (what the customer page does).
Then the finish storm: every customer signs and finishes their document at the same moment;
all must be answered 200, and the longest answer counts. Prints the figures as JSON and writes
the "Crowd" section of Benchmarks/RESULTS.md with a goal line each (exit status 1 when a goal
is missed).

    Benchmarks/crowd.py [--bin .build/release/signet] [--seconds 15] [--connections 50] [--customers 50]
                        [--threads 2] [--results Benchmarks/RESULTS.md] [--profile perf.data] [--before before.json]

From a fresh clone: `scripts/setup && Benchmarks/crowd.py` (builds the release binary when there
is none at --bin's default).
--profile records the server with `perf record -g` during the read run (for `perf report`);
--before puts an earlier run's printed JSON (say, of the previous release) beside this one.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "Live"))
sys.path.insert(0, HERE)
from live_server import Server  # noqa: E402
from results_file import replace_section  # noqa: E402

GOAL_RATE = 3000
GOAL_P99_MS = 50
GOAL_STORM_S = 5

FIELDS = [{"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": True, "page": 1,
           "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}]
SIGNATURE = {"sig": {"strokes": [[[4, 30], [60, 10], [120, 40], [200, 20]]]}}

# wrk's Lua: every request takes the next of the customers' (cookie, path) pairs, so the
# load spreads evenly over all customers and both kinds of read. Non-2xx/3xx answers are
# counted by wrk itself ("Non-2xx or 3xx responses").
LUA = """
local targets = {%s}
local i = 0
request = function()
  i = i + 1
  local t = targets[(i %% #targets) + 1]
  return wrk.format("GET", t[2], {["Cookie"] = t[1]})
end
"""


def created(answer, what):
    status, body = answer
    assert status == 201, f"{what}: {status} {body}"
    return body


def seed(server, customers):
    """Answers [(cookie headers, interaction id)] for `customers` customers with their link
    opened and their document's preview rendered once."""
    token = server.agent("crowd-agent@example.com", "crowd-agent-pass-9", "Crowd Agent")
    pdf = open(os.path.join(ROOT, "SampleDocs", "letter.pdf"), "rb").read()
    made = []
    for i in range(customers):
        name = f"Crowd Customer {i}"
        session = created(server.call("POST", "/api/v1/sessions",
                                      {"customer": {"name": name, "email": f"crowd{i}@example.com", "channel": "email"}}, token),
                          "session")["id"]
        base = f"/api/v1/sessions/{session}"
        upload = created(server.call("POST", f"{base}/uploads?name=letter.pdf", token=token, raw=pdf, content_type="application/pdf"),
                         "upload")["upload"]
        document = created(server.call("POST", f"{base}/documents", {"upload": upload, "title": "Terms", "fields": FIELDS}, token),
                           "document")["id"]
        made.append((name, document))
    ready = []
    for name, document in made:
        headers = server.customer(name)
        status, _ = server.call("GET", f"/api/v1/customer/interactions/{document}", headers=headers)
        assert status == 200, f"interaction: {status}"
        status, _ = server.call("GET", f"/api/v1/customer/interactions/{document}/pages/1", headers=headers)
        assert status == 200, f"preview: {status}"
        ready.append((headers, document))
    return ready


def lua_script(ready, path):
    targets = []
    for headers, document in ready:
        cookie = headers["Cookie"]
        for target in (f"/api/v1/customer/interactions/{document}", f"/api/v1/customer/interactions/{document}/pages/1"):
            targets.append('{"%s", "%s"}' % (cookie, target))
    with open(path, "w") as f:
        f.write(LUA % ", ".join(targets))


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(server, script, threads, connections, seconds):
    """wrk's figures: requests/s, latency percentiles (ms), errors (socket errors, timeouts and
    answers that are not 2xx/3xx)."""
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
                          "-s", script, server.base], check=True, capture_output=True, text=True).stdout
    figures = {"requestsPerSecond": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
               "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    for p in ("50", "90", "99"):
        figures[f"p{p}Ms"] = round(milliseconds(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1)), 1)
    errors = 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        errors += int(bad.group(1))
    figures["errors"] = errors
    return figures, out


def finish(server, headers, document):
    """One customer's finish on its own connection: (status, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    body = json.dumps({"values": SIGNATURE})
    started = time.perf_counter()
    connection.request("POST", f"/api/v1/customer/interactions/{document}/finish", body=body,
                       headers=dict(headers, **{"Content-Type": "application/json"}))
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def storm(server, ready):
    """Every customer finishes at once; answers (all answered 200, longest seconds)."""
    with concurrent.futures.ThreadPoolExecutor(len(ready)) as pool:
        answers = list(pool.map(lambda r: finish(server, *r), ready))
    return all(status == 200 for status, _ in answers), max(seconds for _, seconds in answers), \
        sorted({status for status, _ in answers})


def write_results(path, figures, before=None, before_name="not measured"):
    reads, finishes = figures["reads"], figures["finishes"]
    b = before or {}
    b_reads, b_finishes = b.get("reads", {}), b.get("finishes", {})
    b_rate = f"{b_reads['requestsPerSecond']:.0f}" if b_reads else "-"
    b_latency = f"{b_reads['p50Ms']} / {b_reads['p90Ms']} / {b_reads['p99Ms']} ms" if b_reads else "-"
    b_errors = b_reads.get("errors", "-")
    b_storm = f"{b_finishes['longestSeconds']:.2f} s" if b_finishes else "-"
    b_load = b.get("loadBefore", "-")
    read_ok = reads["requestsPerSecond"] >= GOAL_RATE and reads["p99Ms"] <= GOAL_P99_MS and reads["errors"] == 0
    storm_ok = finishes["allAnswered"] and finishes["longestSeconds"] <= GOAL_STORM_S
    text = f"""## Crowd

`Benchmarks/crowd.py`: a release `signet serve` ({figures['cores']} cores, {figures['workers']} engine workers), {figures['customers']}
invited customers each holding one document, links opened, previews cached. `wrk` with {figures['connections']} connections
for {figures['seconds']} s spreads its requests over the customers' cookies, half `GET` of their interaction, half `GET`
of its page preview; then all {figures['customers']} customers sign and finish at the same moment.

| measure | this run | before ({before_name}) |
| --- | --- | --- |
| reads per second | {reads['requestsPerSecond']:.0f} | {b_rate} |
| read latency p50 / p90 / p99 | {reads['p50Ms']} / {reads['p90Ms']} / {reads['p99Ms']} ms | {b_latency} |
| read errors (socket, timeout, non-2xx/3xx) | {reads['errors']} | {b_errors} |
| finish storm: longest answer | {finishes['longestSeconds']:.2f} s (statuses {finishes['statuses']}) | {b_storm} |
| load average before the run (shared machine) | {figures['loadBefore']} | {b_load} |

- Goal: crowd reads ≥ {GOAL_RATE} requests/s, p99 ≤ {GOAL_P99_MS} ms, 0 errors: {reads['requestsPerSecond']:.0f}/s, p99 {reads['p99Ms']} ms, \
{reads['errors']} errors: **{'pass' if read_ok else 'FAIL'}**
- Goal: {figures['customers']} simultaneous finishes all answered within {GOAL_STORM_S} s: {finishes['longestSeconds']:.2f} s: \
**{'pass' if storm_ok else 'FAIL'}**
"""
    replace_section(path, "## Crowd", text)
    return read_ok and storm_ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "signet"))
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--profile", help="perf record -g the server during the read run into this file")
    parser.add_argument("--no-results", action="store_true", help="print only; leave RESULTS.md as it is")
    parser.add_argument("--before", help="the JSON an earlier run printed (e.g. of the previous release), shown beside this run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("crowd: wrk is not installed (scripts/setup installs it)")
    if not os.path.exists(args.bin) and args.bin == parser.get_default("bin"):
        # All three executables: `signet serve` is signet-full's, and its workers are signet-engine.
        print("crowd: swift build -c release", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    data = tempfile.mkdtemp(prefix="signet-crowd-")
    server = Server(os.path.abspath(args.bin), data, os.path.join(data, "serve.log"), workers=args.workers)
    try:
        server.start()
        ready = seed(server, args.customers)
        script = os.path.join(data, "crowd.lua")
        lua_script(ready, script)
        # A short warm-up, so the figures are of a running service, not of its first second.
        run_wrk(server, script, args.threads, args.connections, 2)
        profiler = None
        if args.profile:
            profiler = subprocess.Popen(["perf", "record", "-g", "-o", os.path.abspath(args.profile), "-p", str(server.process.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        load = "%.2f %.2f %.2f" % os.getloadavg()
        reads, raw = run_wrk(server, script, args.threads, args.connections, args.seconds)
        if profiler:
            profiler.send_signal(2)
            profiler.wait()
        answered, longest, statuses = storm(server, ready)
        figures = {"cores": os.cpu_count(), "workers": args.workers, "customers": args.customers, "connections": args.connections,
                   "seconds": args.seconds, "loadBefore": load, "reads": reads,
                   "finishes": {"allAnswered": answered, "longestSeconds": round(longest, 2), "statuses": statuses}}
        print(raw, file=sys.stderr)
        print(json.dumps(figures, indent=2))
        before = json.load(open(args.before)) if args.before else None
        name = os.path.basename(args.before) if args.before else "not measured"
        ok = True if args.no_results else write_results(args.results, figures, before, name)
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
