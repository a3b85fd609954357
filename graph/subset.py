"""A store narrowed to some sources, for commands that read "the store" but were asked about a few.

`export --source ID` writes what `export` would write if the store held only those documents:
the sources' graphs (and the ontology in the default graph) are copied into an in-memory store,
so every export format, the RDF ones included, sees exactly that subset. One document's graph
is small (the bundled one: some 17,000 triples), so the copy costs milliseconds.

    only = sources_only(open_store(read_only=True), ["sipo-2013-ip-talents-opinions"])
"""
from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import DefaultGraph, Store

from graph.query import source_graphs


def sources_only(store: Store, sources: Sequence[str]) -> Store:
    """A new in-memory store holding the named sources' graphs and the default graph; `store` if none is named."""
    if not sources:
        return store
    subset = Store()
    for graph in [DefaultGraph(), *source_graphs(store, sources)]:
        subset.extend(store.quads_for_pattern(None, None, None, graph))
    return subset
