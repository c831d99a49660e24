#!/usr/bin/python3
"""Countersigning and forward for approval in the console, in a real browser (headless Chromium
driven by Selenium), against a live `signet serve` (Tests/Live/live_server.py).

- The customer finishes a document with agent countersign fields (through the API: the customer
  page has its own browser tests); the agent's console shows it awaiting a countersignature; the
  agent opens the countersign dialog, types the officer's name, draws a signature on the pad and
  countersigns. The finished PDF then carries two seals pdfsig finds valid, the second covering
  the whole file, and POST /api/v1/verify says intact.
- The agent forwards the document to a colleague from the console; the colleague, logged in in a
  second browser, finds it under Approvals, reads its pages and approves it; the agent's session
  view, left open, shows the approval without a reload (the session's live stream).

Screenshots go to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots). The scratch folder
is removed after a pass and kept after a failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/countersign_flow.py [path/to/signet]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ROOT, Server  # noqa: E402
from browser_support import browser, click, login  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("counter@example.com", "counter-agent-pass-7")
APPROVER = ("approver@example.com", "approver-pass-7")
FIELDS = [
    {"id": "sig", "kind": "signature", "label": "Customer signature", "role": "customer", "required": True,
     "page": 1, "rect": {"x": 72, "y": 560, "width": 200, "height": 50}},
    {"id": "officer", "kind": "text", "label": "Officer", "role": "agent", "countersign": True,
     "page": 1, "rect": {"x": 300, "y": 520, "width": 200, "height": 20}},
    {"id": "agent_sig", "kind": "signature", "label": "Agent signature", "role": "agent", "countersign": True, "required": True,
     "page": 1, "rect": {"x": 300, "y": 560, "width": 200, "height": 50}},
]


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-countersign-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"))
    drivers = []
    step = "start"
    failed = False
    try:
        step = "server up, a sent document with countersign fields, finished by the customer"
        server.start()
        agent = server.agent(*AGENT, name="Cora Counter")
        server.agent(*APPROVER, name="Abe Approver")
        status, session = server.call(
            "POST", "/api/v1/sessions", {"customer": {"name": "Nia Customer", "email": "nia@example.com", "channel": "email"}}, agent)
        assert status == 201, f"session: {status} {session}"
        base = f"/api/v1/sessions/{session['id']}"
        with open(os.path.join(ROOT, "SampleDocs", "letter.pdf"), "rb") as f:
            status, staged = server.call("POST", f"{base}/uploads?name=letter.pdf", raw=f.read(), content_type="application/pdf", token=agent)
        assert status == 201, f"upload: {status} {staged}"
        status, sent = server.call("POST", f"{base}/documents", {"upload": staged["upload"], "title": "Loan offer", "fields": FIELDS}, agent)
        assert status == 201, f"send: {status} {sent}"
        iid = sent["id"]
        customer = server.customer("Nia Customer")
        status, done = server.call(
            "POST", f"/api/v1/customer/interactions/{iid}/finish", {"values": {"sig": {"strokes": [[[5, 5], [60, 40], [120, 8]]]}}},
            headers=customer)
        assert status == 200 and done["status"] == "awaitingCountersign", f"finish: {status} {done}"

        step = "the agent countersigns in the console: a typed name and a drawn signature"
        driver = browser(1300, 1100)
        drivers.append(driver)
        wait = WebDriverWait(driver, 30)
        login(driver, wait, server.base, AGENT)
        driver.get(f"{server.base}/#/sessions/{session['id']}")
        click(wait, (By.CSS_SELECTOR, f"li.bubble[data-id='{iid}'] [data-test=countersign]"))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=value-officer]"))).send_keys("Cora Counter")
        driver.find_element(By.CSS_SELECTOR, "[data-test=countersign-sign-agent_sig]").click()
        pad = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=signature-pad]")))
        ActionChains(driver).move_to_element_with_offset(pad, -150, 0).click_and_hold().move_by_offset(60, -20) \
            .move_by_offset(60, 30).move_by_offset(60, -25).release().perform()
        driver.find_element(By.CSS_SELECTOR, "[data-test=signature-done]").click()
        wait.until(lambda d: "signed" in d.find_element(By.CSS_SELECTOR, "[data-test=countersign-form]").text)
        driver.save_screenshot(os.path.join(shots, "countersign-dialog.png"))
        driver.find_element(By.CSS_SELECTOR, "[data-test=countersign-submit]").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"li.bubble[data-id='{iid}'][data-status=completed]")))

        step = "the countersigned PDF: two valid seals, the last covering the file, verify says intact"
        status, pdf = server.call("GET", f"{base}/interactions/{iid}/finished.pdf", token=agent)
        assert status == 200 and pdf.startswith(b"%PDF"), f"finished.pdf: {status}"
        path = os.path.join(scratch, "countersigned.pdf")
        with open(path, "wb") as out:
            out.write(pdf)
        report = subprocess.run(["pdfsig", "-nocert", path], capture_output=True, text=True).stdout
        seals = report.split("Signature #")[1:]
        assert len(seals) == 2 and all("Signature is Valid." in s for s in seals), report
        assert "Total document signed" in seals[1] and "Total document signed" not in seals[0], report
        status, verdict = server.call("POST", "/api/v1/verify", raw=pdf, content_type="application/pdf")
        assert status == 200 and verdict["verdict"] == "intact" and len(verdict["seals"]) == 2, verdict

        step = "the agent forwards it for approval from the console"
        click(wait, (By.CSS_SELECTOR, f"li.bubble[data-id='{iid}'] [data-test=forward]"))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=to]"))).send_keys(APPROVER[0])
        driver.find_element(By.CSS_SELECTOR, "dialog textarea[name=note]").send_keys("Please check the officer's name")
        driver.find_element(By.CSS_SELECTOR, "[data-test=forward-submit]").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"li.bubble[data-id='{iid}'] [data-test=approvals] li[data-status=pending]")))

        step = "the colleague reads and approves it under Approvals, in another browser"
        other = browser(1300, 1100)
        drivers.append(other)
        other_wait = WebDriverWait(other, 30)
        login(other, other_wait, server.base, APPROVER)
        other.find_element(By.CSS_SELECTOR, "[data-test=approvals-link]").click()
        item = other_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.approval[data-status=pending]")))
        assert "Loan offer" in item.text and "Please check the officer's name" in item.text, item.text
        item.find_element(By.CSS_SELECTOR, "[data-test=approval-read]").click()
        page = other_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.approval img[alt^='Page 1']")))
        other_wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", page))
        other.save_screenshot(os.path.join(shots, "approvals.png"))
        other.find_element(By.CSS_SELECTOR, "li.approval [data-test=approve]").click()
        other_wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.approval[data-status=approved]")))

        step = "the agent's open session view shows the approval, live"
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"li.bubble[data-id='{iid}'] [data-test=approvals] li[data-status=approved]")))
        status, record = server.call("GET", f"{base}/events", token=agent)
        kinds = [e["kind"] for e in record["items"]]
        assert "awaitingCountersign" in kinds and "forwardedForApproval" in kinds and "approved" in kinds, kinds
        print(f"countersign flow: OK in {time.time() - started:.1f} s")
    except Exception:
        failed = True
        print(f"countersign flow FAILED at step: {step}", file=sys.stderr)
        for i, d in enumerate(drivers):
            try:
                d.save_screenshot(os.path.join(shots, f"countersign-failure-{i}.png"))
            except Exception:
                pass
        raise
    finally:
        for d in drivers:
            d.quit()
        server.stop()
        if failed or os.environ.get("SIGNET_KEEP") == "1":
            print(f"scratch kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
