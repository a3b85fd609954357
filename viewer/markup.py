"""Document text as safe Markdown and HTML: every character that could be markup is escaped.

Document text is data, never markup: a source holding `<script>` or `[x](http://evil)` must show
those characters, not run or link them. Streamlit's Markdown reads HTML tags, links, emphasis,
`$` maths and `:color[...]` directives, so `escape` writes each of their characters as an HTML
character reference, which Markdown and HTML both show as the plain character:

    >>> escape("<b>[x](y)</b>")
    '&lt;b&gt;&#91;x&#93;&#40;y&#41;&lt;/b&gt;'

Highlighted text is one line of HTML (newlines become `&#10;` in a pre-wrap block), because a
blank line would end the HTML block and hand the rest back to the Markdown parser.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from graph.views import Passage, Segment
from viewer.emphasis import emphasis_html, emphasis_runs

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "\n": "&#10;", "\r": "&#13;"}
_ESCAPES.update({char: f"&#{ord(char)};" for char in "\\`*_[](){}#+-.!|~:$=^"})
_TABLE = str.maketrans(_ESCAPES)
_INLINE_TABLE = str.maketrans({**_ESCAPES, "\n": " ", "\r": " "})

_BLOCK_STYLE = "white-space: pre-wrap; line-height: 1.7; font-size: 0.95rem"
MARK_STYLES = {
    "duty": "background-color: #ffe27a; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
    "goal": "background-color: #b6e3b0; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
    "mention": "background-color: #bcd8ff; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
    "actor": "background-color: #bcd8ff; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
}
# Where spans nest (an actor named inside a duty), the innermost kind colours the run and links it;
# the kinds around it show as a coloured underline.
_SPECIFIC_FIRST = ("actor", "mention", "goal", "duty")
_UNDERLINES = {"duty": "#d9a400", "goal": "#3f9b45", "actor": "#4a7fd4", "mention": "#4a7fd4"}
_LINK_STYLE = "color: inherit; text-decoration: none"
_NOTE_STYLE = "font-size: 0.875rem; color: rgba(49, 51, 63, 0.6)"  # as st.caption
_LINK_LINE_STYLE = "margin: 0.25rem 0"
_FACTS_STYLE = "margin: 0.75rem 0"


def escape(text: str | None) -> str:
    """Text for any Streamlit API that reads Markdown (markdown, caption, subheader, info ...), on one line."""
    return "" if text is None else text.translate(_INLINE_TABLE)


def passage_html(passage: Passage, kind: str = "duty") -> str:
    """A sentence with its span marked, as one escaped HTML block for `st.markdown(..., unsafe_allow_html=True)`;
    its Markdown emphasis is shown as emphasis (`viewer.emphasis`)."""
    runs = emphasis_runs(passage.before + passage.span + passage.after)
    middle, after = len(passage.before), len(passage.before) + len(passage.span)
    return _block(emphasis_html(passage.before, 0, runs, _text)
                  + _mark(emphasis_html(passage.span, middle, runs, _text), kind)
                  + emphasis_html(passage.after, after, runs, _text))


def rich_html(text: str | None) -> str:
    """A piece of document text (a title, a clause) as escaped HTML with its emphasis shown as emphasis."""
    return "" if text is None else emphasis_html(text, 0, emphasis_runs(text), _text)


def note_html(note: str | None) -> str:
    """A short note in small grey type, as `st.caption` shows it, for a block of HTML; "" for none."""
    return f'<p style="{_NOTE_STYLE}">{_text(note)}</p>' if note else ""


def facts_html(facts: Mapping[str, str | None]) -> str:
    """Named facts as HTML, one a line with its name in bold, the empty ones left out.

    >>> facts_html({"Owner": "<SIPO>", "Deadline": None})
    '<p style="margin: 0.75rem 0"><b>Owner:</b> &lt;SIPO&gt;</p>'
    """
    lines = (f"<b>{_text(name)}:</b> {rich_html(value)}" for name, value in facts.items() if value)
    return f'<p style="{_FACTS_STYLE}">{"<br>".join(lines)}</p>'


def links_html(targets: Iterable[tuple[str, str]]) -> str:
    """Links, one a line: each an `href` (an escaped attribute value, e.g. `links.href(...)`) and a plain label."""
    return "".join(f'<p style="{_LINK_LINE_STYLE}"><a href="{href}">{_text(label)}</a></p>' for href, label in targets)


def segments_html(segments: Iterable[Segment], kinds: Iterable[str],
                  href: Callable[[str, str], str] | None = None, anchors: Mapping[int, str] | None = None) -> str:
    """A whole text with the runs marked by one of `kinds` highlighted.

    `href(kind, id)` makes each highlight a link to its record (an escaped attribute value);
    `anchors` puts an empty element with that HTML id at a text offset, for links into the text.
    """
    shown = [kind for kind in _SPECIFIC_FIRST if kind in set(kinds)]
    anchors = anchors or {}
    segments = list(segments)
    runs = emphasis_runs("".join(segment.text for segment in segments))
    parts = []
    for offset, segment in _cut_at(segments, anchors):
        if offset in anchors:
            parts.append(f'<span id="{_text(anchors[offset])}"></span>')
        inner = emphasis_html(segment.text, offset, runs, _text)
        marks = [(kind, key) for kind in shown for mark_kind, key in segment.marks if mark_kind == kind]
        if not marks:
            parts.append(inner)
            continue
        kind, key = marks[0]
        around = [other for other, _ in marks[1:] if other != kind]
        mark = _mark(inner, kind, "; ".join(f"{kind} {key}" for kind, key in marks), around)
        parts.append(f'<a href="{href(kind, key)}" target="_self" style="{_LINK_STYLE}">{mark}</a>' if href else mark)
    return _block("".join(parts))


def legend_html(kinds: Iterable[str]) -> str:
    """A one-line key to the highlight colours."""
    return " ".join(_mark(_text(kind), kind) for kind in kinds)


def _cut_at(segments: Iterable[Segment], offsets: Iterable[int]) -> Iterator[tuple[int, Segment]]:
    """The segments with their start offsets, split where an offset falls inside one."""
    cuts = sorted(set(offsets))
    start = 0
    for segment in segments:
        end = start + len(segment.text)
        inside = [cut - start for cut in cuts if start < cut < end]
        for first, last in zip([0, *inside], [*inside, len(segment.text)]):
            yield start + first, Segment(segment.text[first:last], segment.marks)
        start = end


def _text(text: str) -> str:
    return text.translate(_TABLE)


def _mark(inner_html: str, kind: str, title: str | None = None, around: Iterable[str] = ()) -> str:
    """A highlight around HTML already escaped."""
    title_attribute = f' title="{_text(title)}"' if title else ""
    underline = next((f"; box-shadow: inset 0 -3px 0 {_UNDERLINES[other]}" for other in around), "")
    return f'<mark style="{MARK_STYLES[kind]}{underline}"{title_attribute}>{inner_html}</mark>'


def _block(inner: str) -> str:
    return f'<div style="{_BLOCK_STYLE}">{inner}</div>'
