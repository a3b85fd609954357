"""Extract a stream of documents through one `nlp.pipe`, so a corpus parses at the parser's pace.

`extract_text` parses one text per `nlp.pipe` call; for many short documents the parser then
keeps starting and draining half-empty batches. Here the clauses of every document flow through a
single call: a document is prepared only when the parser asks for more text, and its Extraction is
yielded as soon as its last clause is read, so memory holds the documents in flight, not the
corpus. With `n_process` > 1 spaCy parses in worker processes; which document a parse belongs to
is kept in this process and matched by order, which `nlp.pipe` preserves.

    for done in extract_many(iter_loaded_texts, batch_size=256):
        replace_source(store, done.extraction)
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from extract.ingest import LoadedText
from extract.nlp import load_pipeline
from extract.pipeline import PreparedText
from extract.records import Extraction


@dataclass(frozen=True)
class Extracted:
    """One document's records, and how many tokens the parser read for them (for throughput)."""

    extraction: Extraction
    tokens: int


@dataclass
class _InFlight:
    """A document whose clauses are with the parser."""

    document: LoadedText
    prepared: PreparedText
    tokens: int = 0

    def finish(self) -> Extracted:
        extraction = self.prepared.finish()
        extraction.file_sha256 = self.document.sha256
        return Extracted(extraction, self.tokens)


# Told of each clause parsed: the document's file name, its clauses read so far, and its clauses in all.
ClauseProgress = Callable[[str, int, int], None]


def extract_many(documents: Iterable[LoadedText], nlp: Language | None = None, batch_size: int = 64,
                 n_process: int = 1, progress: ClauseProgress | None = None) -> Iterator[Extracted]:
    """Extract each document, in order, parsing the clauses of all of them with one `nlp.pipe` call.

    `progress` hears of every clause parsed, so a long document can show how far it has come.
    """
    nlp = nlp or load_pipeline()
    in_flight: deque[_InFlight] = deque()  # documents handed to the parser, oldest first
    owners: deque[_InFlight] = deque()  # the document of each clause text handed to the parser

    def texts() -> Iterator[str]:
        for document in documents:
            flight = _InFlight(document, PreparedText(document.text, document.source_name, document.scars, document.title))
            in_flight.append(flight)
            for text in flight.prepared.texts():
                owners.append(flight)
                yield text

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
        owner = owners.popleft()
        owner.prepared.read(doc)
        owner.tokens += len(doc)
        if progress is not None:
            progress(owner.document.source_name, *owner.prepared.clauses_read)
        while in_flight and in_flight[0].prepared.all_read:  # also a clause-less document queued behind it
            yield in_flight.popleft().finish()
    while in_flight:  # clause-less documents after the last parse
        yield in_flight.popleft().finish()
