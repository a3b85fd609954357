"""Write small PDFs by hand, so PDF tests need no PDF-making library.

A page is a list of text lines set in Helvetica, one under the other; a page with no lines has an
empty content stream, like a scanned page whose only content is an image. The file is the
textbook layout: header, numbered objects, cross-reference table with exact byte offsets, trailer.

>>> make_pdf([["First page."], ["Second page."]])[:8]
b'%PDF-1.4'
"""
from __future__ import annotations

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per entry of `pages`, each showing its lines top to bottom."""
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        _FONT,
    ]
    for index, lines in enumerate(pages):
        content = _content_stream(lines)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _content_stream(lines: list[str]) -> bytes:
    """Text operators drawing each line 16 points below the last, from the top-left margin."""
    if not lines:
        return b""
    shown = b" 0 -16 Td ".join(b"(%s) Tj" % _pdf_string(line) for line in lines)
    return b"BT /F1 12 Tf 72 720 Td " + shown + b" ET"


def _pdf_string(text: str) -> bytes:
    """A PDF literal string body: WinAnsi bytes with the three special characters escaped."""
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
