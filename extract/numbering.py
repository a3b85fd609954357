"""Recognise the markers that number parts, sections and items, and the headings they open.

Markers come in families — "I.", "i.", "(i)", "(a)", "1.", "(1)", "1)", "(一)", "Sec. 201",
"Article 24", "CHAPTER IV" — and how deep a family sits is known only from the document at hand.
So this module only says which family and number a line starts with and whether it is a heading;
`extract.structure` nests the families in the order a document uses them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.metadata import first_words

# A word marker ("Article 24") ends the line, or is followed by a full stop or a capital;
# "Section 5 of the Act ..." is a reference, not a heading.
_WORD_MARKER_END = r"(?:[.:]\s*|\s*$|\s+(?=[A-Z(]))"
# Families, tried in order; "(i)" comes before "(a)" and the two are told apart by context.
_FAMILIES = (
    ("chapter", re.compile(rf"(?:CHAPTER|Chapter|PART|Part)\s+(?P<n>[IVXLC]+|\d+){_WORD_MARKER_END}")),
    ("section", re.compile(rf"(?:Sec\.|SEC\.|Section|SECTION|§)\s*(?P<n>\d+[a-z]?){_WORD_MARKER_END}")),
    ("article", re.compile(rf"(?:Article|ARTICLE|Art\.)\s+(?P<n>\d+[a-z]?){_WORD_MARKER_END}")),
    ("I.", re.compile(r"(?P<n>[IVXL]+)\.\s+")),
    ("i.", re.compile(r"(?P<n>[ivxl]+)\.\s+")),
    ("(i)", re.compile(r"\((?P<n>[ivxl]+)\)\s*")),
    ("(a)", re.compile(r"\((?P<n>[a-z])\)\s*")),
    ("1.", re.compile(r"(?P<n>\d{1,3})\.(?!\d)\s*")),
    ("(1)", re.compile(r"\((?P<n>\d{1,3})\)\s*")),
    ("1)", re.compile(r"(?P<n>\d{1,3})\)\s+")),
    ("(一)", re.compile(r"[(（](?P<n>[一二三四五六七八九十]+)[)）]\s*")),
    ("一、", re.compile(r"(?P<n>[一二三四五六七八九十]+)、\s*")),
)
_ROMAN_FAMILIES = frozenset({"I.", "i.", "(i)"})
_ROMAN_NUMERALS = {  # "i" -> 1 ... "lxxxix" -> 89; anything else is not a canonical numeral
    tens + units: 10 * ten + unit
    for ten, tens in enumerate(["", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx"])
    for unit, units in enumerate(["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"])
    if ten or unit
}
# A run-in title: "Agency Goals and Targets. (a) In ..." — it ends at the first full stop that
# does not close an initial ("U.S.").
_RUN_IN_TITLE = re.compile(r"[^\n]+?(?<!\b[A-Z])\.(?=\s|$)")
INLINE_TITLE_WORDS = 15  # "Sec. 403. Accelerating Progress Through Public, Private, and ..."
_HEADING_WORDS = 30
_RUN_IN_TITLE_WORDS = 6  # "(i) Basic principles. Stick to ..."


@dataclass(frozen=True)
class Marker:
    family: str  # "I.", "(a)", "section", ...
    number: str  # "III", "a", "201"
    rest: str  # the text after the marker, stripped


def match_marker(text: str, open_markers: Sequence[Marker] = ()) -> Marker | None:
    """The marker `text` starts with. `open_markers` (outermost first) tells "(i)" the roman
    numeral from "(i)" the letter after "(h)".

    >>> match_marker("iii. Overall goals")
    Marker(family='i.', number='iii', rest='Overall goals')
    """
    for family, pattern in _FAMILIES:
        match = pattern.match(text)
        if match is None:
            continue
        number = match.group("n")
        if family in _ROMAN_FAMILIES and number.lower() not in _ROMAN_NUMERALS:
            continue
        if family == "(i)" and len(number) == 1 and not _continues_roman(number, open_markers):
            family = "(a)"
        return Marker(family, number, text[match.end() :].strip())
    return None


def run_in_title(text: str, max_words: int = INLINE_TITLE_WORDS) -> int | None:
    """Where a short capitalised title closing with a full stop ends in `text`, if it opens with one."""
    match = _RUN_IN_TITLE.match(text)
    if match is None or not text[0].isupper() or len(match.group().split()) > max_words:
        return None
    return match.end()


def is_heading(marker: Marker) -> bool:
    """A bare marker, a short title without final punctuation ("i. Guiding ideas"), or the title
    of a section alone ("Sec. 201. Agency Goals and Targets.")."""
    if not marker.rest:
        return True
    if marker.family == "section" and run_in_title(marker.rest) == len(marker.rest):
        return True
    return is_short_title(marker.rest, _HEADING_WORDS)


def section_title(marker: Marker, heading: bool) -> str:
    """A heading's text without its marker; for a numbered paragraph its run-in title
    ("(i) Basic principles. Stick to ...") or else its opening words."""
    if heading:
        return marker.rest.rstrip(".")
    end = run_in_title(marker.rest, _RUN_IN_TITLE_WORDS)
    return marker.rest[: end - 1] if end else first_words(marker.rest)


def is_short_title(text: str, max_words: int = INLINE_TITLE_WORDS) -> bool:
    """One line, starting with a capital, without final punctuation: "Responsibility of the controller"."""
    text = text.strip()
    return (
        "\n" not in text
        and 0 < len(text.split()) <= max_words
        and text[0].isupper()
        and text[-1] not in ".,;:!?"
    )


def _continues_roman(number: str, open_markers: Sequence[Marker]) -> bool:
    """Whether "(i)", "(v)" or "(x)" here is a roman numeral rather than a letter."""
    value = _ROMAN_NUMERALS[number]
    for marker in reversed(open_markers):
        if marker.family == "(a)" and ord(marker.number) + 1 == ord(number):
            return False
        if marker.family == "(i)" and _ROMAN_NUMERALS.get(marker.number, 0) + 1 == value:
            return True
    return number == "i"
