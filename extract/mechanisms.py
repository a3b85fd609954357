"""Mechanisms: the instruments a text sets up, keeps or improves, each with its type.

A mechanism phrase is a noun phrase headed by a mechanism term (`lexicon/mechanism_types.json`,
which also gives the type: record, report, assessment, procedure, system, agreement, plan,
platform, contact point ...), with its modifiers and its "for / of / on ..." complement: "a
mechanism for evaluating talents", "the talents evaluation mechanism", "a single point of
contact", "their terms and conditions". Variants are merged by the set of their content-word
stems, so the first two are one mechanism; words that only say how good it must be ("a clear
and specific statement of reasons") or how many there are ("120 demonstration zones", "one or
more statements") are not part of its label. A bare head ("system", "the plan", "reports")
names nothing and is not kept.

Regulations name the instrument an article sets up in its title ("Internal complaint-handling
system", "Notice and action mechanisms"). Such a title is a mechanism; a mention in the
article's body with the same head and no other content words than adjectives ("an effective
internal complaint-handling system", "mechanisms to allow any individual to notify") is a
mention of it, and the article's duties that act on no other mechanism are linked to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extract.deadlines import frequency_in, is_deadline
from extract.lexicon import mechanism_title_types, mechanism_types, singular, word_list
from extract.phrases import is_actor_noun, plausible_name
from extract.records import Duty, Mechanism, Mention

MODIFIER_DEPS = {"compound", "amod", "nmod", "nummod", "poss", "quantmod", "npadvmod", "advmod", "case", "punct"}
COMPLEMENT_PREPS = {"for", "of", "on"}  # "reports to X" names a recipient, not the reports
SHORT_CLAUSE = 6  # tokens; a longer 'where' clause describes the mechanism rather than names it
SHORT_COMPLEMENT = 3  # tokens a complement may add to a mechanism its modifiers already name
TITLE_TOKENS = 16  # a longer heading is a sentence, not the name of an instrument
NESTED_CLAUSE_DEPS = {"relcl", "acl", "appos", "advcl", "xcomp", "ccomp"}
OBJECT_PATH_DEPS = {"conj", "dobj", "nsubjpass", "attr", "oprd", "pobj", "pcomp", "prep", "xcomp", "appos", "dep"}
OBJECT_PREPS = {"of", "for", "on", "to", "into"}
MAX_OBJECT_PATH = 6
PREPOSITIONAL_PARTICIPLES = {"concerning", "regarding", "relating", "covering"}
LEADING_NOISE = {"DET", "ADV", "VERB", "AUX", "PUNCT", "CCONJ", "ADP", "PART", "SCONJ", "NUM"}
DANGLING = {"CCONJ", "ADP", "DET", "PUNCT", "PART", "SCONJ"}  # a label never ends on these
FUNCTION_WORDS = {"the", "a", "an", "of", "for", "on", "to", "and", "in", "at", "with", "its", "their", "that",
                  "which", "where", "such", "this", "these", "all", "each", "every", "our", "'s", "’s"}
STEM_LENGTH = 6
_LIST_MARKER = re.compile(r"^(?:\w{1,4}\))+(?:\(\w{1,4}\))*\s*")  # "1)(i) " left over from "(a)(1)(i)"


@dataclass(frozen=True)
class Term:
    """The mechanism term a phrase is headed by, as lemmas ("point of contact"), with its type."""

    lemma: str
    type: str
    last: int  # index of the term's last token


@dataclass(frozen=True)
class MechanismPhrase:
    """One mention of a mechanism in a clause: its span, head token and term."""

    span: Span
    head: Token
    term: Term
    generic: bool  # a bare generic head ("the system"): kept only as a mention of a titled instrument
    title: bool  # the whole heading names the instrument ("Statement of reasons")


def _lemma(token: Token) -> str:
    """Lower-case singular lemma; capitalised plurals in titles ("Sustainability Plans", "Terms")
    keep their plural lemma, so the number is dropped here."""
    lemma = token.lemma_.lower()
    return singular(lemma) if token.tag_ == "NNPS" or (token.pos_ == "PROPN" or token.is_title) \
        and lemma.endswith("s") else lemma


def _term(token: Token) -> Term | None:
    """The mechanism term headed by the token: a word ("register"), a compound ending on it
    ("task force", "dispute settlement") or a phrase opening with it ("point of contact",
    "terms and conditions")."""
    doc, types = token.doc, mechanism_types()
    for size in (4, 3, 2):
        for first in range(max(0, token.i - size + 1), token.i + 1):
            words = doc[first:first + size]
            if len(words) < size:
                continue
            lemma = " ".join(_lemma(t) for t in words)
            inner = any(t.pos_ in {"ADP", "CCONJ"} for t in words)
            if lemma in types and (words[0] if inner else words[-1]) == token:
                return Term(lemma, types[lemma], words[-1].i)
    lemma = _lemma(token)
    return Term(lemma, types[lemma], token.i) if lemma in types else None


def _hyphen_unit(doc, i: int) -> int:
    """Index after the hyphenated word starting at token i ("user-friendly", "out-of-court")."""
    j = i + 1
    while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        j += 2
    return j


def _skip_leading_noise(doc, start: int, head: int) -> int:
    """First word of the label: determiners, directive verbs, possessives and quality words
    ("a clear, easily comprehensible report") are left out; a hyphenated word stays whole."""
    while start < head:
        unit = _hyphen_unit(doc, start)
        words = doc[start:unit]
        quality = words.text.lower() in word_list("quality_adjectives")
        noise = len(words) == 1 and (words[0].pos_ in LEADING_NOISE - {"NUM"} or _counts(words[0])
                                     or words[0].lower_ in word_list("directive_verbs") or words[0].dep_ == "poss")
        if unit > head or not (quality or noise):
            break
        start = unit
    return start


def _counts(token: Token) -> bool:
    """A number that counts the mechanisms ("120 demonstration zones"), not one that names it
    ("the 100+1,000+10,000 project")."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.pos_ == "NUM" and following is not None and following.text not in {"+", "\"", "”", "'", "’"} \
        and not (token.i > 0 and token.nbor(-1).text in {"+", "\"", "“"})


