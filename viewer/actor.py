"""Actors: one body at a time — its aliases, parent and units, the duties it owns, its mechanisms."""
from __future__ import annotations

import streamlit as st

from graph import views
from viewer import state
from viewer.markup import escape
from viewer.tables import DUTY_COLUMN_CONFIG, DUTY_COLUMNS, DUTY_DOWNLOAD_FIELDS, downloads, frame

GOAL_COLUMNS = {"year": "Year", "comparator": "Comparator", "value": "Value", "metric": "Metric", "text": "Goal"}
# The owner is the page's actor; what varies is its role and whether it is inferred, so those lead.
OWNED_COLUMNS = {"role": "Role", "owner": "Owner as shown"} | {
    name: heading for name, heading in DUTY_COLUMNS.items() if name not in ("owner", "role")}


def render() -> None:
    st.title("Actors")
    state.corpus_or_stop()
    actors = {(actor["source"], actor["id"]): actor for actor in state.read(views.actors)}
    if st.session_state.get("actor") not in actors:
        st.session_state.pop("actor", None)
    key = st.selectbox("Actor", list(actors), key="actor",
                       format_func=lambda key: f"{actors[key]['label']} — {actors[key]['duties']} duties")
    detail = state.read(views.actor_detail, *key)
    actor = detail.record
    st.header(escape(actor["label"]))
    facts = {
        "Kind": actor["kind"],
        "Also called": "; ".join(actor["aliases"]),
        "Part of": actor["parent"],
        "Units": "; ".join(detail.units),
        "Source": actor["source"],
    }
    st.markdown("  \n".join(f"**{name}:** {escape(value)}" for name, value in facts.items() if value))

    st.subheader(f"Duties owned ({len(detail.duties)})")
    if detail.duties:
        st.dataframe(frame(detail.duties, OWNED_COLUMNS), hide_index=True, column_config=DUTY_COLUMN_CONFIG)
        downloads(detail.duties, DUTY_DOWNLOAD_FIELDS, f"duties-{actor['id']}", "actor_duties")
    else:
        st.caption("No duty names or infers this actor as its owner.")

    st.subheader(f"Mechanisms its duties create or improve ({len(detail.mechanisms)})")
    if detail.mechanisms:
        st.markdown("\n".join(f"- {escape(label)}" for label in detail.mechanisms))
    else:
        st.caption("None.")

    if detail.goals:
        st.subheader(f"Goals that concern it ({len(detail.goals)})")
        st.dataframe(frame(detail.goals, GOAL_COLUMNS), hide_index=True)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
