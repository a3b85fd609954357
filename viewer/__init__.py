"""The Streamlit viewer: one module per page, each reading the graph through `graph.views` only.

`app.py` at the project root holds the navigation; `state` finds and caches the store, `markup`
turns document text into escaped HTML. Run it with `policykg app` or
`streamlit run app.py -- --store PATH`.
"""
