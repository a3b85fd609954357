"""Find documents, their metadata, numbered sections and paragraphs in repaired text.

Policy files are nested: one file may hold a circular and the opinions it issues, each with parts
("I."), subsections ("i.") and numbered items ("(1)"). Duties are reported per section ("III.i"),
so the numbering is read generically, by marker family ("I.", "i.", "1.", "(a)", "Sec. 201",
"Article 24"), nesting families in the order they first appear in a document — never by the
wording of one document. Paragraph offsets are clean offsets (see `extract.repair`); documents
and sections carry original offsets, as every record does.

Two kinds of block are kept in the structure but out of extraction: contents lists
(`extract.contents`), and a fragment before the first title that opens mid-sentence ("ment
specific duties to ...", the tail of a page cut from the document before), which is a scar of
that other document, not a document of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.contents import contents_blocks
from extract.metadata import (
    document_info,
    inherit_issuers,
    is_closing,
    is_date_line,
    is_number_line,
    is_title_like,
)
from extract.numbering import (
    INLINE_TITLE_WORDS,
    Marker,
    is_heading,
    is_short_title,
    match_marker,
    run_in_title,
    section_title,
)
from extract.read.scars import HEADING_MARK
from extract.records import DocumentInfo, Section
from extract.repair import RepairedText


@dataclass
class Paragraph:
    """A block of clean text between blank lines, or a heading split off it."""

    document: str  # DocumentInfo.id
    section: str | None  # dotted label like "III.iii"; None before the first numbered heading
    start: int  # clean offsets (into RepairedText.clean)
    end: int
    text: str
    is_heading: bool
    is_marked_title: bool = False  # a heading the file marks as one ("# Decision-making"): a title, never a command


@dataclass
class Structure:
    documents: list[DocumentInfo]  # original offsets
    sections: list[Section]  # original offsets
    paragraphs: list[Paragraph]  # only those to read: contents blocks and a leading fragment are left out
    contents: list[tuple[int, int]] = field(default_factory=list)  # original spans of contents blocks
    fragment: tuple[int, int] | None = None  # original span of a cut page's tail before the first title


# Articles are numbered through a whole act, so "Article 24" is labelled "24" inside any chapter.
_NUMBERED_THROUGHOUT = frozenset({"article"})
_BODY_WORDS = 12  # a paragraph this long ending in a full stop is body text, not a header line
_HEADER_PARAGRAPHS = 4
_BLANK_RUN = re.compile(r"(?:\r\n|\r|\n)(?:[ \t\f\v]*(?:\r\n|\r|\n))+")
_LINE = re.compile(r"[^\r\n]+")
# "... and associated infrastructure. Planning for climate change": the last words of a line, after
# a sentence's full stop, with no final punctuation of their own.
_TRAILING_TITLE = re.compile(r"(?<=[.!?])[ \t]+(?=[A-Z][^.;:!?\r\n]*$)")
_TRAILING_TITLE_WORDS = 8
_HEADING_LINE_WORDS = 8  # a heading set on a line of its own, between sentences
_STACKED_HEADING_WORDS = 3  # a line this short over a heading line is a heading too
_ITEM_LABEL = re.compile(r"\([A-Z]\)\s+")
_SENTENCE_ENDS = frozenset(".;!?")  # not ":", which opens what the next lines list
_STATEMENT_WORDS = frozenset({"shall", "must", "should", "will", "may", "can", "is", "are", "be", "was", "were"})


@dataclass
class _Open:
    """A section on the numbering stack, still waiting for its end."""

    marker: Marker
    section: Section


def parse_structure(repaired: RepairedText, source_id: str, title_hint: str | None = None) -> Structure:
    """Split repaired text into documents, sections and paragraphs.

    `title_hint` is the title a file's metadata gives: trusted less than a title line of the text,
    more than its first heading.

    >>> from extract.repair import repair_scars
    >>> s = parse_structure(repair_scars("I. Aims\\n\\nDo it.\\n"), "x")
    >>> [(p.section, p.text) for p in s.paragraphs]
    [('I', 'I. Aims'), ('I', 'Do it.')]
    """
    units, run_on_titles = _units(repaired.clean)
    structure = Structure([], [], [])
    for first, last in reversed(contents_blocks([repaired.clean[start:end] for start, end in units])):
        structure.contents.insert(0, (repaired.to_original(*units[first])[0], repaired.to_original(*units[last - 1])[1]))
        del units[first:last]
    texts = [repaired.clean[start:end] for start, end in units]
    if not units:
        return structure
    bounds = _document_bounds(texts)
    if len(bounds) > 1 and texts[0][:1].islower():  # the file opens inside a sentence of another document
        structure.fragment = (repaired.to_original(*units[0])[0], repaired.to_original(*units[bounds[1] - 1])[1])
        bounds = bounds[1:]
    for number, (first, last) in enumerate(zip(bounds, bounds[1:] + [len(units)]), start=1):
        doc_id = f"{source_id}/d{number}"
        start = repaired.to_original(*units[first])[0]
        end = repaired.to_original(*units[last - 1])[1]
        doc_texts = texts[first:last]
        title = doc_texts[0] if is_title_like(doc_texts[0]) else None
        header = _header(doc_texts[1:]) if title else []
        fallback = title_hint if number == 1 and title_hint else _first_heading(doc_texts)
        structure.documents.append(document_info(doc_id, start, end, title, header, doc_texts, fallback))
        sections, paragraphs = _number_sections(repaired, doc_id, units[first:last], end, run_on_titles)
        structure.sections.extend(sections)
        structure.paragraphs.extend(paragraphs)
    inherit_issuers(structure.documents)
    return structure


def _first_heading(texts: list[str]) -> str | None:
    """The first title-like paragraph among a document's opening ones, to name a document with no title line."""
    return next((text for text in texts[:_HEADER_PARAGRAPHS * 2] if is_title_like(text)), None)


