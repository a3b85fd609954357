"""Loading documents of every kind: the text each yields, and the one-line error for each failure."""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from extract.ingest import DOCX, HTML, PDF, PLAIN_TEXT, LoadedText, SkippedFile, iter_documents, load_document
from extract.read import InputError
from extract.repair import repair_scars
from pdfs import make_pdf

TEXT = "Sec. 1. Policy. Each agency shall act — now.\r\n"
# A word hyphenated across the first page break, and a paragraph ending at the second.
PAGES = [
    ["Each agency shall make overall plan-"],
    ["ning for the work."],
    ["Article 2. The State Council", "shall report."],
]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def load_error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    return message


def encrypted(pdf: bytes, user_password: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, "owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word_document(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Plain text


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_text_files_load_exactly_as_stored(tmp_path: Path, prefix: bytes, encoding: str) -> None:
    data = prefix + TEXT.encode(encoding)
    loaded = load_document(write(tmp_path, "order.txt", data))
    assert loaded == LoadedText(tmp_path / "order.txt", TEXT, "order.txt", PLAIN_TEXT,
                                hashlib.sha256(data).hexdigest(), None)


def test_text_that_is_not_utf8_names_the_offset_and_says_to_save_as_utf8(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "latin1.txt", "Café policy".encode("latin-1")))
    assert "not valid UTF-8 (bad byte at offset 3)" in message and "re-save the file as UTF-8" in message


def test_text_in_a_file_without_extension_is_read(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "ORDER", TEXT.encode())).text == TEXT


