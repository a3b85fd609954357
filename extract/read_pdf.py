"""The text of a PDF, with each page break written as the scar `extract.repair` already mends.

pypdf gives each page's text on its own. Pages are joined by a blank line, a page-number line
"— N —" (N the number of the page that ends) and another blank line — exactly the footer that text
copied out of a printed PDF carries — so a word hyphenated across pages ("plan-\\n\\n— 2 —\\n\\nning")
or a sentence cut by a page break is rejoined by `repair_scars`, and every offset still points
into the text returned here.

>>> join_pages(["make overall plan-\\n", "ning for it."])
'make overall plan-\\n\\n— 1 —\\n\\nning for it.'
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader

from extract.read import InputError, reason, shown

# A complete PDF ends with this marker; a file cut short (an interrupted download) lacks it, and
# pypdf would otherwise quietly recover whatever pages it can find.
_END_MARKER = b"%%EOF"
_END_WINDOW = 1024  # how far from the end the marker may sit (trailing newlines, padding)

# pypdf logs each repair it makes to a damaged file ("Ignoring wrong pointing object 6 0"); with no
# logging configured Python prints those to stderr, around the tool's one-line messages. A
# NullHandler stops that fallback, while an application that configures logging still sees them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes, path: Path) -> tuple[str, int]:
    """The PDF's text with page-break scars, and its number of pages."""
    if _END_MARKER not in data[-_END_WINDOW:]:
        raise _damaged(path, "it has no end-of-file marker")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, path)
        pages = [page.extract_text() for page in reader.pages]
    except InputError:
        raise
    except Exception as error:  # a damaged file makes pypdf raise its own errors, ValueError, KeyError, zlib.error…
        raise _damaged(path, reason(error)) from error
    if not pages:
        raise _damaged(path, "it has no pages")
    if not any(char.isalnum() for page in pages for char in page):
        raise InputError(
            f"{shown(path)} has no extractable text (its pages are probably scanned images); "
            "run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and give the result"
        )
    return join_pages(pages), len(pages)


def join_pages(pages: list[str]) -> str:
    """Page texts joined by "\\n\\n— N —\\n\\n", each trimmed of the blank space around it."""
    texts = [page.strip() for page in pages]
    return "".join(f"{text}\n\n— {number} —\n\n" for number, text in enumerate(texts[:-1], start=1)) + texts[-1]


def _unlock(reader: PdfReader, path: Path) -> None:
    """Open an encrypted PDF that needs no password (one only restricting printing or copying)."""
    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except Exception as error:  # an encryption scheme pypdf cannot open
        raise _encrypted(path) from error
    if not opened:
        raise _encrypted(path)


def _encrypted(path: Path) -> InputError:
    return InputError(
        f"{shown(path)} is encrypted (password-protected); supply a decrypted copy "
        "(for example `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`)"
    )


def _damaged(path: Path, detail: str) -> InputError:
    return InputError(
        f"{shown(path)} is not a readable PDF (truncated or damaged): {detail}; "
        "get a complete copy of the file, or re-save it from a PDF viewer"
    )
