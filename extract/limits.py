"""How much text extraction takes on, and what it does past each limit, so no input can hang it.

spaCy's tokenizer peels punctuation off a word one character at a time: a 4,000-character run
of brackets takes it 4 s and 40,000 take it minutes. Its parser holds a whole text in memory
(about 1 GB per 100,000 characters) and refuses texts over `nlp.max_length` (E088). Clauses
and paragraphs already reach the parser one at a time; these limits bound each piece:

- a document over `MAX_DOCUMENT_CHARS` characters is refused with one line (`TextTooLong`);
- a clause over `MAX_CLAUSE_CHARS` (a line of 50 MB, a million short lines with no sentence
  end) is not parsed: it is skipped and reported, and the rest of the document is read;
- a run of more than `MAX_WORD_CHARS` characters without a space is shown to the parser as
  letters of the same length, so offsets stay exact and the clause is still read.

    text, skipped = for_parser("Publish it at https://a.example/" + "x" * 300)
"""
from __future__ import annotations

import re

MAX_DOCUMENT_CHARS = 10_000_000
MAX_CLAUSE_CHARS = 10_000
MAX_WORD_CHARS = 100
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


class TextTooLong(ValueError):
    """A document longer than extraction takes on; its message is one line."""


def check_document_length(text: str, source_name: str) -> None:
    """Raise TextTooLong when the text is over MAX_DOCUMENT_CHARS."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise TextTooLong(f"{source_name}: the text is {len(text):,} characters long, over the limit of "
                          f"{MAX_DOCUMENT_CHARS:,}; split the document into parts")


def for_parser(clause: str) -> tuple[str, bool]:
    """The clause as the parser should see it, and whether it is skipped (then the text is empty)."""
    if len(clause) > MAX_CLAUSE_CHARS:
        return "", True
    return _LONG_RUN.sub(lambda run: "x" * len(run[0]), clause), False


def skipped_message(source_name: str, start: int, length: int) -> str:
    """The report of a skipped clause: where it starts and why."""
    return (f"{source_name}: skipped a clause of {length:,} characters at character {start:,} "
            f"(over the {MAX_CLAUSE_CHARS:,}-character limit; is it a table or a list without sentence ends?)")
