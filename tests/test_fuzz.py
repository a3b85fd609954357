"""Hostile input, generated: over 500 bad inputs across every command and the endpoint, each refused cleanly.

The contract for each: a non-zero exit (or a 4xx answer), one line saying what is wrong, no
traceback, no file written, the store's files exactly as before, and no outbound connection
(SERVICE spellings and push targets point at a loopback listener that must hear nothing).
Examples are derandomized, so every run tries the same inputs; the whole file runs in about a
minute. Counts: `EXAMPLES` per test, summed in `test_the_suite_tries_at_least_500_inputs`.
"""
from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import httpx
import pytest
from conftest import build_store, make_extraction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import free_port, loopback_listener, running
from test_sparql_guard import SERVICE_SPELLINGS, aimed

from graph.cli import main

EXAMPLES = {"query": 120, "query_file": 40, "export_out": 40, "input_file": 40, "push": 60, "serve": 60,
            "endpoint": 160}


def fuzz(name: str) -> settings:
    """Derandomized settings with the test's share of the examples; fixtures are module-wide, so reuse is meant."""
    return settings(max_examples=EXAMPLES[name], deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.filter_too_much, HealthCheck.data_too_large])


VALID = ("SELECT ?d ?action WHERE { ?d a pkg:Duty ; pkg:action ?action . "
         "FILTER(CONTAINS(?action, 'set')) } ORDER BY ?d LIMIT 5")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("fuzz") / "store", make_extraction())


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """The loopback listener every outbound request would reach; it must hear nothing all module long."""
    with loopback_listener() as (listening, received):
        yield listening
    assert received == []


def fingerprint(directory: Path) -> str:
    """The store's files, their sizes and times (RocksDB's own info logs aside)."""
    digest = hashlib.sha256()
    for entry in sorted(directory.iterdir()):
        if not entry.name.startswith("LOG"):
            info = entry.stat()
            digest.update(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def refused(store_dir: Path, *args: str) -> str:
    """Run `policykg --store STORE ARGS` in-process; check the contract and return the error line."""
    before = fingerprint(store_dir)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), *args])
    assert exit_.value.code not in (0, None), (args, out.getvalue())
    message = err.getvalue()
    assert message.startswith("policykg: error: ") and message.count("\n") == 1, (args, message)
    assert "Traceback" not in message and out.getvalue() == ""
    assert fingerprint(store_dir) == before
    return message


# --- SPARQL through `policykg query` ------------------------------------------------------------

_NOISE = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_CASED = st.sampled_from(["SERVICE", "service", "Service", "sErViCe"])
_GAP = st.sampled_from([" ", "\n", "\t", " #c\n", "#x\n "])


@st.composite
def bad_queries(draw: st.DrawFn) -> str:
    """A query that must not run: truncated, deep, an update, a SERVICE call in a generated spelling, or noise."""
    kind = draw(st.sampled_from(["truncated", "deep", "update", "service", "spelled", "noise"]))
    if kind == "truncated":
        return VALID[: draw(st.integers(1, VALID.index("LIMIT") - 1))] + draw(st.sampled_from(["", " {", " (", "'"]))
    if kind == "deep":
        opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")"), ("[ ?p ", " ]")]))
        depth = draw(st.integers(65, 5000))
        return "SELECT * WHERE { FILTER(" + opener * depth + "1" + closer * depth + ") }"
    if kind == "update":
        verb = draw(st.sampled_from(["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
                                     "DROP ALL", "CLEAR DEFAULT", "LOAD <http://127.0.0.1:1/x>", "CREATE GRAPH <urn:g>"]))
        return draw(st.sampled_from(["", "PREFIX ex: <urn:ex:> "])) + draw(_GAP) + verb
    if kind == "service":
        return draw(st.sampled_from(SERVICE_SPELLINGS))
    if kind == "spelled":
        silent = draw(st.sampled_from(["", "SILENT", "silent"]))
        target = draw(st.sampled_from(["<http://127.0.0.1:PORT/sparql>", "?u", ":x"]))
        return (f"PREFIX : <http://127.0.0.1:PORT/> SELECT * WHERE {{ VALUES ?u {{ <http://127.0.0.1:PORT/> }}"
                f"{draw(_GAP)}{draw(_CASED)}{draw(_GAP)}{silent}{draw(_GAP)}{target}{draw(_GAP)}{{ ?s ?p ?o }} }}")
    return "SELECT " + draw(_NOISE) + " WHERE {"


