"""Overview: what the store holds — documents with their headers, counts of what was extracted, and
what the SHACL shapes say is worth a look (a duty with no owner, a goal with no deadline)."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import views
from graph.review import agreement
from graph.validate import SEVERITIES, validate_store
from viewer import state
from viewer.markup import escape
from viewer.tables import documents_table, frame

TOP_ACTORS = 12
RESULTS_SHOWN = 50


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
    reviews()
    checks()


def reviews() -> None:
    """For each reviewed document, how often its reviewer agreed with the extractor."""
    reviewed = state.read(agreement)
    if not reviewed:
        return
    st.subheader("Reviewed documents")
    st.dataframe(frame([{"source": row.source, "reviewed": row.reviewed, "agreed": row.agreed,
                         "agreement": f"{row.rate:.0%}", "added": row.added} for row in reviewed],
                       {"source": "Source", "reviewed": "Records reviewed", "agreed": "Confirmed as extracted",
                        "agreement": "Agreement", "added": "Missed duties added"}), hide_index=True)


@st.fragment
def checks() -> None:
    """SHACL results of one source at a time (a check takes about a second), or of all on request."""
    st.subheader("Worth a look: SHACL checks")
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    source = st.selectbox("Source", list(sources), key="overview_check_source", format_func=sources.get)
    report = state.read(views.shacl_report, source)
    counts = [f"{report.counts.get(severity, 0)} {severity.lower()}(s)" for severity in SEVERITIES]
    verdict = "conforms" if report.conforms else "does not conform: the graph is broken, rebuild it"
    (st.success if report.conforms else st.error)(escape(f"{source} {verdict} — {', '.join(counts)}"))
    for line in report.results[:RESULTS_SHOWN]:
        st.markdown(f"- {escape(line)}")
    if len(report.results) > RESULTS_SHOWN:
        st.caption(f"… and {len(report.results) - RESULTS_SHOWN} more; `policykg validate` lists them all.")
    if len(sources) > 1 and st.button("Check every source", icon=":material/fact_check:", key="overview_check_all"):
        with st.spinner(f"Checking {len(sources)} sources…"):
            reports = state.read(validate_store)
        st.dataframe(frame([{"source": report.source_id, **report.counts} for report in reports],
                           {"source": "Source", **{severity: severity for severity in SEVERITIES}}), hide_index=True)


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
