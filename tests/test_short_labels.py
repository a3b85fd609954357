"""Long owner labels read short in the register and in full on hover."""
from __future__ import annotations

from pathlib import Path

from conftest import build_store, make_extraction
from pyoxigraph import Store

from extract.records import Actor
from graph import views
from graph.short_labels import SHORT_WIDTH, cut, document_kind, short_actor_label
from viewer.obligations import REGISTER_COLUMNS, REGISTER_HOVERS
from viewer.markup import escape
from viewer.tables import table_html

NUMBER = "K. L. M. [2019] No. 12"


def test_the_addressees_of_a_document_are_named_by_its_kind():
    documents = [(NUMBER, "Notice of the Ministry on Issuing the Measures for Water Safety")]
    assert short_actor_label(f"addressees of {NUMBER}", documents) == "Addressees of the notice"
    assert short_actor_label("addressees of the Notice of the Ministry on Issuing the Measures for Water Safety",
                             documents) == "Addressees of the notice"
    assert short_actor_label(f"addressees of {NUMBER}", []) == cut(f"addressees of {NUMBER}")


def test_document_kinds_come_from_the_title():
    assert document_kind("Executive Order on Catalyzing Clean Energy") == "executive order"
    assert document_kind("Opinions on Strengthening Talents") == "opinions"
    assert document_kind("A Strategy for Rivers") == "document"


def test_long_labels_are_cut_at_a_word_and_short_ones_kept():
    long = "provincial, municipal and county level intellectual property administrative offices"
    assert len(cut(long)) <= SHORT_WIDTH and cut(long).endswith("…") and long.startswith(cut(long)[:-1])
    assert cut("State Office") == "State Office"


def test_the_register_shows_the_short_owner_with_the_full_one_on_hover(tmp_path: Path):
    extraction = make_extraction()
    extraction.documents[0].number = NUMBER
    label = f"addressees of {NUMBER}"
    extraction.actors[1] = Actor("a2", label, "collective")
    extraction.duties[1].actor = label
    store = Store.read_only(str(build_store(tmp_path / "store", extraction)))
    row = next(row for row in views.duty_register(store) if row["id"] == "d2")
    assert row["owner"] == f"(inferred) {label}"
    assert row["owner_short"] == "Addressees of the opinions, inferred"
    html = table_html([row], REGISTER_COLUMNS, "text", lambda row: "#", hovers=REGISTER_HOVERS)
    assert f'<td title="{escape(row["owner"])}">' in html
    assert ">Addressees of the opinions, inferred</td>" in html
