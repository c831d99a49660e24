#!/usr/bin/python3
"""The address book, the batch page and radio groups in the field editor, in a real browser
(headless Chromium driven by Selenium), against a live `signet serve` (Tests/Live/live_server.py).

- Address book: three sessions for Dana through the API and a fourth through the console's
  start dialog (the same email in other letter cases, the last with a phone) leave one contact,
  with the latest name and the phone; searching by part of the phone finds her.
  The agent corrects Dana's contact (a phone that is not E.164 is refused first) and deletes
  another.
- Batch page: a CSV for the consent form whose "Doctor" column is mapped to `clinician` and
  "Notes" left out in the page (the unmapped columns are shown as problems first); the dry run's
  report shows the row with a bad date in red and the others not; the real run's progress bar
  fills and its zip holds one PDF per good row with the report. Then a bulk send: its dry run
  (followed by asking for the job, as the agent already holds every live stream allowed) shows
  the row without an email in red and sends nothing; its run makes one session.
- Field editor: an admin drags the first option of the account-opening template's radio group
  and adds an option, then adds a new group from the toolbar and removes one of its options;
  the template read back through the API has the option where the editor said, the other
  options where they were, the new option, and the new group with its one option.

Screenshots go to $SIGNET_SCREENSHOTS (default: .build/browser-screenshots); those in
docs/screenshots (address-book.png, batch-*.png, field-editor-radio.png) come from here. The
scratch folder (data, templates copy, server log) is removed after a pass and kept after a
failure, or always with SIGNET_KEEP=1.
Usage: Tests/Browser/pages_flow.py [path/to/signet]
"""
import http.client
import io
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request
import zipfile

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Live"))
from live_server import ADMIN, ROOT, Server  # noqa: E402
from browser_support import browser, click, login  # noqa: E402

SIGNET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/signet")
AGENT = ("pages@example.com", "pages-agent-pass-7")
ROWS = (
    "Doctor,procedure,appointment_date,Notes\n"
    "Dr Ada,Knee arthroscopy,2026-01-12,first\n"
    "Dr Bo,Hip replacement,2026-01-13,\n"
    "Dr Cy,Cataract surgery,31/02/2026,the bad row\n"
    "Dr Di,Tonsillectomy,2026-01-15,\n"
)


