#!/usr/bin/python3
"""Schema-driven fuzzing of the HTTP API with schemathesis: the operations of /openapi.json,
valid and invalid requests generated from the document, sent to a live `signet serve`. The only
check is schemathesis' not_a_server_error: no answer may be >= 500.

Three passes, each as one caller: a logged-in agent (every agent route), the customer of the
seeded session (the customer routes) and an admin (the admin-only writes). The script seeds a
session with one interaction of each kind (a document with customer fields of every kind), a
staged upload, a batch job and a workflow, and pins path parameters and upload ids in bodies to
them, so generated requests reach the handlers instead of stopping at 404. Logout is left out
so the token survives, and the live streams (they never end); cancel and delete get their own
throwaway session and workflow. The agent's pass also runs stateful sequences along the OpenAPI
links from POST /api/v1/sessions to the routes that take its id.

Bounded: SIGNET_FUZZ_EXAMPLES cases per operation (default 12) and SIGNET_FUZZ_SECONDS for the
three passes (default 100: half for the agent, a quarter each for the others). The scratch
folder (data, server log, reports) is kept after a failure, or always with SIGNET_KEEP=1.
Usage: Tests/Fuzz/fuzz_api.py [path/to/signet]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from xml.etree import ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Live"))
from live_server import ADMIN, ROOT, Server  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = (os.environ.get("SIGNET_FUZZ_AGENT_EMAIL", "fuzz@example.com"), os.environ.get("SIGNET_FUZZ_AGENT_PASSWORD", "fuzz-agent-pass-7"))


def created(answer, what, expected=201):
    status, body = answer
    assert status == expected, f"{what}: {status} {body}"
    return body


# Customer fields of every kind with their checks, so customer values reach the value checks
# and the stamping.
FIELDS = [
    {"id": "sig", "label": "Signature", "kind": "signature", "role": "customer", "required": True, "page": 1,
     "rect": {"x": 300, "y": 640, "width": 220, "height": 60}},
    {"id": "name", "label": "Name", "kind": "text", "role": "customer", "maxLength": 40, "pattern": "^[A-Za-z ]+$", "page": 1,
     "rect": {"x": 60, "y": 500, "width": 200, "height": 20}},
    {"id": "born", "label": "Born", "kind": "date", "role": "customer", "page": 1, "rect": {"x": 60, "y": 530, "width": 120, "height": 20}},
    {"id": "count", "label": "Count", "kind": "number", "role": "customer", "min": 1, "max": 9, "page": 1,
     "rect": {"x": 200, "y": 530, "width": 60, "height": 20}},
    {"id": "mail", "label": "Email", "kind": "email", "role": "customer", "page": 1, "rect": {"x": 60, "y": 560, "width": 200, "height": 20}},
    {"id": "tel", "label": "Phone", "kind": "phone", "role": "customer", "page": 1, "rect": {"x": 300, "y": 560, "width": 150, "height": 20}},
    {"id": "agree", "label": "Agree", "kind": "checkbox", "role": "customer", "page": 1, "rect": {"x": 60, "y": 590, "width": 14, "height": 14}},
    {"id": "pick", "label": "Pick", "kind": "dropdown", "role": "customer", "options": ["a", "b"], "page": 1,
     "rect": {"x": 100, "y": 590, "width": 100, "height": 20}},
    {"id": "initials", "label": "Initials", "kind": "initials", "role": "customer", "page": 1, "rect": {"x": 480, "y": 760, "width": 60, "height": 30}},
]


def seed(server, token):
    """Real ids for every path parameter, made through the API, and the customer's cookie."""
    admin = server.login(*ADMIN)
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
    document = created(server.call("POST", f"{base}/documents", {"upload": sha, "title": "Letter", "fields": FIELDS}, token), "document")
    declinable = created(server.call("POST", f"{base}/documents", {"upload": sha, "title": "Other"}, token), "document")
    request = created(server.call("POST", f"{base}/document-requests", {"documents": [{"type": "idCard"}, {"type": "passport"}]}, token),
                      "request")
    payment = created(server.call("POST", f"{base}/payment-requests", {"amount": "5.00", "currency": "EUR", "description": "Fee"}, token),
                      "payment")
    review = created(server.call("POST", f"{base}/reviews", {"upload": sha, "title": "Walk"}, token), "review")
    job = created(server.call("POST", "/api/v1/batch-jobs?template=consent-form&format=csv&stage=send&dryRun=true", token=token,
                              raw=b"clinician,procedure\nDr Ada,Knee\n", content_type="text/csv"), "batch job", 202)["id"]
    staged = created(server.call("POST", f"{base}/uploads?name=staged.pdf", token=token, raw=letter, content_type="application/pdf"),
                     "staged upload")["upload"]
    # Webhooks to a documentation address, disabled so the passes queue nothing for it.
    hooks = [created(server.call("POST", "/api/v1/webhooks", {"url": "https://203.0.113.10/hook", "events": ["session.invited"]}, admin),
                     "webhook")["id"] for _ in range(2)]
    for hook in hooks:
        server.call("PATCH", f"/api/v1/webhooks/{hook}", {"enabled": False}, admin)
    return {"id": session, "doomed": doomed, "document": document["id"], "declinable": declinable["id"], "request": request["id"],
            "hid": hooks[0], "doomed_webhook": hooks[1], "payment": payment["id"], "review": review["id"], "jid": job, "wid": workflow, "doomed_workflow": doomed_workflow,
            "sha": staged, "customer": server.customer("Fuzz Customer"), "admin": admin}


