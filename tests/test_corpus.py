"""The viewer's corpus: read-only while a build may write, a version that moves with writes, uploads checked,
readers' queries run apart and stopped when too slow."""
from __future__ import annotations

import gc

import pytest
from conftest import make_extraction

from graph import GraphError
from graph.corpus import add_document, open_for_reading, store_exists, store_version
from graph.store import list_sources, open_store, replace_source
from graph.timed_query import run_with_timeout


def test_a_missing_store_reads_as_an_empty_one(tmp_path):
    assert not store_exists(tmp_path / "store")
    assert store_version(tmp_path / "store") == "missing"
    assert len(open_for_reading(tmp_path / "store")) == 0


def test_a_store_can_be_read_while_a_writer_holds_it(tmp_path):
    writer = open_store(tmp_path)
    replace_source(writer, make_extraction())
    writer.flush()
    reader = open_for_reading(tmp_path)
    assert [source.source_id for source in list_sources(reader)] == ["opinions-test"]
    del writer, reader
    gc.collect()


def _write(directory, source_id: str) -> None:
    """Add a source and close the store, as `policykg build` does when it is done."""
    extraction = make_extraction()
    extraction.source_id = source_id
    writer = open_store(directory)
    replace_source(writer, extraction)
    writer.flush()
    del writer
    gc.collect()


def test_the_version_changes_when_a_write_reaches_the_disk(tmp_path):
    _write(tmp_path, "opinions-test")
    before = store_version(tmp_path)
    assert store_version(tmp_path) == before
    _write(tmp_path, "other")
    assert store_version(tmp_path) != before


def test_an_upload_that_is_not_text_is_refused_in_one_line(tmp_path):
    with pytest.raises(GraphError, match=r"^upload\.txt holds binary data[^\n]*$"):
        add_document(tmp_path, "upload.txt", bytes(range(256)) * 8)
    assert not store_exists(tmp_path)


def test_an_added_document_is_in_the_store_and_the_store_is_free_again(tmp_path):
    text = "The State Intellectual Property Office shall set up a talent evaluation mechanism by 2015.\n"
    added = add_document(tmp_path, "../elsewhere/notice.txt", text.encode())
    assert added.source_id == "notice"
    assert added.duties >= 1
    assert [source.name for source in list_sources(open_for_reading(tmp_path))] == ["notice.txt"]
    writer = open_store(tmp_path)  # the write lock was released
    del writer
    gc.collect()


def test_adding_a_document_reports_each_step_in_order(tmp_path):
    steps: list[tuple[float, str]] = []
    text = "The Department of Energy shall publish a plan by 2030.\n"
    add_document(tmp_path, "plan.txt", text.encode(), progress=lambda fraction, step: steps.append((fraction, step)))
    fractions = [fraction for fraction, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [step for _, step in steps][-2:] == ["Writing its graph to the store", "Added"]


def test_a_query_answers_from_its_own_process_with_its_rows(tmp_path):
    _write(tmp_path, "opinions-test")
    answer = run_with_timeout(tmp_path, "SELECT ?label WHERE { ?a a pkg:Actor ; skos:prefLabel ?label } ORDER BY ?label")
    assert [row["label"] for row in answer.result.rows] == [
        "IP offices nationwide", "SIPO Patent Office", "State Intellectual Property Office"]
    assert not answer.truncated
    capped = run_with_timeout(tmp_path, "SELECT ?s WHERE { ?s a pkg:Actor }", max_rows=2)
    assert (len(capped.result.rows), capped.total_rows, capped.truncated) == (2, 3, True)


@pytest.mark.parametrize(("sparql", "timeout_s", "message"), [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", 0.5,
     r"^the query ran longer than 0\.5 s and was stopped; narrow it"),
    # a generous limit: on a loaded machine the child's start alone can take half a second
    ("DELETE WHERE { ?s ?p ?o }", 30, "^the viewer is read-only"),
    ("SELECT WHERE {", 30, "^invalid SPARQL: "),
])
def test_a_slow_refused_or_invalid_query_is_one_line_and_changes_nothing(tmp_path, sparql, timeout_s, message):
    _write(tmp_path, "opinions-test")
    before = store_version(tmp_path)
    with pytest.raises(GraphError, match=message):
        run_with_timeout(tmp_path, sparql, timeout_s=timeout_s)
    assert store_version(tmp_path) == before
