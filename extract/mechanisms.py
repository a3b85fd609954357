"""Mechanisms: the systems, mechanisms, platforms, projects and plans a text sets up or improves.

A mechanism phrase is a noun phrase headed by a mechanism noun (`lexicon/mechanism_heads.txt`)
with its modifiers and its "for / of / on ..." complement: "a mechanism for evaluating talents",
"the talents evaluation mechanism". Variants are merged by the set of their content-word stems,
so both of those are one mechanism. A bare head ("system", "the plan") is too generic to keep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extract.lexicon import word_list
from extract.phrases import plausible_name
from extract.records import Duty, Mechanism, Mention

MODIFIER_DEPS = {"compound", "amod", "nmod", "nummod", "poss", "quantmod", "npadvmod", "advmod", "case", "punct"}
COMPLEMENT_PREPS = {"for", "of", "on"}  # "reports to X" names a recipient, not the reports
SHORT_CLAUSE = 6  # tokens; a longer 'where' clause describes the mechanism rather than names it
SHORT_COMPLEMENT = 3  # tokens a complement may add to a mechanism its modifiers already name
NESTED_CLAUSE_DEPS = {"relcl", "acl", "appos", "advcl", "xcomp", "ccomp"}
OBJECT_PATH_DEPS = {"conj", "dobj", "nsubjpass", "attr", "oprd", "pobj", "pcomp", "prep", "xcomp", "appos"}
OBJECT_PREPS = {"of", "for", "on", "to", "into"}
MAX_OBJECT_PATH = 6
PREPOSITIONAL_PARTICIPLES = {"concerning", "regarding", "relating", "covering"}
LEADING_NOISE = {"DET", "ADV", "VERB", "AUX", "PUNCT", "CCONJ", "ADP", "PART", "SCONJ"}
FUNCTION_WORDS = {"the", "a", "an", "of", "for", "on", "to", "and", "in", "at", "with", "its", "their", "that",
                  "which", "where", "such", "this", "these", "all", "each", "every", "our", "'s", "’s"}
STEM_LENGTH = 6
_LIST_MARKER = re.compile(r"^(?:\w{1,4}\))+(?:\(\w{1,4}\))*\s*")  # "1)(i) " left over from "(a)(1)(i)"


def _head_type(token: Token) -> str | None:
    lemma = _lemma(token)
    if lemma in word_list("mechanism_heads"):
        return lemma
    if token.i > 0 and f"{token.doc[token.i - 1].lower_} {lemma}" in word_list("mechanism_heads"):
        return f"{token.doc[token.i - 1].lower_} {lemma}"  # "task force", "working group"
    return None


def _head_noun(phrase: Span) -> Token:
    """The noun that makes the phrase a mechanism: the last mechanism head before any complement
    ("security awareness and training program" → program, "mechanism for evaluating talents" →
    mechanism), else the phrase's syntactic root."""
    before_complement = []
    for token in phrase:
        if token.pos_ == "ADP" or token.tag_ == "TO":
            break
        before_complement.append(token)
    return next((t for t in reversed(before_complement) if _head_type(t)), phrase.root)


def _lemma(token: Token) -> str:
    """Lower-case lemma; plural proper nouns ("Sustainability Plans") keep their plural lemma, so
    the number is dropped here."""
    lemma = token.lemma_.lower()
    return lemma[:-1] if token.tag_ == "NNPS" and lemma.endswith("s") else lemma


def _phrase(head: Token) -> Span:
    """Head noun with its left modifiers (and the nouns coordinated into it: "the training
    examination and evaluation mechanism") and its complement: a "for / of / on ..." phrase, a
    noun's infinitive, or a short 'where' clause. When modifiers already name the mechanism
    ("the talents evaluation mechanism"), only a short complement is kept."""
    doc = head.doc
    start = _left_edge(head)
    while start < head.i and (doc[start].pos_ in LEADING_NOISE or doc[start].lower_ in word_list("directive_verbs")):
        start += 1
    end = head.i + 1
    named_by_modifiers = any(c.dep_ in {"compound", "nmod"} for c in head.lefts)
    following = doc[head.i + 1] if head.i + 1 < len(doc) else None
    for child in [c for c in head.rights][:1] or ([following] if following is not None else []):
        if child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and end == child.i:
            end = _trim_complement(child) + 1  # also a 'for' the parser hung on the verb
        elif child.dep_ in {"acl", "advcl"} and any(t.lower_ == "to" for t in child.children):
            end = _trim_complement(child) + 1  # "a mechanism to exchange ideas"
        elif child.dep_ == "relcl" and any(t.lower_ == "where" for t in child.lefts):
            end = child.right_edge.i + 1  # "a system where the Party supervises talents"
    if named_by_modifiers and end - head.i - 1 > SHORT_COMPLEMENT or end - head.i - 1 > SHORT_CLAUSE * 3:
        end = head.i + 1
    return doc[start:end]


