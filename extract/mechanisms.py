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
        if child.dep_ in MODIFIER_DEPS or child.dep_ == "compound":
            start = min(start, child.left_edge.i)
    while start < head.i and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and end == child.i:
            end = _trim_complement(child) + 1
        elif child.dep_ == "relcl" and any(t.lower_ == "where" for t in child.lefts):
            end = child.right_edge.i + 1
        break
    return doc[start:end]


def _trim_complement(prep: Token) -> int:
    """Last token of a complement, cut before coordinated clauses and nested relative clauses."""
    last = prep.i
    for token in prep.subtree:
        if token.dep_ in {"relcl", "acl", "appos"} and token.head.i > prep.i:
            break
        if token.is_punct and token.text in {",", ";", "(", ":"}:
            break
        last = token.i
    return last


def find_mechanisms(clause: Span) -> list[Span]:
    """Mechanism phrases of a clause, each at most once."""
    phrases = []
    for token in clause:
        if token.pos_ in {"NOUN", "PROPN"} and _head_type(token) and token.dep_ != "compound":
            phrase = _phrase(token)
            if len(_content_words(phrase.text)) >= 2:
                phrases.append(phrase)
    return phrases


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
            label = re.sub(r"\s+", " ", phrase.text).strip()
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
        """Mechanisms in order of first mention, ids renumbered by that order."""
        ordered = sorted(self.by_key.values(), key=lambda m: m.mentions[0].start)
        return ordered
