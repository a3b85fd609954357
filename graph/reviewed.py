"""The reviewed view: the extracted graphs with the reviewers' corrections applied.

Queries, exports and the viewer read this view by default, and the store as extracted with
`--as-extracted`. The store itself is never rewritten: the view is an in-memory copy of it
(`reviewed_view(store)`; the store unchanged when nothing was reviewed) in which each source's
corrections are applied in the order they were made. Every record a correction changed carries
`pkg:reviewed true` and `pkg:correctedBy` the correction, so a SPARQL query can tell reviewed
values from the machine's.

A correction finds its record again by its anchor, so it survives re-extraction (`add --force`,
`build` after an upgrade): the record with its id and its anchored text, else the record of its
kind holding the same text (the one nearest the old offsets), else, for an actor or mechanism,
the record of the same name. A correction that finds nothing is *orphaned*: it is left out of
the view and listed (`policykg review list --orphaned`), never dropped.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Store

from graph.build import graph_iri
from graph.corrected import CLASSES, CorrectedGraph, nearest
from graph.review import Correction, corrections, has_reviews, move_anchor, record_iri, review_graph

ANCHORED, REANCHORED, ORPHANED = "anchored", "re-anchored", "orphaned"


@dataclass(frozen=True)
class Anchoring:
    """Where a correction applies now: its record's id (None when orphaned) and how it was found."""

    correction: Correction
    target: str | None
    status: str  # anchored | re-anchored | orphaned


@dataclass(frozen=True)
class ReviewedView:
    store: Store
    anchorings: list[Anchoring]


def reviewed_view(store: Store) -> Store:
    """The store with every source's corrections applied (the store itself when nothing was reviewed)."""
    return build_view(store).store


def build_view(store: Store, source: str | None = None) -> ReviewedView:
    """The reviewed view and, for each correction, where it applies now; with `source`, of that source only."""
    if not has_reviews(store) if source is None else not store.contains_named_graph(review_graph(source)):
        return ReviewedView(store, [])
    view = Store()
    if source is None:
        view.bulk_extend(store)
    else:
        view.bulk_extend(q for graph in (graph_iri(source), review_graph(source))
                         for q in store.quads_for_pattern(None, None, None, graph))
    anchorings: list[Anchoring] = []
    by_source: dict[str, list[Correction]] = {}
    for correction in corrections(store, source):
        by_source.setdefault(correction.source, []).append(correction)
    for source, made in by_source.items():
        anchorings += _apply(CorrectedGraph(view, source), made)
    return ReviewedView(view, anchorings)


def _apply(graph: CorrectedGraph, made: Iterable[Correction]) -> list[Anchoring]:
    """Find each correction's record and apply it there, in the order they were made."""
    anchorings = []
    for correction in made:
        anchoring = _find(graph, correction)
        if anchoring.status != ORPHANED and not graph.apply_one(correction, anchoring.target):
            anchoring = Anchoring(correction, None, ORPHANED)
        anchorings.append(anchoring)
        if correction.change != "accept" and not (correction.change == "set" and correction.kind in ("duty", "goal")):
            graph.forget()  # records came, went or were renamed
    return anchorings


def _find(graph: CorrectedGraph, c: Correction) -> Anchoring:
    if graph.text is None:  # the source was removed: its corrections wait for it
        return Anchoring(c, None, ORPHANED)
    if c.change == "add":
        at = nearest(graph.text, c.anchor.text, c.anchor.start or 0)
        status = ANCHORED if at == c.anchor.start else REANCHORED if at is not None else ORPHANED
        return Anchoring(c, c.target if at is not None else None, status)
    if c.kind in ("duty", "goal"):
        return _find_by_span(graph, c)
    return _find_by_name(graph, c)


def _find_by_span(graph: CorrectedGraph, c: Correction) -> Anchoring:
    rows = graph.rows(c.kind, f"""?r a {CLASSES[c.kind]} ; dcterms:identifier ?id ;
        prov:wasDerivedFrom [ nif:beginIndex ?start ; nif:anchorOf ?text ]""")
    same_text = [row for row in rows if row["text"] == c.anchor.text]
    exact = next((row for row in same_text if row["id"] == c.target), None)
    if exact is not None:
        return Anchoring(c, c.target, ANCHORED if int(exact["start"]) == c.anchor.start else REANCHORED)
    if not same_text:
        return Anchoring(c, None, ORPHANED)
    closest = min(same_text, key=lambda row: abs(int(row["start"]) - (c.anchor.start or 0)))
    return Anchoring(c, closest["id"], REANCHORED)


def _find_by_name(graph: CorrectedGraph, c: Correction) -> Anchoring:
    found = graph.named(c.kind, c.anchor.text, c.target)
    if found is None:
        return Anchoring(c, None, ORPHANED)
    return Anchoring(c, found, ANCHORED if found == c.target else REANCHORED)


def reanchor(store: Store, source: str) -> list[Anchoring]:
    """After a source is extracted again: store each moved correction's new anchor and record, so the
    next extraction starts from there; returns every correction's anchoring (orphans included)."""
    view = build_view(store, source)
    for anchoring in view.anchorings:
        c = anchoring.correction
        if anchoring.status != REANCHORED:
            continue
        if c.change == "add":
            at = nearest(CorrectedGraph(view.store, source).text or "", c.anchor.text, c.anchor.start or 0)
            move_anchor(store, c, c.target, at, None if at is None else at + len(c.anchor.text))
        elif c.kind in ("duty", "goal"):
            span = CorrectedGraph(view.store, source).select(f"""{record_iri(source, c.kind, anchoring.target)}
                prov:wasDerivedFrom [ nif:beginIndex ?start ; nif:endIndex ?end ]""")
            start, end = (int(span[0]["start"]), int(span[0]["end"])) if span else (c.anchor.start, c.anchor.end)
            move_anchor(store, c, anchoring.target, start, end)
        else:
            move_anchor(store, c, anchoring.target, c.anchor.start, c.anchor.end)
    return view.anchorings
