"""The text of a PDF as a reader sees it: columns in order, tables row by row, page furniture as scars.

pypdf checks the file (damaged, encrypted, empty) and gives its metadata; pdfplumber (on
pdfminer.six) lays each page out. A page's text is read region by region — a full-width top,
then the left column, then the right one when a gutter splits the page — so two columns never
run into one sentence. Each table pdfplumber's table finder draws is read apart from the text
around it: a table whose rows hold one cell each is a boxed passage, read as running lines; any
other is read one row per paragraph, its cells in order joined by " | ", never column by column.
Rotated characters (a table's vertical column heads) are left out, since they read as letter soup.

Pages are joined by a blank line, a page-number line "— N —" and another blank line, the
footer `extract.repair` already mends, so a sentence or word cut by a page break is rejoined and
every offset still points into the text returned here. A line repeated at the top or bottom of
most pages ("SEBI (LODR) Regulations, 2015", "Page 3 of 57") is a running header, and a footnote
number set small and raised after a word ("Reports¹ from") or an amendment mark ("1[Division I")
is a footnote mark: scars both.

>>> join_pages(["make overall plan-\\n", "ning for it."])
'make overall plan-\\n\\n— 1 —\\n\\nning for it.'
"""
from __future__ import annotations

import bisect
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

from extract.read.files import InputError, reason, shown
from extract.read.scars import AMENDMENT_MARK, CELL_SEPARATOR, FOOTNOTE_MARK, MARK_CLOSE, MARK_OPEN, RUNNING_HEADER, Scar, fence, unfence

# A complete PDF ends with this marker; a file cut short (an interrupted download) lacks it, and
# pypdf would otherwise quietly recover whatever pages it can find.
_END_MARKER = b"%%EOF"
_END_WINDOW = 1024  # how far from the end the marker may sit (trailing newlines, padding)
_GUTTER_RANGE = (0.3, 0.7)  # where on the page (share of its width) a column gutter may run
_GUTTER_STEP = 4.0  # points between gutter positions tried
_COLUMN_WORDS = 0.25  # each column holds at least this share of the words below the full-width top
_COLUMN_LINES = 5
_MAX_SPLITS = 2  # a column may be split once more: up to four columns
_EDGE_SHARE = 0.15  # a full-width head or foot lies in the top or bottom share of a region
_STRAY_WORDS, _STRAY_SHARE = 2, 0.01  # words that may cross a gutter: at most 2, or 1 % of the body
_FURNITURE_LINES = 2  # a running header or footer is among the first or last lines of a page
_FURNITURE_SHARE = 0.3  # and repeats on at least this share of the pages (and on three at least)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_HEADER_WORDS = 2  # "Article 5" opening many pages is a heading, not a running header
# "1[Division I": an official consolidation marks each amended passage with its footnote's number.
_AMENDMENT_MARK = re.compile(r"(?<![\w.,\[\]])\d{1,2}\[(?=[\w(])")
_HYPHENATED_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[a-z])")
_SUPERSCRIPT_SIZE = 0.8  # a footnote number is set at most this share of the size of the word it follows
_SUPERSCRIPT_RISE = 0.15  # and raised by at least this share of that size
_TITLE_WORDS = 2
# A double low line opening a word, a horizontal bar before one, a double bar after one: quotes.
_MISMAPPED_QUOTES = ((re.compile(r"‗(?=\w)"), "‘"), (re.compile(r"―(?=\w)"), "“"), (re.compile(r"(?<=[\w.,])‖"), "”"),
                     (re.compile(r"(?<=[\w.,])‘(?!\w)"), "’"))  # an opening quote closing a word closes it
_PLACEHOLDER_TITLE = re.compile(r"^(?:untitled|microsoft word\b|document\d*$)|\.(?:docx?|pdf|rtf|indd)$", re.I)

