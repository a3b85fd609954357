"""Why a record is in the graph: the rule families of the ontology's `pkg:RuleFamilies` scheme.

Extraction names a family by its notation ("modal", "lead-in-item"); the graph links the record
to the family's concept with `pkg:extractedBy`, and exports and the viewer name it back, by
notation or by label. The labels live once, in the ontology:

    >>> family_label("catenative")
    'catenative cue'
    >>> describe({"found_by": "modal", "cue": "shall ensure"})
    "found as: modal clause, cue 'shall ensure'"

Why a duty's owner is its owner (`owner_source`) is said by `graph.views.owner_reason`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Store

from graph import GraphError
from graph.namespace import ONTOLOGY_FILE, PREFIXES

@lru_cache(maxsize=1)
def _families() -> dict[str, tuple[str, str]]:
    """notation -> (concept IRI, label), read once from the ontology file."""
    store = Store()
    store.load(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE)
    rows = store.query("""SELECT ?concept ?notation ?label WHERE {
        ?concept skos:inScheme pkg:RuleFamilies ; skos:notation ?notation ; skos:prefLabel ?label }""",
                       prefixes=PREFIXES)
    return {row["notation"].value: (row["concept"].value, row["label"].value) for row in rows}


def family_node(notation: str) -> NamedNode:
    """The concept of a rule family; an unknown notation is an error, never a new IRI."""
    found = _families().get(notation)
    if found is None:
        raise GraphError(f"rule family {notation!r} is not in the ontology's pkg:RuleFamilies; add it there")
    return NamedNode(found[0])


def family_notation(concept: str | None) -> str | None:
    """The notation of a rule family's concept IRI (None stays None)."""
    if concept is None:
        return None
    return next((notation for notation, (iri, _) in _families().items() if iri == concept), concept)


def family_label(notation: str | None) -> str | None:
    found = _families().get(notation or "")
    return found[1] if found else notation


def describe(row: dict[str, Any]) -> str:
    """How a record was found, in words, from its export row (`found_by`, and a duty's `cue`)."""
    if not row.get("found_by"):
        return ""
    families = row["found_by"] if isinstance(row["found_by"], list) else [row["found_by"]]
    said = "found as: " + ", ".join(filter(None, map(family_label, families)))
    return f"{said}, cue '{row['cue']}'" if row.get("cue") else said
