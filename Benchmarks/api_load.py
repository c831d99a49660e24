#!/usr/bin/env python3
"""The API under a crowd: agents and customers reading at once while an agent keeps writing.

Starts `signet serve` on a scratch data folder, seeds one agent with SESSIONS invited sessions
(each with a payment request, each customer's link opened), then for SECONDS runs READERS
threads, each on its own keep-alive connection, cycling through the read mix the pages make
(agent: session list, a session, its interactions, its record; customer: own session, own
interactions, one interaction), plus one writer thread creating sessions back to back. Prints
one JSON object: reads per second and read latency percentiles, writes per second and their
median, and how many answers were not 200/201 (must be 0).

    Benchmarks/api_load.py --bin .build/debug/signet [--seconds 20] [--readers 16] [--sessions 20]
"""
import argparse
import http.client
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Live"))
from live_server import Server  # noqa: E402


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0


def seed(server, sessions):
    token = server.agent("crowd-agent@example.com", "crowd-agent-pass-9", "Crowd Agent")
    made = []
    for i in range(sessions):
        name = f"Crowd Customer {i}"
        status, session = server.call("POST", "/api/v1/sessions", {"customer": {"name": name, "email": f"c{i}@example.com",
                                                                                 "channel": "email"}}, token)
        assert status == 201, (status, session)
        status, payment = server.call("POST", f"/api/v1/sessions/{session['id']}/payment-requests",
                                      {"amount": "5.00", "currency": "EUR", "description": "Fee"}, token)
        assert status == 201, (status, payment)
        made.append((session["id"], payment["id"], server.customer(name)))
    return token, made


def reader(server, token, made, stop, latencies, failures, seed_value):
    rng = random.Random(seed_value)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    agent = {"Authorization": "Bearer " + token}
    while not stop.is_set():
        session, payment, customer = rng.choice(made)
        mix = [
            ("/api/v1/sessions?limit=20", agent), (f"/api/v1/sessions/{session}", agent),
            (f"/api/v1/sessions/{session}/interactions", agent), (f"/api/v1/sessions/{session}/events", agent),
            ("/api/v1/customer/session", customer), ("/api/v1/customer/interactions", customer),
            (f"/api/v1/customer/interactions/{payment}", customer),
        ]
        path, headers = rng.choice(mix)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            failures.append((path, response.status))


def writer(server, token, stop, latencies, failures):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    i = 0
    while not stop.is_set():
        body = json.dumps({"customer": {"name": f"Writer {i}", "email": f"w{i}@example.com", "channel": "email"}})
        started = time.perf_counter()
        connection.request("POST", "/api/v1/sessions", body=body,
                           headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 201:
            failures.append(("POST /api/v1/sessions", response.status))
        i += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--port", type=int, help="the server's port (default: a free one)")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="signet-crowd-")
    server = Server(os.path.abspath(args.bin), data, os.path.join(data, "serve.log"), workers=1, port=args.port)
    try:
        server.start()
        token, made = seed(server, args.sessions)
        load = "%.2f %.2f %.2f" % os.getloadavg()
        stop = threading.Event()
        reads, writes, failures = [], [], []
        threads = [threading.Thread(target=reader, args=(server, token, made, stop, reads, failures, n)) for n in range(args.readers)]
        threads.append(threading.Thread(target=writer, args=(server, token, stop, writes, failures)))
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        print(json.dumps({
            "seconds": round(wall, 1), "readers": args.readers, "sessions": args.sessions, "cores": os.cpu_count(),
            "loadBefore": load,
            "readsPerSecond": round(len(reads) / wall, 1),
            "readMs": {p: round(percentile(reads, q) * 1000, 1) for p, q in (("p50", .5), ("p95", .95), ("p99", .99))},
            "writesPerSecond": round(len(writes) / wall, 1), "writeMsP50": round(percentile(writes, .5) * 1000, 1),
            "failures": len(failures), "firstFailures": failures[:5],
        }, indent=2))
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
