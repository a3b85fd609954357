"""Mechanism rules on invented sentences: what is kept, how variants merge, which duty builds it."""
from __future__ import annotations

import pytest

from extracting import duty, extract, mechanism


def test_platform_set_up_by_a_duty_is_a_mechanism_linked_both_ways():
    extraction = extract("Establish a data sharing platform.")
    platform = mechanism(extraction, "data sharing platform")
    establish = duty(extraction, "establish")
    assert platform.type == "platform"
    assert platform.duties == [establish.id]
    assert establish.mechanisms == [platform.id]


def test_each_duty_is_linked_to_the_mechanism_it_builds():
    extraction = extract("Build a national credit information system and establish a unified data sharing platform.")
    system = mechanism(extraction, "national credit information system")
    platform = mechanism(extraction, "unified data sharing platform")
    assert duty(extraction, "build").mechanisms == [system.id]
    assert duty(extraction, "establish").mechanisms == [platform.id]


def test_mechanism_keeps_its_complement():
    extraction = extract("The ministry shall set up a special fund for small enterprises.")
    fund = mechanism(extraction, "special fund for small enterprises")
    assert fund.type == "fund"
    assert fund.duties == [duty(extraction, "set up").id]


@pytest.mark.parametrize("second", [
    "Improve the mechanism for the evaluation of talents.",
    pytest.param("Improve the mechanism for evaluating talents."),
])
def test_complement_and_compound_wordings_are_one_mechanism(second):
    extraction = extract(f"{second} Strengthen the talents evaluation mechanism.")
    assert len(extraction.mechanisms) == 1
    merged = extraction.mechanisms[0]
    assert [m.text for m in merged.mentions][1] == "talents evaluation mechanism"
    assert merged.duties == [duty(extraction, "improve").id, duty(extraction, "strengthen").id]


def test_bare_generic_heads_are_not_kept():
    extraction = extract("Improve the system and strengthen the mechanism.")
    assert extraction.mechanisms == []
    assert [d.mechanisms for d in extraction.duties] == [[], []]


def test_mechanism_only_described_is_not_kept():
    assert extract("The existing monitoring system has helped many regions.").mechanisms == []


def test_named_mechanism_is_kept_without_a_duty():
    extraction = extract("The National Health Data Platform is operated by the ministry.")
    assert mechanism(extraction, "National Health Data Platform").duties == []


def test_mechanism_that_is_the_subject_of_a_passive_duty_is_linked():
    extraction = extract("A risk assessment mechanism shall be established.")
    assessment = mechanism(extraction, "risk assessment mechanism")
    assert assessment.duties == [duty(extraction, "establish").id]


def test_mechanism_mentions_are_original_text_within_their_sentence():
    extraction = extract("""
        Build a national credit information system.

        Establish a data sharing platform and improve the data sharing platform.
    """)
    sentences = {s.id: s for s in extraction.sentences}
    assert [len(m.mentions) for m in extraction.mechanisms] == [1, 2]
    for found in extraction.mechanisms:
        for mention in found.mentions:
            assert extraction.text[mention.start:mention.end] == mention.text
            sentence = sentences[mention.sentence]
            assert sentence.start <= mention.start < mention.end <= sentence.end


def test_a_mechanism_s_type_is_its_head_noun_after_coordinated_modifiers():
    [programme] = [m for m in extract("The Department shall launch a security awareness and training "
                                      "programme for all staff.").mechanisms if "programme" in m.label]
    assert programme.type == "programme"
