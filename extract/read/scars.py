"""What a reader found in a file's text that is not the document's prose: its scars.

A scar stays in the text (every offset still points at the file's own characters) but is kept
out of what is parsed: `extract.repair` removes it from the clean text and maps around it. A
footnote mark keeps a link to its footnote's text when the file holds it, so the mark's meaning
is not lost when it leaves the sentence. For example the mark in "provision[^12] for" is
`Scar(25, 30, "footnote-mark", target=(812, 870))`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

FOOTNOTE_MARK = "footnote-mark"  # "[^12]", "¹²": a duty's span stops before one
AMENDMENT_MARK = "amendment-mark"  # "1[" and "]" around an amended passage: a span may hold them
BLOCK_OPENING = "block-opening"  # "[^12]: " opening a footnote, "* " a list item: a paragraph of its own
MARKUP = "markup"  # "**", "__", "> ", "[link](...)" of Markdown-flavoured text
HEADING_MARK = "heading-mark"  # "# " opening a Markdown heading: the line is a title, never a command
RUNNING_HEADER = "running-header"  # a line repeated at the top or bottom of the pages of a PDF
LINE_SCARS = frozenset({RUNNING_HEADER})  # whole lines, mended like the page-number lines between pages
CELL_SEPARATOR = " | "  # how every reader joins the cells of a table row; sentences split clauses at it


@dataclass(frozen=True)
class Scar:
    """Characters `[start, end)` of the text that are no part of its sentences."""

    start: int
    end: int
    kind: str
    target: tuple[int, int] | None = None  # for a footnote mark: the span of its footnote's text


# A reader that finds a mark while the text is still being laid out (a <sup> element, a raised small
# digit on a PDF page) fences it with two private-use characters; `unfence` takes the fences out.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_FENCED = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def fence(mark: str) -> str:
    """A footnote mark fenced for `unfence`."""
    return f"{MARK_OPEN}{mark}{MARK_CLOSE}"


def unfence(fenced: str) -> tuple[str, list[Scar]]:
    """The text without fences, and a footnote-mark scar where each fenced mark now stands."""
    pieces, scars, position, removed = [], [], 0, 0
    for match in _FENCED.finditer(fenced):
        pieces.append(fenced[position:match.start()])
        start = match.start() - removed
        pieces.append(match.group(1))
        if match.group(1):
            scars.append(Scar(start, start + len(match.group(1)), FOOTNOTE_MARK))
        removed += 2
        position = match.end()
    pieces.append(fenced[position:])
    return "".join(pieces).replace(MARK_OPEN, "").replace(MARK_CLOSE, ""), scars
