"""Goals: targets and expected outcomes on a timeline of their deadline years, with value and
comparator; the goal picked in the table (or named by the address) is shown in its sentence."""
from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from graph import views
from graph.export import FIELDS
from graph.provenance import describe
from viewer import links, review, state
from viewer.markup import escape, passage_html
from viewer.tables import downloads, frame, selected_index, shorten

GOAL_COLUMNS = {"year_shown": "Year", "target": "Target", "metric": "Metric", "frequency": "Frequency",
                "text": "Goal", "section": "Section", "source": "Source"}
COMPARATORS = {">=": "≥", "<=": "≤", "about": "about", "=": ""}
LABEL_WIDTH = 90
NO_YEAR = "no year stated"
# Year and target are short and read first; the goal's text takes the room left (full text on hover).
GOAL_COLUMN_CONFIG = {"Year": st.column_config.TextColumn(width=110),
                      "Target": st.column_config.TextColumn(width=150),
                      "Goal": st.column_config.TextColumn(width="large")}


def render() -> None:
    st.title("Goals")
    state.corpus_or_stop()
    review.notice()
    goals = [{**goal, "target": target(goal), "year_shown": NO_YEAR if goal["year"] is None else str(goal["year"])}
             for goal in state.read(views.goals)]
    if not goals:
        st.info("No goal was found in the documents.")
        return
    dated = [goal for goal in goals if goal["year"] is not None]
    st.caption(f"{len(goals)} goals, {len(dated)} with a deadline year")
    if dated:
        st.altair_chart(timeline(dated), width="stretch")
    goal_table(goals, next((goal for goal in goals if (goal["source"], goal["id"]) == links.linked()), None))


@st.fragment
def goal_table(goals: list[dict[str, Any]], linked: dict[str, Any] | None) -> None:
    """The goals, and the one picked (else the one the address names) in its sentence."""
    event = st.dataframe(frame(goals, GOAL_COLUMNS), key="goal_table", on_select="rerun",
                         selection_mode="single-row", hide_index=True, column_config=GOAL_COLUMN_CONFIG)
    downloads(goals, FIELDS["goals"], "goals", "goals")
    index = selected_index(event, len(goals))
    if index is not None:
        links.share("goal", (goals[index]["source"], goals[index]["id"]))
    goal = goals[index] if index is not None else linked
    if goal is None:
        st.caption("Select a row to show the goal in its sentence.")
        return
    st.subheader("Goal in context")
    text = state.read(views.source_text, goal["source"])
    sentence = views.passage(text, goal["start"], goal["end"], goal["sentence_start"], goal["sentence_end"])
    st.markdown(passage_html(sentence, "goal"), unsafe_allow_html=True)
    st.caption(escape(describe(goal)))
    review.record_controls("goal", goal, {"value": "Value", "year": "Year", "comparator": "Comparator"})


def target(goal: dict[str, Any]) -> str:
    """ "≥ 12,000 persons", "≥ 4 (up to 6)", or "" when the goal states no value."""
    if goal["value"] is None:
        return ""
    comparator = COMPARATORS.get(goal["comparator"] or "=", goal["comparator"] or "")
    shown = " ".join(str(part) for part in (comparator, _number(goal["value"]), goal["unit"]) if part)
    return f"{shown} (up to {_number(goal['value_max'])})" if goal.get("value_max") is not None else shown


def _number(value: float) -> str:
    """A value with thousands separators, whole numbers without a decimal point: 12,000, 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def timeline(goals: list[dict[str, Any]]) -> alt.Chart:
    """One row per goal, a point at its deadline year labelled with its target; the full text on hover."""
    data = pd.DataFrame([{
        "year": goal["year"],
        "goal": shorten(goal["text"], LABEL_WIDTH),
        "target": goal["target"],
        "text": goal["text"],
        "value": "with a value" if goal["target"] else "no value",
    } for goal in goals])
    order = data.sort_values("year", kind="stable")["goal"].drop_duplicates().tolist()
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title="deadline year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("goal:N", title=None, sort=order, axis=alt.Axis(labelLimit=480)),
    )
    points = base.mark_circle(size=160, opacity=1).encode(
        color=alt.Color("value:N", title=None,
                        scale=alt.Scale(domain=["with a value", "no value"], range=["#d62728", "#9aa5b4"])),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("target:N"), alt.Tooltip("text:N", title="goal")],
    )
    labels = base.mark_text(align="left", dx=12, fontWeight="bold").encode(text="target:N")
    return (points + labels).properties(height=max(160, 24 * len(order)))

if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
