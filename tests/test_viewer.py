"""The viewer, page by page, through Streamlit's AppTest: it runs, filters, highlights exactly, escapes.

The bundled document is extracted once per session into a store on disk, which the app opens
read-only, as it does when `policykg build` may be writing. Markup-bearing text comes from a
hand-made extraction whose document holds `<script>` and a Markdown link.
"""
from __future__ import annotations

import gc
import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import build_store, make_extraction, span
from pyoxigraph import Store
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from extract.records import Actor, Duty, Extraction, Sentence
from graph import views
from graph.store import STORE_ENV, load_ontology, open_store, replace_source
from viewer import links, markup
from viewer.goals import target
from viewer.obligations import PAGE_SIZE, actor_tree, filtered, with_units

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"

PAGES = {
    "viewer/obligations.py": "Obligations",
    "viewer/overview.py": "Overview",
    "viewer/actor.py": "Actors",
    "viewer/mechanisms.py": "Mechanisms",
    "viewer/goals.py": "Goals",
    "viewer/network.py": "Graph",
    "viewer/document.py": "Document",
    "viewer/sparql.py": "SPARQL",
    "viewer/add_document.py": "Add a document",
}
HOSTILE = "Publish <script>alert(1)</script> and [x](http://evil) at once."
_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>")
_TAG = re.compile(r"<[^>]+>")
_ROW = re.compile(r"<tr([^>]*)>(.*?)</tr>")
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>")


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
    return build_store(tmp_path_factory.mktemp("hostile") / "store", _hostile_extraction())


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("small") / "store", make_extraction())


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


def _tables(app: AppTest) -> list[str]:
    return [element.proto.body for element in app.html if "<table" in element.proto.body]


def _rows(app: AppTest) -> list[dict]:
    """The rows of the register page on show, heading -> text as a reader sees it, with the clause's
    link (`href`, decoded) and whether the row is the duty shown below it (`current`)."""
    [table] = _tables(app)
    head, body = table.split("<tbody>")
    headings = [_shown_text(cell) for cell in _CELL.findall(head)]
    return [{**dict(zip(headings, map(_shown_text, _CELL.findall(cells)))),
             "href": html.unescape(re.search(r'href="([^"]+)"', cells)[1]), "current": "aria-current" in attributes}
            for attributes, cells in _ROW.findall(body)]


def _ids(app: AppTest) -> list[str]:
    """The ids of the duties on the register page on show, in order."""
    return [parse_qs(urlsplit(row["href"]).query)["id"][0] for row in _rows(app)]


