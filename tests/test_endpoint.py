"""The read-only SPARQL endpoint, served for real on a free port and queried as clients would."""
from __future__ import annotations

import functools
import socket
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from servers import client_from, free_port, loopback_listener, running
from test_sparql_guard import SERVICE_SPELLINGS, aimed

from graph import GraphError
from graph.endpoint import create_app

DATA = "https://w3id.org/policykg/data/"
EX = "http://example.org/"
LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DOC_A, DOC_B = NamedNode(DATA + "doc-a"), NamedNode(DATA + "doc-b")
QUADS = [
    Quad(NamedNode(EX + "duty1"), NamedNode(EX + "owner"), NamedNode(EX + "sipo"), DOC_A),
    Quad(NamedNode(EX + "duty1"), LABEL, Literal("set up a talent evaluation mechanism"), DOC_A),
    Quad(NamedNode(EX + "duty2"), LABEL, Literal("improve the training system"), DOC_A),
    Quad(NamedNode(EX + "duty3"), LABEL, Literal("give support", language="en"), DOC_B),
    Quad(NamedNode(EX + "duty3"), NamedNode(EX + "owner"), NamedNode(EX + "ministry"), DOC_B),
]
MAX_ROWS = 4  # fewer than the five quads, so a plain dump is cut
TIMEOUT_S = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Ten billion rows counted inside one pyoxigraph call: minutes of work that never yields.
_HUNDRED = " ".join(str(i) for i in range(100))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ {_HUNDRED} }}" for i in range(5)) + " }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <" + DATA + "doc-b> { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("store")
    store = Store(str(store_dir))
    store.extend(QUADS)
    store.flush()
    del store
    port = free_port()
    code = (
        "from pathlib import Path; from graph.endpoint import serve; "
        f"serve(Path({str(store_dir)!r}), port={port}, timeout_s={TIMEOUT_S}, max_rows={MAX_ROWS})"
    )
    base = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-c", code], base + "/"):
        yield base


def count(endpoint: str, client: str = "127.0.0.1", **params: str) -> int:
    with client_from(client) as http:
        response = http.get(f"{endpoint}/sparql", params={"query": COUNT, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_queries_without_graph_see_every_document(endpoint: str) -> None:
    assert count(endpoint) == 5


def test_default_graph_uri_narrows_the_default_graph(endpoint: str) -> None:
    assert count(endpoint, **{"default-graph-uri": DOC_B.value}) == 2


def test_sparqlwrapper_reads_json_xml_and_csv(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(f"SELECT ?label WHERE {{ <{EX}duty3> ?p ?label . FILTER(isLiteral(?label)) }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "give support", "xml:lang": "en"}}
    ]
    client.setReturnFormat(XML)
    literals = client.query().convert().getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == ["give support"]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["label", "give support"]


def test_get_post_form_and_post_body_give_the_same_answer(endpoint: str) -> None:
    url = f"{endpoint}/query"
    answers = [
        httpx.get(url, params={"query": COUNT}),
        httpx.post(url, data={"query": COUNT}),
        httpx.post(url, content=COUNT, headers={"Content-Type": "application/sparql-query"}),
    ]
    assert [response.status_code for response in answers] == [200, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()


@pytest.mark.parametrize(
    ("accept", "media_type", "rdf_format"),
    [
        (None, "text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
        ("text/html;q=0.9, text/turtle", "text/turtle", RdfFormat.TURTLE),
    ],
)
def test_construct_is_served_in_the_negotiated_rdf_format(
    endpoint: str, accept: str | None, media_type: str, rdf_format: RdfFormat
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{endpoint}/sparql", params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert len(list(parse(response.content, rdf_format))) == 2


def test_unsupported_accept_is_406(endpoint: str) -> None:
    response = httpx.get(f"{endpoint}/sparql", params={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": f"INSERT DATA {{ <{EX}x> <{EX}y> <{EX}z> }}"}},
        {"method": "POST", "content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "GET", "params": {"query": f"PREFIX ex: <{EX}> DELETE WHERE {{ ?s ?p ?o }}"}},
        {"method": "POST", "data": {"query": "DROP ALL"}},
    ],
)
def test_updates_are_refused_and_change_nothing(endpoint: str, request_kwargs: dict) -> None:
    response = httpx.request(url=f"{endpoint}/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert count(endpoint) == 5


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/store", "/data"])
def test_graph_store_writes_are_405(endpoint: str, method: str, path: str) -> None:
    response = httpx.request(
        method, f"{endpoint}{path}", params={"graph": DOC_A.value},
        content=f"<{EX}x> <{EX}y> <{EX}z> .", headers={"Content-Type": "application/n-triples"},
    )
    assert response.status_code == 405
    assert "read-only by design" in response.text
    assert count(endpoint) == 5


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS)
def test_service_in_every_spelling_is_400_and_fetches_nothing(endpoint: str, spelling: str) -> None:
    with loopback_listener() as (port, received):
        response = httpx.post(f"{endpoint}/sparql", data={"query": aimed(spelling, port)})
    assert response.status_code == 400
    assert response.text == "SERVICE (federated query) is disabled on this endpoint"
    assert received == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { BIND('use the SERVICE keyword' AS ?x) }",
        'SELECT ?x WHERE { BIND("""a long "SERVICE" text""" AS ?x) }',
        "SELECT ?service WHERE { BIND(<http://example.org/SERVICE> AS ?service) }",
        "PREFIX service: <http://example.org/> SELECT ?x WHERE { BIND(service:SERVICE AS ?x) } # SERVICE",
    ],
)
def test_the_word_service_outside_a_clause_is_allowed(endpoint: str, query: str) -> None:
    response = httpx.get(f"{endpoint}/sparql", params={"query": query})
    assert response.status_code == 200, response.text


def test_malformed_query_is_400_with_the_parser_message(endpoint: str) -> None:
    response = httpx.get(f"{endpoint}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("malformed query: error at 1:")


def test_results_beyond_max_rows_are_cut_and_flagged(endpoint: str) -> None:
    dump = httpx.get(f"{endpoint}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(dump.json()["results"]["bindings"]) == MAX_ROWS
    assert dump.headers["X-Result-Truncated"] == "true"
    construct = {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}
    graph = httpx.get(f"{endpoint}/sparql", params=construct, headers={"Accept": "application/n-triples"})
    assert len(graph.text.splitlines()) == MAX_ROWS
    assert graph.headers["X-Result-Truncated"] == "true"
    small = httpx.get(f"{endpoint}/sparql", params={"query": COUNT})
    assert "X-Result-Truncated" not in small.headers


def timed(function, *args):
    """The function's value and the seconds it took."""
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def test_runaway_query_times_out_while_other_clients_are_served(endpoint: str) -> None:
    with ThreadPoolExecutor(max_workers=6) as clients, client_from("127.0.0.2", timeout=60) as other:
        runaway = clients.submit(other.get, f"{endpoint}/sparql", params={"query": RUNAWAY})
        time.sleep(0.3)  # let the runaway take its worker
        quick = [clients.submit(timed, count, endpoint, f"127.0.1.{number % 5}") for number in range(20)]
        answers = [answer.result() for answer in quick]
        response = runaway.result()
    assert [value for value, _ in answers] == [5] * 20
    # none waited for the runaway's worker, which is busy until the limit stops it
    assert max(seconds for _, seconds in answers) < TIMEOUT_S
    assert response.status_code == 503
    assert response.text.startswith("query exceeded the 2 s limit")
    assert response.elapsed.total_seconds() < TIMEOUT_S + 2
    assert count(endpoint) == 5  # the killed worker was replaced


def test_root_describes_the_service(endpoint: str) -> None:
    description = httpx.get(endpoint + "/").json()
    assert description["query"] == ["/sparql", "/query"]
    assert description["timeout_s"] == TIMEOUT_S


def test_missing_store_fails_at_start_up_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="cannot open the store at .* read-only") as error:
        create_app(tmp_path / "no-store")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("timeout_s", [float("nan"), float("inf"), 0.0, -1.0])
def test_a_timeout_that_is_not_finite_and_positive_is_refused(tmp_path: Path, timeout_s: float) -> None:
    with pytest.raises(GraphError, match="finite number of seconds"):
        create_app(tmp_path, timeout_s=timeout_s)


def test_deep_nesting_is_400_and_the_worker_lives_on(endpoint: str) -> None:
    deep = "SELECT * WHERE " + "{ " * 10_000 + "} " * 10_000
    response = httpx.post(f"{endpoint}/sparql", content=deep, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert response.text.startswith("the query nests brackets more than 64 levels deep")
    assert count(endpoint) == 5


def test_a_body_over_the_size_limit_is_413_unread(endpoint: str) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3_100_000
    response = httpx.post(f"{endpoint}/sparql", content=huge, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000
    response = httpx.post(f"{endpoint}/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "over the limit of 1,000,000" in response.text


def test_one_client_runs_at_most_two_queries_at_once_while_others_are_served(endpoint: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as clients, client_from("127.0.0.3", timeout=60) as greedy:
        ask = functools.partial(greedy.get, f"{endpoint}/sparql", params={"query": RUNAWAY})
        runaways = [clients.submit(timed, ask) for _ in range(3)]
        time.sleep(0.5)
        assert count(endpoint, "127.0.0.4") == 5  # two workers are left for everyone else
        answers = [future.result() for future in runaways]
    assert [response.status_code for response, _ in answers] == [503] * 3
    stopped = [seconds for response, seconds in answers if response.text.startswith("query exceeded")]
    waited = [seconds for response, seconds in answers if response.text.startswith("the endpoint is busy")]
    # the third waited for one of the first two to be stopped, then ran its own full time
    assert len(stopped) == 3 and not waited
    assert max(stopped) >= 2 * TIMEOUT_S


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An endpoint with a single worker and a short queue wait, and the file its log goes to."""
    store_dir = tmp_path_factory.mktemp("one-worker")
    store = Store(str(store_dir))
    store.extend(QUADS)
    store.flush()
    del store
    port, log = free_port(), store_dir.parent / "one-worker.log"
    code = (
        "from pathlib import Path; from graph.endpoint import serve; "
        f"serve(Path({str(store_dir)!r}), port={port}, timeout_s={TIMEOUT_S}, workers=1, queue_wait_s=0.5)"
    )
    with running([sys.executable, "-c", code], f"http://127.0.0.1:{port}/", log_path=log):
        yield f"http://127.0.0.1:{port}", log


def test_a_query_waits_a_bounded_time_for_a_worker_then_is_told_busy(one_worker: tuple[str, Path]) -> None:
    endpoint, _ = one_worker
    with ThreadPoolExecutor(max_workers=1) as clients, client_from("127.0.0.2", timeout=60) as other:
        runaway = clients.submit(other.get, f"{endpoint}/sparql", params={"query": RUNAWAY})
        time.sleep(0.3)
        response = httpx.get(f"{endpoint}/sparql", params={"query": COUNT})
        assert response.status_code == 503
        assert response.text.startswith("the endpoint is busy: no query worker was free for 0.5 s")
        assert response.elapsed.total_seconds() < TIMEOUT_S
        assert runaway.result().status_code == 503


def test_a_client_hanging_up_mid_body_leaves_no_traceback(one_worker: tuple[str, Path]) -> None:
    endpoint, log = one_worker
    host, port = endpoint.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 5000\r\n\r\nSELECT")
    time.sleep(0.5)
    assert count(endpoint) == 5
    assert "Traceback" not in log.read_text(errors="replace")
