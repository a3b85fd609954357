"""Plain text, read exactly as stored; its Markdown marks (if any) are its scars.

The text is the file's characters (see `extract.read.files`), so every offset indexes the file
itself; marks such as "# " or "[^12]" stay in it and are reported as scars for repair to keep out
of the parse.
"""
from __future__ import annotations

from pathlib import Path

from extract.read.files import decode_text, require_text
from extract.read.markdown import front_matter_title, markdown_scars
from extract.read.scars import Scar


def read_plain(data: bytes, path: Path) -> tuple[str, tuple[Scar, ...], str | None]:
    """The decoded text, the scars its marks leave and its front-matter title; an InputError if it
    cannot be decoded or is blank."""
    text = require_text(decode_text(data, path), path)
    return text, tuple(markdown_scars(text)), front_matter_title(text)
