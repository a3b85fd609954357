"""SPARQL: the named analyst queries with their parameters, and a free editor; read-only.

The default graph is the union of all graphs and the usual prefixes (pkg, nif, prov, skos, org,
dcterms, ...) are predeclared, as on the command line (`policykg query`); picking documents
narrows the query to their graphs (`policykg query --source`). Queries run in a
process of their own that is stopped after `state.QUERY_TIMEOUT_S` seconds (`graph.timed_query`);
an invalid, refused or too slow query is one line saying what to change.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from graph import GraphError, views
from graph.named_queries import NamedQuery, bind, load_queries
from viewer import state
from viewer.markup import escape
from viewer.tables import downloads

MODES = ("Named queries", "Your own query")
OWN_QUERY = """SELECT ?owner (COUNT(?duty) AS ?duties) WHERE {
  ?duty a pkg:Duty ; pkg:owner/skos:prefLabel ?owner .
} GROUP BY ?owner ORDER BY DESC(?duties)"""
# The first example a parameter's description gives: `e.g. "SIPO"` or `e.g. 2015`.
_EXAMPLE = re.compile(r'e\.g\.\s*(?:"([^"]+)"|(\S+))')


def render() -> None:
    st.title("SPARQL")
    st.caption("Read-only. Every source is in the default graph; the prefixes pkg, nif, prov, skos, org, odrl, "
               "dpv, time, dcterms, rdf, rdfs, owl and xsd are predeclared.")
    state.corpus_or_stop()
    sources = {source.source_id: source.name for source in state.read(views.sources)}
    mode, scope = st.columns([2, 3])
    chosen = scope.multiselect("Documents", list(sources), key="sparql_sources", format_func=sources.get,
                               placeholder="all documents", label_visibility="collapsed",
                               help="Ask only these documents: on a large corpus far faster than asking all.")
    if mode.radio("Query", MODES, horizontal=True, key="sparql_mode", label_visibility="collapsed") == MODES[0]:
        named_query(tuple(chosen))
    else:
        own_query(tuple(chosen))


@st.fragment
def named_query(sources: tuple[str, ...]) -> None:
    """A named query picked by title, its parameters as fields; running it reruns only this part."""
    queries = load_queries()
    name = st.selectbox("Named query", list(queries), key="sparql_named", format_func=lambda key: queries[key].title)
    query = queries[name]
    st.caption(escape(query.description))
    values = {}
    with st.form(f"sparql_named_{name}", border=bool(query.parameters)):
        for parameter in query.parameters:
            values[parameter.name] = st.text_input(
                f"{parameter.name} ({parameter.type})", example(query, parameter.name),
                key=f"sparql_param_{name}_{parameter.name}", help=parameter.description)
        st.form_submit_button("Run", icon=":material/play_arrow:")
    with st.expander("Its SPARQL"):
        st.code(query.sparql, language="sparql")
    missing = next((parameter for parameter in query.parameters if not values[parameter.name].strip()), None)
    if missing is not None:
        st.info(escape(f"Give {missing.name} ({missing.description}) and press Run."))
        return
    try:
        sparql = bind(query, values)
    except GraphError as error:  # a value of the wrong type, e.g. a year that is not one
        state.fail(str(error))
    show_answer(sparql, f"query-{name}", sources)


@st.fragment
def own_query(sources: tuple[str, ...]) -> None:
    """A free query in a text area, echoed with syntax highlighting; running it reruns only this part."""
    queries = {name: query for name, query in load_queries().items() if not query.parameters}
    start = st.selectbox("Start from", ["", *queries], key="sparql_start",
                         format_func=lambda key: queries[key].title if key else "a count of duties per owner")
    with st.form("sparql"):
        sparql = st.text_area("Query", queries[start].sparql if start else OWN_QUERY, height=220,
                              key=f"sparql_query_{start}")
        st.form_submit_button("Run", icon=":material/play_arrow:")
    # In a form, the text area's value changes only when Run is pressed: this is the last query run.
    st.code(sparql, language="sparql")
    show_answer(sparql, "query", sources)


def show_answer(sparql: str, name: str, sources: tuple[str, ...]) -> None:
    """The rows as a table with CSV and JSON downloads; an error is one line and stops here."""
    answer = state.query(sparql, sources)
    result = answer.result
    count = f"{answer.total_rows} row{'s' if answer.total_rows != 1 else ''}"
    st.caption(f"{count}; the first {len(result.rows)} are shown" if answer.truncated else count)
    st.dataframe(pd.DataFrame([[_cell(row[column]) for column in result.columns] for row in result.rows],
                              columns=result.columns), hide_index=True)
    downloads(result.rows, result.columns, name, "sparql")


def example(query: NamedQuery, parameter: str) -> str:
    """The value a parameter's description gives as its first example, to start from."""
    described = next(item.description for item in query.parameters if item.name == parameter)
    found = _EXAMPLE.search(described)
    return (found.group(1) or found.group(2)).rstrip(".,;)") if found else ""


def _cell(value: object) -> str | None:
    """Cells as text: one query column may mix numbers, IRIs and strings, which a typed table refuses."""
    return None if value is None else str(value)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
