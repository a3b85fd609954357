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

from collections.abc import Iterable

from graph.views import Passage, Segment

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "\n": "&#10;", "\r": "&#13;"}
_ESCAPES.update({char: f"&#{ord(char)};" for char in "\\`*_[](){}#+-.!|~:$=^"})
_TABLE = str.maketrans(_ESCAPES)
_INLINE_TABLE = str.maketrans({**_ESCAPES, "\n": " ", "\r": " "})

_BLOCK_STYLE = "white-space: pre-wrap; line-height: 1.7; font-size: 0.95rem"
MARK_STYLES = {
    "duty": "background-color: #ffe27a; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
    "goal": "background-color: #b6e3b0; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
    "mention": "background-color: #bcd8ff; color: #1a1a1a; padding: 0 1px; border-radius: 2px",
}


def escape(text: str | None) -> str:
    """Text for any Streamlit API that reads Markdown (markdown, caption, subheader, info ...), on one line."""
    return "" if text is None else text.translate(_INLINE_TABLE)


def passage_html(passage: Passage, kind: str = "duty") -> str:
    """A sentence with its span marked, as one escaped HTML block for `st.markdown(..., unsafe_allow_html=True)`."""
    return _block(f"{_text(passage.before)}{_mark(passage.span, kind)}{_text(passage.after)}")


def segments_html(segments: Iterable[Segment], kinds: Iterable[str]) -> str:
    """A whole text with the runs marked by one of `kinds` highlighted (the first kind listed wins)."""
    shown = tuple(kinds)
    parts = []
    for segment in segments:
        kind = next((kind for kind in shown if any(mark[0] == kind for mark in segment.marks)), None)
        if kind is None:
            parts.append(_text(segment.text))
        else:
            ids = ", ".join(key for mark_kind, key in segment.marks if mark_kind in shown)
            parts.append(_mark(segment.text, kind, ids))
    return _block("".join(parts))


def legend_html(kinds: Iterable[str]) -> str:
    """A one-line key to the highlight colours."""
    return " ".join(_mark(kind, kind) for kind in kinds)


def _text(text: str) -> str:
    return text.translate(_TABLE)


def _mark(text: str, kind: str, title: str | None = None) -> str:
    title_attribute = f' title="{_text(title)}"' if title else ""
    return f'<mark style="{MARK_STYLES[kind]}"{title_attribute}>{_text(text)}</mark>'


def _block(inner: str) -> str:
    return f'<div style="{_BLOCK_STYLE}">{inner}</div>'
