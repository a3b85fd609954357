"""The console side of `policykg add`, `build` and `export-quads`: the engine options, a progress line, a line per document.

The work itself is `graph.add` and `graph.bulk`; this module says how it goes. On a terminal a
progress line (`graph.progress_line`) shows the documents done and, when extraction runs in this
process, the clauses read of the current one; each document also gets its one line on stdout,
as it does off a terminal. For example
`add_files(None, (Path("policies/"),), force=False, engine=EngineChoice(processes=2))`.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from extract.read import shown
from graph import GraphError
from graph.progress_line import ProgressLine
from graph.store import open_store, store_path
from graph.tasks import ExtractedDocument


@dataclass(frozen=True)
class EngineChoice:
    """Where the per-document tasks run, as the options chose (`graph.engines.open_engine`)."""

    processes: int = 1
    workers: int | None = None
    cluster: str | None = None

    def open(self, progress: Callable[[str, int, int], None] | None = None) -> contextlib.closing[Any]:
        """The engine; `progress` hears of each clause parsed where extraction runs in this process."""
        from graph.engines import open_engine

        return open_engine(self.processes, self.workers, self.cluster, progress=progress)


_ENGINE_OPTIONS = (
    click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
                 help="Extract in this many local processes, one document each at a time."),
    click.option("--workers", type=click.IntRange(min=1),
                 help="Extract on a local Dask cluster of this many worker processes, started for this run."),
    click.option("--cluster", metavar="tcp://HOST:8786",
                 help="Extract on the workers of the Dask scheduler at this address (see README, Scaling out)."),
)


def engine_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --processes, --workers and --cluster to a command, which gets them as one `engine` argument."""
    @functools.wraps(command)
    def with_engine(*args: Any, processes: int, workers: int | None, cluster: str | None, **kwargs: Any) -> None:
        command(*args, engine=EngineChoice(processes, workers, cluster), **kwargs)

    for option in reversed(_ENGINE_OPTIONS):
        with_engine = option(with_engine)
    return with_engine


def add_files(store_dir: Path | None, files: tuple[Path, ...], force: bool, engine: EngineChoice) -> None:
    """Stream every document under `files` into the store, with a progress line and one line per document."""
    from graph.add import add_documents, check_named_files

    check_named_files(files)  # a bad FILE stops the run here, with the store untouched
    store = open_store(store_dir)  # before extracting: a store held by another process fails at once
    tally = _Tally()

    def unchanged(source_id: str) -> None:
        tally.unchanged += 1
        tally.say(f"{source_id}: unchanged, skipped")

    try:
        with engine.open(progress=tally.line.clause_read) as running:
            added = add_documents(store, files, warn=tally.warn, unchanged=unchanged, force=force, engine=running)
            _follow(added, tally, lambda document: (f"{document.source_id}: {document.duties} duties, "
                                                     f"{document.goals} goals, {document.actors} actors, "
                                                     f"{document.mechanisms} mechanisms"))
    finally:
        tally.line.finish()
        del store  # close it now, not when a traceback that holds this frame goes (a failure in-process)
    tally.check_found(files)
    click.echo(f"store: {store_path(store_dir)}")


def export_quad_files(files: tuple[Path, ...], out: Path, engine: EngineChoice) -> None:
    """Write one N-Quads file per document under `files` into `out`, with the same progress and lines as `add`."""
    from graph.add import check_named_files
    from graph.bulk import export_quads, quads_file

    check_named_files(files)
    tally = _Tally()
    try:
        with engine.open(progress=tally.line.clause_read) as running:
            _follow(export_quads(files, out, running, warn=tally.warn), tally,
                    lambda document: f"{document.source_id}: {document.triples} quads -> "
                                     f"{quads_file(out, document.source_id)}")
    finally:
        tally.line.finish()
    tally.check_found(files)


def _follow(documents: Iterator[ExtractedDocument], tally: _Tally,
            line: Callable[[ExtractedDocument], str]) -> None:
    """Count and print each document as it finishes, under the progress line on a terminal."""
    tally.line.draw(force=True)
    with contextlib.closing(documents):
        for document in documents:
            tally.documents += 1
            tally.line.document_done(document.tokens)
            for skipped in document.skipped:
                tally.say(f"policykg: warning: {skipped}", err=True)
            tally.say(line(document))


class _Tally:
    """What a run did so far (documents written, files skipped or unchanged), and its progress line."""

    def __init__(self) -> None:
        self.documents = self.skipped = self.unchanged = 0
        self.line = ProgressLine()

    def say(self, message: str, err: bool = False) -> None:
        """One line in place of the progress line, which the next draw puts back below it."""
        self.line.clear()
        click.echo(message, err=err)
        self.line.draw(force=True)

    def warn(self, message: str) -> None:
        self.skipped += 1
        self.say(f"policykg: warning: {message}", err=True)

    def check_found(self, files: Iterable[Path]) -> None:
        """Fail when the run found nothing to work on: no readable document under `files`."""
        if self.documents or self.unchanged:
            return
        where = ", ".join(shown(path) for path in files)
        if self.skipped:
            raise GraphError(f"no document in {where} could be read ({self.skipped} skipped); "
                             "fix or remove the files the warnings above name")
        raise GraphError(f"found no .txt, .pdf, .html or .docx file in {where}; give files or folders that hold some")
