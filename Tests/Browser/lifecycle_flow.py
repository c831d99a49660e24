#!/usr/bin/python3
"""A session's lifecycle in a real browser (headless Chromium driven by Selenium), against a live
`signet serve` (Tests/Live/live_server.py).

- Settings: the admin sets the default reminders (first after PT2S, then every PT2S, at most 2)
  on the admin's settings page; the API reads them back.
- Start dialog: the agent starts a session with a link valid for 1 day; the dialog offers the
  admin's reminders, and the session carries both.
- Reminders: with a document waiting, the server's reminder loop sends one within seconds; the
  session page shows it ("Reminders: 1 of 2 sent", or 2 if the second came too); the Remind button is refused as too soon
  after it (the agent sees why).
- Completion: the customer opens the reminder's link (a fresh one) on a phone, finishes the
  document, and the page becomes the read-only "All done" page with their copy to download;
  the agent's page shows the session completed.
- Expiry: a link of a PT2S session opened three seconds later shows the expired page naming
  the agent.

Screenshots go to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots). The scratch folder
is removed after a pass and kept after a failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/lifecycle_flow.py [path/to/signet]
"""
import json
import re
import os
import shutil
import sys
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ADMIN, ROOT, Server  # noqa: E402
from browser_support import browser, click, login  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("life@example.com", "life-agent-pass-7")


def type_into(element, text):
    element.clear()
    element.send_keys(text)


