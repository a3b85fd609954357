"""Export the register from the graph: JSON (the evaluation contract), CSV, Turtle, JSON-LD, N-Quads, GraphML.

Everything is read back from a store with SPARQL, never from the records, so an export shows
exactly what the graph holds. The JSON fields are those of `../shared/eval/README.md` (extra
fields after them); rows are ordered by source, then start offset, so the same graph always
gives the same bytes. Files are written atomically: an export that fails leaves nothing half
written. `export(store, "all", "json", Path("out"))` writes out/duties.json, goals.json,
actors.json and mechanisms.json.

The RDF formats carry the triples of the source graphs; N-Quads also keeps which graph (source)
each came from, and for `all` the ontology in the default graph, so it is a full copy of the
store. JSON-LD is compacted with the project's prefixes as its `@context`. GraphML is the
network of `graph.analyse`, for Gephi or Cytoscape.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat, Store, serialize

from graph import GraphError
from graph.analyse import build_graph, graphml
from graph.atomic import write_files
from graph.build import MODALITIES
from graph.namespace import PKG, PREFIXES
from graph.provenance import family_notation
from graph.query import run_query, to_csv

KINDS = ("duties", "goals", "actors", "mechanisms")
FORMATS = ("json", "csv", "ttl", "jsonld", "nquads", "graphml")
FIELDS = {
    "duties": ("id", "document", "section", "text", "sentence", "start", "end", "sentence_start",
               "sentence_end", "modality", "action", "object", "actor", "actor_inferred", "mechanisms",
               "actors", "owner_source", "owner_cue", "role", "condition", "deadline", "deadline_year",
               "frequency", "is_heading", "cue_start", "source", "found_by", "cue", "cue_span_start", "cue_span_end",
               "reviewed"),
    "goals": ("id", "text", "start", "end", "year", "value", "comparator", "metric", "frequency",
              "unit", "value_max", "document", "section", "sentence", "sentence_start", "sentence_end", "source",
              "found_by", "reviewed"),
    "actors": ("id", "label", "aliases", "parent", "duties", "kind", "source", "found_by", "reviewed"),
    "mechanisms": ("id", "label", "type", "owners", "duties", "source", "found_by", "reviewed"),
}
_CLASSES = {"duties": PKG.Duty, "goals": PKG.Goal, "actors": PKG.Actor, "mechanisms": PKG.Mechanism}
_MODALITY_LABELS = {iri.value: label for label, iri in MODALITIES.items()}

# Each query binds ?node (the record), ?source (its source id) and ?first (its first offset).
_IN_SOURCE = "?src a pkg:Source ; dcterms:identifier ?source ."
_SPAN = """prov:wasDerivedFrom ?span .
    ?span nif:beginIndex ?start ; nif:endIndex ?end ; nif:anchorOf ?text ; pkg:inSentence ?s .
    ?s nif:anchorOf ?sentence ; nif:beginIndex ?sentence_start ; nif:endIndex ?sentence_end .
    BIND (?start AS ?first)"""
_QUERIES = {
    "duties": f"""SELECT * WHERE {{ GRAPH ?g {{ {_IN_SOURCE}
    ?node a pkg:Duty ; dcterms:identifier ?id ; pkg:modality ?modality ; pkg:action ?action ; {_SPAN}
    ?doc pkg:hasDuty ?node ; dcterms:identifier ?document .
    OPTIONAL {{ ?node pkg:inSection/skos:notation ?section }}
    OPTIONAL {{ ?node pkg:object ?object }}
    OPTIONAL {{ ?node pkg:owner/skos:prefLabel ?actor }}
    OPTIONAL {{ ?node pkg:actorInferred ?actor_inferred }}
    OPTIONAL {{ ?node pkg:ownerSource ?owner_source }}
    OPTIONAL {{ ?node pkg:ownerCue ?owner_cue }}
    OPTIONAL {{ ?node pkg:ownerRole ?role }}
    OPTIONAL {{ ?node pkg:condition ?condition }}
    OPTIONAL {{ ?node pkg:deadlineText ?deadline }}
    OPTIONAL {{ ?node pkg:deadline/time:inXSDgYear ?deadline_year }}
    OPTIONAL {{ ?node pkg:frequency ?frequency }}
    OPTIONAL {{ ?node pkg:isHeading ?is_heading }}
    OPTIONAL {{ ?node pkg:cueIndex ?cue_start }}
    OPTIONAL {{ ?node pkg:extractedBy ?found_by }}
    OPTIONAL {{ ?node pkg:cue [ nif:anchorOf ?cue ; nif:beginIndex ?cue_span_start ; nif:endIndex ?cue_span_end ] }}
    OPTIONAL {{ ?node pkg:reviewed ?reviewed }} }} }}""",
    "goals": f"""SELECT * WHERE {{ GRAPH ?g {{ {_IN_SOURCE}
    ?node a pkg:Goal ; dcterms:identifier ?id ; pkg:inDocument/dcterms:identifier ?document ; {_SPAN}
    OPTIONAL {{ ?node pkg:inSection/skos:notation ?section }}
    OPTIONAL {{ ?node pkg:deadline/time:inXSDgYear ?year }}
    OPTIONAL {{ ?node pkg:targetValue ?value }}
    OPTIONAL {{ ?node pkg:targetValueMax ?value_max }}
    OPTIONAL {{ ?node pkg:comparator ?comparator }}
    OPTIONAL {{ ?node pkg:metric ?metric }}
    OPTIONAL {{ ?node pkg:frequency ?frequency }}
    OPTIONAL {{ ?node pkg:unit ?unit }}
    OPTIONAL {{ ?node pkg:extractedBy ?found_by }}
    OPTIONAL {{ ?node pkg:reviewed ?reviewed }} }} }}""",
    "actors": f"""SELECT ?node ?source ?id ?label ?kind ?parent (COUNT(DISTINCT ?duty) AS ?duties)
      (MIN(?begin) AS ?first) (SAMPLE(?is_reviewed) AS ?reviewed)
    WHERE {{ GRAPH ?g {{ {_IN_SOURCE}
    ?node a pkg:Actor ; dcterms:identifier ?id ; skos:prefLabel ?label .
    OPTIONAL {{ ?node pkg:actorKind ?kind }}
    OPTIONAL {{ ?node org:subOrganizationOf/skos:prefLabel ?parent }}
    OPTIONAL {{ ?node pkg:reviewed ?is_reviewed }}
    OPTIONAL {{ ?duty pkg:owner ?node }}
    OPTIONAL {{ ?node prov:wasDerivedFrom/nif:beginIndex ?begin }} }} }}
    GROUP BY ?node ?source ?id ?label ?kind ?parent""",
    "mechanisms": f"""SELECT ?node ?source ?id ?label ?type (COUNT(DISTINCT ?duty) AS ?duties)
      (MIN(?begin) AS ?first) (SAMPLE(?is_reviewed) AS ?reviewed)
    WHERE {{ GRAPH ?g {{ {_IN_SOURCE}
    ?node a pkg:Mechanism ; dcterms:identifier ?id ; skos:prefLabel ?label ; pkg:mechanismType ?type .
    OPTIONAL {{ ?node pkg:reviewed ?is_reviewed }}
    OPTIONAL {{ ?duty pkg:createsOrImproves ?node }}
    OPTIONAL {{ ?node prov:wasDerivedFrom/nif:beginIndex ?begin }} }} }}
    GROUP BY ?node ?source ?id ?label ?type""",
}
# Many-valued fields, read separately so each value comes once: field -> (kind, query of ?node ?value).
_LISTS = {
    "mechanisms": ("duties", "SELECT ?node ?value WHERE { ?node pkg:createsOrImproves/skos:prefLabel ?value }"),
    "actors": ("duties", "SELECT ?node ?value WHERE { ?node a pkg:Duty ; (pkg:owner|pkg:coOwner)/skos:prefLabel ?value }"),
    "aliases": ("actors", "SELECT ?node ?value WHERE { ?node a pkg:Actor ; skos:altLabel ?value }"),
    "owners": ("mechanisms", "SELECT DISTINCT ?node ?value WHERE { ?duty pkg:createsOrImproves ?node ; "
                             "pkg:owner/skos:prefLabel ?value }"),
}
# How the mentions of an actor or mechanism were found: the rule families, by notation.
_MENTION_FAMILIES = "SELECT DISTINCT ?node ?value WHERE { ?node prov:qualifiedDerivation/pkg:extractedBy ?value }"


def records(store: Store, kind: str) -> list[dict[str, Any]]:
    """The export rows of one kind, contract fields first, ordered by source and offset."""
    rows = run_query(store, _QUERIES[kind]).rows
    lists = {name: _values_by_node(store, query) for name, (owner, query) in _LISTS.items() if owner == kind}
    if kind in ("actors", "mechanisms"):
        lists["found_by"] = _values_by_node(store, _MENTION_FAMILIES)
    for row in rows:
        row.update({name: values.get(row["node"], []) for name, values in lists.items()})
        if isinstance(row.get("found_by"), list):
            row["found_by"] = sorted(filter(None, map(family_notation, row["found_by"])))
        elif "found_by" in row:
            row["found_by"] = family_notation(row["found_by"])
        if "modality" in row:
            row["modality"] = _MODALITY_LABELS[row["modality"]]
        if row.get("actor") in row.get("actors", ()):  # every owner, the preferred one first
            row["actors"] = [row["actor"]] + [a for a in row["actors"] if a != row["actor"]]
        for year in ("year", "deadline_year"):  # an xsd:gYear reads back as text
            if row.get(year) is not None:
                row[year] = int(row[year])
    rows.sort(key=lambda row: (row["source"], row["first"] is None, row["first"] or 0, row["id"]))
    return [{name: row.get(name) for name in FIELDS[kind]} for row in rows]


def render(store: Store, kind: str, output_format: str) -> bytes:
    """One kind (or "all", for the RDF formats and graphml) in one format, as the bytes of a file."""
    if output_format == "json":
        return (json.dumps(records(store, kind), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output_format == "csv":
        return to_csv(list(FIELDS[kind]), records(store, kind)).encode("utf-8")
    if output_format == "graphml":
        if kind != "all":
            raise GraphError("GraphML holds the whole network; use `export all --format graphml`")
        return graphml(build_graph(store))
    # Sorted, so a subject's triples sit together and the same graph always gives the same file.
    if output_format == "nquads":
        return serialize(sorted(_quads(store, kind), key=str), format=RdfFormat.N_QUADS)
    triples = sorted(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_pattern(kind)} }}", prefixes=PREFIXES), key=str)
    if output_format == "jsonld":
        return _compact_jsonld(serialize(triples, format=RdfFormat.JSON_LD))
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)


def export(store: Store, kind: str, output_format: str, out: Path) -> list[Path]:
    """Write the export and return the files written. `all` in json or csv is a directory of four files."""
    if kind not in (*KINDS, "all"):
        raise GraphError(f"unknown export kind {kind!r}; use one of {', '.join(KINDS)} or all")
    if output_format not in FORMATS:
        raise GraphError(f"unknown export format {output_format!r}; use one of {', '.join(FORMATS)}")
    if kind == "all" and output_format in ("json", "csv"):
        if out.exists() and not out.is_dir():
            raise GraphError(f"{out} is a file; `export all --format {output_format}` writes a directory")
        files = {out / f"{name}.{output_format}": render(store, name, output_format) for name in KINDS}
    else:
        files = {out: render(store, kind, output_format)}
    write_files(files)
    return list(files)


def _values_by_node(store: Store, query: str) -> dict[str, list[Any]]:
    values: dict[str, list[Any]] = defaultdict(list)
    for row in run_query(store, query).rows:
        values[row["node"]].append(row["value"])
    return {node: sorted(set(found)) for node, found in values.items()}


def _pattern(kind: str) -> str:
    """Binds ?s ?p ?o ?g to the triples of every source graph, or of one kind's nodes and the spans they cite."""
    if kind == "all":
        return "GRAPH ?g { ?s ?p ?o }"
    return f"""GRAPH ?g {{
        {{ ?s a {_CLASSES[kind]} ; ?p ?o }}
        UNION {{ ?node a {_CLASSES[kind]} ; prov:wasDerivedFrom ?s . ?s ?p ?o }} }}"""