@fuzz("query")
@given(query=bad_queries())
def test_bad_queries_are_refused_in_one_line(store_dir: Path, port: int, query: str) -> None:
    refused(store_dir, "query", aimed(query, port))


@fuzz("query_file")
@given(data=st.one_of(st.binary(min_size=1, max_size=200).filter(lambda b: b.decode("utf-8", "ignore") != b.decode("utf-8", "replace")),
                      st.sampled_from([b"\xff\xfe\x00S", "SELECT ?x { BIND('caf\u00e9' AS ?x) }".encode("latin-1"),
                                       b"#" * 1_000_001])))
def test_bad_query_files_are_refused_naming_the_file(store_dir: Path, tmp_path_factory, data: bytes) -> None:
    query_file = tmp_path_factory.mktemp("rq") / "bad.rq"
    query_file.write_bytes(data)
    assert str(query_file) in refused(store_dir, "query", "--file", str(query_file))


# --- files written and read ---------------------------------------------------------------------

@fuzz("export_out")
@given(kind=st.sampled_from(["duties", "goals", "actors", "mechanisms"]),
       output_format=st.sampled_from(["json", "csv", "ttl", "nquads"]),
       target=st.sampled_from(["fifo", "socket", "directory", "file-as-folder", "too-long"]))
def test_export_to_what_is_not_a_regular_file_writes_nothing(store_dir: Path, tmp_path_factory, kind: str,
                                                             output_format: str, target: str) -> None:
    from test_hostile_files import special_files

    folder = tmp_path_factory.mktemp("out")
    made = special_files(folder)
    (folder / "plain").write_text("a file")
    out = {"file-as-folder": folder / "plain" / "x.json", "too-long": folder / ("x" * 300)}.get(target, made.get(target))
    before = sorted(os.listdir(folder))
    refused(store_dir, "export", kind, "--format", output_format, "--out", str(out))
    assert sorted(os.listdir(folder)) == before


@fuzz("input_file")
@given(command=st.sampled_from([["add"], ["validate", "--input"], ["export", "duties", "--out", "OUT", "--input"],
                                ["analyse", "--input"]]),
       data=st.one_of(st.just(b""), st.binary(min_size=1, max_size=64).map(lambda b: b"\x00" + b),
                      st.text(min_size=1, max_size=40).map(lambda t: ("caf\u00e9 " + t).encode("latin-1", "replace")
                                                           .replace(b"?", b"\xe9")),
                      st.just(b"%PDF-1.7\n%broken"), st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)))
def test_unreadable_documents_are_refused_by_every_command(store_dir: Path, tmp_path_factory, command: list[str],
                                                           data: bytes) -> None:
    folder = tmp_path_factory.mktemp("input")
    document = folder / "bad.txt"
    document.write_bytes(data)
    args = [str(folder / "out.json") if part == "OUT" else part for part in command]
    assert "bad.txt" in refused(store_dir, *args, str(document))
    assert sorted(os.listdir(folder)) == ["bad.txt"]


# --- push and serve -----------------------------------------------------------------------------

_NOT_AN_IRI = st.builds(lambda head, bad, tail: f"https://kg.example/{head}{bad}{tail}",
                        st.text("abc/", max_size=5), st.sampled_from([" ", ">", "<", '"', "{", "\n", "\\", "^", "`"]),
                        st.text("abc", max_size=5))


@fuzz("push")
@given(case=st.one_of(
    st.tuples(st.just("endpoint"), st.sampled_from(["localhost:7878/store", "ftp://127.0.0.1:PORT/x", "http://",
                                                    "http://ann:pw@127.0.0.1:PORT/store", "http://127.0.0.1:PORT/\n"])),
    st.tuples(st.just("graph-base"), _NOT_AN_IRI),
    st.tuples(st.just("token"), st.builds(lambda a, b: f"{a}\r\n{b}", st.text("abcdef", max_size=6),
                                          st.sampled_from(["X-Injected: 1", "", "Host: evil"])))))
