"""Where the per-document tasks run, and the loop that feeds them: in-process, a process pool, or Dask.

Every engine takes the same task (`graph.tasks.extract_file`) and hands back futures, so one loop,
`run_jobs`, drives them all. It keeps at most `engine.lookahead` files in flight, reading the next
file only when one finishes, so the client holds a few files and results however large the corpus.
A task that fails (its worker process died, or it raised) is sent once more; failing again, it
becomes a `FailedJob` for the caller to report while the other files go on. Results come in the
order they finish, not the order the files were found. For example

    with open_engine(processes=2) as engine:
        for outcome in run_jobs(jobs, engine):
            ...
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from graph import GraphError

if TYPE_CHECKING:
    from extract.corpus import ClauseProgress
from graph.tasks import ExtractedDocument, FileJob, UnreadableFile, extract_file, warm_up

Task = Callable[[FileJob], ExtractedDocument | UnreadableFile]
ATTEMPTS = 2  # a task is tried once more after its worker dies or it fails
_LOOKAHEAD_PER_WORKER = 2  # one running and one queued keeps a worker busy between results


class Engine(Protocol):
    """Runs tasks somewhere and says which of them are done."""

    lookahead: int  # files in flight at most

    def submit(self, task: Task, job: FileJob) -> Any:
        """Start `task(job)`; returns a future whose `result()` gives the task's value or raises."""

    def first_done(self, futures: Collection[Any]) -> Iterable[Any]:
        """Block until at least one of `futures` is done; return those that are."""

    def close(self) -> None:
        """Stop what the engine started."""


@dataclass(frozen=True)
class FailedJob:
    """A file whose task failed on every attempt; `error` is the last failure."""

    job: FileJob
    error: BaseException


Outcome = ExtractedDocument | UnreadableFile | FailedJob


def run_jobs(jobs: Iterable[FileJob], engine: Engine, task: Task = extract_file) -> Iterator[Outcome]:
    """Run `task` on every job through `engine`, with bounded look-ahead, yielding each outcome as it finishes."""
    waiting = iter(jobs)
    in_flight: dict[Any, tuple[FileJob, int]] = {}  # future -> (its job, attempts so far)

    def top_up() -> None:
        while len(in_flight) < engine.lookahead:
            job = next(waiting, None)
            if job is None:
                return
            in_flight[engine.submit(task, job)] = (job, 1)

    top_up()
    while in_flight:
        for future in engine.first_done(list(in_flight)):
            job, attempts = in_flight.pop(future)
            try:
                outcome: Outcome = future.result()
            except Exception as error:  # the worker died or the task raised: try again, then report
                if attempts < ATTEMPTS:
                    in_flight[engine.submit(task, job)] = (job, attempts + 1)
                    continue
                outcome = FailedJob(job, error)
            yield outcome
        top_up()


class InlineEngine:
    """Runs each task at once in this process: `--processes 1`."""

    lookahead = 1

    def __init__(self, progress: ClauseProgress | None = None) -> None:
        warm_up()
        self.progress = progress  # in this process, a long document can show its clauses as they are read

    def submit(self, task: Task, job: FileJob) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(task(job) if self.progress is None else task(job, progress=self.progress))
        except Exception as error:
            future.set_exception(error)
        return future

    def first_done(self, futures: Collection[Future[Any]]) -> Iterable[Future[Any]]:
        return futures

    def close(self) -> None:
        """Nothing was started."""


class ProcessEngine:
    """A pool of local worker processes, each loading spaCy once: `--processes N`.

    A worker that dies breaks a `ProcessPoolExecutor` for every task in it; those tasks fail, and
    their second attempt goes to a fresh pool. Workers are spawned, not forked: the client holds
    an open store whose threads a fork would copy in an unknown state.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.lookahead = _LOOKAHEAD_PER_WORKER * processes
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        """A pool whose workers have all started and loaded spaCy (each start-up task spawns one, none being idle)."""
        pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up)
        wait([pool.submit(warm_up) for _ in range(self.processes)])
        return pool

    def submit(self, task: Task, job: FileJob) -> Future[Any]:
        try:
            return self._pool.submit(task, job)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(task, job)

    def first_done(self, futures: Collection[Future[Any]]) -> Iterable[Future[Any]]:
        return wait(futures, return_when=FIRST_COMPLETED).done

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def open_engine(processes: int = 1, workers: int | None = None, cluster: str | None = None,
                progress: ClauseProgress | None = None) -> closing[Engine]:
    """The engine the options ask for, closed when the `with` block ends.

    `cluster` is a Dask scheduler address (tcp://HOST:8786), `workers` the size of a local Dask
    cluster started for this run, `processes` a local process pool (1: in this process). One of
    the three at most may be given. `progress` hears of each clause parsed when extraction runs
    in this process (tasks elsewhere report only when their document is done).
    """
    if sum((processes > 1, workers is not None, cluster is not None)) > 1:
        raise GraphError("give one of --processes, --workers and --cluster, not several")
    if cluster is not None or workers is not None:
        from graph.cluster import DaskEngine

        return closing(DaskEngine(cluster, workers))
    return closing(ProcessEngine(processes) if processes > 1 else InlineEngine(progress))
