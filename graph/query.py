"""Run SPARQL against a store and get plain rows back, as Python values, ready to print or export.

By default the default graph is the union of all graphs, so a query needs no `GRAPH` clause to
see every source, and the usual prefixes (pkg, nif, prov, skos, ...) are predeclared:
`run_query(store, "SELECT ?label WHERE { ?a a pkg:Actor ; skos:prefLabel ?label }")` gives
`QueryResult(columns=['label'], rows=[{'label': 'State Intellectual Property Office'}])`.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from graph import GraphError
from graph.build import graph_iri
from graph.namespace import PREFIXES
from graph.sparql_guard import guarded_query, syntax_message

FORMATS = ("table", "json", "csv")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{name}" for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
)}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}


@dataclass
class QueryResult:
    """Column names and one dict per row; an unbound variable is None."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def to_python(term: Any) -> Any:
    """The Python value of an RDF term: IRIs as strings, numbers and booleans typed, others as text."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(term.value)
        if datatype == f"{_XSD}boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)  # an RDF-star quoted triple


def run_query(store: Store, sparql: str, union_default_graph: bool = True,
              sources: Sequence[str] = ()) -> QueryResult:
    """Run a SELECT, ASK or CONSTRUCT/DESCRIBE query; a malformed or refused query is a one-line GraphError.

    Every text passes `graph.sparql_guard` first: updates, SERVICE and oversized or too deeply
    nested queries are refused (`QueryRefused`) before Oxigraph runs anything.

    `sources` (source ids) narrows the query's dataset to those sources' graphs, both as its
    default graph and as the graphs `GRAPH ?g` ranges over, as `FROM`/`FROM NAMED` would: the
    same query asked of one document of a large corpus then reads only that document's quads.
    """
    try:
        result = guarded_query(store, sparql, prefixes=PREFIXES, **query_dataset(store, sources, union_default_graph))
    except SyntaxError as error:
        raise GraphError(f"invalid SPARQL: {syntax_message(error)}; correct the query there and run it again") from error
    if isinstance(result, QueryBoolean):
        return QueryResult(["ask"], [{"ask": bool(result)}])
    if isinstance(result, QuerySolutions):
        columns = [variable.value for variable in result.variables]
        return QueryResult(columns, [{name: to_python(row[name]) for name in columns} for row in result])
    columns = ["subject", "predicate", "object"]
    return QueryResult(columns, [dict(zip(columns, map(to_python, triple))) for triple in result])


def query_dataset(store: Store, sources: Sequence[str], union_default_graph: bool = True) -> dict[str, Any]:
    """The query's dataset arguments: every graph, or the named sources' graphs only."""
    if not sources:
        return {"use_default_graph_as_union": union_default_graph}
    graphs = source_graphs(store, sources)
    return {"default_graph": graphs, "named_graphs": graphs}


def source_graphs(store: Store, sources: Sequence[str]) -> list[NamedNode]:
    """The graphs of these source ids; one the store does not hold is a one-line error."""
    graphs = {source: graph_iri(source) for source in sources}
    missing = next((source for source, graph in graphs.items() if not store.contains_named_graph(graph)), None)
    if missing is not None:
        raise GraphError(f"the store holds no source {missing!r}; `policykg list` shows the sources it holds")
    return list(graphs.values())


def format_result(result: QueryResult, output_format: str) -> str:
    """The result as an aligned text table, a JSON array of objects, or CSV with a header."""
    if output_format == "json":
        return json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        return to_csv(result.columns, result.rows)
    if output_format == "table":
        return _table(result)
    raise GraphError(f"unknown result format {output_format!r}; use one of {', '.join(FORMATS)}")


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """CSV with a header; None is empty, booleans are true/false, lists are joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_text(row.get(name)) for name in columns] for row in rows)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(_text, value))
    return str(value)


def _table(result: QueryResult) -> str:
    cells = [[" ".join(_text(row[name]).split()) for name in result.columns] for row in result.rows]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in enumerate(result.columns)]
    lines = [result.columns, ["-" * width for width in widths], *cells]
    body = "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines)
    return f"{body}\n({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n"
