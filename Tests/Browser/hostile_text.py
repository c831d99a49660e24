#!/usr/bin/python3
"""Hostile text in a real browser (headless Chromium driven by Selenium).

Names, titles, field labels, options, notes, file names, descriptions and a decline reason are
created through the API (and a seal's signer in a PDF given to the verify page) carrying markup (`<img src=x onerror=...>`, `"><script>...</script>`),
`javascript:` URLs and right-to-left overrides (U+202E). The agent console, the customer page,
the verify page and the admin pages then show them: nothing may execute (no alert, `window.__pwned` never
set), no element may come out of the text (no <img src=x>, no element with an onerror
handler, no script naming __pwned, no javascript: link), and the text must show as text (found
whole in the page's innerText).

The scratch folder (data, server log) is removed after a pass and kept after a failure, or
always with SIGNET_KEEP=1; screenshots of a failure go to $SIGNET_SCREENSHOTS.
Usage: Tests/Browser/hostile_text.py [path/to/signet]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ADMIN, ROOT, Server  # noqa: E402
from browser_support import browser, login  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("hostile@example.com", "hostile-agent-pass-7")


def hostile(where, short=False):
    """Text that is markup, a script, a javascript: URL and a bidi override at once; `where`
    keeps each place's text apart. The short form fits 100-character labels."""
    if short:
        return f'"><img src=x onerror=window.__pwned=1>\u202e{where}'
    return f'"><img src=x onerror=window.__pwned=1><script>window.__pwned=1</script> javascript:alert(1) \u202e{where}'


NAME = hostile("name")
AGENT_NAME = hostile("agent")
TITLE = hostile("title")
LABEL = hostile("label")
OPTION = hostile("option")
DECLINED = hostile("declined")
REASON = hostile("reason")
NOTE = hostile("request note")
DOC_LABEL = hostile("doc label", short=True)
PAYMENT = hostile("payment")
REVIEW = hostile("review")
PIN = hostile("pin")
FILE = hostile("file")
TOKEN_LABEL = hostile("token", short=True)
# The verify page shows what anyone's PDF says: a seal whose certificate names a hostile signer
# (the short form: openssl's -subj splits at "/"), under a hostile file name.
SIGNER = hostile("signer", short=True)
VERIFY_FILE = hostile("verified file", short=True) + ".pdf"
# File names lose their bidi override (it would make "invoice<U+202E>fdp.exe" read "invoiceexe.pdf").
SHOWN_FILE = FILE.replace("\u202e", "") + ".jpg"
WORKFLOW = hostile("workflow")
TEMPLATE = hostile("template")
FIELDS = [
    {"id": "sig", "label": LABEL, "kind": "signature", "role": "customer", "required": True, "page": 1,
     "rect": {"x": 300, "y": 640, "width": 220, "height": 60}},
    {"id": "pick", "label": LABEL, "kind": "dropdown", "role": "customer", "page": 1, "options": [OPTION, {"value": "b", "label": OPTION}],
     "rect": {"x": 300, "y": 540, "width": 220, "height": 24}},
]

PROBE = """
const pwned = window.__pwned !== undefined;
const injected = [...document.querySelectorAll('img[src="x"], [onerror], a[href^="javascript:" i], iframe')].map((e) => e.outerHTML);
const scripts = [...document.scripts].filter((s) => s.textContent.includes('__pwned')).length;
const options = [...document.querySelectorAll('option')].map((o) => o.textContent);
const attributes = [...document.querySelectorAll('[title], [aria-label]')].map((e) => (e.title || '') + (e.getAttribute('aria-label') || ''));
// A right-to-left override runs to the end of its paragraph: in the page, every override (or
// embedding) someone's text opens must be closed (PDF, U+202C) within the same text, or it
// reverses the page's own words after it.
const spills = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.parentElement.closest('bdi, option, textarea, script, style')) continue;
  const opened = (n.data.match(/[\u202a\u202b\u202d\u202e]/g) || []).length;
  const closed = (n.data.match(/\u202c/g) || []).length;
  if (opened > closed) spills.push(n.data.slice(n.data.indexOf('\u202e')));
}
return {pwned, injected, scripts, spills, text: document.body.innerText, options, attributes};
"""


