"""Exports read the graph back into the evaluation contract, and never leave half a file."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from conftest import TEXT
from pyoxigraph import RdfFormat, Store, parse
from rdflib import Graph
from rdflib.compare import isomorphic

import graph.export
from graph import GraphError
from graph.atomic import write_files
from graph.build import graph_iri
from graph.export import FIELDS, KINDS, export, records
from graph.namespace import PREFIXES
from graph.store import replace_source

# The fields ../shared/eval/README.md requires, in its order.
CONTRACT = {
    "duties": ["id", "document", "section", "text", "sentence", "start", "end", "sentence_start", "sentence_end",
               "modality", "action", "object", "actor", "actor_inferred", "mechanisms"],
    "goals": ["id", "text", "start", "end", "year", "value", "comparator", "metric", "frequency"],
    "actors": ["id", "label", "aliases", "parent", "duties"],
    "mechanisms": ["id", "label", "type", "owners", "duties"],
}


@pytest.fixture
def store(extraction) -> Store:
    store = Store()
    replace_source(store, extraction)
    return store


@pytest.mark.parametrize("kind", KINDS)
def test_rows_have_the_contract_fields_first(store, kind):
    rows = records(store, kind)
    assert rows
    for row in rows:
        assert list(row) == list(FIELDS[kind])
        assert list(row)[:len(CONTRACT[kind])] == CONTRACT[kind]


@pytest.mark.parametrize("kind", ["duties", "goals"])
def test_text_is_the_original_characters_at_the_offsets(store, kind):
    for row in records(store, kind):
        assert row["text"] == TEXT[row["start"]:row["end"]]
        assert row["sentence"] == TEXT[row["sentence_start"]:row["sentence_end"]]
        assert row["sentence_start"] <= row["start"] < row["end"] <= row["sentence_end"]


def test_duties_are_in_text_order_with_owner_or_null(store):
    duties = records(store, "duties")
    assert [duty["id"] for duty in duties] == ["d1", "d2", "d3"]
    assert [duty["actor"] for duty in duties] == ["State Intellectual Property Office", "IP offices nationwide", None]
    assert [duty["actor_inferred"] for duty in duties] == [False, True, False]
    assert duties[0]["mechanisms"] == ["talent evaluation mechanism"]
    assert (duties[0]["modality"], duties[2]["modality"]) == ("obligation", "recommendation")
    assert (duties[0]["deadline"], duties[0]["deadline_year"], duties[0]["section"]) == ("by 2015", 2015, "I")
    assert duties[0]["cue_start"] == TEXT.index("set up a talent")
    assert [duty["frequency"] for duty in duties] == [None, "annual", None]


def test_goals_actors_and_mechanisms(store):
    [goal] = records(store, "goals")
    assert (goal["year"], goal["value"], goal["comparator"], goal["frequency"]) == (2020, 12000.0, ">=", None)
    actors = {actor["id"]: actor for actor in records(store, "actors")}
    assert actors["a1"]["aliases"] == ["SIPO"] and actors["a1"]["duties"] == 1
    assert actors["a3"]["parent"] == "State Intellectual Property Office" and actors["a3"]["duties"] == 0
    mechanisms = records(store, "mechanisms")
    assert [(m["label"], m["type"], m["owners"], m["duties"]) for m in mechanisms] == [
        ("talent evaluation mechanism", "mechanism", ["State Intellectual Property Office"], 1),
        ("training system", "system", ["IP offices nationwide"], 1),
    ]


def test_an_empty_store_exports_empty_arrays(tmp_path):
    export(Store(), "all", "json", tmp_path)
    assert all(json.loads((tmp_path / f"{kind}.json").read_text()) == [] for kind in KINDS)


def test_export_all_json_writes_the_four_files_the_scorer_reads(store, tmp_path):
    written = export(store, "all", "json", tmp_path / "out")
    assert sorted(path.name for path in written) == ["actors.json", "duties.json", "goals.json", "mechanisms.json"]
    assert json.loads((tmp_path / "out" / "duties.json").read_text(encoding="utf-8")) == records(store, "duties")


def test_csv_has_a_header_and_joins_lists(store, tmp_path):
    export(store, "all", "csv", tmp_path)
    with open(tmp_path / "mechanisms.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(FIELDS["mechanisms"])
    assert rows[0]["owners"] == "State Intellectual Property Office"
    assert rows[0]["duties"] == "1"


@pytest.mark.parametrize("output_format, parser", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_rdf_exports_parse_and_filter_by_kind(store, tmp_path, output_format, parser):
    everything = Graph().parse(export(store, "all", output_format, tmp_path / f"all.{output_format}")[0], format=parser)
    duties = Graph().parse(export(store, "duties", output_format, tmp_path / f"d.{output_format}")[0], format=parser)
    assert len(everything) == len(store)
    assert 0 < len(duties) < len(everything)
    assert not any("actor/" in str(subject) for subject in duties.subjects())


def test_turtle_export_is_the_same_bytes_every_time(store, tmp_path):
    first = export(store, "all", "ttl", tmp_path / "a.ttl")[0].read_bytes()
    assert export(store, "all", "ttl", tmp_path / "b.ttl")[0].read_bytes() == first


def test_a_failing_export_leaves_no_partial_output(store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "duties.json").write_text("old")

    def fail_on_actors(store: Store, kind: str) -> list:
        if kind == "actors":
            raise GraphError("boom")
        return []

    monkeypatch.setattr(graph.export, "records", fail_on_actors)
    with pytest.raises(GraphError):
        export(store, "all", "json", out)
    assert sorted(path.name for path in out.iterdir()) == ["duties.json"]
    assert (out / "duties.json").read_text() == "old"


def test_write_files_changes_nothing_when_one_write_fails(tmp_path):
    (tmp_path / "a.json").write_text("old")
    with pytest.raises(TypeError):
        write_files({tmp_path / "a.json": b"new", tmp_path / "b.json": None})
    assert [path.name for path in tmp_path.iterdir()] == ["a.json"]
    assert (tmp_path / "a.json").read_text() == "old"


def test_write_files_refuses_a_directory_as_a_file(tmp_path):
    with pytest.raises(GraphError, match="is a directory"):
        write_files({tmp_path: b"x"})


def test_export_all_to_a_file_is_refused(store, tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(GraphError, match="is a file"):
        export(store, "all", "json", tmp_path / "taken")


def test_nquads_keep_each_triple_in_its_source_graph(store, tmp_path):
    from graph.store import load_ontology

    load_ontology(store)
    everything = list(parse(path=str(export(store, "all", "nquads", tmp_path / "all.nq")[0]), format=RdfFormat.N_QUADS))
    assert sorted(map(str, everything)) == sorted(map(str, store))  # the ontology in the default graph too
    duties = list(parse(path=str(export(store, "duties", "nquads", tmp_path / "d.nq")[0]), format=RdfFormat.N_QUADS))
    assert duties and {quad.graph_name for quad in duties} == {graph_iri("opinions-test")}


def test_jsonld_has_the_project_prefixes_as_its_context(store, tmp_path):
    document = json.loads(export(store, "all", "jsonld", tmp_path / "all.jsonld")[0].read_text(encoding="utf-8"))
    assert document["@context"] == PREFIXES
    assert any("pkg:action" in node for node in document["@graph"])
    from_jsonld = Graph().parse(tmp_path / "all.jsonld", format="json-ld")
    from_turtle = Graph().parse(export(store, "all", "ttl", tmp_path / "all.ttl")[0], format="turtle")
    assert isomorphic(from_jsonld, from_turtle)


def test_graphml_is_the_whole_network(store, tmp_path):
    network = nx.read_graphml(export(store, "all", "graphml", tmp_path / "kg.graphml")[0])
    assert network.nodes[f"{graph_iri('opinions-test').value}/duty/d1"]["kind"] == "duty"
    with pytest.raises(GraphError, match="use `export all --format graphml`"):
        export(store, "duties", "graphml", tmp_path / "duties.graphml")
