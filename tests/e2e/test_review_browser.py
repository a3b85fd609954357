"""The review loop in headless Chromium: a reviewer changes a duty's owner, merges two actors, marks a
duty not a duty and adds a missed one by selecting its words; each shows in the register, in a SPARQL
query and in the export, and survives `add --force` of the same file and of an edited one (the
correction that lost its text listed as orphaned). A `--read-only` viewer shows no controls.
Skipped, with the reason, where Chromium, its driver or selenium is missing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser import ROOT, missing

if missing() is not None:
    pytest.skip(f"no browser test: {missing()}", allow_module_level=True)

from browser import chromium, viewer_server, wait_until_rendered  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTIFACTS = Path(os.environ.get("POLICYKG_SCREENSHOTS", ROOT / "tests" / "artifacts"))
POLICYKG = [sys.executable, "-c", "from graph.cli import main; main()"]
SOURCE = "guidance"
TEXT = """Guidance on Shared Records

1. The Records Board shall keep every register up to date.
2. The Archive Office shall publish an annual report.
3. Staff should attend the yearly training.
4. Sharing registers with the Archive Office is expected of every agency.
"""
MISSED = "Sharing registers with the Archive Office"
REVIEWER = "Erin Reviewer"


def policykg(store: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*POLICYKG, "--store", str(store), *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    (folder / f"{SOURCE}.txt").write_text(TEXT, encoding="utf-8")
    policykg(folder / "store", "add", str(folder / f"{SOURCE}.txt"))
    return folder / f"{SOURCE}.txt", folder / "store"


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def duties(store: Path, out: Path, *options: str) -> dict[str, dict]:
    """The exported duties by action."""
    policykg(store, "export", "duties", "--format", "json", "--out", str(out), *options)
    return {row["action"]: row for row in json.loads(out.read_text(encoding="utf-8"))}


def sparql(store: Path, query: str) -> list[dict]:
    return json.loads(policykg(store, "query", query, "--format", "json").stdout)


def _wait(browser, condition, timeout_s: float = 30.0):
    return WebDriverWait(browser, timeout_s, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def _body(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def _open(browser, url: str, path: str, expect: str) -> None:
    browser.get(url + path)
    wait_until_rendered(browser, 40, text=expect)


def _labelled(browser, test_id: str, label: str):
    """The first element of a Streamlit widget kind whose text holds `label`, once there is one."""
    return _wait(browser, lambda b: next((e for e in b.find_elements(By.CSS_SELECTOR, f'[data-testid="{test_id}"]')
                                          if label in e.text), None))


def _switch_on(browser, title: str) -> None:
    """Turn on a switch (st.toggle) by its label, then wait for what it draws."""
    switch = _labelled(browser, "stCheckbox", title)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", switch)
    switch.click()
    wait_until_rendered(browser, 40)


def _button(browser, label: str):
    button = _wait(browser, lambda b: b.find_element(By.XPATH, f"//button[.//p[text()={json.dumps(label)}]]"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    return button


def _done(browser, said: str) -> None:
    _wait(browser, lambda b: said in _body(b))
    wait_until_rendered(browser, 40)


def test_the_review_loop_in_the_browser(browser, document, tmp_path):
    text_file, store = document
    before = duties(store, tmp_path / "before.json")
    with viewer_server("--store", str(store), "--reviewer", REVIEWER) as url:
        # a duty's owner
        _open(browser, url, f"?source={SOURCE}&id={before['attend']['id']}", "Duty in context")
        _switch_on(browser, "Correct this duty")
        _labelled(browser, "stTextInput", "New owner's name").find_element(By.TAG_NAME, "input").send_keys("Training Unit")
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "review.png"))
        _button(browser, "Save corrections").click()
        _done(browser, "Corrected the duty")
        # not a duty
        _open(browser, url, f"?source={SOURCE}&id={before['keep up']['id']}", "Duty in context")
        _switch_on(browser, "Correct this duty")
        _button(browser, "Not a duty").click()
        _done(browser, "Marked not a duty")
        # two actors merged
        _open(browser, url, f"actor?source={SOURCE}&id=archive-office", "Duties owned")
        _switch_on(browser, "Correct this actor")
        _labelled(browser, "stSelectbox", "Merge into").click()
        browser.switch_to.active_element.send_keys("Records Board", Keys.ENTER)
        _wait(browser, lambda b: _button(b, "Merge").is_enabled())
        _button(browser, "Merge").click()
        _done(browser, "Merged into Records Board")
        # a missed duty, by selecting its words in the text
        _open(browser, url, "document", "Add a duty the extractor missed")
        start = TEXT.index(MISSED)
        frame = _wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, "iframe[title*='span_picker']"))
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", frame)
        browser.switch_to.frame(frame)
        try:
            _wait(browser, lambda b: b.find_element(By.ID, "text").get_attribute("textContent") == TEXT)
            browser.execute_script("""const node = document.getElementById('text').firstChild;
                const range = document.createRange(); range.setStart(node, arguments[0]); range.setEnd(node, arguments[1]);
                const chosen = window.getSelection(); chosen.removeAllRanges(); chosen.addRange(range);""",
                                   start, start + len(MISSED))
            _wait(browser, lambda b: b.find_element(By.ID, "use").is_enabled())
            browser.find_element(By.ID, "use").click()
        finally:
            browser.switch_to.default_content()
        _wait(browser, lambda b: f"Selected, characters {start}–{start + len(MISSED)}" in _body(b))
        action = _labelled(browser, "stTextInput", "Action").find_element(By.TAG_NAME, "input")
        assert action.get_attribute("value") == "sharing"  # the first word, for the reviewer to correct
        action.send_keys(Keys.CONTROL, "a")
        action.send_keys("share")
        _button(browser, "Add this duty").click()
        _done(browser, "Added a missed duty")

        # the register
        _open(browser, url, "", "Duty in context")
        register = _body(browser)
        assert f"{len(before)} of {len(before)} duties" in register  # one taken out, one added
        assert "Training Unit" in register and MISSED in register
        assert "keep every register up to date" not in register

        reviewed = assert_reviewed(store, tmp_path / "reviewed.json")
        policykg(store, "add", "--force", str(text_file))  # the same file, extracted again
        assert duties(store, tmp_path / "again.json") == reviewed
        _open(browser, url, "", "Duty in context")
        assert "Training Unit" in _body(browser)

        edited = TEXT.replace("1. The Records Board shall keep every register up to date.",
                              "1. Agencies shall cooperate.\n2. The Records Board shall keep registers.") \
            .replace("2. The Archive", "3. The Archive").replace("3. Staff", "4. Staff").replace("4. Sharing", "5. Sharing")
        text_file.write_text(edited, encoding="utf-8")
        said = policykg(store, "add", str(text_file)).stderr
        assert "1 reviewers' corrections no longer anchor" in said
        after = duties(store, tmp_path / "edited.json")
        assert after["attend"]["actor"] == "Training Unit" and after["publish"]["actor"] == "Records Board"
        assert after["share"]["found_by"] == "reviewer" and after["share"]["start"] == edited.index(MISSED)
        assert "keep" in after  # its rejection was made on words the text no longer has
        orphaned = policykg(store, "review", "list", "--orphaned").stdout
        assert "not a duty" in orphaned and "ORPHANED" in orphaned and "owner" not in orphaned


def assert_reviewed(store: Path, out: Path) -> dict[str, dict]:
    """The four corrections in the export and in SPARQL (reviewed view), and not in the machine's view."""
    reviewed = duties(store, out)
    extracted = duties(store, out.with_suffix(".extracted.json"), "--as-extracted")
    assert reviewed["attend"]["actor"] == "Training Unit" and reviewed["attend"]["reviewed"] is True
    assert reviewed["publish"]["actor"] == "Records Board"
    assert "keep up" not in reviewed and "keep up" in extracted
    assert (reviewed["share"]["text"], reviewed["share"]["found_by"]) == (MISSED, "reviewer")
    assert extracted["attend"]["actor"] is None and "share" not in extracted
    rows = sparql(store, """SELECT ?action ?owner ?who WHERE { ?duty a pkg:Duty ; pkg:action ?action ;
        pkg:correctedBy/prov:wasAttributedTo/rdfs:label ?who . OPTIONAL { ?duty pkg:owner/skos:prefLabel ?owner } }""")
    assert {(row["action"], row["owner"], row["who"]) for row in rows} >= {
        ("attend", "Training Unit", REVIEWER), ("share", None, REVIEWER)}
    actors = sparql(store, "SELECT ?label WHERE { ?a a pkg:Actor ; skos:prefLabel ?label }")
    assert "Archive Office" not in {row["label"] for row in actors}
    return reviewed


def test_a_read_only_viewer_shows_no_correction_controls(browser, document):
    _, store = document
    with viewer_server("--store", str(store), "--read-only") as url:
        _open(browser, url, "", "Duty in context")
        assert "Correct this duty" not in _body(browser)
        _open(browser, url, "document", "Highlighted")
        assert "Add a duty the extractor missed" not in _body(browser)
