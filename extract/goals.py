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

from extract.deadlines import frequency_in
from extract.lexicon import singular, word_list
from extract.phrases import is_actor_noun
from extract.quantities import quantities
from extract.records import Goal, Sentence

BY_YEAR = re.compile(r"\b(?:by|before|until|in)\s+(?:no later than\s+|not later than\s+)?(?:the end of\s+)?"
                     r"(?:(?:fiscal|calendar)\s+year\s+|FY\s*)?((?:19|20|21)\d\d)\b(?!\s*(?:levels?|baseline))", re.I)
COMPARATORS = [  # tried in order: "no more than" before "more than", "no fewer than" before "fewer than"
    (re.compile(r"\b(?:up to|no more than|not more than|at most|a maximum of|within)\s*$", re.I), "<="),
    (re.compile(r"\b(?:at least|no less than|not less than|no fewer than|not fewer than|a minimum of|minimum of)\s*$",
                re.I), ">="),
    (re.compile(r"\b(?:more than|over|greater than|above|exceed(?:s|ing)?|in excess of)\s*$", re.I), ">"),
    (re.compile(r"\b(?:less than|under|below|fewer than)\s*$", re.I), "<"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|nearly|almost)\s*$", re.I), "about"),
]
_OPENING_YEAR = re.compile(r"\s*(?:By|Before|Until|In)\s+(?:the end of\s+)?(\d{4})\b")
# A footnote mark read through: "policies[^21]", "plans¹²", "[12]".
FOOTNOTE_MARK = re.compile(r"\[\^?\d{1,3}\]?|\^\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
COUNT_DEPS = {"nummod", "quantmod", "compound"}  # how a number hangs on the noun it counts
NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos"}


@dataclass
class GoalMatch:
    span: Span
    year: int | None
    value: float | None
    comparator: str | None
    metric: str | None
    frequency: str | None
    unit: str | None
    value_max: float | None = None
    family: str = "target"  # forecast ("will have reached") | target (a number or a year to meet)
    end_char: int | None = None  # where the goal's text ends inside its last token ("homes[^7]": before the mark)

    @property
    def chars(self) -> tuple[int, int]:
        """The goal's character span in its clause's text."""
        return self.span.start_char, self.end_char if self.end_char is not None else self.span.end_char


@dataclass
class GoalScope:
    """What governs the goals of a sentence, read sentence by sentence.

    The year of a sentence-initial "By 2028," governs its sentence and the rest of its paragraph
    ("We will form 300 model cases" after it); a sentence it governs that ends in a colon hands it
    to the list items of its section. A lead-in that lists goals ("shall use its power to achieve:",
    "The main targets are as follows:") makes each of its items a goal (`listing`)."""

    year: int | None = None
    paragraph: object = None
    list_section: str | None = None
    goal_list_section: str | None = None
    listing: bool = False

    def for_sentence(self, paragraph: object, section: str | None, text: str) -> int | None:
        """The governing year of the sentence; sets `listing` for the items of a goal list."""
        inside = (section or "").startswith
        self.listing = self.goal_list_section is not None and inside(f"{self.goal_list_section}.")
        if not self.listing:
            self.goal_list_section = section if _lists_goals(text) else None
        opening = _OPENING_YEAR.match(text)
        in_list = self.list_section is not None and inside(f"{self.list_section}.")
        if opening:
            self.year, self.paragraph = int(opening.group(1)), paragraph
        elif paragraph is not self.paragraph and not in_list:
            self.year, self.paragraph, self.list_section = None, None, None
        if text.rstrip().endswith(":") and self.year is not None and not in_list:
            self.list_section = section  # "By 2027, ... The main targets are as follows:" governs the items
        return self.year


def _lists_goals(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower().rsplit(":", 1)[0][-80:]) if text.rstrip().endswith(":") else []
    return any(w in word_list("goal_lead_ins") for w in words[-4:])


def measure(text: str, before: str = "") -> tuple[float | None, str | None, str | None, float | None]:
    """Value, comparator, unit and upper bound of the first quantity in a goal text; `before` is
    the text just ahead of the goal, where "at least" or "more than" may stand. A range ("four
    to six") is at least its lower bound."""
    found = [q for q in quantities(text) if not re.search(r"\bevery\s*$", text[:q.start], re.I)]  # a frequency
    if not found:
        return None, None, None, None
    first = found[0]
    lead = text[:first.start] if first.start else before
    default = ">=" if first.value_max is not None else "="
    comparator = next((c for rx, c in COMPARATORS if rx.search(lead)), default)
    return first.value, comparator, first.unit, first.value_max


def _year_near(clause: Span, at: int) -> int | None:
    """The deadline year of a target at character offset `at`: the first one stated after it in
    the clause ("a 50 percent reduction ... by 2032"), else the nearest before it ("100 percent
    ... by 2030, including 50 percent ...")."""
    years = [(m.start(), int(m.group(1))) for m in BY_YEAR.finditer(clause.text)]
    after = [year for start, year in years if start >= at]
    before = [year for start, year in years if start < at]
    return after[0] if after else (before[-1] if before else None)


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
    return not any(t.tag_ == "MD" for t in clause) and root.tag_ in {"VBZ", "VBP", "VBD"} \
        and (_has_subject(root) or any(c.dep_ == "expl" for c in root.children))  # "There were 240 ..."


def _forecast_span(verb: Token) -> Span:
    start = min([verb.i] + [c.left_edge.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}])
    end = verb.i
    for child in verb.rights:
        if child.dep_ in {"conj", "cc"} and (_has_subject(child) or child.dep_ == "cc"):
            break
        if not _is_punct(child):
            end = child.right_edge.i
    while end > verb.i and (_is_punct(verb.doc[end]) or verb.doc[end].pos_ == "CCONJ"):
        end -= 1  # no trailing "and" before the next forecast
    return verb.doc[start:end + 1]