def _left_edge(head: Token) -> int:
    """Start of the head's modifiers, reaching back over nouns coordinated into it without a
    determiner between ("real-time tracking, forecasting and early warning system") and over the
    rest of a hyphenated modifier the parser cut ("out-of-court")."""
    doc = head.doc
    start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ in MODIFIER_DEPS])
    first = head
    while first.dep_ == "conj" and first.head.pos_ == "NOUN" and first.head.i < first.i:
        first = first.head
    if first != head and not any(t.pos_ == "DET" for t in doc[first.i:head.i]) and not _term(first):
        start = min(start, min([first.i] + [c.left_edge.i for c in first.lefts if c.dep_ in MODIFIER_DEPS]))
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    return start


def _phrase(head: Token, term: Term) -> Span:
    """Head term with its left modifiers (and the nouns coordinated into it: "the training
    examination and evaluation mechanism") and its complement: a "for / of / on ..." phrase, a
    noun's infinitive, or a short 'where' clause. When modifiers already name the mechanism
    ("the talents evaluation mechanism"), only a short complement is kept."""
    doc = head.doc
    start = _skip_leading_noise(doc, _left_edge(head), head.i)
    end = term.last + 1
    named_by_modifiers = any(c.dep_ in {"compound", "nmod"} for c in head.lefts)
    following = doc[end] if end < len(doc) else None
    rights = [c for c in head.rights if c.i >= end] if term.last == head.i else []
    for child in rights[:1] or ([following] if following is not None else []):
        if child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and end == child.i:
            end = _trim_complement(child) + 1  # also a 'for' the parser hung on the verb
        elif child.dep_ in {"acl", "advcl"} and any(t.dep_ == "aux" and t.lower_ == "to" for t in child.children):
            end = _trim_complement(child) + 1  # "a mechanism to exchange ideas", not "referred to"
        elif child.dep_ == "relcl" and any(t.lower_ == "where" for t in child.lefts):
            end = child.right_edge.i + 1  # "a system where the Party supervises talents"
    complement = doc[term.last + 1:end].text
    if is_deadline(complement) or frequency_in(complement) and len(_content_words(complement)) <= 2:
        end = term.last + 1  # "the records | for ten years", "a report | on an annual basis": when, not which
    added = end - term.last - 1
    if (named_by_modifiers and added > SHORT_COMPLEMENT or added > SHORT_CLAUSE * 3) \
            and not _continues_a_name(doc[term.last + 1:end], head):
        end = term.last + 1
    while end - 1 > term.last and (doc[end - 1].pos_ in DANGLING or doc[end - 1].tag_ == "VBN") \
            and not (doc[end - 2].text == "-" and not doc[end - 2].whitespace_):
        end -= 1  # never "... and", "... referred", "... linked"; "Internet-based" stays whole
    return doc[start:end]


