"""The viewer's read models give what the pages show, cut from the graph's own text by offset."""
from __future__ import annotations

import pytest
from conftest import TEXT, span
from pyoxigraph import Store

from graph import GraphError, views
from graph.network import WORKS_ON, record_network, select
from graph.store import replace_source


@pytest.fixture
def store(extraction) -> Store:
    store = Store()
    replace_source(store, extraction)
    return store


def _duty(store: Store, duty_id: str) -> dict:
    return next(row for row in views.duty_register(store) if row["id"] == duty_id)


def test_an_owner_is_never_blank_and_an_inferred_one_says_so(store):
    assert _duty(store, "d1")["owner"] == "State Intellectual Property Office"
    assert _duty(store, "d2")["owner"] == "(inferred) IP offices nationwide"
    assert _duty(store, "d3")["owner"] == "not stated"
    assert [_duty(store, key)["owner_status"] for key in ("d1", "d2", "d3")] == ["named", "inferred", "not stated"]


def test_each_duty_says_why_its_owner_owns_it(store):
    assert [_duty(store, key)["owner_why"] for key in ("d1", "d2", "d3")] == [
        "named as subject", "the document's addressees", "not stated"]
    assert [_duty(store, key)["owner_source"] for key in ("d1", "d2", "d3")] == ["subject", "addressees", "none"]


def test_register_rows_are_the_export_rows_with_titles_and_owner_ids(store):
    duty = _duty(store, "d1")
    assert (duty["start"], duty["end"]) == span(
        "The State Intellectual Property Office (SIPO) shall set up a talent evaluation mechanism by 2015")
    assert duty["actor_id"] == "a1"
    assert duty["document_title"] == "Opinions on Strengthening IP Talents"
    assert (duty["section"], duty["section_title"]) == ("I", "Main Tasks")
    assert duty["mechanisms"] == ["talent evaluation mechanism"]
    assert _duty(store, "d3")["actor_id"] is None


def test_a_passage_is_the_span_inside_its_sentence_cut_from_the_stored_text(store):
    text = views.source_text(store, "opinions-test")
    assert text == TEXT
    for duty in views.duty_register(store):
        passage = views.passage(text, duty["start"], duty["end"], duty["sentence_start"], duty["sentence_end"])
        assert passage.span == TEXT[duty["start"]:duty["end"]] == duty["text"]
        assert passage.before + passage.span + passage.after == duty["sentence"]


def test_a_span_outside_its_sentence_is_an_error_not_a_wrong_highlight():
    with pytest.raises(GraphError, match="does not lie inside"):
        views.passage("abcdef", 2, 9, 0, 6)


def test_an_unknown_source_is_a_clear_error(store):
    with pytest.raises(GraphError, match="no source 'missing'"):
        views.source_text(store, "missing")


def test_segments_cover_the_text_once_and_mark_overlaps_with_both():
    runs = views.segments("abcdefgh", [("duty", "d1", 1, 5), ("goal", "g1", 3, 7)])
    assert "".join(run.text for run in runs) == "abcdefgh"
    assert [(run.text, run.marks) for run in runs] == [
        ("a", ()), ("bc", (("duty", "d1"),)), ("de", (("duty", "d1"), ("goal", "g1"))), ("fg", (("goal", "g1"),)),
        ("h", ()),
    ]


def test_marked_text_is_the_whole_source_with_every_duty_goal_and_actor_mention(store):
    runs = views.marked_text(store, "opinions-test")
    assert "".join(run.text for run in runs) == TEXT
    marked = {mark for run in runs for mark in run.marks}
    assert marked == {("duty", "d1"), ("duty", "d2"), ("duty", "d3"), ("goal", "g1"), ("actor", "a1")}
    named = [run.text for run in runs if ("actor", "a1") in run.marks]
    assert named == ["State Intellectual Property Office", "SIPO"]  # both mentions, inside duty d1
    assert all(("duty", "d1") in run.marks for run in runs if ("actor", "a1") in run.marks)


def test_the_structure_lists_headings_in_text_order_with_their_duties(store):
    sections = views.structure(store, "opinions-test")
    assert [(section.label, section.title, section.level, section.duties) for section in sections] == [
        ("I", "Main Tasks", 1, 3), ("II", "Goals", 1, 0)]
    assert TEXT[sections[0].start:].startswith("I. Main Tasks")


def test_the_shacl_report_of_a_source_says_what_is_worth_a_look(store):
    report = views.shacl_report(store, "opinions-test")
    assert report.conforms
    assert any("d3 pkg:owner: no owner is stated" in line for line in report.results)
    with pytest.raises(GraphError, match="no source 'missing'"):
        views.shacl_report(store, "missing")