def created(answer, what):
    status, body = answer
    assert status == 201, f"{what}: {status} {body}"
    return body


def seed(server, scratch):
    """Everything hostile, through the API; answers the ids of the session, the document request
    and the review."""
    admin = server.login(*ADMIN)
    created(server.call("POST", "/api/v1/users", {"email": AGENT[0], "name": AGENT_NAME, "role": "agent", "password": AGENT[1]}, admin), "agent")
    token = server.login(*AGENT)
    flow = {"name": WORKFLOW, "description": WORKFLOW,
            "steps": [{"kind": "paymentRequest", "amount": "1.00", "currency": "EUR", "description": PAYMENT}]}
    created(server.call("POST", "/api/v1/workflows", flow, admin), "workflow")
    pdf = open(os.path.join(ROOT, "SampleDocs/letter.pdf"), "rb").read()
    created(server.call("POST", f"/api/v1/templates?name={quote(TEMPLATE)}&slug=hostile&description={quote(TEMPLATE)}", token=admin, raw=pdf,
                        content_type="application/pdf"), "template")

    customer = {"name": NAME, "email": "victim@example.com", "channel": "email"}
    session = created(server.call("POST", "/api/v1/sessions", {"customer": customer}, token), "session")["id"]
    base = f"/api/v1/sessions/{session}"
    upload = created(server.call("POST", f"{base}/uploads?name={quote(FILE)}.pdf", token=token, raw=pdf, content_type="application/pdf"),
                     "upload")["upload"]
    created(server.call("POST", f"{base}/documents", {"upload": upload, "title": TITLE, "fields": FIELDS}, token), "document")
    declined = created(server.call("POST", f"{base}/documents", {"upload": upload, "title": DECLINED}, token), "document")["id"]
    request = created(server.call("POST", f"{base}/document-requests",
                                  {"note": NOTE, "documents": [{"type": "other", "label": DOC_LABEL}]}, token), "request")["id"]
    created(server.call("POST", f"{base}/payment-requests", {"amount": "9.99", "currency": "EUR", "description": PAYMENT}, token), "payment")
    review = created(server.call("POST", f"{base}/reviews", {"upload": upload, "title": REVIEW}, token), "review")["id"]
    created(server.call("POST", f"{base}/interactions/{review}/notes", {"page": 1, "x": 60, "y": 60, "text": PIN}, token), "note")

    customer = server.customer(NAME)
    status, answer = server.call("POST", f"/api/v1/customer/interactions/{declined}/decline", {"reason": REASON}, headers=customer)
    assert status == 200, f"decline: {status} {answer}"
    jpeg = os.path.join(scratch, "photo")
    subprocess.run(["pdftoppm", "-jpeg", "-r", "30", "-f", "1", "-l", "1", "-singlefile", os.path.join(ROOT, "SampleDocs/letter.pdf"), jpeg],
                   check=True)
    created(server.call("POST", f"/api/v1/customer/interactions/{request}/uploads?type=other&name={quote(FILE)}.jpg", headers=customer,
                        raw=open(jpeg + ".jpg", "rb").read(), content_type="image/jpeg"), "customer upload")
    return session, request, review


def hostile_seal(scratch):
    """SampleDocs/letter.pdf sealed (pyHanko, PAdES) with a self-signed certificate whose common
    name is SIGNER, saved under the hostile name VERIFY_FILE; answers its path."""
    work = os.path.join(scratch, "seal")
    os.makedirs(work)
    key, cert = os.path.join(work, "seal.key"), os.path.join(work, "seal.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-utf8", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", f"/CN={SIGNER}", "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"],
                   check=True, capture_output=True)
    sealed = os.path.join(work, VERIFY_FILE)
    subprocess.run(["/usr/bin/python3", "-m", "pyhanko", "sign", "addsig", "--field", "Seal1", "--use-pades", "pemder", "--key", key,
                    "--cert", cert, "--no-pass", os.path.join(ROOT, "SampleDocs/letter.pdf"), sealed], check=True, capture_output=True)
    return sealed


