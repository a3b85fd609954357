"""Network views of the obligations: who carries the load, who must work with whom, who sits between.

The store is read with SPARQL into a networkx graph whose nodes are actors, duties, mechanisms
and goals (keyed by IRI) and whose edges are the links the text states: an actor owns a duty
(the role and whether the owner is inferred sit on that edge), a duty creates or improves a
mechanism, a goal concerns an actor or mechanism, a unit is part of a body. The same graph is
written as GraphML for Gephi or Cytoscape, so what the report says can be looked at there.

    analysis = analyse(open_store(read_only=True))
    print(report(analysis))            # duty load, shared mechanisms, centrality, components
    write_file(Path("kg.graphml"), graphml(analysis.graph))

networkx is imported by the functions that build or measure a graph, not with the module: the
export rows (`graph.export`, and the viewer's register through it) need only this module's names.
"""
from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from pyoxigraph import Store

from graph.query import run_query

if TYPE_CHECKING:
    import networkx as nx

KINDS = ("actor", "duty", "mechanism", "goal")
OWNS, CREATES, CONCERNS, PART_OF = "owns", "creates or improves", "concerns", "part of"
# Exact betweenness costs nodes x edges; past this many nodes it is estimated from a fixed sample.
_EXACT_BETWEENNESS_NODES = 2000
_SHOWN_LABEL = 100  # characters of a long duty or goal text the report shows

_NODES = """SELECT ?node ?kind ?label ?source ?detail WHERE { GRAPH ?g {
    ?src a pkg:Source ; dcterms:identifier ?source .
    { ?node a pkg:Actor ; skos:prefLabel ?label ; pkg:actorKind ?detail BIND ("actor" AS ?kind) }
    UNION { ?node a pkg:Mechanism ; skos:prefLabel ?label ; pkg:mechanismType ?detail BIND ("mechanism" AS ?kind) }
    UNION { ?node a pkg:Duty ; prov:wasDerivedFrom/nif:anchorOf ?label ; pkg:modality ?mode
            BIND ("duty" AS ?kind) BIND (LCASE(STRAFTER(STR(?mode), "#")) AS ?detail) }
    UNION { ?node a pkg:Goal ; prov:wasDerivedFrom/nif:anchorOf ?label BIND ("goal" AS ?kind)
            OPTIONAL { ?node pkg:deadline/time:inXSDgYear ?year } BIND (STR(?year) AS ?detail) } } }
    ORDER BY ?node"""
_EDGES = f"""SELECT ?from ?to ?relation ?role ?inferred WHERE {{
    {{ ?to pkg:owner ?from BIND ("{OWNS}" AS ?relation)
       OPTIONAL {{ ?to pkg:ownerRole ?role }} OPTIONAL {{ ?to pkg:actorInferred ?inferred }} }}
    UNION {{ ?from pkg:createsOrImproves ?to BIND ("{CREATES}" AS ?relation) }}
    UNION {{ ?from pkg:concerns ?to BIND ("{CONCERNS}" AS ?relation) }}
    UNION {{ ?from a pkg:Actor ; org:subOrganizationOf ?to BIND ("{PART_OF}" AS ?relation) }} }}
    ORDER BY ?from ?to ?relation"""
_DETAIL = {"actor": "actor_kind", "mechanism": "mechanism_type", "duty": "modality", "goal": "year"}


@dataclass(frozen=True)
class DutyLoad:
    """How many duties an actor owns: named as owner in the sentence, or inferred."""

    actor: str
    explicit: int
    inferred: int

    @property
    def total(self) -> int:
        return self.explicit + self.inferred


@dataclass(frozen=True)
class SharedMechanisms:
    """Two actors owning duties on the same mechanisms."""

    actor: str
    other: str
    mechanisms: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """The graph and what the report says about it; actors and mechanisms are given by display name."""

    graph: nx.DiGraph
    duty_load: list[DutyLoad]
    shared_mechanisms: list[SharedMechanisms]
    betweenness: list[tuple[str, str, float]]
    component_sizes: list[int]
    orphan_mechanisms: list[str]


def build_graph(store: Store) -> nx.DiGraph:
    """Actors, duties, mechanisms and goals with the links between them; attributes are GraphML scalars."""
    import networkx as nx

    graph = nx.DiGraph()
    for row in run_query(store, _NODES).rows:
        attributes = {"kind": row["kind"], "label": row["label"], "source": row["source"]}
        if row["detail"]:
            attributes[_DETAIL[row["kind"]]] = int(row["detail"]) if row["kind"] == "goal" else row["detail"]
        graph.add_node(row["node"], **attributes)
    for row in run_query(store, _EDGES).rows:
        if row["from"] in graph and row["to"] in graph:  # a goal may concern a node of another kind
            attributes = {"relation": row["relation"]}
            if row["relation"] == OWNS:
                attributes.update(role=row["role"] or "owner", inferred=bool(row["inferred"]))
            graph.add_edge(row["from"], row["to"], **attributes)
    return graph


