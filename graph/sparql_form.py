"""Whether a SPARQL text reads as an update, off its keywords: to say so when the query parser rejects it.

Oxigraph's query parser never runs an update (it reports "expected CONSTRUCT" at the INSERT), so
this only chooses the message of a refusal (`graph.sparql_guard`), never whether a text runs.
Keywords are looked for outside IRIs, strings and comments, so `<urn:insert>`, "DROP" or
`# DELETE` do not count: `is_update("INSERT DATA { <a:b> <a:c> 1 }")` is True,
`is_update('SELECT * { ?s ?p "DROP" }')` is False.
"""
from __future__ import annotations

import re

# Tokens whose text is not SPARQL syntax (IRIs, string literals, comments, escaped characters
# in local names), matched left to right so that `#` inside an IRI or `"` inside a comment
# are read the way the SPARQL grammar reads them.
_OPAQUE_TOKENS = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|\#[^\n\r]*"""
    r"""|\\.""",
    re.DOTALL,
)
# A keyword, not part of a variable (?service), a prefixed name (ex:service, service:x) or a word.
_KEYWORD = r"(?<![\w:?$])({})(?![\w:-])"
_OPERATION = re.compile(
    _KEYWORD.format("SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"),
    re.IGNORECASE,
)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def is_update(sparql: str) -> bool:
    """Whether the text's first operation keyword is an update's (INSERT, DELETE, DROP, LOAD, ...)."""
    operation = _OPERATION.search(_OPAQUE_TOKENS.sub(" ", sparql))
    return operation is not None and operation.group(1).upper() not in _QUERY_FORMS

