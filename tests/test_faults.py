"""Faults during a real build: a killed `policykg add` and a second build on the same store.

`add` writes each document in its own transaction, so whenever the process dies every document
graph must be either what it was before the run or the complete new one, never half of it; and a
second build while one runs must be turned away in one line, leaving the first to finish intact.
"""
from __future__ import annotations

import gc
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_extraction

from extract.corpus import extract_many
from extract.ingest import load_document
from extract.read import bundled_document
from graph.build import build_quads, graph_iri
from graph.cli import main
from graph.store import load_ontology, open_store, replace_source

COPIES = ("copy1.txt", "copy2.txt", "copy3.txt")
KILLS = 3  # kills, each at a random moment after the first document is written
SEED = 20240611
Graphs = dict[str, frozenset[str]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three copies of the bundled document, and a store that holds an unrelated source and an old copy1."""
    folder = tmp_path_factory.mktemp("faults")
    for name in COPIES:
        shutil.copyfile(bundled_document(), folder / name)
    old_copy = make_extraction()
    old_copy.source_id, old_copy.source_name = "copy1", "copy1.txt"
    store = open_store(folder / "before")
    load_ontology(store)
    replace_source(store, make_extraction())
    replace_source(store, old_copy)
    del store
    gc.collect()
    return folder


@pytest.fixture(scope="module")
def complete(corpus: Path) -> Graphs:
    """Each copy's graph as a finished `add` writes it."""
    loaded = [load_document(corpus / name) for name in COPIES]
    return {graph_iri(done.extraction.source_id).value: frozenset(str(quad) for quad in build_quads(done.extraction))
            for done in extract_many(loaded)}


def graphs(store_dir: Path) -> Graphs:
    """Every graph's quads, opening the store for writing as the next command would (after recovery)."""
    store = open_store(store_dir)
    found: dict[str, set[str]] = {}
    for quad in store:
        found.setdefault(str(quad.graph_name), set()).add(str(quad))
    del store
    gc.collect()
    return {name.strip("<>"): frozenset(lines) for name, lines in found.items()}


def start_add(store_dir: Path, corpus: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from graph.cli import main; main()", "--store", str(store_dir), "add",
               *(str(corpus / name) for name in COPIES)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_each_graph_old_or_complete(store_dir: Path, before: Graphs, complete: Graphs) -> None:
    after = graphs(store_dir)
    assert set(after) <= set(before) | set(complete)
    for name in set(before) | set(complete):
        assert after.get(name) in (before.get(name), complete.get(name)), f"{name} is half-written"


def test_a_build_killed_midway_leaves_every_document_as_it_was_or_complete(tmp_path, corpus, complete):
    before = graphs(corpus / "before")
    rng = random.Random(SEED)
    for kill in range(KILLS):
        store_dir = tmp_path / f"store{kill}"
        shutil.copytree(corpus / "before", store_dir)
        build = start_add(store_dir, corpus)
        first_line = build.stdout.readline()  # the first document is written: the run is midway
        assert first_line.startswith("copy1: "), build.stderr.read()
        time.sleep(rng.uniform(0.0, 1.5))
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert_each_graph_old_or_complete(store_dir, before, complete)


def test_a_second_build_is_told_the_store_is_locked_and_the_first_completes(capsys, tmp_path, corpus, complete):
    store_dir = tmp_path / "store"
    shutil.copytree(corpus / "before", store_dir)
    before = graphs(store_dir)
    build = start_add(store_dir, corpus)
    assert build.stdout.readline().startswith("copy1: "), build.stderr.read()
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(store_dir), "add", str(corpus / "copy2.txt")])
    _, err = capsys.readouterr()
    assert exit_.value.code == 1
    assert err == (f"policykg: error: store {store_dir} is locked by another policykg process; "
                   "wait for it to finish or use another --store\n")
    assert build.wait(60) == 0
    after = graphs(store_dir)
    assert after == {**before, **complete}
