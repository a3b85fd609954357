"""Document: a source's structure tree and its original text, exactly as stored, with duties, goals
and actors highlighted; a click on a highlight opens the record, a click in the tree jumps there."""
from __future__ import annotations

import streamlit as st

from graph import views
from viewer import links, review, state
from viewer.emphasis import plain
from viewer.markup import escape, legend_html, segments_html
from viewer.tables import documents_table

KINDS = {"duty": "Duties", "goal": "Goals", "actor": "Actors"}
TEXT_HEIGHT = 720  # pixels; the tree and the text scroll side by side


def render() -> None:
    st.title("Document")
    state.corpus_or_stop()
    review.notice()
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    linked = links.linked()
    if linked and linked[0] in sources and st.session_state.get("document_link") != linked:
        st.session_state["document_source"] = st.session_state["document_link"] = linked[0]
    source = st.selectbox("Source", list(sources), key="document_source", format_func=sources.get)
    documents = [document for document in state.read(views.documents) if document.source == source]
    documents_table(documents)
    boxes = st.columns([1, 1, 1, 5])
    kinds = [kind for column, (kind, label) in zip(boxes, KINDS.items())
             if column.checkbox(label, value=True, key=f"document_{kind}s")]
    if kinds:
        st.markdown(f"Highlighted: {legend_html(kinds)} — click a highlight to open it, hover it for its id",
                    unsafe_allow_html=True)
    sections = state.read(views.structure, source)
    tree, text = st.columns([1, 3])
    with tree.container(height=TEXT_HEIGHT, border=False):
        st.markdown(structure_markdown(sections, {document.id: document.title for document in documents}))
    anchors = {section.start: _anchor(index) for index, section in enumerate(sections)}
    with text.container(height=TEXT_HEIGHT):
        st.markdown(segments_html(state.read(views.marked_text, source), kinds,
                                  href=lambda kind, key: links.href(kind, source, key), anchors=anchors),
                    unsafe_allow_html=True)
    review.orphans(source)
    review.add_duty_picker(source, state.read(views.source_text, source))


def structure_markdown(sections: list[views.SectionEntry], titles: dict[str, str]) -> str:
    """The headings as a nested Markdown list under their document's title, each a link into the text."""
    lines, document = [], None
    for index, section in enumerate(sections):
        if section.document != document:
            document = section.document
            lines.append(f"\n**{escape(plain(titles.get(document, document)))}**\n")
        duties = f" · {section.duties} duties" if section.duties else ""
        indent = "  " * (section.level - 1)
        lines.append(f"{indent}- [{escape(section.label)} {escape(plain(section.title))}](#{_anchor(index)}){duties}")
    return "\n".join(lines) if lines else "No headings were found in this source."


def _anchor(index: int) -> str:
    return f"section-{index}"


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
