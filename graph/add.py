"""Add files and folders to the store a document at a time: the work of `policykg add` and `build`.

A corpus can be larger than memory, so documents stream: each file is a task (`graph.tasks`:
reading, extraction and its graph, on a worker of the chosen `graph.engines` engine) and is
written as soon as its task finishes, in its own transaction. A run that dies midway therefore
leaves each document either as it was or fully replaced, never half-written. Files named on the
command line are read once before anything is written, so a bad one stops the run with the store
unchanged; a bad file found inside a folder is only skipped with a warning, since one damaged
download should not stop a thousand-file build. A file whose bytes the store already holds for
its source is skipped, before any task is sent, unless forced. For example

    with open_engine(processes=2) as engine:
        for added in add_documents(store, [Path("policies/")], warn=print, unchanged=print, engine=engine):
            print(added.source_id, added.triples)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from pyoxigraph import Store

from extract.read import InputError, shown, source_id
from graph import GraphError
from graph.engines import Engine, FailedJob, InlineEngine, run_jobs
from graph.reviewed import ORPHANED, reanchor
from graph.store import list_sources, load_ontology, replace_source_nquads
from graph.tasks import ExtractedDocument, FileJob, UnreadableFile

# RocksDB keeps what was written in memory (a table per index, each up to tens of MB) until it
# flushes: unflushed, 40 documents grew the process by 45 %; a flush every ~100k triples (some
# 50 ms each) keeps it flat.
_FLUSH_EVERY_TRIPLES = 100_000
# Whether a file, read, need not be extracted (its source id and job); the predicate reports it.
Skip = Callable[[str, FileJob], bool]


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
                  unchanged: Callable[[str], None], force: bool = False,
                  engine: Engine | None = None) -> Iterator[ExtractedDocument]:
    """Extract and write each document under `paths`, yielding each as it is written (in the order they finish).

    `warn` hears one line per file passed over (and per document whose reviewers' corrections no
    longer anchor), `unchanged` the source id of each file skipped
    because the store already holds its bytes (never, when `force`). Call `check_named_files` first.
    """
    stored = {source.source_id: source for source in list_sources(store)}

    def is_unchanged(sid: str, job: FileJob) -> bool:
        source = stored.get(sid)
        if force or source is None or (source.name, source.file_sha256) != (job.path.name, job.sha256):
            return False
        unchanged(sid)
        return True

    yield from write_documents(store, extract_files(paths, engine or InlineEngine(), warn=warn, skip=is_unchanged),
                               warn)


def write_documents(store: Store, documents: Iterable[ExtractedDocument],
                    warn: Callable[[str], None]) -> Iterator[ExtractedDocument]:
    """Write each extracted document in its own transaction, yielding it once written: the client's part of `add`.

    Reviewers' corrections of a document written again move to where their text is now
    (`graph.reviewed.reanchor`); `warn` hears of a document whose corrections no longer anchor.
    """
    unflushed = 0
    for number, document in enumerate(documents):
        if number == 0:
            load_ontology(store)  # only once something is written: a run that adds nothing leaves all as it was
        replace_source_nquads(store, document.source_id, document.nquads())
        orphaned = reanchor_corrections(store, document.source_id)
        if orphaned:
            warn(orphans_message(document.source_id, orphaned))
        unflushed += document.triples
        if unflushed >= _FLUSH_EVERY_TRIPLES:
            store.flush()
            unflushed = 0
        yield document
    store.flush()


def reanchor_corrections(store: Store, source_id: str) -> int:
    """Move the reviewers' corrections of a source written again to where their text is now; returns the orphans."""
    return sum(1 for anchoring in reanchor(store, source_id) if anchoring.status == ORPHANED)


def orphans_message(source_id: str, orphaned: int) -> str:
    return (f"{source_id}: {orphaned} reviewers' corrections no longer anchor in its text; "
            "`policykg review list --orphaned` lists them")


def extract_files(paths: Sequence[Path], engine: Engine, *, warn: Callable[[str], None],
                  skip: Skip | None = None) -> Iterator[ExtractedDocument]:
    """Every document under `paths` that `skip` does not pass over, extracted by `engine`, as each finishes.

    A file that cannot be read, or whose task failed twice, is reported to `warn` and the rest go
    on; but a file named in `paths` raises: its InputError, or its task's last error.
    """
    named = {path for path in paths if not path.is_dir()}
    for outcome in run_jobs(_jobs(paths, named, warn, skip), engine):
        if isinstance(outcome, UnreadableFile):
            if outcome.path in named:  # it was readable a moment ago, in check_named_files
                raise InputError(outcome.reason)
            warn(outcome.reason)
        elif isinstance(outcome, FailedJob):
            if outcome.job.path in named:  # asked for by name: fail, with the traceback under --debug
                raise outcome.error
            error = " ".join(str(outcome.error).split()) or type(outcome.error).__name__
            warn(f"{shown(outcome.job.path)} skipped: extracting it failed twice ({error}); "
                 f"run `policykg --debug add {shown(outcome.job.path)}` to see why")
        else:
            yield outcome


def _jobs(paths: Sequence[Path], named: set[Path], warn: Callable[[str], None],
          skip: Skip | None) -> Iterator[FileJob]:
    """A job for each file under `paths` to extract, read only when the engine asks for it."""
    from extract.ingest import SkippedFile, iter_files

    first_of_source: dict[str, Path] = {}
    for item in iter_files(paths):
        if isinstance(item, SkippedFile):
            warn(item.reason)
            continue
        sid = source_id(item.name)
        earlier = first_of_source.setdefault(sid, item)
        if earlier != item:
            warn(f"{shown(item)} skipped: it would replace {shown(earlier)}, also source {sid!r}; "
                 "rename one of them")
            continue
        try:
            job = FileJob.read(item)
        except InputError as error:
            if item in named:
                raise
            warn(str(error))
            continue
        if skip is None or not skip(sid, job):
            yield job
