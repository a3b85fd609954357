"""Goals: targets and expected outcomes, with deadline year, value, comparator and frequency.

Three grammatical shapes carry goals in policy texts:

* forecasts: "By 2015, the number of examiners will have reached 12,000" (each clause whose
  verb takes "will" is one goal; a sentence-initial "By 2015," gives every clause its year);
* percentage targets: "100 percent zero-emission vehicle acquisitions by 2035";
* deadline phrases on an outcome: "net-zero emissions ... by 2050", "to about 1,000 by 2015";
plus recurring quantities: "train 200,000 persons ... each year".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extract.records import Goal, Sentence

BY_YEAR = re.compile(r"\b(?:by|before|until|in)\s+(?:no later than\s+|not later than\s+)?(?:the end of\s+)?"
                     r"(?:(?:fiscal|calendar)\s+year\s+|FY\s*)?((?:19|20|21)\d\d)\b(?!\s*(?:levels?|baseline))", re.I)
COMPARATORS = [  # tried in order: "no more than" before "more than"
    (re.compile(r"\b(?:up to|no more than|not more than|at most|a maximum of|within)\s*$", re.I), "<="),
    (re.compile(r"\b(?:at least|no less than|not less than|a minimum of|minimum of)\s*$", re.I), ">="),
    (re.compile(r"\b(?:more than|over|greater than|above|exceed(?:ing)?|in excess of)\s*$", re.I), ">"),
    (re.compile(r"\b(?:less than|under|below|fewer than)\s*$", re.I), "<"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost)\s*$", re.I), "about"),
]
FREQUENCIES = [
    (re.compile(r"\b(?:each|every|per) year\b|\bannual(?:ly)?\b|\byearly\b", re.I), "annual"),
    (re.compile(r"\b(?:each|every|per) month\b|\bmonthly\b", re.I), "monthly"),
    (re.compile(r"\b(?:each|every|per) quarter\b|\bquarterly\b", re.I), "quarterly"),
    (re.compile(r"\bsemiannual(?:ly)?\b|\btwice a year\b", re.I), "semiannual"),
]
MULTIPLIERS = {"double": 2.0, "doubled": 2.0, "triple": 3.0, "tripled": 3.0}
_VALUE = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent\b|per cent\b))?", re.I)


@dataclass
class GoalMatch:
    span: Span
    year: int | None
    value: float | None
    comparator: str | None
    metric: str | None
    frequency: str | None
    unit: str | None
    family: str = "target"  # forecast ("will have reached") | target (a number or a year to meet)


def _numbers(text: str) -> list[re.Match]:
    """Quantities in a goal, without years, section numbers, sub-paragraphs ("89(1)") and similar labels."""
    out = []
    for m in _VALUE.finditer(text):
        number = float(m.group(1).replace(",", ""))
        before = text[:m.start()].rstrip().lower()
        is_year = m.group(2) is None and 1900 <= number <= 2199 and "," not in m.group(1)
        if is_year or re.search(r"[\w)]\($", text[:m.start()]) or re.search(r"(?:section|sec\.|sections|article|no\.|scope|level|phase|chapter|order|regulation|act|law|decree|january|february|march|april|may|june|july|august|september|october|november|december)\s*$", before):
            continue
        out.append(m)
    return out


def measure(text: str, before: str = "") -> tuple[float | None, str | None, str | None]:
    """Value, comparator and unit of the first quantity in a goal text; `before` is the text just
    ahead of the goal, where "at least" or "more than" may stand."""
    numbers = _numbers(text)
    if not numbers:
        word = next((w for w in re.findall(r"[a-z]+", text.lower()) if w in MULTIPLIERS), None)
        return (MULTIPLIERS[word], "=", "times") if word else (None, None, None)
    first = numbers[0]
    lead = text[:first.start()] if first.start() else before
    comparator = next((c for rx, c in COMPARATORS if rx.search(lead)), "=")
    unit = "percent" if first.group(2) else None
    return float(first.group(1).replace(",", "")), comparator, unit


def _year_near(clause: Span, at: int) -> int | None:
    """The deadline year of a target at character offset `at`: the first one stated after it in
    the clause ("a 50 percent reduction ... by 2032"), else the nearest before it ("100 percent
    ... by 2030, including 50 percent ...")."""
    years = [(m.start(), int(m.group(1))) for m in BY_YEAR.finditer(clause.text)]
    after = [year for start, year in years if start >= at]
    before = [year for start, year in years if start < at]
    return after[0] if after else (before[-1] if before else None)


def _frequency(text: str) -> str | None:
    return next((f for rx, f in FREQUENCIES if rx.search(text)), None)


def _forecasts(clause: Span) -> list[Span]:
    """Each clause whose verb takes 'will' (or shares it through coordination) is one forecast."""
    heads: dict[int, Token] = {}
    for verb in clause:
        if any(c.dep_ == "aux" and c.lower_ == "will" for c in verb.children) and _has_subject(verb) \
                and not _relative_subject(verb):  # "talent that will build AI products" describes the talent
            heads[verb.i] = verb  # a forecast names what will change; a bare "will have been built" does not
            heads.update((c.i, c) for c in verb.children if c.dep_ == "conj" and _has_subject(c))
    return [_forecast_span(heads[i]) for i in sorted(heads)]


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)


def _relative_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"that", "which", "who"} for c in verb.children)


def _in_relative_clause(verb: Token) -> bool:
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    return _relative_subject(verb)


def _states_a_fact(clause: Span) -> bool:
    """A clause in the present or past with its own subject and no modal or 'will': "Only 22% of
    people working in AI are women" reports a figure, it sets no target."""
    root = clause.root
    return not any(t.tag_ == "MD" for t in clause) and root.tag_ in {"VBZ", "VBP", "VBD"} and _has_subject(root)