def _continues_a_name(complement: Span, head: Token) -> bool:
    """A capitalised head whose complement is capitalised too is one name, kept whole ("the
    Special Programme for the Digital Upgrading of Small Firms")."""
    words = [t for t in complement if t.is_alpha and t.lower_ not in FUNCTION_WORDS]
    return head.is_title and bool(words) and all(t.is_title or t.is_upper for t in words)


def _trim_complement(prep: Token) -> int:
    """Last token of a complement, cut before relative clauses, punctuation and a second
    coordinated phrase ('... qualifications and a system for ...')."""
    nested = {t.i for c in prep.subtree if c.dep_ in NESTED_CLAUSE_DEPS and c != prep
              and c.lower_ not in PREPOSITIONAL_PARTICIPLES for t in c.subtree}
    last = prep.i
    for token in prep.subtree:
        if token.i in nested or (token.is_punct and token.text in {",", ";", "(", ":"}):
            break
        if token.dep_ in {"prep", "dative"} and token != prep and token.lower_ != "of":
            break  # "a meeting system on talents work | among leading departments"
        if token.pos_ == "CCONJ" and token.i + 1 < len(token.doc) and token.nbor(1).pos_ == "DET":
            break
        last = token.i
    return last


def find_mechanisms(clause: Span, heading: bool = False) -> list[MechanismPhrase]:
    """Mechanism phrases of a clause, each at most once; in a heading that is a noun phrase
    headed by a mechanism term, the whole heading is the mechanism's title."""
    found = []
    for token in clause:
        if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ == "compound" or _owns_duty(token) \
                or _names_a_party(token):
            continue
        term = _term(token) or (Term(_lemma(token), "body", token.i) if _created_body(token) else None)
        if term is None:
            continue
        phrase = _phrase(token, term)
        if not plausible_name(phrase):  # not "the COUNCIL of 27 April 2016"
            continue
        generic = len(_content_words(phrase.text)) < 2 and term.lemma not in word_list("standalone_mechanism_heads")
        if heading and not generic and term.type in mechanism_title_types() and _titles(clause, token):
            found.append(MechanismPhrase(_without_end_punctuation(clause), token, term, False, True))
        else:
            found.append(MechanismPhrase(phrase, token, term, generic, False))
    return found


def _titles(clause: Span, head: Token) -> bool:
    """The heading is a short noun phrase whose root is the head, or a bare noun coordinated into
    it ("Notice and action mechanisms"); a command heading ("Improve the X mechanism") and a list of
    topics ("Guiding Ideas, Basic Principles and Overall Goals") are not titles."""
    root = clause.root
    coordinated = head.dep_ == "conj" and head.head == root and not list(root.lefts) \
        and [c.dep_ for c in root.children] == ["cc", "conj"]
    return len(clause) <= TITLE_TOKENS and root.pos_ in {"NOUN", "PROPN"} and (head == root or coordinated)


def _without_end_punctuation(clause: Span) -> Span:
    end = len(clause)
    while end > 1 and clause[end - 1].is_punct:
        end -= 1
    return clause[:end]


