"""Offsets and ids of a whole extraction hold on real documents.

Every record points at the original characters, scars included (extract/records.py). Duties,
goals and sentences are sliced from the original, so their text is exactly `original[start:end]`.
Mentions keep the text the parser saw, which is the *repaired* text: where a page-break scar
falls inside a mention ("depart-\\n\\nments"), `original[start:end]` holds the scar and the
mention holds the repaired word. So the strongest invariant for mentions is that their text is
the repaired form of exactly the original characters they span.
"""
from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from extract.pipeline import extract_text
from extract.read import bundled_document, read_text
from extract.records import Actor, Extraction, Mention
from extract.repair import RepairedText, repair_scars

EXECUTIVE_ORDER = Path("/work/shared/corpus/us-eo14057-federal-sustainability-2021.txt")


@pytest.fixture(scope="module", params=[
    pytest.param(bundled_document(), id="sipo-2013"),
    pytest.param(EXECUTIVE_ORDER, id="eo14057"),
])
def extraction(request) -> Extraction:
    path: Path = request.param
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    return extract_text(read_text(path), path.name)


@pytest.fixture(scope="module")
def repaired(extraction) -> RepairedText:
    return repair_scars(extraction.text)


def _repaired_characters(repaired: RepairedText, start: int, end: int) -> str:
    """The clean text that came from original[start:end]."""
    return repaired.clean[bisect.bisect_left(repaired.offsets, start):bisect.bisect_left(repaired.offsets, end)]


def _default_owners(extraction: Extraction) -> set[str]:
    """Ids of the actors that stand for a document's addressees (built from the header, not a mention)."""
    return {a.id for a in extraction.actors for d in extraction.documents
            if d.addressees and set(d.addressees) <= set(a.aliases)}


def _mentions(extraction: Extraction, skip: set[str] = frozenset()) -> list[tuple[str, Mention]]:
    found: list[tuple[str, Mention]] = []
    for owner in [*extraction.actors, *extraction.mechanisms]:
        if owner.id not in skip:
            found.extend((owner.id, mention) for mention in owner.mentions)
    return found


def test_sentences_are_original_text_in_order_without_overlap(extraction):
    previous_end = 0
    for sentence in extraction.sentences:
        assert extraction.text[sentence.start:sentence.end] == sentence.text, sentence.id
        assert previous_end <= sentence.start < sentence.end, sentence.id
        previous_end = sentence.end


def test_every_duty_is_original_text_holding_its_cue_inside_its_sentence(extraction):
    sentences = {s.id: s for s in extraction.sentences}
    assert extraction.duties
    for duty in extraction.duties:
        sentence = sentences[duty.sentence]
        assert extraction.text[duty.start:duty.end] == duty.text, duty.id
        assert duty.start <= duty.cue_start < duty.end, duty.id
        assert sentence.start <= duty.start < duty.end <= sentence.end, duty.id
        assert (duty.sentence_start, duty.sentence_end, duty.sentence_text) == (
            sentence.start, sentence.end, sentence.text), duty.id


def test_every_goal_is_original_text_inside_its_sentence(extraction):
    sentences = {s.id: s for s in extraction.sentences}
    assert extraction.goals
    for goal in extraction.goals:
        sentence = sentences[goal.sentence]
        assert extraction.text[goal.start:goal.end] == goal.text, goal.id
        assert sentence.start <= goal.start < goal.end <= sentence.end, goal.id
        assert (goal.sentence_start, goal.sentence_end) == (sentence.start, sentence.end), goal.id


def test_every_mention_is_the_repaired_form_of_its_original_characters(extraction, repaired):
    checked = _mentions(extraction, skip=_default_owners(extraction))
    assert checked
    for owner, mention in checked:
        assert mention.start < mention.end, (owner, mention)
        assert _repaired_characters(repaired, mention.start, mention.end) == mention.text, (owner, mention)


def test_every_mention_lies_inside_its_sentence(extraction):
    sentences = {s.id: s for s in extraction.sentences}
    for owner, mention in _mentions(extraction):
        assert mention.sentence in sentences, (owner, mention)
        sentence = sentences[mention.sentence]
        assert sentence.start <= mention.start and mention.end <= sentence.end, (owner, mention)


def test_default_owner_mention_is_the_characters_of_the_addressee_line(extraction, repaired):
    default = _default_owners(extraction)
    if not default:
        pytest.skip("the document names no addressees")
    for owner, mention in _mentions(extraction):
        if owner in default:
            assert _repaired_characters(repaired, mention.start, mention.end) == mention.text, mention


@pytest.mark.parametrize("kind", ["sentences", "sections", "duties", "goals", "actors", "mechanisms"])
def test_record_ids_are_unique(extraction, kind):
    ids = [record.id for record in getattr(extraction, kind)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_references_between_records_resolve(extraction):
    sentences = {s.id for s in extraction.sentences}
    duties = {d.id for d in extraction.duties}
    actors: dict[str, Actor] = {a.id: a for a in extraction.actors}
    mechanisms = {m.id for m in extraction.mechanisms}
    for duty in extraction.duties:
        assert duty.sentence in sentences, duty.id
        assert duty.actor_id is None or actors[duty.actor_id].label == duty.actor, duty.id
        assert set(duty.mechanisms) <= mechanisms, duty.id
    for goal in extraction.goals:
        assert goal.sentence in sentences, goal.id
    for mechanism in extraction.mechanisms:
        assert set(mechanism.duties) <= duties, mechanism.id
    for actor in extraction.actors:
        assert actor.parent is None or actor.parent in actors, actor.id


def test_a_duty_span_stops_at_a_footnote_mark_and_stays_the_original_characters(tmp_path):
    from extract.ingest import load_document

    path = tmp_path / "framework.txt"
    path.write_text("Planning policy\n\nLocal authorities should make sufficient provision[^12] for housing.\n\n"
                    "[^12]: As set out in the annex.\n", encoding="utf-8")
    document = load_document(path)
    extraction = extract_text(document.text, path.name, scars=document.scars, title=document.title)
    [make] = [d for d in extraction.duties if d.action.startswith("make")]
    assert make.text == document.text[make.start:make.end] == "Local authorities should make sufficient provision"
