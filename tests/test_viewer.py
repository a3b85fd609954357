"""The viewer, page by page, through Streamlit's AppTest: it runs, filters, highlights exactly, escapes.

The bundled document is extracted once per session into a store on disk, which the app opens
read-only, as it does when `policykg build` may be writing. Markup-bearing text comes from a
hand-made extraction whose document holds `<script>` and a Markdown link.
"""
from __future__ import annotations

import gc
import html
import re
from pathlib import Path

import pytest
from conftest import make_extraction, span
from pyoxigraph import Store
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from extract.records import Actor, Duty, Extraction, Sentence
from graph import views
from graph.store import STORE_ENV, load_ontology, open_store, replace_source
from viewer import markup
from viewer.obligations import filtered

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"

PAGES = {
    "viewer/obligations.py": "Obligations",
    "viewer/overview.py": "Overview",
    "viewer/actor.py": "Actors",
    "viewer/mechanisms.py": "Mechanisms",
    "viewer/goals.py": "Goals",
    "viewer/document.py": "Document",
    "viewer/sparql.py": "SPARQL",
    "viewer/add_document.py": "Add a document",
}
HOSTILE = "Publish <script>alert(1)</script> and [x](http://evil) at once."
_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>")
_TAG = re.compile(r"<[^>]+>")


def _build(directory: Path, extraction: Extraction) -> Path:
    store = open_store(directory)
    load_ontology(store)
    replace_source(store, extraction)
    store.flush()
    del store  # releases the write lock, as `policykg build` does when it ends
    gc.collect()
    return directory


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    from extract.pipeline import extract_text
    from extract.read import bundled_document, read_text

    document = bundled_document()
    return _build(tmp_path_factory.mktemp("bundled") / "store", extract_text(read_text(document), document.name))


def _hostile_extraction() -> Extraction:
    """The hand-made extraction plus a sentence, a duty and an actor whose text is markup."""
    extraction = make_extraction()
    start = len(extraction.text)
    extraction.text += HOSTILE + "\n"
    extraction.documents[0].end = len(extraction.text)
    sentence = Sentence("s4", "doc1", "II", HOSTILE, start, start + len(HOSTILE))
    clause = HOSTILE[: HOSTILE.index(" at once")]
    extraction.sentences.append(sentence)
    extraction.actors.append(Actor("a4", "Office <script>alert(2)</script> [y](http://evil)", "government-body"))
    extraction.duties.append(Duty(
        id="d4", document="doc1", section="II", sentence="s4", sentence_text=HOSTILE, text=clause,
        start=start, end=start + len(clause), sentence_start=sentence.start, sentence_end=sentence.end,
        modality="obligation", action="publish", object="<script>alert(1)</script>",
        actor="Office <script>alert(2)</script> [y](http://evil)", actor_id="a4", actor_inferred=False,
        cue_start=start,
    ))
    return extraction


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("hostile") / "store", _hostile_extraction())


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("small") / "store", make_extraction())


