"""A progress line for `policykg add` on a terminal: documents done, and the clauses of the one being read.

Documents stream, so how many are left is unknown; what a reader needs is that work goes on and
how fast. A large document takes a minute on its own, so the clauses parsed of it are shown as a
bar too:

    Extracting  2 docs, 0.41 docs/s, 3,100 tokens/s  ·  big.pdf [########------------] 1,204/2,911 clauses

The line is redrawn in place (at most ten times a second) on stderr, and only on a terminal: a
log or a pipe gets the one line per document that `graph.cli_add` prints instead.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 20
_REDRAW_EVERY_S = 0.1
_CLEAR_LINE = "\r\033[K"


class ProgressLine:
    """What an add run did so far, drawn as one line that is redrawn in place."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.started = time.perf_counter()
        self.documents = self.tokens = 0
        self.reading: tuple[str, int, int] | None = None  # file name, clauses read, clauses in all
        self._drawn_at = 0.0

    def document_done(self, tokens: int) -> None:
        self.documents += 1
        self.tokens += tokens
        self.reading = None
        self.draw(force=True)

    def clause_read(self, name: str, read: int, total: int) -> None:
        self.reading = (name, read, total)
        self.draw(force=read == total)

    def text(self) -> str:
        """The line as drawn now."""
        seconds = max(time.perf_counter() - self.started, 1e-9)
        line = (f"Extracting  {self.documents} docs, {self.documents / seconds:.2f} docs/s, "
                f"{self.tokens / seconds:,.0f} tokens/s")
        if self.reading is not None:
            name, read, total = self.reading
            filled = BAR_WIDTH * read // total if total else BAR_WIDTH
            line += f"  ·  {name} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {read:,}/{total:,} clauses"
        return line

    def draw(self, force: bool = False) -> None:
        now = time.perf_counter()
        if self.shown and (force or now - self._drawn_at >= _REDRAW_EVERY_S):
            self._drawn_at = now
            self.stream.write(_CLEAR_LINE + self.text())
            self.stream.flush()

    def clear(self) -> None:
        """Wipe the line, so a message can take its place (the next draw puts it back under it)."""
        if self.shown:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
