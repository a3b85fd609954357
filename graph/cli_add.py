"""The console side of `policykg add` and `build`: a progress line, a line per document, warnings.

The work itself is `graph.add`; this module says how it goes. On a terminal a progress line
(`graph.progress_line`) shows the documents done and the clauses read of the current one; off a
terminal each document gets its one line on stdout, as it does on a terminal too. For example
`add_files(None, (Path("policies/"),), force=False, processes=2)`.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from extract.read import shown, source_id
from graph import GraphError
from graph.progress_line import ProgressLine
from graph.store import open_store, store_path

if TYPE_CHECKING:  # the readers are loaded only by the commands that read documents
    from extract.ingest import LoadedText


def add_files(store_dir: Path | None, files: tuple[Path, ...], force: bool, processes: int) -> None:
    """Stream every document under `files` into the store, with a progress line and one line per document."""
    from graph.add import add_documents, check_named_files

    check_named_files(files)  # a bad FILE stops the run here, with the store untouched
    store = open_store(store_dir)  # before extracting: a store held by another process fails at once
    tally = _Tally()
    line = ProgressLine()

    def say(message: str, err: bool = False) -> None:
        line.clear()  # the message takes the progress line's place; the next draw puts it back below
        click.echo(message, err=err)
        line.draw(force=True)

    def warn(message: str) -> None:
        tally.skipped += 1
        say(f"policykg: warning: {message}", err=True)

    def unchanged(document: LoadedText) -> None:
        tally.unchanged += 1
        say(f"{source_id(document.source_name)}: unchanged, skipped")

    try:
        line.draw(force=True)
        added = add_documents(store, files, warn=warn, unchanged=unchanged, force=force, processes=processes,
                              progress=line.clause_read)
        with contextlib.closing(added):
            for document in added:
                tally.documents += 1
                line.document_done(document.tokens)
                extraction = document.extraction
                for skipped in extraction.skipped:
                    say(f"policykg: warning: {skipped}", err=True)
                say(f"{extraction.source_id}: {len(extraction.duties)} duties, {len(extraction.goals)} goals, "
                    f"{len(extraction.actors)} actors, {len(extraction.mechanisms)} mechanisms")
                if document.orphaned:
                    say(f"policykg: warning: {extraction.source_id}: {document.orphaned} reviewers' corrections no longer "
                        "anchor in its text; `policykg review list --orphaned` lists them", err=True)
    finally:
        line.finish()
        del store  # close it now, not when a traceback that holds this frame goes (a failure in-process)
    if not tally.documents and not tally.unchanged:
        where = ", ".join(shown(path) for path in files)
        if tally.skipped:
            raise GraphError(f"no document in {where} could be read ({tally.skipped} skipped); "
                             "fix or remove the files the warnings above name")
        raise GraphError(f"found no .txt, .pdf, .html or .docx file in {where}; give files or folders that hold some")
    click.echo(f"store: {store_path(store_dir)}")


class _Tally:
    """What an add run did so far: documents added, files skipped or unchanged."""

    def __init__(self) -> None:
        self.documents = self.skipped = self.unchanged = 0
