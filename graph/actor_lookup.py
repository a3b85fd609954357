"""Find the actors a reader means by a name: a label, an alias, an abbreviation, or a short form.

A reader asks for "SEBI" while the graph holds "Securities and Exchange Board of India", and the
text calls the same body "the Board" in the rules that follow, which the extractor may keep as
an actor of its own. `find_actors` therefore matches, in each source:

1. a label or alias, letter case and a leading "the" ignored ("the sipo" finds SIPO);
2. an abbreviation either way: the initials of a label's capitalised words ("Securities and
   Exchange Board of India" -> SEBI) against the name asked, or the name's initials against a
   label or alias;
3. a short form of a body found so: an actor whose label is one of that body's words ("Board"),
   when no other body of the same source holds that word, so the short form can only mean it.

Each match says how it matched, so the command line can say which actors it took. With no
match, `nearest_names` gives the closest labels and aliases there are. For example

    [match.describe() for match in find_actors(store, "SEBI")]
    # ['Securities and Exchange Board of India (abbreviation)', 'Board (short form of ...)']
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Store

from graph.build import name_key
from graph.query import run_query

_ACTORS = """SELECT ?source ?label (GROUP_CONCAT(?alias; separator="\\u001f") AS ?aliases) WHERE { GRAPH ?g {
    ?src a pkg:Source ; dcterms:identifier ?source .
    ?actor a pkg:Actor ; skos:prefLabel ?label .
    OPTIONAL { ?actor skos:altLabel ?alias } } }
GROUP BY ?source ?label ORDER BY ?source ?label"""
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_NEAREST = 5


@dataclass(frozen=True)
class KnownActor:
    """An actor as the lookup sees it: its source, label and aliases."""

    source: str
    label: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class ActorMatch:
    """An actor a name matched, and how: "label", "alias", "abbreviation" or "short form of X"."""

    actor: KnownActor
    how: str

    @property
    def key(self) -> str:
        """The lookup key of its label, as `pkg:nameKey` holds it."""
        return name_key(self.actor.label)

    def describe(self) -> str:
        return f"{self.actor.label} ({self.how})"


def known_actors(store: Store, sources: Sequence[str] = ()) -> list[KnownActor]:
    """Every actor of the store (or of `sources`), with its aliases."""
    rows = run_query(store, _ACTORS, sources=sources).rows
    return [KnownActor(row["source"], row["label"], tuple(sorted(set(filter(None, (row["aliases"] or "").split("\u001f"))))))
            for row in rows]


def find_actors(store: Store, name: str, sources: Sequence[str] = ()) -> list[ActorMatch]:
    """The actors `name` means, by label or alias, abbreviation, and short form (see the module)."""
    actors = known_actors(store, sources)
    matches = [match for actor in actors if (match := _match(actor, name)) is not None]
    by_source: dict[str, list[KnownActor]] = defaultdict(list)
    for actor in actors:
        by_source[actor.source].append(actor)
    found = {(match.actor.source, match.actor.label) for match in matches}
    for match in list(matches):
        for short in _short_forms(match.actor, by_source[match.actor.source]):
            if (short.source, short.label) not in found:
                found.add((short.source, short.label))
                matches.append(ActorMatch(short, f"short form of {match.actor.label}"))
    return matches


def nearest_names(store: Store, name: str, sources: Sequence[str] = (), count: int = _NEAREST) -> list[str]:
    """The labels and aliases closest to `name` in spelling, closest first."""
    names = {candidate.casefold(): candidate for actor in known_actors(store, sources) for candidate in actor.names}
    close = difflib.get_close_matches(_plain(name), list(names), n=count, cutoff=0.5)
    return [names[key] for key in close]


def _match(actor: KnownActor, name: str) -> ActorMatch | None:
    asked = _plain(name)
    if asked == _plain(actor.label):
        return ActorMatch(actor, "label")
    if any(asked == _plain(alias) for alias in actor.aliases):
        return ActorMatch(actor, "alias")
    asked_initials = _initials(name)
    if any(_is_abbreviation(name, _initials(candidate)) for candidate in actor.names) or (
            asked_initials and any(_is_abbreviation(candidate, asked_initials) for candidate in actor.names)):
        return ActorMatch(actor, "abbreviation")
    return None


def _short_forms(body: KnownActor, others: list[KnownActor]) -> list[KnownActor]:
    """Actors of the same source labelled by one word of `body`'s label that no other body's label holds."""
    words = {word.casefold() for word in _WORD.findall(body.label)} if len(_WORD.findall(body.label)) > 1 else set()
    shorts = []
    for actor in others:
        label = _plain(actor.label)
        if actor is body or " " in label or label not in words:
            continue
        holders = [other for other in others if other is not actor and label in _words(other.label)]
        if holders == [body]:
            shorts.append(actor)
    return shorts


def _plain(name: str) -> str:
    """A name as compared: a lookup key without a leading "the"."""
    return _ARTICLE.sub("", name_key(name))


def _words(label: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(label)}


def _initials(name: str) -> str:
    """The initials of a name's capitalised words ("Securities and Exchange Board of India" -> "SEBI");
    "" for a name of fewer than two such words, which has no abbreviation worth matching."""
    capitals = [word[0] for word in _WORD.findall(_ARTICLE.sub("", name.strip())) if word[0].isupper()]
    return "".join(capitals) if len(capitals) >= 2 else ""


def _is_abbreviation(name: str, initials: str) -> bool:
    """Whether `name` is written as the abbreviation `initials` ("SEBI", "S.E.B.I.", in any case)."""
    letters = re.sub(r"[\s.]", "", name)
    return bool(initials) and letters.isalpha() and letters.casefold() == initials.casefold()
