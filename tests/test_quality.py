"""Extraction quality on the shared evaluation set, as regression thresholds.

Each threshold sits a little under the number measured when it was set (see README), so a change
that loses quality fails here. The export goes through the real command the scorer reads
(`policykg export all --input FILE --format json --out DIR`), and the scorer is the shared one.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main as policykg

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

# gold set -> (input text, minimum scores)
THRESHOLDS = {
    "seed": (ROOT / "extract" / "data" / "sipo-2013-ip-talents-opinions.txt", {
        ("duties", "precision"): 0.97, ("duties", "recall"): 0.97, ("duties", "f1"): 0.97,
        ("duties", "actor_accuracy"): 0.97, ("duties", "named_actor_recall"): 0.95,
        ("goals", "precision"): 0.95, ("goals", "recall"): 0.95, ("goals", "year_accuracy"): 0.95,
        ("goals", "value_accuracy"): 0.95, ("actors", "recall"): 0.95, ("mechanisms", "recall"): 0.90,
    }),
    "eo14057": (SHARED / "corpus" / "us-eo14057-federal-sustainability-2021.txt", {
        ("duties", "precision"): 0.95, ("duties", "recall"): 0.95, ("duties", "f1"): 0.96,
        ("duties", "actor_accuracy"): 0.95, ("duties", "named_actor_recall"): 0.92,
        ("goals", "precision"): 0.95, ("goals", "recall"): 0.85, ("goals", "year_accuracy"): 0.85,
        ("goals", "value_accuracy"): 0.95,
        ("actors", "recall"): 0.95, ("mechanisms", "recall"): 0.85,
    }),
}


def _score(gold: str, text: Path, out: Path) -> dict:
    with pytest.raises(SystemExit) as exit_info:
        policykg(["export", "all", "--input", str(text), "--format", "json", "--out", str(out)])
    assert exit_info.value.code in (0, None)
    result = subprocess.run(
        [sys.executable, str(SCORER), "--text", str(text), "--gold", str(SHARED / "eval" / gold),
         "--exports", str(out), "--json"],
        capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.skipif(not SCORER.exists(), reason="the shared evaluation set is not beside the project")
@pytest.mark.parametrize("gold", sorted(THRESHOLDS))
def test_extraction_scores_stay_above_their_thresholds(gold: str, tmp_path: Path) -> None:
    text, minimums = THRESHOLDS[gold]
    report = _score(gold, text, tmp_path)
    below = {f"{part}.{metric}": report[part][metric] for (part, metric), minimum in minimums.items()
             if report[part][metric] < minimum}
    assert not below, f"{gold}: scores fell below their thresholds: {below}"


@pytest.mark.skipif(not SCORER.exists(), reason="the shared evaluation set is not beside the project")
def test_mechanism_export_stays_small_on_the_bundled_document(tmp_path: Path) -> None:
    text, _ = THRESHOLDS["seed"]
    report = _score("seed", text, tmp_path)
    assert report["mechanisms"]["exported"] <= 100
