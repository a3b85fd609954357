"""The Streamlit viewer: one module per page, each reading the graph through `graph/` only.

`app.py` at the project root holds the navigation; `state` finds and caches the store and the
reads of it, `links` gives every record an address and leads between pages, `markup` turns
document text into escaped HTML, `draw` draws a part of the network, `tables` holds the shared
tables and downloads. Run it with `policykg app` or `streamlit run app.py -- --store PATH`.
"""
