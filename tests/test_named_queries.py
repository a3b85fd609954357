"""Named analyst queries over the bundled SIPO document, each checked against facts read in its text.

Counts that depend on how many duties the extractor finds are asserted as lower bounds; what a
sentence plainly says (who must tilt the budget, what is due by 2015) is asserted exactly.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import Store

from extract.pipeline import extract_text
from extract.records import Extraction
from graph import GraphError
from graph.named_queries import PARAMETER_TYPES, bind, load_queries, parse_query, run_named
from graph.query import run_query
from graph.store import open_store, replace_source

BUNDLED = Path(__file__).resolve().parent.parent / "extract" / "data" / "sipo-2013-ip-talents-opinions.txt"
SIPO = "State Intellectual Property Office"
TILT = "The State Intellectual Property Office shall tilt its budget for the work of talents to building the IP talents system"
CIRCULAR = ("Circular of the State Intellectual Property Office on the Printing and Distributing of Opinions on "
            "Strengthening the Building of the Intellectual Property Talents System")
OPINIONS = "Opinions on Strengthening the Building of the Intellectual Property Talents System"
# An invented second document: the same office, under its name and abbreviation, citing the Opinions.
NOTICE = """Notice of the State Intellectual Property Office on Training Patent Examiners

The provincial and municipal intellectual property offices,

