"""Correction controls: a reviewer fixes what the extractor got wrong, on the page that shows it.

Shown only where the store is writable and the viewer was not started `--read-only`. Each
control makes corrections against the reviewed view the page shows (so each records what the
reviewer saw before) and writes them to the store's review graph (`graph.review`), opening the
store for writing only for that moment; the pages then read the store again. The reviewer is
`--reviewer NAME` after `--` on the Streamlit command line (`policykg app --reviewer NAME`),
else $POLICYKG_REVIEWER, else the operating-system user. For example, on the Obligations page:
`duty_controls(duty, actors)` under the duty shown.

What only a correction needs (`graph.correct`, which reads records through `graph.export`, and the
span picker component) is loaded when a reviewer first uses it: about 0.1 s that every reader's
first page would otherwise wait for (`benchmarks/viewer.py`).
"""
from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from graph import GraphError
from graph.build import MODALITIES
from graph.review import Correction, record, reviewer_name, undo
from graph.reviewed import ORPHANED, build_view
from graph.corpus import open_for_reading
from graph.store import open_store
from graph.views import NOT_STATED
from viewer import state
from viewer.markup import escape

_NOTICE = "review_notice"  # session key: what the last correction did, said once after the rerun
_NEW_OWNER = "(a new actor: type its name)"


@functools.cache
def _span_picker() -> Callable[..., Any]:
    """The span picker component, declared when first shown: a reader who never adds a duty does not wait for it."""
    return components.declare_component("span_picker", path=str(Path(__file__).resolve().parent / "span_picker"))


def writable() -> bool:
    """Whether this viewer may correct the store: not `--read-only` nor `--as-extracted`, and the store
    directory writable."""
    directory = state.store_directory()
    switches = state.options()
    return not (switches.read_only or switches.as_extracted) and \
        os.access(directory if directory.exists() else directory.parent, os.W_OK)


def reviewer() -> str:
    return reviewer_name(state.options().reviewer)


def notice() -> None:
    """Say, once, what the last correction did."""
    said = st.session_state.pop(_NOTICE, None)
    if said:
        st.success(escape(said), icon=":material/check:")


def save(make: Callable[[], list[Correction]], said: str) -> None:
    """Record the corrections `make` gives and read the store again; a failure is one line."""
    try:
        made = make()
        store = open_store(state.store_directory())
        try:
            record(store, made)
            store.flush()
        finally:
            del store
            gc.collect()  # let the write lock go now: the CLI may want the store next
    except GraphError as error:
        state.fail(str(error))
    st.session_state[_NOTICE] = f"{said} — by {reviewer()}; undo it with “Undo the last correction”."
    st.rerun()


def undo_button(source: str, key: str) -> None:
    if st.button("Undo the last correction", key=f"undo-{key}", icon=":material/undo:"):
        try:
            store = open_store(state.store_directory())
            try:
                undone = undo(store, source)
                store.flush()
            finally:
                del store
                gc.collect()
        except GraphError as error:
            state.fail(str(error))
        st.session_state[_NOTICE] = "Undone: " + "; ".join(c.says() for c in undone)
        st.rerun()


def _one(kind: str, row: dict[str, Any], change: str, **values: str | None) -> Callable[[], list[Correction]]:
    from graph.correct import correct_row  # here, not at the top: see the module's docstring
    return lambda: [correct_row(state.view(), kind, row, change, reviewer(), **values)]


def _changes(kind: str, row: dict[str, Any], wanted: dict[str, tuple[Any, Any]],
             references: dict[str, str | None]) -> Callable[[], list[Correction]]:
    """One batch setting each field whose wanted value differs from the shown one."""
    from graph.correct import correct_row

    def make() -> list[Correction]:
        batch = None
        made = []
        for field, (shown, new) in wanted.items():
            if (shown or "") != (new or ""):
                made.append(correct_row(state.view(), kind, row, "set", reviewer(), field=field, new=new or None,
                                        reference=references.get(field), batch=batch))
                batch = made[0].batch
        if not made:
            raise GraphError("nothing was changed: edit a field first")
        return made
    return make


def _asked_for(label: str, key: str) -> bool:
    """A switch that draws a record's correction controls only once the reviewer turns it on.

    The controls (a form of six fields, three buttons) sit under the first record of every page a
    writable viewer opens; drawn hidden in an expander, they cost that page's first render about a
    third of a blank page's time, for readers who mostly only read.
    """
    return st.toggle(label, key=f"correct-{key}")


