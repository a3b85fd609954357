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


# --- instruments a duty sets up or keeps, in regulations, guidance and opinions ----------------

@pytest.mark.parametrize("sentence, label, kind", [
    ("The provider shall designate a single point of contact for users.", "single point of contact for users",
     "contact point"),
    ("Operators shall carry out a data protection impact assessment before the processing.",
     "data protection impact assessment", "assessment"),
    ("The authority shall publish a list of accredited laboratories.", "list of accredited laboratories", "record"),
    ("The importer shall keep a declaration of conformity.", "declaration of conformity", "report"),
    ("Suppliers shall sign a code of conduct on fair pricing.", "code of conduct on fair pricing", "agreement"),
    ("Departments shall set up an internal complaint-handling system.", "internal complaint-handling system",
     "system"),
    ("Establish a supply and demand matching platform.", "supply and demand matching platform", "platform"),
    ("Agencies should adopt a waste reduction plan.", "waste reduction plan", "plan"),
])
def test_an_instrument_a_duty_creates_or_keeps_is_a_typed_mechanism(sentence, label, kind):
    extraction = extract(sentence)
    found = mechanism(extraction, label)
    assert found.type == kind
    assert found.duties == [extraction.duties[0].id]


def test_words_that_only_say_how_good_it_is_are_not_part_of_the_label():
    extraction = extract("The provider shall give a clear and specific statement of reasons to the user.")
    assert [m.label for m in extraction.mechanisms] == ["statement of reasons"]


def test_the_regulated_party_named_by_a_platform_is_not_a_mechanism():
    extraction = extract("Providers of online platforms shall publish their terms and conditions.")
    assert [(m.label, m.type) for m in extraction.mechanisms] == [("terms and conditions", "agreement")]


def test_a_named_initiative_keeps_its_whole_name():
    extraction = extract("By 2027, launch the Special Programme for the Digital Renewal of Rural Workshops.")
    assert [m.label for m in extraction.mechanisms] == ["Special Programme for the Digital Renewal of Rural Workshops"]


def test_a_count_or_a_period_is_not_part_of_the_label():
    assert [m.label for m in extract("By 2028, build 120 cold-chain logistics centres.").mechanisms] == [
        "cold-chain logistics centres"]
    assert extract("The provider shall keep the records for ten years.").mechanisms == []


@pytest.mark.parametrize("sentence", [
    "Agencies should develop a waste reduction plan and linked procedures referred to in the guidance.",
    "Operators shall apply the mechanisms referred to in Article 4 and the procedures linked to them.",
    "Member States shall establish out-of-court dispute settlement bodies and supervise them.",
])
def test_labels_are_whole_noun_phrases(sentence):
    for found in extract(sentence).mechanisms:
        assert not found.label.split()[-1] in {"and", "referred", "linked", "to", "of"}, found.label
        assert not found.label.startswith(("court ", "of-court")), found.label


def test_an_article_title_is_the_instrument_its_body_mentions_and_its_duties_use():
    extraction = extract("""
        Article 7

        Register of processing activities

        1. Each operator shall maintain a complete register of processing activities.

        2. The operator shall keep the register up to date and shall give the authority access on request.
    """)
    [register] = extraction.mechanisms
    assert (register.label, register.type) == ("register of processing activities", "record")
    assert [m.text for m in register.mentions] == ["Register of processing activities",
                                                   "register of processing activities", "register"]
    assert register.duties == [d.id for d in extraction.duties]  # "give access" uses it too


def test_a_generic_mention_under_a_title_is_that_instrument_not_a_new_one():
    extraction = extract("""
        Article 9

        Complaint and redress mechanisms

        1. Operators shall put mechanisms in place to allow any user to lodge a complaint.

        2. Operators shall review the mechanisms referred to in paragraph 1 every two years.
    """)
    [found] = extraction.mechanisms
    assert found.label == "complaint and redress mechanisms"
    assert [m.text for m in found.mentions] == ["Complaint and redress mechanisms", "mechanisms", "mechanisms"]
    assert found.duties == [d.id for d in extraction.duties]


def test_a_topic_heading_is_not_an_instrument():
    extraction = extract("""
        I. Guiding Ideas, Basic Principles and Main Goals

        Improve the talent evaluation mechanism.
    """)
    assert [m.label for m in extraction.mechanisms] == ["talent evaluation mechanism"]


def test_a_mechanism_s_owner_is_the_owner_of_the_duty_that_builds_it():
    extraction = extract("The Ministry shall establish a talent information database.")
    database = mechanism(extraction, "talent information database")
    assert database.type == "record"
    assert [d.actor for d in extraction.duties if d.id in database.duties] == ["Ministry"]


def test_a_mention_that_adds_a_complement_in_the_same_section_is_the_same_mechanism():
    extraction = extract("""
        (3) Improve the supply and demand matching platform.

        Local governments should establish a supply and demand matching platform for farm products.
    """)
    [platform] = extraction.mechanisms
    assert (platform.label, len(platform.mentions), len(platform.duties)) == ("supply and demand matching platform", 2, 2)


def test_two_complements_of_one_head_name_two_mechanisms():
    extraction = extract("Formulate an overall plan for building teams and an overall plan for advancing reform.")
    assert len(extraction.mechanisms) == 2
