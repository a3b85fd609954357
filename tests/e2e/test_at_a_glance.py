"""The viewer in headless Chromium as a new user meets it: a register of ten rows or more on a
1500×1000 window with short owners (full on hover), a labelled graph without stray nodes, emphasis
shown as emphasis, goals without a year said so, no Deploy button wherever `policykg app` is
started, and "Add a document" reading a PDF."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from browser import ROOT, missing

if missing() is not None:
    pytest.skip(f"no browser test: {missing()}", allow_module_level=True)

from browser import VIEWPORT, viewer_server, wait_until_rendered  # noqa: E402
from pdfs import make_pdf  # noqa: E402
from pyoxigraph import Store  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from servers import free_port, running  # noqa: E402
from test_browser import _graph_positions, _open, _wait  # noqa: E402
from viewer_fixtures import browser, url  # noqa: E402, F401 (fixtures)

from graph import views  # noqa: E402

_ROWS = '[data-testid="stHtml"] table tbody tr'
_DEPLOY = '[data-testid="stAppDeployButton"]'
POLICYKG = Path(sys.executable).parent / "policykg"


def test_the_register_shows_ten_rows_with_short_owners_full_on_hover(browser, url):
    _open(browser, url, "", "duties")
    rows = browser.find_elements(By.CSS_SELECTOR, _ROWS)
    assert browser.execute_script("return [window.innerWidth, window.innerHeight]") == [VIEWPORT["width"],
                                                                                         VIEWPORT["height"]]
    seen = browser.execute_script("""
        return arguments[0].filter(row => { const box = row.getBoundingClientRect();
          const frame = row.closest('.policykg-scroll').getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight && box.bottom <= frame.bottom + 1; }).length;""", rows)
    assert seen >= 10
    owner = next(row.find_element(By.CSS_SELECTOR, "td") for row in rows
                 if row.find_element(By.CSS_SELECTOR, "td").text.startswith("Addressees of the"))
    assert owner.text == "Addressees of the circular, inferred"
    assert owner.get_attribute("title").startswith("(inferred) addressees of ")


def test_the_graph_is_labelled_starts_small_and_sizes_nodes_by_duties(browser, url, bundled_store):
    _open(browser, url, "graph", "nodes")
    _graph_positions(browser)  # the layout has settled
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe[title*='st_link_analysis']"))
    try:
        nodes = browser.execute_script("""
            const cy = document.getElementById('cy')._cyreg.cy;
            return cy.nodes().map(node => ({label: node.style('label'), degree: node.degree(),
              shown: cy.zoom() * parseFloat(node.style('font-size')) >= parseFloat(node.style('min-zoomed-font-size')),
              width: node.width(), duties: node.data('duties'), kind: node.data('label'), text: node.data('text'),
              near: node.neighborhood('node').map(other => other.data('text'))}));""")
    finally:
        browser.switch_to.default_content()
    assert nodes and all(node["label"] and node["shown"] for node in nodes)  # every caption is drawn
    assert all(node["degree"] > 0 for node in nodes)  # no row of isolated nodes
    busiest_ten = list(dict.fromkeys(actor["label"] for actor in views.actors(Store.read_only(str(bundled_store)))))[:10]
    actors = [node for node in nodes if node["kind"] == "actor"]
    assert {node["text"] for node in actors} & set(busiest_ten)
    # Every actor drawn is one of the ten, or one link from one (a unit, a parent).
    assert all(node["text"] in busiest_ten or set(node["near"]) & set(busiest_ten) for node in actors)
    busiest = max(nodes, key=lambda node: node["duties"])
    assert busiest["label"] == "Addressees of the circular"
    assert busiest["width"] == max(node["width"] for node in nodes) > min(node["width"] for node in nodes)


def test_emphasis_shows_as_emphasis_and_its_marks_are_hidden(browser, url):
    _open(browser, url, "document", "Highlighted")
    text = browser.find_element(By.XPATH, "//div[contains(@style, 'pre-wrap')]")
    emphasised = text.find_elements(By.TAG_NAME, "em")
    assert any(element.text.startswith("Opinions on Strengthening") for element in emphasised)
    shown = text.get_attribute("innerText")
    assert "*Opinions" not in shown and "Opinions on Strengthening the Building" in shown
    assert "*Opinions on Strengthening" in text.get_attribute("textContent")  # the characters stay in the page


def test_a_goal_without_a_year_says_so(browser, url):
    _open(browser, url, "goals", "goals")
    # The grid draws the rows in view only: scroll through it, gathering the cells of the Year column.
    years = _wait(browser, lambda b: b.execute_script("""
        const scroller = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
        if (!scroller) return null;
        window.__years = window.__years || new Set();
        document.querySelectorAll('[data-testid="stDataFrame"] table tbody tr').forEach(
          row => window.__years.add(row.querySelectorAll('td')[0]?.textContent));
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
          window.__bottomPolls = (window.__bottomPolls || 0) + 1;  // read the last rows again while they are drawn
          return window.__bottomPolls >= 10 ? [...window.__years] : null;
        }
        scroller.scrollTop += scroller.clientHeight / 3;
        return null;"""))
    assert "no year stated" in years and "2015" in years


def _deploy_button_shown(browser, address: str, expect: str) -> bool:
    browser.get(address)
    wait_until_rendered(browser, timeout_s=60, text=expect)
    time.sleep(0.5)  # the toolbar draws after the page
    return bool(browser.find_elements(By.CSS_SELECTOR, _DEPLOY))


def test_policykg_app_hides_the_deploy_button_wherever_it_is_started(browser, bundled_store, tmp_path):
    blank = tmp_path / "blank.py"
    blank.write_text('import streamlit as st\n\nst.write("A blank page")\n', encoding="utf-8")
    port = free_port()
    plain = [sys.executable, "-m", "streamlit", "run", str(blank), "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    # Streamlit reads .streamlit/config.toml from where it starts: from here, none.
    with running(plain, f"http://127.0.0.1:{port}/_stcore/health", cwd=tmp_path):
        assert _deploy_button_shown(browser, f"http://127.0.0.1:{port}/", "A blank page")  # the control
    port = free_port()
    command = [str(POLICYKG), "app", "--store", str(bundled_store), "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/_stcore/health", cwd=tmp_path):
        assert not _deploy_button_shown(browser, f"http://127.0.0.1:{port}/", "duties")


def test_a_pdf_added_in_the_browser_joins_the_register(browser, tmp_path):
    pdf = tmp_path / "flood-notice.pdf"
    pdf.write_bytes(make_pdf([["Notice on Floods", "The Coastal Agency shall publish a flood map by 2029."]]))
    with viewer_server("--store", str(tmp_path / "store")) as address:
        _open(browser, address, "add_document", "Add a document")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
        button = _wait(browser, lambda b: next((button for button in b.find_elements(
            By.XPATH, "//button[.//p[text()='Extract and add']]") if button.is_displayed()), None))
        button.click()
        _wait(browser, lambda b: "Added flood-notice" in b.find_element(By.TAG_NAME, "body").text, timeout_s=120)
        _open(browser, address, "", "duties")
        assert any("publish a flood map" in link.text
                   for link in browser.find_elements(By.CSS_SELECTOR, f"{_ROWS} a"))
