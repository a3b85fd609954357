"""The command line: help everywhere, one-line errors, exit codes, and no half-written output."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import TEXT, make_extraction
from servers import free_port, graph_sizes, oxigraph_server, running

import graph.cli
import graph.export
from graph import GraphError
from graph.cli import main
from graph.export import KINDS
from graph.store import open_store, replace_source

CORPUS = Path(__file__).resolve().parents[1] / "extract" / "data" / "sipo-2013-ip-talents-opinions.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run `policykg ARGS` in-process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def assert_one_line_error(err: str) -> None:
    assert err.startswith("policykg: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.fixture
def store_dir(tmp_path) -> Path:
    """A store on disk holding the fixture source, closed again so the CLI can open it."""
    directory = tmp_path / "store"
    store = open_store(directory)
    replace_source(store, make_extraction())
    del store
    gc.collect()
    return directory


@pytest.mark.parametrize("command", [[], ["build"], ["add"], ["query"], ["export"], ["analyse"], ["validate"],
                                     ["app"], ["list"], ["remove"], ["serve"], ["push"]])
def test_every_command_has_help(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith(f"Usage: policykg {' '.join(command)}".rstrip())


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary data"),
    ("Caf\u00e9 policy text".encode("latin-1"), "not valid UTF-8"),
])
def test_unreadable_input_is_one_line_and_writes_nothing(capsys, tmp_path, content, message):
    source = tmp_path / "input.txt"
    if content is not None:
        source.write_bytes(content)
    code, _, err = run(capsys, "export", "all", "--input", str(source), "--out", str(tmp_path / "out"))
    assert code == 1
    assert_one_line_error(err)
    assert message in err
    assert not (tmp_path / "out").exists()


def test_the_console_process_prints_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from graph.cli import main; main()", "validate", "--input", str(tmp_path / "none.txt")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert_one_line_error(result.stderr)


def test_debug_shows_the_real_exception(tmp_path):
    from extract.read import InputError

    with pytest.raises(InputError):
        main(["--debug", "validate", "--input", str(tmp_path / "none.txt")])


def test_usage_errors_exit_2_in_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "export", "all", "--format", "xml", "--out", str(tmp_path))
    assert code == 2
    assert_one_line_error(err)
    code, _, err = run(capsys, "query", "SELECT * WHERE {}", "--file", __file__)
    assert code == 2
    assert_one_line_error(err)


def test_commands_on_a_missing_store_say_to_build_first(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "nowhere"))
    code, _, err = run(capsys, "query", "ASK {}")
    assert code == 1
    assert_one_line_error(err)
    assert "run `policykg build` first" in err


def test_query_prints_rows_in_each_format(capsys, store_dir, tmp_path):
    sparql = "SELECT ?id ?action WHERE { ?d a pkg:Duty ; dcterms:identifier ?id ; pkg:action ?action } ORDER BY ?id"
    _, out, _ = run(capsys, "--store", str(store_dir), "query", sparql, "--format", "json")
    assert json.loads(out)[0] == {"id": "d1", "action": "set up"}
    _, out, _ = run(capsys, "--store", str(store_dir), "query", sparql, "--format", "csv")
    assert out.splitlines()[:2] == ["id,action", "d1,set up"]
    (tmp_path / "q.rq").write_text(sparql, encoding="utf-8")
    _, out, _ = run(capsys, "--store", str(store_dir), "query", "--file", str(tmp_path / "q.rq"))
    assert out.splitlines()[2].split() == ["d1", "set", "up"]
    assert out.endswith("(3 rows)\n")


def test_query_asks_only_the_given_sources(capsys, store_dir):
    sparql = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pkg:Duty }"
    _, out, _ = run(capsys, "--store", str(store_dir), "query", sparql, "--source", "opinions-test", "--format", "json")
    assert json.loads(out) == [{"n": 3}]
    code, _, err = run(capsys, "--store", str(store_dir), "query", sparql, "--source", "no-such-source")
    assert code == 1
    assert_one_line_error(err)
    assert "no source 'no-such-source'" in err


def test_invalid_sparql_is_one_line(capsys, store_dir):
    code, _, err = run(capsys, "--store", str(store_dir), "query", "SELECT ?x WHERE {")
    assert code == 1
    assert_one_line_error(err)
    assert "invalid SPARQL" in err


def test_export_from_the_store(capsys, store_dir, tmp_path):
    code, out, _ = run(capsys, "--store", str(store_dir), "export", "all", "--out", str(tmp_path / "out"))
    assert code == 0
    assert sorted(Path(line).name for line in out.splitlines()) == sorted(f"{kind}.json" for kind in KINDS)
    duties = json.loads((tmp_path / "out" / "duties.json").read_text(encoding="utf-8"))
    assert [duty["text"] for duty in duties] == [TEXT[duty["start"]:duty["end"]] for duty in duties]


def test_a_failing_export_keeps_the_old_file(capsys, store_dir, tmp_path, monkeypatch):
    out = tmp_path / "duties.json"
    out.write_text("old")

    def broken(store, kind):
        raise GraphError("the graph could not be read")

    monkeypatch.setattr(graph.export, "records", broken)
    code, _, err = run(capsys, "--store", str(store_dir), "export", "duties", "--out", str(out))
    assert code == 1
    assert_one_line_error(err)
    assert out.read_text() == "old"
    assert sorted(tmp_path.iterdir()) == sorted([store_dir, out])


def test_validate_passes_warnings_and_fails_violations(capsys, store_dir, tmp_path):
    code, out, _ = run(capsys, "--store", str(store_dir), "validate")
    assert code == 0
    assert "opinions-test: conforms (0 violation(s), 1 warning(s), 0 info(s))" in out
    broken = make_extraction()
    broken.duties[0].end = broken.duties[0].start
    store = open_store(tmp_path / "broken")
    replace_source(store, broken)
    del store
    gc.collect()
    code, out, _ = run(capsys, "--store", str(tmp_path / "broken"), "validate")
    assert code == 1
    assert "does not conform (1 violation(s)" in out


def test_list_and_remove(capsys, store_dir):
    _, out, _ = run(capsys, "--store", str(store_dir), "list")
    assert out.startswith("opinions-test\topinions-test.txt\t")
    code, out, _ = run(capsys, "--store", str(store_dir), "remove", "opinions-test")
    assert (code, out) == (0, "removed opinions-test\n")
    code, _, err = run(capsys, "--store", str(store_dir), "remove", "opinions-test")
    assert code == 1
    assert_one_line_error(err)


def test_app_runs_streamlit_headless_on_the_store(capsys, tmp_path, monkeypatch):
    viewer = tmp_path / "app.py"
    viewer.write_text("")
    calls = []
    monkeypatch.setattr(graph.cli, "VIEWER", viewer)
    monkeypatch.setattr(graph.cli.os, "execv", lambda program, argv: calls.append(argv))
    port = str(free_port())
    code, _, _ = run(capsys, "--store", str(tmp_path / "s"), "app", "--port", port)
    assert code == 0
    [argv] = calls
    assert argv[1:3] == ["-m", "viewer.serve"] and argv[3] == str(viewer)  # `streamlit run`, the first page preloaded
    store = str((tmp_path / "s").resolve())
    assert argv[4:] == ["--server.headless", "true", "--server.port", port, "--", "--store", store]


def test_export_all_of_a_real_text_keeps_the_contract(capsys, tmp_path):
    code, _, err = run(capsys, "export", "all", "--input", str(CORPUS), "--format", "json", "--out", str(tmp_path))
    assert (code, err) == (0, "")
    text = CORPUS.read_text(encoding="utf-8")
    duties = json.loads((tmp_path / "duties.json").read_text(encoding="utf-8"))
    assert len(duties) > 50
    for duty in duties:
        assert duty["text"] == text[duty["start"]:duty["end"]]
        assert duty["sentence"] == text[duty["sentence_start"]:duty["sentence_end"]]
    assert all(isinstance(json.loads((tmp_path / f"{kind}.json").read_text()), list) for kind in KINDS)


def test_building_the_bundled_document_gives_the_same_export_as_input(capsys, tmp_path):
    store = str(tmp_path / "store")
    code, out, _ = run(capsys, "--store", store, "build")
    assert code == 0
    assert out.startswith("sipo-2013-ip-talents-opinions: ")
    run(capsys, "--store", store, "export", "all", "--out", str(tmp_path / "from-store"))
    run(capsys, "export", "all", "--input", str(CORPUS), "--out", str(tmp_path / "from-input"))
    for kind in KINDS:
        from_store, from_input = (tmp_path / folder / f"{kind}.json" for folder in ("from-store", "from-input"))
        assert from_store.read_bytes() == from_input.read_bytes()


def source_ids(capsys, store: Path) -> list[str]:
    _, out, _ = run(capsys, "--store", str(store), "list")
    return [line.split("\t")[0] for line in out.splitlines()]


def test_add_replaces_a_file_added_again_and_remove_takes_it_out(capsys, tmp_path):
    first, second = tmp_path / "first-notice.txt", tmp_path / "second-notice.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT.replace("2020", "2025"), encoding="utf-8")
    store = tmp_path / "store"
    code, out, _ = run(capsys, "--store", str(store), "add", str(first), str(second))
    assert code == 0 and out.startswith("first-notice: ")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, before, _ = run(capsys, "--store", str(store), "query", count, "--format", "csv")
    run(capsys, "--store", str(store), "add", str(first))
    _, after, _ = run(capsys, "--store", str(store), "query", count, "--format", "csv")
    assert after == before
    assert source_ids(capsys, store) == ["first-notice", "second-notice"]
    run(capsys, "--store", str(store), "remove", "first-notice")
    assert source_ids(capsys, store) == ["second-notice"]


def test_add_with_an_unreadable_file_adds_none_of_them(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path / "store"), "add", str(good), str(tmp_path / "missing.txt"))
    assert code == 1
    assert_one_line_error(err)
    assert not (tmp_path / "store").exists()


def test_add_needs_a_file(capsys, tmp_path):
    code, _, err = run(capsys, "--store", str(tmp_path / "store"), "add")
    assert code == 2
    assert_one_line_error(err)


def test_query_lists_the_named_queries(capsys):
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    assert "duties-of-actor: Duties of an actor" in out
    assert "--param actor=...  (name)" in out


def test_a_named_query_takes_its_parameters(capsys, store_dir):
    code, out, _ = run(capsys, "--store", str(store_dir), "query", "--name", "duties-of-actor",
                       "--param", "actor=sipo", "--format", "json")
    assert code == 0
    [duty] = json.loads(out)
    assert (duty["owner"], duty["role"], duty["inferred"]) == ("State Intellectual Property Office", "owner", False)


@pytest.mark.parametrize("args, code, message", [
    (["--name", "no-such-query"], 1, "no named query 'no-such-query'"),
    (["--name", "duties-of-actor"], 1, "needs --param actor="),
    (["--name", "duties-of-actor", "--param", "actor"], 2, "'actor' is not NAME=VALUE"),
    (["--param", "actor=x", "SELECT * WHERE {}"], 2, "--param goes with --name"),
    (["--list", "--name", "duties-of-actor"], 2, "give one of"),
])
def test_named_query_mistakes_are_one_line(capsys, store_dir, args, code, message):
    exit_code, _, err = run(capsys, "--store", str(store_dir), "query", *args)
    assert exit_code == code
    assert_one_line_error(err)
    assert message in err


def test_analyse_reports_and_writes_graphml(capsys, store_dir, tmp_path):
    import networkx as nx

    code, out, _ = run(capsys, "--store", str(store_dir), "analyse", "--out", str(tmp_path / "net"))
    assert code == 0
    assert "Duty load" in out and "Betweenness centrality" in out and "Orphan mechanisms" in out
    network = nx.read_graphml(tmp_path / "net" / graph.cli.GRAPHML_FILE)
    assert {kind for _, kind in network.nodes(data="kind")} == {"actor", "duty", "mechanism", "goal"}


def test_serve_prints_the_url_and_passes_the_limits(capsys, store_dir, monkeypatch):
    import graph.endpoint

    calls = []
    monkeypatch.setattr(graph.endpoint, "serve", lambda *args, **options: calls.append((args, options)))
    port = free_port()
    code, out, _ = run(capsys, "--store", str(store_dir), "serve", "--port", str(port), "--timeout", "5",
                       "--max-rows", "7", "--workers", "3")
    assert code == 0
    assert out.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/sparql")
    [(args, options)] = calls
    listening = options.pop("listening")
    assert listening.getsockname() == ("127.0.0.1", port)  # bound before the line was printed
    listening.close()
    assert (args, options) == ((store_dir,), {"timeout_s": 5.0, "max_rows": 7, "workers": 3, "per_client": 2,
                                                 "queue_wait_s": 60.0})


def test_serve_answers_sparql_over_http(store_dir):
    port = free_port()
    command = [sys.executable, "-c", "from graph.cli import main; main()", "--store", str(store_dir), "serve",
               "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/"):
        response = httpx.get(f"http://127.0.0.1:{port}/sparql", headers={"Accept": "text/csv"}, params={
            "query": "SELECT ?action WHERE { ?d a <https://w3id.org/policykg/ontology#Duty> ; "
                     "<https://w3id.org/policykg/ontology#action> ?action } ORDER BY ?action"})
    assert response.status_code == 200
    assert response.text.split() == ["action", "give", "support", "improve", "set", "up"]


def test_serve_without_a_store_says_to_build_first(capsys, tmp_path):
    code, _, err = run(capsys, "--store", str(tmp_path / "none"), "serve")
    assert code == 1
    assert "run `policykg build` first" in err


def test_push_sends_each_document_graph_to_a_triple_store(capsys, store_dir, tmp_path):
    with oxigraph_server(tmp_path / "oxigraph") as server:
        code, out, _ = run(capsys, "--store", str(store_dir), "push", "--endpoint", server + "/store",
                           "--graph-base", "https://kg.example.org/")
        sizes = graph_sizes(server)
    assert code == 0
    assert sizes == {"https://kg.example.org/opinions-test": int(out.split("\t")[1].split()[0])}
    assert out.startswith("https://kg.example.org/opinions-test\t")


def test_push_takes_no_credentials_on_the_command_line(capsys):
    _, out, _ = run(capsys, "push", "--help")
    assert "POLICYKG_PUSH_TOKEN" in " ".join(out.split())
    assert not any(option in out for option in ("--password", "--token", "--user"))


def test_analyse_of_an_emptied_store_says_to_build(capsys, store_dir):
    run(capsys, "--store", str(store_dir), "remove", "opinions-test")
    code, _, err = run(capsys, "--store", str(store_dir), "analyse")
    assert code == 1
    assert "run `policykg build` first" in err
