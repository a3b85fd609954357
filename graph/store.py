"""The persistent Oxigraph store: one named graph per source, the ontology in the default graph.

Where it lives: `--store PATH` on the command line, else `$POLICYKG_STORE`, else `data/store`
under the current directory. Writes are all-or-nothing: the sources' quads are built in memory
first, then one SPARQL update drops their old graphs and inserts the new ones (sources new to the
store are simply inserted), and Oxigraph runs each as a single transaction, which a killed process
cannot leave half-done. Re-adding a source therefore replaces it (never duplicates), and a failure
at any point leaves the store as it was, for one source or several. For example
`replace_source(open_store(), extract_text(text, "opinions.txt"))`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from extract.records import Extraction
from graph import GraphError
from graph.build import build_quads, graph_iri
from graph.namespace import ONTOLOGY_FILE, PREFIXES
from graph.store_folder import check_is_store, claim_for_writing, mark

STORE_ENV = "POLICYKG_STORE"
DEFAULT_STORE = Path("data") / "store"


@dataclass(frozen=True)
class SourceInfo:
    """One source held in the store."""

    source_id: str
    name: str
    sha256: str  # of the text
    graph: str
    file_sha256: str | None = None  # of the file's bytes, when it was added from a file


def store_path(explicit: Path | None = None) -> Path:
    """The store directory: the explicit path, else $POLICYKG_STORE, else ./data/store."""
    if explicit is not None:
        return explicit
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def open_store(path: Path | None = None, read_only: bool = False) -> Store:
    """Open the persistent store.

    Read-write creates it if needed, in a missing or empty folder (`graph.store_folder`: any other
    folder must hold a policykg store); only one process may hold it so, and a second gets a clear
    error. Read-only needs a built store and may open it while another process holds it, as the
    viewer does; reading while that process writes (a build) can fail, but never harms the store.
    """
    directory = store_path(path)
    if read_only:
        check_is_store(directory)
    unmarked = not read_only and claim_for_writing(directory)  # a folder of other files is refused
    try:
        if read_only:
            return Store.read_only(str(directory))
        store = Store(str(directory))
        if unmarked:
            mark(directory)
        return store
    except OSError as error:
        if "lock" in str(error).lower():  # RocksDB's LOCK file, held by another process (or this one)
            raise GraphError(f"store {directory} is locked by another policykg process; "
                             "wait for it to finish or use another --store") from error
        raise GraphError(f"cannot open the store at {directory} ({error}); "
                         "check the path and its permissions, or use another --store") from error
    except RuntimeError as error:  # writing under a reader
        raise GraphError(
            f"cannot open the store at {directory} ({error}); is another policykg process (the viewer?) using it?"
        ) from error


def replace_source(store: Store, extraction: Extraction) -> int:
    """Put the source's graph in the store, replacing any earlier one; returns its triple count."""
    return replace_sources(store, [extraction])[0]


def replace_sources(store: Store, extractions: list[Extraction]) -> list[int]:
    """Put several sources' graphs in the store in one transaction: all are replaced, or none is."""
    seen: set[str] = set()
    for extraction in extractions:
        if extraction.source_id in seen:
            raise GraphError(f"two inputs would both be source {extraction.source_id!r}; rename one of the files")
        seen.add(extraction.source_id)
    graphs = [(graph_iri(extraction.source_id), build_quads(extraction)) for extraction in extractions]
    _replace_graphs(store, graphs)
    return [len(quads) for _, quads in graphs]


def replace_source_nquads(store: Store, source_id: str, nquads: bytes) -> None:
    """Put a source graph given as N-Quads (`graph.tasks` builds it on a worker) in the store, in one transaction.

    A source new to the store is loaded by Oxigraph's parser straight into the store; an earlier
    version is dropped and replaced in the same update.
    """
    graph = graph_iri(source_id)
    if store.contains_named_graph(graph):
        _replace_graphs(store, [(graph, list(parse(nquads, format=RdfFormat.N_QUADS)))])
    else:
        store.load(nquads, format=RdfFormat.N_QUADS)


def remove_source(store: Store, source_id: str) -> bool:
    """Remove a source's graph; False when the store did not hold it."""
    graph = graph_iri(source_id)
    if not store.contains_named_graph(graph):
        return False
    store.remove_graph(graph)
    return True


def list_sources(store: Store) -> list[SourceInfo]:
    """The sources in the store, by id."""
    solutions = store.query(
        """SELECT ?graph ?id ?name ?sha256 ?file WHERE { GRAPH ?graph {
             ?source a pkg:Source ; dcterms:identifier ?id ; pkg:sourceName ?name ; pkg:sha256 ?sha256 .
             OPTIONAL { ?source pkg:fileSha256 ?file } } }
           ORDER BY ?id""",
        prefixes=PREFIXES,
    )
    return [SourceInfo(row["id"].value, row["name"].value, row["sha256"].value, row["graph"].value,
                       row["file"].value if row["file"] is not None else None)
            for row in solutions]


def load_ontology(store: Store) -> None:
    """Replace the default graph with the ontology, so queries can use its labels and hierarchy."""
    _replace_graphs(store, [(DefaultGraph(), list(parse(path=str(ONTOLOGY_FILE), format=RdfFormat.TURTLE)))])


def _replace_graphs(store: Store, graphs: list[tuple[NamedNode | DefaultGraph, list[Quad]]]) -> None:
    """Drop each graph and insert the triples of its quads into it, all in one update (one transaction)."""
    if not any(isinstance(graph, DefaultGraph) or store.contains_named_graph(graph) for graph, _ in graphs):
        # Nothing to drop (new sources): `extend` is one transaction too, and a few times faster.
        store.extend(Quad(q.subject, q.predicate, q.object, graph) for graph, quads in graphs for q in quads)
        return
    operations = []
    for graph, quads in graphs:
        triples = "\n".join(f"{quad.subject} {quad.predicate} {quad.object} ." for quad in quads)
        if isinstance(graph, DefaultGraph):
            operations.append(f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{triples}\n}}")
        else:
            operations.append(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{triples}\n}} }}")
    store.update(" ;\n".join(operations))
