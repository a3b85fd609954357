"""Extraction throughput against bare `nlp.pipe`, measured in one run on the same text.

Prints tokens/s of the full extraction (repair, structure, parsing, every rule) and of spaCy
parsing the same text paragraph by paragraph, and their ratio (goal: >= 0.70x). The text is the
bundled document repeated until it reaches about --tokens tokens.

    python benchmarks/extraction.py [--tokens 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import time

from extract.nlp import load_pipeline
from extract.pipeline import extract_text
from extract.read import bundled_document


def _corpus(target_tokens: int) -> str:
    text = bundled_document().read_text(encoding="utf-8")
    copies = max(1, target_tokens // max(1, len(text.split())))
    return "\n\n".join([text] * copies)


def _best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    nlp = load_pipeline()
    text = _corpus(args.tokens)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    tokens = sum(len(doc) for doc in nlp.pipe(paragraphs, batch_size=64))

    bare, full = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(paragraphs, batch_size=64):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        extraction = extract_text(text, "benchmark.txt", nlp=nlp)
        full.append(time.perf_counter() - start)

    bare_rate, full_rate = tokens / _best(bare), tokens / _best(full)
    print(f"extraction benchmark: {tokens} tokens, best of {args.repeat}")
    print(f"  bare nlp.pipe      {bare_rate:10.0f} tokens/s")
    print(f"  policykg extract   {full_rate:10.0f} tokens/s  ({len(extraction.duties)} duties)")
    print(f"  ratio              {full_rate / bare_rate:10.2f}x  (goal >= 0.70x)")


if __name__ == "__main__":
    main()
