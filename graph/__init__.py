"""Records in, RDF out, and everything that reads the graph: store, queries, exports, checks.

`graph/` knows nothing of spaCy: it consumes the plain records of `extract.records`.
"""
from __future__ import annotations


class GraphError(Exception):
    """A failure a user can act on; its message is one line, shown without a traceback."""
