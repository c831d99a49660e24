#!/usr/bin/python3
"""The one-time code screen and the session chat, in two real browsers (headless Chromium driven
by Selenium: the agent's console and the customer's phone), against a live `signet serve`
(Tests/Live/live_server.py).

- The agent starts a session from the console's start dialog with "Require a one-time code"; the
  console says so under the customer's contact.
- The customer opens the invitation link and sees only the code screen (the API refuses their
  documents with 403 meanwhile); a wrong code says how many tries are left; asking for a new
  code says how many more may be asked for; the right (new) code opens the page.
- Chat: the customer writes, the agent's console shows it live; the agent answers, the
  customer's page shows it live (each within a few seconds, timed); markup in a message is shown
  as text, never as HTML.

Screenshots go to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots): code-screen.png,
code-wrong.png, chat-console.png, chat-customer.png. The scratch folder (data, server log) is
removed after a pass and kept after a failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/otpchat_flow.py [path/to/signet]
"""
import json
import os
import shutil
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ROOT, Server  # noqa: E402
from browser_support import browser, click  # noqa: E402
from pages_flow import login  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("chat@example.com", "chat-agent-pass-7")
CUSTOMER = "Cora Code"


def codes(server, session):
    """The one-time codes sent for `session` so far, oldest first (the dev transport's files)."""
    folder = os.path.join(server.data, "outbox")
    found = []
    for entry in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if entry.startswith("."):
            continue
        message = json.load(open(os.path.join(folder, entry)))
        if message.get("session") == session and "code" in message:
            found.append(message["code"])
    return found


def wait_for_codes(server, session, count):
    for _ in range(100):
        found = codes(server, session)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{count} code(s) for {session} never reached the outbox: {codes(server, session)}")


