"""Readers: one module per format behind one entry, `read(path)`, giving text and its scars.

`text` (plain text, with `markdown` marks as scars), `pdf`, `html` and `docx` each turn a file
into the text every offset of the tool indexes; `files` holds the byte-level checks and the
one-line errors they share. A new format is a new module here and one branch in `read_data`.

The reader is chosen by what the file holds, the extension second: a PDF or Word file named
.txt is still read as what it is, because the bytes cannot lie and a user who misnamed a file
would rather get the graph than an error. The extension decides only what content cannot: text
in a file named .html is HTML, and text in a file named .pdf or .docx is an error, since such a
"PDF" is far more often a damaged download than a misnamed text file.

For example `read(Path("order.pdf"))` gives a ReadText with media_type "application/pdf",
page_count 12, text "… overall plan-\\n\\n— 1 —\\n\\nning for …" and its running headers as scars.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from extract.read.files import (BUNDLED_DOCUMENT, InputError, bundled_document, decode_text, empty_file,
                                looks_binary, read_bytes, read_text, reason, require_text, shown, source_id)
from extract.read.scars import Scar

__all__ = [
    "BUNDLED_DOCUMENT", "DOCX", "HTML", "PDF", "PLAIN_TEXT", "InputError", "ReadText", "Scar", "bundled_document",
    "decode_text", "empty_file", "looks_binary", "read", "read_bytes", "read_data", "read_text", "reason",
    "require_text", "shown", "source_id",
]

PLAIN_TEXT = "text/plain"
PDF = "application/pdf"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GIVE_SUPPORTED = "give a .txt (UTF-8), .pdf, .html or .docx file instead"
# A PDF may start with blank space before its header; readers look in the first kilobyte.
_HEADER_WINDOW = 1024
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a .docx is a ZIP archive (the second: empty)
# Files people mistake for documents this tool reads, named so the error can say what they are.
_FOREIGN_SIGNATURES = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "a legacy Office file (.doc, .xls or .ppt); save it as .docx or PDF",
    b"{\\rtf": "an RTF document; save it as .docx or PDF",
    b"\x89PNG": "a PNG image; run OCR on it and give the text",
    b"\xff\xd8\xff": "a JPEG image; run OCR on it and give the text",
    b"GIF8": "a GIF image; run OCR on it and give the text",
    b"II*\x00": "a TIFF image; run OCR on it and give the text",
    b"MM\x00*": "a TIFF image; run OCR on it and give the text",
    b"\x1f\x8b": f"a gzip archive; unpack it and {GIVE_SUPPORTED}",
}


@dataclass(frozen=True)
class ReadText:
    """A file's text as the tool reads it, and what the reader found that is no part of its sentences."""

    text: str
    media_type: str
    sha256: str  # of the file's bytes as stored: names the exact input, since a PDF's or page's text is derived
    page_count: int | None = None  # PDFs only; page N's text is followed by "\n\n— N —\n\n" (but the last page's)
    scars: tuple[Scar, ...] = ()
    title: str | None = None  # the title the file's metadata gives, when it gives a real one


def read(path: Path | str) -> ReadText:
    """Read any supported document, or raise an InputError whose one-line message says what to do."""
    path = Path(path)
    return read_data(read_bytes(path), path)


def read_data(data: bytes, path: Path) -> ReadText:
    """The text of a file's bytes, choosing the reader by content; `path` names it in errors."""
    # The format readers load their libraries (pdfplumber, lxml, python-docx) only when a file needs them.
    from extract.read.docx import read_docx
    from extract.read.html import looks_like_html, read_html
    from extract.read.pdf import read_pdf
    from extract.read.text import read_plain

    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise empty_file(path)
    if data[:_HEADER_WINDOW].lstrip().startswith(b"%PDF-"):
        pdf = read_pdf(data, path)
        return ReadText(pdf.text, PDF, sha256, pdf.page_count, pdf.scars, pdf.title)
    if data.startswith(_ZIP_SIGNATURES):
        text, title = read_docx(data, path)
        return ReadText(text, DOCX, sha256, title=title)
    for signature, what in _FOREIGN_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{shown(path)} is {what}")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise InputError(
            f"{shown(path)} is not a readable PDF (truncated or damaged): it does not start with %PDF-; "
            "get a complete copy, or rename it to match what it holds"
        )
    if suffix == ".docx":
        raise InputError(
            f"{shown(path)} is not a Word .docx document (it is not a ZIP archive); "
            "save it from Word as .docx, or rename it to match what it holds"
        )
    if looks_binary(data):
        raise InputError(f"{shown(path)} holds binary data, not text, PDF, HTML or Word; {GIVE_SUPPORTED}")
    if suffix in {".html", ".htm"} or looks_like_html(data):
        html = read_html(data, path)
        return ReadText(html.text, HTML, sha256, scars=html.scars, title=html.title)
    text, scars, title = read_plain(data, path)
    return ReadText(text, PLAIN_TEXT, sha256, scars=scars, title=title)