def _is_punct(token: Token) -> bool:
    return token.is_punct and token.text != "%"  # "80%" is a number and its unit


def _targets(clause: Span, taken: list[Span], governed: bool) -> list[Span]:
    """Percentage targets, count targets (under a governing year) and deadline phrases not
    already inside a forecast."""
    doc = clause.doc
    spans: list[Span] = []

    def free(span: Span) -> bool:
        return not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s in taken + spans)

    counts = governed and not _states_a_fact(clause)
    for quantity in quantities(clause.text):
        words = clause.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if words is None:
            continue
        if quantity.unit == "percent" and quantity.counted:
            span = _percentage_target(words)
        elif counts and quantity.unit is None and quantity.counted and _counted_noun(words[-1]) is not None:
            span = _count_target(words)
        else:
            continue
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
        if token.like_num and frequency_in(clause.text) and quantities(token.text) and _counted_noun(token) is not None:
            span = doc[token.i:_clause_end(doc, token.i) + 1]
            if free(span):
                spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def _comparator_start(first: Token) -> int:
    """Where a target starts: at "at least", "more than", "a" before its number."""
    doc = first.doc
    before = doc.text[:first.idx]
    for rx, _ in COMPARATORS:
        found = rx.search(before)
        if found:
            words = doc.char_span(found.start(), first.idx, alignment_mode="expand")
            return words.start if words is not None else first.i
    return first.i - 1 if first.i > 0 and doc[first.i - 1].lower_ in {"a", "an"} else first.i


def _percentage_target(words: Span) -> Span:
    """ "at least 50% of the housing", "a 65 percent reduction in emissions", "100 percent of ..." """
    doc, unit = words.doc, words[-1]
    of = [c for c in unit.children if c.dep_ == "prep" and c.lower_ == "of"]
    if unit.head.pos_ == "NOUN" and unit.head.i > unit.i:
        end = max(t.i for t in unit.head.subtree)
    elif of:
        end = of[0].right_edge.i
    else:
        end = unit.i
    return doc[_comparator_start(words[0]):min(end, _clause_end(doc, unit.i)) + 1]


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts ("120 demonstration zones", "one million skilled workers", "four
    to six regional hubs"); none for a period ("72 hours") or a percentage."""
    token = number
    for _ in range(3):
        if token.dep_ not in COUNT_DEPS or token.head.i <= token.i:
            return None
        token = token.head
        if token.pos_ in {"NOUN", "PROPN"} or token.dep_ in NOMINAL_DEPS:  # "trees¹²" may be tagged a verb
            unit = singular(FOOTNOTE_MARK.sub("", token.lower_))
            return None if unit in word_list("period_units") or unit in {"percent", "%"} else token
    return None


def _count_target(words: Span) -> Span:
    """The number, its comparator and the noun phrase it counts, with an "of / for / in" complement."""
    doc = words.doc
    noun = _counted_noun(words[-1])
    end = noun.i
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "in"}:
            end = child.right_edge.i
        break
    return doc[_comparator_start(words[0]):min(end, _clause_end(doc, noun.i)) + 1]


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


