"""What a new user of the command line runs into: where --store goes, exporting one source, a
validation report that reads at a glance, a taken port, pushing to a read-only endpoint, and
naming an actor the way the text does (abbreviation, short form)."""
from __future__ import annotations

import gc
import json
import socket
import sys
from pathlib import Path

import pytest
from conftest import make_extraction
from servers import free_port, running
from test_cli import assert_one_line_error, run

import graph.cli
from extract.records import Actor
from graph.export import KINDS
from graph.store import open_store, replace_source


def _store(directory: Path, *extractions) -> Path:
    store = open_store(directory)
    for extraction in extractions:
        replace_source(store, extraction)
    del store
    gc.collect()
    return directory


def _second_source():
    """The fixture text as another source, its duties owned by an invented board and its short form."""
    extraction = make_extraction()
    extraction.source_id, extraction.source_name = "board-rules", "board-rules.txt"
    extraction.actors = [Actor("b1", "Water and Energy Board of Atlantis", "government-body"),
                         Actor("b2", "Board", "government-body"),
                         Actor("b3", "Energy Office", "government-body")]
    for duty, (label, actor_id) in zip(extraction.duties, [("Water and Energy Board of Atlantis", "b1"),
                                                           ("Board", "b2"), ("Board", "b2")]):
        duty.actor, duty.actor_id, duty.actor_inferred = label, actor_id, False
    return extraction


@pytest.fixture
def two_sources(tmp_path) -> Path:
    return _store(tmp_path / "store", make_extraction(), _second_source())


def _list(capsys, *args: str) -> tuple[int, list[str]]:
    code, out, _ = run(capsys, *args, "list")
    return code, [line.split("\t")[0] for line in out.splitlines()]


def test_store_is_taken_before_or_after_the_subcommand_or_from_the_environment(capsys, two_sources, monkeypatch):
    expected = ["board-rules", "opinions-test"]
    assert _list(capsys, "--store", str(two_sources)) == (0, expected)
    code, out, _ = run(capsys, "list", "--store", str(two_sources))
    assert (code, [line.split("\t")[0] for line in out.splitlines()]) == (0, expected)
    monkeypatch.setenv("POLICYKG_STORE", str(two_sources))
    assert _list(capsys) == (0, expected)
    code, _, err = run(capsys, "query", "ASK {}", "--store", str(two_sources.parent / "elsewhere"))
    assert code == 1 and "no store at" in err  # the option wins over the environment
    _, out, _ = run(capsys, "build", "--help")
    assert "--store" in out


def test_export_prints_every_file_and_takes_one_source(capsys, two_sources, tmp_path):
    code, out, _ = run(capsys, "export", "all", "--store", str(two_sources), "--source", "board-rules",
                       "--out", str(tmp_path / "one"))
    assert code == 0
    assert sorted(out.splitlines()) == sorted(str(tmp_path / "one" / f"{kind}.json") for kind in KINDS)
    duties = json.loads((tmp_path / "one" / "duties.json").read_text(encoding="utf-8"))
    assert {duty["source"] for duty in duties} == {"board-rules"}
    run(capsys, "export", "duties", "--store", str(two_sources), "--out", str(tmp_path / "all.json"))
    every = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert {duty["source"] for duty in every} == {"board-rules", "opinions-test"}
    code, _, _ = run(capsys, "export", "all", "--format", "nquads", "--store", str(two_sources),
                     "--source", "opinions-test", "--source", "board-rules", "--out", str(tmp_path / "both.nq"))
    graphs = {line.rsplit(" ", 2)[-2] for line in (tmp_path / "both.nq").read_text().splitlines()
              if line.count("<https://w3id.org/policykg/data/") and line.endswith("> .")}
    assert code == 0 and len(graphs) >= 2
    code, _, err = run(capsys, "export", "duties", "--store", str(two_sources), "--source", "nope",
                       "--out", str(tmp_path / "x.json"))
    assert code == 1 and "no source 'nope'" in err and not (tmp_path / "x.json").exists()


def _many_warnings(count: int):
    """An extraction with `count` duties without an owner: as many SHACL warnings of one shape."""
    extraction = make_extraction()
    template = extraction.duties[2]
    extraction.duties += [
        type(template)(**{**vars(template), "id": f"d{100 + number}"}) for number in range(count - 1)]
    return extraction


