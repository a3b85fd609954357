"""Keep credentials and a server's raw bytes out of what policykg prints.

Errors of `push` quote the endpoint, httpx and the server's reply, any of which can carry the
secret: the user part of a URL (`http://me:pw@host/`), a header value httpx refuses and repeats,
a server that echoes the Authorization header back. `redact` replaces every secret it is given
(and the user part of URLs) with `***`; `one_printable_line` cuts a reply to one short line with
no control characters, so a 2 MB body or a terminal escape sequence never reaches the terminal:

    one_printable_line(redact("bad token abc\\x1b[2J", ["abc"]))   # 'bad token *** [2J'
"""
from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LINE = 200
_SHORTEST_SECRET = 3  # masking one or two characters would mask half the message, and hide nothing
_URL_USER = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")
_CREDENTIAL_HEADER = re.compile(r"(?i)\b(authorization|proxy-authorization)\s*[:=]\s*([a-z]+\s+)?[^\s,;]+")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with each secret, any URL's user part and any Authorization header value replaced by ***."""
    for secret in sorted((secret for secret in secrets if len(secret) >= _SHORTEST_SECRET), key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _URL_USER.sub(r"\1***@", text)
    return _CREDENTIAL_HEADER.sub(lambda header: f"{header[1]}: ***", text)


def one_printable_line(text: str, limit: int = MAX_LINE) -> str:
    """The text's printable characters on one line, cut to `limit` characters with an ellipsis."""
    line = " ".join(_UNPRINTABLE.sub(" ", text).split())
    return line if len(line) <= limit else line[:limit] + "…"


def has_control_characters(text: str) -> bool:
    """Whether the text holds a line break, an escape or another control character."""
    return _UNPRINTABLE.search(text) is not None
