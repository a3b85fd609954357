"""Mechanisms: the systems, plans, platforms and projects the duties set up, and who builds them."""
from __future__ import annotations

import streamlit as st

from graph import views
from graph.export import FIELDS
from graph.provenance import describe
from viewer import links, review, state
from viewer.markup import escape, passage_html
from viewer.tables import DUTY_COLUMN_CONFIG, DUTY_COLUMNS, downloads, frame, selected_index, table_key

MECHANISM_COLUMNS = {"label": "Mechanism", "type": "Type", "duties": "Duties", "owners": "Owners",
                     "source": "Source"}
MENTIONS_SHOWN = 5


def render() -> None:
    st.title("Mechanisms")
    state.corpus_or_stop()
    review.notice()
    mechanisms = state.read(views.mechanisms)
    left, right = st.columns([3, 2])
    words = left.text_input("Search", key="mechanism_search", placeholder="words of the name").casefold().split()
    types = right.multiselect("Type", sorted({row["type"] for row in mechanisms}), key="mechanism_types")
    shown = [row for row in mechanisms
             if all(word in row["label"].casefold() for word in words) and (not types or row["type"] in types)]
    st.caption(f"{len(shown)} of {len(mechanisms)} mechanisms")
    linked = next((row for row in mechanisms if (row["source"], row["id"]) == links.linked()), None)
    if not shown and linked is None:
        st.info("No mechanism matches these filters.")
        return
    table_and_mechanism(shown, table_key("mechanism_table", {"search": words, "types": types}), linked)


@st.fragment
def table_and_mechanism(shown: list[dict], key: str, linked: dict | None) -> None:
    """The table and the mechanism picked in it (else the one the address names, else the first)."""
    event = None
    if shown:
        event = st.dataframe(frame(shown, MECHANISM_COLUMNS), key=key, on_select="rerun",
                             selection_mode="single-row", hide_index=True, height=320)
        downloads(shown, FIELDS["mechanisms"], "mechanisms", "mechanisms")
    index = selected_index(event, len(shown))
    if index is not None:
        links.share("mechanism", (shown[index]["source"], shown[index]["id"]))
        show_mechanism(shown[index], None)
    elif linked is not None:
        show_mechanism(linked, "Showing the mechanism the address names; select a row to show another.")
    else:
        show_mechanism(shown[0], "Showing the first row; select a row of the table to show another mechanism.")


def show_mechanism(mechanism: dict, note: str | None) -> None:
    detail = state.read(views.mechanism_detail, mechanism["source"], mechanism["id"])
    st.header(escape(mechanism["label"]))
    if note:
        st.caption(note)
    st.caption(escape(describe(mechanism)))
    review.record_controls("mechanism", mechanism, {"label": "Name", "type": "Type"})
    actor_ids = {(row["source"], row["label"]): row["id"] for row in state.read(views.actors)}
    for owner in mechanism["owners"]:
        if (mechanism["source"], owner) in actor_ids:
            links.page_link("actor", mechanism["source"], actor_ids[mechanism["source"], owner], f"Owner: {owner}",
                            ":material/groups:")
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
