"""Document: the original text of a source, exactly as stored, with duty and goal spans highlighted."""
from __future__ import annotations

import streamlit as st

from graph import views
from viewer import state
from viewer.markup import legend_html, segments_html
from viewer.tables import documents_table


def render() -> None:
    st.title("Document")
    state.corpus_or_stop()
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    source = st.selectbox("Source", list(sources), key="document_source", format_func=sources.get)
    documents_table([document for document in state.read(views.documents) if document.source == source])
    left, right, _ = st.columns([1, 1, 4])
    kinds = [kind for kind, shown in (("duty", left.checkbox("Duties", value=True, key="document_duties")),
                                      ("goal", right.checkbox("Goals", value=True, key="document_goals")))
             if shown]
    if kinds:
        st.markdown(f"Highlighted: {legend_html(kinds)} (hover a highlight for its id)", unsafe_allow_html=True)
    segments = state.read(views.marked_text, source)
    st.markdown(segments_html(segments, kinds), unsafe_allow_html=True)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
