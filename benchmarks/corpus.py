"""Adding a corpus: throughput of the full add against bare `nlp.pipe`, and memory as documents pile up.

--documents synthetic documents of about --tokens tokens in all are made by shuffling the bundled
document's sentences (seeded) into paragraphs under a title, and written as .txt files to a folder.
The folder is then added to a fresh store exactly as `policykg add FOLDER` does it (reading,
extraction, graph write), and spaCy parses the same documents' paragraphs bare, in the same run.
Prints the tokens/s of both and their ratio (goal: >= 0.70x), and the peak resident memory (VmHWM)
after a quarter of the documents and after all of them (goal: < 20 % growth).

    python benchmarks/corpus.py [--documents 200] [--tokens 1000000] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from pyoxigraph import Store

from extract.nlp import load_pipeline
from extract.read import bundled_document
from graph.add import add_documents

RATIO_GOAL, GROWTH_GOAL = 0.70, 0.20
BATCH_SIZE = 256  # the bare nlp.pipe baseline's batch size
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")


def sentence_pool() -> list[str]:
    """The bundled document's sentences, on one line each."""
    text = bundled_document().read_text(encoding="utf-8")
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return [s for p in paragraphs for s in _SENTENCE_END.split(p) if len(s.split()) >= 4]


def synthetic_documents(count: int, tokens: int, seed: int) -> list[str]:
    """`count` documents of about tokens/count tokens each: a title, then paragraphs of 3-7 shuffled sentences."""
    nlp = load_pipeline()
    pool = [(sentence, len(nlp.tokenizer(sentence))) for sentence in sentence_pool()]
    rng = random.Random(seed)
    documents = []
    for number in range(count):
        paragraphs, size, order = [], 0, []
        while size < tokens / count:
            paragraph = []
            for _ in range(rng.randint(3, 7)):
                if not order:
                    order = rng.sample(pool, len(pool))
                sentence, length = order.pop()
                paragraph.append(sentence)
                size += length
            paragraphs.append(" ".join(paragraph))
        documents.append(f"Synthetic Opinions on Policy Number {number + 1}\n\n" + "\n\n".join(paragraphs) + "\n")
    return documents


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (not Linux?)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    nlp = load_pipeline()
    texts = synthetic_documents(args.documents, args.tokens, args.seed)
    checkpoint = max(1, args.documents // 4)
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, text in enumerate(texts):
            (corpus / f"policy-{number:04d}.txt").write_text(text, encoding="utf-8")
        store = Store(str(Path(folder) / "store"))
        peaks, added, parsed, triples = {}, 0, 0, 0
        start = time.perf_counter()
        for document in add_documents(store, [corpus], warn=print, unchanged=print):
            added, parsed, triples = added + 1, parsed + document.tokens, triples + document.triples
            if added in (checkpoint, args.documents):
                peaks[added] = peak_rss_mb()
        store.flush()
        full_s = time.perf_counter() - start

    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe((p for t in texts for p in t.split("\n\n")), batch_size=BATCH_SIZE))
    bare_s = time.perf_counter() - start

    bare_rate, full_rate = tokens / bare_s, tokens / full_s
    growth = peaks[args.documents] / peaks[checkpoint] - 1
    print(f"corpus benchmark: {added} documents, {tokens:,} tokens (the add parsed {parsed:,} in clauses), "
          f"{triples:,} triples")
    print(f"  bare nlp.pipe          {bare_rate:10,.0f} tokens/s  ({bare_s:.0f} s)")
    print(f"  policykg add (folder)  {full_rate:10,.0f} tokens/s  ({full_s:.0f} s, {added / full_s:.2f} documents/s)")
    print(f"  ratio                  {full_rate / bare_rate:10.2f}x  (goal >= {RATIO_GOAL:.2f}x)")
    print(f"  peak RSS               {peaks[checkpoint]:.0f} MB after {checkpoint} documents, "
          f"{peaks[args.documents]:.0f} MB after {args.documents}: {growth:+.1%} (goal < {GROWTH_GOAL:.0%})")


if __name__ == "__main__":
    main()
