"""Check a source graph against `ontology/shapes.ttl` with pyshacl.

A source conforms when it has no sh:Violation; warnings (a duty with no owner, a goal with no
deadline) are counted and listed but do not fail it, because they describe the text, not a
broken graph. The ontology is passed as pyshacl's ontology graph so shapes see the class
hierarchy (a pkg:Sentence is a pkg:TextSpan).
"""
from __future__ import annotations

import re
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


@dataclass(frozen=True)
class Finding:
    """One SHACL result: how severe, which shape found it, on which node and path, and what it says."""

    severity: str
    shape: str
    focus: str
    path: str | None
    message: str

    @property
    def line(self) -> str:
        where = f" {self.path}" if self.path is not None else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}"


@dataclass
class ValidationReport:
    """What SHACL found in one source: counts by severity and its findings, most severe first."""

    source_id: str
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return self.counts.get("Violation", 0) == 0

    @property
    def results(self) -> list[str]:
        """One line per finding."""
        return [finding.line for finding in self.findings]

    @property
    def summary(self) -> str:
        counted = ", ".join(f"{self.counts.get(name, 0)} {name.lower()}(s)" for name in SEVERITIES)
        return f"{self.source_id}: {'conforms' if self.conforms else 'does not conform'} ({counted})"

    @property
    def text(self) -> str:
        """The summary line and every finding, one a line."""
        return "\n".join([self.summary, *(f"  {line}" for line in self.results)])

    def groups(self) -> list[FindingGroup]:
        """The findings grouped by severity and shape, most severe first, then the largest groups."""
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault((finding.severity, finding.shape), []).append(finding)
        return sorted((FindingGroup(severity, shape, found) for (severity, shape), found in grouped.items()),
                      key=lambda group: (SEVERITIES.index(group.severity), -len(group.findings), group.shape))

    def grouped_text(self, examples: int = 3) -> str:
        """The summary line, then each group with its count and its first `examples` findings.

        A document of 900 duties without an owner gives one group, not 900 lines:
        `Warning, pkg:DutyShape pkg:owner: 889`, three of them, and "… 886 more".
        """
        lines = [self.summary]
        for group in self.groups():
            lines.append(f"  {group.severity}, {group.shape}: {len(group.findings)}")
            lines += [f"    {finding.line}" for finding in group.findings[:examples]]
            if len(group.findings) > examples:
                lines.append(f"    … {len(group.findings) - examples} more (--all lists every one)")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """The report for tools: verdict, counts and every finding, with its shape."""
        return {"source": self.source_id, "conforms": self.conforms,
                "counts": {name: self.counts.get(name, 0) for name in SEVERITIES},
                "findings": [vars(finding) for finding in self.findings]}


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one shape at one severity."""

    severity: str
    shape: str
    findings: list[Finding]


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
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        found.append(Finding(
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=_shape_name(results, results.value(result, SH.sourceShape), base),
            focus=_short(results.value(result, SH.focusNode), base),
            path=_path(results, path, base) if path is not None else None,
            message=str(results.value(result, SH.resultMessage)),
        ))
    found.sort(key=lambda finding: (SEVERITIES.index(finding.severity), finding.line))
    counts = Counter(finding.severity for finding in found)
    return ValidationReport(source_id, dict(counts), found)


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


def _shape_name(results: Graph, shape: Node | None, base: str) -> str:
    """A shape as a reader would name it: `DutyShape`, or for a property shape inside a node shape,
    which has no name of its own, that node shape's name and the property's path."""
    if isinstance(shape, URIRef):
        return _local_name(shape, base)
    shapes = _shapes()
    parent = next(shapes.subjects(SH.property, shape), None) if shape is not None else None
    path = shapes.value(shape, SH.path) if shape is not None else None
    if parent is None or path is None:
        return "(unnamed shape)"
    return f"{_local_name(parent, base)} {_path(shapes, path, base)}"


def _local_name(term: Node, base: str) -> str:
    """A term by its prefixed name, else by the last part of its IRI (`shapes#DutyShape` -> `DutyShape`)."""
    name = _short(term, base)
    return name if name != str(term) else re.split(r"[#/]", name)[-1]


def _path(graph: Graph, path: Node, base: str) -> str:
    """A SHACL property path in SPARQL syntax: `prov:wasDerivedFrom/nif:beginIndex`, `^pkg:hasDuty`."""
    if isinstance(path, BNode):
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{_path(graph, inverse, base)}"
        return "/".join(_path(graph, step, base) for step in Collection(graph, path))
    return _short(path, base)
