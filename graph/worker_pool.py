"""A pool of query worker processes that keeps capacity for short queries while long ones run.

pyoxigraph cannot interrupt a query, so each runs in a worker process that is killed and
replaced when it overruns its time. Capacity is kept for everyone: one client (one address)
has at most `per_client` requests in the workers at once, its others wait their turn; a request
waits at most `queue_wait_s` for a worker (then `Busy`) and has its own `timeout_s` to run (then
`Overran`). A request still running after a second is likely a runaway: its worker's CPU
priority drops, so the other workers' short queries get the processors first, and a fresh
worker replaces it afterwards (a process cannot be made less nice again).

    pool = WorkerPool(answer_queries, Path("data/store"), size=4, timeout_s=30, queue_wait_s=60, per_client=2)
    await pool.start(); reply = await pool.run(request, client="10.0.0.7")
"""
from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from graph import GraphError

_LONG_S = 1.0  # a request still running after this long gets a nicer worker
_NICER = 10


class Busy(GraphError):
    """No worker came free within the queue wait."""


class Overran(GraphError):
    """The request ran past its time; its worker was killed and replaced."""


class WorkerDied(GraphError):
    """The worker exited while answering (out of memory, a crash); a fresh one replaces it."""


@dataclass(eq=False)  # compared and hashed by identity: each is one process
class _Worker:
    process: BaseProcess
    connection: Connection
    demoted: bool = False


def _demote(worker: _Worker) -> None:
    """Lower a long query's CPU priority, so lookups on the other workers get the processors first."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no setpriority (Windows)
        pid = worker.process.pid
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, pid) + _NICER))
        worker.demoted = True


class WorkerPool:
    """Worker processes, each running `serve(store_path, connection)`; one that overruns is killed and replaced.

    `serve` first sends one message (any: it means ready), then answers each request it receives.
    """

    def __init__(self, serve: Callable[[str, Connection], None], store_path: Path, size: int, timeout_s: float,
                 queue_wait_s: float, per_client: int) -> None:
        self._serve = serve
        self._store_path = str(store_path)
        self._size = size
        self._timeout_s = timeout_s
        self._queue_wait_s = queue_wait_s
        self._clients = _ClientSlots(per_client)
        self._context = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded server
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._admissions: set[asyncio.Task[None]] = set()  # replacements starting up, held so they are not collected

    async def start(self) -> None:
        """Start every worker and wait until each holds the store, so the first queries find them ready."""
        await asyncio.gather(*(self._admit(self._spawn()) for _ in range(self._size)))

    def stop(self) -> None:
        for worker in list(self._all):
            self._kill(worker)

    async def run(self, request: object, client: str) -> object:
        """The worker's reply; Busy when no worker was free within the queue wait, Overran, or WorkerDied."""
        loop = asyncio.get_running_loop()
        queued_until = loop.time() + self._queue_wait_s
        try:
            async with self._clients.slot(client, self._queue_wait_s):
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, queued_until - loop.time()))
                return await self._ask(worker, request)
        except TimeoutError:
            raise Busy(f"the endpoint is busy: no query worker was free for {self._queue_wait_s:g} s; "
                       "retry shortly") from None

    async def _ask(self, worker: _Worker, request: object) -> object:
        """Send the request to a worker it now holds; the worker goes back to the idle queue, or a fresh one does."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout_s
        healthy = False
        try:
            worker.connection.send(request)
            if not await asyncio.to_thread(worker.connection.poll, min(_LONG_S, self._timeout_s)):
                _demote(worker)
                if not await asyncio.to_thread(worker.connection.poll, max(0.0, deadline - loop.time())):
                    raise Overran(f"query exceeded the {self._timeout_s:g} s limit and was stopped; "
                                  "narrow it (LIMIT, fewer joins)")
            reply = worker.connection.recv()
            healthy = not worker.demoted  # a demoted worker cannot be raised again: a fresh one replaces it
            return reply
        except (EOFError, OSError):
            raise WorkerDied("the query worker died (out of memory?); narrow the query and retry") from None
        finally:
            if healthy:
                self._idle.put_nowait(worker)
            else:
                self._kill(worker)
                self._admissions.add(asyncio.create_task(self._admit(self._spawn())))

    async def _admit(self, worker: _Worker) -> None:
        """Queue a new worker once it says it is ready: its start-up never counts against a query's time."""
        try:
            await asyncio.to_thread(worker.connection.recv)
        except (EOFError, OSError):  # it could not open the store: the pool is one worker short
            self._kill(worker)
            return
        finally:
            self._admissions.discard(asyncio.current_task())  # type: ignore[arg-type]
        self._idle.put_nowait(worker)

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=self._serve, args=(self._store_path, theirs), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._all.add(worker)
        return worker

    def _kill(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self._all.discard(worker)


class _ClientSlots:
    """At most `per_client` queries of one client address in the workers at once; the others wait their turn."""

    def __init__(self, per_client: int) -> None:
        self._per_client = per_client
        self._slots: dict[str, tuple[asyncio.Semaphore, int]] = {}  # client -> (its slots, requests holding or awaiting one)

    @contextlib.asynccontextmanager
    async def slot(self, client: str, wait_s: float) -> AsyncIterator[None]:
        """Hold one of the client's slots for the block; TimeoutError when none came free within `wait_s`."""
        semaphore, users = self._slots.get(client, (asyncio.Semaphore(self._per_client), 0))
        self._slots[client] = (semaphore, users + 1)
        try:
            await asyncio.wait_for(semaphore.acquire(), wait_s)
            try:
                yield
            finally:
                semaphore.release()
        finally:
            semaphore, users = self._slots[client]
            if users == 1:
                del self._slots[client]  # forget idle clients, so the table stays as small as the traffic
            else:
                self._slots[client] = (semaphore, users - 1)
