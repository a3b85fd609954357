"""Reading input files: what is accepted, and the one-line errors for what is not."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extracting import extract_file
from extract.read import InputError, bundled_document, read_text, source_id

TEXT = "Sec. 1. Policy. Each agency shall act — now.\r\n"


def test_utf8_text_is_returned_exactly_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    assert read_text(path) == TEXT


def test_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert read_text(path) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_accepted(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    path = tmp_path / "order.txt"
    path.write_bytes(bom + TEXT.encode(encoding))
    assert read_text(path) == TEXT


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"])
def test_empty_or_blank_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty"):
        read_text(path)


def test_file_with_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_bytes("Policy text".encode("utf-16-le"))  # UTF-16 without a BOM: NULs everywhere
    with pytest.raises(InputError, match="binary"):
        read_text(path)


def test_file_of_mostly_control_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(1, 32)) * 20 + b"some text")
    with pytest.raises(InputError, match="binary"):
        read_text(path)


def test_pdf_given_as_text_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "order.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with pytest.raises(InputError, match="binary"):
        read_text(path)


def test_invalid_utf8_names_the_byte_offset_and_suggests_resaving(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café policy".encode("latin-1"))
    with pytest.raises(InputError, match=r"offset 3\b.*re-save the file as UTF-8"):
        read_text(path)


def test_error_message_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_text(tmp_path / "absent.txt")
    assert "\n" not in str(caught.value)


def test_bundled_document_is_readable() -> None:
    assert read_text(bundled_document()).lstrip().startswith("ment specific duties")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("sipo-2013-ip-talents-opinions.txt", "sipo-2013-ip-talents-opinions"),
        ("/tmp/US EO 14057 (2021).TXT", "us-eo-14057-2021"),
        ("Règlement_UE 2016_679.txt", "reglement-ue-2016-679"),
    ],
)
def test_source_id_is_a_lowercase_slug_of_the_file_stem(name: str, slug: str) -> None:
    assert source_id(name) == slug


@pytest.mark.parametrize("cell, text", [
    ("Share applica-\ntion money\npending allot-\nment", "Share application money pending allotment"),
    ("Non-\nCurrent", "Non- Current"),  # a capital after the break: a compound, not a word cut in two
    ("2024-\n25", "2024- 25"),
])
def test_a_pdf_table_cell_is_one_line_with_its_hyphenated_words_mended(cell, text):
    from extract.read.pdf import cell_text
    assert cell_text(cell) == text


def test_a_heading_mark_glued_to_the_sentence_before_it_opens_a_block(tmp_path):
    path = tmp_path / "glued.md"
    path.write_text("[^81]: These reserves should be at least 10 years for silica sand sites; and at least 25 years "
                    "for brick clay.# Annex 1: Implementation\n\nThe policies apply.\n", encoding="utf-8")
    assert extract_file(path).duties[0].text.endswith("and at least 25 years for brick clay")
