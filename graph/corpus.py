"""The corpus as the viewer sees it: a store opened for reading, its version, and adding a document.

The viewer only reads, and `policykg build` may write the same store at the same time, so the
viewer opens it read-only. A read-only Oxigraph store is a snapshot taken when it is opened:
`store_version` fingerprints the store directory, so a reader can reopen when a build changed
it (and never keeps reading files a compaction has deleted). For example

    store = open_for_reading(Path("data/store"))      # an empty in-memory store if none was built
    add_document(Path("data/store"), "eo.pdf", Path("eo.pdf").read_bytes())

`add_document` is the viewer's one write, and its one use of the extractor: spaCy is imported
only when a document is added, so reading the graph never loads it.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from graph import GraphError
from graph.store import load_ontology, open_store, replace_source

# RocksDB writes this file when a store is created; a directory without it holds no store.
_STORE_MARKER = "CURRENT"
_OPEN_ATTEMPTS = 5
MAX_NAME_BYTES = 200  # a file name may be 255 bytes; the source id and temporary names need the rest
_RETRY_PAUSE = 0.2  # seconds
# Told how far adding a document has come: a fraction of the work done, and the step now running.
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class AddedDocument:
    """What adding a document put in the store."""

    source_id: str
    triples: int
    duties: int
    goals: int
    actors: int
    mechanisms: int


def store_exists(directory: Path) -> bool:
    """Whether `directory` holds a built store (an empty or missing directory does not)."""
    return (directory / _STORE_MARKER).is_file()


def store_version(directory: Path) -> str:
    """A fingerprint of the store's files that changes whenever a write reaches the disk."""
    if not store_exists(directory):
        return "missing"
    digest = hashlib.sha256()
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.is_file():
                stat = entry.stat()
                digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def open_for_reading(directory: Path) -> Store:
    """The store read-only, so a build may write it meanwhile; an empty store if none was built yet.

    A writer compacting the store can delete a file between the moment a reader lists the files
    and the moment it opens them; the open is then tried again on the newer list.
    """
    if not store_exists(directory):
        return Store()
    failure: Exception | None = None
    for _ in range(_OPEN_ATTEMPTS):
        try:
            return Store.read_only(str(directory))
        except (OSError, RuntimeError) as error:
            failure = error
            time.sleep(_RETRY_PAUSE)
    raise GraphError(f"cannot read the store at {directory}: {' '.join(str(failure).split())}") from failure


def load_extractor() -> Any:
    """The language pipeline extraction runs on, loaded once per process; spaCy is imported only here."""
    from extract.nlp import load_pipeline

    return load_pipeline()


def add_document(directory: Path, name: str, data: bytes, nlp: Any = None,
                 progress: Progress | None = None) -> AddedDocument:
    """Extract a document file's bytes (text, PDF, HTML or Word) and put them in the store,
    replacing a source of the same name.

    The bytes go through `extract.ingest.load_document`, the reader `policykg add` uses, so a
    binary, mis-encoded or damaged upload is refused with the same one-line message as on the
    command line, and the file's SHA-256 is kept (a later `policykg add` of the same file skips
    it as unchanged). The store is held for writing only while the source is replaced, so
    `policykg build` can use it again right after. `nlp` is a pipeline from `load_extractor`
    (loaded here when not given); `progress` hears of each step.
    """
    from extract.ingest import load_document
    from extract.pipeline import extract_text
    from extract.read import InputError

    report = progress or (lambda fraction, step: None)
    file_name = Path(name).name
    if not file_name:
        raise GraphError("the document has no file name; give it one ending in .txt, .pdf, .html or .docx")
    if len(file_name.encode("utf-8")) > MAX_NAME_BYTES:
        raise GraphError(f"the document's name is {len(file_name.encode('utf-8'))} bytes long; "
                         f"give a name of at most {MAX_NAME_BYTES} bytes")
    report(0.05, "Reading the document")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        try:
            document = load_document(path)
        except InputError as error:
            raise GraphError(str(error).replace(str(path), file_name)) from error
    if nlp is None:
        report(0.15, "Loading the language model")
        nlp = load_extractor()
    report(0.3, "Extracting duties, actors, mechanisms and goals")
    extraction = extract_text(document.text, file_name, nlp=nlp, scars=document.scars, title=document.title)
    extraction.file_sha256 = document.sha256
    report(0.85, "Writing its graph to the store")
    store = open_store(directory)
    try:
        load_ontology(store)
        triples = replace_source(store, extraction)
        store.flush()
    finally:
        del store  # releases the write lock
    report(1.0, "Added")
    return AddedDocument(extraction.source_id, triples, len(extraction.duties), len(extraction.goals),
                         len(extraction.actors), len(extraction.mechanisms))