# pypdf and pdfminer log each repair they make to a damaged file ("Ignoring wrong pointing object
# 6 0"); with no logging configured Python prints those to stderr, around the tool's one-line
# messages. A NullHandler stops that fallback, while an application that configures logging still sees them.
for _library in ("pypdf", "pdfminer"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False


@dataclass(frozen=True)
class PdfText:
    """A PDF's text with its running headers as scars, its page count and the title its metadata gives."""

    text: str
    page_count: int
    scars: tuple[Scar, ...]
    title: str | None


def read_pdf(data: bytes, path: Path) -> PdfText:
    """The PDF's text with page-break marks and running-header scars; an InputError if it has none."""
    if _END_MARKER not in data[-_END_WINDOW:]:
        raise _damaged(path, "it has no end-of-file marker")
    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(reader, path)
        count = len(reader.pages)
        title = _metadata_title(reader)
        pages = _laid_out_pages(data, reader) if count else []
    except InputError:
        raise
    except Exception as error:  # a damaged file makes pypdf raise its own errors, ValueError, KeyError, zlib.error…
        raise _damaged(path, reason(error)) from error
    if not count:
        raise _damaged(path, "it has no pages")
    if not any(char.isalnum() for page in pages for line in page for char in line):
        raise InputError(
            f"{shown(path)} has no extractable text (its pages are probably scanned images); "
            "run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and give the result"
        )
    fenced, scars = _join_with_scars(pages)
    text, raised = unfence(fenced)
    marks = amendment_marks(text)
    return PdfText(text, count, tuple(sorted([*_shifted(scars, fenced), *raised, *marks], key=lambda scar: scar.start)),
                   title)


def amendment_marks(text: str) -> list[Scar]:
    """Each "1[" opening an amended passage and the "]" that closes it, as scars: the parse reads
    "1[plain vanilla], redeemable shares" and "it 2[should] be used" as the plain sentence, while a
    duty's span, which is the file's own characters, may hold both brackets.

    >>> [(s.start, s.end) for s in amendment_marks("it 2[should] be used")]
    [(3, 5), (11, 12)]
    """
    scars = []
    for match in _AMENDMENT_MARK.finditer(text):
        scars.append(Scar(match.start(), match.end(), AMENDMENT_MARK))
        depth = 0
        for index in range(match.end(), len(text)):  # nested amendments: "1[... 2[...] ...]"
            depth += {"[": 1, "]": -1}.get(text[index], 0)
            if depth < 0:
                scars.append(Scar(index, index + 1, AMENDMENT_MARK))
                break
    return scars


def join_pages(pages: list[str]) -> str:
    """Page texts joined by "\\n\\n— N —\\n\\n", each trimmed of the blank space around it."""
    texts = [page.strip() for page in pages]
    return "".join(f"{text}\n\n— {number} —\n\n" for number, text in enumerate(texts[:-1], start=1)) + texts[-1]


def _laid_out_pages(data: bytes, reader: PdfReader) -> list[list[str]]:
    """Each page as lines; pypdf's plain text where pdfplumber cannot lay a page out."""
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            return [_page_lines(page) for page in pdf.pages]
    except Exception:  # pdfminer refuses some files pypdf reads (odd encodings, broken fonts): keep their text
        return [(page.extract_text() or "").splitlines() for page in reader.pages]


def _page_lines(page: pdfplumber.page.Page) -> list[str]:
    """The page's lines in reading order: regions top to bottom, each table where it stands."""
    _fence_superscripts(page.chars)
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    upright = page.filter(lambda obj: obj.get("object_type") != "char"
                          or (obj.get("upright", True) and not any(_inside(obj, box) for box in boxes)))
    lines: list[str] = []
    for box, region in _regions(upright):
        placed = [(line["top"], [line["text"]]) for line in region.extract_text_lines(return_chars=False)]
        placed += [(table.bbox[1], _table_lines(table)) for table in tables if _inside_region(table.bbox, box)]
        for _, block in sorted(placed, key=lambda item: item[0]):
            lines.extend(_mended_quotes(line) for line in block)
    return lines


def _mended_quotes(line: str) -> str:
    """Curly quotes some PDF fonts map to look-alike glyphs ("‗buyer‘", "―fund‖"), put back, so
    a quoted term tokenises as a word in quotes.

    >>> _mended_quotes("termed as a ―fund‖, the ‗buyer‘")
    'termed as a “fund”, the ‘buyer’'
    """
    for glyph, quote in _MISMAPPED_QUOTES:
        line = glyph.sub(quote, line)
    return line


def _fence_superscripts(chars: list[dict]) -> None:
    """Fence each footnote number set small and raised after a word ("Reports¹ from"), so it
    becomes a scar; the digits of a line set small throughout (a footnote's own text) are not raised."""
    previous = None
    for char in chars:
        text = char.get("text", "")
        raised = previous is not None and char["size"] < _SUPERSCRIPT_SIZE * previous["size"] \
            and char["bottom"] < previous["bottom"] - _SUPERSCRIPT_RISE * previous["size"]
        if text.isdigit() and raised and (previous["text"].isalpha() or previous["text"] in ".,;:)”’"):
            char["text"] = fence(text)
        elif not (text.isdigit() and previous is not None and previous["text"].endswith(MARK_CLOSE)):
            previous = char  # a mark's further digits compare with the word before it
            continue
        else:
            char["text"] = fence(text)


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _inside_region(box: tuple[float, float, float, float], region: tuple[float, float, float, float]) -> bool:
    return _inside({"x0": box[0], "x1": box[2], "top": box[1], "bottom": box[1]}, region)


def cell_text(cell: str) -> str:
    """A cell's lines as one line, a word hyphenated across them mended as the body text's are
    (`extract.repair`): "Share applica-\ntion money" is "Share application money"."""
    return " ".join(_HYPHENATED_BREAK.sub("", cell).split())


def _table_lines(table: pdfplumber.table.Table) -> list[str]:
    """A table as lines set off by blank lines: a boxed passage as its lines, else a row per paragraph."""
    rows = [[cell_text(cell) for cell in row if cell and cell.strip()] for row in table.extract()]
    rows = [row for row in rows if row]
    if all(len(row) == 1 for row in rows):
        return ["", *(row[0] for row in rows), ""]
    return [line for row in rows for line in ("", CELL_SEPARATOR.join(row))] + [""]


def _regions(page: pdfplumber.page.Page) -> list[tuple[tuple[float, ...], pdfplumber.page.Page]]:
    """The page cut into regions in reading order: each box, and the page with the characters centred in it."""
    boxes = _region_boxes(page.extract_words(), page.bbox, 0)
    return [(box, page.filter(lambda obj, box=box: obj.get("object_type") != "char" or _inside(obj, box)))
            for box in boxes]


def _region_boxes(words: list[dict], box: tuple[float, float, float, float], depth: int) -> list[tuple[float, ...]]:
    """A full-width top, the columns left to right (each split again when it holds columns of its
    own: the three of a gazette), then a full-width foot; or the box itself. A gutter may be
    crossed by a few stray words (a rule's label, a wide formula), never by a column's lines."""
    x0, top, x1, bottom = box
    inside = [word for word in words if _inside(word, box)]
    edge = _EDGE_SHARE * (bottom - top)
    # Below the page's own head, a column's head may only be one line: a running header cut by the first gutter.
    heights = sorted(word["bottom"] - word["top"] for word in inside)
    line = 2 * heights[len(heights) // 2] if depth and heights else bottom - top
    splits = []
    for share in _gutter_positions() if depth < _MAX_SPLITS else ():
        gutter = x0 + share * (x1 - x0)
        crossing = [word for word in inside if word["x0"] < gutter < word["x1"]]
        head_end = max((word["bottom"] for word in crossing if word["top"] < top + edge), default=top)
        foot_start = min((word["top"] for word in crossing if word["bottom"] > bottom - edge), default=bottom)
        body = [word for word in inside if word["top"] >= head_end and word["bottom"] <= foot_start]
        strays = sum(word["x0"] < gutter < word["x1"] for word in body)
        left = [word for word in body if word["x1"] <= gutter]
        right = [word for word in body if word["x0"] >= gutter]
        head = [word["top"] for word in inside if word["bottom"] <= head_end]
        foot = [word["bottom"] for word in inside if word["top"] >= foot_start]
        if body and head_end - min(head, default=head_end) <= line and max(foot, default=foot_start) - foot_start <= line \
                and strays <= max(_STRAY_WORDS, _STRAY_SHARE * len(body)) \
                and min(len(left), len(right)) >= _COLUMN_WORDS * len(body) \
                and all(len({round(word["top"]) for word in column}) >= _COLUMN_LINES for column in (left, right)):
            splits.append((strays, head_end - top + bottom - foot_start, gutter, head_end, foot_start))
    if not splits:
        return [box]
    _, _, gutter, head_end, foot_start = min(splits)  # the cleanest gutter, then the least full-width text
    columns = [(x0, head_end, gutter, foot_start), (gutter, head_end, x1, foot_start)]
    boxes = [part for column in columns for part in _region_boxes(words, column, depth + 1)]
    return ([(x0, top, x1, head_end)] if head_end > top else []) + boxes \
        + ([(x0, foot_start, x1, bottom)] if foot_start < bottom else [])


def _gutter_positions() -> list[float]:
    """Shares of the page width to try, from the middle outwards."""
    low, high = _GUTTER_RANGE
    width = 612.0  # a Letter page in points: the step as a share of a typical page
    steps = int((high - low) * width / _GUTTER_STEP / 2)
    return sorted({0.5 + sign * step * _GUTTER_STEP / width for step in range(steps + 1) for sign in (1, -1)},
                  key=lambda share: abs(share - 0.5))


def _join_with_scars(pages: list[list[str]]) -> tuple[str, tuple[Scar, ...]]:
    """The pages joined as `join_pages` joins them, and a scar for each running-header line."""
    furniture = _running_lines(pages)
    pieces: list[str] = []
    scars: list[Scar] = []
    position = 0
    texts = [_trimmed(lines) for lines in pages]
    for number, lines in enumerate(texts, start=1):
        for index, line in enumerate(lines):
            edge = index < _FURNITURE_LINES or index >= len(lines) - _FURNITURE_LINES
            if edge and _furniture_key(line) in furniture:
                scars.append(Scar(position, position + len(line), RUNNING_HEADER))
            position += len(line) + 1
        pieces.append("\n".join(lines))
        position -= 1 if lines else 0
        if number < len(texts):
            pieces.append(f"\n\n— {number} —\n\n")
            position += len(pieces[-1])
    return "".join(pieces), tuple(scars)


def _shifted(scars: tuple[Scar, ...], fenced: str) -> list[Scar]:
    """Scars found in the fenced text, moved to where they stand once the fences are gone."""
    fences = [index for index, char in enumerate(fenced) if char in (MARK_OPEN, MARK_CLOSE)]
    return [Scar(scar.start - bisect.bisect_left(fences, scar.start), scar.end - bisect.bisect_left(fences, scar.end),
                 scar.kind, scar.target) for scar in scars]


def _trimmed(lines: list[str]) -> list[str]:
    """A page's lines, each stripped, without the blank ones at the page's top and bottom."""
    lines = [line.strip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of the lines that open or close many pages: running headers and footers."""
    seen: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        edges = kept[:_FURNITURE_LINES] + kept[-_FURNITURE_LINES:]
        seen.update({_furniture_key(line) for line in edges})
    needed = max(3, _FURNITURE_SHARE * len(pages))
    return {key for key, count in seen.items() if count >= needed and len(_WORD.findall(key)) >= _HEADER_WORDS}


def _furniture_key(line: str) -> str:
    """A line compared across pages: page numbers, case and spacing do not count."""
    return " ".join(_DIGITS.sub("#", line).casefold().split()).strip("# ")  # "47700 Federal Register ..." too


def _metadata_title(reader: PdfReader) -> str | None:
    """The document title the PDF's metadata gives, unless it is a file name or a placeholder."""
    title = " ".join(str((reader.metadata or {}).get("/Title") or "").split())
    if len(title.split()) < _TITLE_WORDS or _PLACEHOLDER_TITLE.search(title):
        return None
    return title


def _unlock(reader: PdfReader, path: Path) -> None:
    """Open an encrypted PDF that needs no password (one only restricting printing or copying)."""
    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except Exception as error:  # an encryption scheme pypdf cannot open
        raise _encrypted(path) from error
    if not opened:
        raise _encrypted(path)


def _encrypted(path: Path) -> InputError:
    return InputError(
        f"{shown(path)} is encrypted (password-protected); supply a decrypted copy "
        "(for example `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`)"
    )


def _damaged(path: Path, detail: str) -> InputError:
    return InputError(
        f"{shown(path)} is not a readable PDF (truncated or damaged): {detail}; "
        "get a complete copy of the file, or re-save it from a PDF viewer"
    )
