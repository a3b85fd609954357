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
from extract.records import Duty, Mechanism, Mention

MODIFIER_DEPS = {"compound", "amod", "nmod", "nummod", "poss", "quantmod", "npadvmod", "advmod", "case", "punct"}
COMPLEMENT_PREPS = {"for", "of", "on", "to"}
SHORT_CLAUSE = 6  # tokens; a longer 'where' clause describes the mechanism rather than names it
NESTED_CLAUSE_DEPS = {"relcl", "acl", "appos", "advcl", "xcomp", "ccomp"}
LEADING_NOISE = {"DET", "ADV", "VERB", "AUX", "PUNCT", "CCONJ", "ADP", "PART", "SCONJ"}
FUNCTION_WORDS = {"the", "a", "an", "of", "for", "on", "to", "and", "in", "at", "with", "its", "their", "that",
                  "which", "where", "such", "this", "these", "all", "each", "every", "our", "'s", "’s"}
_STEM_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "s", "ed", "e")


def _head_type(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in word_list("mechanism_heads"):
        return lemma
    if token.i > 0 and f"{token.doc[token.i - 1].lower_} {lemma}" in word_list("mechanism_heads"):
        return f"{token.doc[token.i - 1].lower_} {lemma}"  # "task force", "working group"
    return None


def _phrase(head: Token) -> Span:
    """Head noun, its left modifiers and its first prepositional complement or 'where' clause."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS:
            start = min(start, child.left_edge.i)
    while start < head.i and (doc[start].pos_ in LEADING_NOISE or doc[start].lower_ in word_list("directive_verbs")):
        start += 1
    end = head.i + 1
    named_by_modifiers = any(c.dep_ in {"compound", "nmod"} for c in head.lefts)
    for child in head.rights:
        if named_by_modifiers:
            break  # "the talents evaluation mechanism (for ...)": the modifiers already name it
        if child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and end == child.i:
            end = _trim_complement(child) + 1
        elif child.dep_ in {"acl", "advcl"} and any(t.lower_ == "to" for t in child.children):
            end = _trim_complement(child) + 1  # "a mechanism for departments to exchange ideas"
        elif child.dep_ == "relcl" and any(t.lower_ == "where" for t in child.lefts) \
                and child.right_edge.i - head.i <= SHORT_CLAUSE:
            end = child.right_edge.i + 1  # "a system where the Party supervises talents"
        break
    return doc[start:end]


def _trim_complement(prep: Token) -> int:
    """Last token of a complement, cut before relative clauses, punctuation and a second
    coordinated phrase ('... qualifications and a system for ...')."""
    nested = {t.i for c in prep.subtree if c.dep_ in NESTED_CLAUSE_DEPS and c != prep for t in c.subtree}
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
        if token.pos_ in {"NOUN", "PROPN"} and _head_type(token) and token.dep_ != "compound" \
                and not _owns_duty(token):
            phrase = _phrase(token)
            if len(_content_words(phrase.text)) >= 2:
                phrases.append(phrase)
    return phrases


def _owns_duty(token: Token) -> bool:
    """The subject of a modal verb ('the IP system has to ...') is an owner, not a mechanism."""
    verb = token.head
    return token.dep_ == "nsubj" and (any(c.tag_ == "MD" for c in verb.children)
                                      or (verb.i + 1 < len(verb.doc) and verb.nbor(1).lower_ == "to"))


def _stem(word: str) -> str:
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


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
            head = phrase.root
            label = re.sub(r"\s+", " ", phrase.text).strip(" \"“”*")
            mechanism = Mechanism(id=f"m{len(self.by_key) + 1}", label=label, type=_head_type(head) or head.lemma_)
            self.by_key[key] = mechanism
        mechanism.mentions.append(Mention(text=phrase.text, start=start, end=end, sentence=sentence))
        return mechanism

    def within(self, start: int, end: int) -> list[str]:
        """Ids of mechanisms mentioned inside the span [start, end)."""
        return [m.id for m in self.by_key.values() if any(start <= x.start and x.end <= end for x in m.mentions)]

    def link(self, duty: Duty) -> None:
        for mechanism in self.by_key.values():
            if mechanism.id in duty.mechanisms and duty.id not in mechanism.duties:
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
