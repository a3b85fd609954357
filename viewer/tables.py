"""Tables and downloads shared by the pages: the same duty columns everywhere, the same files.

pandas is imported by `frame` only, when a page draws a data grid: the Obligations page, the
first a reader sees, draws its register as HTML and does without it.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from graph.export import FIELDS
from graph.query import to_csv
from viewer.emphasis import plain
from viewer.markup import escape, rich_html

if TYPE_CHECKING:
    import pandas as pd

# Register column -> heading, in the order the register shows them.
DUTY_COLUMNS = {
    "owner": "Owner",
    "modality": "Modality",
    "text": "Clause",
    "section": "Section",
    "deadline": "Deadline",
    "frequency": "Frequency",
    "condition": "Condition",
    "action": "Action",
    "object": "Object",
    "role": "Role",
    "document_title": "Document",
}
# Widths of the duty columns wherever a duty table is shown.
DUTY_COLUMN_CONFIG = {"Owner": st.column_config.Column(width="medium"),
                      "Clause": st.column_config.Column(width="large"),
                      "Section": st.column_config.Column(width="small")}
DOCUMENT_COLUMNS = {"title": "Title", "issuer": "Issuer", "number": "Number", "date": "Date", "duties": "Duties",
                    "goals": "Goals", "addressees": "Addressees", "cites": "Cites", "source": "Source"}
# The look of `table_html` (class `policykg-table`) and `pages_html`: the rows scroll in a box of
# their own under headings that stay in view, the current row is shaded in the duty highlight's
# hue, and every cell but the link is cut to CELL_WIDTH characters (the whole value shows on hover).
TABLE_CSS = """<style>
.policykg-scroll { overflow: auto; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem }
.policykg-table { width: 100%; border-collapse: collapse; font-size: 0.875rem; line-height: 1.35 }
.policykg-table th { position: sticky; top: 0; z-index: 1; text-align: left; vertical-align: bottom;
  padding: 6px 8px; background-color: #f0f2f6; color: #31333f; font-weight: 600 }
.policykg-table td { padding: 4px 8px; vertical-align: top; border-top: 1px solid rgba(128, 128, 128, 0.25) }
.policykg-table tr[aria-current] { background-color: rgba(255, 226, 122, 0.45) }
.policykg-pages { display: flex; flex-wrap: wrap; gap: 0.9rem; margin: 0.6rem 0 0.2rem; font-size: 0.875rem }
.policykg-pages [aria-current] { font-weight: 600 }
</style>"""
CELL_WIDTH = 90
# Downloads carry the export fields (what `policykg export` writes) and the owner as shown.
DUTY_DOWNLOAD_FIELDS = (*FIELDS["duties"], "owner")


def frame(rows: Sequence[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """The rows' `columns` under their headings; lists are joined with "; "."""
    import pandas as pd

    return pd.DataFrame(
        [[_plain_cell(cell(row.get(name))) for name in columns] for row in rows],
        columns=list(columns.values()),
    )


def table_html(rows: Sequence[dict[str, Any]], columns: dict[str, str], link_column: str,
               href: Callable[[dict[str, Any]], str], current: int | None = None,
               widths: dict[str, str] | None = None, hovers: dict[str, str] | None = None) -> str:
    """The rows' `columns` under their headings as an HTML table, every value escaped (the text is
    the document's, never markup, its emphasis shown as emphasis); each row's `link_column` cell links to `href(row)` (an escaped
    attribute value), the row at index `current` is marked as the one shown, a column named in
    `widths` is at least that wide (a CSS length), and a column named in `hovers` shows the row's
    value of the field it names on hover (a short label's full text). Its look is TABLE_CSS, shown
    once on the page.

    >>> table_html([{"text": "<b>Plan</b>"}], {"text": "Clause"}, "text", lambda row: "./?id=d1")[-76:]
    '<td><a href="./?id=d1">&lt;b&gt;Plan&lt;/b&gt;</a></td></tr></tbody></table>'
    """
    widths, hovers = widths or {}, hovers or {}
    head = "".join(f'<th style="min-width: {widths[name]}">{escape(heading)}</th>' if name in widths
                   else f"<th>{escape(heading)}</th>" for name, heading in columns.items())
    body = []
    for index, row in enumerate(rows):
        cells = []
        for name in columns:
            text = "" if row.get(name) is None else str(cell(row[name]))
            if name == link_column:
                cells.append(f'<td><a href="{href(row)}">{rich_html(text)}</a></td>')
            elif name in hovers and row.get(hovers[name]) not in (None, text):
                cells.append(f'<td title="{escape(plain(str(row[hovers[name]])))}">{rich_html(text)}</td>')
            elif len(text) > CELL_WIDTH:
                cells.append(f'<td title="{escape(plain(text))}">{escape(shorten(plain(text), CELL_WIDTH))}</td>')
            else:
                cells.append(f"<td>{rich_html(text)}</td>")
        marked = ' aria-current="true"' if index == current else ""
        body.append(f"<tr{marked}>{''.join(cells)}</tr>")
    return f'<table class="policykg-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def scrolling(inner_html: str, height: int) -> str:
    """HTML in a box of at most `height` pixels that scrolls (TABLE_CSS)."""
    return f'<div class="policykg-scroll" style="max-height: {height}px">{inner_html}</div>'


def pages_html(page: int, pages: int, href: Callable[[int], str]) -> str:
    """Links to the other pages of a table: the previous and the next, the first and the last, and
    two either side of `page`; `href(number)` is an escaped attribute value.

    >>> pages_html(5, 9, lambda number: f"?page={number}").count("<a ")  # ‹ 1 … 3 4 [5] 6 7 … 9 ›
    8
    """
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    parts = [f'<a href="{href(page - 1)}" aria-label="previous page">‹ Previous</a>'] if page > 1 else []
    for before, number in zip([0, *numbers], numbers):
        if number > before + 1:
            parts.append("<span>…</span>")
        parts.append(f'<span aria-current="page">{number}</span>' if number == page
                     else f'<a href="{href(number)}">{number}</a>')
    if page < pages:
        parts.append(f'<a href="{href(page + 1)}" aria-label="next page">Next ›</a>')
    return f'<nav class="policykg-pages" aria-label="pages">{"".join(parts)}</nav>'


def documents_table(documents: Sequence[Any]) -> None:
    """The documents (`graph.views.DocumentSummary`) with their header fields, the title widest."""
    small = st.column_config.Column(width="small")
    st.dataframe(frame([vars(document) for document in documents], DOCUMENT_COLUMNS), hide_index=True,
                 column_config={"Title": st.column_config.Column(width="large"), "Date": small, "Duties": small,
                                "Goals": small})


def table_key(name: str, filters: dict[str, Any]) -> str:
    """`name` with a fingerprint of the filter setting: a selectable table's key, new for each filter
    setting, so a row picked under other filters (a row number, to Streamlit) is not carried over
    to whatever row now has that number; or a way to tell that the filters changed."""
    return f"{name}_{zlib.crc32(repr(sorted(filters.items())).encode()):08x}"


def selected_index(event: Any, count: int) -> int | None:
    """The row picked in a `st.dataframe(on_select="rerun")`, or None (also when filters shrank the table)."""
    rows = event.selection.rows if event is not None else []
    return rows[0] if rows and rows[0] < count else None


def downloads(rows: Sequence[dict[str, Any]], fields: Sequence[str], name: str, key: str) -> None:
    """CSV and JSON download buttons for exactly these rows; each file is written only when its button
    is pressed, so a page with a large table neither builds nor sends files nobody asked for."""
    picked = [{field: row.get(field) for field in fields} for row in rows]
    left, right, _ = st.columns([1, 1, 2])
    left.download_button("Download CSV", lambda: to_csv(list(fields), picked), f"{name}.csv", "text/csv",
                         key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    right.download_button("Download JSON", lambda: json.dumps(picked, ensure_ascii=False, indent=2) + "\n",
                          f"{name}.json", "application/json", key=f"{key}_json", icon=":material/download:",
                          on_click="ignore")


def shorten(text: str, width: int = 70) -> str:
    """A label cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain_cell(value: Any) -> Any:
    """A data grid shows plain text: a document's emphasis marks are taken out (`viewer.emphasis`)."""
    return plain(value) if isinstance(value, str) else value


def cell(value: Any) -> Any:
    """A value as one table cell: a list joined with "; "."""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value
