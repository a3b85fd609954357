"""The one gate every reader's SPARQL passes before Oxigraph runs it: size, nesting, updates, SERVICE.

`policykg query`, the viewer's SPARQL page and the endpoint all run queries through
`guarded_query`, which refuses, with a one-line `QueryRefused`:

- a text over `MAX_QUERY_BYTES` or nesting brackets deeper than `MAX_QUERY_DEPTH` (Oxigraph's
  parser recurses once per level and overflows the stack at a few thousand), checked before
  any parsing;
- SPARQL Update: Oxigraph's query parser rejects it, and the keywords then only choose the message;
- SERVICE, which would make this machine fetch any URL. Whether the text calls SERVICE is decided
  by Oxigraph's own parser, never by reading keywords: the query is parsed as written and with
  every spelling of the word respelled (`service` -> `xervice`, any case). The word may sit in a
  variable, a prefixed name, an IRI, a string or a comment, and respelled there the query still
  parses; the SERVICE keyword cannot be respelled without breaking the grammar. So a query that
  parses only as written calls SERVICE, whichever spelling it used (`SERVICE:x` after
  `PREFIX :`, `SERVICE?u`, SILENT, nested). Parsing without running uses a substitution of a
  variable the query lacks, which Oxigraph refuses after parsing, before evaluating anything.

    guarded_query(store, "SELECT * { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }")  # QueryRefused
"""
from __future__ import annotations

import re
import stat
import uuid
from itertools import accumulate
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, QueryBoolean, QuerySolutions, QueryTriples, Store, Variable

from graph import GraphError
from graph.sparql_form import is_update

MAX_QUERY_BYTES = 1_000_000
MAX_QUERY_DEPTH = 64
_SYNTAX_MESSAGE_LENGTH = 160

# Every spelling of the SERVICE keyword a case-insensitive reader could accept, Unicode folds
# included (U+017F long s, U+0130/U+0131 dotted and dotless i), so none escapes the respelling.
_SERVICE_SPELLING = re.compile(r"[sS\u017f][eE][rR][vV][iI\u0130\u0131][cC][eE]")
# Brackets are counted wherever they are, inside strings and comments too: a reader that skipped
# strings could be fooled about where one ends, and counting more only refuses sooner.
_BRACKETS = re.compile(r"<<|>>|[{}()\[\]]")
_DEPTH_STEP = {"{": 1, "(": 1, "[": 1, "<<": 1, "}": -1, ")": -1, "]": -1, ">>": -1}


class QueryRefused(GraphError):
    """A query that must not run here; `kind` is "too-large", "too-deep", "update" or "service"."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def guarded_query(store: Store, sparql: str, **options: Any) -> QuerySolutions | QueryBoolean | QueryTriples:
    """`store.query(sparql, **options)` once the text passed every check; Oxigraph's SyntaxError passes through."""
    try:
        check_query(sparql, options.get("prefixes"))
        return store.query(sparql, **options)
    except SyntaxError:
        _refuse_update(sparql)
        raise


def check_query(sparql: str, prefixes: dict[str, str] | None = None) -> None:
    """Raise QueryRefused unless `sparql` may run; a SyntaxError when it is not SPARQL at all."""
    size = len(sparql.encode("utf-8", errors="surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefused("too-large", f"the query is {size:,} bytes long, over the limit of {MAX_QUERY_BYTES:,}; "
                                        "shorten it (a VALUES list of thousands belongs in the data)")
    if nesting_depth(sparql) > MAX_QUERY_DEPTH:
        raise QueryRefused("too-deep", f"the query nests brackets more than {MAX_QUERY_DEPTH} levels deep; "
                                       "flatten its groups and expressions")
    if _SERVICE_SPELLING.search(sparql) is None:
        return  # without the word there is no SERVICE keyword; parsing is left to the run itself
    respelled = _SERVICE_SPELLING.sub(lambda word: ("X" if word[0] in "S\u017f" else "x") + word[0][1:], sparql)
    if _parses(respelled, prefixes):
        return
    _parse(sparql, prefixes)  # a text that is not SPARQL as written either gets its own syntax error
    raise QueryRefused("service", "SERVICE (federated query) is refused: queries read only the local store")


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of {}, (), [] and << >> in the text; a closer with nothing open counts as nothing."""
    steps = (_DEPTH_STEP[bracket] for bracket in _BRACKETS.findall(sparql))
    return max(accumulate(steps, lambda depth, step: max(0, depth + step), initial=0))


def _refuse_update(sparql: str) -> None:
    """A text the query parser rejected is an update when its first operation keyword says so."""
    if is_update(sparql):
        raise QueryRefused("update", "SPARQL Update (INSERT, DELETE, LOAD, DROP ...) is refused: queries here only read")


def _parses(sparql: str, prefixes: dict[str, str] | None) -> bool:
    try:
        _parse(sparql, prefixes)
    except SyntaxError:
        return False
    return True


def _parse(sparql: str, prefixes: dict[str, str] | None) -> None:
    """Parse with Oxigraph without evaluating: a substitution of a variable the query lacks is refused first.

    Raises SyntaxError when the text is not a SPARQL query.
    """
    probe = f"policykg_probe_{uuid.uuid4().hex}"
    try:
        Store().query(sparql, prefixes=prefixes, substitutions={Variable(probe): Literal(0)})
    except RuntimeError as error:
        if probe in str(error):
            return
        raise GraphError(f"cannot check the query: {' '.join(str(error).split())}") from error
    raise GraphError("cannot check the query: Oxigraph ran it while it was only to be parsed")


def read_query_file(path: Path) -> str:
    """The query in a UTF-8 file of at most MAX_QUERY_BYTES; one line naming the file when it is not one."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise GraphError(f"{path} is not a regular file; give the .rq file that holds the query")
        with path.open("rb") as stream:
            data = stream.read(MAX_QUERY_BYTES + 1)
    except OSError as error:
        raise GraphError(f"cannot read {path}: {error.strerror or error}") from error
    if len(data) > MAX_QUERY_BYTES:
        raise QueryRefused("too-large", f"{path} holds more than {MAX_QUERY_BYTES:,} bytes, over the query size limit; "
                                        "shorten the query")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GraphError(f"{path} is not UTF-8 text (byte {error.start} cannot be read); "
                         "save the query as UTF-8") from error


def syntax_message(error: SyntaxError) -> str:
    """Oxigraph's syntax error on one line, cut after the start: it lists every token it expected."""
    message = " ".join(str(error).split())
    return message if len(message) <= _SYNTAX_MESSAGE_LENGTH else message[:_SYNTAX_MESSAGE_LENGTH] + "…"
