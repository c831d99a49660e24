#!/usr/bin/python3
"""Schema-driven fuzzing of the HTTP API with schemathesis: every operation of /openapi.json,
valid and invalid requests generated from the document, sent to a live `signet serve` as a
logged-in agent. The only check is schemathesis' not_a_server_error: no answer may be >= 500.

The script seeds a session with one interaction of each kind, a staged upload, a batch job and
a workflow, and pins the path parameters to them, so generated requests reach the handlers
instead of stopping at 404. Logout is left out so the token survives; cancel and delete get
their own throwaway session and workflow.

Bounded: SIGNET_FUZZ_EXAMPLES cases per operation (default 12) and SIGNET_FUZZ_SECONDS for the
run (default 100). The scratch folder (data, server log, schemathesis report) is kept after a
failure, or always with SIGNET_KEEP=1.
Usage: Tests/Fuzz/fuzz_api.py [path/to/signet]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Live"))
from live_server import ROOT, Server  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = (os.environ.get("SIGNET_FUZZ_AGENT_EMAIL", "fuzz@example.com"), os.environ.get("SIGNET_FUZZ_AGENT_PASSWORD", "fuzz-agent-pass-7"))
STROKES = [[[10, 10], [60, 40], [120, 12]]]


def created(answer, what, expected=201):
    status, body = answer
    assert status == expected, f"{what}: {status} {body}"
    return body


def seed(server, token):
    """Real ids for every path parameter, made through the API."""
    admin = server.login("admin@example.com", "correct-horse-9")
    flow = {"name": "Fuzz flow", "steps": [{"kind": "paymentRequest", "amount": "1.00", "currency": "EUR", "description": "Fee"}]}
    workflow = created(server.call("POST", "/api/v1/workflows", flow, admin), "workflow")["id"]
    doomed_workflow = created(server.call("POST", "/api/v1/workflows", dict(flow, name="Doomed"), admin), "workflow")["id"]
    customer = {"name": "Fuzz Customer", "email": "fuzz@example.com", "channel": "email"}
    session = created(server.call("POST", "/api/v1/sessions", {"customer": customer}, token), "session")["id"]
    doomed = created(server.call("POST", "/api/v1/sessions", {"customer": dict(customer, name="Doomed")}, token), "session")["id"]
    base = f"/api/v1/sessions/{session}"
    letter = open(os.path.join(ROOT, "SampleDocs/letter.pdf"), "rb").read()
    sha = created(server.call("POST", f"{base}/uploads?name=letter.pdf", token=token, raw=letter, content_type="application/pdf"),
                  "upload")["upload"]
    field = {"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": True, "page": 1,
             "rect": {"x": 300, "y": 640, "width": 220, "height": 60}}
    document = created(server.call("POST", f"{base}/documents", {"upload": sha, "title": "Letter", "fields": [field]}, token), "document")
    request = created(server.call("POST", f"{base}/document-requests", {"documents": [{"type": "idCard"}]}, token), "request")
    payment = created(server.call("POST", f"{base}/payment-requests", {"amount": "5.00", "currency": "EUR", "description": "Fee"}, token),
                      "payment")
    review = created(server.call("POST", f"{base}/reviews", {"upload": sha, "title": "Walk"}, token), "review")
    # The customer finishes nothing: the agent-side routes see every kind still open.
    job = created(server.call("POST", "/api/v1/batch-jobs?template=consent-form&format=csv&dryRun=true", token=token,
                              raw=b"clinician,procedure\nDr Ada,Knee\n", content_type="text/csv"), "batch job", 202)["id"]
    staged = created(server.call("POST", f"{base}/uploads?name=staged.pdf", token=token, raw=letter, content_type="application/pdf"),
                     "staged upload")["upload"]
    return {"id": session, "doomed": doomed, "document": document["id"], "request": request["id"], "payment": payment["id"],
            "review": review["id"], "jid": job, "wid": workflow, "doomed_workflow": doomed_workflow, "sha": staged}


def config(ids, token):
    """schemathesis.toml: the agent's token on every request, path parameters pinned to real ids."""
    def operation(regex, **parameters):
        values = ", ".join(f'"path.{k}" = "{v}"' for k, v in parameters.items())
        return f'[[operations]]\ninclude-path-regex = "{regex}"\nparameters = {{ {values} }}\n'

    return "\n".join([
        f'headers = {{ Authorization = "Bearer {token}" }}',
        "[parameters]",
        f'"path.id" = "{ids["id"]}"',
        f'"path.iid" = "{ids["document"]}"',
        f'"path.jid" = "{ids["jid"]}"',
        f'"path.wid" = "{ids["wid"]}"',
        f'"path.sha" = "{ids["sha"]}"',
        '"path.slug" = "consent-form"',
        '"path.page" = "1"',
        operation("/(notes|close)$", iid=ids["review"]),
        operation("/pay$", iid=ids["payment"]),
        operation("/(submit|assembled\\\\.pdf|uploads.*)$", iid=ids["request"]),
        operation("/sessions/\\\\{id\\\\}/cancel$", id=ids["doomed"]),
        # DELETE only: the other operations on the same path keep the real workflow.
        operation("/workflows/\\\\{wid\\\\}$", wid=ids["doomed_workflow"]).replace(
            "[[operations]]\n", "[[operations]]\ninclude-method = \"DELETE\"\n"),
    ])


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-fuzz-")
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"))
    failed = True
    try:
        server.start()
        token = server.agent(*AGENT)
        ids = seed(server, token)
        config_path = os.path.join(scratch, "schemathesis.toml")
        open(config_path, "w").write(config(ids, token))
        seconds = os.environ.get("SIGNET_FUZZ_SECONDS", "100")
        command = [
            sys.executable, "-m", "schemathesis.cli", "--config-file", config_path, "run", server.base + "/openapi.json",
            "--checks", "not_a_server_error", "--phases", "examples,coverage,fuzzing",
            "--max-examples", os.environ.get("SIGNET_FUZZ_EXAMPLES", "12"), "--max-time", seconds,
            "--workers", "2", "--request-timeout", "20", "--seed", os.environ.get("SIGNET_FUZZ_SEED", "1313"),
            # Logout would end the token; the live streams never end (the matrix covers who may open them).
            "--exclude-path", "/api/v1/auth/logout", "--exclude-path-regex", "/stream$",
            "--generation-database", "none", "--no-color",
            "--report", "junit", "--report-dir", os.path.join(scratch, "report"),
        ]
        hooks = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
        result = subprocess.run(command, cwd=scratch, env=hooks)
        server.stop()
        failed = result.returncode != 0
        if failed:
            print(open(server.log_path).read()[-4000:], file=sys.stderr)
            print(f"fuzz: FAILED (schemathesis exit {result.returncode}); data, server log and report in {scratch}", file=sys.stderr)
            return 1
        print(f"fuzz: passed in {time.time() - started:.1f} s, no answer >= 500")
        return 0
    finally:
        server.stop()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
