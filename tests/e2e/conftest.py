"""Fixtures of the browser tests: the viewer on the bundled document's store, and a headless Chromium.

Each test module gets its own server and browser (module scope), so modules do not share state.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from browser import ROOT, chromium, missing, streamlit_server


@pytest.fixture(scope="module")
def url(bundled_store: Path):
    if missing() is not None:
        pytest.skip(f"no browser test: {missing()}")
    with streamlit_server(ROOT / "app.py", "--store", str(bundled_store)) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    if missing() is not None:
        pytest.skip(f"no browser test: {missing()}")
    with chromium() as driver:
        yield driver
