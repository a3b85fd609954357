"""The `policykg` command line, thin over the graph modules.

    policykg build [FILE|FOLDER ...]                   extract documents (else the bundled one) into the store
    policykg add FILE|FOLDER ... | remove DOC | list   keep the corpus (add --processes/--workers/--cluster)
    policykg export-quads FOLDER --out DIR | load DIR  the bulk path: N-Quads per document, bulk-loaded
    policykg export all --input TEXT --out DIR         the four JSON files the scorer reads
    policykg query 'SELECT ...' | --name NAME          SPARQL or a named analyst query over every source
    policykg analyse [--out DIR]                       duty load, shared mechanisms, centrality; GraphML
    policykg validate                                  SHACL; exit 1 on violations
    policykg serve | push --endpoint URL               a read-only SPARQL endpoint; upload to a triple store
    policykg app [--read-only]                         the Streamlit viewer (with correction controls)
    policykg review list|undo|export|import            reviewers' corrections (graph/cli_review.py)
    policykg eval --gold DIR --source ID               score against a gold folder

Commands that read the graph read the reviewed view (corrections applied) unless --as-extracted.

Failures print one line, `policykg: error: ...`, on stderr and exit 1 (2 for a usage error);
`--debug` shows the traceback instead. The extractor (spaCy) is imported only by the commands
that extract, so `--help`, `query` and store exports start at once.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from pyoxigraph import Store

import graph
from extract.records import Extraction
from graph import GraphError
from graph.analyse import analyse as analyse_store
from graph.analyse import graphml, report
from graph.atomic import write_file
from graph.cli_actor import resolve_actor_names
from graph.cli_add import EngineChoice, add_files, engine_options, export_quad_files
from graph.cli_app import check_port_free, viewer_command
from graph.cli_review import as_extracted_option, eval_command, reading_view, review, reviewer_option
from graph.cli_store import STORE_HELP, accept_store_option
from graph.cli_types import SECONDS
from graph.deep_stack import call_on_deep_stack
from graph.export import FORMATS as EXPORT_FORMATS
from graph.export import KINDS, export, render
from graph.named_queries import bind, get_query, load_queries
from graph.push import push_graphs
from graph.query import FORMATS as QUERY_FORMATS
from graph.query import format_result, run_query
from graph.sparql_guard import QueryRefused, read_query_file
from graph.store import list_sources, open_store, remove_source, replace_source, store_path
from graph.subset import sources_only
from graph.validate import validate_extraction, validate_store

VIEWER = Path(graph.__file__).resolve().parent.parent / "app.py"
GRAPHML_FILE = "policykg.graphml"
QUERY_TIMEOUT_S = 120.0
_INPUT_HELP = ("Extract this document (.txt, .pdf, .html, .docx) into a throwaway in-memory graph "
               "and use it instead of the store.")


class _OneLineErrors(click.Group):
    """Turns any failure inside a command into a one-line ClickException, unless --debug is given;
    every subcommand takes `--store` too (`graph.cli_store`)."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            accept_store_option(command)
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(_describe(error)) from error


def _describe(error: Exception) -> str:
    """One line saying what went wrong; a built-in exception also says its kind ("KeyError: 'x'")."""
    message = " ".join(str(error).split())
    if type(error).__module__ == "builtins" and not isinstance(error, OSError):
        return f"{type(error).__name__}: {message}" if message else type(error).__name__
    return message or type(error).__name__


def _extract(path: Path) -> Extraction:
    """Read and extract one document; spaCy is loaded only once the file is known to be readable."""
    from extract.ingest import load_document

    document = load_document(path)
    from extract.pipeline import extract_text

    extraction = extract_text(document.text, document.source_name, scars=document.scars, title=document.title)
    for skipped in extraction.skipped:
        click.echo(f"policykg: warning: {skipped}", err=True)
    for warning in extraction.warnings:
        click.echo(f"policykg: warning: {extraction.source_id}: {warning}", err=True)
    return extraction


def _graph_to_read(input_file: Path | None, store_dir: Path | None) -> Store:
    """A throwaway graph of --input FILE, else the built store (read-only: the viewer may hold it)."""
    if input_file is None:
        return reading_view(open_store(store_dir, read_only=True))
    store = Store()
    replace_source(store, _extract(input_file))
    return store


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), help=STORE_HELP)
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, store_dir: Path | None, debug: bool) -> None:
    """Turn policy documents into a knowledge graph of obligations: who must do what, by when."""
    ctx.obj = store_dir