def _quads(store: Store, kind: str) -> list[Quad]:
    """The quads of one kind, or every quad of the store (the ontology in the default graph too)."""
    if kind == "all":
        return list(store)
    rows = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ {_pattern(kind)} }}", prefixes=PREFIXES)
    return [Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows]


def _compact_jsonld(expanded: bytes) -> bytes:
    """Expanded JSON-LD with the project's prefixes as `@context` and IRIs written as prefix:name.

    Every IRI in a key, an `@id` or an `@type` is shortened when a prefix covers it; a JSON-LD
    reader expands them back with the context, so the triples are exactly those of the input.
    """
    nodes = json.loads(expanded)
    document = {"@context": PREFIXES, "@graph": [_compact_node(node) for node in nodes]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact_node(value: Any) -> Any:
    if isinstance(value, list):
        return [_compact_node(item) for item in value]
    if not isinstance(value, dict):
        return value
    compacted = {}
    for key, item in value.items():
        if key in ("@id", "@type"):
            compacted[key] = [_compact_iri(iri) for iri in item] if isinstance(item, list) else _compact_iri(item)
        elif key.startswith("@"):  # @value and @language stay, @graph and @list hold nodes
            compacted[key] = _compact_node(item)
        else:
            compacted[_compact_iri(key)] = _compact_node(item)
    return compacted


def _compact_iri(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
