"""Actor mentions → one canonical actor per body, with aliases, kinds and a parent.

"State Intellectual Property Office (SIPO)", "the SIPO" and "SIPO" are one actor; "the SIPO
Patent Office" is another whose parent is the SIPO; "each provincial intellectual property
office" and "provincial intellectual property offices" are one collective actor. Mentions are
merged by a key made of their words without determiners, the head noun singular, and
abbreviations expanded from the parenthesised definitions the text itself gives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.lexicon import singular, word_list
from extract.records import Actor, Mention

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "such", "any"}
QUANTIFIERS = {"each", "every", "all", "both", "and"}
_DANGLING = {"and", "or", "of", "the", "on", "in", "for", "to", "with"}
_ABBREVIATION_DEFINITION = re.compile(
    r"((?:[A-Z][\w'’-]*|of|for|on|and|the)(?:\s+(?:[A-Z][\w'’-]*|of|for|on|and|the|in)){1,9})\s+\(([A-Z][A-Za-z]*[A-Z])\)")
_LONG_FORM_IN_PARENS = re.compile(r"\b([A-Z]{2,}[A-Za-z]*)\s+\(((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|for|on|and|the)){1,9})\)")
_OFFICE_REFERENCE = re.compile(r"^(?:the|this|our)\s+(office|ministry|agency|commission|department|bureau|administration)$", re.I)


def abbreviations(text: str) -> dict[str, str]:
    """Abbreviation → long form, as defined in the text: 'Council on Environmental Quality (CEQ)'."""
    found: dict[str, str] = {}
    for long_form, short in _ABBREVIATION_DEFINITION.findall(text):
        long_form = re.sub(r"^(?:the|of|for|on|and)\s+", "", long_form.strip(), flags=re.I)
        initials = "".join(w[0] for w in long_form.split() if w[0].isupper())
        words = long_form.split()
        # keep the shortest tail of the long form whose initials spell the abbreviation
        for i in range(len(words)):
            tail = " ".join(words[i:])
            if "".join(w[0] for w in words[i:] if w[0].isupper()).upper() == short.upper():
                long_form = tail
                break
        if short.upper() in initials.upper() or len(short) >= 2:
            found.setdefault(short, long_form)
    for short, long_form in _LONG_FORM_IN_PARENS.findall(text):
        found.setdefault(short, long_form.strip())
    return found


def _strip_leading(words: list[str], drop: set[str]) -> list[str]:
    while words and words[0].lower() in drop:
        words = words[1:]
    return words


def display_label(text: str) -> str:
    """The mention as a label: leading articles and 'all' removed, distributive quantifiers kept ('each agency'), and a
    bracket the mention cut open dropped ("Information Asset Owner (IAO" → "Information Asset Owner")."""
    if text.count("(") > text.count(")"):
        text = text[:text.rindex("(")]
    text = re.sub(r"^\s*(?:e\.g\.|i\.e\.|viz\.)\s*", "", text.strip(" ‘’“”\"'"), flags=re.I)  # "e.g. a law enforcement agency"
    words = _strip_leading(text.split(), DETERMINERS | {"all", "both"})  # "all providers" are the providers
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # "National Design Guide and": cut by the parser
        words.pop()
    return re.sub(r"['’]s$", "", " ".join(words).strip(" ,;:")) or text


def kind_of(label: str) -> str:
    """government-body | unit | role | collective | external, from the head noun and quantifiers."""
    words = re.split(r"\s+(?:of|for|on|under|in)\s+", label.lower())[0].split()  # "Secretary of Commerce"
    head = singular(words[-1]) if words else ""
    if words and (words[0] in QUANTIFIERS or words[-1] != head):
        return "collective"
    if head in word_list("role_nouns"):
        return "role"
    if head in word_list("unit_nouns"):
        return "unit"
    if head in word_list("body_nouns"):
        return "government-body"
    return "external"


@dataclass
class ActorRegistry:
    """Collects mentions and merges them into canonical actors."""

    abbreviations: dict[str, str]
    issuer: str | None = None
    actors: dict[str, Actor] = field(default_factory=dict)

    def key(self, label: str) -> str:
        words = _strip_leading(label.split(), DETERMINERS | QUANTIFIERS)
        words = [self.abbreviations.get(w.strip("()"), w) for w in words]
        text = re.sub(r"'s\b", "", " ".join(words).lower().replace("’", "'"))
        text = re.sub(r"\s*\([^)]*\)", "", text).strip()
        parts = text.split()
        if parts:
            parts[-1] = singular(parts[-1])
        return " ".join(parts)

    def mention(self, text: str, start: int, end: int, sentence: str, label: str | None = None,
                found_by: str = "named-body") -> Actor:
        """Record a mention (its text exactly as written) and return the canonical actor it
        belongs to; `label` names an actor the text describes rather than names (the addressees);
        `found_by` is the rule family that found the mention."""
        if label is not None:
            return self._record(label, label, text, start, end, sentence, found_by)
        label = display_label(text)
        if _OFFICE_REFERENCE.match(text.strip()) and self.issuer:
            label = self.issuer  # "the Office" in a document refers to its issuer
        label = self.abbreviations.get(label, label)
        return self._record(label, display_label(text), text, start, end, sentence, found_by)

    def described(self, label: str, kind: str) -> Actor:
        """An actor the text implies but never names (an unnamed issuer): no mention, no span."""
        key = self.key(label)
        if key not in self.actors:
            self.actors[key] = Actor(id=self._new_id(key), label=label, kind=kind)
        return self.actors[key]

    def _record(self, label: str, alias: str, text: str, start: int, end: int, sentence: str,
                found_by: str) -> Actor:
        key = self.key(label)
        actor = self.actors.get(key)
        if actor is None:
            actor = Actor(id=self._new_id(key), label=label, kind=kind_of(label))
            self.actors[key] = actor
        for name in {alias, text.strip()} if alias != label or text.strip() == label else ():
            if name != actor.label and name not in actor.aliases:
                actor.aliases.append(name)
        actor.mentions.append(Mention(text=text, start=start, end=end, sentence=sentence, found_by=found_by))
        return actor

    def _new_id(self, key: str) -> str:
        """A readable id from the key, made unique ('federal-government', 'federal-government-2')."""
        base = re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "actor"
        taken = {a.id for a in self.actors.values()}
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def has_mention(self, start: int, end: int) -> bool:
        return any(m.start == start and m.end == end for a in self.actors.values() for m in a.mentions)

    def finish(self) -> list[Actor]:
        """Abbreviations become aliases; 'X of the Y' and 'Y X' name Y as the parent."""
        by_key = self.actors
        for short, long_form in self.abbreviations.items():
            actor = by_key.get(self.key(long_form))
            if actor and short not in actor.aliases:
                actor.aliases.append(short)
        for key, actor in by_key.items():
            parent = self._parent_key(key)
            actor.parent = by_key[parent].id if parent is not None else None
        return sorted(by_key.values(), key=lambda a: a.mentions[0].start if a.mentions else 0)

    def _parent_key(self, key: str) -> str | None:
        """The longest other actor named inside this one ('patent office of the sipo' → 'sipo')."""
        candidates = [k for k in self.actors if k and k != key and len(k) < len(key)
                      and re.search(rf"(?:^|\b(?:of|under) (?:the )?){re.escape(k)}\b", key)
                      and self.actors[k].kind != "collective"]
        candidates += [k for k in self.actors if k and k != key and key.startswith(k + " ")
                       and not key[len(k):].startswith((" of ", " for ", " on "))
                       and self.actors[k].kind in {"government-body", "external"}]
        return max(candidates, key=len) if candidates else None
