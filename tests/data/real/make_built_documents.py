"""Rebuild the three test documents that are public texts set in another container.

Run from the repository root: `.venv/bin/python tests/data/real/make_built_documents.py`.
Sources (see SOURCES.md): the scanned PDF is page 1 of the Cupertino Union School District's
special board agenda of 6 April 2016 (from jsvine/pdfplumber's tests, MIT), rendered as an image
with no text layer; the HTML page and the Word document carry GitHub site policies (github/site-policy,
CC0 1.0) inside the navigation chrome, table and footnote a published page or Word file has.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdfium2
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

HERE = Path(__file__).parent
SOURCES = Path("/work/.mirror")  # where `fetch` put the public repositories; only needed to rebuild
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def scanned_pdf(source: Path, out: Path) -> None:
    """Page 1 of `source` as a grey image at 60 dpi inside a PDF: what a scanner gives."""
    page = pypdfium2.PdfDocument(str(source))[0]
    image = page.render(scale=60 / 72).to_pil().convert("L")
    image.save(out, "PDF", resolution=60)


def policy_paragraphs(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of a site-policy file: "h" headings and "p" paragraphs, marks and links dropped."""
    body = re.sub(r"\A---.*?\n---\n", "", markdown, flags=re.S)
    blocks = []
    for block in re.split(r"\n\s*\n", body.strip()):
        text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", block).replace("**", "").strip()
        blocks.append(("h", text.lstrip("# ")) if text.startswith("#") else ("p", " ".join(text.split())))
    return blocks


def html_page(markdown: str, title: str, out: Path) -> None:
    """The policy as a web page: skip link, site header, navigation, breadcrumb, a table and a
    superscript footnote, as a site publishes it."""
    parts = [f"<h2>{text}</h2>" if kind == "h" else f"<p>{text}</p>" for kind, text in policy_paragraphs(markdown)]
    parts.insert(2, '<p>Requests are answered by the team named below.<sup>1</sup></p>')
    parts.append("<table><tr><th>Request</th><th>Who handles it</th></tr>"
                 "<tr><td>Account recovery</td><td>GitHub Support</td></tr>"
                 "<tr><td>Payment method removal</td><td>GitHub Support</td></tr></table>")
    parts.append('<ol class="footnotes"><li>See the support site for opening hours.</li></ol>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - GitHub Docs</title></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="/">GitHub Docs</a> <button>Sign in</button></header>
<nav aria-label="Site policy"><ul><li><a href="/a">GitHub Terms of Service</a></li><li><a href="/b">Privacy</a></li>
<li><a href="/c">Acceptable Use Policies</a></li></ul></nav>
<main id="main">
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/site-policy">Site policy</a> / {title}</div>
<div id="sidebar-menu"><p>In this article</p><ul><li>Can I open a support ticket?</li></ul></div>
<ul role="navigation"><li><a href="#next">Next: GitHub Username Policy</a></li></ul>
<h1>{title}</h1>
{chr(10).join(parts)}
</main>
<footer class="site-footer">© GitHub, Inc. Terms Privacy Status</footer>
</body></html>
"""
    out.write_text(page, encoding="utf-8")


def word_document(markdown: str, title: str, out: Path) -> None:
    """The policy as a Word file: a heading per section, a table of who does what, and a footnote."""
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for kind, text in policy_paragraphs(markdown):
        if kind == "h":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Who", "What they must do"
    for who, what in [("Account holders", "Account holders must not reserve names for future use."),
                      ("GitHub staff", "Staff shall remove accounts that violate the name squatting policy.")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = who, what
    _add_footnote(document, document.paragraphs[1], "Trademark complaints follow the Trademark Policy.")
    document.save(out)


def _add_footnote(document: docx.document.Document, paragraph, text: str) -> None:
    """A real Word footnote: a footnotes part, and a reference run at the end of `paragraph`."""
    xml = (f'<w:footnotes xmlns:w="{_W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}'
           "</w:t></w:r></w:p></w:footnote></w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))


def _git_show(repo: str, path: str) -> bytes:
    import subprocess
    return subprocess.run(["git", f"--git-dir={SOURCES / repo / 'repo'}", "show", f"HEAD:{path}"],
                          check=True, capture_output=True).stdout


if __name__ == "__main__":
    agenda = HERE / "_agenda.pdf"
    agenda.write_bytes(_git_show("jsvine+pdfplumber", "tests/pdfs/cupertino_usd_4-6-16.pdf"))
    scanned_pdf(agenda, HERE / "us-cupertino-board-agenda-scanned.pdf")
    agenda.unlink()
    recovery = _git_show("github+site-policy", "Policies/other-site-policies/github-account-recovery-policy.md").decode()
    html_page(recovery, "GitHub Account Recovery Policy", HERE / "github-account-recovery-policy.html")
    username = _git_show("github+site-policy", "Policies/other-site-policies/github-username-policy.md").decode()
    word_document(username, "GitHub Username Policy", HERE / "github-username-policy.docx")
