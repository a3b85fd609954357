"""The SPARQL endpoint under load: many clients at once while a runaway query keeps being stopped.

The bundled document's graph is copied into --copies sources of a fresh store, `policykg serve`
starts on it (the default two query workers, --timeout seconds per query), and then, at the same
time: one client sends a query that never ends, again each time it is stopped (503), and --clients
loopback clients each send --queries lookups (named queries with typical parameters, and small
SELECTs), one after the other. Prints the lookups' errors (goal: 0) and latency percentiles, and
how many runaway queries were stopped meanwhile.

    python benchmarks/endpoint.py [--copies 25] [--clients 50] [--queries 20] [--timeout 5]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pyoxigraph import Store
from store_scale import TYPICAL, bundled_nquads, copies

from graph.named_queries import bind, load_queries
from graph.namespace import PREFIXES

sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))  # the tests' server helpers
from servers import free_port, running  # noqa: E402

POLICYKG = Path(sys.executable).parent / "policykg"
# A cross join whose count only ends when it has seen every combination: hours on any real store.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
LOOKUPS = ("duties-of-actor", "documents-citing", "goals-by-year")
SMALL_SELECTS = (
    "SELECT ?id ?action WHERE { ?d a pkg:Duty ; dcterms:identifier ?id ; pkg:action ?action } LIMIT 20",
    "SELECT ?source ?name WHERE { ?s a pkg:Source ; dcterms:identifier ?source ; pkg:sourceName ?name } LIMIT 50",
    "ASK { ?d pkg:modality pkg:Obligation }",
)


def lookups() -> list[str]:
    """The lookup queries, each with the PREFIX lines a SPARQL protocol client must send."""
    named = load_queries()
    header = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    return [header + query for query in [bind(named[name], TYPICAL[name]) for name in LOOKUPS] + list(SMALL_SELECTS)]


async def client(url: str, queries: list[str], count: int, offset: int, latencies: list[float],
                 errors: list[str]) -> None:
    """One client on its own connection, sending `count` queries one after the other."""
    async with httpx.AsyncClient(timeout=120) as http:
        for number in range(count):
            query = queries[(offset + number) % len(queries)]
            start = time.perf_counter()
            try:
                response = await http.post(url, data={"query": query}, headers={"Accept": "text/csv"})
                if response.status_code != 200:
                    errors.append(f"{response.status_code}: {response.text[:120]}")
            except httpx.HTTPError as error:
                errors.append(repr(error))
            latencies.append(time.perf_counter() - start)


async def runaways(url: str, done: asyncio.Event, stopped: list[int]) -> None:
    """Send the runaway query again and again until `done`; count the 503s that stopped it."""
    async with httpx.AsyncClient(timeout=120) as http:
        while not done.is_set():
            response = await http.post(url, data={"query": RUNAWAY})
            stopped.append(response.status_code)


async def load(url: str, clients: int, queries: int) -> tuple[list[float], list[str], list[int], float]:
    latencies: list[float] = []
    errors: list[str] = []
    stopped: list[int] = []
    done = asyncio.Event()
    runaway = asyncio.create_task(runaways(url, done, stopped))
    await asyncio.sleep(0.5)  # the runaway holds a worker before the load starts
    start = time.perf_counter()
    await asyncio.gather(*(client(url, lookups(), queries, n, latencies, errors) for n in range(clients)))
    elapsed = time.perf_counter() - start
    done.set()
    await runaway
    return latencies, errors, stopped, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()

    nquads, source_id, per_copy = bundled_nquads()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as folder:
        store = Store(folder)
        store.bulk_extend(copies(nquads, source_id, args.copies))
        triples = len(store)
        del store
        port = free_port()
        command = [str(POLICYKG), "--store", folder, "serve", "--port", str(port), "--timeout", str(args.timeout)]
        with running(command, f"http://127.0.0.1:{port}/"):
            latencies, errors, stopped, elapsed = asyncio.run(
                load(f"http://127.0.0.1:{port}/sparql", args.clients, args.queries))

    latencies.sort()
    p50, p95 = statistics.median(latencies), latencies[round(0.95 * (len(latencies) - 1))]
    print(f"endpoint benchmark: {triples:,} triples ({args.copies} sources), {args.clients} clients x "
          f"{args.queries} lookups, --timeout {args.timeout:g} s, 2 query workers")
    print(f"  lookups      {len(latencies)} in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s), "
          f"{len(errors)} errors (goal 0){': ' + errors[0] if errors else ''}")
    print(f"  latency      p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    print(f"  runaway      {stopped.count(503)} stopped by the timeout meanwhile "
          f"(other answers: {sorted(set(stopped) - {503}) or 'none'})")


if __name__ == "__main__":
    main()
