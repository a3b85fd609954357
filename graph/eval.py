"""Score a source's records against a gold folder, with the metrics of the shared scorer.

A team that reviewed its own documents (`policykg review export`) or holds a gold set in the
format of `../shared/eval` measures the extractor on it with `policykg eval`. The matching
rules are those of that scorer, so both give the same figures on the same pair: a system duty
matches a gold line in the same sentence whose accepted lemmas share a stem with its action
(nearest start first, required lines first); goals match by offset; actors by the gold's label
patterns; mechanisms by token overlap of labels. For example
`score(load_gold(Path("gold/")), records_of(store, "sipo"))["duties"]["f1"]`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from graph import GraphError
from graph.export import KINDS, records

_STOP = {"the", "of", "for", "and", "a", "an", "to", "in", "on", "at", "with", "its", "their"}
_SUFFIXES = ("ing", "ed", "es", "s", "e")
_LABEL_MATCH = 0.6  # the token overlap at which a mechanism label counts as found
GOLD_FILES = ("duties.jsonl", "goals.jsonl", "actors.json", "mechanisms.txt")


@dataclass(frozen=True)
class Gold:
    duties: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    actors: dict[str, Any]  # {"actors": [{"id", "match", "not", "required"}]}
    mechanisms: list[str]  # labels, "?" before an optional one


def stem(word: str) -> str:
    """The scorer's crude stem: lower case, punctuation and one common suffix off ("coordinating" -> "coordinat")."""
    word = word.lower().strip(".,;:()\"'“”")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def label_tokens(label: str) -> set[str]:
    return {stem(token) for token in re.findall(r"[\w'+,-]+", label.lower()) if token not in _STOP}


def load_gold(directory: Path) -> Gold:
    """A gold folder; a missing or malformed file is a one-line error naming it."""
    missing = [name for name in GOLD_FILES if not (directory / name).is_file()]
    if missing:
        raise GraphError(f"{directory} is not a gold folder: it has no {', '.join(missing)}")
    try:
        duties = _jsonl(directory / "duties.jsonl")
        goals = _jsonl(directory / "goals.jsonl")
        actors = json.loads((directory / "actors.json").read_text(encoding="utf-8"))
        mechanisms = [line.strip() for line in (directory / "mechanisms.txt").read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.startswith("#")]
    except (ValueError, UnicodeDecodeError) as error:
        raise GraphError(f"cannot read the gold folder {directory}: {error}") from error
    return Gold(duties, goals, actors, mechanisms)


def records_of(store: Store, source: str) -> dict[str, list[dict[str, Any]]]:
    """The export rows of one source, by kind; an unknown source is an error."""
    found = {kind: [row for row in records(store, kind) if row["source"] == source] for kind in KINDS}
    if not any(found.values()):
        raise GraphError(f"the store holds no records of source {source!r}; `policykg list` shows the sources")
    return found


class ActorMap:
    """Canonical actor ids from exported labels, by the gold's patterns tried in order."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.rules = [(actor["id"], re.compile(actor["match"], re.I),
                       re.compile(actor["not"], re.I) if actor.get("not") else None) for actor in spec["actors"]]
        self.required = [actor["id"] for actor in spec["actors"] if actor.get("required")]

    def canon(self, label: str | None) -> str | None:
        if not label:
            return None
        for actor_id, pattern, exclude in self.rules:
            if pattern.search(label) and not (exclude and exclude.search(label)):
                return actor_id
        return "other"


def score(gold: Gold, system: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Every figure of the shared scorer, as one dict of dicts."""
    actor_map = ActorMap(gold.actors)
    found = {actor_map.canon(label) for actor in system["actors"]
             for label in [actor.get("label"), *(actor.get("aliases") or [])]} - {None}
    required = actor_map.required
    return {
        "duties": score_duties(gold.duties, system["duties"], actor_map),
        "goals": score_goals(gold.goals, system["goals"]),
        "actors": {"recall": round(sum(1 for r in required if r in found) / len(required), 3) if required else 0.0,
                   "missing": [r for r in required if r not in found], "exported": len(system["actors"])},
        "mechanisms": {**score_labels(gold.mechanisms, [m.get("label", "") for m in system["mechanisms"]]),
                       "exported": len(system["mechanisms"])},
    }