In accordance with the *Opinions on Strengthening the Building of the Intellectual Property Talents System*, \
the State Intellectual Property Office (SIPO) shall set up a national training platform for patent examiners by 2016. \
The provincial and municipal intellectual property offices shall report their training plans to the SIPO every year.
"""


@pytest.fixture(scope="module")
def bundled() -> Extraction:
    return extract_text(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name)


@pytest.fixture(scope="module")
def store(bundled: Extraction, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(tmp_path_factory.mktemp("named") / "store")
    replace_source(store, bundled)
    return store


@pytest.fixture(scope="module")
def corpus(bundled: Extraction) -> Store:
    """The bundled document and the invented notice, as two sources."""
    store = Store()
    replace_source(store, bundled)
    replace_source(store, extract_text(NOTICE, "sipo-examiner-training-notice.txt"))
    return store


def rows(store: Store, name: str, **params: str) -> list[dict]:
    return run_named(store, name, params).rows


def test_every_query_file_has_a_title_description_and_typed_parameters():
    queries = load_queries()
    assert len(queries) >= 10
    for query in queries.values():
        assert query.title and query.description
        assert all(parameter.type in PARAMETER_TYPES and parameter.description for parameter in query.parameters)


def test_duties_of_an_actor_give_role_and_inferred_flag(store):
    duties = {row["duty"]: row for row in rows(store, "duties-of-actor", actor=SIPO)}
    assert (duties[TILT]["role"], duties[TILT]["inferred"], duties[TILT]["modality"]) == ("owner", False, "obligation")
    # "... under which the SIPO is responsible for holistically coordinating and giving macro-instructions ..."
    [coordinating] = [duty for duty in duties if duty.startswith("the SIPO is responsible for holistically coordinating")]
    assert duties[coordinating]["role"] == "lead"
    assert {row["owner"] for row in duties.values()} == {SIPO}


def test_an_actor_is_found_by_any_alias_in_any_letter_case(store):
    by_label = rows(store, "duties-of-actor", actor=SIPO)
    assert rows(store, "duties-of-actor", actor="sipo") == by_label
    assert rows(store, "duties-of-actor", actor=SIPO.upper()) == by_label


def test_duties_inferred_for_the_addressees_of_the_circular(store):
    # The circular issues the opinions "for your implementation": their imperatives fall to its addressees.
    duties = rows(store, "duties-of-actor", actor="Intellectual property offices of all provinces")
    assert len(duties) >= 50
    assert all(row["inferred"] for row in duties)
    assert "Uphold the great banner of socialism with Chinese characteristics" in {row["duty"] for row in duties}


def test_who_owns_duties_mentioning_a_phrase(store):
    [budget] = rows(store, "owners-of-phrase", phrase="BUDGET")  # "budget" occurs once in the text
    assert (budget["owner"], budget["duty"], budget["inferred"]) == (SIPO, TILT, False)
    # The text opens mid-page ("ment specific duties to specific persons, and involve ..."): a scar of the
    # document before it, so nothing of it is read as a duty.
    assert rows(store, "owners-of-phrase", phrase="annual dynamic examination") == []


def test_mechanisms_with_their_owners(store):
    mechanisms = {row["mechanism"]: row for row in rows(store, "mechanisms-with-owners")}
    assert SIPO in mechanisms["IP talents system"]["owners"].split("; ")  # tilt its budget ... to building it
    assert mechanisms["IP talents system"]["duties"] >= 2
    assert mechanisms["12th Five-year Plan for IP Talents"]["owners"] == "not stated"  # cited, acted on by no owner


def test_goals_by_deadline_year(store):
    goals = {row["goal"]: row for row in rows(store, "goals-by-year", year="2015")}
    examiners = goals["the number of patent examiners will have reached 12,000"]  # "By 2015, ..."
    assert (examiners["value"], examiners["document"]) == (12000.0, OPINIONS)
    assert not any("comparative advantages" in goal for goal in goals)  # a 2020 goal
    assert any("comparative advantages" in row["goal"] for row in rows(store, "goals-by-year", year="2020"))
    assert rows(store, "goals-by-year", year="1999") == []


def test_duties_with_deadlines_or_conditions(store):
    found = rows(store, "duties-with-deadlines-or-conditions")
    assert all(row["deadline"] or row["condition"] for row in found)
    # "Keep implementing the "100 + 1,000 + 10,000" IP talent project, ... to about 1,000 by 2015."
    [talent_project] = [row for row in found if row["duty"].startswith('Keep implementing the "100 + 1,000')]
    assert (talent_project["deadline"], talent_project["year"]) == ("by 2015", "2015")
    assert any(row["condition"] for row in found)


def test_duties_with_no_named_owner(store):
    found = {row["duty"]: row for row in rows(store, "duties-without-named-owner")}
    assert len(found) >= 50
    assert TILT not in found
    # the file's opening fragment ("... and involve the work of promoting ...") is a scar, not a document
    assert not any(duty.startswith("involve the work of promoting") for duty in found)
    assert found["Uphold the great banner of socialism with Chinese characteristics"]["inferred_owner"].startswith(
        "addressees of")


def test_actors_ranked_by_duty_load(store):
    load = rows(store, "actor-duty-load")
    assert [row["total"] for row in load] == sorted((row["total"] for row in load), reverse=True)
    assert all(row["total"] == row["explicit"] + row["inferred"] for row in load)
    sipo = next(row for row in load if row["actor"] == SIPO)
    assert sipo["explicit"] >= 3 and sipo["inferred"] == 0 and sipo["lead"] >= 1
    addressees = next(row for row in load if row["actor"].startswith("addressees of"))
    assert addressees["inferred"] >= 50 and addressees["explicit"] == 0


def test_actors_that_share_a_mechanism(store):
    # SIPO tilts its budget to building the IP talents system; the nationwide IP system has to
    # "solidly push forward the implementation of the building of the IP talents system".
    pairs = {frozenset((row["actor"], row["other"])): row for row in rows(store, "actors-sharing-mechanism")}
    shared = pairs[frozenset((SIPO, "Nationwide IP system"))]
    assert "IP talents system" in shared["mechanisms"].split("; ")
    assert shared["shared"] >= 1


def test_documents_citing_a_document(store):
    outline = rows(store, "documents-citing", title="outline of the national mid and long-term talent")
    assert {row["citing"] for row in outline} == {CIRCULAR, OPINIONS}  # both cite the Outline
    assert CIRCULAR in {row["citing"] for row in rows(store, "documents-citing", title="Opinions on Strengthening")}


def test_the_same_actor_across_documents(store, corpus):
    assert rows(store, "same-actor-across-sources") == []  # one source
    shared = {row["name"].lower(): row for row in rows(corpus, "same-actor-across-sources")}
    for name in ("state intellectual property office", "sipo", "provincial and municipal intellectual property offices"):
        assert shared[name]["sources"] == 2
        assert set(shared[name]["source_ids"].split("; ")) == {"sipo-2013-ip-talents-opinions",
                                                                "sipo-examiner-training-notice"}
    citing = {row["citing"] for row in rows(corpus, "documents-citing", title=OPINIONS)}
    assert "Notice of the State Intellectual Property Office on Training Patent Examiners" in citing


def test_a_query_asked_of_one_source_sees_only_that_source(corpus):
    everywhere = run_named(corpus, "duties-of-actor", {"actor": SIPO}).rows
    assert {row["source"] for row in everywhere} == {"sipo-2013-ip-talents-opinions", "sipo-examiner-training-notice"}
    notice = rows_in(corpus, "duties-of-actor", ["sipo-examiner-training-notice"], actor=SIPO)
    assert notice == [row for row in everywhere if row["source"] == "sipo-examiner-training-notice"]
    assert any(row["duty"].startswith("the State Intellectual Property Office (SIPO) shall set up") for row in notice)
    both = rows_in(corpus, "duties-of-actor", ["sipo-examiner-training-notice", "sipo-2013-ip-talents-opinions"],
                   actor=SIPO)
    assert both == everywhere
    assert rows_in(corpus, "same-actor-across-sources", ["sipo-examiner-training-notice"]) == []


def test_asking_a_source_the_store_lacks_says_how_to_list_them(corpus):
    with pytest.raises(GraphError, match=r"no source 'nowhere'; `policykg list`"):
        rows_in(corpus, "duties-of-actor", ["nowhere"], actor=SIPO)


def test_a_name_parameter_ignores_letter_case_and_spacing(store):
    assert rows(store, "duties-of-actor", actor="  state   INTELLECTUAL property\toffice ") == \
        rows(store, "duties-of-actor", actor=SIPO)


def rows_in(store: Store, name: str, sources: list[str], **params: str) -> list[dict]:
    return run_query(store, bind(load_queries()[name], params), sources=sources).rows


@pytest.mark.parametrize("value", [
    'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER ("',
    "x') } UNION { ?d ?p ?duty } #",
    "\\\" } UNION { ?src ?p ?o } #",
    "\\u0022 } UNION { ?src ?p ?o } #",
])
def test_a_parameter_value_is_data_and_cannot_change_the_query(store, value):
    before = len(store)
    assert rows(store, "owners-of-phrase", phrase=value) == []
    assert rows(store, "duties-of-actor", actor=value) == []
    assert len(store) == before


def test_quotes_in_a_parameter_are_matched_as_text(store):
    [project] = rows(store, "owners-of-phrase", phrase='the "100 + 1,000 + 10,000" IP talent project')
    assert project["duty"].startswith('Keep implementing the "100 + 1,000 + 10,000"')


QUERY = """# title: Sources
# description: One source by graph.
# param: graph (type: iri) — the source's graph IRI
SELECT ?id WHERE {
  VALUES ?graph { UNDEF }
  GRAPH ?graph { ?src a pkg:Source ; dcterms:identifier ?id }
}
"""


def test_an_iri_parameter_is_checked_and_bound_as_an_iri(store):
    query = parse_query("sources", QUERY)
    graph = "https://w3id.org/policykg/data/sipo-2013-ip-talents-opinions"
    assert run_query(store, bind(query, {"graph": graph})).rows == [{"id": "sipo-2013-ip-talents-opinions"}]
    with pytest.raises(GraphError, match="graph must be an IRI"):
        bind(query, {"graph": graph + "> } UNION { ?s ?p ?o"})


@pytest.mark.parametrize("values, message", [
    ({}, "needs --param actor="),
    ({"actor": "SIPO", "year": "2015"}, "has no parameter 'year'; it takes actor"),
])
def test_parameters_are_all_required_and_none_unknown(values, message):
    with pytest.raises(GraphError, match=message):
        bind(load_queries()["duties-of-actor"], values)


def test_a_year_must_look_like_a_year():
    with pytest.raises(GraphError, match="year must be a year like 2015, not '2015 OR 1'"):
        bind(load_queries()["goals-by-year"], {"year": "2015 OR 1"})


@pytest.mark.parametrize("text, message", [
    ("# description: no title\nSELECT * WHERE { }", "lacks a `# title: ...`"),
    ("# title: t\n# description: d\n# param: x (type: number) — a number\nSELECT * WHERE { }", "type 'number'"),
    ("# title: t\n# description: d\n# param: x is a string\nSELECT * WHERE { }", "cannot read `# param: x is a string`"),
    ("# title: t\n# description: d\n# param: x (type: string) — x\nSELECT * { }", "must hold `VALUES ?x { UNDEF }` once"),
    ("# title: t\n# description: d\n# param: x (type: string) — x\n# VALUES ?x { UNDEF }\nSELECT * { }",
     "must hold `VALUES ?x { UNDEF }` once"),
])
def test_a_malformed_header_is_a_clear_error(text, message):
    with pytest.raises(GraphError, match=re.escape(message)):
        parse_query("broken", text)
