"""Upload the store's documents to a real triple store with the SPARQL 1.1 Graph Store Protocol.

Each named graph (one per source document) is sent with `PUT {endpoint}?graph={iri}`, which
replaces that graph on the server: pushing twice leaves the server as pushing once, and a
document re-extracted locally overwrites its old version there. The default graph (the
ontology) is not pushed. Credentials come only from the environment, never from arguments,
so they stay out of shell history and process listings.

    push_graphs(open_store(), "http://localhost:7878/store", "https://example.org/kg/")
"""
from __future__ import annotations

import base64
import os

import httpx
from pyoxigraph import RdfFormat, Store, serialize

from graph import GraphError
from graph.namespace import DATA

_TIMEOUT_S = 60.0


class PushError(GraphError):
    """The triple store could not be reached or refused a graph."""


def push_graphs(
    store: Store,
    endpoint: str,
    graph_base: str | None = None,
    *,
    auth_env: tuple[str, str] = ("POLICYKG_PUSH_USER", "POLICYKG_PUSH_PASSWORD"),
    token_env: str = "POLICYKG_PUSH_TOKEN",
) -> list[tuple[str, int]]:
    """PUT every named graph to the Graph Store endpoint; returns (graph IRI on the server, triples) each.

    With `graph_base`, graph IRIs under the project's data namespace are renamed onto it
    (`https://w3id.org/policykg/data/doc-a` becomes `{graph_base}doc-a`); the triples inside
    are sent unchanged. A bearer token in `$token_env` wins over basic auth from `$auth_env`.
    """
    if not endpoint.startswith(("http://", "https://")):
        raise PushError(f"{endpoint!r} is not the http(s) URL of a Graph Store, e.g. http://localhost:7878/store")
    pushed = []
    with httpx.Client(headers=_authorization(auth_env, token_env), timeout=_TIMEOUT_S) as client:
        for graph in sorted(store.named_graphs(), key=str):
            triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
            target = _rebase(graph.value, graph_base)
            _put(client, endpoint, target, serialize(triples, format=RdfFormat.N_TRIPLES))
            pushed.append((target, len(triples)))
    return pushed


def _rebase(graph: str, graph_base: str | None) -> str:
    if graph_base is None or not graph.startswith(DATA):
        return graph
    return graph_base + graph[len(DATA):]


def _put(client: httpx.Client, endpoint: str, graph: str, body: bytes) -> None:
    try:
        response = client.put(
            endpoint, params={"graph": graph}, content=body, headers={"Content-Type": RdfFormat.N_TRIPLES.media_type}
        )
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise PushError(f"cannot reach {endpoint} ({reason}); is the triple store running?") from error
    if not response.is_success:
        detail = response.text.strip().splitlines()[0] if response.text.strip() else response.reason_phrase
        raise PushError(f"{endpoint} refused graph <{graph}>: HTTP {response.status_code}: {detail}")


def _authorization(auth_env: tuple[str, str], token_env: str) -> dict[str, str]:
    """The Authorization header from the environment: a bearer token, else basic auth, else none."""
    if token := os.environ.get(token_env):
        return {"Authorization": f"Bearer {token}"}
    if user := os.environ.get(auth_env[0]):
        pair = f"{user}:{os.environ.get(auth_env[1], '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    return {}
