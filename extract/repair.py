"""Repair the scars PDF extraction leaves in text, keeping a map back to the original.

Text copied out of a PDF carries page furniture: page-number lines ("— 50 —"), words hyphenated
across a page or a line ("plan-\\n\\nning", "plan-\\nning"), page numbers glued into a word
("in— 50 —\\n\\ntensify") and sentences cut in two by a page break ("component\\n\\nof the team"). Sentence splitting and
parsing stumble on each of them, yet every record must point at the exact characters of the
original. So repair is a short list of edits — delete a scar, or replace it by one space — and
`RepairedText.offsets` maps every clean character back to the original character it came from.
Nothing else is touched: outside the scars, clean text is the original text.

A reader may know of more scars than the text shows (`extract.read.scars`): running headers,
which are mended like page-number lines, and inline marks (footnote marks, Markdown marks), which
are deleted before the lines are read, so "provision[^12] for" parses as "provision for".
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.read.scars import BLOCK_OPENING, LINE_SCARS, Scar

_PAGE_MARK = r"[-–—][ \t]*(?:\d{1,4}|[ivxlc]{1,6})[ \t]*[-–—]"
# A whole line that is only a page number: "— 50 —", "- 12 -", "12", "Page 3 of 40".
_PAGE_LINE = re.compile(
    rf"[ \t]*(?:{_PAGE_MARK}|\d{{1,3}}|Page[ \t]+\d{{1,4}}(?:[ \t]+of[ \t]+\d{{1,4}})?)[ \t]*"
)
# A page number glued to the end of a text line: "in— 50 —", "component — 50 —".
_GLUED_MARK = re.compile(rf"(?<=\S)[ \t]*{_PAGE_MARK}[ \t]*$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# A line starting with a list marker ("i. ", "(a)", "2) ") begins an item, never a cut sentence.
_ITEM_LABEL = r"(?:\d{1,3}|[ivxlc]{1,6}|[a-z])[.)]"
_LIST_MARKER = re.compile(rf"\(\w{{1,6}}\)|{_ITEM_LABEL}[ \t]")
# A line that is only an item's marker: "classified as-" then "a." opens the list, joins no word.
_MARKER_LINE = re.compile(rf"(?:\(\w{{1,6}}\)|{_ITEM_LABEL})[ \t]*$")
_CLOSERS = "*_\"'”’)]"
_TERMINAL = ".!?:;"
# A paragraph ending on one of these words was cut mid-sentence whatever the next one starts with.
_DANGLING_WORDS = frozenset(
    "a an and as at by for from in into of on or than that the to with".split()
)


@dataclass(frozen=True)
class RepairedText:
    """The original text, its repaired form, and where each repaired character came from."""

    original: str
    clean: str
    offsets: tuple[int, ...]  # len(clean)+1 entries; offsets[i] = index in original of clean[i]
    scars: tuple[Scar, ...] = ()  # what the reader reported, in original offsets

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open clean span to the original span holding the same text.

        A span bounded by a whitespace character next to a removed scar (a paragraph break, or the
        space that joins a cut sentence) takes in the whole scar, so a span never starts or ends
        inside one.
        """
        if not 0 <= start <= end <= len(self.clean):
            raise ValueError(f"span [{start}, {end}) is outside the clean text")
        if start == end:
            return self.offsets[start], self.offsets[start]
        first = self.offsets[start]
        if start > 0 and self.clean[start].isspace():
            first = min(first, self.offsets[start - 1] + 1)
        last = self.offsets[end - 1] + 1
        if self.clean[end - 1].isspace():
            last = max(last, self.offsets[end])
        return first, last


@dataclass(frozen=True)
class _Line:
    start: int
    content_end: int  # where the line terminator starts
    end: int  # after the terminator
    kind: str  # text | blank | page


@dataclass(frozen=True)
class _Edit:
    """Replace original[start:end] by `replacement` ("", one joining space, or a line break)."""

    start: int
    end: int
    replacement: str = ""


def repair_scars(original: str, scars: Sequence[Scar] = ()) -> RepairedText:
    """Remove page furniture and the reader's scars, and rejoin what page breaks cut apart.

    >>> repair_scars("make plan-\\n\\n— 7 —\\n\\nning for it.").clean
    'make planning for it.'
    >>> repair_scars("make provision[^12] for it.", [Scar(14, 19, "footnote-mark")]).clean
    'make provision for it.'
    """
    inline = [scar for scar in scars if scar.kind not in LINE_SCARS and scar.end > scar.start]
    unmarked = _apply(original, [_inline_edit(original, scar) for scar in _disjoint(inline)])
    furniture = {bisect.bisect_left(unmarked.offsets, scar.start) for scar in scars if scar.kind in LINE_SCARS}
    lines_mended = _repair_lines(unmarked.clean, furniture)
    offsets = tuple(unmarked.offsets[index] for index in lines_mended.offsets)
    return RepairedText(original, lines_mended.clean, offsets, tuple(scars))