def chat_texts(driver):
    return [p.text for p in driver.find_elements(By.CSS_SELECTOR, "[data-test=chat-log] .chat-message p")]


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-otpchat-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"))
    console = phone = None
    step = "start"
    failed = False
    timings = []

    try:
        step = "server up"
        server.start()
        agent = server.agent(*AGENT, name="Chat Agent")

        step = "the agent starts a session that asks for a one-time code"
        console = browser(1400, 1000)
        wait = WebDriverWait(console, 30)
        login(console, wait, server.base, AGENT)
        click(wait, (By.CSS_SELECTOR, "[data-test=start-session]"))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=name]"))).send_keys(CUSTOMER)
        Select(console.find_element(By.CSS_SELECTOR, "dialog select[name=channel]")).select_by_value("email")
        console.find_element(By.CSS_SELECTOR, "dialog input[name=contact]").send_keys("cora@example.com")
        click(wait, (By.CSS_SELECTOR, "dialog [data-test=require-code]"))
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        wait.until(lambda d: "#/sessions/" in d.current_url)
        session = console.current_url.split("#/sessions/")[1]
        status, answer = server.call("GET", f"/api/v1/sessions/{session}", token=agent)
        assert status == 200 and answer["verification"] == "code", answer
        wait.until(lambda d: "one-time code required" in d.find_element(By.CSS_SELECTOR, ".conversation p.hint").text)

        step = "the customer sees only the code screen"
        link = server.outbox_link(CUSTOMER)
        phone = browser(420, 860, phone=True)
        pwait = WebDriverWait(phone, 30)
        phone.get(link)
        code_input = pwait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=code-input]")))
        assert not phone.find_elements(By.CSS_SELECTOR, "ol.tasks"), "documents shown before the code"
        assert not phone.find_elements(By.CSS_SELECTOR, "[data-test=chat-log]"), "chat shown before the code"
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in phone.get_cookies())
        status, refused = server.call("GET", "/api/v1/customer/interactions", headers={"Cookie": cookie})
        assert status == 403 and refused["type"].endswith("/verificationRequired"), (status, refused)
        first = wait_for_codes(server, session, 1)[0]
        assert "3 more new codes" in phone.find_element(By.CSS_SELECTOR, "[data-test=resends-left]").text
        phone.save_screenshot(os.path.join(shots, "code-screen.png"))

        step = "a wrong code says how many tries are left"
        wrong = "111111" if first == "000000" else "000000"
        code_input.send_keys(wrong, Keys.ENTER)
        pwait.until(lambda d: "tries left" in d.find_element(By.CSS_SELECTOR, ".code-screen .message").text)
        said = phone.find_element(By.CSS_SELECTOR, ".code-screen .message").text
        assert "That code is not right" in said and "4 tries left" in said, said
        phone.save_screenshot(os.path.join(shots, "code-wrong.png"))

        step = "a new code is asked for; the right one opens the page"
        click(pwait, (By.CSS_SELECTOR, "[data-test=code-resend]"))
        pwait.until(lambda d: "2 more new codes" in d.find_element(By.CSS_SELECTOR, "[data-test=resends-left]").text)
        second = wait_for_codes(server, session, 2)[1]
        code_input.send_keys(Keys.CONTROL, "a", Keys.NULL, second, Keys.ENTER)
        pwait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=chat-input]")))
        pwait.until(lambda d: f"Hello {CUSTOMER}" in d.find_element(By.ID, "app").text)
        status, _ = server.call("GET", "/api/v1/customer/interactions", headers={"Cookie": cookie})
        assert status == 200, f"after the code: {status}"

        step = "the customer writes; the console shows it live"
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=chat-input]")))
        t = time.time()
        phone.find_element(By.CSS_SELECTOR, "[data-test=chat-input]").send_keys("Can I sign tonight?", Keys.ENTER)
        wait.until(lambda d: "Can I sign tonight?" in chat_texts(d))
        timings.append(time.time() - t)

        step = "the agent answers, with markup; the customer's page shows it live, as text"
        answer_text = "Yes, any time <b>tonight</b> & <img src=x onerror=alert(1)>"
        t = time.time()
        box = console.find_element(By.CSS_SELECTOR, "[data-test=chat-input]")
        box.send_keys(answer_text)
        click(wait, (By.CSS_SELECTOR, "[data-test=chat-send]"))
        pwait.until(lambda d: answer_text in chat_texts(d))
        timings.append(time.time() - t)
        assert not phone.find_elements(By.CSS_SELECTOR, "[data-test=chat-log] b, [data-test=chat-log] img"), "markup became HTML"
        assert chat_texts(phone) == ["Can I sign tonight?", answer_text], chat_texts(phone)
        wait.until(lambda d: chat_texts(d) == ["Can I sign tonight?", answer_text])
        theirs = phone.find_element(By.CSS_SELECTOR, "[data-test=chat-log] .chat-message.theirs")
        assert theirs.get_attribute("data-from") == "agent", theirs.get_attribute("outerHTML")
        # Each within a few seconds on a busy 2-core machine; the streams poll every quarter second.
        assert max(timings) < 5, timings
        console.save_screenshot(os.path.join(shots, "chat-console.png"))
        phone.save_screenshot(os.path.join(shots, "chat-customer.png"))

        step = "the record holds the code events and both messages"
        status, record = server.call("GET", f"/api/v1/sessions/{session}/events", token=agent)
        kinds = [e["kind"] for e in record["items"]]
        for kind in ["codeSent", "codeFailed", "codeVerified"]:
            assert kind in kinds, kinds
        assert kinds.count("message") == 2 and kinds.count("codeSent") == 2, kinds
        print(f"otpchat flow: passed in {time.time() - started:.1f} s (chat customer→agent {timings[0]:.2f} s, "
              f"agent→customer {timings[1]:.2f} s); screenshots in {shots}")
        return 0
    except Exception as error:
        print(f"otpchat flow: FAILED at '{step}': {error!r}", file=sys.stderr)
        for name, driver in [("console", console), ("phone", phone)]:
            if driver:
                driver.save_screenshot(os.path.join(shots, f"failure-otpchat-{name}.png"))
                for entry in driver.get_log("browser"):
                    print(f"  {name} console: {entry['message']}", file=sys.stderr)
        print(open(os.path.join(scratch, "server.log")).read()[-4000:], file=sys.stderr)
        print(f"screenshots in {shots}; data and server log in {scratch}", file=sys.stderr)
        failed = True
        return 1
    finally:
        for driver in [console, phone]:
            if driver:
                driver.quit()
        server.stop()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
