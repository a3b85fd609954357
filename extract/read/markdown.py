"""The marks of Markdown-flavoured text, found as scars so the prose reads as plain text.

Text converted from a PDF or written in a wiki carries "# " heading marks, "> " quote marks,
"**bold**", "__bold__" and "_emphasis_" marks, "[link](target)" syntax, a YAML front-matter block ("---\ntitle: ...\n---")
and "* " list bullets and "[^12]" footnote marks with their "[^12]: ..." definitions (a bullet or a
definition opens a paragraph of its own); superscript digits glued to a word
("policies¹²") are footnote marks of the same kind. Each becomes a scar: the heading line then
reads as a heading, and a footnote mark no longer splits "provision for". The front matter's
`title:` is the file's metadata title. Single "*emphasis*" is left alone: the metadata reader
takes a starred title for a cited work.

>>> [(s.start, s.end, s.kind) for s in markdown_scars("# Aims\\nDo it[^1].\\n[^1]: See note.")]
[(0, 2, 'heading-mark'), (12, 16, 'footnote-mark'), (18, 24, 'block-opening')]
"""
from __future__ import annotations

import re

from extract.read.scars import BLOCK_OPENING, FOOTNOTE_MARK, HEADING_MARK, MARKUP, Scar

# Each pattern starts at the mark's own first character, so a long text with no marks is scanned fast;
# a mark that must open a line is checked by `_opens_line`.
_HEADING_MARK = re.compile(r"#{1,6}[ \t]+")
_QUOTE_MARK = re.compile(r">[ \t]?")
# A heading mark glued to the sentence before it ("… a new kiln.# Annex 1: Implementation"): the
# line break was lost, so the mark opens a block of its own.
_GLUED_HEADING_MARK = re.compile(r"(?<=[.!?;:])#{1,6}[ \t]+(?=[A-Z0-9])")
_BULLET = re.compile(r"[*+-][ \t]+(?=\S)")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*[\"']?(?P<title>[^\n\"']+?)[\"']?[ \t]*$", re.MULTILINE)
_LINK = re.compile(r"\[(?!\^)(?P<label>[^\]\n]+)\](?P<target>\([^)\s]*\))")
_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]*?\S)\1")
# "[^12]" (also cut short as "[^12" at a line end) in the running text; "[^12]: " opens its footnote.
_FOOTNOTE_MARK = re.compile(r"\[\^(\w{1,6})\]?")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^(\w{1,6})\]:[ \t]*")
_SUPERSCRIPT_MARK = re.compile(r"[¹²³⁰⁴-⁹]+")
_MARKED_WORD_END = re.compile(r"[A-Za-z.,;:)”’]")
_LINE_END = re.compile(r"$", re.MULTILINE)


def markdown_scars(text: str) -> list[Scar]:
    """Every heading mark, strong-emphasis mark and footnote mark of `text`, in text order."""
    front = _FRONT_MATTER.match(text)
    scars = [Scar(0, front.end(), MARKUP)] if front else []
    for pattern, kind in ((_HEADING_MARK, HEADING_MARK), (_QUOTE_MARK, MARKUP)):
        scars += [Scar(m.start(), m.end(), kind) for m in pattern.finditer(text) if _opens_line(text, m.start())]
    scars += [Scar(m.start(), m.end(), BLOCK_OPENING) for m in _BULLET.finditer(text) if _opens_line(text, m.start())]
    scars += [Scar(m.start(), m.end(), BLOCK_OPENING) for m in _GLUED_HEADING_MARK.finditer(text)]
    for match in _STRONG.finditer(text) if "**" in text or "__" in text else ():
        marker = len(match.group(1))
        scars += [Scar(match.start(), match.start() + marker, MARKUP), Scar(match.end() - marker, match.end(), MARKUP)]
    for match in _LINK.finditer(text) if "](" in text else ():  # "[Trademark Policy](/site-policy/...)"
        scars += [Scar(match.start(), match.start() + 1, MARKUP), Scar(match.end("label"), match.end(), MARKUP)]
    for match in _EMPHASIS.finditer(text) if "_" in text else ():
        scars += [Scar(match.start(), match.start() + 1, MARKUP), Scar(match.end() - 1, match.end(), MARKUP)]
    notes = {m.group(1): m for m in _FOOTNOTE_DEFINITION.finditer(text) if _opens_line(text, m.start())}
    for label, definition in notes.items():
        scars.append(Scar(definition.start(), definition.end(), BLOCK_OPENING, _note_text(text, definition.end())))
    defined_at = {definition.start() for definition in notes.values()}
    for match in _FOOTNOTE_MARK.finditer(text):
        if match.start() not in defined_at:
            note = notes.get(match.group(1))
            target = _note_text(text, note.end()) if note else None
            scars.append(Scar(match.start(), match.end(), FOOTNOTE_MARK, target))
    scars += [Scar(m.start(), m.end(), FOOTNOTE_MARK) for m in _SUPERSCRIPT_MARK.finditer(text)
              if m.start() and _MARKED_WORD_END.match(text, m.start() - 1)]
    return sorted(scars, key=lambda scar: scar.start)


def front_matter_title(text: str) -> str | None:
    """The `title:` of a YAML front-matter block opening the text, if it has one."""
    front = _FRONT_MATTER.match(text)
    title = _FRONT_TITLE.search(front.group("body")) if front else None
    return title.group("title").strip() if title else None


def _opens_line(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] == "\n"


def _note_text(text: str, start: int) -> tuple[int, int]:
    """The footnote's own words: from after its mark to the end of its line."""
    return start, _LINE_END.search(text, start).start()
