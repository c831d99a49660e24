#!/usr/bin/python3
"""The admin's webhooks page in a real browser (headless Chromium driven by Selenium), against a
live `signet serve` (Tests/Live/live_server.py) with a receiver on 127.0.0.1
(SIGNET_WEBHOOK_ALLOW_PRIVATE=1, SIGNET_WEBHOOK_RETRY_SECONDS=0.3).

- A URL that is not http(s) is refused in the page, naming the URL.
- The admin adds a webhook for session.invited: the signing secret shows once, with a copy
  button; the list shows the webhook enabled and never the secret again.
- A session is started through the API: the receiver answers 500 once, then 200, and gets the
  same event twice, each with a signature that the README's receiver check accepts.
- The page's deliveries show the event sent, with both attempts (HTTP 500, HTTP 200).
- Disable, enable, delete (confirmed) from the list.

A screenshot goes to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots). The scratch
folder is removed after a pass and kept after a failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/webhooks_flow.py [path/to/signet]
"""
import hashlib
import hmac
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ADMIN, ROOT, Server  # noqa: E402
from browser_support import browser, click  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")


def verify(secret, header, body, seen, tolerance=300):
    """The receiver check the README documents: the HMAC in constant time, a fresh timestamp,
    each event id handled once. Answers the event, or None for a duplicate; raises when refused."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    t, v1 = fields["t"], fields["v1"]
    if abs(time.time() - int(t)) > tolerance:
        raise ValueError("timestamp outside the tolerance")
    expected = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, v1):
        raise ValueError("bad signature")
    event = json.loads(body)
    if event["id"] in seen:
        return None
    seen.add(event["id"])
    return event


class Receiver(http.server.BaseHTTPRequestHandler):
    """Answers 500 to the first request and 200 to the others; keeps each one."""
    hits = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.hits.append((dict(self.headers), body))
        self.send_response(500 if len(Receiver.hits) == 1 else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-webhooks-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook_url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    os.environ["SIGNET_WEBHOOK_ALLOW_PRIVATE"] = "1"
    os.environ["SIGNET_WEBHOOK_RETRY_SECONDS"] = "0.3"
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"))
    driver = None
    step = "start"
    failed = False
    try:
        step = "server up"
        server.start()
        admin = server.login(*ADMIN)
        driver = browser(1400, 1100)
        wait = WebDriverWait(driver, 30)
        driver.get(server.base + "/")
        wait.until(EC.visibility_of_element_located((By.NAME, "email"))).send_keys(ADMIN[0])
        driver.find_element(By.NAME, "password").send_keys(ADMIN[1])
        click(wait, (By.CSS_SELECTOR, "form button[type=submit]"))
        wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-test=start-session]")))

        step = "a URL that is not http(s) is refused"
        driver.get(server.base + "/admin/#/webhooks")
        url = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input[name=url]")))
        url.send_keys("ftp://203.0.113.7/hook")
        click(wait, (By.CSS_SELECTOR, "input[name=events][value='session.invited']"))
        click(wait, (By.XPATH, "//button[text()='Add webhook']"))
        wait.until(lambda d: "http or https" in d.find_element(By.CSS_SELECTOR, "form .message").text)
        assert "URL" in driver.find_element(By.CSS_SELECTOR, "form .message").text

        step = "the admin adds a webhook; the secret shows once"
        url.clear()
        url.send_keys(hook_url)
        click(wait, (By.XPATH, "//button[text()='Add webhook']"))
        secret_box = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input[name=secret]")))
        secret = secret_box.get_attribute("value")
        assert secret.startswith("whsec_"), secret
        click(wait, (By.XPATH, "//button[text()='Copy']"))
        wait.until(lambda d: "op" in d.find_element(By.CSS_SELECTOR, "form [role=status].hint").text)
        wait.until(lambda d: hook_url in d.find_element(By.CSS_SELECTOR, "table.list tbody").text)
        row = driver.find_element(By.CSS_SELECTOR, "table.list tbody tr").text
        assert "Enabled" in row and "session.invited" in row, row
        status, listed = server.call("GET", "/api/v1/webhooks", token=admin)
        assert status == 200 and "secret" not in listed["items"][0], listed

        step = "a session's invitation reaches the receiver after one retry, signed"
        status, session = server.call(
            "POST", "/api/v1/sessions", {"customer": {"name": "Hook Person", "email": "hook@example.com", "channel": "email"}}, admin)
        assert status == 201, session
        deadline = time.time() + 20
        while len(Receiver.hits) < 2 and time.time() < deadline:
            time.sleep(0.1)
        assert len(Receiver.hits) == 2, f"receiver got {len(Receiver.hits)} request(s)"
        seen = set()
        events = [verify(secret, h["Signet-Signature"], body, seen) for h, body in Receiver.hits]
        assert events[0]["type"] == "session.invited" and events[0]["data"]["session"] == session["id"], events[0]
        assert events[1] is None, "the retry carries the same event id"
        assert Receiver.hits[0][0]["Signet-Event-Id"] == Receiver.hits[1][0]["Signet-Event-Id"] == events[0]["id"]
        try:
            verify("whsec_wrong", Receiver.hits[0][0]["Signet-Signature"], Receiver.hits[0][1], set())
            raise AssertionError("a wrong secret verified")
        except ValueError:
            pass

        step = "the deliveries show both attempts"
        click(wait, (By.XPATH, "//button[text()='Deliveries']"))
        wait.until(lambda d: "HTTP 200" in d.find_element(By.CSS_SELECTOR, "table.deliveries").text)
        text = driver.find_element(By.CSS_SELECTOR, "table.deliveries").text
        assert "session.invited" in text and "sent" in text and "HTTP 500" in text, text
        driver.save_screenshot(os.path.join(shots, "webhooks.png"))

        step = "disable, enable, delete"
        click(wait, (By.XPATH, "//button[text()='Disable']"))
        wait.until(lambda d: "Disabled" in d.find_element(By.CSS_SELECTOR, "table.list tbody").text)
        click(wait, (By.XPATH, "//button[text()='Enable']"))
        wait.until(lambda d: "Enabled" in d.find_element(By.CSS_SELECTOR, "table.list tbody").text)
        click(wait, (By.XPATH, "//button[text()='Delete']"))
        wait.until(EC.alert_is_present()).accept()
        wait.until(lambda d: "No webhooks yet." in d.find_element(By.CSS_SELECTOR, "table.list tbody").text)
        status, listed = server.call("GET", "/api/v1/webhooks", token=admin)
        assert status == 200 and listed["items"] == [], listed
        print(f"webhooks flow: passed in {time.time() - started:.1f} s")
    except Exception:
        failed = True
        print(f"webhooks flow: FAILED at step '{step}' (scratch kept in {scratch})", file=sys.stderr)
        if driver:
            driver.save_screenshot(os.path.join(shots, "webhooks-failure.png"))
        raise
    finally:
        if driver:
            driver.quit()
        server.stop()
        receiver.shutdown()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
