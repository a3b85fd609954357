"""Short labels for long actor names, so a register row stays one or two lines high.

An owner inferred from a circular's addressees is labelled after the circular's number
("addressees of G. ZH. F. R. Z. [2013] No. 65"), and in a circular that owns most duties that
label fills the register's owner column. A reader needs to know only whose duty it is, so the
viewer shows a short label and keeps the full one for the hover text and the actor's page:

    >>> short_actor_label("addressees of G. ZH. F. R. Z. [2013] No. 65",
    ...                   [("G. ZH. F. R. Z. [2013] No. 65", "Circular of the Office on Printing the Opinions")])
    'Addressees of the circular'

(the register adds ", inferred" where the owner is inferred).
Any other label longer than SHORT_WIDTH characters is cut at a word, with an ellipsis.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

SHORT_WIDTH = 48
# Words that name what kind of document a policy text is, as titles use them; the first found wins.
DOCUMENT_KINDS = ("executive order", "circular", "notice", "opinions", "opinion", "measures", "regulations",
                  "regulation", "decision", "directive", "guidelines", "plan", "rules", "provisions", "decree",
                  "announcement", "order", "act", "law")
_ADDRESSEES = re.compile(r"addressees of (?:the )?(?P<document>.+)", re.IGNORECASE)
_KIND = re.compile(r"\b(" + "|".join(re.escape(kind) for kind in DOCUMENT_KINDS) + r")\b", re.IGNORECASE)


def document_kind(title: str | None) -> str:
    """The kind of document a title names ("Circular of ..." -> "circular"), else "document"."""
    found = _KIND.search(title or "")
    return found.group(1).lower() if found else "document"


def short_actor_label(label: str, documents: Iterable[tuple[str | None, str | None]] = ()) -> str:
    """`label`, or a short form of it: "Addressees of the circular" for the addressees of one of
    `documents` (each a number and a title, of the actor's source), else cut at a word."""
    addressees = _ADDRESSEES.fullmatch(label.strip())
    if addressees:
        named = _key(addressees.group("document"))
        title = next((title for number, title in documents if named in (_key(number), _key(title))), None)
        if title is not None:
            return f"Addressees of the {document_kind(title)}"
    return cut(label)


def cut(label: str, width: int = SHORT_WIDTH) -> str:
    """A label of at most `width` characters, cut after a whole word, with an ellipsis when cut."""
    if len(label) <= width:
        return label
    kept = label[:width - 1].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return f"{kept}…"


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()
