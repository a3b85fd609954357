"""The text of a Word .docx document: its paragraphs in order, separated by blank lines.

Headings are paragraphs of their own; each table cell's paragraphs follow one another in reading
order (row by row), so a duty written in a table is found like any other. What Word keeps outside
the body — headers, footers, footnotes, comments — is not the policy's text and is left out.

A heading "Notice" and a paragraph "Each agency shall report." give
"Notice\\n\\nEach agency shall report.". A footnote's reference mark is no part of the run text,
so it never lands inside a sentence; the title in the file's properties is its metadata title.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from extract.read.files import InputError, reason, shown

_WORD_PARTS = "word/"  # every Word document keeps its parts in this folder of the ZIP archive


def read_docx(data: bytes, path: Path) -> tuple[str, str | None]:
    """The document's paragraph texts joined by blank lines, and the title its properties give;
    an InputError if it is not a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if not any(name.startswith(_WORD_PARTS) for name in archive.namelist()):
                raise InputError(
                    f"{shown(path)} is a ZIP archive but not a Word .docx document; "
                    "unpack it and give the documents inside, or save the document from Word as .docx"
                )
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_paragraphs(document))
        title = " ".join((document.core_properties.title or "").split()) or None
    except InputError:
        raise
    except Exception as error:  # a damaged archive: zipfile, python-docx and lxml each raise their own
        raise InputError(
            f"{shown(path)} is not a readable Word .docx document (truncated or damaged: {reason(error)}); "
            "open it in Word and save it again as .docx, or give a PDF of it"
        ) from error
    if not paragraphs:
        raise InputError(f"{shown(path)} has no text; give a Word document that contains the policy's text")
    return "\n\n".join(paragraphs), title


def _paragraphs(container: Document | _Cell) -> Iterator[str]:
    """Non-blank paragraph texts of a document body or table cell, tables included, in order."""
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                yield text
        elif isinstance(block, Table):
            yield from _table_paragraphs(block)


def _table_paragraphs(table: Table) -> Iterator[str]:
    """Each cell once, row by row: python-docx repeats a merged cell for every grid slot it spans."""
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:  # the cell's XML element identifies it across its repeats
                seen.add(cell._tc)
                yield from _paragraphs(cell)
