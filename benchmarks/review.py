"""The reviewed view's cost: how long reading a reviewed corpus takes, against reading it as extracted.

The bundled document is extracted once and copied under --sources source ids into an in-memory
store; one copy is reviewed by importing a gold folder (../shared/eval/seed by default: some 250
corrections). Then, --runs times each, the reviewed view of the whole corpus and of the reviewed
source alone is built, and the export rows of duties are read from it and from the store as
extracted. Reading as extracted (`--as-extracted`) costs nothing extra; the reviewed view copies
the store and applies the corrections.

    python benchmarks/review.py [--sources 60] [--runs 3] [--gold ../shared/eval/seed]
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Store

from extract.pipeline import extract_text
from extract.read import bundled_document, read_text
from graph.eval import load_gold
from graph.export import records
from graph.gold import import_gold
from graph.review import record
from graph.reviewed import build_view, reviewed_view
from graph.store import replace_source

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed"


def median_seconds(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args()

    document = bundled_document()
    extraction = extract_text(read_text(document), document.name)
    store = Store()
    for number in range(args.sources):
        replace_source(store, dataclasses.replace(extraction, source_id=f"{extraction.source_id}-{number}"))
    reviewed = f"{extraction.source_id}-0"
    started = time.perf_counter()
    imported = import_gold(reviewed_view(store), reviewed, load_gold(args.gold), "benchmark")
    made = time.perf_counter() - started
    record(store, imported.corrections)
    print(f"{len(store):,} quads in {args.sources} sources; {len(imported.corrections)} corrections made "
          f"in {made:.2f} s")
    plain = median_seconds(args.runs, lambda: records(store, "duties"))
    whole = median_seconds(args.runs, lambda: build_view(store))
    one = median_seconds(args.runs, lambda: build_view(store, reviewed))
    view = reviewed_view(store)
    read = median_seconds(args.runs, lambda: records(view, "duties"))
    print(f"duties as extracted: {plain:.2f} s; reviewed view of the corpus: {whole:.2f} s to build, "
          f"{read:.2f} s to read the duties; of the reviewed source alone: {one:.2f} s (median of {args.runs})")


if __name__ == "__main__":
    main()
