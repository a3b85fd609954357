"""Extraction records -> the quads of one named graph per input source.

Every node of a source lives under its graph IRI, so replacing or removing the graph replaces
or removes the source and nothing else:

    graph      https://w3id.org/policykg/data/{source_id}
    source     {graph}/source                       pkg:Source, the full text as nif:isString
    span       {graph}/source#char={start},{end}    pkg:TextSpan (NIF / RFC 5147 style)
    document   {graph}/document/{id}                and {graph}/cited/{title} for cited works
    section    {graph}/section/{id}
    sentence   {graph}/sentence/{id}
    duty       {graph}/duty/{id}
    actor      {graph}/actor/{id}
    mechanism  {graph}/mechanism/{id}
    goal       {graph}/goal/{id}
    year       {graph}/year/{yyyy}                  time:Instant of a deadline

Record ids and titles are percent-encoded but for "/", so an id "doc/d1/duty3" reads as a path.
Span text (`nif:anchorOf`) is cut from the source text by offset, never copied from a record,
so the graph cannot disagree with its own text.
A reference to a record the extraction does not contain is an error, not a dangling link:
exports join on those links and would silently drop what hangs from them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from extract.records import Extraction, Mention
from graph import GraphError
from graph.namespace import DATA, DCTERMS, NIF, ORG, PKG, PROV, RDF, SKOS, TIME, XSD
from graph.provenance import family_node

MODALITIES = {
    "obligation": PKG.Obligation,
    "permission": PKG.Permission,
    "prohibition": PKG.Prohibition,
    "recommendation": PKG.Recommendation,
}
_Value = NamedNode | Literal | str | int | float | bool


def graph_iri(source_id: str) -> NamedNode:
    """The named graph holding everything extracted from one source."""
    return NamedNode(DATA + quote(source_id, safe=""))


def name_key(name: str) -> str:
    """A name as a lookup key: lower case, spaces collapsed ("State  IP Office" -> "state ip office")."""
    return " ".join(name.split()).lower()


def build_quads(extraction: Extraction) -> list[Quad]:
    """All quads of the source's named graph, built in memory so a store can add them in one go."""
    builder = _SourceGraph(extraction)
    builder.add_source()
    builder.add_documents()
    builder.add_sections()
    builder.add_sentences()
    builder.add_actors()
    builder.add_mechanisms()
    builder.add_duties()
    builder.add_goals()
    # Shared nodes (a span, a year) are described by each record that cites them, and a
    # duty-mechanism link comes from both records: keep each quad once, in first-seen order.
    return list(dict.fromkeys(builder.quads))


def _inconsistent(detail: str) -> GraphError:
    return GraphError(f"extraction is inconsistent: {detail}")


def _ids(kind: str, records: Iterable[Any]) -> set[str]:
    ids: set[str] = set()
    for record in records:
        if record.id in ids:
            raise _inconsistent(f"two {kind}s have the id {record.id!r}")
        ids.add(record.id)
    return ids