def check(driver, page, expected, failures):
    """Nothing executed or injected on the page, and every expected text shown whole."""
    try:
        alert = driver.switch_to.alert
        failures.append(f"{page}: an alert opened: {alert.text!r}")
        alert.dismiss()
    except NoAlertPresentException:
        pass
    found = driver.execute_script(PROBE)
    if found["pwned"]:
        failures.append(f"{page}: window.__pwned was set")
    if found["injected"] or found["scripts"]:
        failures.append(f"{page}: injected elements {found['injected'][:3]}, {found['scripts']} scripts")
    if found["spills"]:
        failures.append(f"{page}: a right-to-left override runs into the page's own text: {found['spills'][:3]}")
    shown = found["text"] + "\n".join(found["options"]) + "\n".join(found["attributes"])
    for text in expected:
        if text not in shown:
            failures.append(f"{page}: {text[-20:]!r} is not shown as text")


def until_shown(driver, text):
    """Waits until `text` is in the page (pages render after their API calls)."""
    WebDriverWait(driver, 30).until(lambda d: text in d.execute_script("return document.body.innerText"))


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-hostile-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    # Admins write templates into the templates folder: a scratch copy.
    templates = os.path.join(scratch, "templates")
    shutil.copytree(os.path.join(ROOT, "Templates"), templates)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"), templates=templates)
    drivers = {}
    failures = []
    step = "start"
    try:
        step = "seed through the API"
        server.start()
        session, request, review = seed(server, scratch)

        step = "agent console"
        agent = drivers["agent"] = browser(1400, 1100)
        login(agent, WebDriverWait(agent, 30), server.base, AGENT)
        until_shown(agent, NAME)
        check(agent, "console: sessions", [NAME, AGENT_NAME], failures)
        agent.get(f"{server.base}/#/sessions/{session}")
        until_shown(agent, REASON)
        check(agent, "console: session", [NAME, TITLE, DECLINED, REASON, DOC_LABEL, PAYMENT, REVIEW, SHOWN_FILE], failures)
        agent.find_element(By.XPATH, "//button[normalize-space()='Workflows']").click()
        until_shown(agent, WORKFLOW)
        check(agent, "console: workflows", [WORKFLOW], failures)

        step = "console: API tokens"
        # A token made in the page, under a hostile label: its secret is shown once, its label as
        # text; revoking it in the page ends it for the API at once.
        agent.get(f"{server.base}/#/tokens")
        WebDriverWait(agent, 30).until(EC.visibility_of_element_located((By.NAME, "label"))).send_keys(TOKEN_LABEL)
        agent.find_element(By.XPATH, "//button[normalize-space()='Make token']").click()
        secret = WebDriverWait(agent, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "p.message code"))).text
        until_shown(agent, TOKEN_LABEL)
        check(agent, "console: API tokens", [TOKEN_LABEL], failures)
        if server.call("GET", "/api/v1/auth/me", token=secret)[0] != 200:
            failures.append("console: API tokens: the token made in the page does not open the API")
        agent.find_element(By.CSS_SELECTOR, "button.danger[aria-label^='Revoke']").click()
        WebDriverWait(agent, 30).until(lambda d: "No API tokens." in d.execute_script("return document.body.innerText"))
        if server.call("GET", "/api/v1/auth/me", token=secret)[0] != 401:
            failures.append("console: API tokens: a token revoked in the page still opens the API")

        step = "console: address book and batch jobs"
        # The customer's hostile name is a contact; the hostile template is offered for batches.
        agent.get(f"{server.base}/#/contacts")
        until_shown(agent, NAME)
        check(agent, "console: address book", [NAME], failures)
        agent.get(f"{server.base}/#/batches")
        WebDriverWait(agent, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "select[name=template] option[value=hostile]")))
        check(agent, "console: batch jobs", [TEMPLATE], failures)

        step = "customer page"
        customer = drivers["customer"] = browser(390, 844, phone=True)
        customer.get(server.outbox_link(NAME))
        until_shown(customer, TITLE)
        check(customer, "customer: list", [NAME, TITLE, DECLINED, PAYMENT, REVIEW], failures)
        # The open document lists its fields under the page: labels and options as text.
        WebDriverWait(customer, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "select[name=pick]")))
        check(customer, "customer: document", [LABEL, OPTION], failures)
        customer.find_element(By.CSS_SELECTOR, f"li[data-id='{request}'] button").click()
        until_shown(customer, NOTE)
        check(customer, "customer: document request", [NOTE, DOC_LABEL, SHOWN_FILE], failures)
        # The review's pins carry their notes in their titles.
        opener = customer.find_element(By.CSS_SELECTOR, f"li[data-id='{review}'] button")
        # A script click: the page re-renders as the stream reports, and a pointer click can miss.
        customer.execute_script("arguments[0].click()", opener)
        WebDriverWait(customer, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pin")))
        check(customer, "customer: review", [PIN], failures)

        step = "verify page"
        # No login: a fresh browser, as anyone holding the PDF would come.
        verifier = drivers["verifier"] = browser(390, 844, phone=True)
        verifier.get(f"{server.base}/verify/")
        sealed = hostile_seal(scratch)
        WebDriverWait(verifier, 30).until(EC.presence_of_element_located((By.ID, "verify-file"))).send_keys(sealed)
        WebDriverWait(verifier, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-verdict] .seals li")))
        # The signer as the API names it (the certificate's common name, in its escaped form);
        # the file name without its bidi override, as the page shows file names.
        status, answer = server.call("POST", "/api/v1/verify", raw=open(sealed, "rb").read(), content_type="application/pdf")
        assert status == 200 and answer["seals"], f"verify: {status} {answer}"
        check(verifier, "verify page", [answer["seals"][0]["signer"], VERIFY_FILE.replace("\u202e", "")], failures)

        step = "admin pages"
        admin = drivers["admin"] = browser(1400, 1100)
        login(admin, WebDriverWait(admin, 30), server.base, ADMIN)
        for page, expected in (("templates", [TEMPLATE]), ("workflows", [WORKFLOW]), ("agents", [AGENT_NAME])):
            admin.get(f"{server.base}/admin/#/{page}")
            until_shown(admin, expected[0])
            check(admin, f"admin: {page}", expected, failures)
        # Disabling the agent in the agents page ends their logins at once.
        admin.find_element(By.CSS_SELECTOR, f"button[aria-label='disable {AGENT[0]}']").click()
        WebDriverWait(admin, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"button[aria-label='enable {AGENT[0]}']")))
        status, _ = server.call("POST", "/api/v1/auth/login", {"email": AGENT[0], "password": AGENT[1]})
        if status != 401:
            failures.append(f"admin: agents: a disabled agent's login answered {status}")
    except Exception as error:
        failures.append(f"at '{step}': {error!r}")
    finally:
        for name, driver in drivers.items():
            if failures:
                driver.save_screenshot(os.path.join(shots, f"hostile-failure-{name}.png"))
            driver.quit()
        server.stop()
        if not failures and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print("hostile text: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
        print(open(server.log_path).read()[-3000:], file=sys.stderr)
        print(f"screenshots in {shots}; data and server log in {scratch}", file=sys.stderr)
        return 1
    print(f"hostile text: passed in {time.time() - started:.1f} s (console, API tokens, address book, batch jobs, customer page, verify page, admin pages, disable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
