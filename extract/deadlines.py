"""Deadlines and frequencies of duties: when a duty is due and how often it recurs.

A deadline is a date or year ("by 2015", "before the end of March 2005"), a period counted from
an event ("within 72 hours", "no later than 90 calendar days [after the receipt of the complaint]",
"within three years [of this order]": the event is left out of the phrase), a duration ("for ten years", "for a maximum period of five
years") or an urgency ("without undue delay", "immediately"). A frequency says how often the duty
recurs ("at least once a year", "on an annual basis", "every two years", "at least every six
months", "quarterly"). A frequency is not a deadline, and neither is ever a goal or an owner.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from extract.duties import DutyMatch
from extract.quantities import number_value

_NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|"
           r"thirty|forty|forty-five|sixty|ninety|a hundred|one hundred|hundred)")
_UNIT = r"(?:(?:calendar|business|working)\s+)?(?:hours?|days?|weeks?|months?|years?)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = (rf"(?:(?:the\s+end\s+of\s+|the\s+beginning\s+of\s+)?(?:(?:fiscal|calendar)\s+year\s+)?"
         rf"(?:{_MONTH}\s+\d{{1,2}},\s+|\d{{1,2}}\s+{_MONTH}\s+|{_MONTH}\s+)?(?:19|20|21)\d\d\b)")
_PERIOD = rf"(?:(?:a|the)\s+(?:maximum\s+|minimum\s+)?period\s+of\s+)?(?:at\s+least\s+|at\s+most\s+)?{_NUMBER}\s+{_UNIT}\b"
DEADLINE = re.compile(
    rf"\b(?:(?:by|before|within|no later than|not later than|prior to|until|at the latest by)\s+(?:{_DATE}|{_PERIOD})"
    rf"|for\s+{_PERIOD}"
    rf"|without\s+(?:undue\s+)?delay|immediately|forthwith)",
    re.IGNORECASE,
)
FREQUENCIES = [  # (pattern, frequency); "every N units" keeps its words
    (re.compile(r"\b(?:at least\s+)?(?:once\s+(?:a|per|every)\s+year|(?:each|every|per)\s+year|on an annual basis|"
                r"annual(?:ly)?|yearly)\b", re.I), "annual"),
    (re.compile(r"\b(?:twice\s+a\s+year|semi-?annual(?:ly)?|every\s+six\s+months)\b", re.I), "semiannual"),
    (re.compile(r"\b(?:once\s+a\s+quarter|(?:each|every|per)\s+quarter|on a quarterly basis|quarterly)\b", re.I),
     "quarterly"),
    (re.compile(r"\b(?:once\s+a\s+month|(?:each|every|per)\s+month|on a monthly basis|monthly)\b", re.I), "monthly"),
    (re.compile(r"\b(?:once\s+a\s+week|(?:each|every)\s+week|weekly)\b", re.I), "weekly"),  # "per day" is a rate
    (re.compile(r"\b(?:once\s+a\s+day|(?:each|every)\s+day|daily)\b", re.I), "daily"),
]
_EVERY = re.compile(rf"\bevery\s+({_NUMBER})\s+((?:calendar\s+)?(?:days|weeks|months|years))\b", re.I)
_COUNTED_FROM = re.compile(r"^(?:within|no later than|not later than|prior to|at the latest by)\b", re.I)
_YEAR = re.compile(r"\b((?:19|20|21)\d\d)\b")
_YEARS = re.compile(rf"({_NUMBER})\s+years?\b", re.I)


def deadline_in(text: str) -> str | None:
    """The first deadline phrase in the text, as written; a frequency ("every two years") is none."""
    for found in DEADLINE.finditer(text):
        if not _EVERY.search(text[max(0, found.start() - 6):found.end()]):
            return found.group(0)
    return None


def is_deadline(text: str) -> bool:
    """The whole text is a deadline phrase ("by the end of March 2005"), so it names no body."""
    found = DEADLINE.match(text.strip())
    return found is not None and found.end() == len(text.strip())


def frequency_in(text: str) -> str | None:
    """How often a duty recurs: annual, semiannual, quarterly, monthly, weekly, daily, or "every two years"."""
    every = _EVERY.search(text)
    found = [(m.start(), name) for rx, name in FREQUENCIES for m in [rx.search(text)] if m]
    if every:
        amount = number_value(every.group(1))
        unit = every.group(2).lower().replace("calendar ", "")
        named = {(6.0, "months"): "semiannual", (3.0, "months"): "quarterly", (1.0, "years"): "annual"}
        found.append((every.start(), named.get((amount, unit), f"every {every.group(1).lower()} {unit}")))
    return min(found)[1] if found else None


def deadline_and_frequency(clause_text: str, doc: Doc, first: int, last: int,
                           match: DutyMatch) -> tuple[str | None, str | None]:
    """The deadline and frequency of the duty spanning tokens [first, last) of its clause: stated
    from its verb on, or between its own modal and its verb, or between the modal it shares and
    the first verb of its coordination ("shall, without undue delay, send X and notify Y"), or
    before the coordination's subject ("Within 180 days, X shall ..."). What the first of two
    coordinated verbs states ("be reviewed every three years and updated within 12 months") is not
    the second's."""
    own = match.verb
    root = own
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    coordinators = [c.i for c in own.head.children if c.dep_ == "cc" and c.i < own.i] if own != root else []
    own_modal = _nearest_modal(doc, max(coordinators) if coordinators else 0, own.i)  # "and shall, on request, provide"
    root_modal = _nearest_modal(doc, 0, root.i)
    shared = root_modal if own_modal is None and own != root else None  # "shall, without delay, send X and notify Y"
    subjects = [c.left_edge.idx for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    fronted = min([doc[first].idx, root.idx, *subjects, *([root_modal.idx] if root_modal else [])])
    places = (clause_text[own.idx:doc[last - 1].idx + len(doc[last - 1])],
              clause_text[own_modal.idx:own.idx] if own_modal else "",
              clause_text[shared.idx:root.idx] if shared else "",
              clause_text[:fronted])  # "Within 180 days, | X shall ..."
    deadline = next((d for d in map(deadline_in, places) if d), None)
    frequency = next((f for f in map(frequency_in, places) if f), None)
    return deadline, frequency


def _nearest_modal(doc: Doc, start: int, end: int) -> Token | None:
    """The modal nearest before token `end`, from `start`, outside relative clauses: "shall" of
    "shall, for a maximum period of five years, which may be renewed, certify", however the parser
    attached it."""
    return next((t for t in reversed(doc[start:end]) if t.tag_ == "MD" and not _in_aside(t)), None)


def _in_aside(modal: Token) -> bool:
    """A modal of a relative clause or aside ("which may be renewed")."""
    return modal.head.dep_ in {"relcl", "acl", "advcl"} \
        or any(c.lower_ in {"which", "that", "who"} for c in modal.head.children if c.i < modal.i)


def resolve_year(deadline: str, document_date: str | None) -> int | None:
    """The year a deadline names ('by 2015'), or reaches counted from the document date ('within
    three years'); a duration ('for ten years') and an urgency name no year."""
    year = _YEAR.search(deadline)
    if year:
        return int(year.group(1))
    years = _YEARS.search(deadline)
    if years and document_date and _COUNTED_FROM.match(deadline):
        amount = number_value(years.group(1))
        return int(document_date[:4]) + int(amount) if amount is not None else None
    return None
