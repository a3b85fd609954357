"""Draw a part of the obligation network (`graph.network.Selection`) as an interactive graph.

st-link-analysis draws it with Cytoscape.js from files inside the installed package, so nothing
is fetched from the network. Readers pan, zoom and drag; a click on a node opens its record's
page. Node captions are cut short; the full text shows in the side panel when a node is
selected and on the record's page. Cytoscape draws captions as text, but the component writes
the side panel as HTML without escaping it, and the same values feed both: so every text value
is made inert by swapping `<` and `>` for their full-width forms, which read the same and open
no tag in either place (`&` opens no tag in text, so it stays).
"""
from __future__ import annotations

from typing import Any

import networkx as nx
import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

from graph.analyse import CONCERNS, CREATES, OWNS, PART_OF
from graph.network import WORKS_ON, Selection
from viewer import links
from viewer.tables import shorten

# Kind -> (colour, icon of st-link-analysis); the colours match the document highlights.
KIND_STYLES = {"actor": ("#4a7fd4", "account_balance"), "duty": ("#e0a400", "description"),
               "mechanism": ("#7a52b3", "dns"), "goal": ("#3f9b45", "flag")}
RELATIONS = (OWNS, CREATES, CONCERNS, PART_OF, WORKS_ON)
CAPTION_WIDTH = 40
_OPEN = "open"  # the name of the click event
_INERT = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


def elements(selection: Selection) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements: one node per record (`label` is its kind, `name` its caption), one edge per link."""
    graph = selection.graph
    nodes = [{"data": _inert({"id": node, "label": data["kind"], "name": shorten(data["label"], CAPTION_WIDTH),
                              "text": data["label"], "source": data["source"], "record": data.get("id", "")})}
             for node, data in graph.nodes(data=True)]
    edges = [{"data": _inert({"id": f"{head} {tail}", "source": head, "target": tail, "label": data["relation"],
                              **_edge_facts(data)})}
             for head, tail, data in graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def _inert(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value.translate(_INERT) if isinstance(value, str) else value for key, value in data.items()}


def draw(selection: Selection, key: str, height: int = 560) -> None:
    """The interactive graph; a click on a node switches to the page of its record."""
    node_styles = [NodeStyle(kind, colour, "name", icon) for kind, (colour, icon) in KIND_STYLES.items()]
    edge_styles = [EdgeStyle(relation, caption=None, directed=True, labeled=None) for relation in RELATIONS]
    event = st_link_analysis(elements(selection), "cose", node_styles, edge_styles, height=height, key=key,
                             events=[Event(_OPEN, "tap", "node")])
    if not event or event.get("action") != _OPEN or event.get("timestamp") == st.session_state.get(f"{key}_opened"):
        return
    st.session_state[f"{key}_opened"] = event.get("timestamp")  # a click opens once, not on every rerun
    node = event["data"]["target_id"]
    if node in selection.graph:
        data = selection.graph.nodes[node]
        links.open_record(data["kind"], data["source"], data["id"])


def legend_html() -> str:
    """The node colours, one dot per kind, for `st.markdown(..., unsafe_allow_html=True)`."""
    return " &nbsp; ".join(f'<span style="color: {colour}">●</span> {kind}' for kind, (colour, _) in KIND_STYLES.items())


def _edge_facts(data: dict[str, Any]) -> dict[str, Any]:
    facts = {name: data[name] for name in ("role", "duties") if name in data}
    if data.get("inferred"):
        facts["inferred"] = "yes"
    return facts


def node_rows(graph: nx.DiGraph) -> list[dict[str, str]]:
    """The drawn nodes as rows, for readers who prefer a list (and for screen readers)."""
    return [{"kind": data["kind"], "name": data["label"], "source": data["source"]}
            for _, data in sorted(graph.nodes(data=True), key=lambda item: (item[1]["kind"], item[1]["label"]))]
