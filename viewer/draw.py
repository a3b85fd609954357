"""Draw a part of the obligation network (`graph.network.Selection`) as an interactive graph.

st-link-analysis draws it with Cytoscape.js from files inside the installed package, so nothing
is fetched from the network. Readers pan, zoom and drag; a click on a node opens its record's
page. Node captions are short labels (an actor's from `graph.short_labels`), readable without
zooming in; the full label shows while a node is pressed or held, in the side panel when it is
selected, and on the record's page. An actor or mechanism is drawn larger the more duties it
stands for. Cytoscape draws captions as text, but the component writes
the side panel as HTML without escaping it, and the same values feed both: so every text value
is made inert by swapping `<` and `>` for their full-width forms, which read the same and open
no tag in either place (`&` opens no tag in text, so it stays).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis
from st_link_analysis.component.layouts import LAYOUTS

from graph.analyse import CONCERNS, CREATES, OWNS, PART_OF
from graph.network import WORKS_ON, Selection
from viewer import links
from viewer.emphasis import plain
from viewer.tables import shorten

# Kind -> (colour, icon of st-link-analysis); the colours match the document highlights.
KIND_STYLES = {"actor": ("#4a7fd4", "account_balance"), "duty": ("#e0a400", "description"),
               "mechanism": ("#7a52b3", "dns"), "goal": ("#3f9b45", "flag")}
RELATIONS = (OWNS, CREATES, CONCERNS, PART_OF, WORKS_ON)
CAPTION_WIDTH = 32
# Node diameters in Cytoscape's units: an actor or mechanism grows with the duties it stands for.
NODE_SIZE, NODE_SIZE_PER_DUTY, NODE_SIZE_MAX = 16.0, 5.0, 64.0
# Captions readable at the zoom a graph of a few dozen nodes is drawn at (the component's own are
# 3.6 units, hidden below 10 pixels, so an overview showed none); a grabbed or selected node shows
# its full label.
_CAPTION_STYLE = {"font-size": 14, "min-zoomed-font-size": 0, "text-wrap": "ellipsis", "text-max-width": "160px",
                  "text-valign": "bottom", "text-margin-y": 2, "width": "data(size)", "height": "data(size)"}
# fcose (bundled with the component) packs a hub's many leaves closer than cose, so the graph is
# drawn at a zoom its captions can be read at.
LAYOUT = {**LAYOUTS["fcose"], "animate": False, "quality": "proof", "nodeRepulsion": 4500, "idealEdgeLength": 50,
          "nodeDimensionsIncludeLabels": False, "padding": 10}
_FULL_LABEL_STYLE = {"label": "data(text)", "text-wrap": "wrap", "text-max-width": "220px", "z-index": 10}
_OPEN = "open"  # the name of the click event
_INERT = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


class _CaptionedNodeStyle(NodeStyle):
    """A kind's colour and icon, with readable captions, a size by duty count, and the full label when held."""

    def dump(self) -> dict[str, Any]:
        style = super().dump()
        style["style"].update(_CAPTION_STYLE)
        return style


class _FullLabelWhenHeld:
    """A style (passed with the edge styles, which the component dumps alike): a node pressed,
    grabbed or selected shows its full label."""

    def dump(self) -> dict[str, Any]:
        return {"selector": "node:selected, node:active, node:grabbed", "style": _FULL_LABEL_STYLE}


def node_size(duties: int) -> float:
    """A node's diameter: larger the more duties it stands for, by their square root (area grows with them)."""
    return min(NODE_SIZE + NODE_SIZE_PER_DUTY * duties ** 0.5, NODE_SIZE_MAX)


def caption(data: dict[str, Any], short_labels: Mapping[tuple[str, str], str]) -> str:
    """A node's caption: an actor's short label (`graph.short_labels`), any label cut to CAPTION_WIDTH."""
    label = short_labels.get((data["source"], data["label"]), data["label"]) if data["kind"] == "actor" else data["label"]
    return shorten(plain(label), CAPTION_WIDTH)


def elements(selection: Selection, short_labels: Mapping[tuple[str, str], str] | None = None
             ) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements: one node per record (`label` is its kind, `name` its caption, `text` its
    full label, `size` by its duty count), one edge per link."""
    graph = selection.graph
    short_labels = short_labels or {}
    nodes = [{"data": _inert({"id": node, "label": data["kind"], "name": caption(data, short_labels),
                              "text": plain(data["label"]), "source": data["source"], "record": data.get("id", ""),
                              "duties": data.get("duties", 0), "size": node_size(data.get("duties", 0))})}
             for node, data in graph.nodes(data=True)]
    edges = [{"data": _inert({"id": f"{head} {tail}", "source": head, "target": tail, "label": data["relation"],
                              **_edge_facts(data)})}
             for head, tail, data in graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def _inert(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value.translate(_INERT) if isinstance(value, str) else value for key, value in data.items()}


def draw(selection: Selection, key: str, height: int = 560,
         short_labels: Mapping[tuple[str, str], str] | None = None) -> None:
    """The interactive graph; a click on a node switches to the page of its record."""
    node_styles = [_CaptionedNodeStyle(kind, colour, "name", icon) for kind, (colour, icon) in KIND_STYLES.items()]
    edge_styles = [EdgeStyle(relation, caption=None, directed=True, labeled=None) for relation in RELATIONS]
    event = st_link_analysis(elements(selection, short_labels), LAYOUT, node_styles, [*edge_styles, _FullLabelWhenHeld()],
                             height=height, key=key, events=[Event(_OPEN, "tap", "node")])
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
