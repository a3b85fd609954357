"""First full render of the viewer's Obligations page against a blank Streamlit page, in headless Chromium.

Both are measured in one run, the same way: for each try a fresh server (`streamlit run` for the
reference scripts; the viewer as `policykg app` starts it, `viewer.serve`) and a fresh browser
profile, then the time from the start of navigation to the last change of the page
once Streamlit's script run has ended (widgets whose code loads late included). The blank page is
a script holding only `st.write`; for reference, a third script shows only one `st.dataframe` of
as many rows as the register, the floor for any page with Streamlit's data grid. Prints the
median of --repeat tries of each and the viewer's ratio to the blank page (goal: <= 1.5x). The
store is the bundled document's, built into a temporary folder, unless --store names one.

    python benchmarks/viewer.py [--repeat 5] [--store PATH]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The browser helpers of the end-to-end tests.
sys.path[1:1] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

from browser import chromium, missing, streamlit_server, viewer_server, wait_until_rendered  # noqa: E402

BLANK_APP = 'import streamlit as st\n\nst.write("A blank page")\n'
TABLE_APP = """import pandas as pd
import streamlit as st

st.dataframe(pd.DataFrame({"clause": ["x" * 60] * 229, "owner": ["y" * 30] * 229}))
st.write("229 rows")
"""


def first_render(script: Path | None, args: list[str], expect: str) -> float:
    """Seconds from navigation start until a fresh server's first page is fully drawn: `streamlit run
    script`, or for no script the viewer as `policykg app` starts it."""
    server = streamlit_server(script, *args) if script is not None else viewer_server(*args)
    with server as url, chromium() as browser:
        browser.get(url)
        return wait_until_rendered(browser, timeout_s=60, text=expect)


def bundled_store(folder: Path) -> Path:
    """The bundled document extracted into a store under `folder`."""
    from extract.pipeline import extract_text
    from extract.read import bundled_document, read_text
    from graph.store import load_ontology, open_store, replace_source

    document = bundled_document()
    store = open_store(folder / "store")
    load_ontology(store)
    replace_source(store, extract_text(read_text(document), document.name))
    store.flush()
    del store
    return folder / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="a built store (default: the bundled document's)")
    args = parser.parse_args()
    if missing() is not None:
        sys.exit(f"viewer benchmark: cannot run: {missing()}")

    with tempfile.TemporaryDirectory() as folder:
        store = args.store or bundled_store(Path(folder))
        pages = {"blank Streamlit page": (_script(folder, "blank.py", BLANK_APP), [], "A blank page"),
                 "one st.dataframe page": (_script(folder, "table.py", TABLE_APP), [], "229 rows"),
                 "viewer Obligations page": (None, ["--store", str(store)], "duties")}
        seconds: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(args.repeat):  # interleaved, so a slow moment of the machine hits all alike
            for name, page in pages.items():
                seconds[name].append(first_render(*page))

    medians = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"viewer benchmark: first full render in headless Chromium, fresh server, median of {args.repeat}")
    for name, values in seconds.items():
        print(f"  {name:24} {medians[name]:6.2f} s  ({', '.join(f'{value:.2f}' for value in values)})")
    ratio = medians["viewer Obligations page"] / medians["blank Streamlit page"]
    print(f"  ratio viewer / blank     {ratio:6.2f}x  (goal <= 1.50x)")


def _script(folder: str, name: str, text: str) -> Path:
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
