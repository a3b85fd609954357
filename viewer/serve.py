"""The viewer's server process: `streamlit run`, with the first page's code imported before it starts.

`streamlit run app.py` imports the modules a page needs during that page's first script run, that
is while the first reader waits: for the Obligations page (the default one) `graph.views`, the
store, the review machinery and the viewer's own helpers, about a third of the first render's time
beyond a blank page (`benchmarks/viewer.py`). Started through this module instead
(`policykg app` does), the server imports them once, before it listens; every session then finds
them loaded. Pages other than the first still import what only they need when first shown.

It also runs the first page's reads once on the store, and drops what they return: the first
read of a process fills process-wide caches (the ontology's rule families, the store's files in
the system's cache) that the first reader would otherwise wait for. And it lets `inspect` index
the loaded modules' files, which Streamlit's first drawn element makes it do (it looks at the
call stack to warn about scripts not started with `streamlit run`).

    python -m viewer.serve app.py --server.port 8501 -- --store data/store
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# What app.py and its default page import (the rest comes with them).
FIRST_PAGE_MODULES = ("viewer.state", "viewer.obligations")
# Streamlit gives each of its modules a logger of its own, with its own level.
_CACHE_LOGGERS = ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api")


def main() -> None:
    """Import the first page's modules, then run `streamlit run` with this process's arguments."""
    from streamlit.web import cli as streamlit_cli

    with _quiet(_CACHE_LOGGERS):
        for module in FIRST_PAGE_MODULES:
            importlib.import_module(module)
    _read_first_page(_viewer_args(sys.argv[1:]))
    inspect.getmodule(inspect.currentframe())  # a frame has no __module__: this indexes every module's file
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(streamlit_cli.main())


def _viewer_args(arguments: list[str]) -> list[str]:
    """What follows `--` on the command line: the viewer's own switches (`--store PATH` ...)."""
    return arguments[arguments.index("--") + 1:] if "--" in arguments else []


def _read_first_page(viewer_args: list[str]) -> None:
    """The Obligations page's reads, on the store the viewer will read; any failure is left for the page to show."""
    from graph import views
    from graph.corpus import open_for_reading
    from graph.reviewed import reviewed_view
    from graph.store import store_path

    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--store", type=Path)
    try:
        store = reviewed_view(open_for_reading(store_path(parser.parse_known_args(viewer_args)[0].store)))
        for read in (views.counts, views.duty_register, views.actors, views.mechanisms):
            read(store)
    except Exception:  # noqa: BLE001 - only a warm-up: the page says what is wrong with the store
        pass


@contextmanager
def _quiet(logger_names: Sequence[str]) -> Iterator[None]:
    """Silence these loggers for a moment: a `st.cache_data` decorator run before the server exists warns
    that it checked its parameters against an in-memory cache, which is harmless (each cache itself
    is made in the server's runtime, when first called) but would greet every start with warnings."""
    loggers = {logging.getLogger(name): logging.getLogger(name).level for name in logger_names}
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in loggers.items():
            logger.setLevel(level)


if __name__ == "__main__":
    main()
