"""The `policykg` command line, thin over the graph modules.

    policykg build [FILE ...]                          extract files into the store
    policykg export all --input TEXT --out DIR         the four JSON files the scorer reads
    policykg query 'SELECT ...'                        SPARQL over every source
    policykg validate                                  SHACL; exit 1 on violations
    policykg app                                       the Streamlit viewer

Failures print one line, `policykg: error: ...`, on stderr and exit 1 (2 for a usage error);
`--debug` shows the traceback instead. The extractor (spaCy) is imported only by the commands
that extract, so `--help`, `query` and store exports start at once.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from pyoxigraph import Store

import graph
from extract.records import Extraction
from graph import GraphError
from graph.export import FORMATS as EXPORT_FORMATS
from graph.export import KINDS, export
from graph.query import FORMATS as QUERY_FORMATS
from graph.query import format_result, run_query
from graph.store import (STORE_ENV, list_sources, load_ontology, open_store, remove_source, replace_source,
                         store_path)
from graph.validate import validate_extraction, validate_store

VIEWER = Path(graph.__file__).resolve().parent.parent / "app.py"
_INPUT_HELP = "Extract this text file into a throwaway in-memory graph and use it instead of the store."


class _OneLineErrors(click.Group):
    """Turns any failure inside a command into a one-line ClickException, unless --debug is given."""

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
    """Read and extract one text file; spaCy is loaded only once the file is known to be readable."""
    from extract.read import read_text

    text = read_text(path)
    from extract.pipeline import extract_text

    return extract_text(text, path.name)


def _graph_to_read(input_file: Path | None, store_dir: Path | None) -> Store:
    """A throwaway graph of --input FILE, else the built store (read-only: the viewer may hold it)."""
    if input_file is None:
        return open_store(store_dir, read_only=True)
    store = Store()
    replace_source(store, _extract(input_file))
    return store


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help=f"Store directory [default: ${STORE_ENV}, else ./data/store].")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, store_dir: Path | None, debug: bool) -> None:
    """Turn policy documents into a knowledge graph of obligations: who must do what, by when."""
    ctx.obj = store_dir


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def build(store_dir: Path | None, files: tuple[Path, ...]) -> None:
    """Extract text files into the store.

    FILEs default to the bundled SIPO opinions. A file built before is replaced, not added twice.
    """
    from extract.pipeline import extract_text
    from extract.read import bundled_document, read_text

    # Every file is read (and so checked) before the slow extraction of the first one starts.
    texts = [(path, read_text(path)) for path in files or [bundled_document()]]
    store = open_store(store_dir)
    load_ontology(store)
    summaries = []
    with click.progressbar(texts, label="Extracting", file=sys.stderr) as progress:
        for path, text in progress:
            extraction = extract_text(text, path.name)
            replace_source(store, extraction)
            summaries.append(
                f"{extraction.source_id}: {len(extraction.duties)} duties, {len(extraction.goals)} goals, "
                f"{len(extraction.actors)} actors, {len(extraction.mechanisms)} mechanisms"
            )
    store.flush()
    click.echo("\n".join(summaries))
    click.echo(f"store: {store_path(store_dir)}")


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from this .rq file.")
@click.option("--format", "output_format", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@click.pass_obj
def query(store_dir: Path | None, sparql: str | None, query_file: Path | None, output_format: str,
          input_file: Path | None) -> None:
    """Run a SPARQL query over every source.

    The default graph is the union of all graphs, and the prefixes pkg, nif, prov, skos, org,
    odrl, dpv, time, dcterms, rdf, rdfs, owl and xsd are predeclared.
    """
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give either a SPARQL query or --file Q.rq")
    text = sparql if query_file is None else query_file.read_text(encoding="utf-8")
    store = _graph_to_read(input_file, store_dir)
    click.echo(format_result(run_query(store, text), output_format), nl=False)


@cli.command(name="export")
@click.argument("kind", type=click.Choice([*KINDS, "all"]))
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@click.option("--format", "output_format", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file; a directory for `all` in json or csv.")
@click.pass_obj
def export_command(store_dir: Path | None, kind: str, input_file: Path | None, output_format: str,
                   out: Path) -> None:
    """Export duties, goals, actors or mechanisms.

    json is the evaluation contract; `all` in json or csv writes one file per kind into the --out
    directory, `all` in ttl or jsonld writes the whole graph.
    """
    store = _graph_to_read(input_file, store_dir)
    for path in export(store, kind, output_format, out):
        click.echo(path)


@cli.command()
@click.option("--input", "input_file", type=click.Path(path_type=Path), help=_INPUT_HELP)
@click.pass_context
def validate(ctx: click.Context, input_file: Path | None) -> None:
    """Check the graph against the SHACL shapes.

    Exits 1 when there are violations; warnings (a duty with no owner) are listed but pass.
    """
    if input_file:
        reports = [validate_extraction(_extract(input_file))]
    else:
        reports = validate_store(open_store(ctx.obj, read_only=True))
    if not reports:
        raise GraphError("the store holds no sources; run `policykg build` first")
    click.echo("\n".join(report.text for report in reports))
    if not all(report.conforms for report in reports):
        ctx.exit(1)


@cli.command()
@click.pass_obj
def sources(store_dir: Path | None) -> None:
    """List the sources in the store."""
    for source in list_sources(open_store(store_dir, read_only=True)):
        click.echo(f"{source.source_id}\t{source.name}\t{source.sha256[:12]}\t{source.graph}")


@cli.command()
@click.argument("source_id")
@click.pass_obj
def remove(store_dir: Path | None, source_id: str) -> None:
    """Remove a source from the store.

    SOURCE_ID is the id `policykg sources` lists.
    """
    if not remove_source(open_store(store_dir), source_id):
        raise GraphError(f"the store holds no source {source_id!r}; `policykg sources` lists them")
    click.echo(f"removed {source_id}")


@cli.command()
@click.option("--port", type=int, default=8501, show_default=True)
@click.pass_obj
def app(store_dir: Path | None, port: int) -> None:
    """Open the viewer (Streamlit) on the store."""
    if not VIEWER.is_file():
        raise GraphError(f"the viewer is missing: {VIEWER} does not exist")
    command = [sys.executable, "-m", "streamlit", "run", str(VIEWER), "--server.headless", "true",
               "--server.port", str(port), "--", "--store", str(store_path(store_dir).resolve())]
    os.execv(sys.executable, command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `policykg` console script."""
    try:
        code = cli.main(args=argv, prog_name="policykg", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"policykg: error: {' '.join(error.format_message().split())}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("policykg: error: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