@cli.command()
@click.argument("files", nargs=-1, metavar="[FILE|FOLDER]...", type=click.Path(path_type=Path))
@engine_options
@click.pass_obj
def build(store_dir: Path | None, files: tuple[Path, ...], engine: EngineChoice) -> None:
    """Extract files and folders into the store; with no FILE, the bundled SIPO opinions.

    Like `add`, but every document is extracted again even if its file is unchanged, as is
    needed after upgrading policykg.
    """
    from extract.read import bundled_document

    add_files(store_dir, files or (bundled_document(),), force=True, engine=engine)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|FOLDER...", type=click.Path(path_type=Path))
@engine_options
@click.option("--force", is_flag=True, help="Extract unchanged files again too.")
@click.pass_obj
def add(store_dir: Path | None, files: tuple[Path, ...], engine: EngineChoice, force: bool) -> None:
    """Extract documents (.txt, .pdf, .html, .docx) and add them to the store.

    A FOLDER is searched recursively; a file in it that cannot be read is skipped with a warning.
    A FILE named here that cannot be read stops the run before anything is written. A document
    added before (by file name) is replaced, or skipped when its file is unchanged (no task is
    sent for it). Each document is written in its own transaction as soon as it is extracted: a
    run that fails midway leaves the documents written so far, and each document either complete
    or as it was. --processes, --workers and --cluster extract several documents at once.
    """
    add_files(store_dir, files, force=force, engine=engine)


@cli.command(name="export-quads")
@click.argument("files", nargs=-1, required=True, metavar="FILE|FOLDER...", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write one DOC.nq file per document into.")
@engine_options
def export_quads_command(files: tuple[Path, ...], out: Path, engine: EngineChoice) -> None:
    """Extract documents into one N-Quads file each, for `policykg load` (the bulk path).

    Each file holds the document's graph exactly as `add` would write it; the store is not touched.
    """
    export_quad_files(files, out, engine)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def load(store_dir: Path | None, folder: Path) -> None:
    """Bulk-load the .nq files `policykg export-quads` wrote into the store, with the ontology.

    Much faster than `add` for a first build of a large corpus, but not transactional: if it is
    interrupted, run it again. A document the store holds already is replaced.
    """
    from graph.add import orphans_message
    from graph.bulk import load_quads, quad_files

    files = quad_files(folder)
    store = open_store(store_dir)
    try:
        orphaned = load_quads(store, files)
    finally:
        del store  # release the store's lock now, not when the traceback of a failure goes
    for source, count in orphaned.items():
        click.echo(f"policykg: warning: {orphans_message(source, count)}", err=True)
    click.echo(f"loaded {len(files)} documents into {store_path(store_dir)}")


def _parse_params(ctx: click.Context, option: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """`--param actor=SIPO` pairs as a dict; the value may itself contain "="."""
    params = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", ctx, option)
        params[name.strip()] = text
    return params


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path),
              help="Read the query from this .rq file.")
@click.option("--name", "query_name", help="Run a named analyst query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", callback=_parse_params,
              help="A parameter of the named query; repeat for several.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Ask only this source (an id `policykg list` shows); repeat for several. Default: every source.")
