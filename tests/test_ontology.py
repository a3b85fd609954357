"""The ontology and the shapes: they parse, agree with graph.namespace, and judge the fixture right."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize
from rdflib import Graph, URIRef
from rdflib.namespace import ODRL2, ORG, OWL, PROV, RDF, RDFS, SKOS

from extract.lexicon import mechanism_types
from extract.pipeline import extract_text
from graph.build import build_quads
from graph.namespace import DPV, NIF, ONTOLOGY_FILE, PKG, SHAPES_FILE
from graph.validate import validate_extraction, validate_ntriples

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, SKOS.ConceptScheme}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _terms_in(graph: Graph, namespace: str) -> set[URIRef]:
    return {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(namespace)}


def test_ontology_declares_exactly_the_namespace_terms(ontology):
    terms = _terms_in(ontology, str(PKG._NS))
    declared = {term for term in terms if set(ontology.objects(term, RDF.type)) & DECLARATIONS}
    assert terms == declared == {PKG[name] for name in PKG.__annotations__}


def test_every_class_and_property_has_a_label(ontology):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            assert ontology.value(term, RDFS.label) is not None, term


def test_terms_are_aligned_to_w3c_vocabularies(ontology):
    assert (PKG.Duty, RDFS.subClassOf, ODRL2.Duty) in ontology
    assert (PKG.Actor, RDFS.subClassOf, ORG.Organization) in ontology
    assert (PKG.owner, RDFS.subPropertyOf, ODRL2.assignee) in ontology
    assert (PKG.Source, RDFS.subClassOf, NIF.Context) in ontology
    for modality, rule in ((PKG.Obligation, DPV.Obligation), (PKG.Permission, DPV.Permission),
                           (PKG.Prohibition, DPV.Prohibition)):
        assert (modality, SKOS.closeMatch, rule) in ontology


def test_shapes_only_use_terms_that_exist():
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    for term in _terms_in(shapes, str(PKG._NS)):
        assert term in PKG, term
    for term in _terms_in(shapes, str(NIF._NS)):
        assert term in NIF, term


def test_fixture_conforms_with_a_warning_for_the_duty_without_owner(extraction):
    report = validate_extraction(extraction)
    assert report.conforms
    assert report.counts == {"Warning": 1}
    assert report.results == ["Warning: duty/d3 pkg:owner: no owner is stated for this duty"]


def _graph_without(extraction, predicate: URIRef, subject_suffix: str) -> bytes:
    triples = [quad.triple for quad in build_quads(extraction)
               if not (quad.predicate.value == str(predicate) and quad.subject.value.endswith(subject_suffix))]
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
    notations = {str(n) for c in ontology.subjects(SKOS.inScheme, PKG.MechanismTypes)
                 for n in ontology.objects(c, SKOS.notation)}
    assert set(mechanism_types().values()) == notations