def _header(texts: list[str]) -> list[str]:
    """The paragraphs between a title and the body: number, date and addressee lines."""
    header = []
    for text in texts[:_HEADER_PARAGRAPHS]:
        if match_marker(text) or _is_body(text):
            break
        header.append(text)
    return header


def _units(clean: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Paragraph spans: blank-line blocks, cut before numbered lines and after heading lines; and
    the starts of the subheadings cut off the end of a paragraph (`_split_run_on_title`)."""
    units: list[tuple[int, int]] = []
    run_on_titles: set[int] = set()
    position = 0
    for separator in [*_BLANK_RUN.finditer(clean), None]:
        block_end = separator.start() if separator else len(clean)
        for start, end in _line_groups(clean, position, block_end):
            for unit in _split_inline_heading(clean, start, end):
                pieces = _split_run_on_title(clean, *unit)
                units.extend(pieces)
                run_on_titles.update(piece_start for piece_start, _ in pieces[1:])
        position = separator.end() if separator else len(clean)
    return units, run_on_titles


def _split_run_on_title(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "... and associated infrastructure. Planning for climate change" before its last words.

    Text taken out of a PDF or a web page often runs a subheading onto the end of the paragraph
    above it. A few words after a full stop that end the paragraph with no final punctuation and
    no modal or form of "be" are that subheading: read as one, never as a clause of the paragraph.
    The sentence before must be of some length, so a marker ("I. Aims") is not split.
    """
    found = _TRAILING_TITLE.search(clean, start, end)
    if found is None:
        return [(start, end)]
    title = clean[found.end():end].split()
    before = clean[start:found.start()].split()
    if len(title) > _TRAILING_TITLE_WORDS or len(before) < _TRAILING_TITLE_WORDS \
            or not _STATEMENT_WORDS.isdisjoint(word.lower() for word in title):
        return [(start, end)]
    return [(start, found.start()), (found.end(), end)]


def _line_groups(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block's lines grouped into paragraphs. Lines of running text stay together; a new
    paragraph starts at a numbered line, and after a line that stands alone: a bare marker
    ("Article 24") and the short title under it, a title opening the block, a date or number line."""
    lines = [
        (line.start() + len(line.group()) - len(line.group().lstrip()), line.start() + len(line.group().rstrip()))
        for line in _LINE.finditer(clean, start, end)
        if line.group().strip()
    ]
    groups: list[list[int]] = []
    stand_alone = after_bare_marker = False
    for index, (first, last) in enumerate(lines):
        text = clean[first:last]
        marker = match_marker(text)
        following = clean[lines[index + 1][0]] if index + 1 < len(lines) else ""
        previous = clean[lines[index - 1][0]:lines[index - 1][1]] if index else ""
        # after a sentence's end, or under another short heading ("Notes" over "GENERAL INSTRUCTIONS ...")
        previous_ends = not previous or previous[-1] in _SENTENCE_ENDS \
            or is_short_title(previous, _STACKED_HEADING_WORDS)
        label = _ITEM_LABEL.match(text)  # "(F) Investment Property": a letter no marker family numbers
        heading = following.isupper() and (marker is not None or label is not None or previous_ends) \
            and _is_heading_line(marker.rest if marker else text[label.end():] if label else text)
        if not groups or marker or stand_alone or heading:
            groups.append([first, last])
        else:
            groups[-1][1] = last
        stand_alone = (
            heading
            or (marker is not None and not marker.rest)
            or (after_bare_marker and is_short_title(text))
            or (index == 0 and is_title_like(text) and not following.islower())
            or is_date_line(text)
            or is_number_line(text)
        )
        after_bare_marker = marker is not None and not marker.rest
    return [(first, last) for first, last in groups]


def _is_heading_line(text: str) -> bool:
    """A few Title Case words alone on a line between sentences ("Finance Costs", "D. Other
    Long-term Liabilities" before "Other Long-term Liabilities shall be classified as:"): a heading
    the file sets only by its line, as PDFs and plain-text copies do; read as one, not run into the
    sentence under it."""
    return is_short_title(text, _HEADING_LINE_WORDS) and is_title_like(text)


def _split_inline_heading(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Sec. 201. Agency Goals and Targets. (a) In implementing ..." after the title."""
    text = clean[start:end]
    marker = match_marker(text)
    if marker is None or marker.family != "section" or not marker.rest:
        return [(start, end)]
    title_end = run_in_title(marker.rest, INLINE_TITLE_WORDS)
    if title_end is None:
        return [(start, end)]
    heading_end = start + len(text) - len(marker.rest) + title_end
    body = heading_end + len(clean[heading_end:end]) - len(clean[heading_end:end].lstrip())
    return [(start, heading_end)] + ([(body, end)] if body < end else [])


def _document_bounds(texts: list[str]) -> list[int]:
    """Indices of the units that open a document: the first one, and each title-like line that
    follows a document's body and either names a genre ("Circular of ...") or follows a closing
    (a date line, "This Circular is hereby given.")."""
    bounds = [0]
    has_body = False
    for index, text in enumerate(texts):
        closes = index > 0 and (is_date_line(texts[index - 1]) or is_closing(texts[index - 1]))
        if has_body and match_marker(text) is None and is_title_like(text, genre_required=not closes):
            bounds.append(index)
            has_body = False
        has_body = has_body or _is_body(text)
    return bounds


def _number_sections(
    repaired: RepairedText, doc_id: str, units: list[tuple[int, int]], doc_end: int, run_on_titles: set[int]
) -> tuple[list[Section], list[Paragraph]]:
    """Nest numbered units into sections and label every paragraph with its innermost section
    (`run_on_titles`: starts of the subheadings cut off a paragraph's end, titles as marked ones are)."""
    stack: list[_Open] = []
    marked = {scar.end for scar in repaired.scars if scar.kind == HEADING_MARK}
    ranks: dict[str, int] = {}  # marker family -> order of first appearance in this document
    sections: list[Section] = []
    taken: set[str] = set()  # section ids
    paragraphs: list[Paragraph] = []
    awaiting_title: Section | None = None
    for start, end in units:
        text = repaired.clean[start:end]
        marker = match_marker(text, [entry.marker for entry in stack])
        original_start = repaired.to_original(start, end)[0]
        if marker is None:
            heading = is_title_like(text) or (awaiting_title is not None and is_short_title(text))
            if awaiting_title is not None and heading:
                awaiting_title.title = text.strip()
            awaiting_title = None
        else:
            _pop_for(marker.family, stack, ranks, original_start)
            parent = stack[-1].section if stack else None
            nested = parent is not None and marker.family not in _NUMBERED_THROUGHOUT
            label = f"{parent.label}.{marker.number}" if nested else marker.number
            heading = is_heading(marker)
            section = Section(
                id=_unique_id(f"{doc_id}/s/{label}", taken),
                document=doc_id,
                label=label,
                title=section_title(marker, heading),
                level=len(stack) + 1,
                start=original_start,
                end=doc_end,
                parent=parent.id if parent else None,
            )
            taken.add(section.id)
            sections.append(section)
            stack.append(_Open(marker, section))
            awaiting_title = section if not marker.rest else None
        label = stack[-1].section.label if stack else None
        is_marked = original_start in marked or start in run_on_titles  # a subheading, never a command
        paragraphs.append(Paragraph(doc_id, label, start, end, text, heading or is_marked, is_marked))
    return sections, paragraphs


def _pop_for(family: str, stack: list[_Open], ranks: dict[str, int], at: int) -> None:
    """Close the open sections a new `family` heading ends: its previous sibling and all deeper."""
    if any(entry.marker.family == family for entry in stack):
        while stack[-1].marker.family != family:
            stack.pop().section.end = at
        stack.pop().section.end = at
    elif family in ranks:
        while stack and ranks[stack[-1].marker.family] >= ranks[family]:
            stack.pop().section.end = at
    else:
        ranks[family] = len(ranks)


def _is_body(text: str) -> bool:
    """A paragraph of running text (a sentence of some length), not a title or header line."""
    return len(text.split()) >= _BODY_WORDS and text.rstrip().endswith(".")


def _unique_id(candidate: str, taken: set[str]) -> str:
    """Numbering restarts can repeat a label; suffix repeats so ids stay unique."""
    suffix = 2
    unique = candidate
    while unique in taken:
        unique = f"{candidate}~{suffix}"
        suffix += 1
    return unique
