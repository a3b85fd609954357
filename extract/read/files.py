"""Read an input file into text, refusing what cannot be read safely.

Every offset the tool reports is an index into the text this module returns, so the text must be
exactly the file's characters: no newline translation and no guessed encoding. A file that is
missing, empty, binary or not UTF-8 stops the run with one line saying what to do, because a
silently mis-decoded file would give a graph whose every span points at the wrong characters.
The byte-level checks here are shared by every reader of the package (`extract.read`).
"""
from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from pathlib import Path

BUNDLED_DOCUMENT = "sipo-2013-ip-talents-opinions.txt"
# Control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F}
_BINARY_SHARE = 0.05  # a text file has next to no control bytes; compressed or binary data ~10 %
_SAMPLE_SIZE = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_REASON_LENGTH = 160  # a quoted library error is a hint, not a report


class InputError(Exception):
    """An input file the tool cannot read; the message says what is wrong and what to do."""


def read_text(path: Path | str) -> str:
    """Return the text of a UTF-8 (BOM optional) or BOM-marked UTF-16 file, exactly as stored.

    A byte-order mark is dropped, so offsets count from the first real character.
    """
    path = Path(path)
    data = read_bytes(path)
    if looks_binary(data):
        raise InputError(
            f"{shown(path)} holds binary data, not text; extract its text first and save it as UTF-8"
        )
    return require_text(decode_text(data, path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError if it is missing, a folder, special or unreadable.

    Only regular files are read: a named pipe or a device would block or never end.
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{shown(path)} is a directory; give the path of a file inside it")
        if not stat.S_ISREG(mode):
            raise InputError(f"{shown(path)} is not a regular file; give the path of a document file")
        return path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{shown(path)}: no such file; check the path and try again") from error
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"{shown(path)} cannot be read ({reason}); check its permissions") from error


def looks_binary(data: bytes) -> bool:
    """NUL bytes, a PDF header, or more control bytes than any text has; UTF-16 needs its BOM."""
    if data.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in data or data.startswith(b"%PDF-"):
        return True
    sample = data[:_SAMPLE_SIZE]
    control = sum(byte in _CONTROL_BYTES for byte in sample)
    return bool(sample) and control / len(sample) > _BINARY_SHARE


def decode_text(data: bytes, path: Path, encoding: str = "utf-8") -> str:
    """Decode strictly: a byte-order mark wins over `encoding`, and is dropped.

    A bad byte is an error naming its offset, never a replacement character.
    """
    try:
        if data.startswith(_UTF16_BOMS):
            encoding = "utf-16"
        elif data.startswith(codecs.BOM_UTF8) or codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
        text = data.decode(encoding)
    except LookupError as error:  # unknown, or a codec such as "base64" that is not a text encoding
        raise InputError(
            f"{shown(path)} declares an unknown character set {encoding!r}; re-save it as UTF-8 and try again"
        ) from error
    except UnicodeDecodeError as error:
        name = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8"}.get(encoding, encoding)
        raise InputError(
            f"{shown(path)} is not valid {name} (bad byte at offset {error.start}); "
            "re-save the file as UTF-8 and try again"
        ) from error
    if encoding == "utf-16" and "\x00" in text:  # UTF-32 opens with the UTF-16 mark, then decodes to NULs
        raise InputError(
            f"{shown(path)} holds NUL characters after a UTF-16 byte-order mark (UTF-32 is not read); "
            "re-save the file as UTF-8 and try again"
        )
    return text


def require_text(text: str, path: Path) -> str:
    """`text` itself, unless it holds nothing but whitespace."""
    if not text.strip():
        raise empty_file(path)
    return text


def empty_file(path: Path) -> InputError:
    """The error for a file with nothing in it to read."""
    return InputError(f"{shown(path)} is empty; give a file that contains the document's text")


def shown(path: Path) -> str:
    """The path as it goes into a one-line message: control characters and undecodable bytes escaped.

    File names may hold newlines or bytes that are not UTF-8; printed raw they break the line or the
    terminal's encoding.
    """
    text = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def reason(error: Exception) -> str:
    """An exception's message on one short line, to quote inside an InputError."""
    return " ".join(str(error).split())[:_REASON_LENGTH] or type(error).__name__


def bundled_document() -> Path:
    """The sample policy shipped with the package, for demos and smoke tests."""
    return Path(__file__).parents[1] / "data" / BUNDLED_DOCUMENT


def source_id(name: str) -> str:
    """A slug naming an input, from its file stem: "SIPO 2013 Opinions.txt" -> "sipo-2013-opinions"."""
    stem = Path(name).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "document"
