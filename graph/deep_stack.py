"""Run Oxigraph queries on a thread with a deep stack, and give up on them after a deadline.

Oxigraph's query planner recurses once per triple pattern of a group: a query of 10,000
patterns (290 KB, well under the size limit) overflows the main thread's 8 MB stack and kills
the process with signal 11 before any Python code can answer. On a thread with a 512 MB stack
(address space, only touched as deep as the recursion goes) the same query is merely slow, so
a deadline can stop it. pyoxigraph releases the GIL while it works, so the caller keeps
running: it can give up at the deadline and Ctrl-C still reaches it.

    rows = call_on_deep_stack(lambda: list(store.query(text)), timeout_s=60)
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from graph import GraphError

STACK_BYTES = 512 * 1024 * 1024
_POLL_S = 0.1  # how often the caller wakes while it waits, so Ctrl-C is seen at once

_Result = TypeVar("_Result")


class QueryTimeout(GraphError):
    """The call ran past its deadline; it goes on in its thread, so the caller should exit or move on."""


def call_on_deep_stack(function: Callable[[], _Result], timeout_s: float | None = None) -> _Result:
    """`function()` run on a deep-stack thread; its exception is raised here; QueryTimeout past `timeout_s`."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = function()
        except BaseException as error:  # handed to the caller, who decides what it means
            outcome["error"] = error

    worker = start_deep_thread(run)
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while worker.is_alive():
        left = _POLL_S if deadline is None else deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped; "
                               "narrow it (a LIMIT, fewer unbound patterns) or give a longer --timeout")
        worker.join(min(_POLL_S, left))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def start_deep_thread(target: Callable[[], None]) -> threading.Thread:
    """A started daemon thread with a deep stack, running `target`."""
    previous = threading.stack_size(STACK_BYTES)
    try:
        thread = threading.Thread(target=target, daemon=True, name="policykg-query")
        thread.start()
    finally:
        threading.stack_size(previous)
    return thread