def operation(regex, method=None, **parameters):
    """An [[operations]] entry pinning parameters (path.x, body.x) where the path matches."""
    values = ", ".join(f'"{k.replace("__", ".")}" = "{v}"' for k, v in parameters.items())
    only = f'include-method = "{method}"\n' if method else ""
    return f'[[operations]]\ninclude-path-regex = "{regex}"\n{only}parameters = {{ {values} }}\n'


def config(ids, headers):
    """schemathesis.toml: the caller's headers on every request, path parameters pinned to real
    ids (each route the kind of interaction it is about), uploads and workflows in bodies real."""
    header_values = ", ".join(f'"{k}" = "{v}"' for k, v in headers.items())
    return "\n".join([
        f"headers = {{ {header_values} }}",
        "[parameters]",
        f'"path.id" = "{ids["id"]}"',
        f'"path.iid" = "{ids["document"]}"',
        f'"path.jid" = "{ids["jid"]}"',
        f'"path.wid" = "{ids["wid"]}"',
        f'"path.sha" = "{ids["sha"]}"',
        f'"path.hid" = "{ids["hid"]}"',
        '"path.slug" = "consent-form"',
        operation("/(notes|close)$", path__iid=ids["review"]),
        operation("/pay$", path__iid=ids["payment"]),
        operation("/decline$", path__iid=ids["declinable"]),
        operation("/(submit|assembled\\\\.pdf|uploads.*)$", path__iid=ids["request"]),
        operation("/sessions/\\\\{id\\\\}/cancel$", path__id=ids["doomed"]),
        # DELETE only: the other operations on the same path keep the real workflow.
        operation("/workflows/\\\\{wid\\\\}$", method="DELETE", path__wid=ids["doomed_workflow"]),
        operation("/webhooks/\\\\{hid\\\\}$", method="DELETE", path__hid=ids["doomed_webhook"]),
        operation("/sessions/\\\\{id\\\\}/(documents|reviews)$", body__upload=ids["sha"]),
        operation("/sessions/\\\\{id\\\\}/workflows$", body__workflow=ids["wid"]),
    ])


def verdicts(report_dir):
    """(failures, tool errors) in a run's JUnit reports: a failure is a check that failed on an
    answer (here: one >= 500); an error is schemathesis failing on its own, before any request."""
    failures, errors = [], []
    for name in os.listdir(report_dir) if os.path.isdir(report_dir) else []:
        if name.endswith(".xml"):
            for case in ElementTree.parse(os.path.join(report_dir, name)).getroot().iter("testcase"):
                for outcome in case:
                    kind = {"failure": failures, "error": errors}.get(outcome.tag)
                    if kind is not None:
                        kind.append((case.get("name"), outcome.text or outcome.get("message") or ""))
    return failures, errors


