"""The store holds one graph per source: re-adding replaces, removing removes, failing changes nothing."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import make_extraction
from pyoxigraph import DefaultGraph, NamedNode, Store

from graph import GraphError
from graph.build import graph_iri
from graph.store import (DEFAULT_STORE, STORE_ENV, list_sources, load_ontology, open_store, remove_source,
                         replace_source, replace_sources, store_path)


def _snapshot(store: Store) -> set[str]:
    return {str(quad) for quad in store}


def test_re_adding_a_source_replaces_it_without_duplicates(extraction):
    store = Store()
    added = replace_source(store, extraction)
    assert len(store) == added
    replace_source(store, make_extraction())
    assert len(store) == added
    assert [source.source_id for source in list_sources(store)] == ["opinions-test"]


def test_a_changed_source_loses_what_it_no_longer_says(extraction):
    store = Store()
    replace_source(store, extraction)
    extraction.duties.pop()
    replace_source(store, extraction)
    assert not bool(store.query(f"ASK {{ <{graph_iri('opinions-test').value}/duty/d3> ?p ?o }}",
                                use_default_graph_as_union=True))


def test_remove_takes_out_one_source_and_leaves_the_others(extraction):
    store = Store()
    replace_source(store, extraction)
    other = make_extraction()
    other.source_id, other.source_name = "other", "other.txt"
    replace_source(store, other)
    before = len(store)
    assert remove_source(store, "opinions-test")
    assert [source.source_id for source in list_sources(store)] == ["other"]
    assert len(store) == before // 2
    assert not remove_source(store, "opinions-test")


def test_a_failing_build_leaves_the_store_as_it_was(extraction):
    store = Store()
    replace_source(store, extraction)
    before = _snapshot(store)
    broken = make_extraction()
    broken.goals[0].sentence = "missing"  # found only after every duty has been turned into quads
    with pytest.raises(GraphError):
        replace_source(store, broken)
    assert _snapshot(store) == before


def test_sources_replaced_together_are_all_replaced_or_none(extraction):
    store = Store()
    replace_source(store, extraction)
    before = _snapshot(store)
    other = make_extraction()
    other.source_id, other.source_name = "other", "other.txt"
    broken = make_extraction()
    broken.source_id = "broken"
    broken.goals[0].sentence = "missing"
    with pytest.raises(GraphError):
        replace_sources(store, [other, broken])
    assert _snapshot(store) == before
    assert replace_sources(store, [make_extraction(), other]) == [len(store) // 2] * 2
    assert [source.source_id for source in list_sources(store)] == ["opinions-test", "other"]


def test_two_inputs_with_one_source_id_are_refused(extraction):
    with pytest.raises(GraphError, match="two inputs would both be source 'opinions-test'"):
        replace_sources(Store(), [extraction, make_extraction()])


def test_an_update_failing_after_the_drop_leaves_the_store_as_it_was(extraction, monkeypatch):
    store = Store()
    replace_source(store, extraction)
    store.add_graph(NamedNode("urn:exists"))
    before = _snapshot(store)
    run_update = Store.update

    def update_then_fail(self: Store, update: str, **options) -> None:
        # The replacement's DROP and INSERT run, then the same update fails: nothing may stick.
        run_update(self, f"{update} ;\nCREATE GRAPH <urn:exists>", **options)

    monkeypatch.setattr(Store, "update", update_then_fail)
    changed = make_extraction()
    changed.duties.pop()
    with pytest.raises(RuntimeError, match="already exists"):
        replace_source(store, changed)
    assert _snapshot(store) == before


def test_ontology_is_loaded_once_into_the_default_graph():
    store = Store()
    load_ontology(store)
    count = len(store)
    load_ontology(store)
    assert len(store) == count > 100
    assert all(quad.graph_name == DefaultGraph() for quad in store)


def test_the_store_persists_on_disk_and_reopens(tmp_path, extraction):
    store = open_store(tmp_path / "store")
    replace_source(store, extraction)
    count = len(store)
    del store
    gc.collect()
    assert len(Store.read_only(str(tmp_path / "store"))) == count


def test_a_store_in_use_can_be_read_but_not_opened_for_writing(tmp_path, extraction):
    built = open_store(tmp_path / "store")
    count = replace_source(built, extraction)
    del built
    gc.collect()
    held = open_store(tmp_path / "store")  # as the viewer holds it: open, not writing
    with pytest.raises(GraphError, match="store .* is locked by another policykg process; wait for it to finish"):
        open_store(tmp_path / "store")
    assert len(open_store(tmp_path / "store", read_only=True)) == count
    del held


def test_reading_a_store_that_was_never_built_says_to_build(tmp_path):
    with pytest.raises(GraphError, match="no store at .*run `policykg build` first"):
        open_store(tmp_path / "none", read_only=True)
    assert not (tmp_path / "none").exists()


def test_store_location_is_the_option_then_the_environment_then_data_store(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert store_path() == DEFAULT_STORE == Path("data/store")
    monkeypatch.setenv(STORE_ENV, "/srv/kg")
    assert store_path() == Path("/srv/kg")
    assert store_path(Path("here")) == Path("here")
