"""The first page's reads done as the viewer's server starts (`viewer.state.preread`), handed to its first run.

Each test builds its own store, so no read of it sits in Streamlit's caches from another test, and
counts the calls of the read model it pre-reads: the first page run must take the pre-read result
(no second call) unless the store was written in between.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import build_store, make_extraction
from streamlit.testing.v1 import AppTest

from graph import views
from graph.store import STORE_ENV, open_store, replace_source
from viewer import obligations, state
from viewer.serve import script_argv

APP = Path(__file__).resolve().parent.parent / "app.py"


def _counted(monkeypatch, name: str) -> list[int]:
    """Replace `graph.views.<name>` by a wrapper that records each call; returns the record."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(views, name)

    @functools.wraps(real)
    def counting(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(views, name, counting)
    return calls


def _register_size(app: AppTest) -> str:
    return next(caption.value for caption in app.caption if "duties" in caption.value)


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "store"))
    yield build_store(tmp_path / "store", make_extraction())
    state._PREREAD.clear()


def test_the_first_run_takes_the_register_read_as_the_server_started(store, monkeypatch):
    calls = _counted(monkeypatch, "duty_register")
    state.preread([views.duty_register])
    assert calls == [1]
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert _register_size(app).startswith("3 of 3 duties")
    assert calls == [1]  # handed over, not read again
    assert not state._PREREAD  # and handed over once


def test_a_store_written_after_the_preread_is_read_afresh(store, monkeypatch):
    calls = _counted(monkeypatch, "duty_register")
    state.preread([views.duty_register])
    writer = open_store(store)
    replace_source(writer, dataclasses.replace(make_extraction(), source_id="second-copy"))
    writer.flush()
    del writer
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert _register_size(app).startswith("6 of 6 duties")
    assert calls == [1, 1]


def test_a_folder_that_is_no_store_is_left_for_the_page_to_report(tmp_path, monkeypatch):
    folder = tmp_path / "not-a-store"
    folder.mkdir()
    (folder / "CURRENT").write_text("not a store\n")
    monkeypatch.setenv(STORE_ENV, str(folder))
    state.preread(obligations.FIRST_READS)  # no exception: the page says what is wrong
    assert not state._PREREAD


def test_none_of_the_first_page_reads_is_done_again_by_its_first_run(store, monkeypatch):
    calls = {read.__name__: _counted(monkeypatch, read.__name__) for read in obligations.FIRST_READS}
    state.preread([getattr(views, name) for name in calls])
    assert not AppTest.from_file(str(APP), default_timeout=30).run().exception
    assert calls == {name: [1] for name in calls}


def test_the_script_sees_only_the_arguments_after_the_double_dash():
    assert script_argv(["app.py", "--server.port", "8501", "--", "--store", "s", "--read-only"]) == \
        ["app.py", "--store", "s", "--read-only"]
    assert script_argv(["app.py", "--server.headless", "true"]) == ["app.py"]
