"""Records become the quads of one named graph, every fact traced to its characters."""
from __future__ import annotations

import hashlib

import pytest
from pyoxigraph import Store

from graph import GraphError
from graph.build import build_quads, graph_iri
from graph.namespace import DATA, PREFIXES
from conftest import TEXT, make_extraction, span

GRAPH = f"{DATA}opinions-test"


@pytest.fixture
def store(extraction) -> Store:
    store = Store()
    store.extend(build_quads(extraction))
    return store


def holds(store: Store, pattern: str) -> bool:
    """Whether the graph matches a SPARQL pattern; `d:` abbreviates the source's node IRIs."""
    return bool(store.query(f"PREFIX d: <{GRAPH}/> ASK {{ GRAPH <{GRAPH}> {{ {pattern} }} }}", prefixes=PREFIXES))


def test_all_quads_are_in_the_source_graph_and_nodes_under_it(extraction):
    quads = build_quads(extraction)
    assert graph_iri("opinions-test").value == GRAPH
    assert {quad.graph_name.value for quad in quads} == {GRAPH}
    assert all(quad.subject.value.startswith(f"{GRAPH}/") for quad in quads)


def test_source_holds_name_hash_and_full_text(store):
    sha256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert holds(store, f"""d:source a pkg:Source ; pkg:sourceName "opinions-test.txt" ;
        dcterms:identifier "opinions-test" ; pkg:sha256 "{sha256}" ; nif:isString ?text .
        FILTER (STRLEN(?text) = {len(TEXT)})""")


def test_duty_carries_every_field_and_its_span(store):
    start, end = span(make_extraction().duties[0].text)
    assert holds(store, f"""
        d:document\\/doc1 pkg:hasDuty d:duty\\/d1 .
        d:duty\\/d1 a pkg:Duty ; dcterms:identifier "d1" ; pkg:modality pkg:Obligation ; pkg:action "set up" ;
            pkg:object "a talent evaluation mechanism" ; pkg:owner d:actor\\/a1 ; pkg:ownerRole "owner" ;
            pkg:actorInferred false ; pkg:deadlineText "by 2015" ; pkg:isHeading false ;
            pkg:cueIndex {TEXT.index("set up a talent")} ;
            pkg:createsOrImproves d:mechanism\\/m1 ; pkg:inSection d:section\\/sec1 ;
            pkg:deadline [ a time:Instant ; time:inXSDgYear "2015"^^xsd:gYear ] ;
            prov:wasDerivedFrom ?span .
        ?span a pkg:TextSpan ; nif:beginIndex {start} ; nif:endIndex {end} ; pkg:inSentence d:sentence\\/s1 ;
            nif:referenceContext d:source .""")


def test_unknown_owner_and_condition_are_stated_as_they_are(store):
    assert not holds(store, "d:duty\\/d3 pkg:owner ?anyone")
    assert holds(store, 'd:duty\\/d3 pkg:modality pkg:Recommendation ; pkg:condition "where funds allow"')
    assert holds(store, "d:duty\\/d2 pkg:actorInferred true ; pkg:owner d:actor\\/a2")


def test_every_span_anchor_is_the_text_at_its_offsets(store):
    rows = list(store.query(
        """SELECT ?begin ?end ?anchor
           WHERE { GRAPH ?g { ?s nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?anchor } }""",
        prefixes=PREFIXES,
    ))
    assert len(rows) > 10
    for row in rows:
        assert row["anchor"].value == TEXT[int(row["begin"].value):int(row["end"].value)]


def test_actors_have_labels_aliases_parent_and_mentions(store):
    start, end = span("SIPO")
    assert holds(store, f"""d:actor\\/a1 a pkg:Actor ; skos:prefLabel "State Intellectual Property Office" ;
        skos:altLabel "SIPO" ; pkg:actorKind "government-body" ;
        prov:wasDerivedFrom [ nif:beginIndex {start} ; nif:endIndex {end} ; pkg:inSentence d:sentence\\/s1 ] .
        d:actor\\/a3 org:subOrganizationOf d:actor\\/a1 .""")


