"""Tables and downloads shared by the pages: the same duty columns everywhere, the same files."""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from graph.export import FIELDS
from graph.query import to_csv

# Register column -> heading, in the order the register shows them.
DUTY_COLUMNS = {
    "owner": "Owner",
    "modality": "Modality",
    "text": "Clause",
    "section": "Section",
    "deadline": "Deadline",
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
# Downloads carry the export fields (what `policykg export` writes) and the owner as shown.
DUTY_DOWNLOAD_FIELDS = (*FIELDS["duties"], "owner")


def frame(rows: Sequence[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """The rows' `columns` under their headings; lists are joined with "; "."""
    return pd.DataFrame(
        [[_cell(row.get(name)) for name in columns] for row in rows],
        columns=list(columns.values()),
    )


def documents_table(documents: Sequence[Any]) -> None:
    """The documents (`graph.views.DocumentSummary`) with their header fields, the title widest."""
    small = st.column_config.Column(width="small")
    st.dataframe(frame([vars(document) for document in documents], DOCUMENT_COLUMNS), hide_index=True,
                 column_config={"Title": st.column_config.Column(width="large"), "Date": small, "Duties": small,
                                "Goals": small})


def table_key(name: str, filters: dict[str, Any]) -> str:
    """A selectable table's key, new for each filter setting, so a row picked under other filters
    (a row number, to Streamlit) is not carried over to whatever row now has that number."""
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


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value
