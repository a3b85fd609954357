"""Actors: one body at a time — its aliases, parent and units, the duties it owns by role, its
mechanisms and goals, and its neighbourhood in the obligation network."""
from __future__ import annotations

from collections import Counter
from typing import Any

import streamlit as st

from graph import views
from graph.network import record_network, select
from graph.provenance import describe
from viewer import draw, links, review, state
from viewer.markup import escape
from viewer.obligations import ROLES
from viewer.tables import DUTY_COLUMN_CONFIG, DUTY_COLUMNS, DUTY_DOWNLOAD_FIELDS, downloads, frame

GOAL_COLUMNS = {"year": "Year", "comparator": "Comparator", "value": "Value", "metric": "Metric", "text": "Goal"}
# The owner is the page's actor; what varies is its role and whether it is inferred, so those lead.
OWNED_COLUMNS = {"role": "Role", "owner": "Owner as shown"} | {
    name: heading for name, heading in DUTY_COLUMNS.items() if name not in ("owner", "role")}


def render() -> None:
    st.title("Actors")
    state.corpus_or_stop()
    review.notice()
    actors = {(actor["source"], actor["id"]): actor for actor in state.read(views.actors)}
    links.follow("actor", actors)
    if st.session_state.get("actor") not in actors:
        st.session_state.pop("actor", None)
    key = st.selectbox("Actor", list(actors), key="actor",
                       format_func=lambda key: f"{actors[key]['label']} — {actors[key]['duties']} duties")
    links.share("actor", key)
    detail = state.read(views.actor_detail, *key)
    actor = detail.record
    st.header(escape(actor["label"]))
    ids = {(record["source"], record["label"]): record["id"] for record in actors.values()}
    facts = {"Kind": actor["kind"], "Also called": "; ".join(actor["aliases"]), "Source": actor["source"],
             "Why this record": describe(actor)}
    st.markdown("  \n".join(f"**{name}:** {escape(value)}" for name, value in facts.items() if value))
    review.actor_controls(actor, list(actors.values()))
    for label, relation in [(actor["parent"], "Part of"), *((unit, "Unit") for unit in detail.units)]:
        if label and (actor["source"], label) in ids:
            links.page_link("actor", actor["source"], ids[actor["source"], label], f"{relation}: {label}",
                            ":material/account_tree:")

    owned_duties(detail.duties, actor["id"])

    st.subheader(f"Mechanisms its duties create or improve ({len(detail.mechanisms)})")
    mechanism_ids = {(row["source"], row["label"]): row["id"] for row in state.read(views.mechanisms)}
    for label in detail.mechanisms:
        if (actor["source"], label) in mechanism_ids:
            links.page_link("mechanism", actor["source"], mechanism_ids[actor["source"], label], label,
                            ":material/settings:")
        else:
            st.markdown(f"- {escape(label)}")
    if not detail.mechanisms:
        st.caption("None.")

    if detail.goals:
        st.subheader(f"Goals that concern it ({len(detail.goals)})")
        st.dataframe(frame(detail.goals, GOAL_COLUMNS), hide_index=True)

    neighbourhood(actor)


def owned_duties(duties: list[dict[str, Any]], actor_id: str) -> None:
    """The duties it owns, leading ones first, with how many it leads, joins, or owns outright."""
    st.subheader(f"Duties owned ({len(duties)})")
    if not duties:
        st.caption("No duty names or infers this actor as its owner.")
        return
    roles = Counter(duty["role"] for duty in duties)
    inferred = sum(1 for duty in duties if duty["owner_status"] == "inferred")
    st.caption(" · ".join([*(f"{role}: {roles[role]}" for role in ROLES if roles[role]),
                           f"named in the text: {len(duties) - inferred}", f"inferred: {inferred}"]))
    ordered = sorted(duties, key=lambda duty: ROLES.index(duty["role"]) if duty["role"] in ROLES else len(ROLES))
    st.dataframe(frame(ordered, OWNED_COLUMNS), hide_index=True, column_config=DUTY_COLUMN_CONFIG)
    downloads(ordered, DUTY_DOWNLOAD_FIELDS, f"duties-{actor_id}", "actor_duties")


@st.fragment
def neighbourhood(actor: dict[str, Any]) -> None:
    """The actor's part of the network; moving the slider or clicking reruns only this part."""
    st.subheader("Neighbourhood in the network")
    radius = st.slider("Links away", 1, 3, 2, key="actor_radius")
    selection = select(state.read(record_network), sources=[actor["source"]], actors=[actor["label"]], radius=radius)
    st.caption(f"{selection.graph.number_of_nodes()} nodes, {selection.graph.number_of_edges()} links — "
               "click a node to open its page")
    st.markdown(draw.legend_html(), unsafe_allow_html=True)
    draw.draw(selection, key="actor_network", height=420, short_labels=state.read(views.short_actor_labels))


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
