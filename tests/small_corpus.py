"""Small invented policy documents for the engine, cluster and bulk tests, and a store's quads to compare.

Each document is a title and a few sentences built from invented bodies, actions and years, so
twenty of them differ in their actors, duties and goals while each extracts in a fraction of a
second.
"""
from __future__ import annotations

import gc
from pathlib import Path

from pyoxigraph import Store

_BODIES = ("Ministry of Water", "National Archives Board", "Office of Rail Safety", "Port Authority",
           "Bureau of Forestry")
_ACTIONS = ("set up a register of permits", "publish an annual report on audits", "train inspectors",
            "review the grant rules", "maintain a database of incidents")


def document_text(number: int) -> str:
    """The text of invented document `number`: two duties, a recommendation and a goal."""
    body, other = _BODIES[number % len(_BODIES)], _BODIES[(number + 2) % len(_BODIES)]
    action, second = _ACTIONS[number % len(_ACTIONS)], _ACTIONS[(number + 3) % len(_ACTIONS)]
    year = 2020 + number
    return (f"Notice on Public Services No. {number}\n\n"
            f"The {body} shall {action} by {year}. The {other} should {second}.\n\n"
            f"By {year + 5}, the number of trained inspectors will reach {100 + 10 * number}.\n")


def write_corpus(folder: Path, count: int) -> Path:
    """`count` invented documents as .txt files in `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"notice-{number:02d}.txt").write_text(document_text(number), encoding="utf-8")
    return folder


def sorted_quads(store_dir: Path) -> list[str]:
    """Every quad of the store on disk, as N-Quads lines, sorted; the store is closed again."""
    store = Store.read_only(str(store_dir))
    quads = sorted(str(quad) for quad in store)
    del store
    gc.collect()
    return quads


def graphs(store_dir: Path) -> dict[str, frozenset[str]]:
    """Each named graph's quads, by graph IRI."""
    found: dict[str, set[str]] = {}
    store = Store.read_only(str(store_dir))
    for quad in store:
        found.setdefault(str(quad.graph_name), set()).add(str(quad))
    del store
    gc.collect()
    return {name: frozenset(lines) for name, lines in found.items()}
