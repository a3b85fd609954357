"""Load documents of every supported kind — plain text, PDF, HTML, Word — into text.

The reader is chosen by what the file holds, the extension second: a PDF or Word file named
.txt is still read as what it is, because the bytes cannot lie and a user who misnamed a file
would rather get the graph than an error. The extension decides only what content cannot: text
in a file named .html is HTML, and text in a file named .pdf or .docx is an error, since such a
"PDF" is far more often a damaged download than a misnamed text file.

For example `load_document(Path("order.pdf"))` gives a LoadedText with media_type
"application/pdf", page_count 12 and text "… overall plan-\\n\\n— 1 —\\n\\nning for …".
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.read import InputError, decode_text, empty_file, looks_binary, read_bytes, reason, require_text, shown
from extract.read_docx import read_docx
from extract.read_html import looks_like_html, read_html
from extract.read_pdf import read_pdf

PLAIN_TEXT = "text/plain"
PDF = "application/pdf"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What a folder is searched for; a file named on its own is read whatever its extension.
SUPPORTED_SUFFIXES = frozenset({".txt", ".pdf", ".html", ".htm", ".docx"})
_GIVE_SUPPORTED = "give a .txt (UTF-8), .pdf, .html or .docx file instead"
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
    b"\x1f\x8b": f"a gzip archive; unpack it and {_GIVE_SUPPORTED}",
}


@dataclass(frozen=True)
class LoadedText:
    """A document's text and where it came from; every offset the tool reports indexes `text`."""

    path: Path
    text: str
    source_name: str  # the file name, from which the source id is made
    media_type: str
    sha256: str  # of the file's bytes as stored: names the exact input, since a PDF's or page's text is derived
    page_count: int | None  # PDFs only; page N's text is followed by "\n\n— N —\n\n" (but the last page's)


@dataclass(frozen=True)
class SkippedFile:
    """A file `iter_documents` passed over; `reason` is one line naming it and saying what to do."""

    path: Path
    reason: str


def load_document(path: Path) -> LoadedText:
    """Read any supported document, or raise an InputError whose one-line message says what to do."""
    return load_bytes(read_bytes(path), path)


def load_bytes(data: bytes, path: Path) -> LoadedText:
    """A document from bytes already read from `path`, as a worker that was sent them reads it."""
    media_type, text, page_count = _read(data, path)
    return LoadedText(path, text, path.name, media_type, hashlib.sha256(data).hexdigest(), page_count)


def iter_documents(paths: Iterable[Path]) -> Iterator[LoadedText | SkippedFile]:
    """Load each path, walking folders recursively in sorted order; never stop at a bad file.

    A file that cannot be read becomes a SkippedFile (the caller warns and goes on), as does a
    file in a folder whose extension is not in SUPPORTED_SUFFIXES (see `iter_files`).
    """
    for item in iter_files(paths):
        yield item if isinstance(item, SkippedFile) else _load_or_skip(item)


def iter_files(paths: Iterable[Path]) -> Iterator[Path | SkippedFile]:
    """Each path, and the files of folders walked recursively in sorted order, without reading them.

    A file in a folder whose extension is not in SUPPORTED_SUFFIXES, or a folder that cannot be
    listed, becomes a SkippedFile. Hidden files and folders and Word's "~$" lock files are passed
    over silently, as a file browser hides them.
    """
    visited: set[Path] = set()
    for path in paths:
        if _is_folder(path):
            yield from _walk(path, visited)
        else:
            yield path


def _read(data: bytes, path: Path) -> tuple[str, str, int | None]:
    """(media type, text, page count) of the file's bytes, choosing the reader by content."""
    if not data.strip():
        raise empty_file(path)
    if data[:_HEADER_WINDOW].lstrip().startswith(b"%PDF-"):
        return (PDF, *read_pdf(data, path))
    if data.startswith(_ZIP_SIGNATURES):
        return DOCX, read_docx(data, path), None
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
        raise InputError(f"{shown(path)} holds binary data, not text, PDF, HTML or Word; {_GIVE_SUPPORTED}")
    if suffix in {".html", ".htm"} or looks_like_html(data):
        return HTML, read_html(data, path), None
    return PLAIN_TEXT, require_text(decode_text(data, path), path), None


def _walk(folder: Path, visited: set[Path]) -> Iterator[Path | SkippedFile]:
    """Document files under `folder`, depth first in name order; `visited` stops symlink loops."""
    try:
        real = folder.resolve()
        entries = [] if real in visited else sorted(folder.iterdir())
    except OSError as error:
        why = error.strerror or reason(error)
        yield SkippedFile(folder, f"{shown(folder)} cannot be listed ({why}); check its permissions")
        return
    visited.add(real)
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        if _is_folder(entry):
            yield from _walk(entry, visited)
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield entry
        else:
            yield SkippedFile(
                entry, f"{shown(entry)} is not a .txt, .pdf, .html or .docx file; rename it if it holds a document"
            )


def _load_or_skip(path: Path) -> LoadedText | SkippedFile:
    try:
        return load_document(path)
    except InputError as error:
        return SkippedFile(path, str(error))


def _is_folder(path: Path) -> bool:
    """Whether to walk `path`; one that cannot even be looked at is left to load_document to explain."""
    try:
        return path.is_dir()
    except OSError:
        return False
