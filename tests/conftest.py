"""Shared fixtures: one small policy text and the records an extractor would give for it.

The records are written by hand, so the graph tests do not depend on the extractor: one
document, two sections, three sentences, three duties (a named owner, an inferred owner, no
owner), three actors (one a unit of another), two mechanisms and one goal. `build_store` puts
an extraction in a store on disk; `bundled_store` is the bundled document's, built once.
"""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from extract.records import (
    Actor,
    DocumentInfo,
    Duty,
    Extraction,
    Goal,
    Mechanism,
    Mention,
    Section,
    Sentence,
)

TEXT = (
    "Opinions on Strengthening IP Talents\n"
    "\n"
    "I. Main Tasks\n"
    "\n"
    "The State Intellectual Property Office (SIPO) shall set up a talent evaluation mechanism by 2015. "
    "Improve the training system and give support to universities.\n"
    "\n"
    "II. Goals\n"
    "\n"
    "By 2020, the number of IP talents will reach 12,000 or more.\n"
)


def span(needle: str) -> tuple[int, int]:
    """The offsets of the only occurrence of `needle` in TEXT."""
    assert TEXT.count(needle) == 1, needle
    start = TEXT.index(needle)
    return start, start + len(needle)


def _sentence(sentence_id: str, section: str, text: str) -> Sentence:
    return Sentence(sentence_id, "doc1", section, text, *span(text))


def _duty(duty_id: str, sentence: Sentence, clause: str, cue: str, **fields) -> Duty:
    start, end = span(clause)
    return Duty(
        id=duty_id, document="doc1", section=sentence.section, sentence=sentence.id,
        sentence_text=sentence.text, text=clause, start=start, end=end,
        sentence_start=sentence.start, sentence_end=sentence.end,
        cue_start=span(cue)[0], **fields,
    )


def _mention(text: str, sentence: Sentence) -> Mention:
    return Mention(text, *span(text), sentence=sentence.id)


def make_extraction() -> Extraction:
    """A fresh, consistent extraction of TEXT (tests may change it)."""
    first_clause = "The State Intellectual Property Office (SIPO) shall set up a talent evaluation mechanism by 2015"
    s1 = _sentence("s1", "I", f"{first_clause}.")
    s2 = _sentence("s2", "I", "Improve the training system and give support to universities.")
    s3 = _sentence("s3", "II", "By 2020, the number of IP talents will reach 12,000 or more.")
    duties = [
        _duty("d1", s1, first_clause, "set up a talent", modality="obligation", action="set up",
              object="a talent evaluation mechanism", actor="State Intellectual Property Office", actor_id="a1",
              actor_inferred=False, mechanisms=["m1"], deadline="by 2015", deadline_year=2015, owners=["a1"],
              owner_source="subject"),
        _duty("d2", s2, "Improve the training system", "Improve", modality="obligation", action="improve",
              object="the training system", actor="IP offices nationwide", actor_id="a2", actor_inferred=True,
              mechanisms=["m2"], owners=["a2"], owner_source="addressees", frequency="annual"),
        _duty("d3", s2, "give support to universities", "give support", modality="recommendation",
              action="give support", object="universities", actor=None, actor_id=None, actor_inferred=False,
              condition="where funds allow"),
    ]
    goal_start, goal_end = span("By 2020, the number of IP talents will reach 12,000 or more")
    return Extraction(
        source_id="opinions-test",
        source_name="opinions-test.txt",
        text=TEXT,
        documents=[DocumentInfo(
            "doc1", "Opinions on Strengthening IP Talents", 0, len(TEXT),
            issuer="State Intellectual Property Office", number="[2013] No. 65", date="2013-05-21",
            addressees=["Intellectual property offices of all provinces"],
            cites=["Outline of the National Talent Development Plan"],
        )],
        sections=[
            Section("sec1", "doc1", "I", "Main Tasks", 1, *span("I. Main Tasks")),
            Section("sec2", "doc1", "II", "Goals", 1, *span("II. Goals")),
        ],
        sentences=[s1, s2, s3],
        duties=duties,
        actors=[
            Actor("a1", "State Intellectual Property Office", "government-body", aliases=["SIPO"],
                  mentions=[_mention("State Intellectual Property Office", s1), _mention("SIPO", s1)]),
            Actor("a2", "IP offices nationwide", "collective"),
            Actor("a3", "SIPO Patent Office", "unit", parent="a1"),
        ],
        mechanisms=[
            Mechanism("m1", "talent evaluation mechanism", "mechanism",
                      mentions=[_mention("talent evaluation mechanism", s1)], duties=["d1"]),
            Mechanism("m2", "training system", "system", mentions=[_mention("training system", s2)], duties=["d2"]),
        ],
        goals=[Goal(
            "g1", "doc1", "II", "s3", TEXT[goal_start:goal_end], goal_start, goal_end, s3.start, s3.end,
            year=2020, value=12000.0, comparator=">=", metric="number of IP talents",
        )],
    )


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


def build_store(directory: Path, extraction: Extraction) -> Path:
    """A store on disk holding one extraction, closed again (as `policykg build` leaves it)."""
    from graph.store import load_ontology, open_store, replace_source

    store = open_store(directory)
    load_ontology(store)
    replace_source(store, extraction)
    store.flush()
    del store  # releases the write lock
    gc.collect()
    return directory


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """The bundled SIPO document, extracted once per session into a store on disk."""
    from extract.pipeline import extract_text
    from extract.read import bundled_document, read_text

    document = bundled_document()
    return build_store(tmp_path_factory.mktemp("bundled") / "store", extract_text(read_text(document), document.name))
