"""Overview: what the store holds — documents with their headers, and counts of what was extracted."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import views
from viewer import state
from viewer.tables import documents_table

TOP_ACTORS = 12


def render() -> None:
    st.title("Overview")
    counts = state.corpus_or_stop()
    metrics = st.columns(5)
    for column, (label, value) in zip(metrics, [("Documents", counts.documents), ("Duties", counts.duties),
                                                 ("Actors", counts.actors), ("Mechanisms", counts.mechanisms),
                                                 ("Goals", counts.goals)]):
        column.metric(label, value)

    st.subheader("Documents")
    documents_table(state.read(views.documents))
    st.caption("Add documents with **policykg build FILE**, or on the *Add a document* page.")

    left, right = st.columns([2, 3])
    with left:
        st.subheader("Duties by modality")
        st.altair_chart(bars(counts.duties_by_modality, "modality"), width="stretch")
    with right:
        st.subheader("Actors owning most duties")
        owners = [actor for actor in state.read(views.actors) if actor["duties"]][:TOP_ACTORS]
        if owners:
            st.altair_chart(bars({actor["label"]: actor["duties"] for actor in owners}, "actor"), width="stretch")
        else:
            st.caption("No duty has a known owner.")


def bars(counts: dict[str, int], label: str) -> alt.Chart:
    """Horizontal bars of duty counts, in the given order, with the whole label readable."""
    data = pd.DataFrame({label: list(counts), "duties": list(counts.values())})
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("duties:Q", title="duties"),
        y=alt.Y(f"{label}:N", title=None, sort=list(counts), axis=alt.Axis(labelLimit=360, labelOverlap=False)),
        tooltip=[label, "duties"],
    ).properties(height=32 * len(counts) + 40)

if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