def _names_a_party(token: Token) -> bool:
    """'providers of online platforms': the platform names whom a duty falls on, not an instrument."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "of" and is_actor_noun(token.head.head)


def _created_body(token: Token) -> bool:
    """A body the text sets up: the object of 'establish', 'create', 'set up' with a body noun head."""
    return token.dep_ == "dobj" and token.head.lemma_.lower() in word_list("creation_verbs") \
        and _lemma(token) in word_list("body_nouns")


def acted_on_by(found: MechanismPhrase, verb: Token) -> bool:
    """True when the mechanism is what the verb acts on: its object ("build a platform"), its
    passive subject ("a fund shall be set up"), or the object of a nominalised action on it
    ("promote the establishment of a platform", "focus on perfecting the system")."""
    token = found.head
    for _ in range(MAX_OBJECT_PATH):
        if token == verb:
            return True
        if token.dep_ == "prep" and not _object_prep(token) or token.dep_ not in OBJECT_PATH_DEPS:
            return False
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"pcomp", "xcomp"}:
            return False  # another verb's object ("build X and establish Y": Y is not built)
        token = token.head
    return False


def _object_prep(prep: Token) -> bool:
    """A preposition whose object the verb acts on: "promote the establishment of", "provide
    recipients with a summary"."""
    return prep.lower_ in OBJECT_PREPS or prep.lower_ == "with" and prep.head.lemma_.lower() in word_list("supply_verbs")


def _owns_duty(token: Token) -> bool:
    """The subject of a modal verb ('the IP system has to ...') is an owner, not a mechanism."""
    verb = token.head
    return token.dep_ == "nsubj" and (any(c.tag_ == "MD" for c in verb.children)
                                      or (verb.i + 1 < len(verb.doc) and verb.nbor(1).lower_ == "to"))


def _stem(word: str) -> str:
    """A crude stem that meets across inflection and nominalisation: 'evaluating', 'evaluation'
    and 'evaluate' all give 'evalua'."""
    return word[:STEM_LENGTH] if len(word) > STEM_LENGTH else word.rstrip("s")


def _content_words(text: str) -> list[str]:
    """Content words, a hyphenated word split ("complaint-handling" = "complaint handling")."""
    return [w for w in re.findall(r"[\w'’+]+", text.lower()) if w not in FUNCTION_WORDS]


def merge_key(text: str) -> frozenset[str]:
    """Mechanisms with the same content-word stems are one: word order and inflection aside."""
    return frozenset(_stem(w) for w in _content_words(text))


def _core_key(found: MechanismPhrase) -> frozenset[str]:
    """The key of the mention's words up to its head term, without its complement."""
    return merge_key(found.span.doc[found.span.start:found.term.last + 1].text)


def _adds_only_adjectives(found: MechanismPhrase, title_key: frozenset[str]) -> bool:
    """Every content word the mention has beyond the title's, before its complement, is an
    adjective ("single", "effective"): "the technical documentation of a device" is the article's
    "Technical documentation"."""
    named = found.span.doc[found.span.start:found.term.last + 1]
    return all(t.pos_ == "ADJ" for t in named
               if not t.is_punct and t.lower_ not in FUNCTION_WORDS and _stem(t.lower_) not in title_key)


def _label(found: MechanismPhrase) -> str:
    label = _LIST_MARKER.sub("", re.sub(r"\s+", " ", found.span.text).strip(" \"“”*"))  # "1)(i) Standard" → "Standard"
    words = label.split()
    if found.title and len(words) > 1 and words[1][:1].islower():
        label = label[0].lower() + label[1:]  # "Statement of reasons" → "statement of reasons"
    return label


@dataclass
class _Title:
    mechanism: Mechanism
    term: str
    key: frozenset[str]


