"""Goal rules on invented sentences: forecasts and targets with year, value, comparator, unit
and frequency."""
from __future__ import annotations

import pytest

from extracting import extract, goal

DATED_NOTICE = """
    Notice of the Ministry of Ecology on Waste Reduction

    May 4, 2022

    {sentence}
"""


def test_forecast_with_more_than_a_percentage():
    found = goal(extract("By 2030, the share of renewable energy will have reached more than 40 percent."))
    assert (found.year, found.value, found.comparator, found.unit) == (2030, 40.0, ">", "percent")
    assert found.text == "the share of renewable energy will have reached more than 40 percent"


def test_metric_keeps_what_the_share_is_of():
    found = goal(extract("By 2030, the share of renewable energy will have reached more than 40 percent."))
    assert found.metric == "share of renewable energy"


@pytest.mark.parametrize("sentence, value, comparator, year", [
    ("The recycling rate will reach at least 50 percent by 2025.", 50.0, ">=", 2025),
    ("Raise the share of electronic filings to at least 50 percent by 2025.", 50.0, ">=", 2025),
    pytest.param("Reduce emissions by 2035 to no more than 60 percent of the 2005 level.", 60.0, "<=", 2035),
])
def test_comparator_words_before_a_percentage(sentence, value, comparator, year):
    percentages = [g for g in extract(sentence).goals if g.unit == "percent"]
    assert [(g.value, g.comparator, g.year) for g in percentages] == [(value, comparator, year)]


def test_about_a_number_by_a_year():
    found = goal(extract("Train about 1,000 experts in data law by 2027."))
    assert (found.year, found.value, found.comparator, found.unit) == (2027, 1000.0, "about", None)


def test_recurring_quantity_is_annual():
    found = goal(extract("Train 5,000 inspectors each year."))
    assert (found.value, found.frequency, found.year) == (5000.0, "annual", None)


def test_qualitative_outcome_has_a_year_and_no_value():
    found = goal(extract("By 2028, the governance system will have been basically established."))
    assert (found.year, found.value, found.comparator) == (2028, None, None)


def test_sentence_opening_year_governs_every_forecast_clause():
    extraction = extract("By 2025, the number of patent examiners will reach about 9,000, "
                         "and the average review period will be shortened to less than 16 months.")
    assert {(g.year, g.value, g.comparator) for g in extraction.goals} == {(2025, 9000.0, "about"), (2025, 16.0, "<")}


def test_each_forecast_clause_is_one_goal():
    extraction = extract("By 2025, the number of patent examiners will reach about 9,000, "
                         "and the average review period will be shortened to less than 16 months.")
    assert len(extraction.goals) == 2


def test_forecast_span_stops_before_the_conjunction():
    extraction = extract("By 2026, the coverage rate will have reached 95 percent and 300 new centres "
                         "will have been opened.")
    assert extraction.goals[0].text == "the coverage rate will have reached 95 percent"


@pytest.mark.parametrize("sentence", [
    pytest.param("Within three years, the recycling rate of municipal waste will have reached 60 percent.",
                 id="fronted"),
    pytest.param("The recycling rate of municipal waste will reach 60 percent within three years.", id="trailing"),
])
def test_within_years_resolves_from_the_document_date(sentence):
    found = goal(extract(DATED_NOTICE.format(sentence=sentence)))
    assert (found.year, found.value) == (2025, 60.0)


def test_past_figures_are_not_goals():
    assert extract("The number of cases handled rose to 3,000 in 2019.").goals == []


def test_year_of_a_baseline_is_not_a_goal_year():
    extraction = extract("Reduce emissions by 2035 to no more than 60 percent of the 2005 level.")
    assert {g.year for g in extraction.goals} == {2035}


@pytest.mark.parametrize("sentence, expected", [
    ("Each ministry shall achieve a 30 percent energy use reduction by 2028.", [(30.0, 2028)]),
    ("Agencies shall cut water use by 40 percent from 2015 levels by 2029.", [(40.0, 2029)]),
    ("The fleet shall be 100 percent electric by 2030 and net-zero emissions by 2040.", [(100.0, 2030), (None, 2040)]),
])
def test_a_deadline_after_a_percentage_target_is_that_target_s(sentence, expected):
    assert [(g.value, g.year) for g in extract(sentence).goals] == expected


@pytest.mark.parametrize("sentence", [
    "Only 22 percent of engineers in the sector are women.",
    "Member States shall apply the safeguards referred to in Article 89(1) to such processing.",
    "The country needs to build a pool of talent that will design and use new products by 2030.",
    "Funding should cover the skills needed by 2030.",
])
def test_a_reported_figure_a_paragraph_number_or_a_description_is_not_a_goal(sentence):
    assert extract(sentence).goals == []