def test_a_fifty_megabyte_text_loads_in_linear_time(tmp_path: Path) -> None:
    line = "Each agency shall report to the State Council on its progress every year.\n\n"
    path = write(tmp_path, "big.txt", (line * (50_000_000 // len(line))).encode())
    started = time.perf_counter()
    loaded = load_document(path)
    assert len(loaded.text) >= 49_000_000
    assert time.perf_counter() - started < 5


# PDF


def test_pdf_pages_are_joined_by_the_page_number_scar(tmp_path: Path) -> None:
    data = make_pdf(PAGES)
    loaded = load_document(write(tmp_path, "order.pdf", data))
    assert loaded.media_type == PDF and loaded.page_count == 3
    assert loaded.sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.text == ("Each agency shall make overall plan-\n\n— 1 —\n\nning for the work.\n\n— 2 —\n\n"
                           "Article 2. The State Council\nshall report.")


def test_a_word_hyphenated_across_pages_is_rejoined_by_repair_with_exact_offsets(tmp_path: Path) -> None:
    repaired = repair_scars(load_document(write(tmp_path, "order.pdf", make_pdf(PAGES))).text)
    assert repaired.clean == (
        "Each agency shall make overall planning for the work.\n\nArticle 2. The State Council\nshall report."
    )
    assert all(repaired.original[repaired.offsets[index]] == char for index, char in enumerate(repaired.clean))


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path: Path) -> None:
    loaded = load_document(write(tmp_path, "order.txt", make_pdf(PAGES)))
    assert loaded.media_type == PDF and "plan-" in loaded.text


def test_a_truncated_pdf_is_refused_as_damaged(tmp_path: Path) -> None:
    data = make_pdf(PAGES)
    message = load_error(write(tmp_path, "order.pdf", data[: len(data) // 2]))
    assert "is not a readable PDF (truncated or damaged)" in message and "get a complete copy" in message


def test_a_pdf_cut_before_its_header_is_refused_as_damaged(tmp_path: Path) -> None:
    assert "truncated or damaged" in load_error(write(tmp_path, "order.pdf", b"%PD"))


def test_a_password_protected_pdf_asks_for_a_decrypted_copy(tmp_path: Path) -> None:
    data = encrypted(make_pdf(PAGES), "user-secret", "RC4-128")
    message = load_error(write(tmp_path, "secret.pdf", data))
    assert "is encrypted" in message and "supply a decrypted copy" in message


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_encrypted_only_against_editing_is_read(tmp_path: Path, algorithm: str) -> None:
    data = encrypted(make_pdf(PAGES), "", algorithm)
    assert "plan-" in load_document(write(tmp_path, "restricted.pdf", data)).text


def test_a_pdf_without_text_asks_for_ocr(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "scan.pdf", make_pdf([[], []])))
    assert "no extractable text" in message and "run OCR" in message


def test_text_named_pdf_is_refused_rather_than_guessed(tmp_path: Path) -> None:
    assert "does not start with %PDF-" in load_error(write(tmp_path, "order.pdf", TEXT.encode()))


# HTML

PAGE = """<!DOCTYPE html>
<html><head><title>Site title</title><style>p { color: red }</style>
<script>var duty = "Each agency shall obey the script.";</script></head>
<body><header>Ministry site</header><nav><a href="/">Home</a></nav>
<main><article><header><h1>Notice  on&nbsp;Talents</h1></header>
<p>Each agency <b>shall</b>
   report&nbsp;yearly.<script>document.write("shall not appear")</script></p>
<p>Line one<br>line two<br><br>Second paragraph</p>
<ul><li>First item</li><li>Second item</li></ul>
<table><tr><td>Cell A</td><td>Cell B</td></tr></table><!-- a comment -->
<div hidden>Hidden text</div></article></main>
<footer>Copyright</footer></body></html>"""
PAGE_TEXT = ("Notice on Talents\n\nEach agency shall report yearly.\n\nLine one\nline two\n\nSecond paragraph\n\n"
             "First item\n\nSecond item\n\nCell A | Cell B")  # a table row is one paragraph, cells in order


def test_html_main_text_becomes_paragraphs(tmp_path: Path) -> None:
    loaded = load_document(write(tmp_path, "notice.html", PAGE.encode()))
    assert loaded.media_type == HTML and loaded.text == PAGE_TEXT


def test_script_text_never_reaches_the_html_text(tmp_path: Path) -> None:
    text = load_document(write(tmp_path, "notice.htm", PAGE.encode())).text
    assert "script" not in text and "obey" not in text and "shall not" not in text and "color" not in text


def test_page_furniture_outside_an_article_is_dropped(tmp_path: Path) -> None:
    page = "<body><header>Site</header><nav>Menu</nav><p>Body text.</p><aside>Links</aside><footer>Foot</footer></body>"
    assert load_document(write(tmp_path, "page.html", page.encode())).text == "Body text."


def test_a_page_wrapped_in_a_form_keeps_its_text_but_not_its_controls(tmp_path: Path) -> None:
    page = (
        '<body><form action="/"><p>Body text.</p>'
        "<select><option>Choose</option></select><button>Go</button></form></body>"
    )
    assert load_document(write(tmp_path, "page.aspx.html", page.encode())).text == "Body text."


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    loaded = load_document(write(tmp_path, "notice.txt", PAGE.encode()))
    assert loaded.media_type == HTML and loaded.text == PAGE_TEXT


def test_html_declaring_gb2312_is_decoded_by_its_declaration(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        "<body><p>知识产权</p></body></html>"
    )
    assert load_document(write(tmp_path, "notice.html", page.encode("gb2312"))).text == "知识产权"


def test_html_declaring_an_unknown_charset_is_refused(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "notice.html", b'<meta charset="base64"><p>text</p>'))
    assert "unknown character set 'base64'" in message


def test_html_that_is_not_utf8_and_declares_nothing_is_refused(tmp_path: Path) -> None:
    assert "not valid UTF-8" in load_error(write(tmp_path, "notice.html", "<p>Café</p>".encode("latin-1")))


def test_html_of_only_scripts_is_refused(tmp_path: Path) -> None:
    page = b"<html><head><script>render()</script></head><body></body></html>"
    message = load_error(write(tmp_path, "app.html", page))
    assert "shows no text" in message


# Word


def test_docx_paragraphs_headings_and_table_cells_become_paragraphs(tmp_path: Path) -> None:
    def build(document) -> None:
        document.add_heading("Notice on Talents", level=1)
        document.add_paragraph("Each agency shall report.")
        document.add_paragraph("   ")
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).merge(table.cell(1, 0)).text = "Tall cell"
        table.cell(0, 1).text, table.cell(1, 1).text = "Cell B", "Cell D"
        table.cell(2, 0).merge(table.cell(2, 1)).text = "Wide cell"
        document.add_paragraph("After the table.")

    loaded = load_document(write(tmp_path, "notice.docx", word_document(build)))
    assert loaded.media_type == DOCX
    assert loaded.text.split("\n\n") == [
        "Notice on Talents", "Each agency shall report.",
        "Tall cell", "Cell B", "Cell D", "Wide cell",
        "After the table.",
    ]


def test_a_docx_named_txt_is_read_as_word(tmp_path: Path) -> None:
    data = word_document(lambda document: document.add_paragraph("Each agency shall report."))
    assert load_document(write(tmp_path, "notice.txt", data)).media_type == DOCX


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    assert "not a ZIP archive" in load_error(write(tmp_path, "notice.docx", TEXT.encode()))


def test_a_truncated_docx_is_refused_as_damaged(tmp_path: Path) -> None:
    data = word_document(lambda document: document.add_paragraph("Each agency shall report."))
    message = load_error(write(tmp_path, "notice.docx", data[: len(data) // 2]))
    assert "is not a readable Word .docx document (truncated or damaged" in message


def test_a_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "Each agency shall report.")
    assert "ZIP archive but not a Word" in load_error(write(tmp_path, "notice.docx", archive.getvalue()))


def test_an_empty_docx_is_refused(tmp_path: Path) -> None:
    assert "has no text" in load_error(write(tmp_path, "blank.docx", word_document(lambda document: None)))


def test_a_legacy_doc_file_is_named_and_refused(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "legacy Office file" in load_error(write(tmp_path, "notice.doc", data))


# Files that are not documents at all


@pytest.mark.parametrize("name", ["blank.txt", "blank.pdf", "blank.html", "blank.docx"])
@pytest.mark.parametrize("content", [b"", b" \n\r\n\t "])
def test_empty_and_blank_files_are_refused_whatever_their_extension(tmp_path: Path, name: str, content: bytes) -> None:
    assert "is empty" in load_error(write(tmp_path, name, content))


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "junk.txt", bytes(range(256)) * 4))
    assert "holds binary data" in message and "give a .txt (UTF-8), .pdf, .html or .docx file" in message


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert "is a directory" in load_error(tmp_path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "no such file" in load_error(tmp_path / "absent.pdf")


def test_an_unreadable_file_says_to_check_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", TEXT.encode())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root reads any file, so chmod cannot show this
    assert "cannot be read (Permission denied); check its permissions" in load_error(path)


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert "not a regular file" in load_error(tmp_path / "pipe.txt")


def test_a_file_name_with_a_newline_still_gives_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_document(write(tmp_path, "two\nlines.txt", b""))
    assert "\n" not in str(caught.value) and "two\\nlines.txt" in str(caught.value)


# Folders


def test_a_folder_is_walked_recursively_in_name_order_skipping_what_it_cannot_read(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", TEXT.encode())
    (tmp_path / "a").mkdir()
    write(tmp_path / "a", "notice.pdf", make_pdf(PAGES))
    write(tmp_path / "a", "broken.pdf", b"%PDF-1.4 cut short")
    write(tmp_path, "c.png", b"\x89PNG\r\n")
    write(tmp_path, "d.md", f"# Notice\n\n{TEXT}".encode())
    write(tmp_path, "README.md", b"# About these files")
    write(tmp_path, ".hidden.txt", TEXT.encode())
    write(tmp_path, "~$notice.docx", b"lock")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)

    found = list(iter_documents([tmp_path]))
    assert [(type(item).__name__, item.path.relative_to(tmp_path).as_posix()) for item in found] == [
        ("SkippedFile", "README.md"),
        ("SkippedFile", "a/broken.pdf"),
        ("LoadedText", "a/notice.pdf"),
        ("LoadedText", "b.txt"),
        ("SkippedFile", "c.png"),
        ("LoadedText", "d.md"),
    ]
    reasons = [item.reason for item in found if isinstance(item, SkippedFile)]
    assert "a project's notes, not a policy" in reasons[0] and "truncated or damaged" in reasons[1]
    assert "is not a .txt, .md, .pdf, .html or .docx file" in reasons[2]
    assert all("\n" not in reason for reason in reasons)


def test_named_files_are_read_whatever_their_extension_and_failures_are_skipped(tmp_path: Path) -> None:
    notes = write(tmp_path, "notes.md", TEXT.encode())
    found = list(iter_documents([notes, tmp_path / "absent.txt"]))
    assert isinstance(found[0], LoadedText) and found[0].text == TEXT
    absent = tmp_path / "absent.txt"
    assert found[1] == SkippedFile(absent, f"{absent}: no such file; check the path and try again")


def test_a_folder_that_cannot_be_listed_is_skipped_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)  # root lists any folder, so chmod cannot show this
    assert list(iter_documents([tmp_path])) == [
        SkippedFile(tmp_path, f"{tmp_path} cannot be listed (Permission denied); check its permissions")
    ]
