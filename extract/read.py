"""Read an input file into text, refusing what cannot be read safely.

Every offset the tool reports is an index into the text this module returns, so the text must be
exactly the file's characters: no newline translation and no guessed encoding. A file that is
missing, empty, binary or not UTF-8 stops the run with one line saying what to do, because a
silently mis-decoded file would give a graph whose every span points at the wrong characters.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

BUNDLED_DOCUMENT = "sipo-2013-ip-talents-opinions.txt"
# Control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F}
_BINARY_SHARE = 0.05  # a text file has next to no control bytes; compressed or binary data ~10 %
_SAMPLE_SIZE = 8192


class InputError(Exception):
    """An input file the tool cannot read; the message says what is wrong and what to do."""


def read_text(path: Path | str) -> str:
    """Return the text of a UTF-8 (BOM optional) or BOM-marked UTF-16 file, exactly as stored.

    A byte-order mark is dropped, so offsets count from the first real character.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path and try again")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give the path of a .txt file inside it")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror}); check its permissions") from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", path)
    elif _looks_binary(data):
        raise InputError(
            f"{path} holds binary data, not text; extract its text first and save it as UTF-8"
        )
    else:
        text = _decode(data, "utf-8-sig", path)
    if not text.strip():
        raise InputError(f"{path} is empty; give a file that contains the document's text")
    return text


def bundled_document() -> Path:
    """The sample policy shipped with the package, for demos and smoke tests."""
    return Path(__file__).with_name("data") / BUNDLED_DOCUMENT


def source_id(name: str) -> str:
    """A slug naming an input, from its file stem: "SIPO 2013 Opinions.txt" -> "sipo-2013-opinions"."""
    stem = Path(name).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "document"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, a PDF header, or more control bytes than any text has."""
    if b"\x00" in data or data.startswith(b"%PDF-"):
        return True
    sample = data[:_SAMPLE_SIZE]
    control = sum(byte in _CONTROL_BYTES for byte in sample)
    return bool(sample) and control / len(sample) > _BINARY_SHARE


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise InputError(
            f"{path} is not valid {name} (bad byte at offset {error.start}); "
            "re-save the file as UTF-8 and try again"
        ) from error
