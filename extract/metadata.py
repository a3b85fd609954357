"""Read a document's metadata — title, issuer, number, date, addressees, cites — from its lines.

Policy documents announce themselves with the same few formulas whatever their origin: a title
naming the genre and issuer ("Circular of the State Council on ..."), a number line
("[2013] No. 65", "Regulation (EU) 2016/679"), a salutation listing the addressees and ending in
a comma or colon, a closing ("This Circular is hereby given.") and a date line. The patterns
here are those formulas, so they hold for unseen documents of the same genres.
"""
from __future__ import annotations

import re
from datetime import date

from extract.lexicon import singular, word_list
from extract.records import DocumentInfo

_GENRES = (
    r"Circular|Guiding\s+Opinions|Opinions?|Notice|Notification|Decision|Decree|Regulations?|"
    r"Executive\s+Order|Order|Interim\s+Measures|Measures|Guidelines?|Plan|Provisions|Rules|Law|Act|"
    r"Directive|Announcement|Reply|Memorandum|Proclamation|Outline|Programme|Program|Resolution"
)
_GENRE_START = re.compile(rf"[*\"“]?(?i:{_GENRES})\b")
_GENRE_WORD = re.compile(rf"\b(?:{_GENRES})\b")
_MINOR_WORDS = frozenset("a an and as at by for from in into of on or over the through to under with".split())
_TITLE_CLOSERS = "*_\"'”’ "
_TITLE_MAX_WORDS = 40

_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1
)}
_DATES = (
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
)
_CLOSING = re.compile(
    r"\bhereby\s+(?:given|issued|notified|promulgated|circulated)\b"
    r"|\b(?:enters?|comes?)\s+into\s+force\b|\btakes?\s+effect\b",
    re.IGNORECASE,
)

# Numbered instruments, cited or as a document's own number: "Executive Order 14057",
# "Regulation (EU) 2016/679", "Directive 2009/28/EC", "Public Law 116-224".
_INSTRUMENT = (
    r"Executive\s+Order\s+(?:No\.\s*)?\d{4,6}"
    r"|(?i:Regulation|Directive|Decision)\s+\((?:EU|EC|EEC|Euratom)\)\s*(?:No\s*)?\d+/\d+"
    r"|(?:Directive|Decision)\s+\d{2,4}/\d+/(?:EU|EC|EEC)"
    r"|Public\s+Law\s+\d+[-–]\d+"
)
_NUMBER = re.compile(
    rf"(?:[A-Z][A-Za-z]{{0,5}}\.?\s*){{0,6}}[\[〔(（]\d{{4}}[\]〕)）]\s*No\.?\s*\d+|{_INSTRUMENT}|\bNo\.\s*\d+"
)
_ORG = r"[A-Z][\w'’&.-]*(?:\s+(?:(?i:of|for|and|the)\s+)*[A-Z][\w'’&.-]*)*"
# "Circular of the State Council on ...", "REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT ..."
_TITLE_ISSUER = re.compile(
    rf"[*\"“]?(?i:{_GENRES})(?:\s+(?:\([\w ]+\)|No\.|[\d/]+))*\s+(?i:of)\s+(?:(?i:the)\s+)?(?P<org>{_ORG})"
)
_VESTED_ISSUER = re.compile(rf"\bvested\s+in\s+me\s+as\s+(?P<org>{_ORG})")
_SALUTATION_VERBS = re.compile(r"\b(?:is|are|was|were|be|shall|must|will|may|should|hereby|has|have)\b", re.I)
_DETERMINER_AND = re.compile(r"\s+and\s+(?=(?:the|all|each|every)\b)")

_EMPHASISED = re.compile(r"\*(?P<title>[^*\n]{3,300}?)\*")
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"\n]{3,300}?)[”\"]")
_NAMED = re.compile(
    r"\bthe\s+(?P<title>(?:[A-Z0-9][\w.'’-]*\s+(?:(?:of|for|on|and|the|in)\s+)*)+?"
    r"(?:Plan|Outline|Law|Act|Regulations?|Directive|Strategy|Programme|Program|Guidance|Guidelines|"
    r"Measures|Provisions|Code|Convention|Treaty)\b(?:\s+of\s+\d{4})?(?:\s+\([^)\n]*\))?)"
)
_CITED_INSTRUMENT = re.compile(_INSTRUMENT)