def _forecast_span(verb: Token) -> Span:
    start = min([verb.i] + [c.left_edge.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}])
    end = verb.i
    for child in verb.rights:
        if child.dep_ in {"conj", "cc"} and (_has_subject(child) or child.dep_ == "cc"):
            break
        if not child.is_punct:
            end = child.right_edge.i
    while end > verb.i and (verb.doc[end].is_punct or verb.doc[end].pos_ == "CCONJ"):
        end -= 1  # no trailing "and" before the next forecast
    return verb.doc[start:end + 1]


def _targets(clause: Span, taken: list[Span]) -> list[Span]:
    """Percentage targets and deadline phrases not already inside a forecast."""
    doc = clause.doc
    spans: list[Span] = []

    def free(span: Span) -> bool:
        return not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s in taken + spans)

    for token in clause:
        if token.like_num and token.i + 1 < len(doc) and doc[token.i + 1].text in {"percent", "%"}:
            start = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ in {"a", "an"} else token.i
            phrase = doc[token.i + 1]
            end = max(t.i for t in phrase.head.subtree) if phrase.head.pos_ == "NOUN" else phrase.i
            end = min(end, _clause_end(doc, token.i))
            span = doc[start:end + 1]
            if free(span):
                spans.append(span)
    for m in BY_YEAR.finditer(clause.text):
        if not m.group(0).lower().startswith("by"):
            continue
        by = clause.char_span(m.start(), m.end(), alignment_mode="expand")
        if by is None:
            continue
        if _in_relative_clause(by[0].head):
            continue  # "talent that will design and use new products by 2030" describes the talent
        start = _outcome_start(by[0])
        reached = [s for s in spans if (s.start <= start < s.end or start <= s.start < by.start)
                   and s.end <= by.start and not BY_YEAR.search(s.text)]
        if reached:  # "a 50 percent emissions reduction by 2032": the deadline of that target, not a goal of its own
            target = reached[-1]
            spans[spans.index(target)] = doc[target.start:by.end]
            continue
        before = [t.end for t in taken + spans if t.start <= start < t.end or start <= t.start < by.start]
        if before:  # "X by 2035 and Y by no later than 2050": Y starts after the X goal
            start = max(before)
            while start < by.start and (doc[start].is_punct or doc[start].pos_ in {"CCONJ", "DET"}):
                start += 1
        span = doc[start:by.end]
        if by.start - start == 1 and doc[start].pos_ in {"VERB", "AUX"}:
            continue  # "the skills needed by 2030": a verb alone names no outcome
        if start < by.start and free(span):
            spans.append(span)
    for token in clause:
        if token.like_num and _frequency(clause.text) and _numbers(token.text) and token.i + 1 < len(doc) \
                and doc[token.i + 1].pos_ == "NOUN":
            span = doc[token.i:_clause_end(doc, token.i) + 1]
            if free(span):
                spans.append(span)
    return spans


def _clause_end(doc, i: int) -> int:
    """Last token before the next comma or semicolon after token i."""
    j = i
    while j + 1 < len(doc) and doc[j + 1].text not in {",", ";", ":", "."}:
        j += 1
    return j


def _outcome_start(by: Token) -> int:
    """Where the outcome reached 'by YEAR' starts: the object of its verb, or its noun phrase."""
    head = by.head
    if head.pos_ in {"VERB", "AUX"}:
        objects = [c for c in head.children if c.dep_ in {"dobj", "attr", "acomp"} and c.i < by.i]
        return objects[0].left_edge.i if objects else head.i
    if head.pos_ in {"NOUN", "PROPN", "NUM"}:
        return head.left_edge.i
    j = by.i
    while j > 0 and by.doc[j - 1].text not in {",", ";", ":"}:
        j -= 1
    return j


def find_goals(clause: Span, sentence_year: int | None) -> list[GoalMatch]:
    """Goals of one clause; `sentence_year` is the year of a sentence-initial 'By 2015,'."""
    forecasts = _forecasts(clause)
    goals = []
    for span in sorted(forecasts + _targets(clause, forecasts), key=lambda s: s.start):
        local = span.start_char - clause.start_char
        own_year = BY_YEAR.search(span.text)
        year = int(own_year.group(1)) if own_year else sentence_year or _year_near(clause, local)
        value, comparator, unit = measure(span.text, clause.text[max(0, local - 30):local])
        if year is None and (value is None or _states_a_fact(clause)):
            continue
        goals.append(GoalMatch(span, year, value, comparator, _metric(span), _frequency(clause.text) if value else None,
                               unit, "forecast" if span in forecasts else "target"))
    return goals


def _metric(span: Span) -> str | None:
    """What is counted: the subject of a forecast, else the noun phrase of the target."""
    nouns = [t for t in span if t.dep_ in {"nsubj", "nsubjpass"}] or [t for t in span if t.pos_ == "NOUN"]
    if not nouns:
        return None
    head = nouns[0]
    if head.dep_ in {"nsubj", "nsubjpass"}:  # "the share of renewable energy will reach ..."
        return span.doc[head.left_edge.i:head.right_edge.i + 1].text
    return span.doc[head.left_edge.i:head.i + 1].text


def to_record(goal: GoalMatch, goal_id: str, document: str, section: str | None, sentence: Sentence,
              text: str, start: int, end: int) -> Goal:
    return Goal(id=goal_id, document=document, section=section, sentence=sentence.id, text=text,
                start=start, end=end, sentence_start=sentence.start, sentence_end=sentence.end,
                year=goal.year, value=goal.value, comparator=goal.comparator, metric=goal.metric,
                frequency=goal.frequency, unit=goal.unit, found_by=goal.family)