def duty_controls(duty: dict[str, Any], actors: list[dict[str, Any]]) -> None:
    """Under the duty shown: not a duty, reviewed as correct, and each of its fields."""
    if not writable():
        return
    key = f"{duty['source']}-{duty['id']}"
    if _asked_for("Correct this duty", key):
        verdicts = st.columns(3)
        if verdicts[0].button("Not a duty", key=f"reject-{key}", icon=":material/block:"):
            save(_one("duty", duty, "reject"), f"Marked not a duty: {duty['text'][:60]}")
        if verdicts[1].button("Reviewed as correct", key=f"accept-{key}", icon=":material/done_all:"):
            save(_one("duty", duty, "accept"), "Marked as reviewed and correct")
        with verdicts[2]:
            undo_button(duty["source"], key)
        owners = {row["label"]: row["id"] for row in actors if row["source"] == duty["source"]}
        with st.form(key=f"fix-{key}"):
            left, right = st.columns(2)
            modality = left.selectbox("Modality", list(MODALITIES), index=list(MODALITIES).index(duty["modality"]))
            choices = [NOT_STATED, *sorted(owners, key=str.casefold), _NEW_OWNER]
            owner = right.selectbox("Owner", choices, index=choices.index(duty["actor"]) if duty["actor"] in choices else 0)
            typed = right.text_input("New owner's name", key=f"new-owner-{key}",
                                     help=f"Used when the owner is “{_NEW_OWNER}”, or when typed in.")
            action = left.text_input("Action", duty["action"])
            obj = left.text_input("Object", duty["object"] or "")
            deadline = right.text_input("Deadline", duty["deadline"] or "")
            condition = right.text_input("Condition", duty["condition"] or "")
            if st.form_submit_button("Save corrections", icon=":material/save:"):
                new_owner = typed.strip() or (None if owner in (NOT_STATED, _NEW_OWNER) else owner)
                save(_changes("duty", duty, {"modality": (duty["modality"], modality), "owner": (duty["actor"], new_owner),
                                             "action": (duty["action"], action), "object": (duty["object"], obj),
                                             "deadline": (duty["deadline"], deadline),
                                             "condition": (duty["condition"], condition)},
                              {"owner": owners.get(new_owner or "")}), "Corrected the duty")


def actor_controls(actor: dict[str, Any], actors: list[dict[str, Any]]) -> None:
    """On the actor's page: rename, merge into another, split an alias off, set the parent."""
    if not writable():
        return
    key = f"{actor['source']}-{actor['id']}"
    others = {row["label"]: row["id"] for row in actors if row["source"] == actor["source"] and row["id"] != actor["id"]}
    labels = sorted(others, key=str.casefold)
    if _asked_for("Correct this actor", key):
        left, right = st.columns(2)
        label = left.text_input("Name", actor["label"], key=f"rename-{key}")
        if left.button("Rename", key=f"rename-button-{key}"):
            save(_changes("actor", actor, {"label": (actor["label"], label.strip())}, {}), f"Renamed to {label}")
        into = right.selectbox("Merge into", labels, index=None, key=f"merge-{key}", placeholder="another actor")
        if right.button("Merge", key=f"merge-button-{key}", disabled=into is None):
            save(_one("actor", actor, "merge", new=into, reference=others[into]), f"Merged into {into}")
        parents = ["(none)", *labels]
        parent = left.selectbox("Part of", parents, key=f"parent-{key}",
                                index=parents.index(actor["parent"]) if actor["parent"] in parents else 0)
        if left.button("Set parent", key=f"parent-button-{key}"):
            new = None if parent == "(none)" else parent
            save(_changes("actor", actor, {"parent": (actor["parent"], new)}, {"parent": others.get(new or "")}),
                 f"Part of: {parent}")
        alias = right.selectbox("Split off an alias", actor["aliases"], index=None, key=f"split-{key}",
                                placeholder="an alias that names another body")
        if right.button("Split", key=f"split-button-{key}", disabled=alias is None):
            save(_one("actor", actor, "split", new=alias), f"Split off {alias}")
        undo_button(actor["source"], key)


def record_controls(kind: str, row: dict[str, Any], fields: dict[str, str]) -> None:
    """For a goal or a mechanism: mark it wrong, or edit its `fields` (field -> label)."""
    if not writable():
        return
    key = f"{kind}-{row['source']}-{row['id']}"
    if _asked_for(f"Correct this {kind}", key):
        if st.button(f"Not a {kind}", key=f"reject-{key}", icon=":material/block:"):
            save(_one(kind, row, "reject"), f"Marked not a {kind}")
        with st.form(key=f"fix-{key}"):
            columns = st.columns(len(fields))
            wanted = {field: (_text(row[field]), column.text_input(label, _text(row[field])))
                      for column, (field, label) in zip(columns, fields.items())}
            if st.form_submit_button("Save corrections", icon=":material/save:"):
                save(_changes(kind, row, wanted, {}), f"Corrected the {kind}")
        undo_button(row["source"], key)


def add_duty_picker(source: str, text: str) -> None:
    """On the Document page: select the words of a missed duty in the text, then add it."""
    if not writable():
        return
    st.subheader("Add a duty the extractor missed")
    picked = _span_picker()(text=text, key=f"picker-{source}", default=None)
    if not picked:
        return
    start, end = int(picked["start"]), int(picked["end"])
    st.markdown(f"Selected, characters {start}–{end}: **{escape(text[start:end])}**")
    with st.form(key=f"add-{source}-{start}-{end}"):
        words = text[start:end].split()
        action = st.text_input("Action (the duty's verb)", words[0].lower() if words else "")
        if st.form_submit_button("Add this duty", icon=":material/add:"):
            from graph.correct import added_duty
            save(lambda: [added_duty(state.view(), source, start, end, reviewer(), action=action)],
                 f"Added a missed duty: {text[start:end][:60]}")


def orphans(source: str) -> None:
    """The source's corrections that no longer anchor in its text (after a re-extraction)."""
    lost = [a.correction for a in build_view(open_for_reading(state.store_directory()), source).anchorings
            if a.status == ORPHANED]
    if lost:
        st.warning(escape(f"{len(lost)} corrections no longer anchor in this text (it changed since they were made): "
                          + "; ".join(f"{c.says()} on “{c.anchor.text[:40]}”" for c in lost)
                          + ". `policykg review list --orphaned` lists them."))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
