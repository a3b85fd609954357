"""Keep an extraction self-consistent: a record that breaks an invariant is dropped, and said so.

Real documents break assumptions the rules make (a table cell read as a mention "the", a span
that could not be found again). `graph.build` refuses an extraction whose records refer to
records it does not hold, because exports join on those links; one bad record must not cost the
whole document, so before the records leave `extract/` each broken reference is cut, the record
that cannot stand without it is dropped, and every cut is reported as one warning line.

>>> from extract.records import Actor, Extraction
>>> ex = Extraction("x", "x.txt", "text", actors=[Actor("a", "Agency", "government-body", parent="")])
>>> drop_broken_records(ex)
["actor 'a' named parent actor '', which does not exist: the link is dropped"]
"""
from __future__ import annotations

from extract.records import Extraction


def drop_broken_records(extraction: Extraction) -> list[str]:
    """Cut dangling references and empty mention spans out of `extraction` in place; one line per cut."""
    warnings: list[str] = []
    _drop_empty_mentions(extraction, warnings)
    actors = {actor.id for actor in extraction.actors}
    mechanisms = {mechanism.id for mechanism in extraction.mechanisms}
    duties = {duty.id for duty in extraction.duties}
    sections = {section.id for section in extraction.sections}
    for actor in extraction.actors:
        if actor.parent is not None and actor.parent not in actors:
            warnings.append(f"actor {actor.id!r} named parent actor {actor.parent!r}, which does not exist: "
                            "the link is dropped")
            actor.parent = None
    for section in extraction.sections:
        if section.parent is not None and section.parent not in sections:
            warnings.append(f"section {section.id!r} named parent {section.parent!r}, which does not exist: "
                            "the link is dropped")
            section.parent = None
    for duty in extraction.duties:
        if duty.actor_id is not None and duty.actor_id not in actors:
            warnings.append(f"duty {duty.id!r} named owner {duty.actor_id!r}, which does not exist: "
                            "its owner is left unknown")
            duty.actor = duty.actor_id = None
        duty.mechanisms = _known(duty.mechanisms, mechanisms, f"duty {duty.id!r}", "mechanism", warnings)
    for mechanism in extraction.mechanisms:
        mechanism.duties = _known(mechanism.duties, duties, f"mechanism {mechanism.id!r}", "duty", warnings)
    for goal in extraction.goals:
        goal.actors = _known(goal.actors, actors, f"goal {goal.id!r}", "actor", warnings)
        goal.mechanisms = _known(goal.mechanisms, mechanisms, f"goal {goal.id!r}", "mechanism", warnings)
    return warnings


def _drop_empty_mentions(extraction: Extraction, warnings: list[str]) -> None:
    """A mention must cover at least one character (a span "char=0,0" fails validation)."""
    for record in [*extraction.actors, *extraction.mechanisms]:
        empty = [mention for mention in record.mentions if mention.start >= mention.end]
        if empty:
            warnings.append(f"{record.id!r} ({record.label!r}) had {len(empty)} mention(s) with no span in the "
                            "text: they are dropped")
            record.mentions = [mention for mention in record.mentions if mention not in empty]


def _known(references: list[str], known: set[str], owner: str, kind: str, warnings: list[str]) -> list[str]:
    """`references` without those to records that do not exist, each reported."""
    for missing in [reference for reference in references if reference not in known]:
        warnings.append(f"{owner} referred to {kind} {missing!r}, which does not exist: the link is dropped")
    return [reference for reference in references if reference in known]