def test_the_network_keeps_the_neighbourhood_of_the_chosen_actors(store):
    network = record_network(store)
    assert network.nodes[_node(network, "d1")]["source"] == "opinions-test"
    everything = select(network)
    assert everything.total == everything.graph.number_of_nodes() == network.number_of_nodes()
    near = select(network, actors=["State Intellectual Property Office"], radius=1)
    assert _records(near) == {"a1", "a3", "d1"}  # its unit, its duty
    further = select(network, actors=["State Intellectual Property Office"], radius=2)
    assert _records(further) == {"a1", "a3", "d1", "m1"}
    assert select(network, actors=["nobody"]).total == 0


def test_without_duties_actors_link_straight_to_the_mechanisms_they_work_on(store):
    shown = select(record_network(store), kinds=["actor", "mechanism"]).graph
    assert {shown.nodes[node]["kind"] for node in shown} == {"actor", "mechanism"}
    [(actor, mechanism)] = [(head, tail) for head, tail, relation in shown.edges(data="relation")
                            if relation == WORKS_ON and shown.nodes[head]["id"] == "a1"]
    assert shown.nodes[mechanism]["id"] == "m1"


def test_a_capped_network_keeps_the_busiest_actors_first(store):
    capped = select(record_network(store), limit=2)
    assert capped.cut and capped.total > 2
    assert {capped.graph.nodes[node]["kind"] for node in capped.graph} == {"actor"}


def _node(network, record_id: str) -> str:
    return next(node for node, data in network.nodes(data=True) if data["id"] == record_id)


def _records(selection) -> set[str]:
    return {data["id"] for _, data in selection.graph.nodes(data=True)}


def test_counts_and_documents_describe_the_store(store):
    counts = views.counts(store)
    assert (counts.sources, counts.documents, counts.duties, counts.actors, counts.mechanisms, counts.goals) == \
        (1, 1, 3, 3, 2, 1)
    assert counts.duties_by_modality == {"obligation": 2, "permission": 0, "prohibition": 0, "recommendation": 1}
    [document] = views.documents(store)
    assert (document.title, document.number, document.date, document.duties, document.goals) == \
        ("Opinions on Strengthening IP Talents", "[2013] No. 65", "2013-05-21", 3, 1)
    assert document.addressees == ["Intellectual property offices of all provinces"]
    assert document.cites == ["Outline of the National Talent Development Plan"]


def test_an_empty_store_has_nothing_and_no_error():
    assert views.counts(Store()).sources == 0
    assert views.duty_register(Store()) == []
    assert views.documents(Store()) == []


def test_actor_detail_lists_units_owned_duties_and_their_mechanisms(store):
    detail = views.actor_detail(store, "opinions-test", "a1")
    assert detail.record["label"] == "State Intellectual Property Office"
    assert detail.record["aliases"] == ["SIPO"]
    assert detail.units == ["SIPO Patent Office"]
    assert [duty["id"] for duty in detail.duties] == ["d1"]
    assert detail.mechanisms == ["talent evaluation mechanism"]
    with pytest.raises(GraphError, match="no actor 'nobody'"):
        views.actor_detail(store, "opinions-test", "nobody")


def test_mechanism_detail_lists_its_duties_and_mentions(store):
    detail = views.mechanism_detail(store, "opinions-test", "m1")
    assert [duty["id"] for duty in detail.duties] == ["d1"]
    [mention] = detail.mentions
    assert TEXT[mention.start:mention.end] == "talent evaluation mechanism"
    assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end


def test_goals_keep_year_value_and_comparator(store):
    [goal] = views.goals(store)
    assert (goal["year"], goal["value"], goal["comparator"]) == (2020, 12000.0, ">=")


def test_a_read_only_query_returns_rows(store):
    sparql = "SELECT ?label WHERE { ?a a pkg:Actor ; skos:prefLabel ?label } ORDER BY ?label"
    result = views.read_only_query(store, sparql)
    assert [row["label"] for row in result.rows] == [
        "IP offices nationwide", "SIPO Patent Office", "State Intellectual Property Office"]


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <http://example.org/#>\n# a comment\nDELETE WHERE { ?s ?p ?o }",
    "drop all",
    "LOAD <http://example.org/data.ttl>",
])
def test_updates_are_refused(store, update):
    before = len(store)
    with pytest.raises(GraphError, match="read-only"):
        views.read_only_query(store, update)
    assert len(store) == before


def test_service_calls_are_refused(store):
    with pytest.raises(GraphError, match="SERVICE"):
        views.read_only_query(store, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_keywords_inside_strings_iris_and_comments_are_not_refused(store):
    sparql = 'SELECT ?s WHERE { ?s ?p "INSERT SERVICE" . ?s <urn:x#DELETE> ?o } # SERVICE'
    assert views.read_only_query(store, sparql).rows == []


def test_a_malformed_query_is_a_one_line_error(store):
    with pytest.raises(GraphError, match="^invalid SPARQL: [^\n]*$"):
        views.read_only_query(store, "SELECT WHERE {")


def test_sources_list_the_input_files(store):
    assert [(source.source_id, source.name) for source in views.sources(store)] == [
        ("opinions-test", "opinions-test.txt")]
