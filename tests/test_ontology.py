"""The ontology and the shapes: they parse, agree with graph.namespace, and judge the fixture right."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, serialize

from extract.lexicon import mechanism_types
from extract.pipeline import extract_text
from graph.build import build_quads
from graph.namespace import (DPV, NIF, ODRL, ONTOLOGY_FILE, ORG, OWL, PKG, PROV, RDF, RDFS, SHAPES_FILE, SKOS,
                             Vocabulary)
from graph.validate import validate_extraction, validate_ntriples

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, SKOS.ConceptScheme}


def _load(path: Path) -> Store:
    store = Store()
    store.load(path=str(path), format=RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def ontology() -> Store:
    return _load(ONTOLOGY_FILE)


def _objects(store: Store, subject: NamedNode, predicate: NamedNode) -> set:
    return {quad.object for quad in store.quads_for_pattern(subject, predicate, None)}


def _has(store: Store, subject: NamedNode, predicate: NamedNode, value: NamedNode) -> bool:
    return any(True for _ in store.quads_for_pattern(subject, predicate, value))


def _terms_in(store: Store, vocabulary: Vocabulary) -> set[NamedNode]:
    """Every IRI of the file in the vocabulary's namespace, listed there or not."""
    return {term for quad in store for term in (quad.subject, quad.predicate, quad.object)
            if isinstance(term, NamedNode) and term.value.startswith(vocabulary.iri)}


def test_ontology_declares_exactly_the_namespace_terms(ontology):
    terms = _terms_in(ontology, PKG)
    declared = {term for term in terms if _objects(ontology, term, RDF.type) & DECLARATIONS}
    assert terms == declared == set(PKG.terms.values())


def test_a_misspelt_term_is_an_error():
    with pytest.raises(AttributeError, match="'Dutty' is not a term"):
        PKG.Dutty  # noqa: B018
    assert PKG.Duty in PKG and PKG.Duty.value in PKG and NIF.Context not in PKG


def test_every_class_and_property_has_a_label(ontology):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for quad in ontology.quads_for_pattern(None, RDF.type, kind):
            assert _objects(ontology, quad.subject, RDFS.label), quad.subject


def test_terms_are_aligned_to_w3c_vocabularies(ontology):
    assert _has(ontology, PKG.Duty, RDFS.subClassOf, ODRL.Duty)
    assert _has(ontology, PKG.Actor, RDFS.subClassOf, ORG.Organization)
    assert _has(ontology, PKG.owner, RDFS.subPropertyOf, ODRL.assignee)
    assert _has(ontology, PKG.Source, RDFS.subClassOf, NIF.Context)
    for modality, rule in ((PKG.Obligation, DPV.Obligation), (PKG.Permission, DPV.Permission),
                           (PKG.Prohibition, DPV.Prohibition)):
        assert _has(ontology, modality, SKOS.closeMatch, rule)


def test_shapes_only_use_terms_that_exist():
    shapes = _load(SHAPES_FILE)
    for vocabulary in (PKG, NIF):
        for term in _terms_in(shapes, vocabulary):
            assert term in vocabulary, term


def test_fixture_conforms_with_a_warning_for_the_duty_without_owner(extraction):
    report = validate_extraction(extraction)
    assert report.conforms
    assert report.counts == {"Warning": 1}
    assert report.results == ["Warning: duty/d3 pkg:owner: no owner is stated for this duty"]


def _graph_without(extraction, predicate: NamedNode, subject_suffix: str) -> bytes:
    triples = [quad.triple for quad in build_quads(extraction)
               if not (quad.predicate == predicate and quad.subject.value.endswith(subject_suffix))]
    return serialize(triples, format=RdfFormat.N_TRIPLES)


def test_duty_without_its_span_is_a_violation(extraction):
    report = validate_ntriples(extraction.source_id, _graph_without(extraction, PROV.wasDerivedFrom, "/duty/d1"))
    assert not report.conforms
    assert report.counts["Violation"] == 2  # no span, so no begin index and no sentence
    assert all(line.startswith("Violation: duty/d1 prov:wasDerivedFrom/") for line in report.results[:2])


def test_duty_without_modality_is_a_violation(extraction):
    report = validate_ntriples(extraction.source_id, _graph_without(extraction, PKG.modality, "/duty/d1"))
    assert not report.conforms
    assert any(line.startswith("Violation: duty/d1 pkg:modality") for line in report.results)


def test_span_ending_before_it_begins_is_a_violation(extraction):
    extraction.duties[1].end = extraction.duties[1].start
    report = validate_extraction(extraction)
    assert report.counts["Violation"] == 1
    assert "span needs one begin index, before its end index" in report.results[0]


def test_span_past_the_end_of_the_text_is_a_violation(extraction):
    extraction.goals[0].end = len(extraction.text) + 5
    report = validate_extraction(extraction)
    assert not report.conforms
    assert "ends after the end of its source text" in report.results[0]


def test_goal_without_deadline_is_only_a_warning(extraction):
    extraction.goals[0].year = None
    report = validate_extraction(extraction)
    assert report.conforms
    assert "Warning: goal/g1 pkg:deadline: no deadline is stated for this goal" in report.results


REAL_TEXTS = [Path(__file__).resolve().parents[1] / "extract" / "data" / "sipo-2013-ip-talents-opinions.txt",
              Path(__file__).resolve().parents[2] / "shared" / "corpus" / "us-eo14057-federal-sustainability-2021.txt"]


@pytest.mark.parametrize("path", [p for p in REAL_TEXTS if p.exists()], ids=lambda p: p.stem)
def test_graphs_of_real_documents_conform_to_the_shapes(path):
    report = validate_extraction(extract_text(path.read_text(encoding="utf-8"), path.name))
    assert report.conforms, report.text


def test_every_mechanism_type_of_the_lexicon_is_a_concept_of_the_ontology(ontology):
    notations = {notation.value for quad in ontology.quads_for_pattern(None, SKOS.inScheme, PKG.MechanismTypes)
                 for notation in _objects(ontology, quad.subject, SKOS.notation)}
    assert set(mechanism_types().values()) == notations