def tool_fault(text):
    """Whether an error is the generator's own (Hypothesis drawing a case), not the service's:
    no request was sent, so it says nothing about Signet. Seen in CI: CPython 3.11's parser
    tripping over itself ("AST constructor recursion depth mismatch") inside Hypothesis."""
    return "hypothesis" in text and not any(word in text for word in ("ConnectionError", "Timeout", "RemoteDisconnected"))


def fuzz(server, scratch, name, headers, seconds, selection, phases, ids):
    """One schemathesis pass as one caller; answers whether it found no answer >= 500. A pass
    whose only errors are the generator's own faults is run once more: a second fault fails."""
    for attempt in (1, 2):
        report_dir = os.path.join(scratch, f"report-{name}-{attempt}")
        if run_pass(server, scratch, name, headers, seconds, selection, phases, ids, report_dir):
            return True
        failures, errors = verdicts(report_dir)
        if failures or not errors or not all(tool_fault(text) for _, text in errors) or attempt == 2:
            return False
        print(f"fuzz: the {name} pass stopped on schemathesis' own fault ({', '.join(op for op, _ in errors)}); once more",
              flush=True)
    return False


def run_pass(server, scratch, name, headers, seconds, selection, phases, ids, report_dir):
    config_path = os.path.join(scratch, f"{name}.toml")
    open(config_path, "w").write(config(ids, headers))
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", config_path, "run", server.base + "/openapi.json",
        "--checks", "not_a_server_error", "--phases", phases,
        "--max-examples", os.environ.get("SIGNET_FUZZ_EXAMPLES", "12"), "--max-time", str(seconds),
        "--workers", "2", "--request-timeout", "20", "--seed", os.environ.get("SIGNET_FUZZ_SEED", "1313"),
        "--generation-database", "none", "--no-color",
        "--report", "junit", "--report-dir", report_dir,
    ] + selection
    hooks = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
    print(f"fuzz: as the {name}", flush=True)
    return subprocess.run(command, cwd=scratch, env=hooks).returncode == 0


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-fuzz-")
    # Admins write templates into the templates folder: a scratch copy.
    templates = os.path.join(scratch, "templates")
    shutil.copytree(os.path.join(ROOT, "Templates"), templates)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"), templates=templates)
    failed = True
    try:
        server.start()
        token = server.agent(*AGENT)
        ids = seed(server, token)
        seconds = int(os.environ.get("SIGNET_FUZZ_SECONDS", "100"))
        # Logout would end the token; the live streams never end (the matrix covers who may open
        # them). Exclusions given together must all match, so each pass has one regex.
        passes = [
            # The agent's pass also follows the links from POST /sessions (stateful sequences).
            ("agent", {"Authorization": f"Bearer {token}"}, seconds // 2,
             ["--exclude-path-regex", "/auth/logout$|/stream$|^/api/v1/customer/"], "examples,coverage,fuzzing,stateful"),
            ("customer", ids["customer"], seconds // 4, ["--include-path-regex", "^/api/v1/customer/(?!stream$)"], "examples,coverage,fuzzing"),
            ("admin", {"Authorization": f"Bearer {ids['admin']}"}, seconds // 4,
             ["--include-path-regex", "^/api/v1/(users|templates|workflows|webhooks)", "--exclude-method", "GET"], "examples,coverage,fuzzing"),
        ]
        results = [fuzz(server, scratch, *run, ids) for run in passes]
        server.stop()
        failed = not all(results)
        if failed:
            print(open(server.log_path).read()[-4000:], file=sys.stderr)
            print(f"fuzz: FAILED; data, server log and reports in {scratch}", file=sys.stderr)
            return 1
        print(f"fuzz: passed in {time.time() - started:.1f} s, no answer >= 500")
        return 0
    finally:
        server.stop()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
