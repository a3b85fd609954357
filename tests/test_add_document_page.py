"""The viewer's "Add a document" page reads what `policykg add` reads: text, PDF, HTML and Word."""
from __future__ import annotations

import html
import io
from pathlib import Path

import docx
import pytest
from pdfs import make_pdf
from test_viewer import _app, _rows

from extract.ingest import SUPPORTED_SUFFIXES
from viewer.add_document import UPLOAD_TYPES

SENTENCE = "The Coastal Agency shall publish a flood map by 2029."


def _word() -> bytes:
    document = docx.Document()
    document.add_paragraph("Notice on Floods")
    document.add_paragraph(SENTENCE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


UPLOADS = {
    "floods.pdf": (lambda: make_pdf([["Notice on Floods", SENTENCE]]), "application/pdf"),
    "floods.html": (lambda: f"<html><body><h1>Notice on Floods</h1><p>{SENTENCE}</p></body></html>".encode(),
                    "text/html"),
    "floods.docx": (_word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def test_the_page_takes_every_kind_of_file_the_command_line_reads():
    assert {f".{suffix}" for suffix in UPLOAD_TYPES} == set(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("name", UPLOADS)
def test_an_uploaded_pdf_html_or_word_file_is_extracted_into_the_store(monkeypatch, tmp_path: Path, name: str):
    content, media_type = UPLOADS[name]
    app = _app(monkeypatch, tmp_path / "store", "viewer/add_document.py")
    app.file_uploader[0].upload(name, content(), media_type).run()
    app.button[0].click().run()
    assert not app.error, [error.value for error in app.error]
    assert html.unescape(app.success[0].value).startswith("Added floods: ")
    app.switch_page("viewer/obligations.py").run()
    assert any("publish a flood map" in row["Clause"] for row in _rows(app))


def test_a_damaged_pdf_gets_the_command_lines_message(monkeypatch, tmp_path: Path):
    app = _app(monkeypatch, tmp_path / "store", "viewer/add_document.py")
    app.file_uploader[0].upload("broken.pdf", make_pdf([[SENTENCE]])[:120], "application/pdf").run()
    app.button[0].click().run()
    [error] = app.error
    assert html.unescape(error.value).startswith("broken.pdf ")
    assert "\n" not in error.value and "/tmp" not in error.value
    assert not (tmp_path / "store").exists()


def test_the_page_points_to_policykg_add(monkeypatch, tmp_path: Path):
    app = _app(monkeypatch, tmp_path / "store", "viewer/add_document.py").run()
    assert any("policykg add FILE" in element.value for element in app.markdown)
