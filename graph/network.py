"""The obligation network as a reader looks at it: filtered, cut to neighbourhoods, kept readable.

`graph.analyse.build_graph` gives every actor, duty, mechanism and goal with the links the text
states. Hundreds of nodes drawn at once are a hairball, so `select` keeps what a reader asked
for — some sources, some kinds of node, the neighbourhood of some actors — and at most `limit`
nodes, those nearest the chosen (or the busiest) actors first. Each node carries the
`(source, id)` of its record, so a click on it can open the record's page:

    network = record_network(store)
    shown = select(network, actors=["State Intellectual Property Office"], radius=2)
    shown.graph.number_of_nodes(), shown.total      # drawn, and how many matched before the cap
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx
from pyoxigraph import Store

from graph.analyse import CREATES, KINDS, OWNS, build_graph
from graph.query import run_query

# When duties are hidden, an actor is linked straight to the mechanisms its duties work on.
WORKS_ON = "works on"
DEFAULT_LIMIT = 250


@dataclass(frozen=True)
class Selection:
    """The part of the network to draw, and how many nodes matched the filters before the cap."""

    graph: nx.DiGraph
    total: int
    isolated: int = 0  # nodes left out because nothing links them to the others

    @property
    def cut(self) -> bool:
        return self.graph.number_of_nodes() < self.total


def record_network(store: Store) -> nx.DiGraph:
    """`build_graph(store)` with each node's record id (`id`) next to its `source`, and its duty
    count (`duties`): the duties an actor owns, or that create or improve a mechanism; 1 for a duty."""
    network = build_graph(store)
    for row in run_query(store, "SELECT ?node ?id WHERE { ?node dcterms:identifier ?id }").rows:
        if row["node"] in network:
            network.nodes[row["node"]]["id"] = row["id"]
    for node, kind in network.nodes(data="kind"):
        network.nodes[node]["duties"] = duty_count(network, node, kind)
    return network


def duty_count(network: nx.DiGraph, node: str, kind: str) -> int:
    """How many duties a node stands for: owned (actor), worked on (mechanism), itself (duty), none (goal)."""
    if kind == "actor":
        return sum(1 for _, _, relation in network.out_edges(node, data="relation") if relation == OWNS)
    if kind == "mechanism":
        return sum(1 for _, _, relation in network.in_edges(node, data="relation") if relation == CREATES)
    return 1 if kind == "duty" else 0


def select(network: nx.DiGraph, *, sources: Collection[str] = (), kinds: Collection[str] = KINDS,
           actors: Collection[str] = (), radius: int = 2, limit: int = DEFAULT_LIMIT,
           isolated: bool | None = None) -> Selection:
    """The nodes of `sources` (all when empty) and `kinds`, within `radius` links of the actors
    labelled `actors` (everywhere when empty), at most `limit` of them, nearest those actors first.

    Nodes linked to none of the others are, by `isolated`: None, kept where they are reached (an
    actor on its own is its own neighbourhood; with no actors chosen, they come last); False, left
    out (`Selection.isolated` counts them); True, drawn too, after the others, around chosen actors too.
    """
    pool = network.subgraph(node for node, source in network.nodes(data="source") if not sources or source in sources)
    shown = _of_kinds(pool, kinds)
    lone = [node for node in shown if not shown.degree(node)]
    if isolated is False:
        shown = shown.subgraph(node for node in shown if shown.degree(node)).copy()
    linked = shown.to_undirected(as_view=True)
    seeds = [node for node, data in shown.nodes(data=True) if data["kind"] == "actor" and data["label"] in actors]
    if actors:
        distance = nx.multi_source_dijkstra_path_length(linked, seeds, cutoff=radius) if seeds else {}
        if isolated:
            distance.update({node: radius + 1 for node in lone if node not in distance})
    else:  # every linked actor is a centre; nodes no actor reaches, and lone nodes, come last
        centres = [node for node, kind in shown.nodes(data="kind") if kind == "actor" and linked.degree(node)]
        distance = dict.fromkeys(shown, len(shown))
        distance.update(nx.multi_source_dijkstra_path_length(linked, centres) if centres else {})
    ranked = sorted(distance, key=lambda node: (distance[node], -linked.degree(node), shown.nodes[node]["label"]))
    return Selection(shown.subgraph(ranked[:limit]).copy(), len(ranked), len(lone) if isolated is False else 0)


def _of_kinds(graph: nx.DiGraph, kinds: Collection[str]) -> nx.DiGraph:
    """The nodes of `kinds`; without duties, each actor is linked to the mechanisms its duties work on."""
    kept = graph.subgraph(node for node, kind in graph.nodes(data="kind") if kind in kinds).copy()
    if "duty" in kinds or not {"actor", "mechanism"} <= set(kinds):
        return kept
    works_on: Counter[tuple[str, str]] = Counter()
    for owner, duty, relation in graph.edges(data="relation"):
        if relation == OWNS:
            for _, mechanism, link in graph.out_edges(duty, data="relation"):
                if link == CREATES:
                    works_on[owner, mechanism] += 1
    for (owner, mechanism), duties in works_on.items():
        kept.add_edge(owner, mechanism, relation=WORKS_ON, duties=duties)
    return kept
