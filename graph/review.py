"""Corrections a reviewer makes, kept in a named graph of their own next to each source's graph.

No extractor is right on every document, and a researcher who fixes a wrong owner must not lose
the fix at the next `add --force`, nor lose who made it. So a correction never rewrites the
extracted graph: it is a small `pkg:Correction` resource in the source's review graph
`{graph}/review`, with who (`prov:wasAttributedTo`), when (`prov:generatedAtTime`), what it
was and what it is now (`pkg:oldValue`, `pkg:newValue`) and the span and text it is anchored
to (`pkg:anchor`), by which it is found again after re-extraction (`graph.reviewed`). One
reviewer action may make several corrections (add a duty, then set its owner): they share a
`pkg:batch`, and `undo` takes back the last batch whole. For example

    record(store, [Correction.make("sipo", "duty", "d3", "set", Anchor(10, 40, "..."), "Ana",
                                  field="owner", old="SIPO", new="Patent Office", reference="patent-office")])
"""
from __future__ import annotations

import getpass
import os
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad, Store

from graph import GraphError
from graph.build import graph_iri
from graph.namespace import DATA, DCTERMS, NIF, PKG, PREFIXES, PROV, RDF, RDFS, XSD

REVIEWER_ENV = "POLICYKG_REVIEWER"
# What re-anchoring changes: the record a correction applies to and its span.
_MOVABLE = {PKG.targetId, PKG.corrects, NIF.beginIndex, NIF.endIndex}
KINDS = ("duty", "actor", "goal", "mechanism")
CHANGES = ("reject", "accept", "set", "add", "merge", "split")
FIELDS = {
    "duty": ("modality", "owner", "action", "object", "deadline", "condition"),
    "actor": ("label", "parent"),
    "goal": ("value", "year", "comparator"),
    "mechanism": ("label", "type"),
}


@dataclass(frozen=True)
class Anchor:
    """What a correction is anchored to: a span of the source text and its characters (for an actor
    or a mechanism, its label, with its first mention's span when it has one)."""

    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class Correction:
    """One reviewer's change to one record: one field, old value to new, or a whole verdict."""

    id: str
    source: str
    kind: str  # duty | actor | goal | mechanism
    target: str | None  # the record's id when the correction was made; an added duty's own id
    change: str  # reject | accept | set | add | merge | split
    anchor: Anchor
    reviewer: str
    at: str  # ISO 8601, UTC
    batch: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    reference: str | None = None  # an actor id the new value names: owner, parent, the actor merged into
    sequence: int = 0  # order of making within the source, set when recorded

    @staticmethod
    def make(source: str, kind: str, target: str | None, change: str, anchor: Anchor, reviewer: str,
            batch: str | None = None, **values: str | None) -> Correction:
        """A correction made now, checked: an unknown kind, change or field is an error."""
        if kind not in KINDS:
            raise GraphError(f"cannot correct a {kind!r}; corrections are of {', '.join(KINDS)}")
        if change not in CHANGES:
            raise GraphError(f"unknown correction {change!r}; use one of {', '.join(CHANGES)}")
        if change == "set" and values.get("field") not in FIELDS[kind]:
            raise GraphError(f"a {kind}'s {values.get('field')!r} cannot be corrected; "
                             f"its fields are {', '.join(FIELDS[kind])}")
        correction_id = uuid.uuid4().hex[:12]
        return Correction(correction_id, source, kind, target if change != "add" else f"review/{correction_id}",
                          change, anchor, reviewer, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          batch or correction_id, **values)

    def says(self) -> str:
        """The change in words, e.g. "owner: SIPO → Patent Office" or "not a duty"."""
        if self.change == "set":
            return f"{self.field}: {self.old or '—'} → {self.new or '—'}"
        return {
            "reject": f"not a {self.kind}",
            "accept": "reviewed as correct",
            "add": f"added a missed duty: {self.anchor.text!r}" + (f" ({self.new})" if self.new else ""),
            "merge": f"merged into {self.new}",
            "split": f"split off {self.new!r} as an actor of its own",
        }[self.change]


@dataclass(frozen=True)
class Agreement:
    """How often a source's reviewer agreed with the extractor: of the records looked at, those confirmed."""

    source: str
    reviewed: int  # extracted records a correction was made on (accepted, changed or rejected)
    agreed: int  # of those, the ones only accepted
    added: int  # missed duties the reviewer added

    @property
    def rate(self) -> float:
        return self.agreed / self.reviewed if self.reviewed else 0.0


