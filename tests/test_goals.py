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


# --- count targets under a governing year, number words, glosses, footnote marks ----------------

def test_each_count_under_the_sentence_year_is_a_goal_with_its_metric():
    extraction = extract("By 2027, establish 150 pilot parks, foster 3,000 innovative enterprises and open "
                         "25 testing centres.")
    assert [(g.year, g.value, g.comparator, g.metric) for g in extraction.goals] == [
        (2027, 150.0, "=", "pilot parks"), (2027, 3000.0, "=", "innovative enterprises"),
        (2027, 25.0, "=", "testing centres")]


def test_the_paragraph_year_governs_its_later_sentences():
    extraction = extract("By 2026, the province will build a modern logistics network. We will create 80 model "
                         "warehouses and no fewer than 500 rural delivery points.")
    counted = [(g.year, g.value, g.comparator, g.metric) for g in extraction.goals if g.value is not None]
    assert counted == [(2026, 80.0, "=", "model warehouses"), (2026, 500.0, ">=", "rural delivery points")]


def test_a_count_without_a_governing_year_is_not_a_goal():
    assert extract("Establish 15 new fellowships for young researchers.").goals == []


def test_a_range_is_at_least_its_lower_bound_up_to_its_upper_bound():
    found = goal(extract("By 2029, set up three to five regional laboratories."))
    assert (found.value, found.comparator, found.value_max, found.metric) == (3.0, ">=", 5.0, "regional laboratories")


@pytest.mark.parametrize("sentence, value, unit, metric", [
    ("By 2030, train one million nurses.", 1_000_000.0, None, "nurses"),
    ("By 2030, recruit 12 thousand volunteers.", 12_000.0, None, "volunteers"),
    ("By 2030, investment in rural roads will reach RMB 5 billion yuan.", 5e9, "yuan", "investment in rural roads"),
    ("By 2030, two-thirds of villages will have broadband.", 66.67, "percent", "villages"),
    ("By 2030, the output of the sector will be tripled.", 3.0, "times", "output of the sector"),
    ("By 2030, the recycling rate will reach 65 per cent.", 65.0, "percent", "recycling rate"),
])
def test_number_words_scales_fractions_multipliers_and_units(sentence, value, unit, metric):
    found = goal(extract(sentence))
    assert (found.value, found.unit, found.metric) == (value, unit, metric)


def test_glosses_do_not_split_a_target_or_enter_its_metric():
    found = goal(extract("By 2028, the coverage rate of charging piles (充电桩) and battery swap stations (换电站) "
                         "will exceed 90%."))
    assert (found.value, found.comparator, found.unit) == (90.0, ">", "percent")
    assert found.metric == "coverage rate of charging piles and battery swap stations"


def test_a_percentage_target_keeps_what_it_is_a_share_of():
    found = goal(extract("Local planning authorities should require that at least 20% of new homes are accessible."))
    assert (found.value, found.comparator, found.metric) == (20.0, ">=", "new homes")


@pytest.mark.parametrize("sentence, value", [
    ("Councils should ensure that at least 20% of new homes[^7] are accessible.", 20.0),
    ("By 2030, the council will plant 4,000 trees¹² along main roads.", 4000.0),
])
def test_a_footnote_mark_is_read_through_and_never_a_value(sentence, value):
    found = goal(extract(sentence))
    assert found.value == value
    assert "^" not in found.text and "¹" not in found.text and "^" not in (found.metric or "")


@pytest.mark.parametrize("sentence", [
    "These tests will be applied to local policies[^21] in a proportionate way.",
    "The policies in this Framework will apply from 12 March 2025 unless one or more of the exceptions apply.",
    "The provider shall keep the records for ten years.",
    "The notification shall be sent within 72 hours.",
    "The transition to net zero will continue.",
])
def test_footnote_marks_dates_and_regulatory_periods_are_not_goals(sentence):
    assert extract(sentence).goals == []


def test_the_items_of_a_lead_in_that_lists_goals_are_goals():
    extraction = extract("""
        1. Goals. The Ministry shall use its purchasing power to achieve:

        (a) zero-waste public canteens by 2030;

        (b) low-carbon procurement of construction materials;
    """)
    assert [(g.year, g.text) for g in extraction.goals] == [
        (2030, "zero-waste public canteens by 2030"), (None, "low-carbon procurement of construction materials")]


def test_the_items_of_a_targets_list_take_the_year_of_its_paragraph():
    extraction = extract("""
        (1) Main targets. By 2027, the digital transformation of cooperatives will have made clear progress.
        The main targets are as follows:

        1. no fewer than 30 provincial demonstration platforms;

        2. a coverage rate of service stations (服务站) of over 90 percent.
    """)
    items = [(g.year, g.value, g.comparator, g.metric) for g in extraction.goals if g.value is not None]
    assert items == [(2027, 30.0, ">=", "provincial demonstration platforms"),
                     (2027, 90.0, ">", "coverage rate of service stations")]


def test_a_percentage_change_measures_the_verb_s_object():
    found = goal(extract("Companies should aim to reduce leakage by 15% by 2030."))
    assert (found.value, found.year, found.metric) == (15.0, 2030, "leakage")


@pytest.mark.parametrize("sentence", [
    "2.2 Companies should publish their plans.",
    "There were 240 interruptions in 2023.",
])
def test_a_paragraph_number_or_a_past_count_is_not_a_goal(sentence):
    assert extract(sentence).goals == []
