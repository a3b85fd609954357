"""Which folders policykg may use as its store: ones it made, marked with a file holding a format version.

`add --store ~/Documents` must not turn a folder of the user's files into a database, nor tell
them that "another process" holds it. So the store folder carries `policykg-store.json`
(`{"format": "policykg-store", "version": 1}`), written when policykg creates the store, and:

- a missing or empty folder becomes a new store;
- a folder with the marker is a store, if its version is one this policykg reads;
- a folder without the marker that holds an Oxigraph store (RocksDB's `CURRENT` and `MANIFEST-*`
  files: a store built before the marker existed, or with pyoxigraph directly) is adopted, and
  the marker is written the first time policykg writes to it;
- any other non-empty folder is refused with one line.

    if claim_for_writing(path): store = Store(str(path)); mark(path)
"""
from __future__ import annotations

import json
from pathlib import Path

from graph import GraphError
from graph.atomic import write_file

MARKER = "policykg-store.json"
FORMAT_VERSION = 1
_FORMAT = "policykg-store"


def claim_for_writing(directory: Path) -> bool:
    """Whether `directory` may become or is a store; True when `mark` is due once Oxigraph opened it.

    Raises GraphError when the folder holds something else. The marker waits for the open, so
    a folder Oxigraph turns out not to read is left without one.
    """
    if _is_empty(directory) or (not (directory / MARKER).exists() and holds_oxigraph_store(directory)):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise GraphError(f"cannot create the store at {directory}: {error.strerror or error}; "
                             "check the path and its permissions, or use another --store") from error
        return True
    check_is_store(directory)
    return False


def mark(directory: Path) -> None:
    """Write the marker that makes the folder a policykg store."""
    write_file(directory / MARKER, json.dumps({"format": _FORMAT, "version": FORMAT_VERSION}).encode() + b"\n")


def check_is_store(directory: Path) -> None:
    """Raise GraphError unless `directory` holds a store this policykg reads (marked, or an unmarked Oxigraph store)."""
    if _is_empty(directory):
        raise GraphError(f"no store at {directory}; run `policykg build` first")
    marker = directory / MARKER
    if not marker.exists():
        if holds_oxigraph_store(directory):
            return
        raise GraphError(f"{directory} is not a policykg store: the folder holds other files and no {MARKER}; "
                         "give an empty or new folder as --store")
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
        version = content["version"] if content.get("format") == _FORMAT else None
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        version = None
    if version is None:
        raise GraphError(f"{marker} is damaged; rebuild the store in a new folder with `policykg build --store DIR`")
    if version != FORMAT_VERSION:
        raise GraphError(f"the store at {directory} has format version {version!r}, and this policykg reads version "
                         f"{FORMAT_VERSION}; rebuild it with this policykg in a new folder (`policykg build --store DIR`)")


def holds_oxigraph_store(directory: Path) -> bool:
    """Whether the folder looks like an Oxigraph (RocksDB) store: a CURRENT file and a MANIFEST."""
    return (directory / "CURRENT").is_file() and any(directory.glob("MANIFEST-*"))


def _is_empty(directory: Path) -> bool:
    """A missing folder, or one with nothing in it."""
    if not directory.exists():
        return True
    if not directory.is_dir():
        raise GraphError(f"{directory} is a file, not a store folder; give a folder as --store")
    return not any(directory.iterdir())