def is_title_like(text: str, genre_required: bool = False) -> bool:
    """A short Title Case line without final punctuation, e.g. "Executive Order on Catalyzing ...".

    With `genre_required`, it must also open with a document genre ("Circular", "Opinions", ...).
    """
    line = text.strip().strip(_TITLE_CLOSERS)
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    major = [word for word in words if word.lower() not in _MINOR_WORDS]
    return (
        bool(line)
        and "\n" not in line
        and len(line.split()) <= _TITLE_MAX_WORDS
        and line[0].isupper()
        and line[-1] not in ".,;:!?"
        and sum(len(word) >= 3 for word in major) >= 2
        and words[-1].lower() not in _MINOR_WORDS  # "... the Director of" is a wrapped line
        and sum(word[0].isupper() for word in major) >= 0.75 * len(major)
        and not is_number_line(line)
        and (not genre_required or _GENRE_START.match(text.strip()) is not None)
    )


def is_date_line(text: str) -> bool:
    """A paragraph that is only a date, as closes most circulars: "September 16, 2013"."""
    line = text.strip().rstrip(".").strip()
    return any(pattern.fullmatch(line) for pattern in _DATES) and _iso_date(line) is not None


def is_number_line(text: str) -> bool:
    """A paragraph that is only a document number: "G. ZH. F. R. Z. [2013] No. 65"."""
    return _NUMBER.fullmatch(text.strip()) is not None


def is_closing(text: str) -> bool:
    """A closing formula: "This Circular is hereby given.", "This Regulation shall enter into force ..."."""
    return len(text.split()) <= 30 and _CLOSING.search(text) is not None


_OPENING_PARAGRAPHS = 6  # "By the authority vested in me as President ..." stands in the first few


def document_info(
    doc_id: str, start: int, end: int, title: str | None, header: list[str], texts: list[str],
    fallback_title: str | None = None,
) -> DocumentInfo:
    """Describe one document from its title paragraph (None when it has none), the header
    paragraphs between title and body, and all its paragraphs in order; `fallback_title` (from
    the file's metadata, or the first heading) names a document with no title line."""
    front = ([title] if title else []) + header
    named = title or fallback_title
    label = _plain(named) if named else first_words(texts[0].splitlines()[0])
    number = next((" ".join(match.group().split()) for text in front if (match := _NUMBER.search(text))), None)
    own = {_key(label), _key(number or "")}
    return DocumentInfo(
        id=doc_id,
        title=label,
        start=start,
        end=end,
        issuer=_issuer(title, front + texts[:_OPENING_PARAGRAPHS]),  # an order names its issuer in its opening
        number=number,
        date=_date(texts, front),
        addressees=next((items for text in header if (items := _addressees(text))), []),
        cites=[cite for cite in _cites(" ".join(texts)) if _key(cite) not in own],
    )


def inherit_issuers(documents: list[DocumentInfo]) -> None:
    """A document issued by an earlier one in the file (a circular that cites its title) gets that
    document's issuer when it names none itself."""
    for index, document in enumerate(documents):
        if document.issuer is None:
            document.issuer = next(
                (
                    earlier.issuer
                    for earlier in documents[:index]
                    if earlier.issuer and _key(document.title) in map(_key, earlier.cites)
                ),
                None,
            )


