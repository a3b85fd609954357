"""Graph: who owns which duties, on which mechanisms, towards which goals — as a network to explore.

The whole store is a hairball past a few hundred nodes, so the page draws what the filters
keep: some documents, some kinds of node (at first actors, mechanisms and goals, an actor linked
to the mechanisms its duties work on; duties on request), the neighbourhood of some actors, and
at most a number of nodes, those nearest the chosen (or busiest) actors first. A click on a node opens
its record's page; the drawn part downloads as GraphML for Gephi or Cytoscape.
"""
from __future__ import annotations

import streamlit as st

from graph import views
from graph.analyse import KINDS, graphml
from graph.network import DEFAULT_LIMIT, record_network, select
from viewer import draw, state
from viewer.tables import frame, shorten

NODE_COLUMNS = {"kind": "Kind", "name": "Name", "source": "Source"}
# Who works on what: one node per duty makes the whole corpus a hairball, so duties are added on request.
DEFAULT_KINDS = ("actor", "mechanism", "goal")


def render() -> None:
    st.title("Graph")
    state.corpus_or_stop()
    network = state.read(record_network)
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    actors = [actor["label"] for actor in state.read(views.actors)]  # most duties first
    top = st.columns([2, 3, 3])
    chosen_sources = top[0].multiselect("Documents", list(sources), key="graph_sources", format_func=sources.get,
                                        placeholder="all documents")
    chosen_actors = top[1].multiselect("Around actors", list(dict.fromkeys(actors)), key="graph_actors",
                                       format_func=shorten, placeholder="every actor")
    kinds = top[2].multiselect("Show", list(KINDS), default=list(DEFAULT_KINDS), key="graph_kinds",
                               help="Without duties, an actor is linked straight to the mechanisms its duties work "
                                    "on; add duties to see each one, best around a few actors.")
    row = st.columns([2, 2, 3])
    radius = row[0].slider("Links away from those actors", 1, 4, 2, key="graph_radius", disabled=not chosen_actors)
    limit = row[1].slider("At most nodes", 25, 1000, DEFAULT_LIMIT, step=25, key="graph_limit")
    selection = select(network, sources=chosen_sources, kinds=kinds, actors=chosen_actors, radius=radius, limit=limit)
    shown = selection.graph.number_of_nodes()
    if not shown:
        st.info("No node matches these filters.")
        return
    row[2].markdown(f"{shown} of {selection.total} nodes, {selection.graph.number_of_edges()} links  \n"
                    f"{draw.legend_html()}", unsafe_allow_html=True)
    if selection.cut:
        st.caption(f"Showing the {shown} nodes nearest the actors; choose actors or documents to see the rest.")
    draw.draw(selection, key="graph_network")
    st.caption("Drag to move, scroll to zoom; click a node to open its page.")
    with st.expander(f"The {shown} nodes as a list"):
        st.dataframe(frame(draw.node_rows(selection.graph), NODE_COLUMNS), hide_index=True)
    st.download_button("Download GraphML", graphml(selection.graph), "policykg.graphml", "application/graphml+xml",
                       key="graph_graphml", icon=":material/download:", on_click="ignore")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
