"""Headless Chromium driving a real Streamlit server, for the end-to-end tests and the benchmark.

Debian's `chromium` and `chromium-driver` are used as installed (`.ci/run` installs them); no
browser or driver is ever downloaded, and the browser is told not to reach the network on its
own (no updates, sync or background requests).

    with viewer_server("--store", str(store)) as url, chromium() as browser:
        browser.get(url)
        wait_until_rendered(browser)
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.cli_app import viewer_command
from servers import ROOT, free_port, running

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")
VIEWPORT = {"width": 1500, "height": 1000, "deviceScaleFactor": 1, "mobile": False}  # as docs/*.png
# Loopback only, and no file watcher: a test's server serves one fixed copy of the code.
_LOCAL = ("--server.address", "127.0.0.1", "--server.fileWatcherType", "none")
# Streamlit marks its root element with the state of the script run; "notRunning" once a run ended.
_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The page counts as drawn once its DOM has not changed for this long.
_QUIET_MS = 300
# Keeps, on the page, the time of its last DOM change (ms since navigation start); returns [now, that].
_WATCH_CHANGES = """
if (window.__lastChange === undefined) {
  window.__lastChange = performance.now();
  new MutationObserver(() => { window.__lastChange = performance.now(); })
    .observe(document.documentElement, {subtree: true, childList: true, characterData: true});
}
return [performance.now(), window.__lastChange];
"""


def missing() -> str | None:
    """Why a browser test cannot run here, or None when it can."""
    if importlib.util.find_spec("selenium") is None:
        return "the selenium package is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.is_file():
            return f"{path} is missing (apt-get install {package})"
    return None


@contextmanager
def streamlit_server(script: str | Path, *script_args: str) -> Iterator[str]:
    """`streamlit run script -- script_args` on a free loopback port; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(port), *_LOCAL, "--browser.gatherUsageStats", "false", "--", *script_args]
    with running(command, f"http://127.0.0.1:{port}/_stcore/health"):
        yield f"http://127.0.0.1:{port}/"


@contextmanager
def viewer_server(*viewer_args: str) -> Iterator[str]:
    """The viewer started as `policykg app` starts it (`graph.cli_app.viewer_command`), on a free
    loopback port, given `viewer_args` (`--store PATH` ...); yields its URL."""
    port = free_port()
    with running(viewer_command(ROOT / "app.py", port, list(viewer_args), _LOCAL),
                 f"http://127.0.0.1:{port}/_stcore/health"):
        yield f"http://127.0.0.1:{port}/"


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium with a fresh profile, closed (and the profile removed) at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="policykg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", VIEWPORT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_until_rendered(driver: Any, timeout_s: float = 30.0, text: str | None = None) -> float:
    """Wait until the script run has ended, `text` (if given) shows in the main area, and the page
    has stopped changing (Streamlit loads some widgets' code only when first shown); returns when
    it last changed, in seconds since the navigation started."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def rendered(driver: Any) -> float | None:
        now, changed = driver.execute_script(_WATCH_CHANGES)
        if now - changed < _QUIET_MS or not driver.find_elements(By.CSS_SELECTOR, _IDLE):
            return None
        main = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"]')
        return changed / 1000 if main and (text is None or text in main[0].text) else None

    return WebDriverWait(driver, timeout_s, poll_frequency=0.05,
                         ignored_exceptions=(StaleElementReferenceException,)).until(rendered)


__all__ = ["ROOT", "chromium", "missing", "streamlit_server", "viewer_server", "wait_until_rendered"]
