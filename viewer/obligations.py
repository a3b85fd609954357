"""Obligations: the duty register, searched and filtered, with the opened duty highlighted in its sentence.

Filters combine with AND; an empty filter keeps every row. They sit in a "Search and filter"
panel, summed up under it in words, and each is bound to the page's address
(`?duty_modalities=obligation`), so a filtered view can be shared and outlives a reload. The
register is an escaped HTML table, PAGE_SIZE rows a page, whose clauses are links to the page's
address naming that duty (`?source=...&id=...`, the filters kept). The opened duty (until one is
opened: the first row) is shown in its sentence, cut from the stored source text by offset, so
what is highlighted is exactly the characters the graph cites, with links to its owner's and its
mechanisms' pages.

This is the page a reader sees first, so its first view is kept light (`benchmarks/viewer.py`
measures it against a blank page): no data grid and no pandas; widgets only in the panel, which
the browser draws when it is opened; links rather than link elements; and what needs no data is
sent before the register is read.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import streamlit as st

from graph import views
from graph.build import MODALITIES
from graph.provenance import describe
from graph.short_labels import cut
from viewer import links, review, state
from viewer.emphasis import plain
from viewer.markup import escape, facts_html, links_html, note_html, passage_html
from viewer.tables import (DUTY_COLUMNS, DUTY_DOWNLOAD_FIELDS, TABLE_CSS, downloads, pages_html, scrolling, shorten,
                           table_html, table_key)

ANY = "any"
ROLES = ("lead", "participant", "owner")
EM_SPACE = "\u2003"  # indents a unit under its body in the owner list
PAGE_SIZE = 50
PAGE = "duty_page"  # the URL parameter naming the page of the register shown
_PAGED_FILTERS = "duty_page_filters"  # session key: the filters the shown page was turned under
TABLE_HEIGHT = 560  # pixels; the rows scroll under their headings
BOUND = "query-params"  # a filter's value lives in the address
# The register's columns: who, how binding, what (the link), where, when, if; the action, object and
# mechanisms show with the opened duty, and every export field is in the downloads.
# The owner and the document are shown short (`graph.short_labels`), so a row stays one or two
# lines high and a screen holds ten or more; in full on hover, and on the actor's page.
REGISTER_COLUMNS = {"owner_short": DUTY_COLUMNS["owner"]} | {name: DUTY_COLUMNS[name] for name in
                    ("role", "modality", "text", "section", "deadline", "frequency", "condition")} | {
                    "document_short": DUTY_COLUMNS["document_title"]}
REGISTER_WIDTHS = {"owner_short": "9rem", "text": "20rem", "document_short": "9rem"}
REGISTER_HOVERS = {"owner_short": "owner", "document_short": "document_title"}
DOCUMENT_WIDTH = 30  # characters of a document's title in the register
# What the page's first view reads, in order; `viewer.serve` reads them as the server starts.
FIRST_READS = (views.counts, views.duty_register, views.actors, views.mechanisms)


def render() -> None:
    st.title("Obligations")
    state.corpus_or_stop()
    review.notice()
    # What needs no data goes out first, so the browser loads its code while the register is read.
    st.html(TABLE_CSS)
    panel = st.popover("Search and filter", icon=":material/filter_list:")
    register = state.read(views.duty_register)
    actors = state.read(views.actors)
    mechanisms = {(row["source"], row["label"]): row["id"] for row in state.read(views.mechanisms)}
    chosen = _filters(panel, register, actors)
    shown = filtered(register, chosen)
    cut = filters_set(chosen, {row["document"]: plain(row["document_title"] or row["document"]) for row in register})
    st.caption(escape(f"{len(shown)} of {len(register)} duties" + (f" — {cut}" if cut else "")))
    linked = links.linked()
    duty = next((row for row in register if (row["source"], row["id"]) == linked), None)
    at = next((index for index, row in enumerate(shown) if row is duty), None)
    if shown:
        downloads(shown, DUTY_DOWNLOAD_FIELDS, "duties", "duties")
        st.html(register_html(shown, _page(len(shown), chosen, at), at))
    else:
        st.info("No duty matches these filters.")
    if duty is not None:
        show_duty(duty, mechanisms,
                  None if at is not None else "The duty the address names; these filters leave it out.")
    elif shown:
        show_duty(shown[0], mechanisms, "Showing the first row; click a clause in the register to show another duty.")


def register_html(shown: list[dict[str, Any]], page: int, opened: int | None) -> str:
    """One page of the filtered register, its rows scrolling under their headings, and links to the
    other pages; each clause links to the duty (`opened` is its index in `shown`), filters kept."""
    first = (page - 1) * PAGE_SIZE
    keep = links.kept(dropped=(*links.RECORD_PARAMETERS, PAGE))
    rows = [{**row, "document_short": cut(plain(row["document_title"] or row["document"]), DOCUMENT_WIDTH)}
            for row in shown[first:first + PAGE_SIZE]]
    table = table_html(rows, REGISTER_COLUMNS, "text",
                       lambda row: links.href("duty", row["source"], row["id"], keep),
                       None if opened is None else opened - first, REGISTER_WIDTHS, REGISTER_HOVERS)
    pages = -(-len(shown) // PAGE_SIZE)
    if pages == 1:
        return scrolling(table, TABLE_HEIGHT)
    turn = links.kept(dropped=(PAGE,))  # the opened duty stays open while the pages turn
    return scrolling(table, TABLE_HEIGHT) + pages_html(
        page, pages, lambda number: links.address("duty", [*turn, (PAGE, str(number))]))


def _page(rows: int, chosen: dict[str, Any], opened: int | None) -> int:
    """The page of the register to show: the one the address names (`?duty_page=2`), else the one
    holding the opened duty, else the first; a change of filters starts again from there."""
    filters = table_key(PAGE, chosen)
    if st.session_state.get(_PAGED_FILTERS, filters) != filters and PAGE in st.query_params:
        del st.query_params[PAGE]
    st.session_state[_PAGED_FILTERS] = filters
    asked = st.query_params.get(PAGE, "")
    if asked.isdigit() and 1 <= int(asked) <= -(-rows // PAGE_SIZE):
        return int(asked)
    return 1 if opened is None else opened // PAGE_SIZE + 1


def _filters(panel: Any, register: list[dict[str, Any]], actors: list[dict[str, Any]]) -> dict[str, Any]:
    """The search and filter widgets, in a panel the browser draws only once it is opened (so the
    first view of the page is quick), with options taken from the register itself (sections in text
    order)."""
    documents = {row["document"]: plain(row["document_title"] or row["document"]) for row in register}
    sections = {row["section"]: plain(row["section_title"]) for row in register if row["section"]}
    owners = {row["actor"] for row in register if row["actor"]}
    tree = actor_tree(actors, owners)
    depth = dict(tree)
    mechanisms = sorted({label for row in register for label in row["mechanisms"]}, key=str.casefold)
    chosen = {"search": panel.text_input("Search", key="duty_search", bind=BOUND,
                                         placeholder="words of the clause, sentence, object or owner")}
    owner, units = panel.columns([3, 1], vertical_alignment="bottom")
    chosen["owners"] = owner.multiselect("Owner", [*depth, views.NOT_STATED], key="duty_actors", bind=BOUND,
                                         format_func=lambda label: _indented(label, depth.get(label, 0)),
                                         help="Bodies are listed under the body they are part of.")
    chosen["units"] = units.checkbox("with units", value=True, key="duty_units", bind=BOUND,
                                     help="An owner chosen also brings the duties of the units that are part of it.")
    chosen["actors"] = with_units(chosen["owners"], actors) if chosen["units"] else chosen["owners"]
    left, right = panel.columns(2)
    chosen["documents"] = left.multiselect("Document", list(documents), key="duty_documents", bind=BOUND,
                                           format_func=lambda key: shorten(documents[key]))
    chosen["sections"] = right.multiselect("Section", list(sections), key="duty_sections", bind=BOUND,
                                           format_func=lambda label: shorten(f"{label} {sections[label] or ''}"))
    chosen["roles"] = left.multiselect("Role", list(ROLES), key="duty_roles", bind=BOUND,
                                       help="lead or participant where the text says so, else owner")
    chosen["modalities"] = right.multiselect("Modality", list(MODALITIES), key="duty_modalities", bind=BOUND)
    chosen["statuses"] = left.multiselect("Owner is", list(views.OWNER_STATUSES), key="duty_statuses", bind=BOUND,
                                          help="named in the sentence (explicit), inferred (e.g. the addressees), "
                                               "or not stated")
    chosen["mechanisms"] = right.multiselect("Mechanism", mechanisms, key="duty_mechanisms", bind=BOUND,
                                             format_func=shorten)
    chosen["deadline"] = left.selectbox("Deadline", [ANY, "yes", "no"], key="duty_deadline", bind=BOUND)
    chosen["condition"] = right.selectbox("Condition", [ANY, "yes", "no"], key="duty_condition", bind=BOUND)
    return chosen


def filters_set(chosen: dict[str, Any], titles: dict[str, str]) -> str:
    """The search and filters set, in words (documents by `titles`), so a reader sees what the
    register is cut to while the panel is closed.

    >>> filters_set({"search": "talent", "owners": ["SIPO"], "units": True, "deadline": "yes"}, {})
    'search: “talent” · owner: SIPO (with units) · deadline: yes'
    """
    said = [f"search: “{chosen['search'].strip()}”"] if chosen.get("search", "").strip() else []
    owners = ", ".join(chosen.get("owners", []))
    said += [f"owner: {owners}" + (" (with units)" if chosen.get("units") else "")] if owners else []
    documents = [shorten(titles.get(key, key)) for key in chosen.get("documents", [])]
    for name, values in [("document", documents), ("section", chosen.get("sections")), ("role", chosen.get("roles")),
                         ("modality", chosen.get("modalities")), ("owner is", chosen.get("statuses")),
                         ("mechanism", chosen.get("mechanisms"))]:
        if values:
            said.append(f"{name}: {', '.join(values)}")
    said += [f"{name}: {chosen[name]}" for name in ("deadline", "condition") if chosen.get(name, ANY) != ANY]
    return " · ".join(said)


def actor_tree(actors: Iterable[dict[str, Any]], owners: set[str]) -> list[tuple[str, int]]:
    """Actor labels in tree order with their depth, each under the body it is part of; only bodies
    that own a duty, or have a unit that does, are listed."""
    children: dict[str | None, set[str]] = defaultdict(set)
    labels = {actor["label"] for actor in actors}
    for actor in actors:
        parent = actor["parent"] if actor["parent"] in labels and actor["parent"] != actor["label"] else None
        children[parent].add(actor["label"])
    tree: list[tuple[str, int]] = []

    def visit(label: str, depth: int, path: frozenset[str]) -> bool:
        at = len(tree)
        tree.append((label, depth))
        below = [visit(child, depth + 1, path | {child}) for child in sorted(children[label] - path, key=str.casefold)]
        if label in owners or any(below):
            return True
        del tree[at:]
        return False

    for root in sorted(children[None], key=str.casefold):
        visit(root, 0, frozenset({root}))
    return list(dict.fromkeys(tree))


def with_units(labels: Iterable[str], actors: Iterable[dict[str, Any]]) -> list[str]:
    """The labels and every unit below them, however deep."""
    children: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        if actor["parent"]:
            children[actor["parent"]].add(actor["label"])
    found, todo = set(), list(labels)
    while todo:
        label = todo.pop()
        if label not in found:
            found.add(label)
            todo.extend(children[label])
    return sorted(found, key=str.casefold)


def filtered(register: list[dict[str, Any]], chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows that pass every filter."""
    words = chosen["search"].casefold().split()
    mechanisms = set(chosen["mechanisms"])

    def keep(row: dict[str, Any]) -> bool:
        haystack = " ".join(str(row[name] or "") for name in ("text", "sentence", "object", "owner")).casefold()
        return (all(word in haystack for word in words)
                and _among(row["document"], chosen["documents"])
                and _among(row["section"], chosen["sections"])
                and _among(row["actor"] or views.NOT_STATED, chosen["actors"])
                and _among(row["role"], chosen["roles"])
                and _among(row["modality"], chosen["modalities"])
                and _among(row["owner_status"], chosen["statuses"])
                and (not mechanisms or not mechanisms.isdisjoint(row["mechanisms"]))
                and _has(row["deadline"] or row["deadline_year"], chosen["deadline"])
                and _has(row["condition"], chosen["condition"]))

    return [row for row in register if keep(row)]


