"""The viewer reads at a glance: a labelled graph that starts small, emphasis as emphasis, goals
whose target and missing year read plainly."""
from __future__ import annotations

import html
import json
import re

from conftest import build_store, make_extraction
from pyoxigraph import Store
from test_viewer import _app, _drawn

from graph import views
from viewer.draw import NODE_SIZE, node_size
from viewer.emphasis import emphasis_runs, plain
from viewer.goals import NO_YEAR
from viewer.markup import passage_html, segments_html

def _style(app) -> list[dict]:
    [component] = app.get("component_instance")
    return json.loads(component.proto.json_args)["style"]


def test_the_graph_starts_from_the_ten_busiest_actors_and_hides_isolated_nodes(monkeypatch, bundled_store):
    app = _app(monkeypatch, bundled_store, "viewer/network.py")
    busiest = list(dict.fromkeys(actor["label"] for actor in views.actors(Store.read_only(str(bundled_store)))))[:10]
    assert app.multiselect(key="graph_actors").value == busiest
    drawn = _drawn(app)
    linked = {end for edge in drawn["edges"] for end in (edge["data"]["source"], edge["data"]["target"])}
    assert {node["data"]["id"] for node in drawn["nodes"]} == linked  # nothing drawn on its own
    app.multiselect(key="graph_actors").set_value([]).run()  # every actor
    assert any("isolated nodes hidden" in caption.value for caption in app.caption)
    app.checkbox(key="graph_isolated").check().run()
    everything = _drawn(app)
    assert len(everything["nodes"]) > len({end for edge in everything["edges"]
                                           for end in (edge["data"]["source"], edge["data"]["target"])})


def test_graph_nodes_carry_short_captions_sized_by_their_duties(monkeypatch, bundled_store):
    app = _app(monkeypatch, bundled_store, "viewer/network.py")
    nodes = [node["data"] for node in _drawn(app)["nodes"]]
    actors = {node["text"]: node for node in nodes if node["label"] == "actor"}
    busiest = max(actors.values(), key=lambda node: node["duties"])
    assert busiest["name"] == "Addressees of the circular" and busiest["text"].startswith("addressees of ")
    assert busiest["size"] == max(node["size"] for node in nodes) > NODE_SIZE
    assert all(node["size"] == node_size(node["duties"]) for node in nodes)
    assert all(len(node["name"]) <= 32 for node in nodes)
    styles = {style["selector"]: style["style"] for style in _style(app)}
    actor_style = styles["node[label='actor']"]
    assert actor_style["label"] == "data(name)" and actor_style["min-zoomed-font-size"] == 0
    assert actor_style["width"] == "data(size)"
    assert any(style.get("label") == "data(text)" for style in styles.values())  # held: the full label


def test_emphasis_marks_are_hidden_and_their_words_emphasised():
    text = "Issue the *Opinions on Water* now; 2 * 3 is not emphasis."
    [run] = emphasis_runs(text)
    assert text[run.inner_start:run.inner_end] == "Opinions on Water"
    start = text.index("Opinions")
    passage = views.passage(text, start, start + len("Opinions"), 0, len(text))
    shown = passage_html(passage)
    assert "<em>" in shown and shown.count('style="display: none"') == 2
    assert "<mark" in shown and "Opinions</em></mark>" in shown  # the highlight cuts the run; each piece closes
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == text  # every character kept in the page
    assert plain(text) == "Issue the Opinions on Water now; 2 * 3 is not emphasis."


def test_the_document_page_shows_emphasis_and_titles_without_marks(monkeypatch, tmp_path):
    extraction = make_extraction()
    extraction.documents[0].title = "Opinions on *Strengthening* IP Talents"
    store = build_store(tmp_path / "store", extraction)
    app = _app(monkeypatch, store, "viewer/document.py")
    tree = next(element.value for element in app.markdown if "Strengthening" in element.value)
    assert "**Opinions on Strengthening IP Talents**" in tree  # the title in bold, its own marks gone
    assert app.dataframe[0].value["Title"].tolist() == ["Opinions on Strengthening IP Talents"]
    emphasised = segments_html([views.Segment("See the "), views.Segment("*Plan*", (("duty", "d1"),))], ["duty"])
    assert "<em>Plan</em><span style=\"display: none\">&#42;</span></mark>" in emphasised


def test_goals_say_no_year_stated_and_give_the_target_room(monkeypatch, tmp_path):
    extraction = make_extraction()
    extraction.goals[0].year = None
    store = build_store(tmp_path / "store", extraction)
    app = _app(monkeypatch, store, "viewer/goals.py")
    frame = app.dataframe[0].value
    assert frame["Year"].tolist() == [NO_YEAR]
    assert frame["Target"].tolist() == ["≥ 12,000"]
    config = json.loads(app.dataframe[0].proto.columns)
    assert config["Target"]["width"] >= 120 and config["Year"]["width"] >= 100
