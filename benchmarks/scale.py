"""Scaling out: one process, `--processes 2` and a 2-worker Dask LocalCluster on the same corpus; bulk load against add.

The same --documents synthetic documents of about --tokens tokens in all (`corpus.py`'s: the bundled
document's sentences shuffled, seeded) are added to a fresh store three times, each run in a fresh
Python process exactly as `policykg add FOLDER` runs it with that engine. Measured in one run:

- tokens/s of each, and the 2-way runs as a ratio of the 1-process rate (goal >= 1.6x on 2 cores);
- per-document scheduling overhead of the pool and the cluster: the same files sent to a task that
  returns at once a result of the real mean size, worker-seconds per document, as a share of a
  5,000-token document's extraction time at the 1-process rate (goal <= 5 %);
- the client's peak resident memory after a quarter of the documents and after all (goal < 20 %);
- that the three stores hold the same quads;
- the bulk path: the documents' graphs as one .nq file each, bulk-loaded (`policykg load`) against
  add's own writes of the same graphs, a transaction per document, for all the documents and for
  the first that hold a million quads (goal >= 3x, at 1M quads).

    python benchmarks/scale.py [--documents 200] [--tokens 1000000] [--seed 7]
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from corpus import peak_rss_mb, synthetic_documents
from pyoxigraph import RdfFormat, Store, serialize

from graph.add import add_documents, write_documents
from graph.bulk import load_quads, quad_files, quads_file
from graph.engines import open_engine, run_jobs
from graph.tasks import ExtractedDocument, FileJob

RATIO_GOAL, OVERHEAD_GOAL, GROWTH_GOAL, BULK_GOAL = 1.6, 0.05, 0.20, 3.0
BULK_QUADS = 1_000_000  # the bulk goal's size
DOCUMENT_TOKENS = 5_000
ENGINES = {"1 process": {}, "--processes 2": {"processes": 2}, "2-worker LocalCluster": {"workers": 2}}


def load_average() -> float:
    return os.getloadavg()[0]


def reply_of_size(size: int, job: FileJob) -> ExtractedDocument:
    """A task that does no work but sends back a result as large as a real one."""
    return ExtractedDocument(job.path, "noop", os.urandom(size), 0, 0, 0, 0, 0, 0)


def measure(engine_name: str, corpus: Path, store_dir: Path) -> dict[str, float]:
    """One add run with the named engine, in this (fresh) process; the numbers as a dict."""
    options = ENGINES[engine_name]
    opened = time.perf_counter()
    with open_engine(**options) as engine:
        started = time.perf_counter()
        store = Store(str(store_dir))
        files = sorted(corpus.iterdir())
        checkpoint = max(1, len(files) // 4)
        peaks, documents, tokens, triples, compressed = {}, 0, 0, 0, 0
        loads = [load_average()]
        for document in add_documents(store, [corpus], warn=print, unchanged=print, engine=engine):
            documents, tokens = documents + 1, tokens + document.tokens
            triples, compressed = triples + document.triples, compressed + len(document.compressed_nquads)
            if documents in (checkpoint, len(files)):
                peaks[documents] = peak_rss_mb()
                loads.append(load_average())
        seconds = time.perf_counter() - started
        del store
        overhead = None
        if options:  # the same files through the same loop to a task that returns at once
            reply = functools.partial(reply_of_size, compressed // documents)
            noop_started = time.perf_counter()
            assert len(list(run_jobs((FileJob.read(path) for path in files), engine, task=reply))) == len(files)
            overhead = (time.perf_counter() - noop_started) * max(options.values()) / len(files)
    return {"documents": documents, "tokens": tokens, "triples": triples, "seconds": seconds,
            "startup": started - opened, "peak_quarter": peaks[checkpoint], "peak_all": peaks[len(files)],
            "checkpoint": checkpoint, "overhead": overhead, "load": max(loads)}


def run_measurement(engine_name: str, corpus: Path, store_dir: Path) -> dict[str, float]:
    """`measure` in a fresh Python process, so each run starts with nothing loaded."""
    command = [sys.executable, __file__, "--measure", engine_name, "--corpus", str(corpus), "--store", str(store_dir)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise SystemExit(f"{engine_name} run failed:\n{finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def sorted_quads(store_dir: Path) -> list[str]:
    return sorted(str(quad) for quad in Store.read_only(str(store_dir)))


def bulk_against_add(store_dir: Path, folder: Path, at_least: int | None = None) -> tuple[int, float, float, bool]:
    """(quads, add's write seconds, bulk load seconds, same graph) for the document graphs of a store,
    or for the first of them (by source id) that hold `at_least` quads."""
    source = Store.read_only(str(store_dir))
    quads_dir, documents, quads = folder / "quads", [], 0
    folder.mkdir()
    for graph in sorted(source.named_graphs(), key=str):
        if at_least is not None and quads >= at_least:
            break
        graph_quads = list(source.quads_for_pattern(None, None, None, graph))
        source_id = graph.value.rsplit("/", 1)[-1]
        nquads = serialize(graph_quads, format=RdfFormat.N_QUADS)
        quads_file(quads_dir, source_id).parent.mkdir(parents=True, exist_ok=True)
        quads_file(quads_dir, source_id).write_bytes(nquads)
        documents.append(ExtractedDocument(Path(f"{source_id}.txt"), source_id, zlib.compress(nquads, 1),
                                           len(graph_quads), 0, 0, 0, 0, 0))
        quads += len(graph_quads)
    del source
    added, loaded = Store(str(folder / "added")), Store(str(folder / "loaded"))
    started = time.perf_counter()
    for _ in write_documents(added, documents, warn=print):
        pass
    add_s = time.perf_counter() - started
    started = time.perf_counter()
    load_quads(loaded, quad_files(quads_dir))
    load_s = time.perf_counter() - started
    del added, loaded
    return quads, add_s, load_s, sorted_quads(folder / "added") == sorted_quads(folder / "loaded")


def engine_line(name: str, run: dict[str, float], base: dict[str, float]) -> str:
    """One engine's rate, its ratio to one process's, memory and overhead, as printed."""
    rate, base_rate = run["tokens"] / run["seconds"], base["tokens"] / base["seconds"]
    document_s = DOCUMENT_TOKENS / base_rate
    growth = run["peak_all"] / run["peak_quarter"] - 1
    line = (f"  {name:22} {rate:8,.0f} tokens/s {rate / base_rate:5.2f}x  {run['seconds']:6.0f} s "
            f"(+{run['startup']:.0f} s start-up), {run['documents'] / run['seconds']:.2f} documents/s; "
            f"client peak RSS {run['peak_quarter']:.0f} -> {run['peak_all']:.0f} MB ({growth:+.1%}) "
            f"after {run['checkpoint']} -> {run['documents']} documents; load average <= {run['load']:.1f}")
    if run["overhead"] is not None:
        line += (f"\n  {'':22} scheduling overhead {run['overhead'] * 1000:.1f} ms per document: "
                 f"{run['overhead'] / document_s:.1%} of a {DOCUMENT_TOKENS:,}-token document ({document_s:.2f} s)")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", choices=list(ENGINES), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.corpus, args.store)))
        return

    texts = synthetic_documents(args.documents, args.tokens, args.seed)
    with tempfile.TemporaryDirectory(prefix="policykg-scale-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for number, text in enumerate(texts):
            (corpus / f"policy-{number:04d}.txt").write_text(text, encoding="utf-8")
        runs: dict[str, dict[str, float]] = {}
        for index, name in enumerate(ENGINES):  # each line as soon as it is measured: a cut run keeps what it had
            runs[name] = run_measurement(name, corpus, Path(folder) / f"store{index}")
            print(engine_line(name, runs[name], runs["1 process"]), flush=True)
        stores = [sorted_quads(Path(folder) / f"store{index}") for index in range(len(ENGINES))]
        same = all(quads == stores[0] for quads in stores)
        del stores
        base = runs["1 process"]
        print(f"  {base['documents']} documents, {base['tokens']:,} tokens parsed, {base['triples']:,} triples, "
              f"{os.cpu_count()} cores; the three stores hold the same quads: {'yes' if same else 'NO'}", flush=True)
        print(f"  goals: 2-way >= {RATIO_GOAL}x, overhead <= {OVERHEAD_GOAL:.0%}, memory growth < {GROWTH_GOAL:.0%}")
        for name, at_least in (("all", None), ("1M", BULK_QUADS)):  # the goal is set at a million quads
            quads, add_s, load_s, bulk_same = bulk_against_add(Path(folder) / "store0", Path(folder) / f"bulk-{name}",
                                                               at_least)
            which = "all documents" if at_least is None else f"the first documents to {at_least:,} quads"
            print(f"  bulk path, {which}: {quads:,} quads; add writes them in {add_s:.1f} s "
                  f"({quads / add_s:,.0f} quads/s), `load` in {load_s:.1f} s ({quads / load_s:,.0f} quads/s): "
                  f"{add_s / load_s:.1f}x (goal >= {BULK_GOAL}x at {BULK_QUADS:,} quads); "
                  f"same graph: {'yes' if bulk_same else 'NO'}", flush=True)


if __name__ == "__main__":
    main()
