"""Add a document: extract an uploaded text file into the store, as `policykg build FILE` does.

The viewer's one write. The store is held for writing only while the document is added; a build
running at the same time holds it, and the page then says so instead of waiting.
"""
from __future__ import annotations

import streamlit as st

from graph import GraphError
from graph.corpus import add_document
from viewer import state
from viewer.markup import escape


def render() -> None:
    st.title("Add a document")
    st.markdown(
        "Upload a policy document as a UTF-8 text file. It is extracted and put in the store; a file "
        "of the same name replaces the one added before. From the command line: **policykg build FILE**."
    )
    upload = st.file_uploader("Text file", type=["txt"], key="add_upload")
    if upload is None:
        return
    if not st.button("Extract and add", type="primary", icon=":material/upload_file:"):
        return
    with st.spinner("Extracting… (the language model loads once, then a page takes a second or two)"):
        try:
            added = add_document(state.store_directory(), upload.name, upload.getvalue())
        except (GraphError, OSError) as error:
            st.error(escape(" ".join(str(error).split())))
            return
    st.success(escape(
        f"Added {added.source_id}: {added.duties} duties, {added.goals} goals, {added.actors} actors, "
        f"{added.mechanisms} mechanisms ({added.triples} triples)."
    ))
    st.page_link("viewer/obligations.py", label="See its obligations", icon=":material/gavel:")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
