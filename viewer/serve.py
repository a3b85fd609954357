"""The viewer's server process: `streamlit run`, with the first page's code imported before it starts.

`streamlit run app.py` imports the modules a page needs during that page's first script run, that
is while the first reader waits: for the Obligations page (the default one) `graph.views`, the
store, the review machinery and the viewer's own helpers, about a third of the first render's time
beyond a blank page (`benchmarks/viewer.py`). Started through this module instead
(`policykg app` does), the server imports them once, before it listens; every session then finds
them loaded. It also runs that page's reads of the store once (`viewer.state.preread`), which the
first run takes over. Pages other than the first still import what only they need when first shown.

    python -m viewer.serve app.py --server.port 8501 -- --store data/store
"""
from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

# What app.py and its default page import (the rest comes with them).
FIRST_PAGE_MODULES = ("viewer.state", "viewer.obligations")
# Streamlit gives each of its modules a logger of its own, with its own level.
_CACHE_LOGGERS = ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api")


def main() -> None:
    """Import the first page's modules and do its reads, then run `streamlit run` with this process's arguments."""
    from streamlit.web import cli as streamlit_cli

    with _quiet(_CACHE_LOGGERS):
        for module in FIRST_PAGE_MODULES:
            importlib.import_module(module)
    from viewer import obligations, state

    command = sys.argv[1:]
    sys.argv = script_argv(command)  # the viewer's switches are read from here, as in the script's own runs
    state.preread(obligations.FIRST_READS)
    sys.argv = ["streamlit", "run", *command]
    sys.exit(streamlit_cli.main())


def script_argv(command: Sequence[str]) -> list[str]:
    """The command line as `streamlit run` hands it to the script: the script, then what follows `--`.

    >>> script_argv(["app.py", "--server.port", "8501", "--", "--store", "data/store"])
    ['app.py', '--store', 'data/store']
    """
    script, *rest = command
    return [script, *rest[rest.index("--") + 1:]] if "--" in rest else [script]


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
