"""A read-only SPARQL 1.1 Protocol endpoint over the policykg store.

Queries run in worker processes (`graph.worker_pool`), each with its own read-only handle on the
store, because pyoxigraph cannot interrupt a query from Python and some queries never yield
control: an ORDER BY or COUNT over a large cross join computes everything inside one
`Store.query` call. A query that overruns `timeout_s` is answered 503 and its worker is killed
and replaced, while the other workers keep serving other clients; one client has at most
`per_client` queries running, and a query waits at most `queue_wait_s` for a worker (503 "busy").
Results beyond `max_rows` are cut, not refused: the client gets the first rows and the header
`X-Result-Truncated: true`.

Refused, each with one line, by `graph.sparql_guard`: SPARQL Update (403), SERVICE, which would
let anyone make this machine fetch arbitrary URLs (400), a query over 1 MB (413) or nested more
than 64 levels (400); and the Graph Store Protocol (405). Workers read the store as it was when
they started, and pyoxigraph leaves writing to a store opened read-only elsewhere undefined:
stop the server before rebuilding the store, then start it again.

    serve(Path("data/store"), port=7878)
    # curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT...'
"""
from __future__ import annotations

import contextlib
import math
import socket
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

import uvicorn
from pyoxigraph import (
    NamedNode, QueryBoolean, QueryResultsFormat, QuerySolution, QuerySolutions, QueryTriples, RdfFormat, Store, Triple,
    Variable, parse_query_results, serialize,
)
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph import GraphError
from graph.deep_stack import start_deep_thread
from graph.sparql_guard import MAX_QUERY_BYTES, QueryRefused, guarded_query, syntax_message
from graph.worker_pool import Busy, Overran, WorkerDied, WorkerPool

# The first format of each list is the default, chosen for a missing Accept or */*.
SOLUTION_FORMATS = (QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV)
GRAPH_FORMATS = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML)

_READ_ONLY = "SPARQL Update is disabled: this endpoint is read-only"
_NO_GRAPH_STORE = ("this endpoint is read-only by design: the Graph Store Protocol (uploads, `policykg push`) is "
                   "disabled here; query /sparql, and push to a writable triple store such as `oxigraph serve`")
_NO_SERVICE = "SERVICE (federated query) is disabled on this endpoint"
_REFUSAL_STATUS = {"update": 403, "service": 400, "too-large": 413, "too-deep": 400}
_REFUSAL_MESSAGE = {"update": _READ_ONLY, "service": _NO_SERVICE}
# A form-encoded body percent-encodes the query, up to three bytes for one.
_MAX_BODY_BYTES = 3 * MAX_QUERY_BYTES + 4096
_BACKLOG = 2048  # uvicorn's

_Format = TypeVar("_Format", QueryResultsFormat, RdfFormat)


@dataclass(frozen=True)
class _Query:
    """What a worker needs to answer one request."""

    text: str
    accept: str
    max_rows: int
    default_graphs: list[str]
    named_graphs: list[str]


@dataclass(frozen=True)
class _Reply:
    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def _error(status: int, message: str) -> _Reply:
    return _Reply(status, "text/plain", message.encode())


def _negotiate(accept: str, offered: Sequence[_Format]) -> _Format | None:
    """The offered format the client ranks highest (q-values, then Accept order); None if none fits."""
    if not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for entry in accept.split(","):
        media_type, *parameters = (part.strip().lower() for part in entry.split(";"))
        q = 1.0
        for name, _, value in (parameter.partition("=") for parameter in parameters):
            if name.strip() == "q":
                with contextlib.suppress(ValueError):
                    q = float(value)
        candidate = _match(media_type, offered)
        if candidate is not None and q > best_q:
            best, best_q = candidate, q
    return best


def _match(media_type: str, offered: Sequence[_Format]) -> _Format | None:
    if media_type == "*/*":
        return offered[0]
    if media_type.endswith("/*"):
        return next((fmt for fmt in offered if fmt.media_type.startswith(media_type[:-1])), None)
    # from_media_type also knows the aliases clients send (application/json, text/plain).
    for kind in (QueryResultsFormat, RdfFormat):
        fmt = kind.from_media_type(media_type)
        if fmt in offered:
            return fmt
    return None


