"""The main text of an HTML page, as paragraphs separated by blank lines.

What a reader takes for the document is kept; what a browser never shows as reading matter, or
what belongs to the site rather than the page, is dropped: scripts and styles (a script's text
must never become a "duty"), navigation, page-level header and footer, asides and form controls. When the
page marks its main content (`<main>`, `role="main"`, or a single `<article>`), only that is read.
Navigation chrome marked only by its role or class ("navigation", "breadcrumb", "menu", "skip
link", "cookie") goes too. Block elements (p, div, li, headings…) end paragraphs and `<br>` ends a
line, with whitespace collapsed as a browser collapses it; a table row is one paragraph, its cells
in order joined by " | "; a `<sup>` footnote number is a scar. So a policy published as a web page
reaches `extract.repair` in the same shape as one copied from a PDF. The title is the page's first
`<h1>`, else its `<title>`.

>>> read_html(b"<p>Each agency <b>shall</b> report.<script>x()</script></p><p>Next.</p>", Path("a.html")).text
'Each agency shall report.\\n\\nNext.'
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from extract.read.files import InputError, decode_text, require_text, shown
from extract.read.scars import CELL_SEPARATOR, Scar, fence, unfence

# Never reading matter, wherever they are. <form> is not among them: ASP.NET sites wrap the whole
# page in one, so only its controls are dropped.
_DROPPED = frozenset(
    "script style noscript template head title nav aside iframe object embed svg canvas "
    "button select datalist dialog".split()
)
# Site furniture only at page level: inside an article or section they hold its own title or notes.
_PAGE_FURNITURE = (
    ".//header[not(ancestor::article or ancestor::section or ancestor::main)]"
    "|.//footer[not(ancestor::article or ancestor::section or ancestor::main)]"
)
# Chrome a site marks by role or class only: "<div class='breadcrumb'>", "<ul role='navigation'>".
_CHROME = (
    ".//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='search'"
    " or contains(concat(' ', translate(normalize-space(@class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_',"
    " 'abcdefghijklmnopqrstuvwxyz  '), ' '), ' breadcrumb ')"
    " or re:test(concat(@class, ' ', @id), '(^|[\\s_-])(nav|navbar|navigation|menu|breadcrumbs?|skip|cookie|"
    "sidebar|site-header|site-footer)([\\s_-]|$)', 'i')]"
)
_REGEX_NAMESPACE = {"re": "http://exslt.org/regular-expressions"}
_BLOCKS = frozenset(
    "address article blockquote body caption center dd details div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 header footer hgroup hr html legend li main menu ol p pre section summary "
    "table tbody tfoot thead tr ul".split()
)
_CELLS = frozenset({"td", "th"})
# A footnote mark set as superscript: "1", "12", "[3]", "*", "†". It is fenced while whitespace
# collapses, then becomes a scar (`extract.read.scars.unfence`).
_NOTE_MARK = re.compile(r"\[?(?:\d{1,3}|[*†‡§]{1,3}|[a-z])\]?")


@dataclass(frozen=True)
class HtmlText:
    """A page's main text, its footnote marks as scars, and its title."""

    text: str
    scars: tuple[Scar, ...]
    title: str | None
# The HTML standard's encoding prescan looks at the first 1024 bytes for a declared charset.
_PRESCAN = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
# Labels the HTML standard decodes as a superset: Latin-1 and ASCII as windows-1252, GB2312 as GBK.
# Keys are Python's canonical codec names, so every alias of a label ("latin1", "ISO-8859-1") maps.
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}
_HTML_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(data: bytes) -> bool:
    """Whether the file opens as an HTML page does (doctype or <html> first, after any comments)."""
    return _HTML_START.match(data[:_PRESCAN]) is not None


