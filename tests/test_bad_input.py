"""Hundreds of bad inputs: each is refused with one line naming the file and saying what to do.

Generated inputs (random binary, invalid UTF-8, PDFs cut short at every kind of offset, damaged
Word files, random extensions) and hand-made ones go through `load_document`. The contract: a bad
file raises InputError, never another exception, and its message is one line that names the file
and ends with advice; any bytes at all give either a LoadedText or such an InputError.
"""
from __future__ import annotations

import codecs
import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import hypothesis.strategies as st
import pytest
from hypothesis import assume, given, settings

from extract.ingest import LoadedText, load_document
from extract.read import InputError
from pdfs import make_pdf

VALID_PDF = make_pdf([["Each agency shall make overall plan-"], ["ning for the work."]])
_END = VALID_PDF.rindex(b"%%EOF")
SUFFIXES = [".txt", ".pdf", ".html", ".htm", ".docx", ".doc", ".md", ".TXT", ".Pdf", ""]
# The advice after a message's last "; " opens with one of these verbs.
ADVICE = re.compile(r"; (check|give|save|re-save|rename|run|supply|get|open|unpack|extract)\b[^;]*$")
BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # BOM-marked UTF-16 is text, whatever follows


def _word_file() -> bytes:
    document = docx.Document()
    document.add_heading("Notice", level=1)
    document.add_paragraph("Each agency shall report.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


VALID_DOCX = _word_file()


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def load(folder: Path, name: str, data: bytes) -> LoadedText:
    path = folder / name
    path.write_bytes(data)
    return load_document(path)


def assert_refused(folder: Path, name: str, data: bytes) -> str:
    """Loading must raise InputError with a one-line message naming the file and giving advice."""
    with pytest.raises(InputError) as caught:
        load(folder, name, data)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message, message
    assert name in message, message
    assert ADVICE.search(message), message
    return message


def assert_loaded_or_refused(folder: Path, name: str, data: bytes) -> None:
    try:
        loaded = load(folder, name, data)
    except InputError as error:
        assert "\n" not in str(error) and name in str(error) and ADVICE.search(str(error)), str(error)
    else:
        assert loaded.text.strip()


suffixes = st.sampled_from(SUFFIXES)
# Any bytes with at least one NUL: binary to every reader, unless a UTF-16 BOM makes them text.
binary_with_nul = st.tuples(st.binary(max_size=300), st.binary(max_size=300)).map(b"\x00".join)
# A stray byte, a broken or cut-short sequence, an encoded surrogate, a five-byte form, an overlong "/".
invalid_sequences = st.sampled_from(
    [b"\xff", b"\xfe", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80", b"\xc0\xaf"]
)
ascii_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=200)
# Mostly-ASCII text with one byte sequence UTF-8 forbids spliced in.
invalid_utf8 = st.tuples(ascii_text, invalid_sequences, st.text(max_size=50)).map(
    lambda parts: parts[0].encode() + parts[1] + parts[2].encode()
)


@settings(max_examples=120, deadline=None)
@given(data=binary_with_nul, suffix=suffixes)
def test_binary_data_is_refused(folder: Path, data: bytes, suffix: str) -> None:
    assume(not data.startswith(BOMS))
    assert_refused(folder, f"input{suffix}", data)


@settings(max_examples=120, deadline=None)
@given(data=invalid_utf8, suffix=suffixes)
def test_invalid_utf8_is_refused(folder: Path, data: bytes, suffix: str) -> None:
    assert_refused(folder, f"input{suffix}", data)


@settings(max_examples=120, deadline=None)
@given(cut=st.integers(min_value=0, max_value=_END + len(b"%%EO")), suffix=st.sampled_from([".pdf", ".txt", ""]))
def test_a_pdf_cut_short_anywhere_is_refused(folder: Path, cut: int, suffix: str) -> None:
    assume(suffix == ".pdf" or cut >= len(b"%PDF-"))  # "%PD" named .txt is a (short) text file
    assert_refused(folder, f"input{suffix}", VALID_PDF[:cut])


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(VALID_DOCX) - 1))
def test_a_word_file_cut_short_anywhere_is_refused(folder: Path, cut: int) -> None:
    assert_refused(folder, "input.docx", VALID_DOCX[:cut])


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), suffix=suffixes)
def test_any_bytes_give_text_or_an_input_error(folder: Path, data: bytes, suffix: str) -> None:
    assert_loaded_or_refused(folder, f"input{suffix}", data)


