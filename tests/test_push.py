"""Pushing graphs to a real Oxigraph server with the Graph Store Protocol."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store
from servers import free_port, graph_sizes, oxigraph_server

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
