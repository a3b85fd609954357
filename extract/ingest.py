"""Load documents of every supported kind — plain text, PDF, HTML, Word — and walk folders of them.

Which reader reads a file is `extract.read`'s choice (by content first, extension second); this
module names the result for the rest of the tool and walks folders without stopping at a bad file.

For example `load_document(Path("order.pdf"))` gives a LoadedText with media_type
"application/pdf", page_count 12 and text "… overall plan-\\n\\n— 1 —\\n\\nning for …".
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.read import DOCX, HTML, PDF, PLAIN_TEXT, InputError, Scar, read_bytes, read_data, reason, shown

__all__ = ["DOCX", "HTML", "PDF", "PLAIN_TEXT", "SUPPORTED_SUFFIXES", "LoadedText", "SkippedFile",
           "iter_documents", "iter_files", "load_bytes", "load_document"]

# What a folder is searched for; a file named on its own is read whatever its extension.
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".pdf", ".html", ".htm", ".docx"})
# A repository's own notes in text, found beside its policies ("README.md", "CHANGELOG.txt"), are no
# policy ("NOTICE" is left out: a notice is a genre of policy document).
PROJECT_NOTE_NAMES = frozenset({"readme", "changelog", "changes", "contributing", "license", "licence", "authors",
                                "todo"})
_NOTE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})


@dataclass(frozen=True)
class LoadedText:
    """A document's text and where it came from; every offset the tool reports indexes `text`."""

    path: Path
    text: str
    source_name: str  # the file name, from which the source id is made
    media_type: str
    sha256: str  # of the file's bytes as stored: names the exact input, since a PDF's or page's text is derived
    page_count: int | None  # PDFs only; page N's text is followed by "\n\n— N —\n\n" (but the last page's)
    scars: tuple[Scar, ...] = ()  # what the reader found that is no part of the sentences (extract.read.scars)
    title: str | None = None  # the title the file's metadata gives, if any


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
    found = read_data(data, path)
    return LoadedText(path, found.text, path.name, found.media_type, found.sha256, found.page_count, found.scars,
                      found.title)


def iter_documents(paths: Iterable[Path]) -> Iterator[LoadedText | SkippedFile]:
    """Load each path, walking folders recursively in sorted order; never stop at a bad file.

    A file that cannot be read becomes a SkippedFile (the caller warns and goes on), as does a
    file in a folder whose extension is not in SUPPORTED_SUFFIXES (see `iter_files`).
    """
    for item in iter_files(paths):
        yield item if isinstance(item, SkippedFile) else _load_or_skip(item)


def iter_files(paths: Iterable[Path]) -> Iterator[Path | SkippedFile]:
    """Each path, and the files of folders walked recursively in sorted order, without reading them.

    A file in a folder whose extension is not in SUPPORTED_SUFFIXES, a README or other project note
    (PROJECT_NOTE_NAMES), or a folder that cannot be listed, becomes a SkippedFile. Hidden files and folders and Word's "~$" lock files are passed
    over silently, as a file browser hides them.
    """
    visited: set[Path] = set()
    for path in paths:
        if _is_folder(path):
            yield from _walk(path, visited)
        else:
            yield path


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
        elif entry.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield SkippedFile(entry, f"{shown(entry)} is not a .txt, .md, .pdf, .html or .docx file; "
                                     "rename it if it holds a document")
        elif entry.stem.lower() in PROJECT_NOTE_NAMES and entry.suffix.lower() in _NOTE_SUFFIXES:
            yield SkippedFile(entry, f"{shown(entry)} skipped: a project's notes, not a policy; "
                                     "name the file itself to add it")
        else:
            yield entry


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
