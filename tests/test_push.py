"""Pushing graphs to a real Oxigraph server with the Graph Store Protocol."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store
from servers import free_port, graph_sizes, loopback_listener, oxigraph_server

from graph.push import PushError, push_graphs

DATA = "https://w3id.org/policykg/data/"
EX = "http://example.org/"
DOC_A, DOC_B = DATA + "doc-a", DATA + "doc-b"


def make_store() -> Store:
    """Three triples about doc-a, two about doc-b (one with a blank node), one ontology triple."""
    store = Store()
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.extend([
        Quad(NamedNode(EX + "duty1"), NamedNode(EX + "owner"), NamedNode(EX + "sipo"), NamedNode(DOC_A)),
        Quad(NamedNode(EX + "duty1"), label, Literal("set up a talent evaluation mechanism"), NamedNode(DOC_A)),
        Quad(NamedNode(EX + "duty2"), label, Literal("improve the training system"), NamedNode(DOC_A)),
        Quad(NamedNode(EX + "duty3"), label, Literal("give support", language="en"), NamedNode(DOC_B)),
        Quad(NamedNode(EX + "duty3"), NamedNode(EX + "owner"), BlankNode(), NamedNode(DOC_B)),
        Quad(NamedNode(EX + "Duty"), label, Literal("duty")),
    ])
    return store


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "oxigraph") as base:
        yield base


def test_each_document_graph_lands_in_its_own_server_graph(oxigraph: str) -> None:
    assert push_graphs(make_store(), oxigraph + "/store") == [(DOC_A, 3), (DOC_B, 2)]
    assert graph_sizes(oxigraph) == {DOC_A: 3, DOC_B: 2}
    default_graph = httpx.get(
        oxigraph + "/query", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert default_graph.json()["boolean"] is False  # the ontology stays local


def test_pushing_again_replaces_graphs_instead_of_adding_to_them(oxigraph: str) -> None:
    store = make_store()
    push_graphs(store, oxigraph + "/store")
    push_graphs(store, oxigraph + "/store")
    assert graph_sizes(oxigraph) == {DOC_A: 3, DOC_B: 2}
    store.remove_graph(NamedNode(DOC_A))
    store.add(Quad(NamedNode(EX + "duty9"), NamedNode(EX + "owner"), NamedNode(EX + "nobody"), NamedNode(DOC_A)))
    push_graphs(store, oxigraph + "/store")
    assert graph_sizes(oxigraph) == {DOC_A: 1, DOC_B: 2}


def test_graph_base_renames_document_graphs(oxigraph: str) -> None:
    pushed = push_graphs(make_store(), oxigraph + "/store", "https://kg.example.org/graphs/")
    assert pushed == [("https://kg.example.org/graphs/doc-a", 3), ("https://kg.example.org/graphs/doc-b", 2)]
    assert set(graph_sizes(oxigraph)) == {iri for iri, _ in pushed}


def test_server_refusal_is_a_one_line_push_error(oxigraph: str) -> None:
    with pytest.raises(PushError, match=r"refused graph <https://w3id.org/policykg/data/doc-a>: HTTP 404") as error:
        push_graphs(make_store(), oxigraph + "/no-such-route")
    assert "\n" not in str(error.value)


def test_unreachable_server_is_a_push_error() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PushError, match="cannot reach .*is the triple store running"):
        push_graphs(make_store(), endpoint)


def test_endpoint_that_is_not_a_url_is_a_push_error() -> None:
    with pytest.raises(PushError, match="is not the http"):
        push_graphs(make_store(), "localhost:7878/store")


class _RecordAuthorization(BaseHTTPRequestHandler):
    seen: list[str | None] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.headers.get("Authorization"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"POLICYKG_PUSH_TOKEN": "s3cret"}, "Bearer s3cret"),
        ({"POLICYKG_PUSH_USER": "ann", "POLICYKG_PUSH_PASSWORD": "pw"}, "Basic YW5uOnB3"),
        ({}, None),
    ],
)
def test_credentials_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str | None
) -> None:
    for name in ("POLICYKG_PUSH_TOKEN", "POLICYKG_PUSH_USER", "POLICYKG_PUSH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    _RecordAuthorization.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordAuthorization)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        push_graphs(make_store(), f"http://127.0.0.1:{server.server_port}/store")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert _RecordAuthorization.seen == [expected, expected]


class _EchoAuthorization(BaseHTTPRequestHandler):
    """A hostile server: refuses with 2 MB of body, a terminal escape and the Authorization header echoed."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = (f"\x1b[2J\x1b]0;owned\x07denied for {self.headers.get('Authorization')}\r\nAuthorization: "
                f"{self.headers.get('Authorization')}\n" + "x" * 2_000_000).encode()
        self.send_response(401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@contextmanager
def echoing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoAuthorization)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/store"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.mark.parametrize(("environment", "secrets"), [
    ({"POLICYKG_PUSH_TOKEN": "tok-abc123"}, ["tok-abc123"]),
    ({"POLICYKG_PUSH_USER": "ann", "POLICYKG_PUSH_PASSWORD": "hunter22"}, ["hunter22", "YW5uOmh1bnRlcjIy"]),
])
def test_a_server_error_is_one_short_printable_line_without_the_secret(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], secrets: list[str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with echoing_server() as endpoint, pytest.raises(PushError, match="HTTP 401") as error:
        push_graphs(make_store(), endpoint)
    message = str(error.value)
    assert len(message) < 400 and message.isprintable()
    assert not any(secret in message for secret in secrets)


def test_a_token_with_a_line_break_is_refused_before_anything_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_PUSH_TOKEN", "abc\r\nX-Injected: 1")
    with loopback_listener() as (port, received), pytest.raises(PushError, match="POLICYKG_PUSH_TOKEN holds") as error:
        push_graphs(make_store(), f"http://127.0.0.1:{port}/store")
    assert "abc" not in str(error.value) and "\n" not in str(error.value)
    assert received == []


def test_a_password_in_the_url_is_refused_and_not_repeated() -> None:
    with loopback_listener() as (port, received), pytest.raises(PushError, match="holds a user name or password") as error:
        push_graphs(make_store(), f"http://ann:hunter22@127.0.0.1:{port}/store")
    assert "hunter22" not in str(error.value)
    assert received == []


def test_credentials_over_plain_http_to_another_host_are_warned_about_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_PUSH_TOKEN", "tok-abc123")
    warnings: list[str] = []

    def stop(message: str) -> None:
        warnings.append(message)
        raise RuntimeError("stop before connecting")

    with pytest.raises(RuntimeError):
        push_graphs(make_store(), "http://kg.example.org/store", warn=stop)
    assert warnings == ["sending credentials over plain http:// to kg.example.org; anyone on the way can read "
                        "them: use https://"]
    with echoing_server() as endpoint, pytest.raises(PushError):
        push_graphs(make_store(), endpoint, warn=stop)  # loopback: no warning


@pytest.mark.parametrize("graph_base", ["x> <y", "https://e.org/a b/", "relative/", "https://e.org/\n"])
def test_a_graph_base_that_is_not_an_iri_is_refused(graph_base: str) -> None:
    with pytest.raises(PushError, match="is not an IRI") as error:
        push_graphs(make_store(), "http://127.0.0.1:1/store", graph_base)
    assert "\n" not in str(error.value)
