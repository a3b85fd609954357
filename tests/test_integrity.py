"""An extraction that breaks an invariant loses the bad record or link, with a warning, not the document."""
from extract.actors import ActorRegistry
from extract.integrity import drop_broken_records
from extract.records import Actor, Duty, Extraction, Goal, Mechanism, Mention


def _duty(actor_id: str | None, mechanisms: list[str]) -> Duty:
    return Duty(id="d1", document="x/d1", section=None, sentence="x/d1/s1", sentence_text="Report.", text="Report",
                start=0, end=6, sentence_start=0, sentence_end=7, modality="obligation", action="report",
                object=None, actor="Agency" if actor_id else None, actor_id=actor_id, actor_inferred=False,
                mechanisms=mechanisms)


def test_a_mention_that_is_only_a_determiner_never_becomes_everyones_parent():
    registry = ActorRegistry({})
    registry.mention("the ", 0, 4, "s1")
    registry.mention("General Instructions for Preparation", 5, 40, "s1")
    actors = registry.finish()
    assert all(actor.parent is None for actor in actors)


def test_dangling_references_are_cut_and_each_cut_is_reported():
    extraction = Extraction(
        "x", "x.txt", "Report.",
        duties=[_duty("ghost", ["m1", "m-gone"])],
        actors=[Actor("a", "Agency", "government-body", parent="", mentions=[Mention("Agency", 0, 6, "s1")])],
        mechanisms=[Mechanism("m1", "plan", "plan", duties=["d1", "d-gone"])],
        goals=[Goal("g1", "x/d1", None, "s1", "Report", 0, 6, 0, 7, None, None, None, None, actors=["a", "zz"])],
    )
    warnings = drop_broken_records(extraction)
    assert extraction.actors[0].parent is None
    assert extraction.duties[0].actor_id is None and extraction.duties[0].actor is None
    assert extraction.duties[0].mechanisms == ["m1"]
    assert extraction.mechanisms[0].duties == ["d1"]
    assert extraction.goals[0].actors == ["a"]
    assert len(warnings) == 5 and all("\n" not in warning for warning in warnings)


def test_a_mention_with_no_characters_is_dropped_so_no_span_is_char_0_0():
    actor = Actor("a", "Agency", "government-body",
                  mentions=[Mention("Agency", 0, 0, "s1"), Mention("Agency", 3, 9, "s1")])
    extraction = Extraction("x", "x.txt", "to Agency.", actors=[actor])
    warnings = drop_broken_records(extraction)
    assert [(m.start, m.end) for m in actor.mentions] == [(3, 9)]
    assert len(warnings) == 1


def test_a_consistent_extraction_is_left_as_it_is():
    actor = Actor("a", "Agency", "government-body", mentions=[Mention("Agency", 0, 6, "s1")])
    extraction = Extraction("x", "x.txt", "Agency reports.", actors=[actor], duties=[_duty("a", [])])
    assert drop_broken_records(extraction) == []
    assert extraction.duties[0].actor_id == "a"