def test_mechanisms_goals_documents_and_sections(store):
    assert holds(store, """d:mechanism\\/m2 a pkg:Mechanism ; skos:prefLabel "training system" ;
        pkg:mechanismType "system" ; prov:wasDerivedFrom [ pkg:inSentence d:sentence\\/s2 ] .
        d:duty\\/d2 pkg:createsOrImproves d:mechanism\\/m2 .""")
    assert holds(store, """d:goal\\/g1 a pkg:Goal ; pkg:targetValue 12000.0e0 ; pkg:comparator ">=" ;
        pkg:metric "number of IP talents" ; pkg:deadline [ time:inXSDgYear "2020"^^xsd:gYear ] ;
        pkg:inDocument d:document\\/doc1 ; pkg:inSection d:section\\/sec2 .""")
    assert holds(store, """d:document\\/doc1 a pkg:Document ; dcterms:title "Opinions on Strengthening IP Talents" ;
        dcterms:issued "2013-05-21"^^xsd:date ; pkg:number "[2013] No. 65" ; pkg:inSource d:source ;
        pkg:issuer "State Intellectual Property Office" ;
        pkg:addressee "Intellectual property offices of all provinces" ;
        pkg:cites [ a pkg:Document ; dcterms:title "Outline of the National Talent Development Plan" ] .""")
    assert holds(store, """d:section\\/sec1 a pkg:Section ; skos:notation "I" ; dcterms:title "Main Tasks" ;
        pkg:level 1 ; pkg:inDocument d:document\\/doc1 ; prov:wasDerivedFrom [ nif:anchorOf "I. Main Tasks" ] .
        d:sentence\\/s3 a pkg:Sentence ; pkg:inSection d:section\\/sec2 .""")


def test_a_citation_of_a_document_in_the_same_source_links_to_it(extraction):
    extraction.documents[0].cites = [extraction.documents[0].title]
    store = Store()
    store.extend(build_quads(extraction))
    assert holds(store, "d:document\\/doc1 pkg:cites d:document\\/doc1")


def test_record_ids_are_percent_encoded_in_iris_but_keep_their_slashes(extraction):
    extraction.duties[0].id = "doc 1/d1"
    extraction.mechanisms[0].duties = ["doc 1/d1"]
    assert any(quad.subject.value == f"{GRAPH}/duty/doc%201/d1" for quad in build_quads(extraction))


def test_each_quad_is_built_once(extraction):
    extraction.goals[0].year = 2015  # the same year as duty d1's deadline
    quads = build_quads(extraction)
    assert len(quads) == len(set(quads))


@pytest.mark.parametrize("break_it, message", [
    (lambda ex: setattr(ex.duties[0], "sentence", "s9"), "duty 'd1' refers to sentence 's9'"),
    (lambda ex: setattr(ex.duties[0], "section", "IX"), "duty 'd1' lies in section 'IX'"),
    (lambda ex: setattr(ex.duties[0], "actor_id", "a9"), "duty 'd1' refers to actor 'a9'"),
    (lambda ex: setattr(ex.duties[0], "actor_id", None), "duty 'd1' names owner"),
    (lambda ex: setattr(ex.duties[0], "modality", "duty"), "duty 'd1' has modality 'duty'"),
    (lambda ex: setattr(ex.mechanisms[0], "duties", ["d9"]), "mechanism 'm1' refers to duty 'd9'"),
    (lambda ex: setattr(ex.actors[2], "parent", "a9"), "actor 'a3' refers to actor 'a9'"),
    (lambda ex: setattr(ex.documents[0], "date", "May 21, 2013"), "not an ISO date"),
    (lambda ex: ex.goals.append(ex.goals[0]), "two goals have the id 'g1'"),
])
def test_inconsistent_extraction_is_refused_with_one_clear_line(extraction, break_it, message):
    break_it(extraction)
    with pytest.raises(GraphError, match=message.replace("(", r"\(")) as caught:
        build_quads(extraction)
    assert "\n" not in str(caught.value)
