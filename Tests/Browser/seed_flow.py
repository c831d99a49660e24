#!/usr/bin/python3
"""The seed flow in a real browser (headless Chromium driven by Selenium).

Starts the built `signet serve` on a free port with a scratch data folder, creates an agent
through the admin API, then: the agent logs in, starts a session, uploads SampleDocs/letter.pdf,
drags a signature field onto it and sends it; the customer opens the invitation link from the
outbox in a phone-sized window (390x844), draws a signature and finishes; the agent sees the
check mark arrive without reloading and downloads the finished PDF, whose page must have ink
inside the rectangle where the field was dropped (and none there in the original). Trust: the
customer and the agent download the certificate of completion (a PDF), the finished bubble says
"Sealed (PAdES)" and links the seal chain, the session's record shows the hash chain's head,
and the public verify page (from the console header) finds the finished PDF intact and a copy
with one byte flipped altered, and says plainly when a file is too large (413) or there were
too many checks (429).

Screenshots of every step go to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots). The
scratch folder (data, server log, the finished PDF) is removed after a pass and kept after a
failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/seed_flow.py [path/to/signet]
"""
import glob
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser_support import browser, click

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
LETTER = os.path.join(ROOT, "SampleDocs/letter.pdf")
ADMIN = ("admin@example.com", "correct-horse-9")
AGENT = ("agent@example.com", "agent-password-7")
# Where the signature is dropped: a blank part of the letter, in points from the page's top-left.
DROP = (300, 540)
# The byte flipped in the altered copy: in the binary comment after "%PDF-1.x\n%".
FLIP = 11


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def fetch(url, driver):
    """The bytes at `url` fetched with `driver`'s cookies, as its download link would."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=30) as response:
        return response.read()


def dark_pixels(pdf, rect, scratch):
    """Pixels darker than mid-grey inside rect (x, y, w, h in points) of page 1, at 72 dpi."""
    out = os.path.join(scratch, "gray")
    subprocess.run(["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf, out], check=True)
    raw = open(out + ".pgm", "rb").read()
    magic, size, maxval, pixels = raw.split(b"\n", 3)
    w, h = map(int, size.split())
    x, y, rw, rh = (int(round(v)) for v in rect)
    return sum(1 for row in range(y, min(y + rh, h)) for col in range(x, min(x + rw, w)) if pixels[row * w + col] < 128)


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-browser-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    data = os.path.join(scratch, "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, SIGNET_ADMIN_EMAIL=ADMIN[0], SIGNET_ADMIN_PASSWORD=ADMIN[1])
    log = open(os.path.join(scratch, "server.log"), "w")
    server = subprocess.Popen(
        [SIGNET, "serve", "--port", str(port), "--data", data, "--public", os.path.join(ROOT, "Public"),
         "--templates", os.path.join(ROOT, "Templates"), "--workers", "2"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    agent = customer = None
    step = "start"
    failed = False

    def shot(name, driver):
        driver.save_screenshot(os.path.join(shots, name + ".png"))

    try:
        step = "server up"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        admin = call(base, "POST", "/api/v1/auth/login", {"email": ADMIN[0], "password": ADMIN[1]})["token"]
        call(base, "POST", "/api/v1/users", {"email": AGENT[0], "name": "Alex Agent", "role": "agent", "password": AGENT[1]}, admin)

        step = "agent logs in"
        agent = browser(1400, 1250)
        wait = WebDriverWait(agent, 30)
        agent.get(base + "/")
        wait.until(EC.visibility_of_element_located((By.NAME, "email"))).send_keys(AGENT[0])
        agent.find_element(By.NAME, "password").send_keys(AGENT[1])
        assert agent.find_element(By.CSS_SELECTOR, "[data-test=verify-link]").get_attribute("href").endswith("/verify/")
        shot("01-login", agent)
        click(wait, (By.CSS_SELECTOR, "form button[type=submit]"))
        click(wait, (By.CSS_SELECTOR, "[data-test=start-session]"))

        step = "agent starts a session"
        Select(wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog select[name=channel]")))).select_by_value("email")
        agent.find_element(By.CSS_SELECTOR, "dialog input[name=name]").send_keys("Amara Okafor")
        agent.find_element(By.CSS_SELECTOR, "dialog input[name=contact]").send_keys("amara@example.com")
        shot("02-start-session", agent)
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        wait.until(lambda d: "#/sessions/" in d.current_url)
        session_id = agent.current_url.rsplit("/", 1)[-1]
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".conversation h1"), "Amara Okafor"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".folders details")))
        shot("03-console-session", agent)

        step = "a template sent without its agent fields is refused, and they turn red"
        click(wait, (By.XPATH, "//button[normalize-space()='Personal loan application']"))
        click(wait, (By.CSS_SELECTOR, ".send-form button[type=submit]"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".agent-field.invalid .reason")))
        assert agent.find_elements(By.CSS_SELECTOR, ".customer-fields li"), "customer fields are listed apart"
        shot("04-refused-send", agent)

        step = "agent uploads a PDF and drags a signature field onto it"
        agent.find_element(By.ID, "paperclip").send_keys(LETTER)
        page = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".editor .page[data-page='1'] img")))
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", page))
        box = agent.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width];", page)
        px_per_point = box[2] / 595.28
        tool = agent.find_element(By.CSS_SELECTOR, ".toolbar [data-kind=signature]")
        actions = ActionChains(agent)
        actions.click_and_hold(tool).pause(0.1)
        pointer = actions.w3c_actions.pointer_action
        pointer.move_to_location(int(box[0] + 200), int(box[1] + 200))
        pointer.move_to_location(int(box[0] + DROP[0] * px_per_point), int(box[1] + DROP[1] * px_per_point))
        actions.release().perform()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".field-box.kind-signature")))
        rect = [float(agent.find_element(By.CSS_SELECTOR, f".editor-props input[name={k}]").get_attribute("value"))
                for k in ("x", "y", "width", "height")]
        # Dropped centred under the pointer: the field's centre is where the pointer let go, to
        # within a pixel of the preview.
        centre = (rect[0] + rect[2] / 2, rect[1] + rect[3] / 2)
        assert abs(centre[0] - DROP[0]) <= 2 and abs(centre[1] - DROP[1]) <= 2, f"field centre {centre}, dropped at {DROP}"
        # Keyboard nudging: one point per arrow press, shown in the field's properties.
        selected = agent.find_element(By.CSS_SELECTOR, ".field-box.selected")
        selected.send_keys(Keys.ARROW_RIGHT)
        nudged = float(agent.find_element(By.CSS_SELECTOR, ".editor-props input[name=x]").get_attribute("value"))
        assert abs(nudged - (rect[0] + 1)) < 0.01, f"x {nudged} after one arrow press from {rect[0]}"
        agent.find_element(By.CSS_SELECTOR, ".field-box.selected").send_keys(Keys.ARROW_LEFT)
        after = [float(agent.find_element(By.CSS_SELECTOR, f".editor-props input[name={k}]").get_attribute("value"))
                 for k in ("x", "y", "width", "height")]
        assert after == rect, f"back to {after}, expected {rect}"
        shot("05-field-editor", agent)
        click(wait, (By.CSS_SELECTOR, "[data-test=editor-save]"))
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".overlay")))
        bubble = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".bubbles .bubble[data-status]")))
        shot("06-console-sent", agent)

        step = "customer opens the link on a phone"
        link = None
        for _ in range(100):
            # Files being written are hidden until they are renamed into place.
            messages = sorted(glob.glob(os.path.join(data, "outbox", "*.json")))
            if messages:
                link = json.load(open(messages[-1]))["link"]
                break
            time.sleep(0.1)
        assert link, "no invitation in the outbox"
        customer = browser(390, 844, phone=True)
        # The customer page redraws as its stream reports the session: an element found just
        # before a redraw is looked up again rather than failing the wait.
        cwait = WebDriverWait(customer, 30, ignored_exceptions=(StaleElementReferenceException,))
        customer.get(link)
        sign = cwait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".box.role-customer")))
        assert customer.execute_script("return window.innerWidth") == 390
        shot("07-customer-phone", customer)

        step = "customer draws a signature"
        customer.execute_script("arguments[0].scrollIntoView({block: 'center'})", sign)
        sign.click()
        pad = cwait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=signature-pad]")))
        width = pad.size["width"]
        height = pad.size["height"]
        # A wavy stroke of many small moves, as a hand makes, then a crossing stroke.
        draw = ActionChains(customer)
        draw.move_to_element_with_offset(pad, int(-width * 0.4), 0).click_and_hold()
        last = (0, 0)
        for i in range(1, 41):
            point = (int(width * 0.8 * i / 40), int(height * 0.3 * math.sin(i / 40 * 4 * math.pi)))
            draw.move_by_offset(point[0] - last[0], point[1] - last[1])
            last = point
        draw.release()
        draw.move_to_element_with_offset(pad, int(-width * 0.3), int(-height * 0.3)).click_and_hold()
        draw.move_by_offset(int(width * 0.1), int(height * 0.6)).release()
        draw.perform()
        shot("08-customer-signature", customer)
        click(cwait, (By.CSS_SELECTOR, "[data-test=signature-done]"))
        cwait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "dialog")))
        click(cwait, (By.CSS_SELECTOR, "[data-test=finish]"))
        cwait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-test=all-done]")))
        shot("09-customer-done", customer)

        step = "customer downloads their certificate of completion"
        href = cwait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".task a[href$='/certificate.pdf']"))).get_attribute("href")
        assert fetch(href, customer)[:5] == b"%PDF-", "the customer's certificate is not a PDF"

        step = "agent sees the check mark without reloading"
        url_before = agent.current_url
        # Read by script from here on: every download (the customer's too) is recorded, and the
        # stream then redraws the bubbles, so an element found a moment ago can be gone.
        wait.until(lambda d: d.execute_script("return document.querySelector('.bubbles .bubble').dataset.status") == "completed")
        assert "✓" in agent.execute_script("return document.querySelector('.bubbles .bubble .status').textContent")
        assert agent.current_url == url_before
        shot("10-console-completed", agent)

        step = "agent downloads the finished PDF"
        href = agent.execute_script("return document.querySelector('.bubbles .bubble a.download').href")
        assert href.endswith("/finished.pdf"), href
        finished = os.path.join(scratch, "finished.pdf")
        with open(finished, "wb") as out:
            out.write(fetch(href, agent))

        step = "the finished bubble says sealed and offers the certificate of completion"
        seal, chain, label, href = agent.execute_script("""
            const b = document.querySelector('.bubbles .bubble');
            const c = b.querySelector('a.download[href$="/certificate.pdf"]');
            return [b.querySelector('[data-test=seal]').textContent,
                    b.querySelector('[data-test=seal] a[href="/api/v1/seal/certificate.pem"]').href, c.textContent, c.href];""")
        assert "Sealed (PAdES)" in seal, seal
        assert label == "Certificate of completion", label
        assert b"BEGIN CERTIFICATE" in fetch(chain, agent), "the seal chain link gives no certificate"
        assert fetch(href, agent)[:5] == b"%PDF-", "the certificate of completion is not a PDF"
        for _ in range(5):
            try:
                agent.find_element(By.CSS_SELECTOR, ".bubbles .bubble").screenshot(os.path.join(shots, "console-certificate.png"))
                break
            except StaleElementReferenceException:
                time.sleep(0.3)
        else:
            raise AssertionError("the finished bubble kept being redrawn")

        step = "the session's record shows the head of the hash chain"
        # A script click: the stream redraws the session's buttons as downloads are recorded.
        agent.execute_script("document.querySelector('[data-test=record]').click()")
        head = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog [data-test=record-head] code"))).text
        record = json.loads(fetch(f"{base}/api/v1/sessions/{session_id}/events", agent))
        assert head == record["head"]["hash"] and len(head) == 64, f"page shows {head}, the API {record['head']}"
        assert len(agent.find_elements(By.CSS_SELECTOR, "dialog tbody tr")) == len(record["items"])
        shot("11-console-record", agent)
        click(wait, (By.XPATH, "//dialog//button[normalize-space()='Close']"))

        step = "the verify page, from the console header, finds the finished PDF intact"
        click(wait, (By.CSS_SELECTOR, "#account a[href='/verify/']"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-test=drop-zone]")))
        agent.find_element(By.ID, "verify-file").send_keys(finished)
        verdict = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-verdict]")))
        assert verdict.get_attribute("data-verdict") == "intact", verdict.text
        assert session_id in verdict.find_element(By.CSS_SELECTOR, ".facts").text, verdict.text
        seals = verdict.find_elements(By.CSS_SELECTOR, ".seals li")
        assert seals and all("valid" in s.text and "not valid" not in s.text for s in seals), [s.text for s in seals]
        assert "covers the whole file" in seals[-1].text, seals[-1].text
        shot("verify-intact", agent)

        step = "a copy with one byte flipped is altered"
        altered = os.path.join(scratch, "altered.pdf")
        data_bytes = bytearray(open(finished, "rb").read())
        # A byte of the binary comment on the second line: inside the sealed range, and the PDF
        # still parses, so the seal itself is what catches it.
        data_bytes[FLIP] ^= 0x01
        open(altered, "wb").write(bytes(data_bytes))
        agent.find_element(By.ID, "verify-file").send_keys(altered)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-verdict]").get_attribute("data-verdict") != "intact")
        verdict = agent.find_element(By.CSS_SELECTOR, "[data-verdict]")
        assert verdict.get_attribute("data-verdict") == "altered", verdict.text
        assert verdict.find_elements(By.CSS_SELECTOR, ".seals li.seal-bad"), verdict.text
        shot("verify-altered", agent)

        step = "the verify page says plainly when a file is too large, and when there were too many checks"
        large = os.path.join(scratch, "large.pdf")
        with open(large, "wb") as out:
            out.write(b"%PDF-1.7\n")
            out.truncate(25 << 20)
        agent.find_element(By.ID, "verify-file").send_keys(large)
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p.message.error"), "large.pdf is too large to check here"))
        assert not agent.find_elements(By.CSS_SELECTOR, "[data-verdict]"), "a refused file leaves no verdict"
        # The checks per address run out (the service allows 60 a minute by default).
        for _ in range(70):
            try:
                urllib.request.urlopen(urllib.request.Request(base + "/api/v1/verify", data=b"%PDF-1.7\n", method="POST",
                                                              headers={"Content-Type": "application/pdf"}), timeout=10)
            except urllib.error.HTTPError as refused:
                if refused.code == 429:
                    break
        agent.find_element(By.ID, "verify-file").send_keys(finished)
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p.message.error"), "Too many checks from your address. Try again in"))

        step = "the signature is where the field was dropped"
        inside = dark_pixels(finished, rect, scratch)
        before = dark_pixels(LETTER, rect, scratch)
        assert before == 0, f"the original letter already has {before} dark pixels in {rect}"
        assert inside >= 20, f"only {inside} dark pixels inside {rect} of the finished page"
        print(f"seed flow: passed in {time.time() - started:.1f} s ({inside} dark pixels in the field {rect}); screenshots in {shots}")
        return 0
    except Exception as error:
        print(f"seed flow: FAILED at '{step}': {error!r}", file=sys.stderr)
        for name, driver in (("agent", agent), ("customer", customer)):
            if driver:
                shot(f"failure-{name}", driver)
                for entry in driver.get_log("browser"):
                    print(f"  {name} console: {entry['message']}", file=sys.stderr)
        log.flush()
        print(open(os.path.join(scratch, "server.log")).read()[-4000:], file=sys.stderr)
        print(f"screenshots in {shots}; data, server log and PDFs in {scratch}", file=sys.stderr)
        failed = True
        return 1
    finally:
        for driver in (agent, customer):
            if driver:
                driver.quit()
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            # Graceful shutdown waits for open connections; the test is over either way.
            server.kill()
            server.wait()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
