"""Draw duties of a document at random for judging by hand: the precision of `docs/real-documents.md`.

A real document has no gold annotation, so its precision is measured by reading: a seeded sample
of its duties (`random.Random(seed).shuffle`, the first --count), each printed with its number,
span, action and sentence, for a reader to mark right (a duty, its span the whole verb phrase)
or wrong. The same file, seed and extractor draw the same sample, so judgements can be checked.

    python benchmarks/sample_duties.py FILE [--count 40] [--seed 40] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.ingest import load_document  # noqa: E402
from extract.pipeline import extract_text  # noqa: E402
from extract.records import Duty  # noqa: E402


def sample(path: Path, count: int, seed: int) -> list[Duty]:
    """`count` duties of the file drawn at random (all of them when it has fewer), in sample order."""
    document = load_document(path)
    duties = extract_text(document.text, document.source_name, scars=document.scars, title=document.title).duties
    random.Random(seed).shuffle(duties)
    return duties[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=40)
    parser.add_argument("--json", action="store_true", help="one JSON object per duty, for tools")
    args = parser.parse_args()
    for number, duty in enumerate(sample(args.file, args.count, args.seed), start=1):
        if args.json:
            print(json.dumps({"n": number, "span": duty.text, "action": duty.action, "modality": duty.modality,
                              "owner": duty.actor, "sentence": duty.sentence_text}, ensure_ascii=False))
        else:
            print(f"{number}. «{duty.text}» [{duty.action}; {duty.modality}; owner {duty.actor}]\n"
                  f"   in: {' '.join(duty.sentence_text.split())}\n")


if __name__ == "__main__":
    main()
