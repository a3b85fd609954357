"""Run the extractor on small invented texts and pick records out of what it returns.

The rule tests write their fixtures as literal text blocks; these helpers keep each test to the
sentence and the one thing it checks. The spaCy pipeline is loaded once per process
(`extract.nlp.load_pipeline` is cached), so a short text extracts in a few milliseconds.
"""
from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from extract.ingest import load_document
from extract.pipeline import extract_text
from extract.records import Actor, Duty, Extraction, Goal, Mechanism


def extract(text: str, name: str = "invented.txt") -> Extraction:
    """Extract an indented triple-quoted block as a document of its own."""
    return extract_text(dedent(text).strip("\n") + "\n", name)


def extract_file(path: Path) -> Extraction:
    """Extract a file the way `policykg add` reads it: its reader, scars and title."""
    document = load_document(path)
    return extract_text(document.text, document.source_name, scars=document.scars, title=document.title)


def actions(extraction: Extraction) -> list[str]:
    return [duty.action for duty in extraction.duties]


def duty(extraction: Extraction, action: str) -> Duty:
    """The only duty with this action; fails with the actions that were found."""
    found = [d for d in extraction.duties if d.action == action]
    assert len(found) == 1, f"expected one {action!r} duty, got {actions(extraction)}"
    return found[0]


def goal(extraction: Extraction) -> Goal:
    assert len(extraction.goals) == 1, [g.text for g in extraction.goals]
    return extraction.goals[0]


def actor(extraction: Extraction, actor_id: str) -> Actor:
    found = {a.id: a for a in extraction.actors}
    assert actor_id in found, f"no actor {actor_id!r} among {sorted(found)}"
    return found[actor_id]


def actor_of(extraction: Extraction, mention: str) -> Actor:
    """The actor one of whose mentions is exactly `mention`."""
    found = [a for a in extraction.actors if any(m.text == mention for m in a.mentions)]
    assert len(found) == 1, f"{mention!r} is a mention of {[a.id for a in found]}"
    return found[0]


def mechanism(extraction: Extraction, label: str) -> Mechanism:
    found = [m for m in extraction.mechanisms if m.label == label]
    assert len(found) == 1, f"no mechanism {label!r} among {[m.label for m in extraction.mechanisms]}"
    return found[0]


def assert_duty_spans_hold(extraction: Extraction) -> None:
    """Every duty is the exact original characters, holds its cue, and lies in its sentence."""
    original = extraction.text
    sentences = {s.id: s for s in extraction.sentences}
    for d in extraction.duties:
        assert original[d.start:d.end] == d.text, d.id
        assert d.start <= d.cue_start < d.end, (d.id, d.text)
        sentence = sentences[d.sentence]
        assert (d.sentence_start, d.sentence_end) == (sentence.start, sentence.end), d.id
        assert sentence.start <= d.start and d.end <= sentence.end, (d.id, d.text, sentence.text)
        assert original[sentence.start:sentence.end] == sentence.text == d.sentence_text, d.id
