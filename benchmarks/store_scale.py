"""The graph store at scale: a million-triple corpus in Oxigraph, and Oxigraph against rdflib, in one run.

The bundled document's graph is copied under distinct source IRIs until the corpus holds about
--triples triples, bulk-loaded into a fresh on-disk pyoxigraph store, and every named query is
run --runs times with typical parameters, asked of every source and of one source (`policykg
query --source`, the viewer's document picker). The same queries then run on a smaller copy
(--compare-triples, since rdflib is slow to load and query a million) in both Oxigraph and an
in-memory rdflib Dataset, so the speed ratio compares equal data. Goals: p95 < 100 ms at 1M
triples, Oxigraph >= 20x rdflib, <= 0.7 KB of resident memory per triple.

    python benchmarks/store_scale.py [--triples 1000000] [--runs 20] [--compare-triples 20000] [--compare-runs 5]
"""
from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, parse, serialize
from rdflib import Dataset

from extract.pipeline import extract_text
from extract.read import bundled_document
from graph.build import build_quads, graph_iri
from graph.named_queries import bind, load_queries
from graph.namespace import PREFIXES
from graph.query import query_dataset

# A parameter value a user would give each query that takes one.
TYPICAL = {
    "duties-of-actor": {"actor": "State Intellectual Property Office"},
    "owners-of-phrase": {"phrase": "budget"},
    "goals-by-year": {"year": "2015"},
    "documents-citing": {"title": "Opinions on Strengthening"},
}
P95_GOAL_MS, RATIO_GOAL, KB_PER_TRIPLE_GOAL = 100.0, 20.0, 0.7


def bundled_nquads() -> tuple[str, str, int]:
    """The bundled document's graph as N-Quads, its source id, and its triple count."""
    path = bundled_document()
    extraction = extract_text(path.read_text(encoding="utf-8"), path.name)
    quads = build_quads(extraction)
    return serialize(quads, format=RdfFormat.N_QUADS).decode("utf-8"), extraction.source_id, len(quads)


def copies(nquads: str, source_id: str, count: int) -> Iterator[Quad]:
    """`count` copies of the graph, each under its own graph IRI, node IRIs and source/record ids."""
    iri, literal = f"<{graph_iri(source_id).value}", f'"{source_id}'
    for number in range(count):
        copy_id = f"{source_id}-copy{number:04d}"
        text = nquads.replace(iri, f"<{graph_iri(copy_id).value}").replace(literal, f'"{copy_id}')
        yield from parse(input=text.encode("utf-8"), format=RdfFormat.N_QUADS)


def loaded(path: Path, quads: Iterator[Quad]) -> Store:
    """Bulk-load a new store at `path`, close it, and open it as `policykg query`, `serve` and the
    viewer do: read-only."""
    writer = Store(str(path))
    writer.bulk_extend(quads)
    writer.flush()
    del writer
    gc.collect()
    return Store.read_only(str(path))


