"""A source's reviewed records as a gold folder, and a gold folder back as corrections.

`policykg review export` turns a team's reviews into an evaluation set in the format of
`../shared/eval` (duties.jsonl, goals.jsonl, actors.json, mechanisms.txt, with offsets into the
original text; the text itself and a `TEXT` file naming it come along), so the extractor can be
scored on the team's own documents (`policykg eval`). A duty whose owner is not stated has the
owner `null`, which the scorer counts as right when the system states none either. Every actor
that owns a duty is required; its pattern matches its label and aliases exactly.

`policykg review import` reads such a folder (or any gold set) as one batch of corrections to the
reviewed view: a system duty no gold line matches is not a duty, a gold line nothing matches is
a missed duty added on its cue, a matched one gets the gold modality and owner; goals and
mechanisms likewise, as far as a correction can say it (a missed goal or mechanism cannot be
added: they are counted as skipped).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from graph.atomic import write_files
from graph.correct import added_duty, correct_row
from graph.eval import ActorMap, Gold, match_duties, match_goals, records_of, score_labels
from graph.review import Correction
from graph.views import duty_register, source_text

TEXT_FILE = "text.txt"
_CUE_WORDS = 6


@dataclass(frozen=True)
class Imported:
    corrections: list[Correction]
    skipped: int  # gold goals and mechanisms nothing matched: a correction cannot add them


def gold_files(view: Store, source: str) -> dict[Path, bytes]:
    """The gold folder's files (relative paths) for the source as the view shows it."""
    found = records_of(view, source)
    text = source_text(view, source)
    owners = {row["id"]: row["actor_id"] for row in duty_register(view) if row["source"] == source}
    duties = [{"cue": _cue(text, row["cue_start"], row["end"]), "offset": row["cue_start"],
               "lemmas": row["action"].split(), "actors": [owners.get(row["id"])],
               "explicit": row["actor"] is not None and not row["actor_inferred"],
               "optional": bool(row["is_heading"]), "modality": row["modality"]} for row in found["duties"]]
    goals = [{"cue": row["text"], "offset": row["start"], "year": row["year"], "value": row["value"],
              "comparator": row["comparator"], "optional": False} for row in found["goals"]]
    actors = {"_comment": f"Canonical actors of {source}, from its reviewed graph: each pattern is its label and "
                          "aliases exactly; the actors that own a duty are required.",
              "actors": [{"id": row["id"], "required": row["duties"] > 0,
                          "match": "^(?:" + "|".join(re.escape(name) for name in [row["label"], *row["aliases"]]) + ")$"}
                         for row in found["actors"]]}
    mechanisms = [f"# mechanisms of {source}, from its reviewed graph", *(row["label"] for row in found["mechanisms"])]
    return {
        Path("duties.jsonl"): _jsonl(duties),
        Path("goals.jsonl"): _jsonl(goals),
        Path("actors.json"): (json.dumps(actors, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        Path("mechanisms.txt"): ("\n".join(mechanisms) + "\n").encode("utf-8"),
        Path(TEXT_FILE): text.encode("utf-8"),
        Path("TEXT"): f"{TEXT_FILE}\n".encode("utf-8"),
    }


def export_gold(view: Store, source: str, out: Path) -> list[Path]:
    """Write the gold folder atomically (nothing half-written on failure); returns the files."""
    files = {out / name: data for name, data in gold_files(view, source).items()}
    write_files(files)
    return list(files)


def import_gold(view: Store, source: str, gold: Gold, reviewer: str) -> Imported:
    """The corrections that make the view agree with the gold folder, all in one batch."""
    found = records_of(view, source)
    batch = f"import-{source}"
    made: list[Correction] = []

    def correct(kind: str, record: dict[str, Any], change: str, **values: str | None) -> None:
        made.append(correct_row(view, kind, record, change, reviewer, batch=batch, **values))

    owners = _OwnerNames(gold, found["actors"])
    duties = match_duties(gold.duties, found["duties"])
    for record in duties.unmatched:
        correct("duty", record, "reject")
    for line, record in duties.required:
        changed = False
        if record["modality"] != line.get("modality", "obligation"):
            correct("duty", record, "set", field="modality", new=line.get("modality", "obligation"))
            changed = True
        if owners.canon(record["actor"]) not in line["actors"]:
            label, actor_id = owners.named(line["actors"][0])
            correct("duty", record, "set", field="owner", new=label, reference=actor_id)
            changed = True
        if not changed:
            correct("duty", record, "accept")
    for line in duties.missed:
        added = added_duty(view, source, line["offset"], line["offset"] + len(line["cue"]), reviewer,
                           action=line["lemmas"][0], batch=batch)
        made.append(added)
        if line.get("modality", "obligation") != "obligation":
            made.append(_on_added(added, "modality", line["modality"], None))
        label, actor_id = owners.named(line["actors"][0])
        if label:
            made.append(_on_added(added, "owner", label, actor_id))
    goals = match_goals(gold.goals, found["goals"])
    for record in goals.unmatched:
        correct("goal", record, "reject")
    for line, record in goals.required:
        for field, wanted in (("year", line.get("year")), ("value", line.get("value")),
                              ("comparator", line.get("comparator"))):
            if wanted is not None and str(record[field]) != str(wanted) and record[field] != wanted:
                correct("goal", record, "set", field=field, new=str(wanted))
    wanted = [label for label in gold.mechanisms if not label.startswith("?")]
    for record in found["mechanisms"]:
        if not score_labels([record["label"]], [label.lstrip("?") for label in gold.mechanisms])["found"]:
            correct("mechanism", record, "reject")
    found_labels = [record["label"] for record in found["mechanisms"]]
    skipped = len(goals.missed) + sum(1 for label in wanted if not score_labels([label], found_labels)["found"])
    return Imported(made, skipped)


class _OwnerNames:
    """Between gold canonical actor ids and the view's actors, through the gold's label patterns."""

    def __init__(self, gold: Gold, actors: list[dict[str, Any]]) -> None:
        self.map = ActorMap(gold.actors)
        self.actors = actors

    def canon(self, label: str | None) -> str | None:
        return self.map.canon(label)

    def named(self, canonical: str | None) -> tuple[str | None, str | None]:
        """The label and id of the view's actor the canonical id stands for; a new name when none does."""
        if canonical in (None, "unknown"):
            return None, None
        for actor in self.actors:
            if self.map.canon(actor["label"]) == canonical:
                return actor["label"], actor["id"]
        return canonical, None


def _on_added(added: Correction, field: str, new: str, reference: str | None) -> Correction:
    """A correction of a duty added in the same batch: anchored where the added duty is."""
    return Correction.make(added.source, "duty", added.target, "set", added.anchor, added.reviewer, added.batch,
                          field=field, old=None, new=new, reference=reference)


def _cue(text: str, start: int, end: int) -> str:
    """The first words of the clause from its cue: the scorer shows it, the offset is what matches."""
    words = text[start:end].split()
    return " ".join(words[:_CUE_WORDS]) or text[start:end]


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
