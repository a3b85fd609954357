"""`policykg eval` and the gold folders of `review export`/`import`: the shared scorer's figures, and a
review that changes nothing gives the extractor's own."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from extracting import extract
from pyoxigraph import Store

from graph import GraphError
from graph.correct import correct_row
from graph.eval import load_gold, records_of, score
from graph.export import export, records
from graph.gold import export_gold, import_gold
from graph.review import record
from graph.reviewed import reviewed_view
from graph.store import open_store, replace_source
from test_cli import run

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SCORER = SHARED_EVAL / "score.py"
BUNDLED = "sipo-2013-ip-talents-opinions"
needs_shared = pytest.mark.skipif(not (SCORER.is_file() and (SHARED_EVAL / "seed").is_dir()),
                                  reason="the shared scorer and its seed set are not beside the project")

POLICY = """
    Guidance on Shared Records

    1. The Records Board shall keep every register up to date.
    2. The Archive Office shall publish an annual report and review the archive.
    3. Staff should attend the yearly training.
    4. By 2030, the share of digital registers will have reached 90 percent.
"""


@pytest.fixture(scope="module")
def policy_store() -> Store:
    store = Store()
    replace_source(store, extract(POLICY, "guidance.txt"))
    return store


def shared_score(gold: Path, store: Store, out: Path) -> dict:
    """What ../shared/eval/score.py says of the store's export."""
    export(store, "all", "json", out)
    done = subprocess.run([sys.executable, str(SCORER), "--text", "unused", "--gold", str(gold), "--exports", str(out),
                           "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_review_that_accepts_everything_scores_perfectly_against_its_own_export(policy_store, tmp_path):
    store = Store()
    store.bulk_extend(policy_store)
    view = reviewed_view(store)
    record(store, [correct_row(view, kind, row, "accept", "Ana") for kind, plural in (("duty", "duties"), ("goal", "goals"))
                   for row in records(view, plural)])
    export_gold(reviewed_view(store), "guidance", tmp_path / "gold")
    report = score(load_gold(tmp_path / "gold"), records_of(reviewed_view(store), "guidance"))
    assert (report["duties"]["f1"], report["duties"]["actor_accuracy"], report["duties"]["modality_accuracy"]) == (1, 1, 1)
    assert (report["goals"]["recall"], report["actors"]["recall"], report["mechanisms"]["recall"]) == (1, 1, 1)
    assert records(reviewed_view(store), "duties") != records(store, "duties")  # reviewed rows say so ...
    strip = [{**row, "reviewed": None} for row in records(reviewed_view(store), "duties")]
    assert strip == records(store, "duties")  # ... and nothing else changed


def test_importing_a_gold_folder_makes_the_view_agree_with_it(policy_store, tmp_path):
    store = Store()
    store.bulk_extend(policy_store)
    view = reviewed_view(store)
    export_gold(view, "guidance", tmp_path / "gold")
    lines = (tmp_path / "gold" / "duties.jsonl").read_text().splitlines()
    attend = next(json.loads(line) for line in lines if "attend" in line)
    kept = [line for line in lines if "attend" not in line]
    (tmp_path / "gold" / "duties.jsonl").write_text("\n".join(kept + [json.dumps({**attend, "modality": "obligation"})]))
    before = score(load_gold(tmp_path / "gold"), records_of(view, "guidance"))["duties"]
    assert before["modality_accuracy"] < 1
    imported = import_gold(view, "guidance", load_gold(tmp_path / "gold"), "Ana")
    assert [(c.change, c.field, c.new) for c in imported.corrections if c.change != "accept"] == \
        [("set", "modality", "obligation")]
    record(store, imported.corrections)
    after = score(load_gold(tmp_path / "gold"), records_of(reviewed_view(store), "guidance"))["duties"]
    assert after["modality_accuracy"] == 1


def test_a_folder_without_the_gold_files_is_refused(tmp_path):
    with pytest.raises(GraphError, match="not a gold folder: it has no duties.jsonl"):
        load_gold(tmp_path)


@needs_shared
def test_eval_agrees_with_the_shared_scorer_on_the_seed_set(bundled_store, tmp_path):
    store = open_store(bundled_store, read_only=True)
    gold = SHARED_EVAL / "seed"
    assert score(load_gold(gold), records_of(store, BUNDLED)) == shared_score(gold, store, tmp_path / "plain")
    extractor = score(load_gold(gold), records_of(store, BUNDLED))
    accepted = Store()
    accepted.bulk_extend(store)
    view = reviewed_view(accepted)
    record(accepted, [correct_row(view, kind, row, "accept", "Ana") for kind, plural in (
        ("duty", "duties"), ("goal", "goals"), ("actor", "actors"), ("mechanism", "mechanisms"))
        for row in records(view, plural)])
    assert score(load_gold(gold), records_of(reviewed_view(accepted), BUNDLED)) == extractor  # accepting changes nothing
    # a full review (the seed imported), scored both ways, and its own export as gold
    reviewed = Store()
    reviewed.bulk_extend(store)
    del store
    gc.collect()
    record(reviewed, import_gold(reviewed_view(reviewed), BUNDLED, load_gold(gold), "Ana").corrections)
    view = reviewed_view(reviewed)
    mine = score(load_gold(gold), records_of(view, BUNDLED))
    assert mine == shared_score(gold, view, tmp_path / "reviewed")
    assert (mine["duties"]["precision"], mine["duties"]["recall"], mine["duties"]["actor_accuracy"]) == (1, 1, 1)
    export_gold(view, BUNDLED, tmp_path / "team-gold")
    assert score(load_gold(tmp_path / "team-gold"), records_of(reviewed, BUNDLED)) == \
        shared_score(tmp_path / "team-gold", reviewed, tmp_path / "as-extracted")


def test_the_eval_and_review_commands(capsys, tmp_path, policy_store):
    directory = tmp_path / "store"
    store = open_store(directory)
    store.bulk_extend(policy_store)
    store.flush()
    del store
    gc.collect()
    code, out, _ = run(capsys, "--store", str(directory), "review", "export", "--source", "guidance",
                       "--out", str(tmp_path / "gold"))
    assert code == 0 and "duties.jsonl" in out
    code, out, _ = run(capsys, "--store", str(directory), "eval", "--gold", str(tmp_path / "gold"), "--source",
                       "guidance", "--json")
    assert code == 0 and json.loads(out)["duties"]["f1"] == 1.0
    lines = [line for line in (tmp_path / "gold" / "duties.jsonl").read_text().splitlines() if "attend" not in line]
    (tmp_path / "gold" / "duties.jsonl").write_text("\n".join(lines) + "\n")
    code, out, _ = run(capsys, "--store", str(directory), "review", "import", str(tmp_path / "gold"),
                       "--source", "guidance", "--reviewer", "Dana")
    assert code == 0 and "corrections recorded" in out
    code, out, _ = run(capsys, "--store", str(directory), "review", "list")
    assert "Dana" in out and "not a duty" in out
    code, out, _ = run(capsys, "--store", str(directory), "eval", "--gold", str(tmp_path / "gold"), "--source",
                       "guidance")
    assert code == 0 and "duties     precision           1.000" in out
    code, out, _ = run(capsys, "--store", str(directory), "eval", "--gold", str(tmp_path / "gold"), "--source",
                       "guidance", "--as-extracted")
    assert "duties     precision           1.000" not in out
    code, out, _ = run(capsys, "--store", str(directory), "review", "undo")
    assert code == 0 and out.count("undone") == len(lines) + 1  # the batch: an accept per kept line, one rejection
    code, _, err = run(capsys, "--store", str(directory), "eval", "--gold", str(tmp_path / "gold"))
    assert code == 2 and "--source ID or --input FILE" in err


@pytest.mark.parametrize("command", [["review"], ["review", "list"], ["review", "undo"], ["review", "export"],
                                     ["review", "import"], ["eval"]])
def test_the_review_commands_have_help(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0 and out.startswith(f"Usage: policykg {' '.join(command)}")


def test_as_extracted_is_offered_by_every_command_that_reads_the_graph(capsys):
    for command in ("query", "export", "analyse", "validate", "eval"):
        assert "--as-extracted" in run(capsys, command, "--help")[1]


def test_the_viewer_is_handed_its_review_switches(capsys, tmp_path, monkeypatch):
    import graph.cli

    calls = []
    (tmp_path / "app.py").write_text("")
    monkeypatch.setattr(graph.cli, "VIEWER", tmp_path / "app.py")
    monkeypatch.setattr(graph.cli.os, "execv", lambda program, argv: calls.append(argv))
    run(capsys, "--store", str(tmp_path / "s"), "app", "--read-only", "--as-extracted", "--reviewer", "Ana Lima")
    [argv] = calls
    assert argv[argv.index("--") + 3:] == ["--read-only", "--as-extracted", "--reviewer", "Ana Lima"]