def match_duties(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> Matching:
    """Pair gold duty lines with system duties: same sentence, a shared lemma stem, nearest start."""
    def candidates(line: dict[str, Any], duty: dict[str, Any]) -> int | None:
        stems = {stem(lemma) for lemma in line["lemmas"]}
        if not int(duty["sentence_start"]) <= line["offset"] < int(duty["sentence_end"]):
            return None
        if not stems & {stem(word) for word in re.findall(r"[\w-]+", str(duty.get("action", "")))}:
            return None
        return abs(int(duty.get("start", duty["sentence_start"])) - line["offset"])

    return _match(gold, system, candidates)


def match_goals(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> Matching:
    """Pair gold goal lines with system goals: the gold offset inside the goal, or the goal starting in the cue."""
    def candidates(line: dict[str, Any], goal: dict[str, Any]) -> int | None:
        start, end = int(goal["start"]), int(goal["end"])
        if start <= line["offset"] < end or line["offset"] <= start < line["offset"] + len(line["cue"]):
            return abs(start - line["offset"])
        return None

    return _match(gold, system, candidates)


@dataclass(frozen=True)
class Matching:
    matched: list[tuple[dict[str, Any], dict[str, Any]]]  # (gold line, system record)
    missed: list[dict[str, Any]]  # required gold lines nothing matched
    unmatched: list[dict[str, Any]]  # system records no gold line claimed

    @property
    def required(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return [(line, record) for line, record in self.matched if not line["optional"]]


def _match(gold: list[dict[str, Any]], system: list[dict[str, Any]],
           distance: Callable[[dict[str, Any], dict[str, Any]], int | None]) -> Matching:
    """Required gold lines claim system records first, each the nearest one left."""
    matched, missed, used = [], [], set()
    for line in sorted(gold, key=lambda line: bool(line["optional"])):
        candidates = [(found, index) for index, record in enumerate(system)
                      if index not in used and (found := distance(line, record)) is not None]
        if candidates:
            index = min(candidates)[1]
            used.add(index)
            matched.append((line, system[index]))
        elif not line["optional"]:
            missed.append(line)
    return Matching(matched, missed, [record for index, record in enumerate(system) if index not in used])


def score_duties(gold: list[dict[str, Any]], system: list[dict[str, Any]], actor_map: ActorMap) -> dict[str, Any]:
    matching = match_duties(gold, system)
    required = matching.required
    owned = [pair for pair in required if actor_map.canon(pair[1].get("actor")) in pair[0]["actors"]]
    named_gold = [line for line in gold if not line["optional"] and line.get("explicit")]
    named = [pair for pair in owned if pair[0].get("explicit")]
    fp, fn = len(matching.unmatched), len(matching.missed)
    precision, recall, f1 = _prf(len(required), fp, fn)
    return {
        "precision": precision, "recall": recall, "f1": f1, "tp": len(required), "fp": fp, "fn": fn,
        "actor_accuracy": _share(len(owned), len(required)),
        "modality_accuracy": _share(sum(1 for line, duty in required
                                        if duty.get("modality") == line.get("modality", "obligation")), len(required)),
        "named_actor_recall": _share(len(named), len(named_gold)),
        "clause_span_hits": sum(1 for line, duty in required if int(duty["start"]) <= line["offset"] < int(duty["end"])),
    }


def score_goals(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> dict[str, Any]:
    matching = match_goals(gold, system)
    required = matching.required
    valued = [(line, goal) for line, goal in required if line["value"] is not None]
    precision, recall, f1 = _prf(len(required), len(matching.unmatched), len(matching.missed))
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "year_accuracy": _share(sum(1 for line, goal in required
                                    if line["year"] is None or str(goal.get("year")) == str(line["year"])), len(required)),
        "value_accuracy": _share(sum(1 for line, goal in valued if _same_number(goal.get("value"), line["value"])),
                                 len(valued)),
    }


def score_labels(gold_labels: list[str], system_labels: list[str]) -> dict[str, Any]:
    """Recall of the required gold labels among the system's, by token overlap."""
    system = [label_tokens(label) for label in system_labels if label]
    hits = required = 0
    for label in gold_labels:
        if label.startswith("?"):
            continue
        required += 1
        wanted = label_tokens(label)
        best = max((max(len(wanted & found) / len(wanted | found),
                        len(wanted & found) / len(wanted) if len(found) <= 2 * len(wanted) else 0)
                    for found in system if found), default=0.0)
        hits += best >= _LABEL_MATCH
    return {"recall": _share(hits, required), "found": hits, "of": required}


def table(report: dict[str, Any]) -> str:
    """The figures as a plain table, one line per metric."""
    rows = [("duties", name, report["duties"][name]) for name in
            ("precision", "recall", "f1", "modality_accuracy", "actor_accuracy", "named_actor_recall")]
    rows += [("goals", name, report["goals"][name]) for name in ("precision", "recall", "year_accuracy", "value_accuracy")]
    rows += [("actors", "recall", report["actors"]["recall"]), ("mechanisms", "recall", report["mechanisms"]["recall"])]
    lines = [f"{kind:<11}{name:<20}{value:.3f}" for kind, name, value in rows]
    counts = report["duties"]
    lines.append(f"{'duties':<11}{'tp / fp / fn':<20}{counts['tp']} / {counts['fp']} / {counts['fn']}")
    return "\n".join(lines) + "\n"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _same_number(value: Any, wanted: float) -> bool:
    try:
        return abs(float(value) - wanted) < 1e-6
    except (TypeError, ValueError):
        return False


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