@settings(max_examples=200, deadline=None)
@given(
    source=st.sampled_from([VALID_PDF, VALID_DOCX]),
    position=st.integers(min_value=0),
    junk=st.binary(min_size=1, max_size=40),
)
def test_damaged_pdf_and_word_files_give_text_or_an_input_error(
    folder: Path, source: bytes, position: int, junk: bytes
) -> None:
    position %= len(source)
    assert_loaded_or_refused(folder, "input.pdf" if source is VALID_PDF else "input.docx",
                             source[:position] + junk + source[position + len(junk):])


def _zip_of(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


HAND_MADE = {
    "empty.txt": b"",
    "blank.txt": b"\n \t\r\n",
    "blank.pdf": b"   \n",
    "latin1.txt": "Politique publiée".encode("latin-1"),
    "cp1252.html": "<p>“quoted” policy</p>".encode("cp1252"),
    "utf16-no-bom.txt": "Each agency shall act.".encode("utf-16-le"),
    "utf16-bad-surrogate.txt": codecs.BOM_UTF16_LE + b"A\x00\x00\xd8B\x00",
    "utf16-odd-length.txt": codecs.BOM_UTF16_LE + "Each agency".encode("utf-16-le") + b"\x41",
    "utf32.txt": "Each agency".encode("utf-32"),
    "nul.txt": b"Each agency\x00shall act.",
    "control.txt": bytes(range(1, 32)) * 20,
    "header-only.pdf": b"%PDF-1.7\n",
    "no-eof.pdf": VALID_PDF[:-7],
    "garbage-with-eof.pdf": b"%PDF-1.4\ngarbage\n%%EOF\n",
    "no-pages.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    "scan.pdf": make_pdf([[]]),
    "zero-pages.pdf": make_pdf([]),
    "text.pdf": b"Each agency shall act.",
    "zip.docx": _zip_of("notes.txt", b"Each agency shall act."),
    "fake-word.docx": _zip_of("word/document.xml", b"<not-xml"),
    "empty-zip.docx": b"PK\x05\x06" + bytes(18),
    "text.docx": b"Each agency shall act.",
    "legacy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
    "legacy-named.txt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
    "letter.rtf": b"{\\rtf1\\ansi Each agency shall act.}",
    "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(50),
    "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(50),
    "archive.gz": b"\x1f\x8b\x08\x00" + bytes(20),
    "scan.tiff": b"II*\x00" + bytes(20),
    "scripts.html": b"<html><head><script>var shall = 1;</script></head><body><nav>Home</nav></body></html>",
    "comment.html": b"<!-- nothing here -->",
    "unknown-charset.html": b'<meta charset="klingon"><p>Each agency shall act.</p>',
    "non-text-charset.html": b'<meta charset="rot13"><p>Each agency shall act.</p>',
    "bad-gbk.html": b'<meta charset="gbk"><p>\x81\x20</p>',
    "spaced name.txt": b"\xff\xfe\xfd",
    "naïve-名前.txt": b"",
}


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_hand_made_bad_inputs_are_refused(folder: Path, name: str) -> None:
    assert_refused(folder, name, HAND_MADE[name])


@pytest.mark.parametrize("name", ["tab\there.txt", "new\nline.pdf", "bell\x07.html"])
def test_control_characters_in_a_file_name_are_escaped_to_keep_one_line(folder: Path, name: str) -> None:
    with pytest.raises(InputError) as caught:
        load(folder, name, b"")
    assert str(caught.value).startswith(f"{folder}/{ascii(name)[1:-1]} is empty; ")
