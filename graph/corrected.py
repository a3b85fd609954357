"""One source's graph inside the reviewed view, and the corrections applied to it in place.

`graph.reviewed` finds the record each correction applies to now; this module makes the change
on the view's copy of the quads: a record dropped (not a duty, not a goal), a field replaced, an
actor renamed, merged into another or split, a missed duty added on its span. Every record
changed is marked `pkg:reviewed true` with `pkg:correctedBy` the correction. For example
`CorrectedGraph(view, "sipo").apply_one(correction, "sipo/d3/s30/duty11")`.
"""
from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode, Quad, Store

from graph.build import MODALITIES, graph_iri, name_key
from graph.namespace import DCTERMS, NIF, ORG, PKG, PREFIXES, PROV, RDF, SKOS, TIME, XSD
from graph.review import Correction, record_iri

CLASSES = {"duty": PKG.Duty, "goal": PKG.Goal, "actor": PKG.Actor, "mechanism": PKG.Mechanism}
# A duty's field -> its predicate; owner and deadline also touch other triples.
_DUTY_LITERALS = {"action": PKG.action, "object": PKG.object, "condition": PKG.condition, "deadline": PKG.deadlineText}
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


class CorrectedGraph:
    """One source's quads in the view, with the lookups anchoring needs and the changes corrections make."""

    def __init__(self, view: Store, source: str) -> None:
        self.view, self.source = view, source
        self.graph = graph_iri(source)
        self.base = self.graph.value
        found = self.objects(NamedNode(f"{self.base}/source"), NIF.isString)
        self.text = found[0].value if found else None
        self._rows: dict[str, list[dict[str, str | None]]] = {}  # what anchoring looks up, until a change

    # ------------------------------------------------------------------ quads

    def objects(self, subject: NamedNode, predicate: NamedNode) -> list:
        return [q.object for q in self.view.quads_for_pattern(subject, predicate, None, self.graph)]

    def put(self, subject: NamedNode, predicate: NamedNode, value: NamedNode | Literal | None) -> None:
        """Replace every value of `predicate` on `subject` by `value` (none for None)."""
        for quad in list(self.view.quads_for_pattern(subject, predicate, None, self.graph)):
            self.view.remove(quad)
        if value is not None:
            self.view.add(Quad(subject, predicate, value, self.graph))

    def add(self, subject: NamedNode, predicate: NamedNode, value: NamedNode | Literal) -> None:
        self.view.add(Quad(subject, predicate, value, self.graph))

    def drop(self, subject: NamedNode) -> None:
        """Remove a record: its triples and every link to it."""
        for quad in [*self.view.quads_for_pattern(subject, None, None, self.graph),
                     *self.view.quads_for_pattern(None, None, subject, self.graph)]:
            self.view.remove(quad)

    def select(self, sparql: str) -> list[dict[str, str | None]]:
        rows = self.view.query(f"SELECT * WHERE {{ GRAPH {self.graph} {{ {sparql} }} }}", prefixes=PREFIXES)
        return [{str(v.value): (row[v].value if row[v] is not None else None) for v in rows.variables} for row in rows]

    def rows(self, key: str, sparql: str) -> list[dict[str, str | None]]:
        """The rows of a lookup query, kept until a correction changes which records there are."""
        if key not in self._rows:
            self._rows[key] = self.select(sparql)
        return self._rows[key]

    def forget(self) -> None:
        """Records came, went or were renamed: look them up afresh."""
        self._rows.clear()

    def named(self, kind: str, label: str | None, record_id: str | None) -> str | None:
        """The id of the actor or mechanism `record_id` if it still has this label, else of one by that name."""
        if not label:
            return None
        names = "skos:prefLabel|skos:altLabel" if kind == "actor" else "skos:prefLabel"
        rows = self.rows(f"{kind}-names", f"""?r a {CLASSES[kind]} ; dcterms:identifier ?id ;
                                                skos:prefLabel ?label ; ({names}) ?name""")
        key = name_key(label)
        if any(row["id"] == record_id and row["label"] == label for row in rows):
            return record_id
        return next((row["id"] for row in sorted(rows, key=lambda row: row["name"] != row["label"])
                     if name_key(row["name"] or "") == key), None)

    # ------------------------------------------------------------------ changes

    def apply_one(self, c: Correction, target: str | None) -> bool:
        """Apply a correction to its record; False when a record it needs is missing (orphaned)."""
        subject = record_iri(self.source, c.kind, target) if target else None
        if c.change == "add":
            return self.add_duty(c, subject)
        if c.change == "reject":
            self.drop(subject)
            return True
        if c.change == "merge":
            into = self.named("actor", c.new, c.reference)
            if into is None or into == target:
                return False
            self.merge(subject, record_iri(self.source, "actor", into))
        elif c.change == "split":
            self.split(c, subject)
        elif c.change == "set":
            if not self.set_field(c, subject):
                return False
        self.mark(subject, c)
        return True

    def mark(self, subject: NamedNode, c: Correction) -> None:
        self.put(subject, PKG.reviewed, Literal(True))
        self.add(subject, PKG.correctedBy, NamedNode(f"{self.base}/review/{c.id}"))

    def set_field(self, c: Correction, subject: NamedNode) -> bool:
        value = c.new.strip() if c.new and c.new.strip() else None
        if c.kind == "duty" and c.field == "modality":
            if value not in MODALITIES:
                return False
            self.put(subject, PKG.modality, MODALITIES[value])
        elif c.kind == "duty" and c.field == "owner":
            self.put(subject, PKG.owner, self.actor(value, c.reference) if value else None)
            self.put(subject, PKG.coOwner, None)
            self.put(subject, PKG.actorInferred, Literal(False))
            self.put(subject, PKG.ownerSource, Literal("reviewer" if value else "none"))
            self.put(subject, PKG.ownerCue, None)
        elif c.kind == "duty" and c.field == "deadline":
            self.put(subject, PKG.deadlineText, Literal(value) if value else None)
            year = _YEAR.search(value or "")
            self.put(subject, PKG.deadline, self.year(int(year.group(1))) if year else None)
        elif c.kind == "duty":
            self.put(subject, _DUTY_LITERALS[c.field], Literal(value) if value else None)
        elif c.kind == "goal":
            return self.set_goal(c.field, value, subject)
        elif c.field == "label":
            if value is None:
                return False
            self.rename(c.kind, subject, value)
        elif c.field == "parent":
            self.put(subject, ORG.subOrganizationOf, self.actor(value, c.reference) if value else None)
        else:  # a mechanism's type
            self.put(subject, PKG.mechanismType, Literal(value) if value else None)
        return True

    def set_goal(self, field: str, value: str | None, subject: NamedNode) -> bool:
        try:
            if field == "value":
                self.put(subject, PKG.targetValue, Literal(float(value)) if value else None)
            elif field == "year":
                self.put(subject, PKG.deadline, self.year(int(value)) if value else None)
            else:
                self.put(subject, PKG.comparator, Literal(value) if value else None)
        except ValueError:
            return False  # checked when made; an imported or hand-written one may still be wrong
        return True

    def rename(self, kind: str, subject: NamedNode, label: str) -> None:
        old = self.objects(subject, SKOS.prefLabel)
        self.put(subject, SKOS.prefLabel, Literal(label))
        if kind == "actor":
            for value in old:
                if value.value != label:
                    self.add(subject, SKOS.altLabel, value)
            self.add(subject, PKG.nameKey, Literal(name_key(label)))

    def actor(self, label: str, reference: str | None) -> NamedNode:
        """The actor a new owner or parent names: the one referred to or of that name, else a new one."""
        found = self.named("actor", label, reference)
        if found is not None:
            return record_iri(self.source, "actor", found)
        actor_id = "review-" + (re.sub(r"[^a-z0-9]+", "-", name_key(label)).strip("-") or "actor")
        subject = record_iri(self.source, "actor", actor_id)
        for predicate, value in ((RDF.type, PKG.Actor), (DCTERMS.identifier, Literal(actor_id)),
                                 (SKOS.prefLabel, Literal(label)), (PKG.nameKey, Literal(name_key(label))),
                                 (PKG.actorKind, Literal("external")), (PKG.reviewed, Literal(True))):
            self.add(subject, predicate, value)
        return subject

    def merge(self, merged: NamedNode, into: NamedNode) -> None:
        """Every link to the merged actor goes to the other; its names and mentions too."""
        for quad in list(self.view.quads_for_pattern(None, None, merged, self.graph)):
            self.view.remove(quad)
            if quad.subject != into:
                self.view.add(Quad(quad.subject, quad.predicate, into, self.graph))
        moved = {SKOS.altLabel, PKG.nameKey, PROV.wasDerivedFrom, PROV.qualifiedDerivation}
        for quad in list(self.view.quads_for_pattern(merged, None, None, self.graph)):
            if quad.predicate == SKOS.prefLabel:
                self.add(into, SKOS.altLabel, quad.object)
            elif quad.predicate in moved:
                self.view.add(Quad(into, quad.predicate, quad.object, self.graph))
        self.drop(merged)

    def split(self, c: Correction, subject: NamedNode) -> None:
        """An alias of a wrong merge becomes an actor of its own, with the mentions that name it and
        the duties whose sentence holds one of them."""
        alias = c.new or ""
        new = record_iri(self.source, "actor", f"review-{c.id}")
        for predicate, value in ((RDF.type, PKG.Actor), (DCTERMS.identifier, Literal(f"review-{c.id}")),
                                 (SKOS.prefLabel, Literal(alias)), (PKG.nameKey, Literal(name_key(alias))),
                                 (PKG.actorKind, Literal("external")), (PKG.reviewed, Literal(True))):
            self.add(new, predicate, value)
        self.view.remove(Quad(subject, SKOS.altLabel, Literal(alias), self.graph))
        self.view.remove(Quad(subject, PKG.nameKey, Literal(name_key(alias)), self.graph))
        mentions = self.select(f"""{subject} prov:wasDerivedFrom ?span . ?span nif:anchorOf ?text .
                                   OPTIONAL {{ ?span pkg:inSentence ?sentence }}""")
        sentences = set()
        for row in mentions:
            if name_key(row["text"] or "").endswith(name_key(alias)):
                span = NamedNode(row["span"])
                self.view.remove(Quad(subject, PROV.wasDerivedFrom, span, self.graph))
                self.add(new, PROV.wasDerivedFrom, span)
                sentences.add(row["sentence"])
        for row in self.select(f"?duty pkg:owner {subject} ; prov:wasDerivedFrom/pkg:inSentence ?sentence"):
            if row["sentence"] in sentences:
                self.put(NamedNode(row["duty"]), PKG.owner, new)
        self.mark(new, c)

    def add_duty(self, c: Correction, subject: NamedNode) -> bool:
        """A duty the extractor missed, on the reviewer's selection, in the sentence holding its start."""
        start = nearest(self.text, c.anchor.text, c.anchor.start or 0)
        end = start + len(c.anchor.text)
        rows = self.select(f"""?sentence a pkg:Sentence ; nif:beginIndex ?b ; nif:endIndex ?e ; pkg:inDocument ?doc .
            OPTIONAL {{ ?sentence pkg:inSection ?section }} FILTER (?b <= {start} && {start} < ?e)""")
        if not rows:
            return False
        row = rows[0]
        span = NamedNode(f"{self.base}/source#char={start},{end}")
        for predicate, value in ((RDF.type, PKG.TextSpan), (NIF.beginIndex, Literal(start)),
                                 (NIF.endIndex, Literal(end)), (NIF.anchorOf, Literal(self.text[start:end])),
                                 (NIF.referenceContext, NamedNode(f"{self.base}/source")),
                                 (PKG.inSentence, NamedNode(row["sentence"]))):
            self.add(span, predicate, value)
        self.add(NamedNode(row["doc"]), PKG.hasDuty, subject)
        facts = [(RDF.type, PKG.Duty), (DCTERMS.identifier, Literal(c.target)),
                 (PROV.wasDerivedFrom, span), (PKG.modality, MODALITIES["obligation"]),
                 (PKG.action, Literal(c.new or c.anchor.text.split()[0].lower())),
                 (PKG.actorInferred, Literal(False)), (PKG.ownerSource, Literal("none")),
                 (PKG.isHeading, Literal(False)),
                 (PKG.cueIndex, Literal(start)), (PKG.extractedBy, PKG.ReviewerRule)]
        if row["section"]:
            facts.append((PKG.inSection, NamedNode(row["section"])))
        for predicate, value in facts:
            self.add(subject, predicate, value)
        self.mark(subject, c)
        return True

    def year(self, year: int) -> NamedNode:
        instant = NamedNode(f"{self.base}/year/{year:04d}")
        self.add(instant, RDF.type, TIME.Instant)
        self.add(instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))
        return instant


def nearest(text: str, needle: str, near: int) -> int | None:
    """The offset of the occurrence of `needle` in `text` nearest `near`, None if there is none."""
    if not needle:
        return None
    if text[near:near + len(needle)] == needle:
        return near
    found = [match.start() for match in re.finditer(re.escape(needle), text)]
    return min(found, key=lambda at: abs(at - near)) if found else None
