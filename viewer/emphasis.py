"""Markdown emphasis in a document's own text, shown as emphasis rather than as asterisks.

Texts converted from Word or the web often mark titles of cited documents as Markdown emphasis:
"… the *Outline of the National Talent Plan* and …". The characters are the document's and the
graph's offsets count them, so they stay in the page (a highlight's text is still exactly the
cited characters), but the marks are hidden and what they enclose is set in italics (`*`, `_`)
or bold (`**`, `__`). A run is emphasis only as Markdown reads it: the marks hug the words
(`*Opinions*`, not `2 * 3 * 4`), stand outside a word (not `snake_case_name`) and close on the
same line.

    >>> plain("the *Outline of the Plan* and **Rules**")
    'the Outline of the Plan and Rules'
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=[^\s*_])([^\n]*?[^\s*_])\1(?![\w*_])")
_HIDDEN = '<span style="display: none">{}</span>'  # in the page (and its textContent), not shown
_TAGS = {1: "em", 2: "strong"}


@dataclass(frozen=True)
class Run:
    """An emphasised run: its opening mark starts at `start`, its words are `inner`, its closing mark ends at `end`."""

    start: int
    inner_start: int
    inner_end: int
    end: int

    @property
    def tag(self) -> str:
        return _TAGS[self.inner_start - self.start]


def emphasis_runs(text: str) -> list[Run]:
    """The emphasised runs of `text`, in order."""
    return [Run(found.start(), found.start(2), found.end(2), found.end()) for found in _EMPHASIS.finditer(text)]


def plain(text: str | None) -> str:
    """The text with its emphasis marks taken out, for places that show plain text (titles, options)."""
    return "" if text is None else _EMPHASIS.sub(r"\2", text)


def emphasis_html(piece: str, offset: int, runs: list[Run], escape: Callable[[str], str]) -> str:
    """`piece`, the characters of a text from `offset` on, as HTML: each character escaped by
    `escape`, the marks of `runs` (of the whole text) hidden, the words they enclose emphasised.
    A piece may start or end inside a run (a highlight can cut one), so each piece closes what
    it opens."""
    end = offset + len(piece)
    inside = [run for run in runs if run.start < end and run.end > offset]
    if not inside:
        return escape(piece)
    cuts = sorted({offset, end, *(point for run in inside for point in (run.start, run.inner_start, run.inner_end,
                                                                          run.end) if offset < point < end)})
    parts = []
    for first, last in zip(cuts, cuts[1:]):
        text = escape(piece[first - offset:last - offset])
        run = next((run for run in inside if run.start <= first < run.end), None)
        if run is None:
            parts.append(text)
        elif run.inner_start <= first < run.inner_end:
            parts.append(f"<{run.tag}>{text}</{run.tag}>")
        else:
            parts.append(_HIDDEN.format(text))
    return "".join(parts)