def analyse(store: Store) -> Analysis:
    """Build the graph of the store and measure it."""
    import networkx as nx

    graph = build_graph(store)
    name = _namer(graph)
    undirected = graph.to_undirected(as_view=True)
    return Analysis(
        graph=graph,
        duty_load=_duty_load(graph, name),
        shared_mechanisms=_shared_mechanisms(graph, name),
        betweenness=_betweenness(undirected, name),
        component_sizes=sorted((len(part) for part in nx.connected_components(undirected)), reverse=True),
        orphan_mechanisms=sorted(name(node) for node in _of_kind(graph, "mechanism") if not _owners(graph, node)),
    )


def report(analysis: Analysis, top: int = 10) -> str:
    """The analysis as text for a terminal: each ranking cut at `top`, saying how many were left out."""
    graph = analysis.graph
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    sources = {source for _, source in graph.nodes(data="source")}
    sizes = analysis.component_sizes
    lines = [
        f"{graph.number_of_nodes()} nodes ({', '.join(f'{kinds[kind]} {kind}' for kind in KINDS)}), "
        f"{graph.number_of_edges()} links, {len(sources)} source(s)",
        "",
        *_section("Duty load (total: explicit + inferred)", [
            f"{load.total:4}  {load.explicit:4} + {load.inferred:<4}  {load.actor}" for load in analysis.duty_load
        ], top),
        *_section("Actors linked through shared mechanisms", [
            f"{len(pair.mechanisms):4}  {pair.actor} <-> {pair.other}: {'; '.join(pair.mechanisms)}"
            for pair in analysis.shared_mechanisms
        ], top),
        *_section("Betweenness centrality", [
            f"{score:.3f}  {kind:<9}  {label}" for label, kind, score in analysis.betweenness
        ], top),
        f"Connected components: {len(sizes)}; largest {', '.join(map(str, sizes[:5]))} nodes; "
        f"{sizes.count(1)} isolated node(s)",
        "",
        *_section("Orphan mechanisms (no duty on them has an owner)", analysis.orphan_mechanisms, top),
    ]
    return "\n".join(lines).rstrip() + "\n"


def graphml(graph: nx.DiGraph) -> bytes:
    """The graph as GraphML, attributes typed, for Gephi and Cytoscape."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def _namer(graph: nx.DiGraph) -> Callable[[str], str]:
    """How a node is shown: its label, with its source when the graph holds several sources."""
    several = len({source for _, source in graph.nodes(data="source")}) > 1

    def name(node: str) -> str:
        data = graph.nodes[node]
        label = data["label"] if len(data["label"]) <= _SHOWN_LABEL else data["label"][:_SHOWN_LABEL - 1] + "…"
        return f"{label} [{data['source']}]" if several else label

    return name


def _of_kind(graph: nx.DiGraph, kind: str) -> list[str]:
    return [node for node, node_kind in graph.nodes(data="kind") if node_kind == kind]


def _owners(graph: nx.DiGraph, mechanism: str) -> set[str]:
    """The actors owning a duty that creates or improves the mechanism."""
    return {owner for duty in graph.predecessors(mechanism) if graph.nodes[duty]["kind"] == "duty"
            for owner in graph.predecessors(duty) if graph.edges[owner, duty]["relation"] == OWNS}


def _duty_load(graph: nx.DiGraph, name: Callable[[str], str]) -> list[DutyLoad]:
    loads = []
    for actor in _of_kind(graph, "actor"):
        owned = [data["inferred"] for _, _, data in graph.out_edges(actor, data=True) if data["relation"] == OWNS]
        if owned:
            loads.append(DutyLoad(name(actor), owned.count(False), owned.count(True)))
    return sorted(loads, key=lambda load: (-load.total, load.actor))


def _shared_mechanisms(graph: nx.DiGraph, name: Callable[[str], str]) -> list[SharedMechanisms]:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mechanism in _of_kind(graph, "mechanism"):
        for pair in combinations(sorted(_owners(graph, mechanism), key=name), 2):
            shared[pair].add(name(mechanism))
    pairs = [SharedMechanisms(name(a), name(b), tuple(sorted(labels))) for (a, b), labels in shared.items()]
    return sorted(pairs, key=lambda pair: (-len(pair.mechanisms), pair.actor, pair.other))


def _betweenness(graph: nx.Graph, name: Callable[[str], str]) -> list[tuple[str, str, float]]:
    import networkx as nx

    sample = None if graph.number_of_nodes() <= _EXACT_BETWEENNESS_NODES else _EXACT_BETWEENNESS_NODES
    scores = nx.betweenness_centrality(graph, k=sample, seed=0)
    ranked = sorted((node for node, score in scores.items() if score > 0), key=lambda node: (-scores[node], name(node)))
    return [(name(node), graph.nodes[node]["kind"], scores[node]) for node in ranked]


def _section(title: str, lines: list[str], top: int) -> list[str]:
    """A titled, indented list of at most `top` lines, saying how many more there are."""
    shown = [f"  {line}" for line in lines[:top]] or ["  none"]
    if len(lines) > top:
        shown.append(f"  (+{len(lines) - top} more)")
    return [f"{title}:", *shown, ""]