def _evaluate(store: Store, query: _Query) -> _Reply:
    """Run one query and serialize its result in the negotiated format, cut at max_rows."""
    try:
        results = guarded_query(store, query.text, **_dataset(query))
        offered = GRAPH_FORMATS if isinstance(results, QueryTriples) else SOLUTION_FORMATS
        fmt = _negotiate(query.accept, offered)
        if fmt is None:
            types = ", ".join(known.media_type for known in offered)
            return _error(406, f"cannot answer in {query.accept!r}; this result is available as {types}")
        if isinstance(results, QueryBoolean):
            return _Reply(200, fmt.media_type, results.serialize(format=fmt))
        # Taking one row more than allowed tells a full result from a cut one.
        rows = list(islice(results, query.max_rows + 1))
        truncated = len(rows) > query.max_rows
        rows = rows[: query.max_rows]
        if isinstance(results, QuerySolutions):
            body = _serialize_solutions(results.variables, rows, fmt)
        else:
            body = serialize(rows, format=fmt)
        return _Reply(200, fmt.media_type, body, truncated)
    except QueryRefused as refusal:
        return _error(_REFUSAL_STATUS[refusal.kind], _REFUSAL_MESSAGE.get(refusal.kind, str(refusal)))
    except SyntaxError as error:
        return _error(400, f"malformed query: {syntax_message(error)}")
    except ValueError as error:
        return _error(400, f"bad request: {' '.join(str(error).split())}")
    except OSError as error:
        return _error(500, f"query failed: {' '.join(str(error).split())}")


def _dataset(query: _Query) -> dict[str, object]:
    """The protocol's default-graph-uri/named-graph-uri; without them every graph is in the default graph."""
    dataset: dict[str, object] = {"named_graphs": [NamedNode(iri) for iri in query.named_graphs] or None}
    if query.default_graphs:
        dataset["default_graph"] = [NamedNode(iri) for iri in query.default_graphs]
    else:
        dataset["use_default_graph_as_union"] = True
    return dataset


def _serialize_solutions(variables: list[Variable], rows: list[QuerySolution], fmt: QueryResultsFormat) -> bytes:
    """pyoxigraph serializes only a whole QuerySolutions, so cut rows are re-read from TSV first."""
    lines = ["\t".join(str(variable) for variable in variables)]
    lines += ["\t".join(_tsv_term(row[variable]) for variable in variables) for row in rows]
    return parse_query_results("\n".join(lines) + "\n", QueryResultsFormat.TSV).serialize(format=fmt)


def _tsv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, Triple):  # str(Triple) lacks the <<( )>> a triple term needs in TSV
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)


def _answer_queries(store_path: str, connection: Connection) -> None:
    """A worker process: answer queries from the pipe until the server closes it, on a deep stack (`graph.deep_stack`)."""
    store = Store.read_only(store_path)
    connection.send(None)  # ready

    def answer() -> None:
        while True:
            try:
                query = connection.recv()
            except EOFError:
                return
            connection.send(_evaluate(store, query))

    start_deep_thread(answer).join()


