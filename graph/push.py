"""Upload the store's documents to a real triple store with the SPARQL 1.1 Graph Store Protocol.

Each named graph (one per source document) is sent with `PUT {endpoint}?graph={iri}`, which
replaces that graph on the server: pushing twice leaves the server as pushing once, and a
document re-extracted locally overwrites its old version there. The default graph (the
ontology) is not pushed. Credentials come only from the environment, never from arguments,
so they stay out of shell history and process listings, and never reach a message
(`graph.redact`): a URL with a user part is refused, a token with a line break or other control
character is refused before it is sent, a server's error body is cut to one line of printable
text with every credential masked, and sending one over plain http:// to another machine is
warned about once.

    push_graphs(open_store(), "http://localhost:7878/store", "https://example.org/kg/")
"""
from __future__ import annotations

import base64
import ipaddress
import os
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
from pyoxigraph import NamedNode, RdfFormat, Store, serialize

from graph import GraphError
from graph.namespace import DATA
from graph.redact import has_control_characters, one_printable_line, redact

_TIMEOUT_S = 60.0
_WRITABLE_STORE = ("push to a writable triple store's Graph Store endpoint, e.g. `oxigraph serve --location kg` "
                   "and --endpoint http://localhost:7878/store")


class PushError(GraphError):
    """The triple store could not be reached or refused a graph."""


def push_graphs(
    store: Store,
    endpoint: str,
    graph_base: str | None = None,
    *,
    auth_env: tuple[str, str] = ("POLICYKG_PUSH_USER", "POLICYKG_PUSH_PASSWORD"),
    token_env: str = "POLICYKG_PUSH_TOKEN",
    warn: Callable[[str], None] = lambda message: None,
) -> list[tuple[str, int]]:
    """PUT every named graph to the Graph Store endpoint; returns (graph IRI on the server, triples) each.

    With `graph_base`, graph IRIs under the project's data namespace are renamed onto it
    (`https://w3id.org/policykg/data/doc-a` becomes `{graph_base}doc-a`); the triples inside
    are sent unchanged. A bearer token in `$token_env` wins over basic auth from `$auth_env`.
    `warn` hears, once, that credentials go over plain http:// to a machine other than this one.
    """
    _check_endpoint(endpoint)
    if graph_base is not None:
        _check_graph_base(graph_base)
    headers, secrets = _authorization(auth_env, token_env)
    if headers and urlsplit(endpoint).scheme == "http" and not _is_loopback(urlsplit(endpoint).hostname or ""):
        warn(f"sending credentials over plain http:// to {urlsplit(endpoint).hostname}; "
             "anyone on the way can read them: use https://")
    pushed = []
    with httpx.Client(headers=headers, timeout=_TIMEOUT_S) as client:
        for graph in sorted(store.named_graphs(), key=str):
            triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
            target = _rebase(graph.value, graph_base)
            _put(client, endpoint, target, serialize(triples, format=RdfFormat.N_TRIPLES), secrets)
            pushed.append((target, len(triples)))
    return pushed


def _check_endpoint(endpoint: str) -> None:
    """An http(s) URL without a user part (credentials go in the environment) and printable."""
    shown = one_printable_line(redact(endpoint, ()))
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or has_control_characters(endpoint):
        raise PushError(f"{shown!r} is not the http(s) URL of a Graph Store, e.g. http://localhost:7878/store")
    if "@" in parts.netloc:
        raise PushError(f"{shown!r} holds a user name or password; give credentials in POLICYKG_PUSH_USER and "
                        "POLICYKG_PUSH_PASSWORD (or POLICYKG_PUSH_TOKEN) instead")


def _check_graph_base(graph_base: str) -> None:
    """The base must make valid absolute IRIs: `x> <y` would inject into the server's graph names."""
    try:
        NamedNode(graph_base + "doc")
    except ValueError as error:
        raise PushError(f"--graph-base {one_printable_line(graph_base)!r} is not an IRI ({one_printable_line(str(error))}); "
                        "give an absolute IRI such as https://example.org/kg/") from error


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _rebase(graph: str, graph_base: str | None) -> str:
    if graph_base is None or not graph.startswith(DATA):
        return graph
    return graph_base + graph[len(DATA):]


def _put(client: httpx.Client, endpoint: str, graph: str, body: bytes, secrets: list[str]) -> None:
    try:
        response = client.put(
            endpoint, params={"graph": graph}, content=body, headers={"Content-Type": RdfFormat.N_TRIPLES.media_type}
        )
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
        reason = one_printable_line(redact(str(error) or type(error).__name__, secrets))
        raise PushError(f"cannot reach {endpoint} ({reason}); is the triple store running?") from error
    if response.status_code == 405:  # e.g. `policykg serve`, which never takes writes
        raise PushError(f"{endpoint} refused graph <{graph}>: HTTP 405: it does not take uploads (a read-only "
                        f"endpoint, as `policykg serve` is by design); {_WRITABLE_STORE}")
    if not response.is_success:
        detail = one_printable_line(redact(response.text, secrets)) or response.reason_phrase
        raise PushError(f"{endpoint} refused graph <{graph}>: HTTP {response.status_code}: {detail}")


def _authorization(auth_env: tuple[str, str], token_env: str) -> tuple[dict[str, str], list[str]]:
    """The Authorization header from the environment (a bearer token, else basic auth, else none) and its secrets."""
    if token := os.environ.get(token_env):
        _check_credential(token_env, token)
        return {"Authorization": f"Bearer {token}"}, [token]
    if user := os.environ.get(auth_env[0]):
        password = os.environ.get(auth_env[1], "")
        for name, value in zip(auth_env, (user, password)):
            _check_credential(name, value)
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}, [pair, password, f"{user}:{password}"]
    return {}, []


def _check_credential(name: str, value: str) -> None:
    """A credential with a control character would break (or inject into) the request's headers."""
    if has_control_characters(value) or not value.isascii():
        raise PushError(f"${name} holds a line break, a control character or a non-ASCII character; "
                        "set it to the credential alone")