def outbox(server):
    folder = os.path.join(server.data, "outbox")
    names = sorted(n for n in os.listdir(folder) if not n.startswith(".")) if os.path.isdir(folder) else []
    return [json.load(open(os.path.join(folder, n))) for n in names]


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-lifecycle-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"))
    driver = phone = None
    step = "start"
    failed = False

    def shot(who, name):
        who.save_screenshot(os.path.join(shots, name + ".png"))

    try:
        step = "server up"
        server.start()
        agent = server.agent(*AGENT, name="Lee Lifecycle")
        admin = server.login(*ADMIN)

        step = "the admin sets the default reminders on the settings page"
        driver = browser(1400, 1100)
        wait = WebDriverWait(driver, 30)
        login(driver, wait, server.base, ADMIN)
        driver.get(server.base + "/admin/#/settings")
        form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=settings]")))
        form.find_element(By.CSS_SELECTOR, "input[name=remind]").click()
        # A month is refused with the field named; then the right plan is saved.
        type_into(form.find_element(By.CSS_SELECTOR, "input[name='reminders.first']"), "P1M")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: "months and years" in d.find_element(By.CSS_SELECTOR, "[data-test=settings] .message").text)
        type_into(form.find_element(By.CSS_SELECTOR, "input[name='reminders.first']"), "PT2S")
        type_into(form.find_element(By.CSS_SELECTOR, "input[name='reminders.every']"), "PT2S")
        type_into(form.find_element(By.CSS_SELECTOR, "input[name='reminders.max']"), "2")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-test=settings] .message").text == "Saved.")
        status, settings = server.call("GET", "/api/v1/settings", token=agent)
        assert settings["reminders"] == {"first": "PT2S", "every": "PT2S", "max": 2}, settings
        shot(driver, "lifecycle-settings")
        driver.delete_all_cookies()
        driver.execute_script("sessionStorage.clear()")

        step = "the agent starts a session valid for a day, with the default reminders"
        login(driver, wait, server.base, AGENT)
        click(wait, (By.CSS_SELECTOR, "[data-test=start-session]"))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=name]"))).send_keys("Rosa Reminded")
        Select(driver.find_element(By.CSS_SELECTOR, "dialog select[name=channel]")).select_by_value("email")
        driver.find_element(By.CSS_SELECTOR, "dialog input[name=contact]").send_keys("rosa@example.com")
        Select(driver.find_element(By.CSS_SELECTOR, "dialog select[name=lifetime]")).select_by_value("P1D")
        first = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name='reminders.first']")))
        assert first.get_attribute("value") == "PT2S", first.get_attribute("value")
        shot(driver, "lifecycle-start-dialog")
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        wait.until(lambda d: "#/sessions/" in d.current_url)
        session_id = driver.current_url.rsplit("/", 1)[1]
        status, session = server.call("GET", f"/api/v1/sessions/{session_id}", token=agent)
        assert session["reminders"] == {"first": "PT2S", "every": "PT2S", "max": 2}, session
        assert session["expiresAt"] and session["invitedAt"], session

        step = "a document waits: the reminder loop reminds the customer within seconds"
        with open(os.path.join(ROOT, "SampleDocs", "letter.pdf"), "rb") as pdf:
            status, staged = server.call("POST", f"/api/v1/sessions/{session_id}/uploads?name=letter.pdf", token=agent,
                                         raw=pdf.read(), content_type="application/pdf")
        assert status in (200, 201), f"upload: {status} {staged}"
        status, document = server.call("POST", f"/api/v1/sessions/{session_id}/documents",
                                       {"upload": staged["upload"], "title": "Terms"}, agent)
        assert status == 201, f"document: {status} {document}"
        WebDriverWait(driver, 40).until(
            lambda d: re.search(r"Reminders: [12] of 2 sent", d.find_element(By.CSS_SELECTOR, "[data-test=lifecycle]").text))
        deadline = time.time() + 20
        while not [m for m in outbox(server) if m["subject"].startswith("Reminder")] and time.time() < deadline:
            time.sleep(0.2)
        reminder = [m for m in outbox(server) if m["subject"].startswith("Reminder")][0]
        assert reminder["to"] == "rosa@example.com" and reminder["link"] in reminder["body"], reminder
        invitation = [m for m in outbox(server) if m["subject"] == "Your documents are ready"][0]
        assert invitation["link"] != reminder["link"], "a reminder carries a fresh link"

        step = "Remind by hand right after: refused as too soon, and the agent sees why"
        click(wait, (By.CSS_SELECTOR, "[data-test=remind]"))
        wait.until(lambda d: "reminded recently" in d.find_element(By.CSS_SELECTOR, ".conversation .message").text)
        shot(driver, "lifecycle-reminded")

        step = "the customer opens the reminder's link on a phone and finishes: the all-done page"
        phone = browser(390, 844, phone=True)
        phone_wait = WebDriverWait(phone, 30)
        phone.get(reminder["link"])
        click(phone_wait, (By.CSS_SELECTOR, "[data-test=finish]"))
        done = phone_wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=session-complete]")))
        assert "All done" in done.text and "until" in done.text, done.text
        copy = phone.find_element(By.LINK_TEXT, "Download your copy").get_attribute("href")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in phone.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(copy, headers={"Cookie": cookie}), timeout=30) as answer:
            assert answer.read(5) == b"%PDF-"
        shot(phone, "lifecycle-all-done")
        # Reloaded later, the page is the same read-only page (no Finish anywhere).
        phone.get(server.base + "/customer")
        phone_wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=session-complete]")))
        assert not phone.find_elements(By.CSS_SELECTOR, "[data-test=finish]")

        step = "the agent's page shows the session completed, without Remind"
        wait.until(lambda d: "Completed" in d.find_element(By.CSS_SELECTOR, "[data-test=customer-status]").text)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-test=lifecycle]").text.startswith("Completed"))
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-test=remind]")
        shot(driver, "lifecycle-completed")

        step = "a PT2S link three seconds later: the expired page names the agent"
        status, short = server.call("POST", "/api/v1/sessions", {
            "customer": {"name": "Eli Expired", "email": "eli@example.com", "channel": "email"}, "lifetime": "PT2S"}, agent)
        assert status == 201, f"session: {status} {short}"
        link = server.outbox_link("Eli Expired")
        time.sleep(3)
        phone.delete_all_cookies()
        phone.get(link)
        page = phone_wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=closed-link]")))
        assert "This invitation has expired" in page.text and "Lee Lifecycle" in page.text and "life@example.com" in page.text, page.text
        shot(phone, "lifecycle-expired")
        print(f"lifecycle flow passed in {time.time() - started:.1f} s")
    except Exception:
        failed = True
        print(f"lifecycle flow failed at: {step}", file=sys.stderr)
        for who, name in [(driver, "agent"), (phone, "customer")]:
            if who:
                try:
                    shot(who, f"lifecycle-failed-{name}")
                except Exception:
                    pass
        raise
    finally:
        for who in (driver, phone):
            if who:
                who.quit()
        server.stop()
        if failed or os.environ.get("SIGNET_KEEP") == "1":
            print(f"kept {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
