"""The bulk path for very large corpora: one N-Quads file per document, then Oxigraph's bulk loader.

`add` writes each document in its own transaction, which keeps the store consistent at every
moment but costs a transaction per document. A first build of a large corpus need not pay that:
`export_quads` writes each document's source graph (built on the workers, exactly the quads `add`
writes) to `DIR/{source id}.nq`, and `load_quads` bulk-loads a folder of them, plus the ontology
as `add` writes it, into the store. The result is the same graph as `add`, quad for quad. The bulk
loader is not transactional: a `load` that is interrupted leaves the documents it reached, and
running it again replaces their graphs. For example

    for document in export_quads([Path("corpus/")], Path("quads/"), engine, warn=print): ...
    load_quads(open_store(), quad_files(Path("quads/")))
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

from pyoxigraph import NamedNode, RdfFormat, Store, parse

from extract.read import shown
from graph import GraphError
from graph.add import extract_files, reanchor_corrections
from graph.atomic import write_file
from graph.engines import Engine
from graph.namespace import DATA
from graph.store import load_ontology
from graph.tasks import ExtractedDocument

SUFFIX = ".nq"
_READ_BUFFER = 1 << 20
# One loader more than cores: each also waits on disk (1.02M quads on 2 cores: 9 s with 2, 7-8 s with 3 or 4).
_LOADERS = (os.cpu_count() or 1) + 1


def export_quads(paths: Sequence[Path], out: Path, engine: Engine, *,
                 warn: Callable[[str], None]) -> Iterator[ExtractedDocument]:
    """Extract every document under `paths` and write its graph to `out/{source id}.nq`, yielding each when written."""
    if out.exists() and not out.is_dir():
        raise GraphError(f"--out {shown(out)} is a file; give a folder to write the .nq files into")
    for document in extract_files(paths, engine, warn=warn):
        write_file(quads_file(out, document.source_id), document.nquads())
        yield document


def quads_file(folder: Path, source_id: str) -> Path:
    """Where `export_quads` writes a document's graph."""
    return folder / f"{source_id}{SUFFIX}"


def quad_files(folder: Path) -> list[Path]:
    """The .nq files of `folder`, by name; an error if there are none, before any store is opened."""
    if not folder.is_dir():
        raise GraphError(f"{shown(folder)} is not a folder; give the --out folder of `policykg export-quads`")
    files = sorted(path for path in folder.iterdir() if path.suffix == SUFFIX and path.is_file())
    if not files:
        raise GraphError(f"{shown(folder)} holds no {SUFFIX} files; write them with "
                         f"`policykg export-quads FOLDER --out {shown(folder)}`")
    return files


def load_quads(store: Store, files: list[Path]) -> dict[str, int]:
    """Bulk-load document graphs from .nq files (`quad_files`), and the ontology, into the store.

    A document graph the store holds already is removed first, so loading a folder again gives the
    same store rather than duplicates, and its reviewers' corrections move to where their text is
    now, as `add` moves them; returns the count of those that no longer anchor, by source id.

    Oxigraph's bulk loader parses its input on one thread and sorts and writes each million quads
    it has parsed on another, so one stream of a million quads keeps one core busy (16-18 s for
    1.02M quads on 2 cores); a call per file is slower still (2.4 times one stream). So the files
    go to `_LOADERS` loaders at once, each one stream of a share balanced by size: 7-8 s for the
    same quads, the loaders also overlapping their waits on disk.
    """
    load_ontology(store)
    sources = []
    for path in files:
        graph = _graph_of(path)
        sources.append(unquote(graph.value.removeprefix(DATA)))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    with ThreadPoolExecutor(_LOADERS) as pool:  # the loader releases the GIL while it parses and writes
        loads = [pool.submit(_bulk_load, store, share) for share in _shares(files, _LOADERS)]
        for load in loads:
            load.result()
    store.flush()
    orphaned = {source: reanchor_corrections(store, source) for source in sources}
    return {source: count for source, count in orphaned.items() if count}


def _shares(files: list[Path], count: int) -> list[list[Path]]:
    """The files in at most `count` shares of about equal bytes: each file, largest first, to the lightest share."""
    sizes = {path: path.stat().st_size for path in files}
    shares: list[list[Path]] = [[] for _ in range(min(count, len(files)))]
    totals = [0] * len(shares)
    for path in sorted(files, key=sizes.__getitem__, reverse=True):
        lightest = totals.index(min(totals))
        shares[lightest].append(path)
        totals[lightest] += sizes[path]
    return shares


def _bulk_load(store: Store, files: list[Path]) -> None:
    """One bulk loader on the files as one stream; a syntax error names the file it is in."""
    stream = _Concatenated(files)
    try:
        store.bulk_load(io.BufferedReader(stream, _READ_BUFFER), format=RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise GraphError(f"{shown(stream.current)} is not valid N-Quads ({' '.join(str(error).split())}); export "
                         "it again with `policykg export-quads`, then load the folder again") from error
    finally:
        stream.close()


class _Concatenated(io.RawIOBase):
    """The files' bytes one after another, as one readable stream; `current` is the file being read."""

    def __init__(self, files: list[Path]) -> None:
        self._waiting = iter(files)
        self._open: BinaryIO | None = None
        self.current = files[0]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._open is None:
                path = next(self._waiting, None)
                if path is None:
                    return 0
                self.current, self._open = path, path.open("rb")
            count = self._open.readinto(buffer)
            if count:
                return count
            self._open.close()
            self._open = None

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        super().close()


def _graph_of(path: Path) -> NamedNode:
    """The named graph a document's .nq file fills, from its first quad."""
    try:
        first = next(iter(parse(path=str(path), format=RdfFormat.N_QUADS)), None)
    except SyntaxError as error:
        raise GraphError(f"{shown(path)} is not valid N-Quads ({' '.join(str(error).split())}); "
                         "export it again with `policykg export-quads`") from error
    if first is None or not isinstance(first.graph_name, NamedNode):
        raise GraphError(f"{shown(path)} holds no document graph; export it again with `policykg export-quads`")
    return first.graph_name
