"""The policykg viewer: `policykg app`, or `streamlit run app.py -- --store PATH`.

Navigation only; each page is a module of `viewer/` that reads the graph through `graph.views`.
"""
import streamlit as st

from viewer import state

st.set_page_config(page_title="policykg", page_icon=":material/account_tree:", layout="wide")
state.show_store_in_sidebar()
st.navigation([
    st.Page("viewer/obligations.py", title="Obligations", icon=":material/gavel:", default=True),
    st.Page("viewer/overview.py", title="Overview", icon=":material/dashboard:"),
    st.Page("viewer/actor.py", title="Actors", icon=":material/groups:"),
    st.Page("viewer/mechanisms.py", title="Mechanisms", icon=":material/settings:"),
    st.Page("viewer/goals.py", title="Goals", icon=":material/flag:"),
    st.Page("viewer/network.py", title="Graph", icon=":material/hub:", url_path="graph"),
    st.Page("viewer/document.py", title="Document", icon=":material/description:"),
    st.Page("viewer/sparql.py", title="SPARQL", icon=":material/terminal:"),
    st.Page(state.ADD_PAGE, title="Add a document", icon=":material/upload_file:"),
]).run()