def find_goals(clause: Span, sentence_year: int | None, listed: bool = False) -> list[GoalMatch]:
    """Goals of one clause; `sentence_year` is the year that governs its sentence or paragraph
    ("By 2015, ..."), `listed` says the clause is an item of a list of goals. A count target
    needs a governing year: "15 new fellowships" alone is not one."""
    forecasts = _forecasts(clause)
    governed = sentence_year is not None or any(m.group(0).lower().startswith(("by", "before", "until"))
                                                for m in BY_YEAR.finditer(clause.text))  # not "in 2023"
    spans = forecasts + _targets(clause, forecasts, governed)
    item = clause.doc[clause.start:_clause_end(clause.doc, clause.start) + 1]
    if listed and not spans and any(t.pos_ in {"NOUN", "PROPN"} for t in item):
        spans = [item]  # "(v) net-zero emissions from Federal procurement, including ..."
    goals = []
    for span in sorted(_split_counts(spans, clause, governed), key=lambda s: s.start):
        family = "forecast" if span in forecasts else "target"
        span, end_char = _before_footnote_mark(span)
        local = span.start_char - clause.start_char
        own_year = BY_YEAR.search(span.text)
        year = int(own_year.group(1)) if own_year else sentence_year or _year_near(clause, local)
        value, comparator, unit, value_max = measure(span.text, clause.text[max(0, local - 30):local])
        if year is None and (value is None or _states_a_fact(clause)) and not listed:
            continue
        metric = _metric(span) or _metric_before(span, clause)
        goals.append(GoalMatch(span, year, value, comparator, metric,
                               frequency_in(clause.text) if value else None, unit, value_max,
                               family=family, end_char=end_char))
    return goals


def _split_counts(spans: list[Span], clause: Span, governed: bool) -> list[Span]:
    """A forecast that counts several things ("We will create 80 warehouses and 500 delivery
    points") is one count target per thing."""
    if not governed:
        return spans
    out = []
    for span in spans:
        counts = [_count_target(words) for words in _count_words(span)]
        disjoint = all(a.end <= b.start for a, b in zip(counts, counts[1:]))  # "1,000 and 100,000 talents" is one
        out.extend(counts if len(counts) > 1 and disjoint else [span])
    return out


def _count_words(span: Span) -> list[Span]:
    found = []
    for quantity in quantities(span.text):
        words = span.doc.char_span(span.start_char + quantity.start, span.start_char + quantity.end,
                                   alignment_mode="expand")
        if words is not None and quantity.unit is None and quantity.counted and _counted_noun(words[-1]) is not None:
            found.append(words)
    return found


def _before_footnote_mark(span: Span) -> tuple[Span, int | None]:
    """A footnote mark ends a target ("new homes[^7] are ..."): it is never part of it or its value.
    The span and, when the mark sits inside its last token, the character where the goal ends."""
    mark = FOOTNOTE_MARK.search(span.text)
    if mark is None:
        return span, None
    if not span.text[:mark.start()].strip():  # "[^40]: This will be measured ...": the note's own text
        after = re.match(r"[\]:.\s]*", span.text[mark.end():]).end()
        cut = span.doc.char_span(span.start_char + mark.end() + after, span.end_char, alignment_mode="contract")
        return _before_footnote_mark(cut) if cut is not None and len(cut) else (span, None)
    at = span.start_char + len(span.text[:mark.start()].rstrip())
    cut = span.doc.char_span(span.start_char, at, alignment_mode="expand")
    return cut, at if cut.end_char != at else None


