"""Make corrections from what a reviewer sees: the record's current values become the old values.

The viewer and `review import` both correct records as the reviewed view shows them, so each
correction says what the reviewer saw before (`old`) and is anchored where the record is now.
For example, on the reviewed view `view`:

    record(store, [correction_for(view, "sipo", "duty", "sipo/s4/duty2", "set", "Ana",
                                  field="owner", new="Patent Office", reference="patent-office")])
"""
from __future__ import annotations

from typing import Any

from pyoxigraph import Store

from graph import GraphError
from graph.export import records
from graph.query import run_query
from graph.review import FIELDS, Anchor, Correction, record_iri
from graph.views import source_text

_PLURAL = {"duty": "duties", "actor": "actors", "goal": "goals", "mechanism": "mechanisms"}
# The export row's column that shows each field's value.
_COLUMNS = {"owner": "actor"}


def current(view: Store, source: str, kind: str, record_id: str) -> dict[str, Any]:
    """The record's export row in the view; an unknown record is a one-line error."""
    if kind not in _PLURAL:
        raise GraphError(f"cannot correct a {kind!r}; corrections are of {', '.join(_PLURAL)}")
    row = next((row for row in records(view, _PLURAL[kind]) if (row["source"], row["id"]) == (source, record_id)), None)
    if row is None:
        raise GraphError(f"the store holds no {kind} {record_id!r} in source {source!r}")
    return row


def correction_for(view: Store, source: str, kind: str, record_id: str, change: str, reviewer: str,
                   **values: str | None) -> Correction:
    """A correction of one record as the view shows it now (`values`: field, new, reference, batch)."""
    return correct_row(view, kind, current(view, source, kind, record_id), change, reviewer, **values)


def correct_row(view: Store, kind: str, row: dict[str, Any], change: str, reviewer: str, *,
                field: str | None = None, new: str | None = None, reference: str | None = None,
                batch: str | None = None) -> Correction:
    """A correction of the record whose export row (from the view) is `row`."""
    if field is not None and field not in FIELDS[kind]:
        raise GraphError(f"a {kind}'s {field!r} cannot be corrected; its fields are {', '.join(FIELDS[kind])}")
    old = _shown(row.get(_COLUMNS.get(field or "", field or ""))) if field else None
    if change == "merge":
        old = row["label"]
    return Correction.make(row["source"], kind, row["id"], change, anchor_of(view, kind, row), reviewer, batch,
                          field=field, old=old, new=new, reference=reference)


def added_duty(view: Store, source: str, start: int, end: int, reviewer: str, action: str | None = None,
               batch: str | None = None) -> Correction:
    """A duty the extractor missed, on the characters [start, end) of the source text."""
    text = source_text(view, source)
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise GraphError(f"characters {start}-{end} are not words of source {source!r}; select the duty's words")
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return Correction.make(source, "duty", None, "add", Anchor(start, end, text[start:end]), reviewer, batch,
                          new=(action or text[start:end].split()[0]).strip().lower())


def anchor_of(view: Store, kind: str, row: dict[str, Any]) -> Anchor:
    """A duty or goal is anchored by its span; an actor or mechanism by its label and first mention."""
    if kind in ("duty", "goal"):
        return Anchor(row["start"], row["end"], row["text"])
    subject = record_iri(row["source"], kind, row["id"])
    found = run_query(view, f"""SELECT ?start ?end WHERE {{
        {subject} prov:wasDerivedFrom [ nif:beginIndex ?start ; nif:endIndex ?end ] }} ORDER BY ?start LIMIT 1""").rows
    first = found[0] if found else {"start": None, "end": None}
    return Anchor(first["start"], first["end"], row["label"])


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

