"""The network of the bundled document: what the report ranks agrees with the named queries and the text."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from pyoxigraph import Store

from extract.pipeline import extract_text
from graph.analyse import KINDS, OWNS, Analysis, analyse, graphml, report
from graph.named_queries import run_named
from graph.store import replace_source

BUNDLED = Path(__file__).resolve().parent.parent / "extract" / "data" / "sipo-2013-ip-talents-opinions.txt"
SIPO = "State Intellectual Property Office"


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    replace_source(store, extract_text(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name))
    return store


@pytest.fixture(scope="module")
def analysis(store: Store) -> Analysis:
    return analyse(store)


def test_nodes_are_actors_duties_mechanisms_and_goals_with_scalar_attributes(analysis):
    graph = analysis.graph
    assert {kind for _, kind in graph.nodes(data="kind")} == set(KINDS)
    for _, data in [*graph.nodes(data=True), *((edge, data) for *edge, data in graph.edges(data=True))]:
        assert all(isinstance(value, (str, int, float, bool)) for value in data.values())


def test_an_owner_edge_carries_the_role_and_the_inferred_flag(analysis):
    graph = analysis.graph
    [tilt] = [node for node, label in graph.nodes(data="label") if label.startswith(f"The {SIPO} shall tilt its budget")]
    [(owner, _, edge)] = graph.in_edges(tilt, data=True)
    assert graph.nodes[owner]["label"] == SIPO
    assert (edge["relation"], edge["role"], edge["inferred"]) == (OWNS, "owner", False)


def test_duty_load_is_the_named_query_s(store, analysis):
    from_query = {(row["actor"], row["explicit"], row["inferred"]) for row in run_named(store, "actor-duty-load").rows}
    assert {(load.actor, load.explicit, load.inferred) for load in analysis.duty_load} == from_query
    assert [load.total for load in analysis.duty_load] == sorted((load.total for load in analysis.duty_load),
                                                                 reverse=True)


def test_actors_linked_through_a_shared_mechanism(analysis):
    # SIPO tilts its budget to building the IP talents system, which the nationwide IP system must push forward.
    pairs = {frozenset((pair.actor, pair.other)): pair.mechanisms for pair in analysis.shared_mechanisms}
    assert "IP talents system" in pairs[frozenset((SIPO, "Nationwide IP system"))]


def test_orphan_mechanisms_are_those_no_owner_acts_on(store, analysis):
    unowned = {row["mechanism"] for row in run_named(store, "mechanisms-with-owners").rows
               if row["owners"] == "not stated"}
    assert set(analysis.orphan_mechanisms) == unowned
    assert "12th Five-year Plan for IP Talents" in unowned  # a plan the circular cites, which no owner acts on


def test_components_cover_every_node_and_centrality_is_ranked(analysis):
    assert sum(analysis.component_sizes) == analysis.graph.number_of_nodes()
    scores = [score for _, _, score in analysis.betweenness]
    assert scores == sorted(scores, reverse=True) and all(0 < score <= 1 for score in scores)
    assert SIPO in [label for label, kind, _ in analysis.betweenness if kind == "actor"]


def test_report_cuts_each_ranking_at_top(analysis):
    text = report(analysis, top=2)
    load = text.split("Duty load")[1].split("\n\n")[0].splitlines()[1:]
    assert len(load) == 3 and load[-1].startswith(f"  (+{len(analysis.duty_load) - 2} more)")
    for section in ("Actors linked through shared mechanisms", "Betweenness centrality", "Connected components",
                    "Orphan mechanisms"):
        assert section in text


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(analysis):
    back = nx.read_graphml(io.BytesIO(graphml(analysis.graph)))
    assert (back.number_of_nodes(), back.number_of_edges()) == (analysis.graph.number_of_nodes(),
                                                                analysis.graph.number_of_edges())
    node, data = next(iter(analysis.graph.nodes(data=True)))
    assert back.nodes[node] == data