@dataclass
class MechanismRegistry:
    """Collects mechanism mentions, merges variants and links them to duties."""

    by_key: dict[frozenset[str], Mechanism] = field(default_factory=dict)
    titles: dict[tuple[str, str], _Title] = field(default_factory=dict)  # (document, section) → its instrument
    in_text: set[str] = field(default_factory=set)  # ids of mechanisms mentioned outside headings
    # id → document, section, term, the key of the words up to its head, the whole key
    places: dict[str, tuple[str, str, str, frozenset[str], frozenset[str]]] = field(default_factory=dict)

    def mention(self, found: MechanismPhrase, start: int, end: int, sentence: str, document: str = "",
                section: str | None = None, heading: bool = False) -> Mechanism | None:
        """Record one mention; None for a bare generic head that names no titled instrument."""
        key = merge_key(_label(found))
        title = self._title_over(document, section)
        if found.title and section is not None:
            mechanism = self.by_key.get(key) or self._new(found, key)
            mechanism.label, mechanism.type = _label(found), found.term.type  # the title is its name
            self.titles[(document, section)] = _Title(mechanism, found.term.lemma, key)
        elif title is not None and title.term == found.term.lemma and _adds_only_adjectives(found, title.key):
            mechanism = title.mechanism
        elif found.generic:
            return None
        else:
            mechanism = self.by_key.get(key) or self._same_thing_nearby(found, key, document, section) \
                or self._new(found, key)
            self.places.setdefault(mechanism.id, (document, section or "", found.term.lemma, _core_key(found), key))
        self.by_key.setdefault(key, mechanism)
        if not heading:
            self.in_text.add(mechanism.id)
        mechanism.mentions.append(Mention(text=found.span.text, start=start, end=end, sentence=sentence,
                                          found_by="mechanism-head"))
        return mechanism

    def _new(self, found: MechanismPhrase, key: frozenset[str]) -> Mechanism:
        mechanism = Mechanism(id=f"m{len(self.by_key) + 1}", label=_label(found), type=found.term.type)
        self.by_key[key] = mechanism
        return mechanism

    def _same_thing_nearby(self, found: MechanismPhrase, key: frozenset[str], document: str,
                           section: str | None) -> Mechanism | None:
        """A mechanism of the same section, named by the same words before its head, that this
        mention only adds a complement to or drops it from: "improve the supply and demand
        matching platform ... establish a supply and demand matching platform for farm products"
        is one platform."""
        here, core = section or "", _core_key(found)
        for mechanism in {id(m): m for m in self.by_key.values()}.values():
            place = self.places.get(mechanism.id)
            if place is None or place[0] != document or place[2] != found.term.lemma or place[3] != core:
                continue
            there, bare = place[1], place[4] == core or key == core  # two complements name two things
            if bare and len(core) >= 2 and (here == there or here.startswith(f"{there}.") or there.startswith(f"{here}.")):
                return mechanism
        return None

    def _title_over(self, document: str, section: str | None) -> _Title | None:
        """The titled instrument of the section or of the nearest enclosing one."""
        while section:
            if (document, section) in self.titles:
                return self.titles[(document, section)]
            section = section.rpartition(".")[0]
        return None

    def link(self, mechanism: Mechanism, duty: Duty) -> None:
        """The duty creates, improves or runs the mechanism."""
        if mechanism.id not in duty.mechanisms:
            duty.mechanisms.append(mechanism.id)
        if duty.id not in mechanism.duties:
            mechanism.duties.append(duty.id)

    def finish(self, duties: list[Duty] = ()) -> list[Mechanism]:
        """Mechanisms a duty acts on, and named ones (every word capitalised) the body mentions, in text order.

        The duties under a titled instrument that act on no other mechanism are linked to it
        first. A mechanism only mentioned in background or in a goal is left out: the register
        lists what the text sets up or improves, not every system it names.
        """
        for duty in duties:
            title = self._title_over(duty.document, duty.section)
            if title is not None and not duty.mechanisms and not duty.is_heading:
                self.link(title.mechanism, duty)
        unique = {id(m): m for m in self.by_key.values()}.values()
        kept = [m for m in unique if m.duties or _is_name(m.label) and m.id in self.in_text]
        return sorted(kept, key=lambda m: m.mentions[0].start)


def _is_name(label: str) -> bool:
    words = [w for w in label.split() if w.lower() not in FUNCTION_WORDS]
    return len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in words)