def resident_kb() -> int:
    """This process's resident memory (VmRSS), in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (not Linux?)")


def latencies_ms(run: Callable[[], int], runs: int) -> tuple[int, float, float]:
    """Rows of one run, and the p50 and p95 of `runs` timed runs (after one warm-up), in ms."""
    rows = run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return rows, statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def oxigraph_runner(store: Store, sparql: str, sources: tuple[str, ...] = ()) -> Callable[[], int]:
    dataset = query_dataset(store, sources)
    return lambda: sum(1 for _ in store.query(sparql, prefixes=PREFIXES, **dataset))


def rdflib_runner(dataset: Dataset, sparql: str) -> Callable[[], int]:
    return lambda: len(list(dataset.query(sparql, initNs=PREFIXES)))


def queries() -> dict[str, str]:
    """Every named query, bound to its typical parameters."""
    return {name: bind(query, TYPICAL.get(name, {})) for name, query in load_queries().items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--compare-triples", type=int, default=20_000)
    parser.add_argument("--compare-runs", type=int, default=5)
    args = parser.parse_args()

    nquads, source_id, per_copy = bundled_nquads()
    large, small = -(-args.triples // per_copy), max(1, round(args.compare_triples / per_copy))
    sparql = queries()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as folder:
        before_kb = resident_kb()
        start = time.perf_counter()
        store = loaded(Path(folder) / "large", copies(nquads, source_id, large))
        load_s = time.perf_counter() - start
        triples = len(store)
        loaded_kb = resident_kb() - before_kb
        disk_mb = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file()) / 1e6
        at_scale = {name: latencies_ms(oxigraph_runner(store, text), args.runs) for name, text in sparql.items()}
        one_source = (f"{source_id}-copy{large // 2:04d}",)
        in_one = {name: latencies_ms(oxigraph_runner(store, text, one_source), args.runs)
                  for name, text in sparql.items()}
        queried_kb = resident_kb() - before_kb

        compared = loaded(Path(folder) / "small", copies(nquads, source_id, small))
        dataset = Dataset(default_union=True)
        dataset.parse(data=serialize(compared, format=RdfFormat.N_QUADS), format="nquads")
        side_by_side = {
            name: (latencies_ms(oxigraph_runner(compared, text), args.compare_runs),
                   latencies_ms(rdflib_runner(dataset, text), args.compare_runs))
            for name, text in sparql.items()
        }

    print(f"graph benchmark: the bundled graph ({per_copy:,} triples) copied into {large} sources")
    print(f"  oxigraph load     {triples:,} triples in {load_s:.1f} s ({triples / load_s:,.0f} triples/s), "
          f"{disk_mb:.0f} MB on disk")
    print(f"  resident memory   +{loaded_kb / 1024:.0f} MB after load = {loaded_kb / triples:.3f} KB/triple; "
          f"+{queried_kb / 1024:.0f} MB after the queries = {queried_kb / triples:.3f} KB/triple "
          f"(goal <= {KB_PER_TRIPLE_GOAL})")
    print(f"  latency in ms at {triples:,} triples over {args.runs} runs, asked of all {large} sources and of one; "
          f"oxigraph vs rdflib at {len(compared):,} triples ({small} source(s)) over {args.compare_runs} runs, p50 ms")
    print(f"  {'':<36} {'all sources':^24}   {'one source':^22}   {'oxigraph vs rdflib':^35}")
    print(f"  {'query':<36} {'rows':>7} {'p50':>8} {'p95':>8}   {'rows':>5} {'p50':>7} {'p95':>7}   "
          f"{'rows':>5} {'oxigraph':>9} {'rdflib':>9} {'ratio':>8}")
    ratios = {}
    for name in sparql:
        rows, p50, p95 = at_scale[name]
        one_rows, one_p50, one_p95 = in_one[name]
        (small_rows, oxigraph_p50, _), (rdflib_rows, rdflib_p50, _) = side_by_side[name]
        ratios[name] = rdflib_p50 / oxigraph_p50
        same = "" if small_rows == rdflib_rows else f"  (rdflib gave {rdflib_rows} rows)"
        print(f"  {name:<36} {rows:>7} {p50:>8.1f} {p95:>8.1f}   {one_rows:>5} {one_p50:>7.1f} {one_p95:>7.1f}   "
              f"{small_rows:>5} {oxigraph_p50:>9.2f} {rdflib_p50:>9.1f} {ratios[name]:>7.0f}x{same}")
    fast = sum(p95 < P95_GOAL_MS for _, _, p95 in at_scale.values())
    fast_in_one = sum(p95 < P95_GOAL_MS for _, _, p95 in in_one.values())
    print(f"  goals: p95 < {P95_GOAL_MS:.0f} ms for {fast}/{len(sparql)} queries asked of all sources, "
          f"{fast_in_one}/{len(sparql)} asked of one; "
          f">= {RATIO_GOAL:.0f}x rdflib for {sum(r >= RATIO_GOAL for r in ratios.values())}/{len(sparql)} "
          f"(geometric mean {statistics.geometric_mean(ratios.values()):.0f}x); "
          f"memory {'met' if queried_kb / triples <= KB_PER_TRIPLE_GOAL else 'missed'}")


if __name__ == "__main__":
    main()
