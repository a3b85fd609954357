"""Obligations: the duty register, filtered, with the selected duty highlighted in its sentence.

Filters combine with AND; an empty filter keeps every row. The selected row (until a row is
picked: the duty the address names, `?source=...&id=...`, else the first row) is shown in its
sentence, cut from the stored source text by offset, so what is highlighted is exactly the
characters the graph cites, with links to its owner's and its mechanisms' pages.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import streamlit as st

from graph import views
from graph.build import MODALITIES
from viewer import links, state
from viewer.markup import escape, passage_html
from viewer.tables import (DUTY_COLUMN_CONFIG, DUTY_COLUMNS, DUTY_DOWNLOAD_FIELDS, downloads, frame, selected_index,
                           shorten, table_key)

ANY = "any"
ROLES = ("lead", "participant", "owner")
EM_SPACE = "\u2003"  # indents a unit under its body in the owner list


def render() -> None:
    st.title("Obligations")
    state.corpus_or_stop()
    register = state.read(views.duty_register)
    chosen = _filters(register, state.read(views.actors))
    shown = filtered(register, chosen)
    st.caption(f"{len(shown)} of {len(register)} duties")
    if shown:
        downloads(shown, DUTY_DOWNLOAD_FIELDS, "duties", "duties")
    else:
        st.info("No duty matches these filters.")
    linked = links.linked()
    duty = next((row for row in register if (row["source"], row["id"]) == linked), None)
    if shown or duty:
        register_and_duty(shown, table_key("duty_table", chosen), duty)


@st.fragment
def register_and_duty(shown: list[dict[str, Any]], key: str, linked: dict[str, Any] | None) -> None:
    """The filtered table and the duty picked in it; picking a row reruns only this part."""
    event = None
    if shown:
        event = st.dataframe(frame(shown, DUTY_COLUMNS), key=key, on_select="rerun", selection_mode="single-row",
                             hide_index=True, height=380, column_config=DUTY_COLUMN_CONFIG)
    index = selected_index(event, len(shown))
    if index is not None:
        links.share("duty", (shown[index]["source"], shown[index]["id"]))
        show_duty(shown[index], None)
    elif linked is not None:
        show_duty(linked, "Showing the duty the address names; select a row of the table to show another.")
    else:
        show_duty(shown[0], "Showing the first row; select a row of the table to show another duty.")


def _filters(register: list[dict[str, Any]], actors: list[dict[str, Any]]) -> dict[str, Any]:
    """The filter widgets, with options taken from the register itself (sections in text order)."""
    documents = {row["document"]: row["document_title"] or row["document"] for row in register}
    sections = {row["section"]: row["section_title"] for row in register if row["section"]}
    owners = {row["actor"] for row in register if row["actor"]}
    tree = actor_tree(actors, owners)
    depth = dict(tree)
    mechanisms = sorted({label for row in register for label in row["mechanisms"]}, key=str.casefold)
    top = st.columns([3, 2, 2])
    chosen = {"search": top[0].text_input("Search", key="duty_search",
                                          placeholder="words of the clause, sentence, object or owner")}
    chosen["documents"] = top[1].multiselect("Document", list(documents), key="duty_documents",
                                             format_func=lambda key: shorten(documents[key]))
    chosen["sections"] = top[2].multiselect("Section", list(sections), key="duty_sections",
                                            format_func=lambda label: shorten(f"{label} {sections[label] or ''}"))
    row = st.columns([3, 1.5, 2, 2, 2], vertical_alignment="bottom")
    picked = row[0].multiselect("Owner", [*depth, views.NOT_STATED], key="duty_actors",
                                format_func=lambda label: _indented(label, depth.get(label, 0)),
                                help="Bodies are listed under the body they are part of.")
    units = row[1].checkbox("with units", value=True, key="duty_units",
                            help="An owner chosen also brings the duties of the units that are part of it.")
    chosen["actors"] = with_units(picked, actors) if units else picked
    chosen["roles"] = row[2].multiselect("Role", list(ROLES), key="duty_roles",
                                         help="lead or participant where the text says so, else owner")
    chosen["modalities"] = row[3].multiselect("Modality", list(MODALITIES), key="duty_modalities")
    chosen["statuses"] = row[4].multiselect("Owner is", list(views.OWNER_STATUSES), key="duty_statuses",
                                            help="named in the sentence (explicit), inferred (e.g. the addressees), "
                                                 "or not stated")
    row = st.columns([3, 1, 1, 4])
    chosen["mechanisms"] = row[0].multiselect("Mechanism", mechanisms, key="duty_mechanisms", format_func=shorten)
    chosen["deadline"] = row[1].selectbox("Deadline", [ANY, "yes", "no"], key="duty_deadline")
    chosen["condition"] = row[2].selectbox("Condition", [ANY, "yes", "no"], key="duty_condition")
    return chosen


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


def show_duty(duty: dict[str, Any], note: str | None) -> None:
    """The duty in its sentence, with the span highlighted, its facts, and links to its owner and mechanisms."""
    st.subheader("Duty in context")
    if note:
        st.caption(note)
    text = state.read(views.source_text, duty["source"])
    sentence = views.passage(text, duty["start"], duty["end"], duty["sentence_start"], duty["sentence_end"])
    st.markdown(passage_html(sentence), unsafe_allow_html=True)
    facts = {
        "Owner": f"{duty['owner']} ({duty['role']})" if duty["actor"] else duty["owner"],
        "Modality": duty["modality"],
        "Action": duty["action"],
        "Object": duty["object"],
        "Condition": duty["condition"],
        "Deadline": duty["deadline"],
        "Mechanisms": "; ".join(duty["mechanisms"]),
        "Section": " ".join(filter(None, (duty["section"], duty["section_title"]))),
        "Document": duty["document_title"] or duty["document"],
        "Characters": f"{duty['start']}–{duty['end']} of {duty['source']}",
    }
    st.markdown("  \n".join(f"**{name}:** {escape(str(value))}" for name, value in facts.items() if value))
    if duty["actor_id"]:
        links.page_link("actor", duty["source"], duty["actor_id"], f"Owner: {duty['actor']}", ":material/groups:")
    ids = {(row["source"], row["label"]): row["id"] for row in state.read(views.mechanisms)}
    for label in duty["mechanisms"]:
        if (duty["source"], label) in ids:
            links.page_link("mechanism", duty["source"], ids[duty["source"], label], f"Mechanism: {label}",
                            ":material/settings:")


def _indented(label: str, depth: int) -> str:
    return shorten(f"{EM_SPACE * (depth - 1)}└ {label}" if depth else label)


def _among(value: Any, chosen: list[Any]) -> bool:
    return not chosen or value in chosen


def _has(value: Any, wanted: str) -> bool:
    return wanted == ANY or (value not in (None, "")) == (wanted == "yes")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