def agreement(store: Store) -> list[Agreement]:
    """Per reviewed source, how many extracted records the reviewer confirmed, changed or added to."""
    verdicts: dict[str, dict[tuple[str, str | None], set[str]]] = {}
    added: dict[str, int] = {}
    for c in corrections(store):
        if c.change == "add":
            added[c.source] = added.get(c.source, 0) + 1
        elif not (c.target or "").startswith("review/"):
            verdicts.setdefault(c.source, {}).setdefault((c.kind, c.target), set()).add(c.change)
    return [Agreement(source, len(verdicts.get(source, {})),
                      sum(1 for changes in verdicts.get(source, {}).values() if changes == {"accept"}),
                      added.get(source, 0))
            for source in sorted(set(verdicts) | set(added))]


def reviewer_name(explicit: str | None = None) -> str:
    """Who is reviewing: `--reviewer`, else $POLICYKG_REVIEWER, else the operating-system user."""
    for name in (explicit, os.environ.get(REVIEWER_ENV)):
        if name and name.strip():
            return " ".join(name.split())
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in this environment (a container without one)
        return "unknown reviewer"


def review_graph(source: str) -> NamedNode:
    """The named graph of a source's corrections."""
    return NamedNode(f"{graph_iri(source).value}/review")


def record_iri(source: str, kind: str, record_id: str) -> NamedNode:
    """The node of a record in the source's graph (as `graph.build` mints it)."""
    return NamedNode(f"{graph_iri(source).value}/{kind}/{quote(record_id, safe='/')}")


def record(store: Store, corrections: list[Correction]) -> list[Correction]:
    """Add corrections to their sources' review graphs in one transaction; returns them numbered."""
    numbered, quads = [], []
    following: dict[str, int] = {}
    for correction in corrections:
        if correction.source not in following:
            following[correction.source] = _last_sequence(store, correction.source) + 1
        correction = replace(correction, sequence=following[correction.source])
        following[correction.source] += 1
        numbered.append(correction)
        quads += _quads(correction)
    store.extend(quads)
    return numbered


def corrections(store: Store, source: str | None = None) -> list[Correction]:
    """The corrections of one source, or of every source, in the order they were made."""
    graphs = [review_graph(source)] if source else [g for g in store.named_graphs() if g.value.endswith("/review")]
    found = []
    for graph in graphs:
        rows = store.query(f"""SELECT * WHERE {{ GRAPH {graph} {{
            ?c a pkg:Correction ; dcterms:identifier ?id ; pkg:ofSource ?source ; pkg:targetKind ?kind ;
               pkg:change ?change ; pkg:batch ?batch ; pkg:sequence ?sequence ;
               prov:generatedAtTime ?at ; prov:wasAttributedTo/rdfs:label ?reviewer ;
               pkg:anchor ?a . ?a nif:anchorOf ?text .
            OPTIONAL {{ ?a nif:beginIndex ?start ; nif:endIndex ?end }}
            OPTIONAL {{ ?c pkg:targetId ?target }} OPTIONAL {{ ?c pkg:field ?field }}
            OPTIONAL {{ ?c pkg:oldValue ?old }} OPTIONAL {{ ?c pkg:newValue ?new }}
            OPTIONAL {{ ?c pkg:newReference ?reference }} }} }}""", prefixes=PREFIXES)
        for row in rows:
            value = {name: (row[name].value if row[name] is not None else None) for name in (
                "id", "source", "kind", "change", "batch", "sequence", "at", "reviewer", "text", "start", "end",
                "target", "field", "old", "new", "reference")}
            found.append(Correction(
                value["id"], value["source"], value["kind"], value["target"], value["change"],
                Anchor(_int(value["start"]), _int(value["end"]), value["text"]), value["reviewer"], value["at"],
                value["batch"], value["field"], value["old"], value["new"], value["reference"],
                int(value["sequence"])))
    return sorted(found, key=lambda c: (c.source, c.sequence))