def show_duty(duty: dict[str, Any], mechanisms: dict[tuple[str, str], str], note: str | None) -> None:
    """The duty in its sentence, with the span highlighted, its facts, and links to its owner and its
    mechanisms (ids by source and label)."""
    st.subheader("Duty in context")
    text = state.read(views.source_text, duty["source"])
    sentence = views.passage(text, duty["start"], duty["end"], duty["sentence_start"], duty["sentence_end"])
    facts = {
        "Owner": f"{duty['owner']} ({duty['role']})" if duty["actor"] else duty["owner"],
        "Why this owner": duty["owner_why"],
        "All owners": "; ".join(duty["actors"]) if len(duty["actors"]) > 1 else None,
        "Modality": duty["modality"],
        "Action": duty["action"],
        "Object": duty["object"],
        "Condition": duty["condition"],
        "Deadline": duty["deadline"],
        "Frequency": duty["frequency"],
        "Mechanisms": "; ".join(duty["mechanisms"]),
        "Section": " ".join(filter(None, (duty["section"], duty["section_title"]))),
        "Document": duty["document_title"] or duty["document"],
        "Characters": f"{duty['start']}–{duty['end']} of {duty['source']}",
        "Why this record": describe(duty),
        "Reviewed": "yes: a reviewer corrected or confirmed it" if duty.get("reviewed") else None,
    }
    targets = []
    if duty["actor_id"]:
        targets.append((links.href("actor", duty["source"], duty["actor_id"]), f"Owner: {duty['actor']}"))
    targets += [(links.href("mechanism", duty["source"], mechanisms[duty["source"], label]), f"Mechanism: {label}")
                for label in duty["mechanisms"] if (duty["source"], label) in mechanisms]
    st.html(note_html(note) + passage_html(sentence) + facts_html(facts) + links_html(targets))
    review.duty_controls(duty, state.read(views.actors))


def _indented(label: str, depth: int) -> str:
    return shorten(f"{EM_SPACE * (depth - 1)}└ {label}" if depth else label)


def _among(value: Any, chosen: list[Any]) -> bool:
    return not chosen or value in chosen


def _has(value: Any, wanted: str) -> bool:
    return wanted == ANY or (value not in (None, "")) == (wanted == "yes")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