@click.option("--format", "output_format", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@as_extracted_option
@click.option("--timeout", type=SECONDS, default=QUERY_TIMEOUT_S, show_default=True,
              help="Seconds the query may run before it is stopped.")
@click.pass_obj
def query(store_dir: Path | None, sparql: str | None, query_file: Path | None, query_name: str | None,
          params: dict[str, str], list_queries: bool, sources: tuple[str, ...], output_format: str,
          input_file: Path | None, timeout: float) -> None:
    """Run a SPARQL query, or a named analyst query, over every source or the --source ones.

    The default graph is the union of all graphs, and the prefixes pkg, nif, prov, skos, org,
    odrl, dpv, time, dcterms, rdf, rdfs, owl and xsd are predeclared. Named query parameters
    are matched as data, never pasted into the query: `--name duties-of-actor --param actor=SIPO`.
    `--source ID` narrows the dataset to that source's graph (as FROM/FROM NAMED would), which on
    a large corpus answers in milliseconds what a scan of every source answers in seconds.
    """
    if sum((sparql is not None, query_file is not None, query_name is not None, list_queries)) != 1:
        raise click.UsageError("give one of: a SPARQL query, --file Q.rq, --name NAME or --list")
    if params and query_name is None:
        raise click.UsageError("--param goes with --name")
    if list_queries:
        click.echo(_describe_queries(), nl=False)
        return
    if query_name is not None:
        named = get_query(query_name)
        store = _graph_to_read(input_file, store_dir)
        text = bind(named, resolve_actor_names(store, named, params, sources))
    else:
        text = sparql if query_file is None else read_query_file(query_file)
        store = _graph_to_read(input_file, store_dir)
    try:
        result = call_on_deep_stack(lambda: run_query(store, text, sources=sources), timeout)
    except QueryRefused as refusal:
        if refusal.kind != "update":
            raise
        raise GraphError("`policykg query` only reads: SPARQL Update (INSERT, DELETE, DROP ...) is refused; "
                         "change the store with `policykg add` or `policykg remove`") from None
    click.echo(format_result(result, output_format), nl=False)


def _describe_queries() -> str:
    """Each named query's name, title, description and parameters, as `query --list` prints them."""
    lines = []
    for named in load_queries().values():
        lines += [f"{named.name}: {named.title}", f"    {named.description}"]
        lines += [f"    --param {p.name}=...  ({p.type}) {p.description}" for p in named.parameters]
    return "\n".join(lines) + "\n"


@cli.command(name="export")
@click.argument("kind", type=click.Choice([*KINDS, "all"]))
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@click.option("--format", "output_format", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file (- for standard output); a directory for `all` in json or csv.")
@click.option("--source", "sources", multiple=True, metavar="ID",
              help="Export only this source (an id `policykg list` shows); repeat for several. Default: every source.")
@as_extracted_option
@click.pass_obj
def export_command(store_dir: Path | None, kind: str, input_file: Path | None, output_format: str,
                   out: Path, sources: tuple[str, ...]) -> None:
    """Export duties, goals, actors or mechanisms.

    json is the evaluation contract; `all` in json or csv writes one file per kind into the --out
    directory, `all` in ttl, jsonld or nquads writes the whole graph (nquads keeps each triple's
    source graph, and the ontology), and graphml (`all` only) the network `policykg analyse`
    measures. Each file written is printed on a line of its own.
    """
    if str(out) == "-" and kind == "all" and output_format in ("json", "csv"):
        raise click.UsageError(f"`export all --format {output_format}` writes four files: give a directory as --out")
    store = sources_only(_graph_to_read(input_file, store_dir), sources)
    if str(out) == "-":
        sys.stdout.buffer.write(render(store, kind, output_format))
        return
    for path in export(store, kind, output_format, out):
        click.echo(path)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help=f"Also write the network to DIR/{GRAPHML_FILE}, for Gephi or Cytoscape.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows shown per ranking.")
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@as_extracted_option
@click.pass_obj
def analyse(store_dir: Path | None, out: Path | None, top: int, input_file: Path | None) -> None:
    """Report duty load, actors linked by shared mechanisms, centrality, components and orphan mechanisms."""
    analysis = analyse_store(_graph_to_read(input_file, store_dir))
    if not analysis.graph:
        raise GraphError("the store holds no documents; run `policykg build` first")
    click.echo(report(analysis, top), nl=False)
    if out is not None:
        write_file(out / GRAPHML_FILE, graphml(analysis.graph))
        click.echo(f"graphml: {out / GRAPHML_FILE}")


@cli.command()
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@click.option("--all", "every_finding", is_flag=True, help="List every finding, not three of each kind.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="json: one object per source with its counts and every finding, for tools.")
@as_extracted_option
@click.pass_context
def validate(ctx: click.Context, input_file: Path | None, every_finding: bool, output_format: str) -> None:
    """Check the graph against the SHACL shapes.

    Findings are grouped by severity and shape, each group with its count and three examples
    (--all lists every finding). Exits 1 when there are violations; warnings (a duty with no
    owner) are listed but pass.
    """
    if input_file:
        reports = [validate_extraction(_extract(input_file))]
    else:
        reports = validate_store(_graph_to_read(None, ctx.obj))
    if not reports:
        raise GraphError("the store holds no sources; run `policykg build` first")
    if output_format == "json":
        click.echo(json.dumps([report.as_json() for report in reports], ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(report.text if every_finding else report.grouped_text() for report in reports))
    if not all(report.conforms for report in reports):
        ctx.exit(1)


@cli.command(name="list")
@click.pass_obj
def list_sources_command(store_dir: Path | None) -> None:
    """List the documents (sources) in the store: id, file name, SHA-256 prefix, graph."""
    for source in list_sources(open_store(store_dir, read_only=True)):
        click.echo(f"{source.source_id}\t{source.name}\t{source.sha256[:12]}\t{source.graph}")


@cli.command()
@click.argument("source_id", metavar="DOC")
@click.pass_obj
def remove(store_dir: Path | None, source_id: str) -> None:
    """Remove a document from the store.

    DOC is an id `policykg list` shows.
    """
    if not remove_source(open_store(store_dir), source_id):
        raise GraphError(f"the store holds no source {source_id!r}; `policykg list` lists them")
    click.echo(f"removed {source_id}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=SECONDS, default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Results are cut after this many rows.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True,
              help="Query processes: queries that run at once. Keep more than runaway clients x --per-client.")
@click.option("--per-client", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries one client address may have running at once; its others wait their turn.")
@click.option("--queue-wait", type=SECONDS, default=60.0, show_default=True,
              help="Seconds a query may wait for a free worker before it is answered 503 (busy).")
@click.pass_obj
def serve(store_dir: Path | None, host: str, port: int, timeout: float, max_rows: int, workers: int,
          per_client: int, queue_wait: float) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint until interrupted.

    Stop it before rebuilding the store: it answers from the store as it was when it started.
    """
    from graph.endpoint import listen
    from graph.endpoint import serve as serve_endpoint  # the web server is loaded only for this command

    directory = store_path(store_dir)
    open_store(directory, read_only=True)  # a missing store fails here, in one line
    listening = listen(host, port)  # so does a port in use or an unknown host
    address = f"[{host}]" if ":" in host else host
    click.echo(f"SPARQL endpoint: http://{address}:{port}/sparql (read-only; Ctrl-C stops it)")
    serve_endpoint(directory, timeout_s=timeout, max_rows=max_rows, workers=workers, per_client=per_client,
                   queue_wait_s=queue_wait, listening=listening)


@cli.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://localhost:7878/store.")
@click.option("--graph-base", help="IRI prefix to rename the document graphs onto on the server.")
@click.pass_obj
def push(store_dir: Path | None, endpoint: str, graph_base: str | None) -> None:
    """Upload every document graph to a triple store, replacing its earlier version there.

    Credentials come only from the environment: POLICYKG_PUSH_TOKEN (bearer), or
    POLICYKG_PUSH_USER and POLICYKG_PUSH_PASSWORD (basic).
    """
    store = open_store(store_dir, read_only=True)
    if not list_sources(store):
        raise GraphError("the store holds no documents; run `policykg build` first")
    warn = lambda message: click.echo(f"policykg: warning: {message}", err=True)  # noqa: E731
    for graph_iri, triples in push_graphs(store, endpoint, graph_base, warn=warn):
        click.echo(f"{graph_iri}\t{triples} triples")


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port to serve the viewer on; choose another when 8501 is taken.")
@click.option("--read-only", is_flag=True, help="Show no correction controls: the viewer only reads.")
@click.option("--as-extracted", "machine_view", is_flag=True,
              help="Show the graph as the extractor made it, without the reviewers' corrections (and no controls).")
@reviewer_option
@click.pass_obj
def app(store_dir: Path | None, port: int, read_only: bool, machine_view: bool, reviewer: str | None) -> None:
    """Open the viewer (Streamlit) on the store; where the store is writable, reviewers correct records in it.

    The project's .streamlit/config.toml settings hold wherever it is started from.
    """
    if not VIEWER.is_file():
        raise GraphError(f"the viewer is missing: {VIEWER} does not exist")
    check_port_free(port)
    viewer_args = ["--store", str(store_path(store_dir).resolve()), *(["--read-only"] if read_only else []),
                   *(["--as-extracted"] if machine_view else []), *(["--reviewer", reviewer] if reviewer else [])]
    os.execv(sys.executable, viewer_command(VIEWER, port, viewer_args))


cli.add_command(review)
cli.add_command(eval_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `policykg` console script."""
    try:
        code = cli.main(args=argv, prog_name="policykg", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()
        sys.exit(error.exit_code)
    except click.ClickException as error:
        message = " ".join(error.format_message().split())
        if isinstance(error, click.UsageError) and error.ctx is not None:  # say where the usage is explained
            message = f"{message.rstrip('.')}; see `{error.ctx.command_path} --help`"
        click.echo(f"policykg: error: {message}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("policykg: error: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
