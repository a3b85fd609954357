"""Deadlines and frequencies of duties on invented sentences: regulatory periods, urgency and
recurrence in EU-regulation, US/UK-guidance and State-Council-opinion styles."""
from __future__ import annotations

import pytest

from extract.deadlines import deadline_in, frequency_in, is_deadline, resolve_year
from extracting import duty, extract


@pytest.mark.parametrize("sentence, action, deadline", [
    ("The controller shall notify the supervisory authority within 72 hours.", "notify", "within 72 hours"),
    ("Operators shall retain the access logs for ten years.", "retain", "for ten years"),
    ("The operator shall, without undue delay, inform the user of its decision.", "inform", "without undue delay"),
    ("The body shall issue its decision no later than 90 calendar days after the receipt of the complaint.", "issue",
     "no later than 90 calendar days"),
    ("Agencies should publish the inventory by December 31, 2026.", "publish", "by December 31, 2026"),
    ("Provincial bureaus shall submit the statistics to the Ministry before the end of June 2024.", "submit",
     "before the end of June 2024"),
])
def test_a_regulatory_period_is_the_duty_s_deadline_not_a_goal(sentence, action, deadline):
    extraction = extract(sentence)
    assert duty(extraction, action).deadline == deadline
    assert extraction.goals == []


@pytest.mark.parametrize("sentence, action, frequency", [
    ("The register shall be updated at least every six months.", "update", "semiannual"),
    ("The Board shall publish a report on its activities on an annual basis.", "publish", "annual"),
    ("Each provider shall, at least once a year, make its transparency report public.", "make", "annual"),
    ("The coordinators shall, every two years, draw up a report on the scheme.", "draw up", "every two years"),
    ("Local offices should review the plan quarterly.", "review", "quarterly"),
])
def test_a_recurrence_is_the_duty_s_frequency_and_no_deadline(sentence, action, frequency):
    found = duty(extract(sentence), action)
    assert (found.frequency, found.deadline) == (frequency, None)


def test_a_date_after_by_in_a_passive_duty_is_its_deadline_not_its_owner():
    found = duty(extract("The completed questionnaires shall be sent by the end of March 2025."), "send")
    assert (found.deadline, found.deadline_year) == ("by the end of March 2025", 2025)
    assert found.actor is None or "March" not in found.actor


@pytest.mark.parametrize("phrase, year", [
    ("within three years", 2025), ("by 2030", 2030), ("for ten years", None), ("without undue delay", None),
])
def test_only_a_period_counted_from_the_document_resolves_to_a_year(phrase, year):
    assert resolve_year(phrase, "2022-05-04") == year


def test_a_frequency_is_not_read_as_a_deadline():
    assert deadline_in("shall, every two years, draw up a report") is None
    assert frequency_in("shall, every two years, draw up a report") == "every two years"
    assert is_deadline("by the end of March 2005") and not is_deadline("by the Secretary of Energy")


def test_each_coordinated_verb_keeps_its_own_period():
    extraction = extract("The plan should be reviewed at least every three years and updated within 12 months "
                         "of a significant change.")
    assert [(d.action, d.deadline, d.frequency) for d in extraction.duties] == [
        ("review", None, "every three years"), ("update", "within 12 months", None)]


def test_a_deadline_shared_from_the_modal_applies_to_every_coordinated_verb():
    extraction = extract("The operator shall, without undue delay, send a confirmation and notify the user.")
    assert [d.deadline for d in extraction.duties] == ["without undue delay", "without undue delay"]


def test_a_rate_is_not_a_frequency():
    found = duty(extract("Companies should cut consumption to 110 litres per day by 2035."), "cut")
    assert (found.deadline, found.frequency) == ("by 2035", None)


@pytest.mark.parametrize("sentence, action, deadline, frequency", [
    ("The national authority shall, for a maximum period of four years, which may be extended, accredit the "
     "laboratory.", "accredit", "for a maximum period of four years", None),
    ("The coordinator shall, for a maximum period of five years, which may be renewed, certify the body.", "certify",
     "for a maximum period of five years", None),
    ("The Commission shall, by 2 August 2026, issue guidance and shall review that guidance every two years.",
     "review", None, "every two years"),
    ("The representative shall keep the mandate for ten years and shall, upon request, provide the information.",
     "provide", None, None),
])
def test_a_period_between_a_modal_and_its_verb_belongs_to_that_verb_only(sentence, action, deadline, frequency):
    found = duty(extract(sentence), action)
    assert (found.deadline, found.frequency) == (deadline, frequency)