async def _read_body(request: Request) -> bytes | _Reply:
    """The POST body, read no further than the size limit (413 past it)."""
    too_large = _error(413, f"the request body is over {_MAX_BODY_BYTES:,} bytes; a query may be at most "
                            f"{MAX_QUERY_BYTES:,} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _MAX_BODY_BYTES:
        return too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _MAX_BODY_BYTES:
            return too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_query(request: Request, max_rows: int) -> _Query | _Reply:
    """The query of a GET or POST protocol request, or the reply refusing it."""
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        raw = await _read_body(request)
        if isinstance(raw, _Reply):
            return raw
        body = raw.decode("utf-8", errors="replace")
        if content_type == "application/sparql-update":
            return _error(403, _READ_ONLY)
        if content_type == "application/sparql-query":
            params["query"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            # parsed here rather than with request.form(), which needs python-multipart
            for name, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        else:
            return _error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in params:
        return _error(403, _READ_ONLY)
    if len(params.get("query", [])) != 1:
        return _error(400, "give exactly one query: ?query=... or a POST body")
    return _Query(
        params["query"][0], request.headers.get("accept", ""), max_rows,
        params.get("default-graph-uri", []), params.get("named-graph-uri", []),
    )


def create_app(store_path: Path, *, timeout_s: float = 30.0, max_rows: int = 10000, workers: int = 4,
               per_client: int = 2, queue_wait_s: float = 60.0) -> Starlette:
    """The endpoint as an ASGI app; `workers` queries run at once, at most `per_client` of one client.

    A query waits at most `queue_wait_s` for a worker, then is answered 503 "busy".
    """
    for name, seconds in (("timeout", timeout_s), ("queue wait", queue_wait_s)):
        if not (math.isfinite(seconds) and seconds > 0):
            raise GraphError(f"the {name} must be a finite number of seconds above 0, not {seconds!r}")
    if workers < 1 or per_client < 1:
        raise GraphError(f"workers ({workers}) and queries per client ({per_client}) must be at least 1")
    _check_store(store_path)
    pool = WorkerPool(_answer_queries, store_path, workers, timeout_s, queue_wait_s, per_client)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        yield
        pool.stop()

    async def sparql(request: Request) -> Response:
        try:
            query = await _read_query(request, max_rows)
        except ClientDisconnect:  # the client hung up while sending: nobody is left to answer
            return Response(status_code=400)
        client = request.client.host if request.client else ""
        reply = query if isinstance(query, _Reply) else await _run(pool, query, client)
        headers = {"X-Result-Truncated": "true"} if reply.truncated else None
        return Response(reply.body, reply.status, headers, media_type=reply.media_type)

    async def refuse_graph_store(request: Request) -> Response:
        return PlainTextResponse(_NO_GRAPH_STORE, 405, {"Allow": ""})

    async def describe(request: Request) -> Response:
        return JSONResponse({
            "service": "policykg read-only SPARQL 1.1 endpoint",
            "query": ["/sparql", "/query"],
            "union_default_graph": True,
            "timeout_s": timeout_s,
            "max_rows": max_rows,
            "workers": workers,
            "per_client": per_client,
            "queue_wait_s": queue_wait_s,
            "max_query_bytes": MAX_QUERY_BYTES,
            "refused": ["SPARQL Update", "Graph Store Protocol", "SERVICE"],
        })

    every_method = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"]
    return Starlette(
        routes=[
            Route("/", describe),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/query", sparql, methods=["GET", "POST"]),
            Route("/store", refuse_graph_store, methods=every_method),
            Route("/data", refuse_graph_store, methods=every_method),
        ],
        lifespan=lifespan,
    )


async def _run(pool: WorkerPool, query: _Query, client: str) -> _Reply:
    """The worker's reply, or the one-line reply saying why there is none."""
    try:
        return await pool.run(query, client)  # type: ignore[return-value]
    except (Busy, Overran) as refusal:
        return _error(503, str(refusal))
    except WorkerDied as death:
        return _error(500, str(death))


def _check_store(store_path: Path) -> None:
    """Fail at start-up, in one line, rather than on every query."""
    try:
        Store.read_only(str(store_path))
    except OSError as error:
        raise GraphError(f"cannot open the store at {store_path} read-only ({error}); build it first") from error


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or one line saying why not (port in use, unknown host), before anything starts."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                flags=socket.AI_PASSIVE)[0]
        listening = socket.socket(family, kind, protocol)
    except (OSError, UnicodeError) as error:
        raise GraphError(f"cannot listen on {host!r}: {getattr(error, 'strerror', None) or error}; "
                         "give an address of this machine as --host, e.g. 127.0.0.1") from error
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(_BACKLOG)  # now: with SO_REUSEADDR a second bind succeeds until the first listens
    except OSError as error:
        listening.close()
        raise GraphError(f"cannot listen on {host}:{port}: {error.strerror or error}; "
                         "stop what uses it or choose another --port") from error
    return listening


def serve(
    store_path: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: float = 30.0, max_rows: int = 10000,
    workers: int = 4, per_client: int = 2, queue_wait_s: float = 60.0, listening: socket.socket | None = None,
) -> None:
    """Serve the store until interrupted; loopback only unless `host` says otherwise (or on a `listen` socket)."""
    app = create_app(store_path, timeout_s=timeout_s, max_rows=max_rows, workers=workers, per_client=per_client,
                     queue_wait_s=queue_wait_s)
    listening = listening or listen(host, port)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listening])
