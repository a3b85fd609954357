"""Contents pages and indexes: runs of short lines that end in page numbers.

"2. Achieving sustainable development 5", "Annex 1: Implementation ..... 67": each line of a
contents list names a heading and the page it is on. Such a run is a map of the document, not
its text; read for duties it gives "Achieving sustainable development" as a command. A run of at
least three such lines (a blank-line block of them, or consecutive paragraphs) is a contents
block, kept in the structure and out of extraction.

>>> contents_blocks(["Contents", "1. Introduction 4", "2. Plan-making 8", "Annex 1: Glossary 70", "Body text."])
[(0, 4)]
"""
from __future__ import annotations

import re

_ENTRY = re.compile(
    r"(?P<title>[^\n]{2,150}?[^\W\d_][^\n]*?)(?:[ \t]*[.·…_][ .·…_]*|[ \t]+)(?P<page>\d{1,4}|[ivxlc]{1,6})[ \t]*"
)
_SENTENCE_END = ".;!?,"
_ENTRY_WORDS = 16
_RUN = 3  # fewer lines ending in numbers are more likely a list of figures in the text
_HEADINGS = frozenset({"contents", "table of contents", "index", "list of tables", "list of figures"})


def is_contents_line(line: str) -> bool:
    """A short heading followed by a page number, with no sentence inside it."""
    match = _ENTRY.fullmatch(line.strip())
    if match is None:
        return False
    title = match.group("title").rstrip()
    return len(title.split()) <= _ENTRY_WORDS and title[-1] not in _SENTENCE_END and not title.endswith(
        ("No", "Article", "Section", "Rule", "paragraph", "section", "article")
    )


def contents_blocks(texts: list[str]) -> list[tuple[int, int]]:
    """Half-open index ranges of the paragraphs that form contents blocks, a heading line included."""
    entries = [bool(text.strip()) and all(is_contents_line(line) for line in text.strip().splitlines())
               for text in texts]
    sizes = [len(text.strip().splitlines()) if entry else 0 for text, entry in zip(texts, entries)]
    blocks: list[tuple[int, int]] = []
    index = 0
    while index < len(texts):
        end = index
        while end < len(texts) and entries[end]:
            end += 1
        if end > index and sum(sizes[index:end]) >= _RUN:
            start = index - 1 if index and texts[index - 1].strip().casefold() in _HEADINGS else index
            blocks.append((start, end))
        index = max(end, index + 1)
    return blocks
