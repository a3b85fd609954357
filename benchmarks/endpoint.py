"""The SPARQL endpoint under load: many clients at once while runaway queries keep being stopped.

The bundled document's graph is copied into --copies sources of a fresh store, `policykg serve`
starts on it (the default four query workers, two queries per client, --timeout seconds per
query), and then, for one and then for two runaway clients: each runaway client sends a query that
never ends, again each time it is stopped (503), while --clients clients each send --queries
lookups (named queries with typical parameters, and small SELECTs), one after the other. Every
client has a loopback address of its own (127.0.1.N, runaways 127.0.0.2, 127.0.0.3), as clients
on other machines would. Prints, per case, the lookups' errors (goal: 0) and latency
percentiles, and how many runaway queries were stopped meanwhile.

    python benchmarks/endpoint.py [--copies 25] [--clients 50] [--queries 20] [--timeout 5] [--runaways 1 2]
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


def from_address(address: str) -> httpx.AsyncClient:
    """A client whose connections come from `address`, one of the loopback network's (127.0.0.0/8)."""
    return httpx.AsyncClient(timeout=120, transport=httpx.AsyncHTTPTransport(local_address=address))


async def client(url: str, queries: list[str], count: int, offset: int, latencies: list[float],
                 errors: list[str]) -> None:
    """One client on its own connection and address, sending `count` queries one after the other."""
    async with from_address(f"127.0.{1 + offset // 250}.{1 + offset % 250}") as http:
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


async def runaways(url: str, address: str, done: asyncio.Event, stopped: list[int]) -> None:
    """Send the runaway query from `address` again and again until `done`; count the 503s that stopped it."""
    async with from_address(address) as http:
        while not done.is_set():
            response = await http.post(url, data={"query": RUNAWAY})
            stopped.append(response.status_code)


async def load(url: str, clients: int, queries: int,
               runaway_clients: int) -> tuple[list[float], list[str], list[int], float]:
    latencies: list[float] = []
    errors: list[str] = []
    stopped: list[int] = []
    done = asyncio.Event()
    looping = [asyncio.create_task(runaways(url, f"127.0.0.{2 + n}", done, stopped)) for n in range(runaway_clients)]
    await asyncio.sleep(0.5)  # the runaways hold their workers before the load starts
    start = time.perf_counter()
    await asyncio.gather(*(client(url, lookups(), queries, n, latencies, errors) for n in range(clients)))
    elapsed = time.perf_counter() - start
    done.set()
    await asyncio.gather(*looping)
    return latencies, errors, stopped, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--runaways", type=int, nargs="+", default=[1, 2], help="Runaway clients, one case each.")
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
            cases = [(runaway_clients, asyncio.run(load(f"http://127.0.0.1:{port}/sparql", args.clients,
                                                        args.queries, runaway_clients)))
                     for runaway_clients in args.runaways]

    print(f"endpoint benchmark: {triples:,} triples ({args.copies} sources), {args.clients} clients x "
          f"{args.queries} lookups, --timeout {args.timeout:g} s, default workers (4) and per-client cap (2)")
    for runaway_clients, (latencies, errors, stopped, elapsed) in cases:
        latencies.sort()
        p50, p95 = statistics.median(latencies), latencies[round(0.95 * (len(latencies) - 1))]
        print(f"  {runaway_clients} runaway client{'s' if runaway_clients != 1 else ''}:")
        print(f"    lookups    {len(latencies)} in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s), "
              f"{len(errors)} errors (goal 0){': ' + errors[0] if errors else ''}")
        print(f"    latency    p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        print(f"    runaway    {stopped.count(503)} stopped by the timeout meanwhile "
              f"(other answers: {sorted(set(stopped) - {503}) or 'none'})")


if __name__ == "__main__":
    main()
