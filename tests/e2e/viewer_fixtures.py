"""Fixtures of the browser tests: the viewer on the bundled document's store, and a headless Chromium.

A test module imports them by name (`from viewer_fixtures import browser, url`); each module gets
its own server and browser (module scope), so modules do not share state. (Not a conftest.py:
tests import `conftest` by name for its records, and a second one would shadow it.)
"""
from __future__ import annotations

from pathlib import Path

import pytest
from browser import ROOT, chromium, missing, viewer_server


@pytest.fixture(scope="module")
def url(bundled_store: Path):
    if missing() is not None:
        pytest.skip(f"no browser test: {missing()}")
    with viewer_server("--store", str(bundled_store)) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    if missing() is not None:
        pytest.skip(f"no browser test: {missing()}")
    with chromium() as driver:
        yield driver
