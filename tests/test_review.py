"""Review: corrections kept in their own graph, attributable, applied as the reviewed view, undone exactly,
and found again after re-extraction."""
from __future__ import annotations

import pytest
from conftest import TEXT, make_extraction
from pyoxigraph import NamedNode, RdfFormat, Store

from graph import GraphError
from graph.build import graph_iri
from graph.correct import added_duty, correction_for
from graph.export import records
from graph.named_queries import bind, get_query
from graph.query import run_query
from graph.review import REVIEWER_ENV, corrections, record, review_graph, reviewer_name, undo
from graph.reviewed import ANCHORED, ORPHANED, REANCHORED, build_view, reanchor, reviewed_view
from graph.store import replace_source
from graph.validate import validate_ntriples, validate_store
from extracting import extract

SOURCE = "opinions-test"


@pytest.fixture
def store() -> Store:
    store = Store()
    replace_source(store, make_extraction())
    return store


def correct(store: Store, kind: str, record_id: str, change: str, reviewer: str = "Ana", **values):
    return record(store, [correction_for(reviewed_view(store), SOURCE, kind, record_id, change, reviewer, **values)])


def row(store: Store, kind: str, record_id: str) -> dict | None:
    return next((r for r in records(store, kind) if r["id"] == record_id), None)


def graph_quads(store: Store, graph: NamedNode) -> set:
    return set(store.quads_for_pattern(None, None, None, graph))


def test_a_change_of_owner_is_attributed_and_leaves_the_extracted_graph_alone(store):
    extracted = graph_quads(store, graph_iri(SOURCE))
    correct(store, "duty", "d2", "set", field="owner", new="SIPO Patent Office", reference="a3")
    assert graph_quads(store, graph_iri(SOURCE)) == extracted
    said = run_query(store, f"""SELECT ?who ?when ?old ?new ?text WHERE {{ GRAPH {review_graph(SOURCE)} {{
        ?c a pkg:Correction ; prov:wasAttributedTo/rdfs:label ?who ; prov:generatedAtTime ?when ;
           pkg:oldValue ?old ; pkg:newValue ?new ; pkg:anchor/nif:anchorOf ?text }} }}""").rows
    assert len(said) == 1
    assert (said[0]["who"], said[0]["old"], said[0]["new"], said[0]["text"]) == \
        ("Ana", "IP offices nationwide", "SIPO Patent Office", "Improve the training system")
    assert said[0]["when"].startswith("20")
    view = reviewed_view(store)
    assert (row(view, "duties", "d2")["actor"], row(view, "duties", "d2")["actor_inferred"]) == ("SIPO Patent Office", False)
    assert row(view, "duties", "d2")["reviewed"] is True
    assert row(store, "duties", "d2")["actor"] == "IP offices nationwide"  # the store itself: as extracted


def test_every_correction_conforms_to_its_shape(store):
    correct(store, "duty", "d2", "set", field="owner", new="SIPO Patent Office", reference="a3")
    correct(store, "actor", "a2", "merge", new="State Intellectual Property Office", reference="a1")
    data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=review_graph(SOURCE))
    assert validate_ntriples(SOURCE, data).conforms
    unsigned = b"\n".join(line for line in data.splitlines() if b"wasAttributedTo" not in line)
    report = validate_ntriples(SOURCE, unsigned)
    assert not report.conforms and any("says who made it" in line for line in report.results)


def test_undo_restores_the_store_exactly(store):
    correct(store, "duty", "d1", "accept")
    before = set(store)
    correct(store, "duty", "d2", "set", field="modality", new="permission", reviewer="Ben")
    assert row(reviewed_view(store), "duties", "d2")["modality"] == "permission"
    undone = undo(store)
    assert [c.field for c in undone] == ["modality"]
    assert set(store) == before
    assert row(reviewed_view(store), "duties", "d2")["modality"] == "obligation"


def test_not_a_duty_leaves_the_register_and_the_mechanism(store):
    correct(store, "duty", "d1", "reject")
    view = reviewed_view(store)
    assert row(view, "duties", "d1") is None
    assert row(view, "mechanisms", "m1")["duties"] == 0
    assert [c.says() for c in corrections(store)] == ["not a duty"]


def test_merging_two_actors_moves_their_duties_and_names(store):
    correct(store, "actor", "a2", "merge", new="State Intellectual Property Office", reference="a1")
    view = reviewed_view(store)
    assert row(view, "actors", "a2") is None
    sipo = row(view, "actors", "a1")
    assert "IP offices nationwide" in sipo["aliases"]
    assert sipo["duties"] == 2
    assert row(view, "duties", "d2")["actor"] == "State Intellectual Property Office"


