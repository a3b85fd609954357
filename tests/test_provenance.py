"""Why this record: every duty, goal and mention says which rule family found it and, for a duty, its cue."""
from __future__ import annotations

import pytest
from pyoxigraph import Store

from extract.provenance import RULE_FAMILIES
from graph.export import records
from graph.provenance import _families, describe, family_label, family_node
from graph.query import run_query
from graph.store import replace_source
from extracting import duty, extract

TEXT = """
    Guidance on Shared Records

    1. The Records Board shall ensure that every register is kept up to date.
    2. Agencies are encouraged to publish their registers.
    3. The Records Office is responsible for coordinating the audits.
    4. Archive the older registers each year.
    5. An appeals fund shall be established.
    6. By 2030, the share of digital registers will have reached 90 percent.
"""


@pytest.fixture(scope="module")
def found():
    return extract(TEXT)


@pytest.mark.parametrize(("action", "family", "cue"), [
    ("ensure", "modal", "shall ensure"),
    ("publish", "catenative", "encouraged to publish"),
    ("coordinate", "responsibility", "is responsible for coordinating"),
    ("archive", "imperative", "Archive"),
    ("establish", "passive-modal", "shall be established"),
])
def test_each_duty_keeps_its_rule_family_and_cue(found, action, family, cue):
    record = duty(found, action)
    assert record.found_by == family
    assert found.text[record.cue_span.start:record.cue_span.end] == cue


def test_goals_and_mentions_say_how_they_were_found(found):
    assert [goal.found_by for goal in found.goals] == ["forecast"]
    board = next(actor for actor in found.actors if actor.label.endswith("Records Board"))
    assert {mention.found_by for mention in board.mentions} == {"subject"}


def test_the_families_extraction_names_are_exactly_the_ontology_scheme():
    assert set(_families()) == RULE_FAMILIES
    assert family_label("lead-in-item") == "lead-in item"
    with pytest.raises(Exception, match="not in the ontology"):
        family_node("guess")


def test_graph_and_exports_carry_the_family_and_cue(found):
    store = Store()
    replace_source(store, found)
    rows = run_query(store, """SELECT ?action ?label ?cue WHERE { GRAPH ?g {
        ?duty a pkg:Duty ; pkg:action ?action ; pkg:extractedBy ?family ; pkg:cue/nif:anchorOf ?cue } }""").rows
    assert {(row["action"], row["cue"]) for row in rows} >= {("ensure", "shall ensure"), ("archive", "Archive")}
    untraced = run_query(store, """SELECT ?d WHERE { ?d a pkg:Duty FILTER NOT EXISTS { ?d pkg:extractedBy ?f } }""")
    assert untraced.rows == []
    ensure = next(row for row in records(store, "duties") if row["action"] == "ensure")
    assert (ensure["found_by"], ensure["cue"]) == ("modal", "shall ensure")
    assert found.text[ensure["cue_span_start"]:ensure["cue_span_end"]] == "shall ensure"
    board = next(row for row in records(store, "actors") if row["label"].endswith("Records Board"))
    assert board["found_by"] == ["subject"]
    assert all(row["found_by"] == ["mechanism-head"] for row in records(store, "mechanisms"))


def test_describe_says_it_in_words():
    assert describe({"found_by": "passive-modal", "cue": "shall be set up"}) == \
        "found as: passive modal, cue 'shall be set up'"
    assert describe({"found_by": ["subject", "named-body"]}) == "found as: subject of a duty, body named in the text"
