"""Mechanisms: the systems, plans, platforms and projects the duties set up, and who builds them."""
from __future__ import annotations

import streamlit as st

from graph import views
from graph.export import FIELDS
from viewer import state
from viewer.markup import escape, passage_html
from viewer.tables import DUTY_COLUMN_CONFIG, DUTY_COLUMNS, downloads, frame, selected_index, table_key

MECHANISM_COLUMNS = {"label": "Mechanism", "type": "Type", "duties": "Duties", "owners": "Owners",
                     "source": "Source"}
MENTIONS_SHOWN = 5


def render() -> None:
    st.title("Mechanisms")
    state.corpus_or_stop()
    mechanisms = state.read(views.mechanisms)
    left, right = st.columns([3, 2])
    words = left.text_input("Search", key="mechanism_search", placeholder="words of the name").casefold().split()
    types = right.multiselect("Type", sorted({row["type"] for row in mechanisms}), key="mechanism_types")
    shown = [row for row in mechanisms
             if all(word in row["label"].casefold() for word in words) and (not types or row["type"] in types)]
    st.caption(f"{len(shown)} of {len(mechanisms)} mechanisms")
    if not shown:
        st.info("No mechanism matches these filters.")
        return
    key = table_key("mechanism_table", {"search": words, "types": types})
    event = st.dataframe(frame(shown, MECHANISM_COLUMNS), key=key, on_select="rerun", selection_mode="single-row",
                         hide_index=True, height=320)
    downloads(shown, FIELDS["mechanisms"], "mechanisms", "mechanisms")
    index = selected_index(event, len(shown))
    show_mechanism(shown[0 if index is None else index], picked=index is not None)


def show_mechanism(mechanism: dict, picked: bool) -> None:
    detail = state.read(views.mechanism_detail, mechanism["source"], mechanism["id"])
    st.header(escape(mechanism["label"]))
    if not picked:
        st.caption("Showing the first row; select a row of the table to show another mechanism.")
    st.subheader(f"Duties that create or improve it ({len(detail.duties)})")
    if detail.duties:
        st.dataframe(frame(detail.duties, DUTY_COLUMNS), hide_index=True, column_config=DUTY_COLUMN_CONFIG)
    else:
        st.caption("No duty creates or improves it; it is only mentioned.")
    st.subheader(f"Where it is named ({len(detail.mentions)})")
    text = state.read(views.source_text, mechanism["source"])
    for mention in detail.mentions[:MENTIONS_SHOWN]:
        sentence = views.passage(text, mention.start, mention.end, mention.sentence_start, mention.sentence_end)
        st.markdown(passage_html(sentence, "mention"), unsafe_allow_html=True)
    if len(detail.mentions) > MENTIONS_SHOWN:
        st.caption(f"… and {len(detail.mentions) - MENTIONS_SHOWN} more.")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
