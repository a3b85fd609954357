"""The console side of `policykg add` and `build`: a progress bar, a line per document, warnings.

The work itself is `graph.add`; this module says how it goes. Documents stream, so the bar
cannot know how many are left: it shows documents and tokens per second instead. For example
`add_files(None, (Path("policies/"),), force=False, processes=2)`.
"""
from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from extract.read import shown, source_id
from graph import GraphError
from graph.store import open_store, store_path

if TYPE_CHECKING:  # the readers are loaded only by the commands that read documents
    from extract.ingest import LoadedText


def add_files(store_dir: Path | None, files: tuple[Path, ...], force: bool, processes: int) -> None:
    """Stream every document under `files` into the store, with a progress bar and one line per document."""
    from graph.add import add_documents, check_named_files

    check_named_files(files)  # a bad FILE stops the run here, with the store untouched
    store = open_store(store_dir)  # before extracting: a store held by another process fails at once
    tally = _Tally()

    def warn(message: str) -> None:
        tally.skipped += 1
        _say(f"policykg: warning: {message}", err=True)

    def unchanged(document: LoadedText) -> None:
        tally.unchanged += 1
        _say(f"{source_id(document.source_name)}: unchanged, skipped")

    try:
        added = add_documents(store, files, warn=warn, unchanged=unchanged, force=force, processes=processes)
        # Off a terminal (a log, a pipe) the bar would only print its label; the per-document lines say enough.
        bar = click.progressbar(added, label="Extracting", file=sys.stderr, item_show_func=tally.rates)
        with contextlib.closing(added), bar if sys.stderr.isatty() else contextlib.nullcontext(added) as progress:
            for document in progress:
                tally.count(document.tokens)
                extraction = document.extraction
                for skipped in extraction.skipped:
                    _say(f"policykg: warning: {skipped}", err=True)
                for warning in extraction.warnings:
                    _say(f"policykg: warning: {extraction.source_id}: {warning}", err=True)
                _say(f"{extraction.source_id}: {len(extraction.duties)} duties, {len(extraction.goals)} goals, "
                     f"{len(extraction.actors)} actors, {len(extraction.mechanisms)} mechanisms")
                if document.orphaned:
                    _say(f"policykg: warning: {extraction.source_id}: {document.orphaned} reviewers' corrections no longer "
                         "anchor in its text; `policykg review list --orphaned` lists them", err=True)
    finally:
        del store  # close it now, not when a traceback that holds this frame goes (a failure in-process)
    if not tally.documents and not tally.unchanged:
        where = ", ".join(shown(path) for path in files)
        if tally.skipped:
            raise GraphError(f"no document in {where} could be read ({tally.skipped} skipped); "
                             "fix or remove the files the warnings above name")
        raise GraphError(f"found no .txt, .pdf, .html or .docx file in {where}; give files or folders that hold some")
    click.echo(f"store: {store_path(store_dir)}")


class _Tally:
    """What an add run did so far, and its pace for the progress bar."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.documents = self.tokens = self.skipped = self.unchanged = 0

    def count(self, tokens: int) -> None:
        self.documents += 1
        self.tokens += tokens

    def rates(self, _current: object) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        return f"{self.documents} docs, {self.documents / seconds:.2f} docs/s, {self.tokens / seconds:,.0f} tokens/s"


def _say(message: str, err: bool = False) -> None:
    """One line, first clearing the progress bar's line on a terminal so the two do not run together."""
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    click.echo(message, err=err)
