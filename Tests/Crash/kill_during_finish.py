#!/usr/bin/python3
"""Crash safety: customers finishing documents while the server is killed with SIGKILL.

A live `signet serve` with several sessions, each with documents the customer signs; every
customer finishes at once and the server is killed (SIGKILL, no shutdown) once about a third of
the finishes have been acknowledged. Restarted on the same data folder:
- every acknowledged finish (2xx) is completed, with its finished PDF downloadable and valid
  (`qpdf --check`);
- every unacknowledged one either completed the same way or is still open and finishes now;
- the record has exactly one `completed` event per completed document, and its hash chain is
  intact (`signet audit verify`);
- every completed document has its certificate of completion (issued at its first download when
  the kill came between finishing and issuing it);
- every stored blob is whole: its name is the SHA-256 of its bytes;
- nothing the killed requests left behind survives the restart (scratch folders, unfinished
  blob and preview writes).
Usage: Tests/Crash/kill_during_finish.py [path/to/signet]
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Live"))
from live_server import ROOT, Server  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("crash@example.com", "crash-agent-pass-7")
SESSIONS = int(os.environ.get("SIGNET_CRASH_SESSIONS", "8"))
DOCUMENTS = 3
STROKES = [[[10, 10], [60, 40], [120, 12], [180, 30]]]
FIELD = {"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": True, "page": 1,
         "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}


def prepare(server, token):
    """Sessions with DOCUMENTS documents each and their customers' cookies: [(session, customer headers, [document ids])]."""
    letter = open(os.path.join(ROOT, "SampleDocs/letter.pdf"), "rb").read()
    prepared = []
    for n in range(SESSIONS):
        name = f"Crash Customer {n}"
        status, session = server.call("POST", "/api/v1/sessions", {"customer": {"name": name, "email": f"c{n}@example.com", "channel": "email"}}, token)
        assert status == 201, session
        base = f"/api/v1/sessions/{session['id']}"
        status, upload = server.call("POST", f"{base}/uploads?name=letter.pdf", token=token, raw=letter, content_type="application/pdf")
        assert status == 201, upload
        documents = []
        for d in range(DOCUMENTS):
            status, document = server.call("POST", f"{base}/documents", {"upload": upload["upload"], "title": f"Letter {d}", "fields": [FIELD]}, token)
            assert status == 201, document
            documents.append(document["id"])
        prepared.append((session["id"], server.customer(name), documents))
    return prepared


def finish(server, customer, document):
    return server.call("POST", f"/api/v1/customer/interactions/{document}/finish", {"values": {"sig": {"strokes": STROKES}}}, headers=customer)


def qpdf_check(path):
    return subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-crash-")
    data = os.path.join(scratch, "data")
    log = os.path.join(scratch, "server.log")
    server = Server(SIGNET, data, log)
    failures = []
    try:
        server.start()
        token = server.agent(*AGENT)
        prepared = prepare(server, token)
        total = SESSIONS * DOCUMENTS
        acknowledged, unanswered = set(), set()
        lock = threading.Lock()

        def customer_finishes(customer, documents):
            # One customer signs their documents one after another, as the page does.
            for document in documents:
                try:
                    status, _ = finish(server, customer, document)
                except OSError:
                    status = None
                with lock:
                    (acknowledged if status == 200 else unanswered).add(document)

        threads = [threading.Thread(target=customer_finishes, args=(customer, documents)) for _, customer, documents in prepared]
        for thread in threads:
            thread.start()
        deadline = time.time() + 60
        while len(acknowledged) < total // 3 and time.time() < deadline:
            time.sleep(0.005)
        server.kill()
        for thread in threads:
            thread.join()
        killed_at = len(acknowledged)
        print(f"crash: killed with {killed_at} of {total} finishes acknowledged")
        if killed_at == 0 or killed_at == total:
            failures.append(f"the kill did not land in the middle ({killed_at} of {total} acknowledged)")

        server = Server(SIGNET, data, log)
        server.start()
        token = server.login(*AGENT)
        redone = 0
        for session, customer, documents in prepared:
            base = f"/api/v1/sessions/{session}"
            for document in documents:
                status, shown = server.call("GET", f"{base}/interactions/{document}", token=token)
                state = shown.get("status") if status == 200 else status
                if state != "completed":
                    if document in acknowledged:
                        failures.append(f"{document}: acknowledged, but {state} after the restart")
                        continue
                    # Not acknowledged and not completed: the customer can simply finish again.
                    status, answer = finish(server, customer, document)
                    if status != 200 or answer.get("status") != "completed":
                        failures.append(f"{document}: was {state}, finishing again answered {status} {answer}")
                        continue
                    redone += 1
                pdf = os.path.join(scratch, f"{document}.pdf")
                status, body = server.call("GET", f"{base}/interactions/{document}/finished.pdf", token=token)
                if status != 200 or not isinstance(body, bytes):
                    failures.append(f"{document}: finished.pdf answered {status}")
                    continue
                open(pdf, "wb").write(body)
                check = qpdf_check(pdf)
                if check.returncode != 0:
                    failures.append(f"{document}: qpdf --check failed: {check.stdout[-300:]} {check.stderr[-300:]}")
                status, body = server.call("GET", f"{base}/interactions/{document}/certificate.pdf", token=token)
                if status != 200 or not isinstance(body, bytes) or not body.startswith(b"%PDF"):
                    failures.append(f"{document}: certificate.pdf answered {status}")
            status, events = server.call("GET", f"{base}/events", token=token)
            # The session's own `completed` (every interaction done) names no interaction.
            completed = [e["detail"]["interaction"] for e in events["items"]
                         if e["kind"] == "completed" and "interaction" in (e.get("detail") or {})]
            for document in documents:
                if completed.count(document) != 1:
                    failures.append(f"{document}: {completed.count(document)} completed events in the record")

        audit = subprocess.run([SIGNET, "audit", "verify", "--data", data], capture_output=True, text=True)
        if audit.returncode != 0:
            failures.append(f"audit verify exited {audit.returncode}: {audit.stdout} {audit.stderr}")

        # The restart cleared what the killed requests left: scratch folders and unfinished writes.
        if os.listdir(os.path.join(data, "tmp")) if os.path.isdir(os.path.join(data, "tmp")) else []:
            failures.append(f"scratch folders of killed requests are left in {data}/tmp")
        for folder, _, names in os.walk(os.path.join(data, "previews")):
            failures += [f"unfinished preview {name} left" for name in names if name.startswith(".")]
        blobs = os.path.join(data, "blobs")
        for folder, _, names in os.walk(blobs):
            for name in names:
                if name.startswith("."):
                    failures.append(f"unfinished blob write {name} left")
                    continue
                digest = hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()
                if digest != os.path.basename(folder) + name:
                    failures.append(f"blob {os.path.basename(folder)}{name} is not whole")

        if failures:
            print("crash: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
            print(open(log).read()[-4000:], file=sys.stderr)
            print(f"data and server log in {scratch}", file=sys.stderr)
            return 1
        print(f"crash: passed in {time.time() - started:.1f} s ({killed_at} acknowledged before the kill, "
              f"{total - killed_at - redone} more completed anyway, {redone} finished again after the restart)")
        return 0
    finally:
        server.stop()
        if not failures and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
