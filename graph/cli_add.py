"""The console side of `policykg add`, `build` and `export-quads`: the engine options, a progress bar, a line per document.

The work itself is `graph.add` and `graph.bulk`; this module says how it goes. Documents stream,
so the bar cannot know how many are left: it shows documents and tokens per second instead. For
example `add_files(None, (Path("policies/"),), force=False, engine=EngineChoice(processes=2))`.
"""
from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from extract.read import shown
from graph import GraphError
from graph.store import open_store, store_path
from graph.tasks import ExtractedDocument


@dataclass(frozen=True)
class EngineChoice:
    """Where the per-document tasks run, as the options chose (`graph.engines.open_engine`)."""

    processes: int = 1
    workers: int | None = None
    cluster: str | None = None

    def open(self) -> contextlib.closing[Any]:
        from graph.engines import open_engine

        return open_engine(self.processes, self.workers, self.cluster)


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
    """Stream every document under `files` into the store, with a progress bar and one line per document."""
    from graph.add import add_documents, check_named_files

    check_named_files(files)  # a bad FILE stops the run here, with the store untouched
    store = open_store(store_dir)  # before extracting: a store held by another process fails at once
    tally = _Tally()

    def unchanged(source_id: str) -> None:
        tally.unchanged += 1
        _say(f"{source_id}: unchanged, skipped")

    try:
        with engine.open() as running:
            added = add_documents(store, files, warn=tally.warn, unchanged=unchanged, force=force, engine=running)
            _follow(added, tally, lambda document: (f"{document.source_id}: {document.duties} duties, "
                                                     f"{document.goals} goals, {document.actors} actors, "
                                                     f"{document.mechanisms} mechanisms"))
    finally:
        del store  # close it now, not when a traceback that holds this frame goes (a failure in-process)
    tally.check_found(files)
    click.echo(f"store: {store_path(store_dir)}")


def export_quad_files(files: tuple[Path, ...], out: Path, engine: EngineChoice) -> None:
    """Write one N-Quads file per document under `files` into `out`, with the same bar and lines as `add`."""
    from graph.add import check_named_files
    from graph.bulk import export_quads, quads_file

    check_named_files(files)
    tally = _Tally()
    with engine.open() as running:
        _follow(export_quads(files, out, running, warn=tally.warn), tally,
                lambda document: f"{document.source_id}: {document.triples} quads -> {quads_file(out, document.source_id)}")
    tally.check_found(files)


def _follow(documents: Iterator[ExtractedDocument], tally: _Tally,
            line: Callable[[ExtractedDocument], str]) -> None:
    """Count and print each document as it finishes, under a progress bar on a terminal."""
    # Off a terminal (a log, a pipe) the bar would only print its label; the per-document lines say enough.
    bar = click.progressbar(documents, label="Extracting", file=sys.stderr, item_show_func=tally.rates)
    with contextlib.closing(documents), bar if sys.stderr.isatty() else contextlib.nullcontext(documents) as progress:
        for document in progress:
            tally.count(document.tokens)
            for skipped in document.skipped:
                _say(f"policykg: warning: {skipped}", err=True)
            _say(line(document))


class _Tally:
    """What a run did so far, and its pace for the progress bar."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.documents = self.tokens = self.skipped = self.unchanged = 0

    def count(self, tokens: int) -> None:
        self.documents += 1
        self.tokens += tokens

    def warn(self, message: str) -> None:
        self.skipped += 1
        _say(f"policykg: warning: {message}", err=True)

    def rates(self, _current: object) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        return f"{self.documents} docs, {self.documents / seconds:.2f} docs/s, {self.tokens / seconds:,.0f} tokens/s"

    def check_found(self, files: Iterable[Path]) -> None:
        """Fail when the run found nothing to work on: no readable document under `files`."""
        if self.documents or self.unchanged:
            return
        where = ", ".join(shown(path) for path in files)
        if self.skipped:
            raise GraphError(f"no document in {where} could be read ({self.skipped} skipped); "
                             "fix or remove the files the warnings above name")
        raise GraphError(f"found no .txt, .pdf, .html or .docx file in {where}; give files or folders that hold some")


def _say(message: str, err: bool = False) -> None:
    """One line, first clearing the progress bar's line on a terminal so the two do not run together."""
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    click.echo(message, err=err)
