"""Add files and folders to the store a document at a time: the work of `policykg add` and `build`.

A corpus can be larger than memory, so documents stream: each is read (`extract.ingest`), parsed
together with the others through one `nlp.pipe` (`extract.corpus`) and written as soon as it is
extracted, in its own transaction. A run that dies midway therefore leaves each document either
as it was or fully replaced, never half-written. Files named on the command line are read once
before anything is written, so a bad one stops the run with the store unchanged; a bad file found
inside a folder is only skipped with a warning, since one damaged download should not stop a
thousand-file build. A file whose bytes the store already holds for its source is skipped unless
forced. For example

    for added in add_documents(store, [Path("policies/")], warn=print, unchanged=print):
        print(added.extraction.source_id, added.triples)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Store

from extract.read import shown, source_id
from extract.records import Extraction
from graph import GraphError
from graph.reviewed import ORPHANED, reanchor
from graph.store import SourceInfo, list_sources, load_ontology, replace_source

if TYPE_CHECKING:  # loading the readers and spaCy is left to the commands that extract
    from extract.ingest import LoadedText

# RocksDB keeps what was written in memory (a table per index, each up to tens of MB) until it
# flushes: unflushed, 40 documents grew the process by 45 %; a flush every ~100k triples (some
# 50 ms each) keeps it flat.
_FLUSH_EVERY_TRIPLES = 100_000


@dataclass(frozen=True)
class Added:
    """A document now in the store: its records, its triple count, and the tokens parsed for it."""

    extraction: Extraction
    triples: int
    tokens: int
    orphaned: int = 0  # reviewers' corrections that no longer anchor in the new extraction


def check_named_files(paths: Sequence[Path]) -> None:
    """Read every path that is not a folder, raising the first one's InputError, before any write.

    Two named files that would be one source (`a/notice.txt`, `b/notice.pdf`) are refused too:
    the second would silently replace the first.
    """
    from extract.ingest import load_document

    named: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            continue
        load_document(path)
        earlier = named.setdefault(source_id(path.name), path)
        if earlier != path:
            raise GraphError(f"{shown(earlier)} and {shown(path)} would both be source {source_id(path.name)!r}; "
                             "rename one of the files")


def add_documents(store: Store, paths: Sequence[Path], *, warn: Callable[[str], None],
                  unchanged: Callable[[LoadedText], None], force: bool = False, batch_size: int = 256,
                  processes: int = 1, progress: Callable[[str, int, int], None] | None = None) -> Iterator[Added]:
    """Extract and write each document under `paths`, yielding each as it is written.

    `warn` hears one line per file passed over, `unchanged` of each file skipped because the
    store already holds its bytes (never, when `force`), `progress` of each clause parsed (file
    name, clauses read, clauses in all). Call `check_named_files` first.
    """
    from extract.corpus import extract_many

    stored = {source.source_id: source for source in list_sources(store)}
    documents = _to_extract(paths, stored, force, warn, unchanged)
    unflushed = 0
    for number, done in enumerate(extract_many(documents, batch_size=batch_size, n_process=processes,
                                                     progress=progress)):
        if number == 0:
            load_ontology(store)  # only once something is written: a run that adds nothing leaves all as it was
        triples = replace_source(store, done.extraction)
        orphaned = sum(1 for a in reanchor(store, done.extraction.source_id) if a.status == ORPHANED)
        unflushed += triples
        if unflushed >= _FLUSH_EVERY_TRIPLES:
            store.flush()
            unflushed = 0
        yield Added(done.extraction, triples, done.tokens, orphaned)
    store.flush()


def _to_extract(paths: Sequence[Path], stored: dict[str, SourceInfo], force: bool, warn: Callable[[str], None],
                unchanged: Callable[[LoadedText], None]) -> Iterator[LoadedText]:
    """The documents under `paths` that need extracting; the others are reported and passed over."""
    from extract.ingest import SkippedFile, iter_documents
    from extract.read import InputError

    named = {path for path in paths if not path.is_dir()}
    first_of_source: dict[str, Path] = {}
    for item in iter_documents(paths):
        if isinstance(item, SkippedFile):
            if item.path in named:  # it was readable a moment ago, in check_named_files
                raise InputError(item.reason)
            warn(item.reason)
            continue
        sid = source_id(item.source_name)
        earlier = first_of_source.setdefault(sid, item.path)
        if earlier != item.path:
            warn(f"{shown(item.path)} skipped: it would replace {shown(earlier)}, also source {sid!r}; "
                 "rename one of them")
            continue
        source = stored.get(sid)
        if not force and source is not None and (source.name, source.file_sha256) == (item.source_name, item.sha256):
            unchanged(item)
            continue
        yield item
