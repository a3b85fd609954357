"""The viewer in headless Chromium, as a reader uses it: `streamlit run app.py` on a loopback port,
over a store of the bundled document. Every page renders (a screenshot of each is saved under
tests/artifacts/), the register filters by an actor, a duty opened from it is highlighted with
exactly the characters of the original text while the filter stays set, links lead to the owner,
a named query shows its rows, and a click on a graph node or a document highlight opens its
record. Skipped, with the reason, where Chromium, its driver or selenium is missing.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from browser import ROOT, missing

if missing() is not None:
    pytest.skip(f"no browser test: {missing()}", allow_module_level=True)

from browser import wait_until_rendered  # noqa: E402
from pyoxigraph import Store  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from viewer_fixtures import browser, url  # noqa: E402, F401 (fixtures)

from graph import views  # noqa: E402
from graph.named_queries import run_named  # noqa: E402

# Screenshots go to tests/artifacts/ (git-ignored); `make screenshots` sends them to docs/.
ARTIFACTS = Path(os.environ.get("POLICYKG_SCREENSHOTS", ROOT / "tests" / "artifacts"))
SIPO = "State Intellectual Property Office"
# URL path -> page title, every page of the navigation.
PAGES = {"": "Obligations", "overview": "Overview", "actor": "Actors", "mechanisms": "Mechanisms",
         "goals": "Goals", "graph": "Graph", "document": "Document", "sparql": "SPARQL",
         "add_document": "Add a document"}
# The register is an HTML table; each row's clause is a link that opens the duty.
_CLAUSE_LINKS = '[data-testid="stHtml"] table tbody tr a'
_PASSAGE_MARK = '[data-testid="stHtml"] mark'
_PANEL = '[data-testid="stPopoverBody"]'  # the "Search and filter" panel, once opened


@pytest.fixture(scope="module")
def register(bundled_store: Path) -> list[dict[str, Any]]:
    return views.duty_register(Store.read_only(str(bundled_store)))


@pytest.fixture(scope="module")
def text(bundled_store: Path, register: list[dict[str, Any]]) -> str:
    return views.source_text(Store.read_only(str(bundled_store)), register[0]["source"])


def _open(browser, url: str, path: str, expect: str) -> None:
    browser.get(url + path)
    wait_until_rendered(browser, text=expect)


def _wait(browser, condition, timeout_s: float = 20.0):
    """`condition(browser)` once it is true; elements replaced while the page redraws are looked up again."""
    return WebDriverWait(browser, timeout_s, poll_frequency=0.05,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def _title_element(browser):
    return browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1')


def _title(browser) -> str:
    return _title_element(browser).text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_the_browser(browser, url, path):
    _open(browser, url, path, PAGES[path])
    assert _title(browser) == PAGES[path]
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    if path == "graph":  # let the layout settle before the picture
        _graph_positions(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{path or 'obligations'}.png"))


def test_filtering_by_an_actor_and_opening_a_duty_highlights_its_original_characters(browser, url, register, text):
    _open(browser, url, "", "duties")
    browser.find_element(By.CSS_SELECTOR, '[data-testid="stPopoverButton"]').click()  # "Search and filter"
    owner = _wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, f"{_PANEL} [data-testid='stMultiSelect']"))
    assert "Owner" in owner.text
    owner.click()
    browser.switch_to.active_element.send_keys(SIPO, Keys.ENTER, Keys.ESCAPE)
    duties = [row for row in register if row["actor"] == SIPO]  # SIPO's units own none here
    count = f"{len(duties)} of {len(register)} duties"
    _wait(browser, lambda b: count in b.find_element(By.TAG_NAME, "body").text)
    _wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, _CLAUSE_LINKS)) == len(duties))
    _title_element(browser).click()  # a click outside closes the panel
    _wait(browser, lambda b: not b.find_elements(By.CSS_SELECTOR, _PANEL))

    duty = duties[1]
    clause = " ".join(duty["text"].split())  # as the table shows it, on one line
    link = browser.find_elements(By.CSS_SELECTOR, _CLAUSE_LINKS)[1]  # the second row's
    assert link.text == clause
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()  # a new page load of the duty's address, the owner filter in it
    _wait(browser, lambda b: "id=" in b.current_url)
    wait_until_rendered(browser, text="Duty in context")
    mark = browser.find_element(By.CSS_SELECTOR, _PASSAGE_MARK)
    assert mark.get_attribute("textContent") == text[duty["start"]:duty["end"]]
    sentence = mark.find_element(By.XPATH, "..")
    assert sentence.get_attribute("textContent") == text[duty["sentence_start"]:duty["sentence_end"]]
    assert count in browser.find_element(By.TAG_NAME, "body").text  # the filter outlived the page load
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="stHtml"] tr[aria-current] a').text == clause

    _wait(browser, lambda b: b.find_element(By.PARTIAL_LINK_TEXT, f"Owner: {SIPO}").click() or True)
    _wait(browser, lambda b: _title(b) == "Actors" and b.find_elements(By.CSS_SELECTOR, "h2"))
    wait_until_rendered(browser, text="Duties owned")
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h2').text == SIPO
    assert "actor?source=" in browser.current_url and "id=state-intellectual-property-office" in browser.current_url


def test_a_named_query_runs_with_its_parameter_and_shows_its_rows(browser, url, bundled_store):
    _open(browser, url, "sparql", "rows")
    picker = browser.find_element(By.CSS_SELECTOR, '[data-testid="stSelectbox"]')
    picker.click()
    browser.switch_to.active_element.send_keys("Duties of an actor", Keys.ENTER)
    expected = run_named(Store.read_only(str(bundled_store)), "duties-of-actor", {"actor": "SIPO"}).rows
    field = _wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, '[data-testid="stTextInput"] input'))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("SIPO")
    browser.find_element(By.XPATH, "//button[.//p[text()='Run']]").click()
    _wait(browser, lambda b: f"{len(expected)} row" in b.find_element(By.TAG_NAME, "body").text)
    wait_until_rendered(browser)
    # The grid may still hold the first query's rows for a moment: wait for this query's columns.
    rows = _wait(browser, lambda b: (rows := _table_rows(b)) and all("owner" in row for row in rows) and rows)
    assert {row["owner"] for row in rows} == {SIPO}
    assert [(row["owner"], row["role"]) for row in rows] == [(row["owner"], row["role"]) for row in expected]


def test_a_click_on_a_graph_node_opens_its_page(browser, url):
    _open(browser, url, "graph", "nodes")
    positions = _graph_positions(browser)
    frame = browser.find_element(By.CSS_SELECTOR, "iframe[title*='st_link_analysis']")
    browser.switch_to.frame(frame)
    try:
        node, (x, y) = next((node, point) for node, point in positions.items() if "/actor/" in node)
        _click_at(browser, browser.find_element(By.ID, "cy"), x, y)
    finally:
        browser.switch_to.default_content()
    _wait(browser, lambda b: _title(b) == "Actors")
    wait_until_rendered(browser, text="Duties owned")
    assert "actor?source=" in browser.current_url


def test_a_click_on_a_document_highlight_opens_its_record(browser, url, register, text):
    _open(browser, url, "document", "Highlighted")
    # A run of a duty's own highlight, not of a name or a shorter duty inside it (those open themselves).
    duty, link = next((row, marks[0]) for row in register if row["actor"] == SIPO
                      for marks in [browser.find_elements(By.CSS_SELECTOR, f'a mark[title="duty {row["id"]}"]')]
                      if marks)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    _wait(browser, lambda b: _title(b) == "Obligations")
    wait_until_rendered(browser, text="Duty in context")
    assert browser.find_element(By.CSS_SELECTOR, _PASSAGE_MARK).get_attribute(
        "textContent") == text[duty["start"]:duty["end"]]


def _table_rows(browser) -> list[dict[str, str]]:
    """The rows the data grid shows, read from the table it keeps for screen readers."""
    return browser.execute_script("""
        const table = document.querySelector('[data-testid="stDataFrame"] table');
        if (!table) return null;
        const names = [...table.querySelectorAll('thead th')].map(cell => cell.textContent);
        return [...table.querySelectorAll('tbody tr')].map(row => Object.fromEntries(
            [...row.querySelectorAll('td')].map((cell, index) => [names[index], cell.textContent])));
    """)


def _graph_positions(browser) -> dict[str, tuple[float, float]]:
    """Where each node of the graph is drawn, once the layout has stopped moving them."""
    browser.switch_to.frame(_wait(browser, lambda b: b.find_element(By.CSS_SELECTOR,
                                                                     "iframe[title*='st_link_analysis']")))
    read = ("const cy = document.getElementById('cy')?._cyreg?.cy;"
            "return cy && cy.nodes().length ? Object.fromEntries(cy.nodes().map("
            "node => [node.id(), [node.renderedPosition().x, node.renderedPosition().y]])) : null;")
    try:
        before = _wait(browser, lambda b: b.execute_script(read))
        while True:
            time.sleep(0.3)
            after = browser.execute_script(read)
            if after == before:
                return {node: tuple(point) for node, point in after.items()}
            before = after
    finally:
        browser.switch_to.default_content()


def _click_at(browser, element, x: float, y: float) -> None:
    """A real mouse click at (x, y) pixels from the element's top left corner."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    size = element.size
    ActionChains(browser).move_to_element_with_offset(element, x - size["width"] / 2, y - size["height"] / 2) \
        .click().perform()
