"""Run a reader's SPARQL in a process of its own, stopped when it runs too long.

Oxigraph cannot cancel a query, and a viewer must not hang on `SELECT * { ?a ?b ?c . ?d ?e ?f }`,
so the query runs in a child process that opens the store read-only, and the child is killed
after `timeout_s`. Children are forked from a fork server started once with the query modules
loaded, so a query costs a fork, not a Python start. The refusals of `views.read_only_query`
apply (`graph.sparql_guard`: no updates, no SERVICE, bounded size and depth), and at most `max_rows` rows come back:

    answer = run_with_timeout(Path("data/store"), "SELECT ?s WHERE { ?s a pkg:Duty }", timeout_s=10)
    answer.result.rows[:3], answer.total_rows
"""
from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from graph import GraphError
from graph.corpus import open_for_reading
from graph.deep_stack import call_on_deep_stack
from graph.query import QueryResult
from graph.reviewed import reviewed_view
from graph.views import read_only_query

MAX_ROWS = 10_000
_CONTEXT = multiprocessing.get_context("forkserver")  # forking a threaded server (Streamlit) itself is unsafe
# "__main__" too: a child otherwise imports the parent's main module afresh for every query (for
# `streamlit run`, its command-line script, which loads all of Streamlit).
_CONTEXT.set_forkserver_preload(["__main__", "graph.timed_query"])


@dataclass(frozen=True)
class TimedAnswer:
    """The rows (at most `max_rows`) and how many the query gave."""

    result: QueryResult
    total_rows: int

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.result.rows)


def run_with_timeout(directory: Path, sparql: str, timeout_s: float = 10.0, max_rows: int = MAX_ROWS,
                     sources: tuple[str, ...] = (), reviewed: bool = True) -> TimedAnswer:
    """The query's answer over the store at `directory` (or its `sources`), with the reviewers' corrections
    applied unless not `reviewed`; a GraphError when it is refused, invalid or too slow."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_answer, args=(str(directory), sparql, sources, max_rows, reviewed, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise GraphError(f"the query ran longer than {timeout_s:g} s and was stopped; "
                             "narrow it (a LIMIT, fewer unbound patterns)")
        outcome = receiver.recv()
    except EOFError:
        raise GraphError("the query stopped without an answer; it may need more memory than there is") from None
    finally:
        process.kill()
        process.join()
        receiver.close()
    if isinstance(outcome, str):
        raise GraphError(outcome)
    return outcome


def _answer(directory: str, sparql: str, sources: tuple[str, ...], max_rows: int, reviewed: bool,
            sender: Connection) -> None:
    """In the child: run the query (on a deep stack: `graph.deep_stack`) and send back a TimedAnswer, or the one-line error."""
    try:
        def answer() -> QueryResult:
            store = open_for_reading(Path(directory))
            return read_only_query(reviewed_view(store) if reviewed else store, sparql, sources)

        result = call_on_deep_stack(answer)
    except GraphError as error:
        sender.send(str(error))
        return
    sender.send(TimedAnswer(QueryResult(result.columns, result.rows[:max_rows]), len(result.rows)))
