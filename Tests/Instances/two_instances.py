#!/usr/bin/python3
"""Two `signet serve` processes on one PostgreSQL database and one data folder, as two instances
behind a load balancer (issue 18). Run beside a database: `scripts/with-postgres` sets
SIGNET_TEST_DATABASE_URL and PGHOST/PGPORT/PGUSER; a fresh database is made in it for the run.
- a bulk send posted to A while A shuts down gracefully (SIGTERM): A stops between two rows and
  hands the job on, B sends the rest; every row's session sent once;
- a batch job posted to A while A is killed with SIGKILL is taken over and finished by B: every
  row written once, its report and zip downloadable from B;
- 200 invitations due at once, with both instances delivering: each sent exactly once;
- one document finished on A and on B at the same moment: exactly one finish wins, one
  `completed` event.
Usage: Tests/Instances/two_instances.py [path/to/signet]
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Live"))
from live_server import ROOT, Server  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("two@example.com", "two-instances-pass-7")
LEASE = 2
ROWS = 24
BULK = 30
INVITATIONS = 200
COLUMNS = "loan_reference,offer_date,agent_name,loan_amount,term,interest_rate"
STROKES = [[[10, 10], [60, 40], [120, 12], [180, 30]]]
FIELD = {"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": True, "page": 1,
         "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}


def psql(sql, database):
    """The rows of `sql` in `database`, as lists of text."""
    out = subprocess.run(["psql", "-d", database, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def wait(condition, timeout, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def running_past(instance, path, token, done):
    """The job's (status, body) once `instance` shows it running with at least `done` rows done; None after 60 s."""
    return wait(lambda: (lambda s: s if s[1].get("state") == "running" and s[1].get("done", 0) >= done else None)(
        instance.call("GET", path, token=token)), 60, 0.02)


def job_taken_over(a, b, token, database, failures):
    rows = "\n".join([COLUMNS] + [f"LN-{n:06d},2026-11-18,Dan,{1000 + n},36 months,6.9" for n in range(1, ROWS + 1)])
    status, job = a.call("POST", "/api/v1/batch-jobs?template=loan-application&format=csv&stage=send&jobs=1", token=token,
                         raw=rows.encode(), content_type="text/csv")
    assert status == 202, job
    path = f"/api/v1/batch-jobs/{job['id']}"
    # Killed once A has written a few rows and is in the middle of the rest.
    shown = running_past(a, path, token, 3)
    if not shown:
        return failures.append(f"the job did not start on A: {a.call('GET', path, token=token)}")
    a.kill()
    killed_at = shown[1]["done"]
    # B serves it meanwhile: running (not done) until B has taken it over and finished it.
    status, meanwhile = b.call("GET", path, token=token)
    if meanwhile.get("state") not in ("running", "finished"):
        failures.append(f"B shows the job as {meanwhile.get('state')} while it is taken over")
    ended = wait(lambda: (lambda s: s if s.get("state") not in ("queued", "running") else None)(
        b.call("GET", path, token=token)[1]), 90)
    if not ended or ended["state"] != "finished" or ended["rows"] != ROWS or ended["failed"] != 0:
        return failures.append(f"B did not finish the job: {ended}")
    claimed = psql(f"""SELECT "claimedBy", "attempts" FROM "batchJob" WHERE "id" = '{job['id']}'""", database)
    if claimed[0][1] != "2":
        failures.append(f"the job was claimed {claimed[0][1]} times, expected twice (A, then B): {claimed}")
    status, report = b.call("GET", path + "/report.jsonl", token=token)
    lines = [json.loads(line) for line in report.decode().splitlines()] if status == 200 else []
    if sorted(line["row"] for line in lines) != list(range(1, ROWS + 1)) or any(line["status"] != "written" for line in lines):
        failures.append(f"the report is not every row once, written: {status} {lines[:3]}...")
    status, archive = b.call("GET", path + "/results.zip", token=token)
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist() if status == 200 else []
    if len([name for name in names if name.endswith(".pdf")]) != ROWS:
        failures.append(f"results.zip from B holds {len(names)} files: {names[:5]}...")
    print(f"two instances: batch job killed on A at row {killed_at} of {ROWS}, finished by B")