def read_html(data: bytes, path: Path) -> HtmlText:
    """The page's main text; an InputError if it cannot be decoded or shows no text."""
    text = require_text(decode_text(data, path, _declared_charset(data)), path)
    try:
        # Re-encoded so the parser never re-reads a <meta charset> the text was already decoded by.
        page = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:  # nothing but comments or stray end tags
        page = None
    paragraphs = _Layout()
    title = None
    if page is not None:
        title = _title(page)
        main = _main_part(page)
        for element in [*main.xpath(_PAGE_FURNITURE), *main.xpath(_CHROME, namespaces=_REGEX_NAMESPACE)]:
            if element is not main and element.getparent() is not None:
                element.drop_tree()
        paragraphs.walk(main)
        paragraphs.break_paragraph()  # the main part may be an inline element, which ends none
    if not paragraphs.done:
        raise InputError(
            f"{shown(path)} shows no text outside scripts, styles and navigation; "
            "open it in a browser, save or print it as text or PDF, and give that file"
        )
    return _unfence("\n\n".join(paragraphs.done), title)


def _unfence(fenced: str, title: str | None) -> HtmlText:
    text, scars = unfence(fenced)
    return HtmlText(text, tuple(scars), title)


def _title(page: lxml.html.HtmlElement) -> str | None:
    """The page's first top-level heading, else its <title>: what a reader takes for its name."""
    for query in ("//h1", "//title"):
        for element in page.xpath(query):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return None


def _declared_charset(data: bytes) -> str:
    """The encoding the page declares in its first bytes (UTF-8 when it declares none)."""
    head = data[:_PRESCAN]
    declared = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if declared is None:
        return "utf-8"
    label = declared.group(1).decode("ascii")
    try:
        canonical = codecs.lookup(label).name
    except LookupError:  # decode_text refuses it with a message naming the label
        return label
    return _SUPERSETS.get(canonical, label)


def _main_part(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the page's main content: <main>, role="main", a lone <article>, or <body>."""
    for query in ("//main", "//*[@role='main']"):
        found = page.xpath(query)
        if found:
            return found[0]
    articles = page.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    bodies = page.xpath("//body")  # a page of only <head> content has none
    return bodies[0] if bodies else page


class _Layout:
    """Text runs and breaks in, paragraphs out; whitespace collapses as a browser collapses it."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self._lines: list[str] = []
        self._runs: list[str] = []
        self._preformatted = 0

    def walk(self, element: etree._Element) -> None:
        """Lay out `element` and its descendants (lxml caps nesting at 256, so recursion is safe)."""
        tag = element.tag if isinstance(element.tag, str) else None  # comments have a function here
        if tag in _DROPPED or tag is None or element.get("hidden") is not None:
            return
        block = tag in _BLOCKS
        if block:
            self.break_paragraph()
        if tag == "br":
            self.break_line()
        if tag in _CELLS and element.getprevious() is not None:
            self.add(CELL_SEPARATOR)
        mark = tag == "sup" and _NOTE_MARK.fullmatch(element.text_content().strip()) is not None
        if mark:
            self.add(fence(element.text_content().strip()))
            return
        self._preformatted += tag == "pre"
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)
        self._preformatted -= tag == "pre"
        if block:
            self.break_paragraph()

    def add(self, text: str | None) -> None:
        """Add a text run; inside <pre> its newlines are line breaks, elsewhere only spaces."""
        if not text:
            return
        if not self._preformatted:
            self._runs.append(text)
            return
        first, *rest = text.split("\n")
        self._runs.append(first)
        for line in rest:
            self.break_line()
            self._runs.append(line)

    def break_line(self) -> None:
        """End the current line; a blank line (as from <br><br>) ends the paragraph."""
        if not self._end_line():
            self.break_paragraph()

    def break_paragraph(self) -> None:
        self._end_line()
        if self._lines:
            self.done.append("\n".join(self._lines))
            self._lines = []

    def _end_line(self) -> bool:
        line = " ".join("".join(self._runs).split())
        self._runs = []
        if line:
            self._lines.append(line)
        return bool(line)
