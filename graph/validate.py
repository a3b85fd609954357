"""Check a source graph against `ontology/shapes.ttl` with pyshacl.

A source conforms when it has no sh:Violation; warnings (a duty with no owner, a goal with no
deadline) are counted and listed but do not fail it, because they describe the text, not a
broken graph. The ontology is passed as pyshacl's ontology graph so shapes see the class
hierarchy (a pkg:Sentence is a pkg:TextSpan).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import NamedNode, RdfFormat, Store, serialize
from pyshacl import validate
from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node, URIRef

from extract.records import Extraction
from graph.build import build_quads, graph_iri
from graph.namespace import ONTOLOGY_FILE, PREFIXES, SHAPES_FILE
from graph.store import list_sources

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass
class ValidationReport:
    """What SHACL found in one source: counts by severity and one line per result."""

    source_id: str
    counts: dict[str, int] = field(default_factory=dict)
    results: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return self.counts.get("Violation", 0) == 0

    @property
    def text(self) -> str:
        summary = ", ".join(f"{self.counts.get(name, 0)} {name.lower()}(s)" for name in SEVERITIES)
        verdict = "conforms" if self.conforms else "does not conform"
        return "\n".join([f"{self.source_id}: {verdict} ({summary})", *(f"  {line}" for line in self.results)])


def validate_extraction(extraction: Extraction) -> ValidationReport:
    """Validate the graph an extraction builds, without touching any store."""
    triples = [quad.triple for quad in build_quads(extraction)]
    return validate_ntriples(extraction.source_id, serialize(triples, format=RdfFormat.N_TRIPLES))


def validate_store(store: Store) -> list[ValidationReport]:
    """Validate every source graph in the store."""
    reports = []
    for source in list_sources(store):
        data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(source.graph))
        reports.append(validate_ntriples(source.source_id, data))
    return reports


def validate_ntriples(source_id: str, data: bytes) -> ValidationReport:
    """Validate one source graph given as N-Triples."""
    graph = Graph().parse(data=data, format="nt")
    _, results, _ = validate(graph, shacl_graph=_shapes(), ont_graph=_ontology(), allow_warnings=True)
    base = f"{graph_iri(source_id).value}/"
    found: list[tuple[int, str]] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        focus = _short(results.value(result, SH.focusNode), base)
        path = results.value(result, SH.resultPath)
        where = f" {_path(results, path, base)}" if path is not None else ""
        message = results.value(result, SH.resultMessage)
        found.append((SEVERITIES.index(severity), f"{severity}: {focus}{where}: {message}"))
    found.sort()
    counts = Counter(SEVERITIES[rank] for rank, _ in found)
    return ValidationReport(source_id, dict(counts), [line for _, line in found])


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _short(term: Node | None, base: str) -> str:
    """A node as a reader would name it: `duty/d3` for the source's own nodes, `pkg:owner` for terms."""
    if isinstance(term, URIRef):
        if term.startswith(base):
            return term[len(base):]
        for prefix, namespace in PREFIXES.items():
            if term.startswith(namespace):
                return f"{prefix}:{term[len(namespace):]}"
    return str(term)


def _path(graph: Graph, path: Node, base: str) -> str:
    """A SHACL property path in SPARQL syntax: `prov:wasDerivedFrom/nif:beginIndex`, `^pkg:hasDuty`."""
    if isinstance(path, BNode):
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{_path(graph, inverse, base)}"
        return "/".join(_path(graph, step, base) for step in Collection(graph, path))
    return _short(path, base)
