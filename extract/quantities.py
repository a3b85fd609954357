"""Quantities in running text: digits and number words, scales, fractions, percentages, ranges,
multipliers and currencies, with their character offsets.

A target's number is written many ways: "2,000", "one million", "12 thousand", "RMB 10 billion
yuan", "two-thirds", "half", "doubled", "70 percent / 70% / 70 per cent", "four to six". What is
not a quantity matters as much: years, dates, footnote marks ("policies[^21]", "plans¹²"),
section and paragraph numbers, sub-paragraphs ("89(1)") and "one of the ...".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.lexicon import word_list

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
MULTIPLIERS = {"double": 2.0, "doubled": 2.0, "doubling": 2.0, "triple": 3.0, "tripled": 3.0, "tripling": 3.0,
               "quadruple": 4.0, "quadrupled": 4.0, "twofold": 2.0, "threefold": 3.0, "fourfold": 4.0}
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORD})(?:-(?:{_WORD}))?)"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))*"
_PERCENT = r"(?:\s*%|\s+(?-i:percent|per\s+cent)\b)"  # "100 Percent Carbon-Free Electricity" is a title
_PARTS = r"half|halves|thirds?|quarters?|fifths?|tenths?"
_QUANTITY = re.compile(
    rf"(?<![\w.^\[-])(?P<low>{_NUMBER}{_SCALE})"
    rf"(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}{_SCALE}))?"
    rf"(?P<percent>{_PERCENT})?(?![\w\]]|-[^\W\d]|[\s-]+(?:{_PARTS})\b)", re.I)
_FRACTION = re.compile(
    rf"(?<![\w-])(?:(?P<count>a|an|one|two|three|four|nine)[\s-])?(?P<part>{_PARTS})\b",
    re.I)
_MULTIPLIER = re.compile(rf"\b(?:{'|'.join(MULTIPLIERS)})\b", re.I)
# What a number is not: a footnote, a reference, a date, a sub-paragraph.
_REFERENCE_BEFORE = re.compile(
    rf"(?:\b(?:sections?|sec\.|articles?|arts?\.|paragraphs?|paras?\.|points?|annex|chapters?|parts?|no\.|nos\.|"
    rf"regulations?|directives?|rules?|schedules?|items?|clauses?|tiers?|phase|level|scope|figure|table|"
    rf"order|act|law|decree|footnote|page|pp?\.|{MONTHS})|[\^\[§]|\w\(|\d[-–])\s*$", re.I)
_DATE_AFTER = re.compile(rf"^\s*(?:{MONTHS})\b", re.I)
_OF_PRONOUN = re.compile(r"^\s+(?:or\s+(?:more|both)\s+)?of\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """A number the text states, with where it stands in the text."""

    value: float
    start: int
    end: int
    unit: str | None = None  # percent | times | a currency word
    value_max: float | None = None  # the upper bound of a range ("four to six")
    counted: bool = True  # a cardinal that may count things ("120 zones"); not a fraction or multiplier


@lru_cache(maxsize=None)
def _currencies() -> frozenset[str]:
    return word_list("currencies")


def number_value(text: str) -> float | None:
    """'2,000' → 2000, 'one million' → 1e6, '12 thousand' → 12000, 'twenty-five' → 25."""
    words = text.lower().replace(",", "").split()
    if not words:
        return None
    first = words[0]
    if re.fullmatch(r"\d+(?:\.\d+)?", first):
        value = float(first)
    else:
        parts = first.split("-")
        if not all(p in UNITS or p in TENS for p in parts):
            return None
        value = float(sum(UNITS.get(p, TENS.get(p, 0)) for p in parts))
    for scale in words[1:]:
        value *= SCALES[scale]
    return value


def quantities(text: str) -> list[Quantity]:
    """Every quantity in the text, in order; years, dates, references and footnote marks left out."""
    found = [q for q in (_cardinal(m, text) for m in _QUANTITY.finditer(text)) if q is not None]
    taken = [(q.start, q.end) for q in found]
    for m in _FRACTION.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            count = m.group("count")
            count_value = 1 if count is None or count.lower() in {"a", "an"} else UNITS[count.lower()]
            part = m.group("part").lower().rstrip("s").replace("halve", "half")
            found.append(Quantity(round(100 * count_value / FRACTIONS[part], 2), m.start(), m.end(), "percent",
                                  counted=False))
    for m in _MULTIPLIER.finditer(text):
        found.append(Quantity(MULTIPLIERS[m.group(0).lower()], m.start(), m.end(), "times", counted=False))
    return sorted(found, key=lambda q: q.start)


def _cardinal(m: re.Match, text: str) -> Quantity | None:
    low, high = m.group("low"), m.group("high")
    value = number_value(low)
    if value is None or _not_a_quantity(m, text, value):
        return None
    percent = m.group("percent") is not None
    unit = "percent" if percent else _currency(text, m.start(), m.end())
    if re.fullmatch(r"one", low.strip(), re.I) and not percent and _OF_PRONOUN.match(text[m.end():]):
        return None  # "one of the official languages" counts nothing
    value_max = number_value(high) if high else None
    if value_max is not None and re.search(r"\bfrom\s*$", text[:m.start()], re.I):
        return Quantity(value_max, m.start("high"), m.end(), unit)  # "from 30 to 20 percent": the target is 20
    if high and (value_max is None or value_max <= value or _is_year(high, False)):
        return _cardinal_alone(m, text)
    return Quantity(value, m.start(), m.end(), unit, value_max)


def _cardinal_alone(m: re.Match, text: str) -> Quantity | None:
    """The low number of a false range ('2019-2020' is two years, '4-6' inside a reference)."""
    low = m.group("low")
    value = number_value(low)
    if value is None:
        return None
    return Quantity(value, m.start(), m.start("low") + len(low), _currency(text, m.start(), m.end()))


def _is_year(number: str, percent: bool) -> bool:
    return not percent and re.fullmatch(r"(?:19|20|21)\d\d", number.strip()) is not None


def _not_a_quantity(m: re.Match, text: str, value: float) -> bool:
    """A year, a date's day, a reference number, a footnote mark, a sub-paragraph or part of a
    name ("the 100+1,000+10,000 project")."""
    before = text[:m.start()]
    after = text[m.end():]
    high = m.group("high")
    return _is_year(m.group("low"), m.group("percent") is not None) and (high is None or _is_year(high, False)) \
        or _REFERENCE_BEFORE.search(before[-24:]) is not None \
        or _DATE_AFTER.match(after) is not None \
        or after.startswith(("]", "(")) and not m.group("percent") \
        or re.match(r"\s*\+", after) is not None or re.search(r"\+\s*$", before) is not None \
        or re.match(r"\d", m.group("low")) is not None and before.endswith(("-", "/", ".")) \
        or re.fullmatch(r"\d+(?:\.\d+)+", m.group("low")) is not None and not before.strip() \
        and re.match(r"\s+[A-Z(]", after) is not None  # "2.2 Companies should ...": a paragraph number


def _currency(text: str, start: int, end: int) -> str | None:
    """The currency written just before or after the number ('RMB 10 billion yuan', '$5 million')."""
    before = re.search(r"([^\W\d]+|[$€£¥])\s*$", text[max(0, start - 12):start])
    after = re.match(r"\s*([^\W\d]+)", text[end:end + 16])
    for word in (after.group(1) if after else None, before.group(1) if before else None):
        if word and word.lower() in _currencies():
            return word
    return None
