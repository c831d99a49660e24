"""A real `signet serve` for the scripted suites (fuzzing, crash safety, hostile text): a free
port, a scratch data folder, the shipped templates and public pages, an admin from env vars.
"""
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN = ("admin@example.com", "correct-horse-9")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`signet serve` on `data`; start() waits for /health, kill() is SIGKILL."""

    def __init__(self, signet, data, log_path, workers=2, templates=os.path.join(ROOT, "Templates"), env=None, port=None):
        self.signet = signet
        # More environment (a PostgreSQL database, a job lease): two instances on one database.
        self.env = env or {}
        self.templates = templates
        self.data = data
        self.log_path = log_path
        self.workers = workers
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        env = dict(os.environ, SIGNET_ADMIN_EMAIL=ADMIN[0], SIGNET_ADMIN_PASSWORD=ADMIN[1], **self.env)
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.signet, "serve", "--port", str(self.port), "--data", self.data, "--public", os.path.join(ROOT, "Public"),
             "--templates", self.templates, "--workers", str(self.workers)],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"signet serve exited with {self.process.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("signet serve did not answer /health")

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                # Graceful shutdown waits for open connections; the test is over either way.
                self.kill()

    def call(self, method, path, body=None, token=None, headers=None, raw=None, content_type="application/json"):
        """(status, JSON answer or raw bytes); HTTP errors are answers, not exceptions."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        try:
            return status, json.loads(payload)
        except ValueError:
            return status, payload

    def login(self, email, password):
        status, answer = self.call("POST", "/api/v1/auth/login", {"email": email, "password": password})
        assert status == 200, f"login {email}: {status} {answer}"
        return answer["token"]

    def agent(self, email, password, name="Alex Agent"):
        """Creates an agent through the admin API and answers its bearer token."""
        admin = self.login(*ADMIN)
        status, answer = self.call("POST", "/api/v1/users", {"email": email, "name": name, "role": "agent", "password": password}, admin)
        assert status == 201, f"create agent: {status} {answer}"
        return self.login(email, password)

    def outbox_link(self, name):
        """The invitation link sent to the customer called `name` (waits for the outbox)."""
        folder = os.path.join(self.data, "outbox")
        for _ in range(100):
            # Files being written are hidden until they are renamed into place.
            for entry in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                if entry.startswith("."):
                    continue
                message = json.load(open(os.path.join(folder, entry)))
                if f"Hello {name}," in message.get("body", ""):
                    return message["link"]
            time.sleep(0.1)
        raise AssertionError(f"no invitation for {name}")

    def customer(self, name):
        """Opens the invitation link of `name`: answers the cookie and CSRF headers."""
        link = self.outbox_link(name)
        path = "/" + link.split("/", 3)[3]

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(self.base + path, timeout=30)
            raise AssertionError("the link did not redirect")
        except urllib.error.HTTPError as error:
            assert error.code == 303, f"link: {error.code}"
            cookie = error.headers["Set-Cookie"].split(";")[0]
        status, session = self.call("GET", "/api/v1/customer/session", headers={"Cookie": cookie})
        assert status == 200, f"customer session: {status}"
        return {"Cookie": cookie, "X-CSRF-Token": session["csrfToken"]}