def bulk_send_handed_off(a, b, token, database, failures):
    rows = "\n".join(["name,email,clinician,procedure"]
                     + [f"Handed {n},h{n}@example.com,Dr Ada,Knee arthroscopy" for n in range(1, BULK + 1)])
    status, job = a.call("POST", "/api/v1/bulk-sends?template=consent-form&format=csv", token=token, raw=rows.encode(),
                         content_type="text/csv")
    assert status == 202, job
    path = f"/api/v1/batch-jobs/{job['id']}"
    shown = running_past(a, path, token, 3)
    if not shown:
        return failures.append(f"the bulk send did not start on A: {a.call('GET', path, token=token)}")
    stopping = time.time()
    a.process.terminate()
    try:
        a.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        failures.append("A did not stop within 30 s of SIGTERM")
        a.kill()
    stopped_in = time.time() - stopping
    handoffs = psql(f"""SELECT "handoffs" FROM "batchJob" WHERE "id" = '{job['id']}'""", database)
    if handoffs != [["1"]]:
        failures.append(f"A did not hand the bulk send on as it stopped: handoffs {handoffs}")
    ended = wait(lambda: (lambda s: s if s.get("state") not in ("queued", "running") else None)(
        b.call("GET", path, token=token)[1]), 90)
    if not ended or ended["state"] != "finished" or ended["rows"] != BULK or ended["failed"] != 0:
        return failures.append(f"B did not finish the bulk send: {ended}")
    status, report = b.call("GET", path + "/report.jsonl", token=token)
    lines = [json.loads(line) for line in report.decode().splitlines()] if status == 200 else []
    if sorted(line["row"] for line in lines) != list(range(1, BULK + 1)) or any(line["status"] != "sent" for line in lines):
        failures.append(f"the bulk send's report is not every row once, sent: {status} {lines[:3]}...")
    sessions = psql("""SELECT count(*), count(DISTINCT "email") FROM "session" WHERE "customerName" LIKE 'Handed %'""", database)
    invitations = psql("SELECT count(*) FROM \"outbox\" WHERE \"recipient\" LIKE 'h%@example.com' AND NOT \"reminder\"", database)
    if sessions != [[str(BULK), str(BULK)]] or invitations != [[str(BULK)]]:
        failures.append(f"sessions (count, distinct) {sessions} and invitations {invitations}, expected {BULK} each, none twice")
    print(f"two instances: bulk send handed on by A at row {shown[1]['done']} of {BULK} (A stopped in {stopped_in:.1f} s), "
          f"finished by B, {BULK} sessions sent once")