def _inline_edit(original: str, scar: Scar) -> _Edit:
    """A mark is deleted, or becomes a space between the words it glued ("Reports¹from"); a mark
    opening a footnote or a list item becomes a line break, so the block is a paragraph of its own."""
    if scar.kind == BLOCK_OPENING and any(char.isspace() for char in original[scar.start:scar.end]):
        return _Edit(scar.start, scar.end, "\n")
    glued = 0 < scar.start and scar.end < len(original) and original[scar.start - 1].isalnum() \
        and original[scar.end].isalnum()
    return _Edit(scar.start, scar.end, " " if glued else "")


def _disjoint(scars: list[Scar]) -> list[Scar]:
    """Scars in text order, each overlapping an earlier one dropped (edits must not overlap)."""
    kept: list[Scar] = []
    for scar in sorted(scars, key=lambda scar: (scar.start, -scar.end)):
        if not kept or scar.start >= kept[-1].end:
            kept.append(scar)
    return kept


def _repair_lines(original: str, furniture: set[int]) -> RepairedText:
    """The line-level repair: page-number lines, and the lines starting at `furniture`, are mended away."""
    lines = _split_lines(original, furniture)
    first = next((index for index, line in enumerate(lines) if line.kind == "text"), None)
    if first is None:  # nothing but blank and page-number lines
        return _apply(original, [_Edit(0, len(original))])
    here, between = lines[first], []
    edits = [_Edit(0, here.start)]
    for line in lines[first + 1 :]:
        if line.kind == "text":
            edits.extend(_edits_between(original, here, line, between))
            here, between = line, []
        else:
            between.append(line)
    edits.extend(_edits_between(original, here, None, between))
    return _apply(original, [edit for edit in edits if edit.end > edit.start])


def _split_lines(original: str, furniture: set[int]) -> list[_Line]:
    lines = []
    for match in _LINE.finditer(original):
        body = match.group().rstrip("\r\n")
        if not body.strip():
            kind = "blank"
        elif _PAGE_LINE.fullmatch(body) or match.start() in furniture:
            kind = "page"
        else:
            kind = "text"
        lines.append(_Line(match.start(), match.start() + len(body), match.end(), kind))
    return lines


def _edits_between(original: str, here: _Line, after: _Line | None, between: list[_Line]) -> list[_Edit]:
    """Edits for the break after text line `here`: its glued page number and the lines up to `after`."""
    body = original[here.start : here.content_end]
    glued = _GLUED_MARK.search(body)
    mark_start = here.start + glued.start() if glued else here.content_end
    core_end = here.start + len(original[here.start : mark_start].rstrip())
    if after is None:
        return [_Edit(mark_start, here.content_end), _Edit(here.end, len(original))]
    before = original[here.start : core_end]
    after_text = original[after.start : after.content_end]
    after_start = after.start + len(after_text) - len(after_text.lstrip())
    following = after_text.lstrip()
    if not between and not glued:  # a line break inside a paragraph: only a hyphenated word is a scar
        hyphenated = len(before) > 1 and before[-1] == "-" and before[-2].isalpha() and following[:1].islower() \
            and not _LIST_MARKER.match(following) and not _MARKER_LINE.match(following)  # "classified as-\na."
        return [_Edit(core_end - 1, after_start, "")] if hyphenated else []
    tight = glued is not None and not glued.group()[0].isspace() and before[-1:].isalpha()
    join = _join(before, following, tight)
    if join is not None:
        cut = core_end - 1 if join == "" and before.endswith("-") else core_end
        return [_Edit(cut, after_start, join)]
    kept_blank = next((line for line in between if line.kind == "blank"), None)
    return [_Edit(mark_start, here.content_end)] + [
        _Edit(line.start, line.end) for line in between if line is not kept_blank
    ]


def _join(before: str, following: str, glued_tight: bool) -> str | None:
    """How a text line and the next text line across a page break rejoin: "" (one word), " " (one
    sentence) or None (they are separate paragraphs)."""
    if not following or _LIST_MARKER.match(following):
        return None
    starts_lower = following[0].islower()
    if starts_lower and len(before) > 1 and before[-1] == "-" and before[-2].isalpha():
        return ""
    if starts_lower and glued_tight:
        return ""
    ending = before.rstrip(_CLOSERS)
    if not ending or ending[-1] in _TERMINAL:
        return None
    last_word = ending.rsplit(None, 1)[-1].lower()
    if starts_lower or (last_word in _DANGLING_WORDS and following[0].isalnum()):
        return " "
    return None


def _apply(original: str, edits: list[_Edit]) -> RepairedText:
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for edit in edits:
        pieces.append(original[position : edit.start])
        offsets.extend(range(position, edit.start))
        if edit.replacement:
            replaced = original[edit.start : edit.end]
            pieces.append(edit.replacement)
            offsets.append(edit.start + next((i for i, char in enumerate(replaced) if char.isspace()), 0))
        position = edit.end
    pieces.append(original[position:])
    offsets.extend(range(position, len(original) + 1))
    return RepairedText(original, "".join(pieces), tuple(offsets))