def _metric(span: Span) -> str | None:
    """What is counted: the subject of a forecast ("the share of renewable energy will reach ...")
    unless it is a pronoun, else what the first number counts ("120 demonstration zones", "50% of
    the housing", "a 65 percent reduction in emissions"), else the first noun phrase. Glosses,
    footnote marks, numbers and comparators are left out of it."""
    subjects = [t for t in span if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ != "PRON"]
    if subjects and is_actor_noun(subjects[0]) and _counted_phrase(span) is not None:
        subjects = []  # "the council will plant 4,000 trees": the trees are counted, not the council
    if subjects:
        head = subjects[0]
        return _metric_text(span.doc[max(head.left_edge.i, span.start):min(head.right_edge.i + 1, span.end)])
    counted = _counted_phrase(span)
    if counted is not None:
        return _metric_text(counted)
    chunk = next((c for c in span.noun_chunks if not _names_a_year(c)), None)  # not the deadline
    if chunk is None:
        return None
    start = chunk.start
    while start >= 2 and span.doc[start - 1].text == "-" and not span.doc[start - 2].whitespace_:
        start -= 2  # "net-zero emissions": the parser cut the hyphenated word
    return _metric_text(span.doc[max(start, span.start):chunk.end])


def _metric_before(span: Span, clause: Span) -> str | None:
    """What a bare percentage measures when a verbless item names it first: "a coverage rate of
    service stations of over 90 percent"."""
    before = clause.doc[clause.start:span.start]
    if not len(before) or any(t.pos_ in {"VERB", "AUX"} for t in before):
        return None
    return _metric_text(before)


def _names_a_year(chunk: Span) -> bool:
    return any(t.lower_ in {"year", "fy"} or re.fullmatch(r"(?:19|20|21)\d\d", t.text) for t in chunk)


def _counted_phrase(span: Span) -> Span | None:
    """What the first number of the span counts: "50% of [the housing]", "a 65 percent
    [reduction]", "120 [demonstration zones]"."""
    doc = span.doc
    for quantity in quantities(span.text):
        words = doc.char_span(span.start_char + quantity.start, span.start_char + quantity.end,
                              alignment_mode="expand")
        if words is None:
            continue
        last = words[-1]
        if quantity.unit == "percent":
            of = [c for c in last.children if c.dep_ == "prep" and c.lower_ == "of"]
            if last.head.pos_ == "NOUN" and last.head.i > last.i:
                return doc[last.i + 1:last.head.i + 1]
            if of:
                return doc[of[0].i + 1:min(of[0].right_edge.i, span.end - 1) + 1]
            return _changed_by(last)
        noun = _counted_noun(last)
        if noun is not None:
            return doc[last.i + 1:noun.i + 1]
    return None


def _changed_by(unit: Token) -> Span | None:
    """What a verb changes by a percentage: "reduce [leakage] by 15%"."""
    prep = unit.head
    if prep.dep_ != "prep" or prep.lower_ != "by" or prep.head.pos_ != "VERB":
        return None
    objects = [c for c in prep.head.children if c.dep_ == "dobj"]
    return unit.doc[objects[0].left_edge.i:objects[0].i + 1] if objects else None


def _metric_text(phrase: Span) -> str | None:
    """The phrase without glosses in brackets, footnote marks, numbers and a leading determiner."""
    numbers = [(phrase.start_char + q.start, phrase.start_char + q.end) for q in quantities(phrase.text)]
    words, depth = [], 0
    for token in phrase:
        depth += token.text in {"(", "（"}
        number = any(start <= token.idx < end for start, end in numbers)
        if depth == 0 and not number and token.text not in {"%"} and FOOTNOTE_MARK.sub("", token.text):
            words.append(token)
        depth -= token.text in {")", "）"} and depth > 0
    while words and (words[0].pos_ in {"DET", "ADP", "CCONJ", "PUNCT", "PART"} or words[0].lower_ in
                     {"percent", "per", "cent", "at", "least", "more", "than", "over", "about", "some"}):
        words = words[1:]
    while words and words[-1].pos_ in {"ADP", "CCONJ", "PUNCT", "DET"}:
        words = words[:-1]
    text = FOOTNOTE_MARK.sub("", "".join(t.text_with_ws for t in words)).strip()
    return re.sub(r"\s+", " ", text) or None


def to_record(goal: GoalMatch, goal_id: str, document: str, section: str | None, sentence: Sentence,
              text: str, start: int, end: int) -> Goal:
    return Goal(id=goal_id, document=document, section=section, sentence=sentence.id, text=text,
                start=start, end=end, sentence_start=sentence.start, sentence_end=sentence.end,
                year=goal.year, value=goal.value, comparator=goal.comparator, metric=goal.metric,
                frequency=goal.frequency, unit=goal.unit, value_max=goal.value_max, found_by=goal.family)