def _app(monkeypatch, store: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv(STORE_ENV, str(store))
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    if page is not None:
        app.switch_page(page).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def _register(store: Path) -> tuple[list[dict], str]:
    reader = Store.read_only(str(store))
    register = views.duty_register(reader)
    return register, views.source_text(reader, register[0]["source"])


def _shown_text(markdown: str) -> str:
    """What a reader sees of an HTML block: the text, tags dropped, references decoded."""
    return html.unescape(_TAG.sub("", markdown))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_bundled_document_without_errors(monkeypatch, bundled_store, page):
    app = _app(monkeypatch, bundled_store, page)
    assert not app.error, [error.value for error in app.error]
    assert app.title[0].value == PAGES[page]


@pytest.mark.parametrize("page", [page for page in PAGES if page != "viewer/add_document.py"])
def test_an_empty_store_says_how_to_add_a_document(monkeypatch, tmp_path, page):
    app = _app(monkeypatch, tmp_path / "never-built", page)
    assert "policykg build FILE" in app.info[0].value
    assert not app.dataframe


def test_filters_reduce_the_register_and_combine(monkeypatch, bundled_store):
    app = _app(monkeypatch, bundled_store)
    total = len(app.dataframe[0].value)
    assert app.caption[0].value == f"{total} of {total} duties"

    app.text_input(key="duty_search").set_value("talents").run()
    searched = len(app.dataframe[0].value)
    assert 0 < searched < total

    app.multiselect(key="duty_statuses").set_value(["named"]).run()
    named = app.dataframe[0].value
    assert 0 < len(named) < searched
    assert not named["Owner"].str.startswith("(inferred)").any()
    assert app.caption[0].value == f"{len(named)} of {total} duties"

    app.text_input(key="duty_search").set_value("no-such-word-anywhere").run()
    assert not app.dataframe
    assert app.info[0].value == "No duty matches these filters."


def test_filters_by_actor_section_deadline_and_condition(bundled_store):
    register, _ = _register(bundled_store)
    none = {"search": "", "documents": [], "sections": [], "actors": [], "modalities": [], "statuses": [],
            "deadline": "any", "condition": "any"}
    assert filtered(register, none) == register
    owner = next(row["actor"] for row in register if row["actor"])
    by_actor = filtered(register, {**none, "actors": [owner]})
    assert by_actor and all(row["actor"] == owner for row in by_actor)
    section = next(row["section"] for row in register if row["section"])
    assert all(row["section"] == section for row in filtered(register, {**none, "sections": [section]}))
    with_deadline = filtered(register, {**none, "deadline": "yes"})
    without = filtered(register, {**none, "deadline": "no"})
    assert len(with_deadline) + len(without) == len(register)
    assert all(row["condition"] for row in filtered(register, {**none, "condition": "yes"}))
    assert filtered(register, {**none, "actors": [views.NOT_STATED]}) == [row for row in register if not row["actor"]]


def test_a_selected_row_is_highlighted_exactly_in_its_sentence(monkeypatch, bundled_store):
    register, text = _register(bundled_store)
    app = _app(monkeypatch, bundled_store)
    for index in (0, 7, len(register) - 1):
        app.session_state[app.dataframe[0].key] = {"selection": {"rows": [index], "columns": [], "cells": []}}
        app.run()
        duty = register[index]
        passage = app.markdown[0].value
        [highlight] = _MARK.findall(passage)
        assert html.unescape(highlight) == text[duty["start"]:duty["end"]]
        assert _shown_text(passage) == text[duty["sentence_start"]:duty["sentence_end"]]


def test_inferred_and_unknown_owners_are_labelled_never_blank(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    owners = app.dataframe[0].value["Owner"].tolist()
    assert owners == ["State Intellectual Property Office", "(inferred) IP offices nationwide", "not stated"]


def test_document_text_is_escaped_on_every_page_that_shows_it(monkeypatch, hostile_store):
    app = _app(monkeypatch, hostile_store)
    app.text_input(key="duty_search").set_value("publish").run()
    shown = [element.value for element in app.markdown] + [element.value for element in app.header]
    app.switch_page("viewer/document.py").run()
    shown += [element.value for element in app.markdown]
    app.session_state["actor"] = ("opinions-test", "a4")
    app.switch_page("viewer/actor.py").run()
    shown += [element.value for element in app.markdown] + [element.value for element in app.header]
    assert not app.exception
    everything = "\n".join(shown)
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in everything  # the duty's sentence
    assert "&lt;script&gt;alert&#40;2&#41;&lt;/script&gt;" in everything  # the actor's name
    assert "<script" not in everything
    assert "](http" not in everything


def test_escape_leaves_no_markup_and_shows_the_same_characters():
    text = "<b>*bold*</b> [x](http://evil) $x$ :red[y] `code` # h\n- item & 'q' \"q\""
    escaped = markup.escape(text)
    assert not set(escaped) & set("<>[]()*`$:\"'\n")
    assert html.unescape(escaped) == text.replace("\n", " ")


def test_sparql_shows_results_and_refuses_updates_in_one_line(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/sparql.py")
    assert app.dataframe[0].value["owner"].tolist()  # the first example runs at once
    app.text_area[0].set_value("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    app.button[0].click().run()
    assert html.unescape(app.error[0].value).startswith("the viewer is read-only: SPARQL updates")
    app.text_area[0].set_value("SELECT WHERE {")
    app.button[0].click().run()
    message = html.unescape(app.error[0].value)
    assert message.startswith("invalid SPARQL: ") and "\n" not in message
    app.text_area[0].set_value("SELECT ?label WHERE { ?a a pkg:Actor ; skos:prefLabel ?label }")
    app.button[0].click().run()
    assert sorted(app.dataframe[0].value["label"]) == [
        "IP offices nationwide", "SIPO Patent Office", "State Intellectual Property Office"]


def test_the_owner_button_opens_the_owners_actor_page(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    app.button[0].click().run()
    assert app.title[0].value == "Actors"
    assert app.header[0].value == markup.escape("State Intellectual Property Office")
    assert app.dataframe[0].value["Clause"].tolist() == [
        "The State Intellectual Property Office (SIPO) shall set up a talent evaluation mechanism by 2015"]


def test_the_register_can_be_downloaded_as_csv_and_json(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    assert [button.label for button in app.get("download_button")] == ["Download CSV", "Download JSON"]


def test_goals_show_on_a_timeline_with_their_targets(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/goals.py")
    assert app.dataframe[0].value[["Year", "Target"]].values.tolist() == [[2020, "≥ 12000"]]
    [chart] = app.get("vega_lite_chart")
    [dataset] = chart.proto.datasets
    points = convert_arrow_bytes_to_pandas_df(dataset.data.data)
    assert points[["year", "target"]].values.tolist() == [[2020, "≥ 12000"]]


def test_the_actor_page_lists_aliases_units_and_mechanisms(monkeypatch, small_store):
    monkeypatch.setenv(STORE_ENV, str(small_store))
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.session_state["actor"] = ("opinions-test", "a1")
    app.run()
    app.switch_page("viewer/actor.py").run()
    facts = app.markdown[0].value
    assert "SIPO" in facts and markup.escape("SIPO Patent Office") in facts
    assert markup.escape("talent evaluation mechanism") in app.markdown[1].value


def test_the_mechanism_page_shows_where_a_mechanism_is_named(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/mechanisms.py")
    mention = next(element.value for element in app.markdown if "<mark" in element.value)
    [highlight] = _MARK.findall(mention)
    assert html.unescape(highlight) == "talent evaluation mechanism" == make_extraction().text[
        slice(*span("talent evaluation mechanism"))]


def test_an_uploaded_document_is_extracted_into_the_store_and_shown(monkeypatch, tmp_path):
    store = tmp_path / "store"
    app = _app(monkeypatch, store, "viewer/add_document.py")
    text = "The State Intellectual Property Office shall set up a talent evaluation mechanism by 2015.\n"
    app.file_uploader[0].upload("notice.txt", text.encode(), "text/plain").run()
    app.button[0].click().run()
    assert not app.error, [error.value for error in app.error]
    assert html.unescape(app.success[0].value).startswith("Added notice: ")
    app.switch_page("viewer/obligations.py").run()
    assert app.dataframe[0].value["Clause"].str.contains("set up a talent evaluation mechanism").any()


def test_an_upload_that_is_not_text_is_refused_in_one_line(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path / "store", "viewer/add_document.py")
    app.file_uploader[0].upload("scan.txt", bytes(range(256)) * 8, "text/plain").run()
    app.button[0].click().run()
    assert html.unescape(app.error[0].value).startswith("scan.txt holds binary data")
