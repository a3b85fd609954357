"""One task per document: a file's bytes in, its source graph out, all of it on a worker.

Reading (PDF, HTML, Word), repair, structure, parsing and every rule run in `extract_file`, and
so do building the graph and serialising it, so the client that sent the file only writes the
result into the store. The task takes the file's bytes rather than its path, so a worker needs no
view of the client's disks; it returns the source graph as zlib-compressed N-Quads (a 5,000-token
document is ~1.6 MB of N-Quads, ~0.1 MB compressed), which Oxigraph loads without building a
Python object per quad. The same function runs in-process, in a local process pool and on Dask
workers, so the three give the same graph. For example

    job = FileJob.read(Path("policies/order.pdf"))
    done = extract_file(job)          # an ExtractedDocument, or an UnreadableFile saying why
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import RdfFormat, serialize

if TYPE_CHECKING:
    from extract.corpus import ClauseProgress

# Parsing batch: a document's clauses go through one `nlp.pipe`; 64 measured as fast as 256 per document.
_BATCH_SIZE = 64
_COMPRESSION_LEVEL = 1  # 14x smaller at ~5 ms per document; higher levels cost more than they save


@dataclass(frozen=True)
class FileJob:
    """A file to extract: where it was found (for messages and its source name) and its bytes."""

    path: Path
    data: bytes

    @classmethod
    def read(cls, path: Path) -> FileJob:
        """The file's bytes; an unreadable file raises the InputError that says why."""
        from extract.read import read_bytes

        return cls(path, read_bytes(path))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ExtractedDocument:
    """A document's source graph, ready to write, and what the run reports of it."""

    path: Path
    source_id: str
    compressed_nquads: bytes
    triples: int
    tokens: int  # parsed, for throughput
    duties: int
    goals: int
    actors: int
    mechanisms: int
    skipped: tuple[str, ...] = ()  # one line per piece over a limit of `extract.limits` (not read) or record dropped as broken

    def nquads(self) -> bytes:
        """The source graph as N-Quads, every quad in the source's named graph."""
        return zlib.decompress(self.compressed_nquads)


@dataclass(frozen=True)
class UnreadableFile:
    """A file whose contents could not be read as a document; `reason` is one line saying what to do."""

    path: Path
    reason: str


def extract_file(job: FileJob, progress: ClauseProgress | None = None) -> ExtractedDocument | UnreadableFile:
    """Read, extract and build the graph of one file. spaCy is loaded once per process, on first use;
    `progress` hears of each clause parsed (file name, clauses read, clauses in all)."""
    from extract.corpus import extract_many
    from extract.ingest import load_bytes
    from extract.limits import TextTooLong
    from extract.nlp import load_pipeline
    from extract.read import InputError
    from graph.build import build_quads

    try:
        document = load_bytes(job.data, job.path)
        done = next(extract_many([document], nlp=load_pipeline(), batch_size=_BATCH_SIZE, progress=progress))
    except (InputError, TextTooLong) as error:
        return UnreadableFile(job.path, str(error))
    extraction = done.extraction
    quads = build_quads(extraction)
    return ExtractedDocument(
        path=job.path, source_id=extraction.source_id,
        compressed_nquads=zlib.compress(serialize(quads, format=RdfFormat.N_QUADS), _COMPRESSION_LEVEL),
        triples=len(quads), tokens=done.tokens, duties=len(extraction.duties), goals=len(extraction.goals),
        actors=len(extraction.actors), mechanisms=len(extraction.mechanisms),
        skipped=(*extraction.skipped, *(f"{extraction.source_id}: {warning}" for warning in extraction.warnings)),
    )


def warm_up() -> None:
    """Load the language pipeline now, so the first document does not pay for it (a worker's start-up)."""
    from extract.nlp import load_pipeline

    load_pipeline()
