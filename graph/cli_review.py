"""The console side of review: `policykg review list|undo|export|import`, `policykg eval`, and
the `--as-extracted` switch of the commands that read the graph.

    policykg review list [--source ID] [--orphaned]    who changed what, when, and where it applies now
    policykg review undo [--id ID]                     take back the last correction (or batch)
    policykg review export --source ID --out DIR       the reviewed records as a gold folder
    policykg review import DIR --source ID             a gold folder as corrections
    policykg eval --gold DIR --source ID | --input F   the shared scorer's figures, as a table or --json

Reading commands see the reviewed view unless `--as-extracted` is given: the option stores its
flag in the click context (`reading_view` reads it), so a command gains it with one decorator.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from pyoxigraph import Store

from graph.eval import load_gold, records_of, score, table
from graph.gold import export_gold, import_gold
from graph.review import REVIEWER_ENV, record, reviewer_name, undo
from graph.reviewed import ORPHANED, build_view, reviewed_view
from graph.store import open_store

_AS_EXTRACTED = "as_extracted"


def _remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[_AS_EXTRACTED] = value


as_extracted_option = click.option(
    "--as-extracted", is_flag=True, expose_value=False, callback=_remember,
    help="Read the graph as the extractor made it, without the reviewers' corrections.")
reviewer_option = click.option(
    "--reviewer", metavar="NAME", help=f"Who is reviewing [default: ${REVIEWER_ENV}, else the OS user].")


def reading_view(store: Store) -> Store:
    """The reviewed view of `store`, or the store itself under `--as-extracted`."""
    context = click.get_current_context(silent=True)
    return store if context is not None and context.meta.get(_AS_EXTRACTED) else reviewed_view(store)


@click.group()
def review() -> None:
    """List, undo, export and import reviewers' corrections.

    Corrections live in each source's own review graph ({graph}/review) with who made them,
    when, and what the value was; the extracted graph is never rewritten, and `add --force`
    keeps them, anchored again by span and text.
    """


@review.command(name="list")
@click.option("--source", metavar="ID", help="Only this source's corrections.")
@click.option("--orphaned", is_flag=True, help="Only the corrections that no longer anchor in the current text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per correction.")
@click.pass_obj
def list_command(store_dir: Path | None, source: str | None, orphaned: bool, as_json: bool) -> None:
    """Each correction: id, when, who, source, record, what changed, and where it applies now."""
    view = build_view(open_store(store_dir, read_only=True))
    shown = [a for a in view.anchorings if (source is None or a.correction.source == source)
             and (not orphaned or a.status == ORPHANED)]
    if as_json:
        for anchoring in shown:
            c = anchoring.correction
            click.echo(json.dumps({"id": c.id, "batch": c.batch, "at": c.at, "reviewer": c.reviewer, "source": c.source,
                                   "kind": c.kind, "target": c.target, "change": c.change, "field": c.field,
                                   "old": c.old, "new": c.new, "anchor": [c.anchor.start, c.anchor.end, c.anchor.text],
                                   "status": anchoring.status, "applies_to": anchoring.target}, ensure_ascii=False))
        return
    for anchoring in shown:
        c = anchoring.correction
        where = anchoring.target if anchoring.status != ORPHANED else f"ORPHANED (was {c.target})"
        click.echo(f"{c.id}\t{c.at}\t{c.reviewer}\t{c.source}\t{c.kind} {where}\t{c.says()}\t{anchoring.status}")
    if not shown:
        click.echo("no orphaned corrections" if orphaned else "no corrections", err=True)


@review.command(name="undo")
@click.option("--id", "correction_id", metavar="ID", help="Take back this correction's batch instead of the last one.")
@click.option("--source", metavar="ID", help="The last batch of this source.")
@click.pass_obj
def undo_command(store_dir: Path | None, correction_id: str | None, source: str | None) -> None:
    """Take back the last correction (all the corrections one action made together)."""
    for c in undo(open_store(store_dir), source, correction_id):
        click.echo(f"undone {c.id}\t{c.source}\t{c.kind} {c.target}\t{c.says()}")


@review.command(name="export")
@click.option("--source", required=True, metavar="ID", help="The source to export (an id `policykg list` shows).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="The gold folder to write.")
@as_extracted_option
@click.pass_obj
def export_command(store_dir: Path | None, source: str, out: Path) -> None:
    """Write the source's reviewed records as a gold folder (duties.jsonl, goals.jsonl, actors.json,
    mechanisms.txt, the text), which `policykg eval` and ../shared/eval/score.py read."""
    for path in export_gold(reading_view(open_store(store_dir, read_only=True)), source, out):
        click.echo(path)


@review.command(name="import")
@click.argument("gold", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--source", required=True, metavar="ID", help="The source the gold folder annotates.")
@reviewer_option
@click.pass_obj
def import_command(store_dir: Path | None, gold: Path, source: str, reviewer: str | None) -> None:
    """Load a gold folder as corrections to the source (one batch: `review undo` takes it back whole)."""
    store = open_store(store_dir)
    imported = import_gold(reviewed_view(store), source, load_gold(gold), reviewer_name(reviewer))
    record(store, imported.corrections)
    click.echo(f"{source}: {len(imported.corrections)} corrections recorded"
               + (f", {imported.skipped} gold goals or mechanisms skipped (nothing to anchor them to)"
                  if imported.skipped else ""))


@click.command(name="eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A gold folder (duties.jsonl, goals.jsonl, actors.json, mechanisms.txt).")
@click.option("--source", metavar="ID", help="Score this source of the store.")
@click.option("--input", "input_file", type=click.Path(path_type=Path), help="Extract this file and score it instead.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, as score.py --json does.")
@as_extracted_option
@click.pass_obj
def eval_command(store_dir: Path | None, gold_dir: Path, source: str | None, input_file: Path | None,
                 as_json: bool) -> None:
    """Score a source (reviewed view by default) or a file against a gold folder: duties P/R/F1,
    modality, owner, named owner, goals, actors, mechanisms, with the shared scorer's metrics."""
    if (source is None) == (input_file is None):
        raise click.UsageError("give one of --source ID or --input FILE")
    gold = load_gold(gold_dir)
    if input_file is not None:
        from graph.cli import _extract  # spaCy is loaded only when a file is to be extracted
        from graph.store import replace_source

        extraction = _extract(input_file)
        store, source = Store(), extraction.source_id
        replace_source(store, extraction)
    else:
        store = reading_view(open_store(store_dir, read_only=True))
    report: dict[str, Any] = score(gold, records_of(store, source))
    click.echo(json.dumps(report, ensure_ascii=False) if as_json else table(report), nl=as_json)