def test_rename_parent_and_split_of_actors(store):
    correct(store, "actor", "a3", "set", field="label", new="Patent Office")
    correct(store, "actor", "a3", "set", field="parent", new=None)
    correct(store, "actor", "a1", "split", new="SIPO")
    view = reviewed_view(store)
    office = row(view, "actors", "a3")
    assert (office["label"], office["parent"], office["aliases"]) == ("Patent Office", None, ["SIPO Patent Office"])
    split = next(r for r in records(view, "actors") if r["label"] == "SIPO")
    assert split["id"].startswith("review-")
    assert "SIPO" not in row(view, "actors", "a1")["aliases"]
    assert row(view, "duties", "d1")["actor"] == "SIPO"  # its sentence names SIPO


def test_goals_and_mechanisms_are_corrected(store):
    correct(store, "goal", "g1", "set", field="value", new="15000")
    correct(store, "goal", "g1", "set", field="year", new="2025")
    correct(store, "mechanism", "m2", "set", field="label", new="staff training system")
    correct(store, "mechanism", "m1", "reject")
    view = reviewed_view(store)
    assert (row(view, "goals", "g1")["value"], row(view, "goals", "g1")["year"]) == (15000.0, 2025)
    assert row(view, "mechanisms", "m2")["label"] == "staff training system"
    assert row(view, "mechanisms", "m1") is None
    assert row(view, "duties", "d1")["mechanisms"] == []


def test_a_missed_duty_is_added_on_the_selected_words(store):
    start = TEXT.index("the number of IP talents")
    added = record(store, [added_duty(reviewed_view(store), SOURCE, start - 1, start + 24, "Ana", action="count")])[0]
    duty = row(reviewed_view(store), "duties", added.target)
    assert (duty["text"], duty["action"], duty["found_by"], duty["section"]) == \
        ("the number of IP talents", "count", "reviewer", "II")
    assert TEXT[duty["sentence_start"]:duty["sentence_end"]].startswith("By 2020")
    assert all(report.conforms for report in validate_store(reviewed_view(store)))
    with pytest.raises(GraphError, match="not words"):
        added_duty(reviewed_view(store), SOURCE, 5, 5, "Ana")


def test_an_unknown_field_or_record_is_a_clear_error(store):
    with pytest.raises(GraphError, match="fields are"):
        correct(store, "duty", "d1", "set", field="colour", new="red")
    with pytest.raises(GraphError, match="no duty 'd9'"):
        correct(store, "duty", "d9", "reject")
    with pytest.raises(GraphError, match="no correction to undo"):
        undo(store)


def test_named_queries_and_shapes_work_on_the_reviewed_view(store):
    correct(store, "duty", "d3", "set", field="owner", new="Universities Board")
    view = reviewed_view(store)
    owners = run_query(view, bind(get_query("duties-without-named-owner"), {})).rows
    assert len(owners) < len(run_query(store, bind(get_query("duties-without-named-owner"), {})).rows)
    assert all(report.conforms for report in validate_store(view))


def test_the_reviewer_comes_from_the_option_the_environment_or_the_user(monkeypatch):
    monkeypatch.setenv(REVIEWER_ENV, "  Carla   Diaz ")
    assert reviewer_name("Ana") == "Ana"
    assert reviewer_name(None) == "Carla Diaz"
    monkeypatch.delenv(REVIEWER_ENV)
    assert reviewer_name(None)


NOTICE = """
    Notice on Shared Records

    1. The Records Board shall keep every register up to date.
    2. The Archive Office shall publish an annual report.
    3. Staff should attend the yearly training.
"""


def test_corrections_survive_re_extraction_and_orphans_are_listed():
    store = Store()
    replace_source(store, extract(NOTICE, "notice.txt"))
    view = reviewed_view(store)
    duties = {r["action"]: r for r in records(view, "duties")}
    record(store, [correction_for(view, "notice", "duty", duties["keep up"]["id"], "set", "Ana",
                                  field="owner", new="Records Office")])
    record(store, [correction_for(view, "notice", "duty", duties["attend"]["id"], "reject", "Ana")])
    assert {a.status for a in reanchor(store, "notice")} == {ANCHORED}  # the same text: nothing moves

    edited = NOTICE.replace("1. The Records", "1. Agencies shall cooperate.\n    2. The Records") \
        .replace("3. Staff should attend the yearly", "3. Staff should attend the annual")
    replace_source(store, extract(edited, "notice.txt"))
    statuses = {a.correction.says(): a.status for a in build_view(store).anchorings}
    assert statuses == {"owner: Records Board → Records Office": REANCHORED, "not a duty": ORPHANED}
    reanchor(store, "notice")
    assert {a.correction.says(): a.status for a in build_view(store).anchorings}["owner: Records Board → Records Office"] \
        == ANCHORED
    owners = {r["action"]: r["actor"] for r in records(reviewed_view(store), "duties")}
    assert owners["keep up"] == "Records Office"
    assert "attend" in owners  # the orphaned rejection is not applied, and not dropped either
    assert len(corrections(store, "notice")) == 2
