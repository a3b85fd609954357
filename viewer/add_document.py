"""Add a document: extract an uploaded file (text, PDF, HTML, Word) or pasted text into the store,
through the same reader and with the same errors as `policykg add FILE`.

The viewer's one write. The document joins the corpus as a graph of its own; one of the same
name replaces the one added before. The language pipeline is loaded once per server
(`st.cache_resource`); the store is held for writing only while the document is added, and a
build running at the same time holds it, which the page then says instead of waiting.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from graph import GraphError
from graph.corpus import add_document, load_extractor
from viewer import links, state
from viewer.markup import escape

UPLOAD_TYPES = ("txt", "md", "markdown", "pdf", "html", "htm", "docx")  # what `policykg add` reads (extract.ingest)


@st.cache_resource(show_spinner="Loading the language model (once per server)…")
def extractor() -> Any:
    return load_extractor()


def render() -> None:
    st.title("Add a document")
    st.markdown(
        "Upload a policy document (plain text, Markdown, PDF, HTML or Word .docx), or paste its text. It is extracted "
        "and joins the corpus as a graph of its own; a document of the same name replaces the one added "
        "before. From the command line: `policykg add FILE`."
    )
    upload_tab, paste_tab = st.tabs(["Upload a file", "Paste the text"])
    with upload_tab:
        upload = st.file_uploader("Document file", type=list(UPLOAD_TYPES), key="add_upload",
                                  help="Read as `policykg add` reads it: by what the file holds.")
        if upload is not None and st.button("Extract and add", type="primary", icon=":material/upload_file:",
                                            key="add_upload_button"):
            add(upload.name, upload.getvalue())
    with paste_tab:
        name = st.text_input("Name", key="add_name", placeholder="e.g. energy-circular-2021",
                             help="Names the document's graph; a document of the same name is replaced.")
        text = st.text_area("Text", key="add_text", height=240, placeholder="Paste the whole document here.")
        if st.button("Extract and add", type="primary", icon=":material/upload_file:", key="add_paste_button",
                     disabled=not (name.strip() and text.strip())):
            add(f"{name.strip()}.txt", text.encode("utf-8"))


def add(name: str, data: bytes) -> None:
    """Extract and store one document, with a progress bar, then say what was added."""
    bar = st.progress(0.0, text="Starting")
    try:
        added = add_document(state.store_directory(), name, data, nlp=extractor(),
                             progress=lambda fraction, step: bar.progress(fraction, text=f"{step}…"))
    except (GraphError, OSError) as error:
        bar.empty()
        st.error(escape(" ".join(str(error).split())))
        return
    bar.progress(1.0, text="Done")
    st.success(escape(
        f"Added {added.source_id}: {added.duties} duties, {added.goals} goals, {added.actors} actors, "
        f"{added.mechanisms} mechanisms ({added.triples} triples)."
    ))
    st.page_link(links.PAGES["duty"][0], label="See its obligations", icon=":material/gavel:")
    st.page_link(links.PAGES["document"][0], label="Read it with its highlights", icon=":material/description:",
                 query_params={"source": added.source_id, "id": added.source_id})


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