def undo(store: Store, source: str | None = None, correction_id: str | None = None) -> list[Correction]:
    """Take back a correction's whole batch (by default the last batch made), in one transaction.

    The review graph is left exactly as it was before the batch was recorded.
    """
    made = corrections(store, source)
    if correction_id is not None:
        chosen = next((c for c in made if c.id == correction_id), None)
        if chosen is None:
            raise GraphError(f"no correction {correction_id!r}; `policykg review list` shows their ids")
    elif made:
        chosen = max(made, key=lambda c: (c.at, c.sequence))
    else:
        raise GraphError("there is no correction to undo" + (f" in source {source!r}" if source else ""))
    batch = [c for c in made if c.batch == chosen.batch and c.source == chosen.source]
    graph = review_graph(chosen.source)
    taken = {_iri(c) for c in batch} | {NamedNode(f"{_iri(c).value}#anchor") for c in batch}
    doomed = [quad for quad in store.quads_for_pattern(None, None, None, graph) if quad.subject in taken]
    remaining = {c.reviewer for c in made if c not in batch and c.source == chosen.source}
    doomed += [quad for c in batch if c.reviewer not in remaining
               for quad in store.quads_for_pattern(_agent(c.reviewer), None, None, graph)]
    _remove(store, doomed)
    return batch


def move_anchor(store: Store, c: Correction, target: str | None, start: int | None, end: int | None) -> None:
    """Point a correction at the record and span it applies to now (after re-extraction), in one update."""
    moved = replace(c, target=target, anchor=Anchor(start, end, c.anchor.text))
    old = [q for q in _quads(c) if q.predicate in _MOVABLE]
    new = [q for q in _quads(moved) if q.predicate in _MOVABLE]
    if old == new:
        return
    store.update(f"DELETE DATA {{\n{_data(old)}\n}} ;\nINSERT DATA {{\n{_data(new)}\n}}")


def has_reviews(store: Store) -> bool:
    return any(graph.value.endswith("/review") for graph in store.named_graphs())


def _remove(store: Store, quads: list[Quad]) -> None:
    """Delete quads in one SPARQL update, which Oxigraph runs as one transaction."""
    if quads:
        store.update(f"DELETE DATA {{\n{_data(quads)}\n}}")


def _data(quads: list[Quad]) -> str:
    return "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)


def _quads(c: Correction) -> list[Quad]:
    graph, subject = review_graph(c.source), _iri(c)
    anchor = NamedNode(f"{subject.value}#anchor")
    agent = _agent(c.reviewer)
    values: list[tuple[NamedNode, NamedNode, NamedNode | Literal | None]] = [
        (subject, RDF.type, PKG.Correction),
        (subject, DCTERMS.identifier, Literal(c.id)),
        (subject, PKG.ofSource, Literal(c.source)),
        (subject, PKG.targetKind, Literal(c.kind)),
        (subject, PKG.targetId, Literal(c.target) if c.target else None),
        (subject, PKG.corrects, record_iri(c.source, c.kind, c.target) if c.target else None),
        (subject, PKG.change, Literal(c.change)),
        (subject, PKG.field, Literal(c.field) if c.field else None),
        (subject, PKG.oldValue, Literal(c.old) if c.old is not None else None),
        (subject, PKG.newValue, Literal(c.new) if c.new is not None else None),
        (subject, PKG.newReference, record_iri(c.source, "actor", c.reference) if c.reference else None),
        (subject, PKG.batch, Literal(c.batch)),
        (subject, PKG.sequence, Literal(c.sequence)),
        (subject, PROV.generatedAtTime, Literal(c.at, datatype=XSD.dateTime)),
        (subject, PROV.wasAttributedTo, agent),
        (subject, PKG.anchor, anchor),
        (anchor, NIF.anchorOf, Literal(c.anchor.text)),
        (anchor, NIF.beginIndex, Literal(c.anchor.start) if c.anchor.start is not None else None),
        (anchor, NIF.endIndex, Literal(c.anchor.end) if c.anchor.end is not None else None),
        (agent, RDF.type, PROV.Agent),
        (agent, RDFS.label, Literal(c.reviewer)),
    ]
    return [Quad(s, p, o, graph) for s, p, o in values if o is not None]


def _iri(c: Correction) -> NamedNode:
    return NamedNode(f"{graph_iri(c.source).value}/review/{c.id}")


def _agent(reviewer: str) -> NamedNode:
    return NamedNode(f"{DATA}reviewer/{quote(reviewer, safe='')}")


def _last_sequence(store: Store, source: str) -> int:
    rows = list(store.query(f"SELECT (MAX(?n) AS ?last) WHERE {{ GRAPH {review_graph(source)} {{ ?c pkg:sequence ?n }} }}",
                            prefixes=PREFIXES))
    last = rows[0]["last"] if rows else None
    return int(last.value) if last is not None else 0


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)
