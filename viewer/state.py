"""Where the viewer's data comes from: the store, opened read-only, seen through the reviewers'
corrections (`graph.reviewed`), and cached reads of it.

The store is `--store PATH` after `--` on the Streamlit command line
(`streamlit run app.py -- --store PATH`), else `$POLICYKG_STORE`, else `./data/store`. The open
store is cached (`st.cache_resource`) and so is every read (`st.cache_data`), both keyed by the
store's on-disk version: after `policykg build` writes, the next rerun reopens and rereads.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import streamlit as st
from pyoxigraph import Store

from graph import GraphError, views
from graph.corpus import open_for_reading, store_version
from graph.reviewed import reviewed_view
from graph.store import store_path
from graph.timed_query import TimedAnswer, run_with_timeout
from viewer.markup import escape

T = TypeVar("T")
QUERY_TIMEOUT_S = 10.0
ADD_PAGE = "viewer/add_document.py"


def store_directory() -> Path:
    """The store directory named on the command line, in the environment, or the default."""
    return store_path(_store_argument()).resolve()


@functools.cache  # the command line does not change while the process runs; the environment may
def _store_argument() -> Path | None:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--store", type=Path)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.store


@functools.cache
def options() -> argparse.Namespace:
    """The viewer's switches after `--`: `--read-only` (no correction controls), `--as-extracted`
    (the machine's view, and so no controls either), `--reviewer NAME`."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--as-extracted", action="store_true")
    parser.add_argument("--reviewer")
    return parser.parse_known_args(sys.argv[1:])[0]


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(directory: str, version: str) -> Store:
    return _opened(Path(directory))


def _opened(directory: Path) -> Store:
    store = open_for_reading(directory)
    return store if options().as_extracted else reviewed_view(store)  # the reviewers' corrections applied


def view() -> Store:
    """The reviewed view of the store as the pages read it now (the one corrections are made against)."""
    directory = store_directory()
    return _open(str(directory), store_version(directory))


# Reads done as the server started (`preread`), each handed to the first page run that asks for it.
_PREREAD: dict[tuple[str, str, str, tuple[Any, ...]], Any] = {}
_NOT_PREREAD = object()


def preread(views_read_first: Iterable[Callable[[Store], Any]]) -> None:
    """Run the first page's reads now, before the server listens, so its first reader does not wait for them.

    Streamlit's caches exist only once its runtime runs, so a read made earlier cannot be put into
    them; it is kept here instead, keyed like a cached read (store version included, so a store
    written meanwhile is read afresh), and taken out by the first run that asks. For the bundled
    document the register's reads are about 0.16 s of the first render (`benchmarks/viewer.py`).
    A store that cannot be read is left for the page to report, in its own words.
    """
    directory = store_directory()
    try:
        version = store_version(directory)
        store = _opened(directory)
        for view in views_read_first:
            _PREREAD[_view_name(view), str(directory), version, ()] = view(store)
    except (GraphError, OSError, RuntimeError):
        return  # the page reads the store again, and says what is wrong with it


@st.cache_data(max_entries=256, show_spinner=False)
def _read(view: str, directory: str, version: str, args: tuple[Any, ...]) -> Any:
    ready = _PREREAD.pop((view, directory, version, args), _NOT_PREREAD)
    if ready is not _NOT_PREREAD:
        return ready
    module, name = view.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_open(directory, version), *args)


def read(view: Callable[..., T], *args: Any) -> T:
    """`view(store, *args)` for a read model of `graph` (e.g. `graph.views.counts`), cached until the store changes.

    A failure is shown as its one-line message and ends the page run.
    """
    if not view.__module__.startswith("graph."):
        raise ValueError(f"{view.__qualname__} is not a read model of graph/")
    directory = store_directory()
    try:
        return _read_current(_view_name(view), directory, args)
    except GraphError as error:
        fail(str(error))
    except (OSError, RuntimeError) as error:
        fail(f"cannot read the store at {directory}: {error}; if a build is running, reload in a moment")


def _view_name(view: Callable[..., Any]) -> str:
    return f"{view.__module__}.{view.__name__}"


def _read_current(view: str, directory: Path, args: tuple[Any, ...]) -> Any:
    try:
        return _read(view, str(directory), store_version(directory), args)
    except (OSError, RuntimeError):
        # A build compacted away files under the open snapshot: reopen, once.
        _open.clear()
        return _read(view, str(directory), store_version(directory), args)


@st.cache_data(max_entries=64, show_spinner=False)
def _query(directory: str, version: str, sparql: str, sources: tuple[str, ...], timeout_s: float) -> TimedAnswer:
    return run_with_timeout(Path(directory), sparql, timeout_s, sources=sources, reviewed=not options().as_extracted)


def query(sparql: str, sources: tuple[str, ...] = ()) -> TimedAnswer:
    """A reader's SPARQL over the store (or only `sources`), stopped after QUERY_TIMEOUT_S; cached until the store changes.

    A refused, invalid or too slow query is shown as its one-line message and ends the run.
    """
    directory = store_directory()
    try:
        return _query(str(directory), store_version(directory), sparql, sources, QUERY_TIMEOUT_S)
    except GraphError as error:
        fail(str(error))


def fail(message: str) -> NoReturn:
    """Show a one-line error and end the page run."""
    st.error(escape(" ".join(message.split())))
    st.stop()


def corpus_or_stop() -> views.Counts:
    """The store's counts; on an empty store, says how to add a document and ends the page run."""
    counts = read(views.counts)
    if counts.sources == 0:
        st.info(
            f"The store at {escape(str(store_directory()))} holds no documents yet. "
            "Add one from the command line with `policykg add FILE` (then reload this page), "
            "or upload a text, PDF, HTML or Word file on the *Add a document* page."
        )
        st.page_link(ADD_PAGE, label="Add a document", icon=":material/upload_file:")
        st.stop()
    return counts


def show_store_in_sidebar() -> None:
    """Which store the viewer reads, so two viewers on two stores are never confused."""
    st.sidebar.caption(f"Store: {escape(str(store_directory()))}")
