"""Obligations: the duty register, filtered, with the selected duty highlighted in its sentence.

Filters combine with AND; an empty filter keeps every row. The selected row (the first one until
a row is picked) is shown in its sentence, cut from the stored source text by offset, so what is
highlighted is exactly the characters the graph cites.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from graph import views
from graph.build import MODALITIES
from viewer import state
from viewer.markup import escape, passage_html
from viewer.tables import (DUTY_COLUMN_CONFIG, DUTY_COLUMNS, DUTY_DOWNLOAD_FIELDS, downloads, frame, selected_index,
                           shorten, table_key)

ANY = "any"


def render() -> None:
    st.title("Obligations")
    state.corpus_or_stop()
    register = state.read(views.duty_register)
    chosen = _filters(register)
    shown = filtered(register, chosen)
    st.caption(f"{len(shown)} of {len(register)} duties")
    if not shown:
        st.info("No duty matches these filters.")
        return
    event = st.dataframe(frame(shown, DUTY_COLUMNS), key=table_key("duty_table", chosen), on_select="rerun",
                         selection_mode="single-row", hide_index=True, height=380,
                         column_config=DUTY_COLUMN_CONFIG)
    downloads(shown, DUTY_DOWNLOAD_FIELDS, "duties", "duties")
    index = selected_index(event, len(shown))
    show_duty(shown[0 if index is None else index], picked=index is not None)


def _filters(register: list[dict[str, Any]]) -> dict[str, Any]:
    """The filter widgets, with options taken from the register itself (sections in text order)."""
    documents = {row["document"]: row["document_title"] or row["document"] for row in register}
    sections = {row["section"]: row["section_title"] for row in register if row["section"]}
    actors = sorted({row["actor"] for row in register if row["actor"]}, key=str.casefold)
    top = st.columns([3, 2, 2])
    chosen = {"search": top[0].text_input("Search", key="duty_search",
                                          placeholder="words of the clause, sentence, object or owner")}
    chosen["documents"] = top[1].multiselect("Document", list(documents), key="duty_documents",
                                             format_func=lambda key: shorten(documents[key]))
    chosen["sections"] = top[2].multiselect("Section", list(sections), key="duty_sections",
                                            format_func=lambda label: shorten(f"{label} {sections[label] or ''}"))
    row = st.columns([3, 2, 2, 1, 1])
    chosen["actors"] = row[0].multiselect("Owner", [*actors, views.NOT_STATED], key="duty_actors",
                                          format_func=shorten)
    chosen["modalities"] = row[1].multiselect("Modality", list(MODALITIES), key="duty_modalities")
    chosen["statuses"] = row[2].multiselect("Owner is", list(views.OWNER_STATUSES), key="duty_statuses",
                                            help="named in the sentence, inferred (e.g. the addressees), or not stated")
    chosen["deadline"] = row[3].selectbox("Deadline", [ANY, "yes", "no"], key="duty_deadline")
    chosen["condition"] = row[4].selectbox("Condition", [ANY, "yes", "no"], key="duty_condition")
    return chosen


def filtered(register: list[dict[str, Any]], chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows that pass every filter."""
    words = chosen["search"].casefold().split()

    def keep(row: dict[str, Any]) -> bool:
        haystack = " ".join(str(row[name] or "") for name in ("text", "sentence", "object", "owner")).casefold()
        return (all(word in haystack for word in words)
                and _among(row["document"], chosen["documents"])
                and _among(row["section"], chosen["sections"])
                and _among(row["actor"] or views.NOT_STATED, chosen["actors"])
                and _among(row["modality"], chosen["modalities"])
                and _among(row["owner_status"], chosen["statuses"])
                and _has(row["deadline"] or row["deadline_year"], chosen["deadline"])
                and _has(row["condition"], chosen["condition"]))

    return [row for row in register if keep(row)]


def show_duty(duty: dict[str, Any], picked: bool) -> None:
    """The duty in its sentence, with the span highlighted, and its facts."""
    st.subheader("Duty in context")
    if not picked:
        st.caption("Showing the first row; select a row of the table to show another duty.")
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
    if duty["actor_id"] and st.button("Open the owner's page", icon=":material/groups:"):
        st.session_state["actor"] = (duty["source"], duty["actor_id"])
        st.switch_page(state.ACTOR_PAGE)


def _among(value: Any, chosen: list[Any]) -> bool:
    return not chosen or value in chosen


def _has(value: Any, wanted: str) -> bool:
    return wanted == ANY or (value not in (None, "")) == (wanted == "yes")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