def first_words(text: str, limit: int = 80) -> str:
    """Text on one line, cut at a word boundary with an ellipsis when longer than `limit`."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"


def _issuer(title: str | None, front: list[str]) -> str | None:
    """The issuer a title names ("Circular of the State Council on ..."), else the one an order
    names itself as ("By the authority vested in me as President ...")."""
    matches = [_TITLE_ISSUER.match(title or ""), *map(_VESTED_ISSUER.search, front)]
    org = next((match.group("org") for match in matches if match), None)
    if org is None:
        return None
    words = org.split()
    while len(words) > 1 and words[-1].lower() in _MINOR_WORDS:
        words.pop()
    return " ".join(words)


def _date(texts: list[str], front: list[str]) -> str | None:
    """The last date line (circulars close with one), else the first date in title or header."""
    date_lines = [text for text in texts if is_date_line(text)]
    return next((iso for text in date_lines[-1:] or front if (iso := _iso_date(text))), None)


def _iso_date(text: str) -> str | None:
    for pattern in _DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTH_NUMBERS[month[:3].lower()]
            try:
                return date(int(match.group("year")), number, int(match.group("day"))).isoformat()
            except ValueError:
                continue
    return None


def _addressees(text: str) -> list[str]:
    """The bodies a salutation lists: "Offices of all provinces, ..., and all entities ...," ->
    one item per top-level comma, and per "and" before a determiner."""
    line = text.strip()
    if "\n" in line or line[-1:] not in ",:，：" or not line[0].isupper() or _SALUTATION_VERBS.search(line):
        return []
    line = re.sub(r"^To\b:?\s*", "", line[:-1])
    items = [part for item in _split_top_level(line) for part in _DETERMINER_AND.split(item)]
    merged: list[tuple[int, int]] = []  # spans of `line`, so an addressee is always text the line holds
    position = 0
    for item in items:
        cleaned = re.sub(r"^(?:and|or)\s+", "", item.strip())
        start = line.find(cleaned, position) if cleaned else -1
        position += len(item) + 1
        if start < 0:
            continue
        if merged and not _names_body(cleaned):
            merged[-1] = (merged[-1][0], start + len(cleaned))  # "offices of all provinces, autonomous regions ..."
        else:
            merged.append((start, start + len(cleaned)))
    return [line[start:end] for start, end in merged]


def _names_body(text: str) -> bool:
    """True when a list item names a body or role, not a place or a kind of region."""
    nouns = word_list("body_nouns") | word_list("unit_nouns") | word_list("role_nouns")
    return any(singular(word) in nouns for word in re.findall(r"[a-z]+", text.lower()))


def _split_top_level(text: str) -> list[str]:
    """Split on commas and semicolons that are not inside brackets."""
    items, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([（":
            depth += 1
        elif char in ")]）":
            depth = max(0, depth - 1)
        elif char in ",;，；" and depth == 0:
            items.append(text[start:index])
            start = index + 1
    return items + [text[start:]]


def _cites(text: str) -> list[str]:
    """Titles the text cites: *emphasised* titles, quoted Title Case titles naming a genre,
    "the ... Plan (2010-2020)" and numbered instruments ("Executive Order 14008")."""
    emphasised = [match.group("title") for match in _EMPHASISED.finditer(text)]
    quoted = [match.group("title") for match in _QUOTED.finditer(text)]
    found = [title for title in emphasised if len(title.split()) >= 2 and not title[0].islower()]
    found += [title for title in quoted if is_title_like(title) and _GENRE_WORD.search(title)]
    found += [match.group("title") for match in _NAMED.finditer(text)]
    found += [match.group() for match in _CITED_INSTRUMENT.finditer(text)]
    unique: dict[str, str] = {}
    for title in found:
        unique.setdefault(_key(title), " ".join(title.split()))
    # "the National ... Plan" found inside "*Outline of the National ... Plan*" is the same cite.
    return [title for key, title in unique.items() if not any(key != other and key in other for other in unique)]


def _plain(title: str) -> str:
    """A title as metadata: emphasis asterisks dropped, whitespace collapsed."""
    return " ".join(title.replace("*", "").split())


def _key(title: str) -> str:
    """Compare titles ignoring case, emphasis, spacing and the kind of dash."""
    return " ".join(re.sub(r"[–—]", "-", title.replace("*", "")).casefold().split())