def _page_links(app: AppTest) -> dict[str, str]:
    """The links to the register's other pages: text -> address (decoded)."""
    [table] = _tables(app)
    nav = re.search(r"<nav.*?</nav>", table)
    return {} if nav is None else {
        html.unescape(text): html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', nav[0])}


def _duty_block(app: AppTest) -> str:
    """The opened duty as HTML: its sentence, facts and links."""
    return next(element.proto.body for element in app.html if "<mark" in element.proto.body)


def _passage(app: AppTest) -> str:
    """The duty in its sentence, as HTML."""
    return re.search(r"<div[^>]*>.*?</div>", _duty_block(app))[0]


def _links(app: AppTest) -> dict[str, str]:
    """The opened duty's links: label -> address (decoded)."""
    return {html.unescape(label): html.unescape(href)
            for href, label in re.findall(r'<a href="([^"]+)">([^<]*)</a>', _duty_block(app))}


def _follow(monkeypatch, store: Path, href: str) -> AppTest:
    """What a click on a link opens: a new page load of its address (`./PAGE?...`)."""
    monkeypatch.setenv(STORE_ENV, str(store))
    address = urlsplit(href)
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.query_params.update(parse_qs(address.query))
    app.run()
    page = next(script for script, path in links.PAGES.values() if f"./{path}" == address.path)
    if page != links.PAGES["duty"][0]:
        app.switch_page(page).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_bundled_document_without_errors(monkeypatch, bundled_store, page):
    app = _app(monkeypatch, bundled_store, page)
    assert not app.error, [error.value for error in app.error]
    assert app.title[0].value == PAGES[page]


@pytest.mark.parametrize("page", [page for page in PAGES if page != "viewer/add_document.py"])
def test_an_empty_store_says_how_to_add_a_document(monkeypatch, tmp_path, page):
    app = _app(monkeypatch, tmp_path / "never-built", page)
    assert "policykg add FILE" in app.info[0].value
    assert not app.dataframe and not app.html


def test_filters_reduce_the_register_and_combine(monkeypatch, bundled_store):
    app = _app(monkeypatch, bundled_store)
    total = len(_register(bundled_store)[0])
    assert app.caption[0].value == f"{total} of {total} duties"
    assert len(_rows(app)) == PAGE_SIZE < total

    app.text_input(key="duty_search").set_value("talents").run()
    searched = int(app.caption[0].value.split()[0])
    assert 0 < searched < total
    assert html.unescape(app.caption[0].value) == f"{searched} of {total} duties — search: “talents”"

    app.multiselect(key="duty_statuses").set_value(["named"]).run()
    named = _rows(app)
    assert 0 < len(named) < min(searched, PAGE_SIZE)
    assert not any(row["Owner"].startswith("(inferred)") for row in named)
    assert html.unescape(app.caption[0].value) == (
        f"{len(named)} of {total} duties — search: “talents” · owner is: named")

    app.text_input(key="duty_search").set_value("no-such-word-anywhere").run()
    assert not _tables(app)
    assert app.info[0].value == "No duty matches these filters."


def test_the_filters_are_read_from_the_address_and_every_clause_link_keeps_them(monkeypatch, bundled_store):
    register, _ = _register(bundled_store)
    address = "./?duty_search=talents&duty_statuses=named&duty_condition=no"
    app = _follow(monkeypatch, bundled_store, address)
    assert app.text_input(key="duty_search").value == "talents"
    assert app.multiselect(key="duty_statuses").value == ["named"]
    rows = _rows(app)
    assert rows and all(parse_qs(urlsplit(row["href"]).query) == {
        "duty_search": ["talents"], "duty_statuses": ["named"], "duty_condition": ["no"],
        "source": [register[0]["source"]], "id": [parse_qs(urlsplit(row["href"]).query)["id"][0]]} for row in rows)

    opened = _follow(monkeypatch, bundled_store, rows[-1]["href"])
    assert _rows(opened) == rows[:-1] + [{**rows[-1], "current": True}]  # the same rows, the opened one marked
    assert opened.caption[0].value == app.caption[0].value


def test_filters_by_actor_section_deadline_and_condition(bundled_store):
    register, _ = _register(bundled_store)
    none = {"search": "", "documents": [], "sections": [], "actors": [], "roles": [], "modalities": [],
            "statuses": [], "mechanisms": [], "deadline": "any", "condition": "any"}
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
    leading = filtered(register, {**none, "roles": ["lead"]})
    assert leading and all(row["role"] == "lead" for row in leading)
    mechanism = next(label for row in register for label in row["mechanisms"])
    on_it = filtered(register, {**none, "mechanisms": [mechanism]})
    assert on_it and all(mechanism in row["mechanisms"] for row in on_it)


def test_the_owner_filter_lists_units_under_their_body_and_brings_their_duties():
    actors = [{"label": "Ministry", "parent": None}, {"label": "Bureau", "parent": "Ministry"},
              {"label": "Desk", "parent": "Bureau"}, {"label": "Agency", "parent": None},
              {"label": "Idle Office", "parent": None}]
    assert actor_tree(actors, owners={"Desk", "Agency"}) == [("Agency", 0), ("Ministry", 0), ("Bureau", 1), ("Desk", 2)]
    assert with_units(["Ministry"], actors) == ["Bureau", "Desk", "Ministry"]
    assert with_units(["Bureau"], actors) == ["Bureau", "Desk"]


def test_an_opened_duty_is_highlighted_exactly_in_its_sentence(monkeypatch, bundled_store):
    register, text = _register(bundled_store)
    for index in (0, 7, len(register) - 1):
        page, row = divmod(index, PAGE_SIZE)
        app = _follow(monkeypatch, bundled_store, f"./?duty_page={page + 1}")
        opened = _follow(monkeypatch, bundled_store, _rows(app)[row]["href"])
        duty = register[index]
        passage = _passage(opened)
        [highlight] = _MARK.findall(passage)
        assert html.unescape(highlight) == text[duty["start"]:duty["end"]]
        assert _shown_text(passage) == text[duty["sentence_start"]:duty["sentence_end"]]
        assert [row["current"] for row in _rows(opened)].index(True) == row  # on its own page, marked


def test_the_register_shows_a_page_at_a_time_and_links_turn_it_keeping_the_opened_duty(monkeypatch, bundled_store):
    register, _ = _register(bundled_store)
    ids = [row["id"] for row in register]
    app = _app(monkeypatch, bundled_store)
    assert _ids(app) == ids[:PAGE_SIZE]
    last = -(-len(register) // PAGE_SIZE)
    assert list(_page_links(app)) == ["2", "3", str(last), "Next ›"]  # 1 2 3 … last

    opened = _follow(monkeypatch, bundled_store, _rows(app)[3]["href"])
    turned = _follow(monkeypatch, bundled_store, _page_links(opened)["Next ›"])
    assert _ids(turned) == ids[PAGE_SIZE:2 * PAGE_SIZE]
    assert not any(row["current"] for row in _rows(turned))
    assert html.unescape(_MARK.findall(_passage(turned))[0]) == register[3]["text"]  # the duty stays open
    assert _page_links(turned)["‹ Previous"] == _page_links(turned)["1"]

    turned.multiselect(key="duty_modalities").set_value(["obligation"]).run()  # new filters start on page 1
    assert _ids(turned) == [row["id"] for row in register if row["modality"] == "obligation"][:PAGE_SIZE]


def test_inferred_and_unknown_owners_are_labelled_never_blank(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    owners = [row["Owner"] for row in _rows(app)]
    assert owners == ["State Intellectual Property Office", "IP offices nationwide, inferred", "not stated"]
    assert not _page_links(app)  # one page


def test_document_text_is_escaped_on_every_page_that_shows_it(monkeypatch, hostile_store):
    app = _app(monkeypatch, hostile_store)
    app.text_input(key="duty_search").set_value("publish").run()
    app = _follow(monkeypatch, hostile_store, _rows(app)[0]["href"])
    shown = [element.value for element in app.markdown] + [element.proto.body for element in app.html]
    app.switch_page("viewer/document.py").run()
    shown += [element.value for element in app.markdown]
    app.session_state["actor"] = ("opinions-test", "a4")
    app.switch_page("viewer/actor.py").run()
    shown += [element.value for element in app.markdown] + [element.value for element in app.header]
    shown += [element.proto.label for element in app.get("page_link")]
    app.switch_page("viewer/network.py").run()
    app.checkbox(key="graph_isolated").check().run()  # the office's duty works on no mechanism
    drawn = json.dumps(_drawn(app), ensure_ascii=False)
    assert "Office ＜script＞alert(2)＜/script＞" in drawn  # reads the same, opens no tag in the component
    assert "<" not in drawn
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


def test_sparql_runs_a_named_query_at_once_and_takes_its_parameters(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/sparql.py")
    assert app.selectbox(key="sparql_named").value == "actor-duty-load"  # the first, needing no parameter
    assert sorted(app.dataframe[0].value["actor"]) == ["IP offices nationwide", "State Intellectual Property Office"]
    app.selectbox(key="sparql_named").set_value("duties-of-actor").run()
    assert app.text_input(key="sparql_param_duties-of-actor_actor").value == "State Intellectual Property Office"
    assert app.dataframe[0].value["owner"].tolist() == ["State Intellectual Property Office"]
    app.text_input(key="sparql_param_duties-of-actor_actor").set_value("ip offices NATIONWIDE")
    app.button[0].click().run()
    assert app.dataframe[0].value[["owner", "inferred"]].values.tolist() == [["IP offices nationwide", "True"]]
    app.selectbox(key="sparql_named").set_value("goals-by-year").run()
    app.text_input(key="sparql_param_goals-by-year_year").set_value("twenty")
    app.button[0].click().run()
    assert html.unescape(app.error[0].value) == "query 'goals-by-year': year must be a year like 2015, not 'twenty'"


def test_sparql_own_queries_show_results_and_refuse_updates_in_one_line(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/sparql.py")
    app.radio(key="sparql_mode").set_value("Your own query").run()
    assert app.dataframe[0].value["owner"].tolist()  # the starting query runs at once
    assert app.code[0].language == "sparql" and "pkg:owner" in app.code[0].value  # the query, highlighted
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


def test_a_query_that_runs_too_long_is_stopped_with_one_line(monkeypatch, small_store):
    monkeypatch.setattr("viewer.state.QUERY_TIMEOUT_S", 0.5)
    app = _app(monkeypatch, small_store, "viewer/sparql.py")
    app.radio(key="sparql_mode").set_value("Your own query").run()
    app.text_area[0].set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    app.button[0].click().run()
    assert html.unescape(app.error[0].value).startswith("the query ran longer than 0.5 s and was stopped")


def test_the_duty_links_to_its_owner_and_mechanisms_and_the_owner_link_opens_the_actor(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    assert _links(app) == {"Owner: State Intellectual Property Office": "./actor?source=opinions-test&id=a1",
                           "Mechanism: talent evaluation mechanism": "./mechanisms?source=opinions-test&id=m1"}
    app = _follow(monkeypatch, small_store, _links(app)["Owner: State Intellectual Property Office"])
    assert app.title[0].value == "Actors"
    assert app.header[0].value == markup.escape("State Intellectual Property Office")
    assert app.dataframe[0].value["Clause"].tolist() == [
        "The State Intellectual Property Office (SIPO) shall set up a talent evaluation mechanism by 2015"]


def test_an_opened_duty_says_why_this_body_owns_it(monkeypatch, small_store):
    app = _linked(monkeypatch, small_store, "viewer/obligations.py", "d2")
    facts = html.unescape(" ".join(element.proto.body for element in app.html))
    assert "<b>Why this owner:</b> the document's addressees" in facts


@pytest.mark.parametrize(("page", "record", "shown"), [
    ("viewer/obligations.py", "d2", "Improve the training system"),
    ("viewer/mechanisms.py", "m2", "training system"),
    ("viewer/goals.py", "g1", "By 2020, the number of IP talents will reach 12,000 or more"),
])
def test_an_address_naming_a_record_shows_it_highlighted(monkeypatch, small_store, page, record, shown):
    app = _linked(monkeypatch, small_store, page, record)
    blocks = [element.value for element in app.markdown] + [element.proto.body for element in app.html]
    assert shown in [html.unescape(mark) for block in blocks for mark in _MARK.findall(block)]


def _linked(monkeypatch, store: Path, page: str, record: str) -> AppTest:
    """The app opened at `page` with the address naming `record` of the small store."""
    monkeypatch.setenv(STORE_ENV, str(store))
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.query_params.update(source="opinions-test", id=record)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def test_the_register_can_be_downloaded_as_csv_and_json(monkeypatch, small_store):
    app = _app(monkeypatch, small_store)
    assert [button.label for button in app.get("download_button")] == ["Download CSV", "Download JSON"]


def test_goals_show_on_a_timeline_with_their_targets(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/goals.py")
    assert app.dataframe[0].value[["Year", "Target"]].values.tolist() == [["2020", "≥ 12,000"]]
    [chart] = app.get("vega_lite_chart")
    [dataset] = chart.proto.datasets
    points = convert_arrow_bytes_to_pandas_df(dataset.data.data)
    assert points[["year", "target"]].values.tolist() == [[2020, "≥ 12,000"]]


def test_the_actor_page_lists_aliases_units_mechanisms_and_its_neighbourhood(monkeypatch, small_store):
    app = _linked(monkeypatch, small_store, "viewer/actor.py", "a1")
    assert "SIPO" in app.markdown[0].value
    targets = {element.proto.label: element.proto.query_string for element in app.get("page_link")}
    assert targets[markup.escape("Unit: SIPO Patent Office")] == "source=opinions-test&id=a3"
    assert targets[markup.escape("talent evaluation mechanism")] == "source=opinions-test&id=m1"
    assert app.caption[0].value.startswith("owner: 1")
    [network] = app.get("component_instance")
    drawn = {node["data"]["text"] for node in json.loads(network.proto.json_args)["elements"]["nodes"]}
    assert {"State Intellectual Property Office", "SIPO Patent Office", "talent evaluation mechanism"} <= drawn


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
    assert any("set up a talent evaluation mechanism" in row["Clause"] for row in _rows(app))


def test_an_upload_that_is_not_text_is_refused_in_one_line(monkeypatch, tmp_path):
    app = _app(monkeypatch, tmp_path / "store", "viewer/add_document.py")
    app.file_uploader[0].upload("scan.txt", bytes(range(256)) * 8, "text/plain").run()
    app.button[0].click().run()
    assert html.unescape(app.error[0].value).startswith("scan.txt holds binary data")


def test_a_pasted_text_joins_the_corpus_as_its_own_graph_with_a_progress_bar(monkeypatch, tmp_path):
    store = build_store(tmp_path / "store", make_extraction())
    app = _app(monkeypatch, store, "viewer/add_document.py")
    assert app.button(key="add_paste_button").disabled  # nothing to add yet
    app.text_input(key="add_name").set_value("Energy Notice")
    app.text_area(key="add_text").set_value("The Department of Energy shall publish a plan by 2030.\n").run()
    app.button(key="add_paste_button").click().run()
    assert not app.error, [error.value for error in app.error]
    assert html.unescape(app.success[0].value).startswith("Added energy-notice: ")
    [bar] = app.get("progress")
    assert (bar.proto.value, bar.proto.text) == (100, "Done")
    app.switch_page("viewer/document.py").run()
    assert app.selectbox(key="document_source").options == ["Energy Notice.txt", "opinions-test.txt"]


def test_the_overview_says_what_the_shacl_shapes_flag(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/overview.py")
    assert html.unescape(app.success[0].value).startswith("opinions-test conforms — 0 violation(s), ")
    flagged = [html.unescape(element.value) for element in app.markdown if element.value.startswith("- ")]
    assert any("d3 pkg:owner: no owner is stated" in line for line in flagged)


def test_the_graph_page_draws_what_the_filters_keep_and_a_click_opens_the_record(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/network.py")
    assert {node["data"]["label"] for node in _drawn(app)["nodes"]} == {"actor", "mechanism"}  # the goal is isolated
    app.checkbox(key="graph_isolated").check().run()
    assert {node["data"]["label"] for node in _drawn(app)["nodes"]} == {"actor", "mechanism", "goal"}
    app.multiselect(key="graph_kinds").set_value(["actor", "duty", "mechanism", "goal"])
    app.slider(key="graph_radius").set_value(2).run()  # actor -> duty -> mechanism
    assert {node["data"]["label"] for node in _drawn(app)["nodes"]} == {"actor", "duty", "mechanism", "goal"}
    app.multiselect(key="graph_kinds").set_value(["actor", "mechanism"]).run()
    app.multiselect(key="graph_actors").set_value(["IP offices nationwide"]).run()
    drawn = _drawn(app)
    assert {node["data"]["text"] for node in drawn["nodes"]} == {"IP offices nationwide", "training system"}
    [edge] = drawn["edges"]
    assert edge["data"]["label"] == "works on"
    mechanism = next(node["data"]["id"] for node in drawn["nodes"] if node["data"]["label"] == "mechanism")
    app.session_state["graph_network"] = {"action": "open", "data": {"target_id": mechanism}, "timestamp": 1}
    app.run()
    assert app.title[0].value == "Mechanisms"
    assert app.header[0].value == markup.escape("training system")


def test_the_document_page_shows_its_structure_and_links_every_highlight(monkeypatch, small_store):
    app = _app(monkeypatch, small_store, "viewer/document.py")
    tree = next(element.value for element in app.markdown if "](#section-" in element.value)
    assert f"- [I {markup.escape('Main Tasks')}](#section-0) · 3 duties" in tree
    text = next(element.value for element in app.markdown if "<mark" in element.value and "href=" in element.value)
    assert _shown_text(text) == make_extraction().text  # every character, once, in order
    targets = set(re.findall(r'<a href="([^"]+)" target="_self"', text))
    assert {"./?source=opinions-test&amp;id=d1", "./actor?source=opinions-test&amp;id=a1",
            "./goals?source=opinions-test&amp;id=g1"} <= targets
    assert 'id="section-0"' in html.unescape(text)  # where the tree's first link jumps to


@pytest.fixture(scope="session")
def corpus_of_50(tmp_path_factory) -> Path:
    """50 small sources: one hand-made extraction under 50 source ids."""
    directory = tmp_path_factory.mktemp("fifty") / "store"
    store = open_store(directory)
    load_ontology(store)
    for index in range(50):
        extraction = make_extraction()
        extraction.source_id, extraction.source_name = f"notice-{index:02d}", f"notice-{index:02d}.txt"
        replace_source(store, extraction)
    store.flush()
    del store
    gc.collect()
    return directory


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_a_corpus_of_50_documents(monkeypatch, corpus_of_50, page):
    app = _app(monkeypatch, corpus_of_50, page)  # within AppTest's timeout, or it fails
    assert not app.error, [error.value for error in app.error]
    assert app.title[0].value == PAGES[page]


def _drawn(app: AppTest) -> dict:
    """The nodes and edges handed to the graph component."""
    [component] = app.get("component_instance")
    return json.loads(component.proto.json_args)["elements"]


def test_a_range_target_shows_its_upper_bound():
    assert target({"value": 4.0, "value_max": 6.0, "comparator": ">=", "unit": None}) == "≥ 4 (up to 6)"
    assert target({"value": 80.0, "value_max": None, "comparator": ">", "unit": "percent"}) == "> 80 percent"
