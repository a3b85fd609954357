"""Graph: who owns which duties, on which mechanisms, towards which goals — as a network to explore.

The whole store is a hairball past a few hundred nodes, so the page draws what the filters
keep: some documents, some kinds of node (at first actors, mechanisms and goals, an actor linked
to the mechanisms its duties work on; duties on request), the neighbourhood of some actors (at
first the ten with most duties), and at most a number of nodes, those nearest the chosen actors
first; nodes linked to nothing are hidden unless asked for. Nodes are captioned with short labels
and sized by their duty count. A click on a node opens its record's page; the drawn part
downloads as GraphML for Gephi or Cytoscape.
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
# The page starts from the busiest actors and their neighbourhood, which a reader can read at once.
START_ACTORS = 10


def render() -> None:
    st.title("Graph")
    state.corpus_or_stop()
    network = state.read(record_network)
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    actors = [actor["label"] for actor in state.read(views.actors)]  # most duties first
    top = st.columns([2, 3, 3])
    chosen_sources = top[0].multiselect("Documents", list(sources), key="graph_sources", format_func=sources.get,
                                        placeholder="all documents")
    options = list(dict.fromkeys(actors))
    short_labels = state.read(views.short_actor_labels)
    short = {label: short for (_, label), short in short_labels.items()}
    chosen_actors = top[1].multiselect("Around actors", options, default=options[:START_ACTORS], key="graph_actors",
                                       format_func=lambda label: shorten(short.get(label, label)),
                                       placeholder="every actor",
                                       help=f"At first the {START_ACTORS} actors with most duties; clear it for all.")
    kinds = top[2].multiselect("Show", list(KINDS), default=list(DEFAULT_KINDS), key="graph_kinds",
                               help="Without duties, an actor is linked straight to the mechanisms its duties work "
                                    "on; add duties to see each one, best around a few actors.")
    row = st.columns([2, 2, 1, 2])
    radius = row[0].slider("Links away from those actors", 1, 4, 1, key="graph_radius", disabled=not chosen_actors)
    limit = row[1].slider("At most nodes", 25, 1000, DEFAULT_LIMIT, step=25, key="graph_limit")
    isolated = row[2].checkbox("Isolated nodes", key="graph_isolated",
                               help="Also nodes linked to none of the others (drawn as a row apart).")
    selection = select(network, sources=chosen_sources, kinds=kinds, actors=chosen_actors, radius=radius, limit=limit,
                       isolated=isolated)
    shown = selection.graph.number_of_nodes()
    if not shown:
        st.info("No node matches these filters.")
        return
    row[3].markdown(f"{shown} of {selection.total} nodes, {selection.graph.number_of_edges()} links  \n"
                    f"{draw.legend_html()}", unsafe_allow_html=True)
    notes = [f"Showing the {shown} nodes nearest the actors; choose actors or documents to see the rest."
             ] if selection.cut else []
    if selection.isolated:
        notes.append(f"{selection.isolated} isolated nodes hidden (tick “Isolated nodes” to draw them).")
    if notes:
        st.caption(" ".join(notes))
    draw.draw(selection, key="graph_network", short_labels=short_labels)
    st.caption("Drag to move, scroll to zoom; a node's size is its duty count; press a node for its full name, "
               "click it to open its page.")
    with st.expander(f"The {shown} nodes as a list"):
        st.dataframe(frame(draw.node_rows(selection.graph), NODE_COLUMNS), hide_index=True)
    st.download_button("Download GraphML", graphml(selection.graph), "policykg.graphml", "application/graphml+xml",
                       key="graph_graphml", icon=":material/download:", on_click="ignore")


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
