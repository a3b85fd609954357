"""The SPARQL gate: SERVICE refused in every spelling by Oxigraph's own parser, with a listener that must hear nothing.

Each spelling aims at a loopback listener ("PORT" is its port); a query that got past the gate
would make Oxigraph connect to it. The same spellings go through every front door: the shared
`guarded_query`, `policykg query`, the viewer's query process and (in test_endpoint.py) the endpoint.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_store, make_extraction
from pyoxigraph import Store
from servers import loopback_listener

from graph import GraphError
from graph.cli import main
from graph.sparql_guard import (
    MAX_QUERY_BYTES, MAX_QUERY_DEPTH, QueryRefused, check_query, guarded_query, nesting_depth, read_query_file,
)
from graph.timed_query import run_with_timeout

URL = "http://127.0.0.1:PORT/sparql"
SERVICE_SPELLINGS = [
    f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "PREFIX : <http://127.0.0.1:PORT/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",  # a prefixed name, no space
    f"PREFIX service: <http://127.0.0.1:PORT/> SELECT * {{ SERVICE service:sparql {{ ?service ?p ?o }} }}",
    f"SELECT * WHERE {{ BIND(<{URL}> AS ?u) FILTER(1<2)SERVICE?u#>\n{{ ?s ?p ?o }} }}",  # '<' is not an IRI here
    f"SELECT * {{ VALUES ?u {{ <{URL}> }} SERVICE ?u {{ ?s ?p ?o }} }}",  # a variable
    f"select * where {{ ?a ?b ?c .service silent <{URL}> {{ ?s ?p ?o }} }}",  # SILENT, lower case
    f"SELECT * {{ sErViCe SiLeNt <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ SERVICE#a comment\n<{URL}>#another\n{{ ?s ?p ?o }} }}",  # comments between the tokens
    f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:p\\# ?o . SERVICE <{URL}> {{ ?s ?p ?o }} }}",  # an escape
    "SELECT * { SERVICE <\\u0068ttp://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",  # \\u escape inside the IRI
    f"BASE <http://127.0.0.1:PORT/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",  # a relative IRI
    f"SELECT * {{ {{ SELECT * {{ OPTIONAL {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }} }} }}",  # nested
    f"SELECT * {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT (EXISTS {{ SERVICE <{URL}> {{ ?a ?b ?c }} }} AS ?x) {{ }}",
    f"ASK {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"DESCRIBE ?s WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }} }}",
]
# The word without the keyword: in a variable, a prefixed name, an IRI, strings and a comment.
SERVICE_WORDS = [
    "SELECT ?service WHERE { BIND(<http://example.org/SERVICE> AS ?service) }",
    "PREFIX service: <http://example.org/> SELECT ?x WHERE { BIND(service:SERVICE AS ?x) } # SERVICE <http://a/>",
    "SELECT ?x WHERE { BIND('use the SERVICE keyword' AS ?x) }",
    'SELECT ?x WHERE { BIND("""a long "SERVICE <http://a/> { }" text""" AS ?x) }',
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o . ?s ?p 'x'@service }",
]


def aimed(spelling: str, port: int) -> str:
    return spelling.replace("PORT", str(port))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("guard") / "store", make_extraction())


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS)
def test_service_is_refused_before_oxigraph_connects(spelling: str) -> None:
    with loopback_listener() as (port, received):
        with pytest.raises(QueryRefused) as refusal:
            guarded_query(Store(), aimed(spelling, port))
    assert refusal.value.kind == "service"
    assert received == []


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS[:6])
def test_policykg_query_refuses_service_in_one_line(capsys, store_dir: Path, spelling: str) -> None:
    with loopback_listener() as (port, received), pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), "query", aimed(spelling, port)])
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert err.startswith("policykg: error: SERVICE (federated query) is refused") and err.count("\n") == 1
    assert received == []


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS[:6])
def test_the_viewers_query_process_refuses_service(store_dir: Path, spelling: str) -> None:
    with loopback_listener() as (port, received), pytest.raises(GraphError, match="^SERVICE"):
        run_with_timeout(store_dir, aimed(spelling, port), timeout_s=30)
    assert received == []


@pytest.mark.parametrize("query", SERVICE_WORDS)
def test_the_word_service_elsewhere_runs(query: str) -> None:
    guarded_query(Store(), query)


def test_an_invalid_query_that_names_service_gets_its_syntax_error() -> None:
    with pytest.raises(SyntaxError):
        guarded_query(Store(), "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p } }")


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <http://127.0.0.1:1/x>",
                                    "PREFIX s: <urn:> DELETE WHERE { ?s s:service ?o }", "DROP SILENT ALL"])
def test_updates_are_refused_as_updates(update: str) -> None:
    with pytest.raises(QueryRefused) as refusal:
        guarded_query(Store(), update)
    assert refusal.value.kind == "update"


@pytest.mark.parametrize("opener, closer", [("{", "}"), ("(", ")"), ("[ ?p ", " ]")])
def test_nesting_deeper_than_the_limit_is_refused_before_parsing(opener: str, closer: str) -> None:
    for depth in (MAX_QUERY_DEPTH + 1, 10_000):
        with pytest.raises(QueryRefused, match="more than 64 levels") as refusal:
            check_query("SELECT * WHERE { " + opener * depth + "1" + closer * depth + " }")
        assert refusal.value.kind == "too-deep"


def test_a_query_at_the_depth_limit_runs() -> None:
    depth = MAX_QUERY_DEPTH - 2
    guarded_query(Store(), "SELECT * WHERE { FILTER(" + "(" * depth + "true" + ")" * depth + ") }")


def test_brackets_hidden_in_strings_cannot_lower_the_depth() -> None:
    assert nesting_depth('SELECT * { BIND("' + ")" * 500 + '" AS ?x) ' + "{" * 80 + "}" * 80 + " }") > 64


def test_a_query_over_the_size_limit_is_refused() -> None:
    with pytest.raises(QueryRefused, match="over the limit") as refusal:
        check_query("SELECT * WHERE { ?s ?p ?o } " + "#" * MAX_QUERY_BYTES)
    assert refusal.value.kind == "too-large"


def test_a_query_file_is_read_in_utf8_up_to_the_limit(tmp_path: Path) -> None:
    good = tmp_path / "q.rq"
    good.write_text("SELECT ?x { BIND('caf\u00e9' AS ?x) }", encoding="utf-8")
    assert "caf\u00e9" in read_query_file(good)
    latin = tmp_path / "latin.rq"
    latin.write_bytes("SELECT ?x { BIND('caf\u00e9' AS ?x) }".encode("latin-1"))
    with pytest.raises(GraphError, match=r"latin\.rq is not UTF-8"):
        read_query_file(latin)
    huge = tmp_path / "huge.rq"
    huge.write_bytes(b"#" * (MAX_QUERY_BYTES + 10))
    with pytest.raises(QueryRefused, match=r"huge\.rq holds more than"):
        read_query_file(huge)
    with pytest.raises(GraphError, match="is not a regular file"):
        read_query_file(tmp_path)
