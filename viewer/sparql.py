"""SPARQL: a free query editor over every source, read-only, with the results as a table and files.

The default graph is the union of all graphs and the usual prefixes (pkg, nif, prov, skos, org,
dcterms, ...) are predeclared, as on the command line (`policykg query`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph import views
from viewer import state
from viewer.tables import downloads

EXAMPLES = {
    "Duties per owner": """SELECT ?owner (COUNT(?duty) AS ?duties) WHERE {
  ?duty a pkg:Duty ; pkg:owner/skos:prefLabel ?owner .
} GROUP BY ?owner ORDER BY DESC(?duties)""",
    "Duties with a deadline": """SELECT ?year ?action ?clause WHERE {
  ?duty a pkg:Duty ; pkg:action ?action ; pkg:deadline/time:inXSDgYear ?year ;
        prov:wasDerivedFrom/nif:anchorOf ?clause .
} ORDER BY ?year""",
    "Mechanisms and their owners": """SELECT ?mechanism (GROUP_CONCAT(DISTINCT ?owner; SEPARATOR="; ") AS ?owners)
WHERE {
  ?m a pkg:Mechanism ; skos:prefLabel ?mechanism .
  OPTIONAL { ?duty pkg:createsOrImproves ?m ; pkg:owner/skos:prefLabel ?owner }
} GROUP BY ?mechanism ORDER BY ?mechanism""",
}


def render() -> None:
    st.title("SPARQL")
    st.caption("Read-only. Every source is in the default graph; the prefixes pkg, nif, prov, skos, org, odrl, "
               "dpv, time, dcterms, rdf, rdfs, owl and xsd are predeclared.")
    state.corpus_or_stop()
    example = st.selectbox("Start from an example", list(EXAMPLES), key="sparql_example")
    with st.form("sparql"):
        sparql = st.text_area("Query", EXAMPLES[example], height=200, key=f"sparql_query_{example}")
        st.form_submit_button("Run", icon=":material/play_arrow:")
    # In a form, the text area's value changes only when Run is pressed: this is the last query run.
    result = state.read(views.read_only_query, sparql)  # an invalid query shows one line and stops here
    st.caption(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
    st.dataframe(pd.DataFrame([[_cell(row[name]) for name in result.columns] for row in result.rows],
                              columns=result.columns), hide_index=True)
    downloads(result.rows, result.columns, "query", "sparql")


def _cell(value: object) -> str | None:
    """Cells as text: one query column may mix numbers, IRIs and strings, which a typed table refuses."""
    return None if value is None else str(value)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
