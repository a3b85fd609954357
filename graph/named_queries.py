"""Named analyst queries: the `.rq` files of `graph/queries/`, their headers, and safe parameters.

Each file opens with comment lines saying what it is for and what it takes:

    # title: Duties of an actor
    # description: Every duty an actor owns, named in the text or inferred, with its role.
    # param: actor (type: name) — a label or alias of the actor, in any letter case

Each parameter stands in the query as an empty inline table, `VALUES ?actor { UNDEF }`, which
is valid SPARQL on its own and is put where the value narrows the search first (inside the
subquery that finds the actor, say), since SPARQL evaluates groups from the inside out and a
binding made outside a subquery does not reach into it. A value never becomes query text by
string formatting: it is checked against its type, turned into an RDF term by pyoxigraph
(which escapes it), and that term replaces the `UNDEF`. A value is therefore only ever data:
a quote or brace in it matches nothing rather than changing the query. (Oxigraph's own
`substitutions` would avoid the text altogether, but it drops bindings inside nested groups.)
For example `run_named(store, "duties-of-actor", {"actor": "sipo"})` lists the SIPO's duties.

Types: `string` is matched as given, `name` as a lookup key (lower case, spaces collapsed, the
way graph/build.py writes `pkg:nameKey`), `year` as an xsd:gYear and `iri` as an IRI. How to
write a named query that stays fast on a large corpus is in graph/queries/README.md.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store

from graph import GraphError
from graph.build import name_key
from graph.namespace import XSD
from graph.query import QueryResult, run_query

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
PARAMETER_TYPES = ("string", "name", "year", "iri")

_HEADER = re.compile(r"#\s*(title|description|param):\s*(.*\S)\s*$")
_PARAMETER = re.compile(r"(\w+)\s*\(type:\s*(\w+)\)\s*(?:—|--|-)\s*(.+)")
_SLOT = r"\bVALUES\s+\?{}\s*\{{\s*(UNDEF)\s*\}}"  # the UNDEF of `VALUES ?name { UNDEF }`
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its SPARQL variable name, its type and what a user should give."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (the file stem), header and SPARQL text.

    `slots` gives, for each parameter, the offsets of the `UNDEF` its value replaces.
    """

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    slots: dict[str, tuple[int, int]]


def parse_query(name: str, text: str) -> NamedQuery:
    """Read a query file's header; a missing title or description or a bad parameter line is an error."""
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header = _HEADER.match(line)
        if header is None:
            continue
        key, value = header.groups()
        if key == "param":
            parameters.append(_parameter(name, value))
        else:
            fields[key] = value
    missing = [key for key in ("title", "description") if key not in fields]
    if missing:
        raise GraphError(f"query {name!r} lacks a `# {missing[0]}: ...` header line")
    code = _without_comments(text)
    slots = {}
    for parameter in parameters:
        found = list(re.finditer(_SLOT.format(parameter.name), code, re.IGNORECASE))
        if len(found) != 1:
            raise GraphError(f"query {name!r} must hold `VALUES ?{parameter.name} {{ UNDEF }}` once, "
                             f"where its parameter is joined in")
        slots[parameter.name] = found[0].span(1)
    return NamedQuery(name, fields["title"], fields["description"], tuple(parameters), text, slots)


def _parameter(query: str, declaration: str) -> Parameter:
    match = _PARAMETER.fullmatch(declaration)
    if match is None:
        raise GraphError(f"query {query!r}: cannot read `# param: {declaration}`; "
                         "write `# param: name (type: string) — what to give`")
    name, kind, description = match.groups()
    if kind not in PARAMETER_TYPES:
        raise GraphError(f"query {query!r}: parameter {name!r} has type {kind!r}, not one of {', '.join(PARAMETER_TYPES)}")
    return Parameter(name, kind, description)


@lru_cache(maxsize=1)
def load_queries() -> dict[str, NamedQuery]:
    """Every named query of graph/queries, by name, read once."""
    return {path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(QUERIES_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    """The named query, or an error listing the names there are."""
    queries = load_queries()
    if name not in queries:
        raise GraphError(f"no named query {name!r}; `policykg query --list` shows them ({', '.join(queries)})")
    return queries[name]


def bind(query: NamedQuery, values: Mapping[str, str | Sequence[str]]) -> str:
    """The query's SPARQL with `values` joined in as typed terms; every parameter is required.

    A parameter given several values (a list) matches any of them: `VALUES ?actor { "a" "b" }`.
    """
    declared = {parameter.name: parameter for parameter in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        takes = ", ".join(declared) or "no parameters"
        raise GraphError(f"query {query.name!r} has no parameter {unknown[0]!r}; it takes {takes}")
    missing = [name for name in declared if name not in values]
    if missing:
        parameter = declared[missing[0]]
        raise GraphError(f"query {query.name!r} needs --param {parameter.name}=... ({parameter.description})")
    sparql = query.sparql
    for name, (start, end) in sorted(query.slots.items(), key=lambda slot: slot[1], reverse=True):
        given = [values[name]] if isinstance(values[name], str) else list(values[name])
        terms = " ".join(str(_term(query.name, declared[name], value)) for value in given)
        sparql = sparql[:start] + (terms or "UNDEF") + sparql[end:]
    return sparql


def run_named(store: Store, name: str, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a named query with its parameters over every source."""
    return run_query(store, bind(get_query(name), values or {}))


def _term(query: str, parameter: Parameter, value: str) -> Literal | NamedNode:
    """The RDF term of a parameter value, checked against the parameter's type."""
    if parameter.type == "year":
        if _YEAR.fullmatch(value.strip()) is None:
            raise GraphError(f"query {query!r}: {parameter.name} must be a year like 2015, not {value!r}")
        return Literal(value.strip(), datatype=XSD.gYear)
    if parameter.type == "name":  # matched against pkg:nameKey, which build.py writes the same way
        return Literal(name_key(value))
    if parameter.type == "iri":
        try:
            return NamedNode(value.strip())
        except ValueError as error:
            raise GraphError(f"query {query!r}: {parameter.name} must be an IRI ({error}), not {value!r}") from None
    return Literal(value)


def _without_comments(sparql: str) -> str:
    """The text with whole-line comments blanked (kept the same length, so offsets still hold)."""
    return re.sub(r"(?m)^\s*#.*$", lambda line: " " * len(line.group()), sparql)
