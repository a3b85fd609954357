"""Links between pages: a record is named in the URL, `?source=...&id=...`, on the page of its kind.

So every record has an address a reader can share, and any page can open another's record: a
highlight in the document text or a row of the register is an HTML link (`href`, a new page
load), a graph click or a link element switches page in place (`open_record`, `page_link`). The
page then reads the record from the URL (`linked`) and shows it, e.g.
`./actor?source=sipo&id=sipo-patent-office`. Widgets bound to the URL (`bind="query-params"`)
keep their values there too; a link that should keep them passes `kept()` on.
"""
from __future__ import annotations

import html
from collections.abc import Collection, Iterable
from typing import Any, NoReturn
from urllib.parse import urlencode

import streamlit as st

from viewer.markup import escape

# Record kind -> the page that shows it, and that page's URL path (the obligations page is "/").
PAGES = {
    "duty": ("viewer/obligations.py", ""),
    "actor": ("viewer/actor.py", "actor"),
    "mechanism": ("viewer/mechanisms.py", "mechanisms"),
    "goal": ("viewer/goals.py", "goals"),
    "document": ("viewer/document.py", "document"),
}
Record = tuple[str, str]  # (source id, record id): ids are unique within a source only
RECORD_PARAMETERS = ("source", "id")  # the URL parameters that name a record


def href(kind: str, source: str, record_id: str, keep: Iterable[tuple[str, str]] = ()) -> str:
    """The record's address relative to any page, with the parameters `keep` (e.g. `kept()`) before
    the record's, escaped for an HTML attribute."""
    return address(kind, [*keep, *zip(RECORD_PARAMETERS, (source, record_id))])


def address(kind: str, parameters: Iterable[tuple[str, str]]) -> str:
    """The address of the page of `kind` with these URL parameters, relative to any page, escaped
    for an HTML attribute."""
    return html.escape(f"./{PAGES[kind][1]}?{urlencode(list(parameters))}")


def kept(dropped: Collection[str] = RECORD_PARAMETERS) -> list[tuple[str, str]]:
    """The URL's parameters but the `dropped` ones (by default those naming a record): the values of
    the widgets bound to it, for a link that keeps them."""
    return [(name, value) for name in st.query_params if name not in dropped for value in st.query_params.get_all(name)]


def open_record(kind: str, source: str, record_id: str) -> NoReturn:
    """Switch to the page of the record's kind, showing it."""
    st.switch_page(PAGES[kind][0], query_params={"source": source, "id": record_id})


def page_link(kind: str, source: str, record_id: str, label: str, icon: str | None = None) -> None:
    """A link element to the record's page; `label` is plain text."""
    st.page_link(PAGES[kind][0], label=escape(label), icon=icon, query_params={"source": source, "id": record_id})


def linked() -> Record | None:
    """The record the URL names, if it names one."""
    source, record_id = (st.query_params.get(name) for name in RECORD_PARAMETERS)
    return (source, record_id) if source and record_id else None


def follow(key: str, options: Collection[Any]) -> Any | None:
    """Point the widget `key` at the record the URL names, once per new link, and return that record.

    Applied once: after that the reader's own choice in the widget wins until another link comes.
    """
    record = linked()
    if record is None or record not in options:
        return None
    if st.session_state.get(_followed(key)) != record:
        st.session_state[key] = record
        st.session_state[_followed(key)] = record
    return record


def share(key: str, record: Record) -> None:
    """Put the record shown in the URL, so the address names what the page shows."""
    st.session_state[_followed(key)] = record
    if linked() != record:
        st.query_params.from_dict({"source": record[0], "id": record[1]})


def _followed(key: str) -> str:
    return f"{key}__followed_link"