def test_push_refuses_bad_targets_and_tokens_before_connecting(store_dir: Path, port: int, monkeypatch,
                                                               case: tuple[str, str]) -> None:
    field, value = case
    endpoint = f"http://127.0.0.1:{port}/store"
    args = ["push", "--endpoint", aimed(value, port) if field == "endpoint" else endpoint]
    if field == "graph-base":
        args += ["--graph-base", value]
    with monkeypatch.context() as patch:
        if field == "token":
            patch.setenv("POLICYKG_PUSH_TOKEN", value)
        message = refused(store_dir, *args)
    assert "pw@" not in message and "\r" not in message


@fuzz("serve")
@given(option=st.one_of(
    st.tuples(st.just("--timeout"), st.sampled_from(["nan", "inf", "-inf", "0", "-1", "1e999", "NaN", "", "1s"])),
    st.tuples(st.just("--timeout"), st.text(st.characters(codec="ascii", exclude_categories=["Nd"]), min_size=1,
                                            max_size=8).filter(lambda t: t.strip().lower() not in ("nan", "inf", "infinity"))),
    st.tuples(st.just("--port"), st.one_of(st.integers(max_value=0), st.integers(min_value=65536)).map(str)),
    st.tuples(st.just("--workers"), st.integers(max_value=0).map(str)),
    st.tuples(st.just("--per-client"), st.sampled_from(["0", "-3", "two"])),
    st.tuples(st.just("--max-rows"), st.sampled_from(["0", "-1", "many"]))))
def test_serve_refuses_bad_settings_before_starting(store_dir: Path, option: tuple[str, str]) -> None:
    name, value = option
    assert name in refused(store_dir, "serve", "--port", str(free_port()), f"{name}={value}")


# --- the endpoint -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    port = free_port()
    code = (f"from pathlib import Path; from graph.endpoint import serve; "
            f"serve(Path({str(store_dir)!r}), port={port}, timeout_s=5)")
    with running([sys.executable, "-c", code], f"http://127.0.0.1:{port}/"):
        yield f"http://127.0.0.1:{port}"


@st.composite
def bad_requests(draw: st.DrawFn) -> dict:
    """A protocol request that must be refused: a bad query, method, body type, size or parameter."""
    kind = draw(st.sampled_from(["query", "query", "query", "method", "content-type", "update", "params", "huge"]))
    if kind == "query":
        query = draw(bad_queries())
        how = draw(st.sampled_from(["get", "form", "body"]))
        if how == "get" and len(query) < 2000:
            return {"method": "GET", "params": {"query": query}}
        if how == "form":
            return {"method": "POST", "data": {"query": query}}
        return {"method": "POST", "content": query.encode(), "headers": {"Content-Type": "application/sparql-query"}}
    if kind == "method":
        return {"method": draw(st.sampled_from(["PUT", "DELETE", "PATCH"])), "params": {"query": VALID}}
    if kind == "content-type":
        return {"method": "POST", "content": VALID.encode(),
                "headers": {"Content-Type": draw(st.sampled_from(["text/plain", "application/json", "x/y", ""]))}}
    if kind == "update":
        return {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}
    if kind == "params":
        return {"method": "GET", "params": draw(st.sampled_from([{}, {"query": [VALID, VALID]}, {"update": "DROP ALL"}]))}
    return {"method": "POST", "content": b"SELECT * {} #" + b"x" * draw(st.integers(1_000_000, 3_200_000)),
            "headers": {"Content-Type": "application/sparql-query"}}


@fuzz("endpoint")
@given(request=bad_requests())
def test_the_endpoint_refuses_bad_requests_with_a_4xx_line(endpoint: str, port: int, store_dir: Path,
                                                           request: dict) -> None:
    before = fingerprint(store_dir)
    params = request.pop("params", None)
    if params is not None and "query" in params and isinstance(params["query"], str):
        params = {"query": aimed(params["query"], port)}
    for key in ("data",):
        if key in request:
            request[key] = {"query": aimed(request[key]["query"], port)}
    if "content" in request and request["content"].startswith(b"PREFIX") or b"PORT" in request.get("content", b""):
        request["content"] = aimed(request["content"].decode(), port).encode()
    response = httpx.request(url=f"{endpoint}/sparql", params=params, timeout=60, **request)
    assert 400 <= response.status_code < 500, (request, response.status_code, response.text[:200])
    assert "\n" not in response.text.strip() and "Traceback" not in response.text
    assert fingerprint(store_dir) == before


def test_the_suite_tries_at_least_500_inputs() -> None:
    assert sum(EXAMPLES.values()) >= 500