def invitations_once(a, b, token, data, database, failures):
    # Sessions made on both instances (each delivers its share as they come) ...
    names = [f"Invitee {n}" for n in range(INVITATIONS)]

    def make(server, part):
        for name in part:
            n = names.index(name)
            status, answer = server.call("POST", "/api/v1/sessions",
                                         {"customer": {"name": name, "email": f"i{n}@example.com", "channel": "email"}}, token)
            assert status == 201, answer

    threads = [threading.Thread(target=make, args=(server, names[k::4])) for k, server in enumerate([a, b, a, b])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outbox = os.path.join(data, "outbox")
    wait(lambda: len(psql("""SELECT "id" FROM "outbox" WHERE "status" = 'pending'""", database)) == 0, 30)
    # ... then all 200 due again at the same moment, and their files gone: both deliverers race for them.
    for name in os.listdir(outbox):
        os.remove(os.path.join(outbox, name))
    psql("""UPDATE "outbox" SET "status" = 'pending', "sentAt" = NULL, "nextAttemptAt" = now() - interval '1 second'
            WHERE "recipient" LIKE 'i%@example.com'""", database)
    wait(lambda: len(psql("""SELECT "id" FROM "outbox" WHERE "status" = 'pending'""", database)) == 0, 60)
    files = [json.load(open(os.path.join(outbox, name))) for name in os.listdir(outbox) if not name.startswith(".")]
    recipients = sorted(message["to"] for message in files)
    if len(files) != INVITATIONS or len(set(recipients)) != INVITATIONS:
        failures.append(f"{len(files)} invitation files for {INVITATIONS} messages ({len(set(recipients))} recipients)")
    print(f"two instances: {INVITATIONS} invitations due at once, {len(files)} sent")


def one_finish_wins(a, b, token, failures):
    letter = open(os.path.join(ROOT, "SampleDocs/letter.pdf"), "rb").read()
    name = "Race Customer"
    status, session = a.call("POST", "/api/v1/sessions", {"customer": {"name": name, "email": "race@example.com", "channel": "email"}}, token)
    assert status == 201, session
    base = f"/api/v1/sessions/{session['id']}"
    status, upload = a.call("POST", f"{base}/uploads?name=letter.pdf", token=token, raw=letter, content_type="application/pdf")
    assert status == 201, upload
    status, document = a.call("POST", f"{base}/documents", {"upload": upload["upload"], "title": "Letter", "fields": [FIELD]}, token)
    assert status == 201, document
    customer = a.customer(name)
    barrier = threading.Barrier(4)
    answers = []

    def finish(server):
        barrier.wait()
        answers.append(server.call("POST", f"/api/v1/customer/interactions/{document['id']}/finish",
                                   {"values": {"sig": {"strokes": STROKES}}}, headers=customer)[0])

    threads = [threading.Thread(target=finish, args=(server,)) for server in (a, b, a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status, events = a.call("GET", f"{base}/events", token=token)
    completed = [e for e in events["items"] if e["kind"] == "completed" and (e.get("detail") or {}).get("interaction") == document["id"]]
    if sorted(answers).count(200) != 1 or any(code >= 500 for code in answers) or len(completed) != 1:
        failures.append(f"finishes on A and B answered {sorted(answers)}, {len(completed)} completed events")
    print(f"two instances: 4 finishes of one document on A and B answered {sorted(answers)}, {len(completed)} completed event")


def main():
    url = os.environ.get("SIGNET_TEST_DATABASE_URL")
    if not url:
        print("two instances: needs SIGNET_TEST_DATABASE_URL (scripts/with-postgres)", file=sys.stderr)
        return 1
    started = time.time()
    database = "two_" + uuid.uuid4().hex[:12]
    subprocess.run(["createdb", database], check=True)
    url = url.rsplit("/", 1)[0] + "/" + database
    scratch = tempfile.mkdtemp(prefix="signet-two-")
    data = os.path.join(scratch, "data")
    env = {"SIGNET_DATABASE_URL": url, "SIGNET_JOB_LEASE": str(LEASE)}
    # SIGNET_TEST_PORTS="A B" pins the two ports; free ones otherwise.
    ports = [int(p) for p in os.environ.get("SIGNET_TEST_PORTS", "").split()] or [None, None]
    a = Server(SIGNET, data, os.path.join(scratch, "a.log"), workers=1, env=env, port=ports[0])
    b = Server(SIGNET, data, os.path.join(scratch, "b.log"), workers=1, env=env, port=ports[1])
    failures = []
    try:
        a.start()
        b.start()
        token = a.agent(*AGENT)
        one_finish_wins(a, b, token, failures)
        invitations_once(a, b, token, data, database, failures)
        bulk_send_handed_off(a, b, token, database, failures)
        a.start()
        job_taken_over(a, b, token, database, failures)
        if failures:
            print("two instances: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
            for log in ("a.log", "b.log"):
                print(f"--- {log}\n" + open(os.path.join(scratch, log)).read()[-3000:], file=sys.stderr)
            print(f"data and logs in {scratch}", file=sys.stderr)
            return 1
        print(f"two instances: passed in {time.time() - started:.1f} s")
        return 0
    finally:
        for server in (a, b):
            server.stop()
        if not failures and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)
        subprocess.run(["dropdb", "--if-exists", database], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