def test_validate_groups_findings_by_shape_with_three_examples(capsys, tmp_path):
    store = _store(tmp_path / "store", _many_warnings(7))
    code, out, _ = run(capsys, "validate", "--store", str(store))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "opinions-test: conforms (0 violation(s), 7 warning(s), 0 info(s))"
    assert lines[1] == "  Warning, DutyShape pkg:owner: 7"
    assert [line.strip().startswith("Warning: duty/d") for line in lines[2:5]] == [True] * 3
    assert lines[5].strip().startswith("… 4 more")
    assert len(lines) == 6
    code, out, _ = run(capsys, "validate", "--store", str(store), "--all")
    assert len([line for line in out.splitlines() if line.strip().startswith("Warning: duty/")]) == 7
    code, out, _ = run(capsys, "validate", "--store", str(store), "--format", "json")
    [report] = json.loads(out)
    assert report["conforms"] is True and report["counts"]["Warning"] == 7
    assert len(report["findings"]) == 7 and {finding["path"] for finding in report["findings"]} == {"pkg:owner"}


def test_app_on_a_taken_port_says_so_and_names_the_option(capsys, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(graph.cli.os, "execv", lambda program, argv: calls.append(argv))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, "app", "--store", str(tmp_path / "s"), "--port", str(port))
    assert code == 1
    assert_one_line_error(err)
    assert f"port {port} is already in use" in err and "--port" in err
    assert calls == []


def test_app_passes_the_project_streamlit_settings_and_the_port(capsys, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(graph.cli.os, "execv", lambda program, argv: calls.append(argv))
    monkeypatch.chdir(tmp_path)  # anywhere but the project
    port = str(free_port())
    code, _, _ = run(capsys, "app", "--port", port)
    assert code == 0
    [argv] = calls
    assert argv[1:3] == ["-m", "viewer.serve"] and argv[3].endswith("app.py")  # the first page's code preloaded
    options = dict(zip(argv[4:argv.index("--"):2], argv[5:argv.index("--"):2]))
    assert options["--server.port"] == port
    assert options["--runner.magicEnabled"] == "false"
    assert options["--client.toolbarMode"] == "minimal"
    assert options["--browser.gatherUsageStats"] == "false"


def test_push_to_the_read_only_endpoint_says_it_is_read_only_by_design(capsys, two_sources):
    port = free_port()
    command = [sys.executable, "-c", "from graph.cli import main; main()", "serve", "--store", str(two_sources),
               "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/"):
        code, _, err = run(capsys, "push", "--store", str(two_sources), "--endpoint",
                           f"http://127.0.0.1:{port}/store")
    assert code == 1
    assert_one_line_error(err)
    assert "HTTP 405" in err and "read-only" in err and "by design" in err and "oxigraph serve" in err


def _duties_of(capsys, store: Path, actor: str) -> tuple[int, list[dict], str]:
    code, out, err = run(capsys, "query", "--store", str(store), "--name", "duties-of-actor", "--param",
                         f"actor={actor}", "--format", "json")
    return code, json.loads(out) if code == 0 else [], err


@pytest.mark.parametrize("name", ["WEBA", "Water and Energy Board of Atlantis", "the water and energy board of atlantis"])
def test_an_actor_is_found_by_abbreviation_and_its_short_form_comes_along(capsys, two_sources, name):
    code, rows, err = _duties_of(capsys, two_sources, name)
    assert code == 0
    assert sorted(row["owner"] for row in rows) == ["Board", "Board", "Water and Energy Board of Atlantis"]
    assert "matched Water and Energy Board of Atlantis" in err
    assert "Board (short form of Water and Energy Board of Atlantis)" in err


def test_an_alias_finds_its_actor_and_the_match_is_said(capsys, two_sources):
    code, rows, err = _duties_of(capsys, two_sources, "sipo")
    assert code == 0 and {row["owner"] for row in rows} == {"State Intellectual Property Office"}
    assert "matched State Intellectual Property Office (alias)" in err


def test_an_unknown_actor_lists_the_nearest_names(capsys, two_sources):
    code, _, err = _duties_of(capsys, two_sources, "Energy Ofice")
    assert code == 1
    assert_one_line_error(err)
    assert "no actor is named 'Energy Ofice'" in err and "nearest names: Energy Office" in err