class _SourceGraph:
    """Accumulates the quads of one source, minting IRIs and checking every reference."""

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.graph = graph_iri(extraction.source_id)
        self.base = self.graph.value
        self.source = NamedNode(f"{self.base}/source")
        self.quads: list[Quad] = []
        self._known = {
            "document": _ids("document", extraction.documents),
            "section": _ids("section", extraction.sections),
            "sentence": _ids("sentence", extraction.sentences),
            "duty": _ids("duty", extraction.duties),
            "actor": _ids("actor", extraction.actors),
            "mechanism": _ids("mechanism", extraction.mechanisms),
            "goal": _ids("goal", extraction.goals),
        }
        self._sections_by_label = {(s.document, s.label): s.id for s in extraction.sections}

    # ------------------------------------------------------------------ primitives

    def add(self, subject: NamedNode, predicate: NamedNode, value: _Value | None) -> None:
        """One triple; `None` adds nothing, plain Python values become typed literals."""
        if value is None:
            return
        if not isinstance(value, (NamedNode, Literal)):
            value = Literal(value)
        self.quads.append(Quad(subject, predicate, value, self.graph))

    def child(self, kind: str, key: str) -> NamedNode:
        return NamedNode(f"{self.base}/{kind}/{quote(key, safe='/')}")

    def ref(self, kind: str, key: str | None, owner: str) -> NamedNode | None:
        """The node of a record the extraction holds (None for no reference), else a clear error."""
        if key is None:
            return None
        if key not in self._known[kind]:
            raise _inconsistent(f"{owner} refers to {kind} {key!r}, which it does not contain")
        return self.child(kind, key)

    def section(self, document: str, label: str | None, owner: str) -> NamedNode | None:
        if label is None:
            return None
        section_id = self._sections_by_label.get((document, label))
        if section_id is None:
            raise _inconsistent(f"{owner} lies in section {label!r}, which document {document!r} does not have")
        return self.child("section", section_id)

    def span(self, start: int, end: int, sentence: str | None, owner: str) -> NamedNode:
        """The text span [start, end), shared by every record that cites the same characters."""
        span = NamedNode(f"{self.source.value}#char={start},{end}")
        self.add(span, RDF.type, PKG.TextSpan)
        self.add_offsets(span, start, end)
        self.add(span, PKG.inSentence, self.ref("sentence", sentence, owner))
        return span

    def add_offsets(self, subject: NamedNode, start: int, end: int) -> None:
        self.add(subject, NIF.beginIndex, start)
        self.add(subject, NIF.endIndex, end)
        self.add(subject, NIF.anchorOf, self.extraction.text[start:end])
        self.add(subject, NIF.referenceContext, self.source)

    def year(self, year: int | None) -> NamedNode | None:
        if year is None:
            return None
        instant = self.child("year", f"{year:04d}")
        self.add(instant, RDF.type, TIME.Instant)
        self.add(instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))
        return instant

    def cited(self, title: str) -> NamedNode:
        """A work known only by the title a document cites it by."""
        work = self.child("cited", title)
        self.add(work, RDF.type, PKG.Document)
        self.add(work, DCTERMS.title, title)
        return work

    def record(self, kind: str, record_id: str, rdf_class: NamedNode) -> tuple[NamedNode, str]:
        """The node of one record, typed and identified, and how an error message names it."""
        subject = self.child(kind, record_id)
        self.add(subject, RDF.type, rdf_class)
        self.add(subject, DCTERMS.identifier, record_id)
        return subject, f"{kind} {record_id!r}"

    def add_mentions(self, subject: NamedNode, mentions: list[Mention], owner: str) -> None:
        """Each mention's span, and how it was found as a qualified derivation (PROV-O) from that span."""
        for mention in mentions:
            span = self.span(mention.start, mention.end, mention.sentence, owner)
            self.add(subject, PROV.wasDerivedFrom, span)
            if mention.found_by is not None:
                derivation = NamedNode(f"{subject.value}/mention/{mention.start}-{mention.end}")
                self.add(subject, PROV.qualifiedDerivation, derivation)
                self.add(derivation, RDF.type, PROV.Derivation)
                self.add(derivation, PROV.entity, span)
                self.add(derivation, PKG.extractedBy, family_node(mention.found_by))

    # ------------------------------------------------------------------ records

    def add_source(self) -> None:
        ex = self.extraction
        self.add(self.source, RDF.type, PKG.Source)
        self.add(self.source, DCTERMS.identifier, ex.source_id)
        self.add(self.source, PKG.sourceName, ex.source_name)
        self.add(self.source, PKG.sha256, hashlib.sha256(ex.text.encode("utf-8")).hexdigest())
        self.add(self.source, PKG.fileSha256, ex.file_sha256)
        self.add(self.source, NIF.isString, ex.text)

    def add_documents(self) -> None:
        titles = {doc.title: self.child("document", doc.id) for doc in self.extraction.documents}
        for doc in self.extraction.documents:
            subject, owner = self.record("document", doc.id, PKG.Document)
            self.add(subject, DCTERMS.title, doc.title)
            self.add(subject, PKG.inSource, self.source)
            self.add(subject, PROV.wasDerivedFrom, self.span(doc.start, doc.end, None, owner))
            self.add(subject, PKG.issuer, doc.issuer)
            self.add(subject, PKG.number, doc.number)
            self.add(subject, DCTERMS.issued, _iso_date(doc.date, owner))
            for addressee in doc.addressees:
                self.add(subject, PKG.addressee, addressee)
            for title in doc.cites:
                self.add(subject, PKG.cites, titles.get(title) or self.cited(title))

    def add_sections(self) -> None:
        for section in self.extraction.sections:
            subject, owner = self.record("section", section.id, PKG.Section)
            self.add(subject, SKOS.notation, section.label)
            self.add(subject, DCTERMS.title, section.title)
            self.add(subject, PKG.level, section.level)
            self.add(subject, PKG.inDocument, self.ref("document", section.document, owner))
            self.add(subject, PKG.partOf, self.ref("section", section.parent, owner))
            self.add(subject, PROV.wasDerivedFrom, self.span(section.start, section.end, None, owner))

    def add_sentences(self) -> None:
        for sentence in self.extraction.sentences:
            subject, owner = self.record("sentence", sentence.id, PKG.Sentence)
            self.add_offsets(subject, sentence.start, sentence.end)
            self.add(subject, PKG.inDocument, self.ref("document", sentence.document, owner))
            self.add(subject, PKG.inSection, self.section(sentence.document, sentence.section, owner))

    def add_actors(self) -> None:
        for actor in self.extraction.actors:
            subject, owner = self.record("actor", actor.id, PKG.Actor)
            self.add(subject, SKOS.prefLabel, actor.label)
            for alias in actor.aliases:
                self.add(subject, SKOS.altLabel, alias)
            for key in sorted({name_key(name) for name in (actor.label, *actor.aliases)}):
                self.add(subject, PKG.nameKey, key)
            self.add(subject, PKG.actorKind, actor.kind)
            self.add(subject, ORG.subOrganizationOf, self.ref("actor", actor.parent, owner))
            self.add_mentions(subject, actor.mentions, owner)

    def add_mechanisms(self) -> None:
        for mechanism in self.extraction.mechanisms:
            subject, owner = self.record("mechanism", mechanism.id, PKG.Mechanism)
            self.add(subject, SKOS.prefLabel, mechanism.label)
            self.add(subject, PKG.mechanismType, mechanism.type)
            self.add_mentions(subject, mechanism.mentions, owner)
            for duty in mechanism.duties:
                self.add(self.ref("duty", duty, owner), PKG.createsOrImproves, subject)

    def add_duties(self) -> None:
        for duty in self.extraction.duties:
            subject, owner = self.record("duty", duty.id, PKG.Duty)
            if duty.modality not in MODALITIES:
                raise GraphError(f"{owner} has modality {duty.modality!r}, not one of {', '.join(MODALITIES)}")
            if duty.actor is not None and duty.actor_id is None:
                raise _inconsistent(f"{owner} names owner {duty.actor!r} without its actor id")
            self.add(self.ref("document", duty.document, owner), PKG.hasDuty, subject)
            self.add(subject, PKG.inSection, self.section(duty.document, duty.section, owner))
            self.add(subject, PROV.wasDerivedFrom, self.span(duty.start, duty.end, duty.sentence, owner))
            self.add(subject, PKG.modality, MODALITIES[duty.modality])
            self.add(subject, PKG.action, duty.action)
            self.add(subject, PKG.object, duty.object)
            self.add(subject, PKG.owner, self.ref("actor", duty.actor_id, owner))
            for other in duty.owners[1:]:
                self.add(subject, PKG.coOwner, self.ref("actor", other, owner))
            self.add(subject, PKG.ownerSource, duty.owner_source)
            self.add(subject, PKG.ownerCue, duty.owner_cue)
            self.add(subject, PKG.ownerRole, duty.role)
            self.add(subject, PKG.actorInferred, duty.actor_inferred)
            self.add(subject, PKG.condition, duty.condition)
            self.add(subject, PKG.deadlineText, duty.deadline)
            self.add(subject, PKG.deadline, self.year(duty.deadline_year))
            self.add(subject, PKG.frequency, duty.frequency)
            for mechanism in duty.mechanisms:
                self.add(subject, PKG.createsOrImproves, self.ref("mechanism", mechanism, owner))
            self.add(subject, PKG.isHeading, duty.is_heading)
            self.add(subject, PKG.cueIndex, duty.cue_start)
            self.add(subject, PKG.extractedBy, family_node(duty.found_by) if duty.found_by else None)
            if duty.cue_span is not None:
                self.add(subject, PKG.cue, self.span(duty.cue_span.start, duty.cue_span.end, duty.sentence, owner))

    def add_goals(self) -> None:
        for goal in self.extraction.goals:
            subject, owner = self.record("goal", goal.id, PKG.Goal)
            self.add(subject, PKG.inDocument, self.ref("document", goal.document, owner))
            self.add(subject, PKG.inSection, self.section(goal.document, goal.section, owner))
            self.add(subject, PROV.wasDerivedFrom, self.span(goal.start, goal.end, goal.sentence, owner))
            self.add(subject, PKG.deadline, self.year(goal.year))
            self.add(subject, PKG.targetValue, None if goal.value is None else float(goal.value))
            self.add(subject, PKG.targetValueMax, None if goal.value_max is None else float(goal.value_max))
            self.add(subject, PKG.comparator, goal.comparator)
            self.add(subject, PKG.metric, goal.metric)
            self.add(subject, PKG.frequency, goal.frequency)
            self.add(subject, PKG.unit, goal.unit)
            self.add(subject, PKG.extractedBy, family_node(goal.found_by) if goal.found_by else None)
            for actor in goal.actors:
                self.add(subject, PKG.concerns, self.ref("actor", actor, owner))
            for mechanism in goal.mechanisms:
                self.add(subject, PKG.concerns, self.ref("mechanism", mechanism, owner))


def _iso_date(value: str | None, owner: str) -> Literal | None:
    if value is None:
        return None
    try:
        return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        raise GraphError(f"{owner} has date {value!r}, which is not an ISO date (YYYY-MM-DD)") from None