def _left_edge(head: Token) -> int:
    """Start of the head's modifiers, reaching back over nouns coordinated into it without a
    determiner between ("real-time tracking, forecasting and early warning system")."""
    doc = head.doc
    start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ in MODIFIER_DEPS])
    first = head
    while first.dep_ == "conj" and first.head.pos_ == "NOUN" and first.head.i < first.i:
        first = first.head
    if first != head and not any(t.pos_ == "DET" for t in doc[first.i:head.i]) \
            and not _head_type(first):
        start = min(start, min([first.i] + [c.left_edge.i for c in first.lefts if c.dep_ in MODIFIER_DEPS]))
    return start


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


def find_mechanisms(clause: Span) -> list[Span]:
    """Mechanism phrases of a clause, each at most once."""
    phrases = []
    for token in clause:
        if token.pos_ in {"NOUN", "PROPN"} and (_head_type(token) or _created_body(token)) \
                and token.dep_ != "compound" and not _owns_duty(token):
            phrase = _phrase(token)
            if (len(_content_words(phrase.text)) >= 2 or _lemma(token) not in word_list("generic_mechanism_heads")) \
                    and plausible_name(phrase):  # not "the COUNCIL of 27 April 2016"
                phrases.append(phrase)
    return phrases


def _created_body(token: Token) -> bool:
    """A body the text sets up: the object of 'establish', 'create', 'set up' with a body noun head."""
    return token.dep_ == "dobj" and token.head.lemma_.lower() in word_list("creation_verbs") \
        and _lemma(token) in word_list("body_nouns")


def acted_on_by(phrase: Span, verb: Token) -> bool:
    """True when the mechanism is what the verb acts on: its object ("build a platform"), its
    passive subject ("a fund shall be set up"), or the object of a nominalised action on it
    ("promote the establishment of a platform", "focus on perfecting the system")."""
    token = phrase.root
    for _ in range(MAX_OBJECT_PATH):
        if token == verb:
            return True
        if token.dep_ == "prep" and token.lower_ not in OBJECT_PREPS or token.dep_ not in OBJECT_PATH_DEPS:
            return False
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"pcomp", "xcomp"}:
            return False  # another verb's object ("build X and establish Y": Y is not built)
        token = token.head
    return False


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
    return [w for w in re.findall(r"[\w'’+-]+", text.lower()) if w not in FUNCTION_WORDS]


def merge_key(text: str) -> frozenset[str]:
    """Mechanisms with the same content-word stems are one: word order and inflection aside."""
    return frozenset(_stem(w) for w in _content_words(text))


@dataclass
class MechanismRegistry:
    """Collects mechanism mentions, merges variants and links them to duties."""

    by_key: dict[frozenset[str], Mechanism] = field(default_factory=dict)

    def mention(self, phrase: Span, start: int, end: int, sentence: str) -> Mechanism:
        key = merge_key(phrase.text)
        mechanism = self.by_key.get(key)
        if mechanism is None:
            label = re.sub(r"\s+", " ", phrase.text).strip(" \"“”*")
            label = _LIST_MARKER.sub("", label)  # "1)(i) Standard" → "Standard"
            head = _head_noun(phrase)
            mechanism = Mechanism(id=f"m{len(self.by_key) + 1}", label=label,
                                  type=_head_type(head) or head.lemma_.lower())
            self.by_key[key] = mechanism
        mechanism.mentions.append(Mention(text=phrase.text, start=start, end=end, sentence=sentence,
                                          found_by="mechanism-head"))
        return mechanism

    def link(self, mechanism: Mechanism, duty: Duty) -> None:
        """The duty creates, improves or runs the mechanism."""
        if mechanism.id not in duty.mechanisms:
            duty.mechanisms.append(mechanism.id)
        if duty.id not in mechanism.duties:
            mechanism.duties.append(duty.id)

    def finish(self) -> list[Mechanism]:
        """Mechanisms a duty acts on, and named ones (every word capitalised), in text order.

        A mechanism only mentioned in background or in a goal is left out: the register lists
        what the text sets up or improves, not every system it names.
        """
        kept = [m for m in self.by_key.values() if m.duties or _is_name(m.label)]
        return sorted(kept, key=lambda m: m.mentions[0].start)


def _is_name(label: str) -> bool:
    words = [w for w in label.split() if w.lower() not in FUNCTION_WORDS]
    return len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in words)
