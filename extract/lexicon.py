"""Policy vocabulary kept as data: modal cues, directive verbs, actor and mechanism nouns.

The rules in `extract/` are written over grammar; the few word lists they need live here as
plain files so a reader can see, and a new genre can extend, exactly what the rules know.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).parent / "lexicon"


def _words(name: str) -> frozenset[str]:
    lines = (_HERE / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of `lexicon/<name>.txt`, lower-cased, comments skipped."""
    return _words(f"{name}.txt")


@lru_cache(maxsize=None)
def directing_verbs() -> dict[str, str]:
    """Verbs that hand tasks to their object ('direct the Board to:'), with the modality they give."""
    entries = json.loads((_HERE / "directing_verbs.json").read_text(encoding="utf-8"))
    return {verb: modality for verb, modality in entries.items() if not verb.startswith("_")}


@lru_cache(maxsize=None)
def mechanism_types() -> dict[str, str]:
    """Mechanism head terms (lemmas, several words for a term: 'point of contact') with the type each gives."""
    entries = json.loads((_HERE / "mechanism_types.json").read_text(encoding="utf-8"))
    return {term: kind for kind, terms in entries.items() if not kind.startswith("_") for term in terms}


@lru_cache(maxsize=None)
def mechanism_title_types() -> frozenset[str]:
    """Mechanism types whose head may make a heading the title of the instrument its article sets up."""
    return frozenset(json.loads((_HERE / "mechanism_types.json").read_text(encoding="utf-8"))["_title_types"])


@lru_cache(maxsize=None)
def modal_cues() -> dict:
    """Modal auxiliaries and catenative phrases with the modality each gives."""
    return json.loads((_HERE / "modal_cues.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def roles() -> dict:
    """Actions that make an owner the lead or a participant, and phrases that name a leader."""
    return json.loads((_HERE / "roles.json").read_text(encoding="utf-8"))


def singular(word: str) -> str:
    """English plural to singular for the head nouns of bodies ('agencies', 'bureaus', 'offices')."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("aus"):  # "bureaus"
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