def cookies(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def main():
    started = time.time()
    scratch = tempfile.mkdtemp(prefix="signet-pages-")
    shots = os.environ.get("SIGNET_SCREENSHOTS") or os.path.join(ROOT, ".build", "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    # The admin saves templates into this copy, never into the repository's.
    templates = os.path.join(scratch, "Templates")
    shutil.copytree(os.path.join(ROOT, "Templates"), templates)
    server = Server(SIGNET, os.path.join(scratch, "data"), os.path.join(scratch, "server.log"), templates=templates)
    driver = None
    step = "start"
    failed = False

    def shot(name):
        driver.save_screenshot(os.path.join(shots, name + ".png"))

    try:
        step = "server up"
        server.start()
        agent = server.agent(*AGENT, name="Pat Pages")
        admin = server.login(*ADMIN)

        step = "three sessions for Dana through the API"
        for name, email in [("Dana Dup", "dana@example.com"), ("Dana Dup", "DANA@example.com"), ("Dana Dup", " Dana@Example.com")]:
            status, answer = server.call("POST", "/api/v1/sessions", {"customer": {"name": name, "email": email, "channel": "email"}}, agent)
            assert status == 201, f"session: {status} {answer}"
        server.call("POST", "/api/v1/sessions", {"customer": {"name": "Lou Else", "phone": "+447700900999", "channel": "sms"}}, agent)

        step = "a fourth session for Dana through the start dialog, with her phone"
        driver = browser(1400, 1250)
        wait = WebDriverWait(driver, 30)
        login(driver, wait, server.base, AGENT)
        click(wait, (By.CSS_SELECTOR, "[data-test=start-session]"))
        # The name first: passing "Dana Dup" on the way, the dialog fills in her email from the
        # address book; the channel and number are then set over it.
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=name]"))).send_keys("Dana Duplessis")
        Select(driver.find_element(By.CSS_SELECTOR, "dialog select[name=channel]")).select_by_value("sms")
        contact = driver.find_element(By.CSS_SELECTOR, "dialog input[name=contact]")
        contact.clear()
        contact.send_keys("+447700900123")
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        wait.until(lambda d: "#/sessions/" in d.current_url)
        # That session knew Dana by her phone only, a second contact for now; the next gives
        # both her email and her phone, and the two become one.
        status, answer = server.call(
            "POST", "/api/v1/sessions",
            {"customer": {"name": "Dana Duplessis", "email": "dana@EXAMPLE.com", "phone": "+447700900123", "channel": "email"}}, agent)
        assert status == 201, f"session: {status} {answer}"
        dana_session = answer["id"]

        step = "the address book shows Dana once"
        click(wait, (By.LINK_TEXT, "Address book"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]")))
        rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]")]
        dana = [r for r in rows if "Dana" in r]
        assert len(dana) == 1, f"Dana's contacts: {dana}"
        assert "Dana Duplessis" in dana[0] and "+447700900123" in dana[0] and "dana@example.com" in dana[0], dana[0]
        assert len(rows) == 2, f"contacts: {rows}"
        driver.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys("900 12")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]")) == 1)
        assert "Dana Duplessis" in driver.find_element(By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]").text
        # Emptied as a person does (clear() fires no input event).
        driver.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys(Keys.CONTROL, "a", Keys.NULL, Keys.BACKSPACE)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]")) == 2)
        shot("address-book")

        step = "the agent corrects a contact and deletes another"
        click(wait, (By.CSS_SELECTOR, "button[aria-label='Edit Dana Duplessis']"))
        name = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog input[name=name]")))
        name.send_keys(Keys.CONTROL, "a", Keys.NULL, "Dana D. Duplessis")
        phone = driver.find_element(By.CSS_SELECTOR, "dialog input[name=phone]")
        phone.send_keys(Keys.CONTROL, "a", Keys.NULL, "0770")
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        # A phone that is not E.164 is refused, and its box marked.
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "dialog input[name=phone].invalid")))
        phone.send_keys(Keys.CONTROL, "a", Keys.NULL, "+44 7700 900124")
        click(wait, (By.CSS_SELECTOR, "dialog button[type=submit]"))
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "dialog")))
        wait.until(lambda d: "Dana D. Duplessis" in d.find_element(By.CSS_SELECTOR, "table.contacts tbody").text)
        click(wait, (By.CSS_SELECTOR, "button[aria-label='Delete Lou Else']"))
        click(wait, (By.CSS_SELECTOR, "[data-test=confirm-delete]"))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.contacts tbody tr[data-contact]")) == 1)
        status, book = server.call("GET", "/api/v1/contacts", token=agent)
        assert [(c["name"], c["phone"], c["email"]) for c in book["items"]] == [("Dana D. Duplessis", "+447700900124", "dana@example.com")], book

        step = "batch page: the file's columns are checked against the template"
        data = os.path.join(scratch, "consents.csv")
        with open(data, "w") as out:
            out.write(ROWS)
        click(wait, (By.LINK_TEXT, "Batch jobs"))
        Select(wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "select[name=template] option[value=consent-form]")))
               .find_element(By.XPATH, "..")).select_by_value("consent-form")
        # The columns are listed once both the template's fields and the file are in, whichever comes first.
        driver.find_element(By.CSS_SELECTOR, "input[name=data]").send_keys(data)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "select[name='map-Doctor']")))
        problems = [p.text for p in driver.find_elements(By.CSS_SELECTOR, ".problems li.reason")]
        assert any("'Doctor'" in p for p in problems) and any("'Notes'" in p for p in problems), problems
        assert not driver.find_element(By.CSS_SELECTOR, "[data-test=dry-run]").is_enabled()
        Select(driver.find_element(By.CSS_SELECTOR, "select[name='map-Doctor']")).select_by_value("clinician")
        Select(driver.find_element(By.CSS_SELECTOR, "select[name='map-Notes']")).select_by_value("")
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".problems li.reason"))

        step = "batch dry run: the bad row is red"
        click(wait, (By.CSS_SELECTOR, "[data-test=dry-run]"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.report tbody tr")))
        report = driver.find_elements(By.CSS_SELECTOR, "table.report tbody tr")
        assert [r.get_attribute("class") for r in report] == ["good", "good", "bad", "good"], [r.get_attribute("class") for r in report]
        bad = driver.find_element(By.CSS_SELECTOR, "table.report tr.bad")
        assert "appointment_date" in bad.text and "31/02/2026" in bad.text, bad.text
        red = driver.execute_script("return getComputedStyle(arguments[0].cells[0]).backgroundColor", bad)
        assert red == "rgb(253, 236, 234)", f"the bad row's background is {red}"
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-test=results]"), "a dry run writes nothing to download"
        shot("batch-dry-run")

        step = "batch run: the progress bar fills and the zip downloads"
        click(wait, (By.CSS_SELECTOR, "[data-test=run]"))
        link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-test=results]")))
        bar = driver.find_element(By.CSS_SELECTOR, ".batch-progress progress")
        assert bar.get_attribute("value") == bar.get_attribute("max") == "4", (bar.get_attribute("value"), bar.get_attribute("max"))
        request = urllib.request.Request(link.get_attribute("href"), headers={"Cookie": cookies(driver)})
        with urllib.request.urlopen(request, timeout=30) as response:
            archive = zipfile.ZipFile(io.BytesIO(response.read()))
        names = sorted(archive.namelist())
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert len(pdfs) == 3 and "report.jsonl" in names and "summary.json" in names, names
        assert all(archive.read(n).startswith(b"%PDF-") for n in pdfs)
        lines = [json.loads(line) for line in archive.read("report.jsonl").splitlines()]
        assert [line["status"] for line in sorted(lines, key=lambda line: line["row"])] == ["written", "written", "failed", "written"]
        shot("batch-done")

        step = "bulk send: a dry run first (the row without an email is red), then one session per row"
        bulk = os.path.join(scratch, "invitations.csv")
        with open(bulk, "w") as out:
            out.write("name,email,Doctor,procedure\nJo Bulk,jo@example.com,Dr Ada,Knee arthroscopy\nNo Mail,,Dr Bo,Hip replacement\n")
        click(wait, (By.CSS_SELECTOR, "input[name=kind][value=bulk]"))
        driver.find_element(By.CSS_SELECTOR, "input[name=data]").send_keys(bulk)
        Select(wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "select[name='map-Doctor']")))).select_by_value("clinician")
        assert Select(driver.find_element(By.CSS_SELECTOR, "select[name=customerEmail]")).first_selected_option.get_attribute("value") == "email"
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-test=dry-run]").is_enabled())
        # The agent holds every live stream allowed (8, some perhaps still counted for pages left
        # earlier): the job's stream is refused, and the page follows the job by asking for it.
        held = []
        for _ in range(9):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request("GET", f"/api/v1/sessions/{dana_session}/stream", headers={"Authorization": "Bearer " + agent})
            held.append(connection)
            if connection.getresponse().status == 429:
                break
        else:
            raise AssertionError("nine live streams were all let through")
        driver.get_log("browser")
        click(wait, (By.CSS_SELECTOR, "[data-test=dry-run]"))
        wait.until(lambda d: [r.get_attribute("class") for r in d.find_elements(By.CSS_SELECTOR, "table.report tbody tr")] == ["good", "bad"])
        refused = [e["message"] for e in driver.get_log("browser") if "/stream" in e["message"]]
        assert any("429" in m for m in refused), f"the job's stream was not refused: {refused}"
        for connection in held:
            connection.close()
        assert "email" in driver.find_element(By.CSS_SELECTOR, "table.report tr.bad").text
        status, found = server.call("GET", "/api/v1/sessions?q=Jo%20Bulk", token=agent)
        assert found["total"] == 0, "a dry run sends nothing"
        click(wait, (By.CSS_SELECTOR, "[data-test=run]"))
        sent = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.report tr.good a[href^='#/sessions/']")))
        status, found = server.call("GET", "/api/v1/sessions?q=Jo%20Bulk", token=agent)
        assert found["total"] == 1 and sent.get_attribute("href").endswith(found["items"][0]["id"]), (found, sent.get_attribute("href"))
        status, book = server.call("GET", "/api/v1/contacts?q=jo%40example", token=agent)
        assert [c["name"] for c in book["items"]] == ["Jo Bulk"], f"the bulk send's customer is a contact: {book}"
        shot("batch-bulk-send")

        step = "the page reads headers as the server does (quoted CSV cells, TSV, JSON Lines keys)"
        read = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            import('/js/rows-file.js').then(({ readRows }) => done([
              readRows('\\uFEFFName,"Notes, long","Say ""hi""\\nthere"\\r\\na,"b,c",d\\r\\n', 'csv'),
              readRows('a\\tb\\n1\\t2\\n3\\t4\\n', 'tsv'),
              readRows('{"a": 1}\\n\\n{"b": 2, "a": 3}\\n', 'jsonl'),
            ]), (error) => done(String(error)));
            """)
        assert read == [
            {"format": "csv", "columns": ["Name", "Notes, long", 'Say "hi"\nthere'], "rows": 1, "hasHeader": True},
            {"format": "tsv", "columns": ["a", "b"], "rows": 2, "hasHeader": True},
            {"format": "jsonl", "columns": ["a", "b"], "rows": 2, "hasHeader": False},
        ], read

        step = "an admin moves a radio option in the field editor"
        click(wait, (By.CSS_SELECTOR, "#account button.link"))
        wait.until(EC.visibility_of_element_located((By.NAME, "email")))
        login(driver, wait, server.base, ADMIN)
        driver.get(server.base + "/admin/#/templates")
        edit = "//li[.//strong[normalize-space()='Personal account opening']]//button[normalize-space()='Edit fields']"
        click(wait, (By.XPATH, edit))
        option = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".field-box[data-id=account_type][data-option='0']")))
        page = driver.find_element(By.CSS_SELECTOR, ".editor .page[data-page='1'] img")
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", page))
        status, before = server.call("GET", "/api/v1/templates/account-opening", token=admin)
        radio = next(f for f in before["fields"] if f["id"] == "account_type")
        px_per_point = page.size["width"] / before["pages"][0]["width"]
        # Grab the option by its top-left quarter (the corner opposite its resize handle) and
        # move it 50 px right, 30 px down.
        ActionChains(driver).move_to_element_with_offset(option, -3, -3).click_and_hold().move_by_offset(25, 15).move_by_offset(25, 15).release().perform()
        moved = {k: float(driver.find_element(By.CSS_SELECTOR, f".editor-props input[name={k}]").get_attribute("value"))
                 for k in ("x", "y", "width", "height")}
        was = radio["options"][0]["rect"]
        assert abs(moved["x"] - (was["x"] + 50 / px_per_point)) <= 1 and abs(moved["y"] - (was["y"] + 30 / px_per_point)) <= 1, (moved, was)
        assert (moved["width"], moved["height"]) == (was["width"], was["height"]), (moved, was)
        # The arrow keys move the option a point at a time, as they move a field.
        driver.find_element(By.CSS_SELECTOR, ".field-box.selected[data-option='0']").send_keys(Keys.ARROW_RIGHT)
        moved["x"] = float(driver.find_element(By.CSS_SELECTOR, ".editor-props input[name=x]").get_attribute("value"))
        assert driver.find_element(By.CSS_SELECTOR, ".editor-props input[name=id]").get_attribute("value") == "account_type"
        click(wait, (By.CSS_SELECTOR, "[data-test=add-option]"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".field-box[data-id=account_type][data-option='3']")))
        shot("field-editor-radio")
        # A new group from the toolbar (Enter adds it on page 1) comes with two options; Delete
        # on an option's box removes that option only.
        driver.find_element(By.CSS_SELECTOR, ".toolbar [data-kind=radio]").send_keys(Keys.ENTER)
        second = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".field-box[data-id=radio_1][data-option='1']")))
        second.click()
        driver.find_element(By.CSS_SELECTOR, ".field-box.selected[data-id=radio_1][data-option='1']").send_keys(Keys.DELETE)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".field-box[data-id=radio_1]")) == 1)
        click(wait, (By.CSS_SELECTOR, "[data-test=editor-save]"))
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".overlay")))

        step = "the saved template has the option where the editor put it"
        status, after = server.call("GET", "/api/v1/templates/account-opening", token=admin)
        assert status == 200 and after["version"] == before["version"] + 1, (status, after.get("version"))
        saved = next(f for f in after["fields"] if f["id"] == "account_type")
        assert saved["label"] == radio["label"] and saved["page"] == radio["page"] and saved["role"] == radio["role"], saved
        rect = saved["options"][0]["rect"]
        assert all(abs(rect[k] - moved[k]) < 0.05 for k in moved), (rect, moved)
        assert [o["rect"] for o in saved["options"][1:3]] == [o["rect"] for o in radio["options"][1:3]], saved["options"]
        assert len(saved["options"]) == 4 and saved["options"][3]["value"] == "option_4", saved["options"]
        added = next(f for f in after["fields"] if f["id"] == "radio_1")
        assert added["kind"] == "radio" and [o["value"] for o in added["options"]] == ["yes"] and added["options"][0]["rect"], added
        print(f"pages flow: passed in {time.time() - started:.1f} s (radio option moved to {rect}); screenshots in {shots}")
        return 0
    except Exception as error:
        print(f"pages flow: FAILED at '{step}': {error!r}", file=sys.stderr)
        if driver:
            shot("failure-pages")
            for entry in driver.get_log("browser"):
                print(f"  console: {entry['message']}", file=sys.stderr)
        print(open(os.path.join(scratch, "server.log")).read()[-4000:], file=sys.stderr)
        print(f"screenshots in {shots}; data, server log and templates in {scratch}", file=sys.stderr)
        failed = True
        return 1
    finally:
        if driver:
            driver.quit()
        server.stop()
        if not failed and not os.environ.get("SIGNET_KEEP"):
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
