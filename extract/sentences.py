"""Sentences and semicolon clauses of a paragraph, found with rules rather than the parser.

Policy texts chain long directives with semicolons ("build A; designate B; and solve C").
The small English parser mis-attaches verbs across such chains, so each semicolon clause is
parsed on its own, and sentences are found by punctuation that knows the abbreviations of
legal and policy writing ("No. 65", "Sec. 201", "U.S.", "etc.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "no", "nos", "sec", "secs", "art", "arts", "para", "paras", "e.g", "i.e", "etc", "cf",
    "u.s", "u.k", "mr", "mrs", "ms", "dr", "st", "inc", "co", "corp", "ltd", "vs", "fig",
    "vol", "ch", "pp", "p", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "dept", "gov",
}
# A sentence ends at . ! or ? (closing quotes, brackets or emphasis marks may follow),
# then whitespace, then something that can open a sentence: a capital, a digit, or a Markdown
# heading mark that lost its line break ("... is required. ## Plan-making").
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]*]*(?=\s+(?:[\"'“‘(*\[]?[A-Z0-9]|#{1,6} ))")
_CLAUSE_END = re.compile(r"(?:;|(?<=\s)\|)(?=\s)")  # a " | " parts the cells of a table row


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence as offsets into the text it was found in, with its semicolon clauses."""

    start: int
    end: int
    clauses: tuple[tuple[int, int], ...]


def _ends_in_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial, not a sentence."""
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[SentenceSpan]:
    """Split a paragraph into sentences, each with its semicolon clauses."""
    sentences: list[SentenceSpan] = []
    start = 0
    boundaries = [m.end() for m in _SENTENCE_END.finditer(text)
                  if text[m.start()] != "." or not _ends_in_abbreviation(text, m.start())]
    for end in boundaries + [len(text)]:
        span = _trimmed(text, start, end)
        start = end
        if span:
            sentences.append(SentenceSpan(span[0], span[1], _clauses(text, *span)))
    return sentences


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    clauses = []
    for m in _CLAUSE_END.finditer(text, start, end):
        span = _trimmed(text, start, m.end())
        if span:
            clauses.append(span)
        start = m.end()
    span = _trimmed(text, start, end)
    if span:
        clauses.append(span)
    return tuple(clauses)
