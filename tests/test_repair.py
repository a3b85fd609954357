"""PDF scar repair: literal scars from real extractions, and a round-trip property."""
from __future__ import annotations

from dataclasses import dataclass

import hypothesis.strategies as st
from hypothesis import given, settings

from extract.repair import RepairedText, repair_scars


def clean(text: str) -> str:
    return repair_scars(text).clean


def test_page_number_line_between_paragraphs_is_removed() -> None:
    assert clean("First part.\n\n— 50 —\n\nSecond part.") == "First part.\n\nSecond part."
    assert clean("First part.\n\n- 12 -\n\nSecond part.") == "First part.\n\nSecond part."
    assert clean("First part.\n\n12\n\nSecond part.") == "First part.\n\nSecond part."


def test_word_hyphenated_across_a_page_break_is_rejoined() -> None:
    assert clean("make overall plan-\n\nning for it.") == "make overall planning for it."


def test_real_hyphens_are_kept() -> None:
    text = "A long-term plan.\n\nA climate- and sustainability-focused workforce."
    assert clean(text) == text


def test_hyphen_before_a_capitalised_paragraph_is_kept() -> None:
    assert clean("Figures for 2013-\n\nThe next part.") == "Figures for 2013-\n\nThe next part."


def test_page_number_glued_inside_a_word_is_removed() -> None:
    assert clean("training bases, in— 50 —\n\ntensify the work.") == "training bases, intensify the work."


def test_sentence_cut_by_a_page_break_is_joined_with_one_space() -> None:
    assert clean("an important component\n\nof the talent team.") == "an important component of the talent team."
    assert clean("build before\n\n\n\nperfecting the system.") == "build before perfecting the system."
    assert clean("give play\n\n— 3 —\n\nto the core role.") == "give play to the core role."


def test_sentence_cut_after_a_dangling_word_joins_a_capitalised_line() -> None:
    assert clean("the leading role of the\n\nState Office.") == "the leading role of the State Office."


def test_heading_followed_by_a_numbered_subheading_is_not_joined() -> None:
    text = "II. Guiding Ideas and Goals\n\ni. Guiding ideas\n\n(a) develop tools; and\n\n(b) report."
    assert clean(text) == text


def test_runs_of_blank_lines_collapse_to_one() -> None:
    assert clean("\n\nFirst.\n\n\n\n\nSecond.\n\n\n") == "First.\n\nSecond.\n"


def test_windows_line_endings_are_kept_as_they_are() -> None:
    assert clean("First.\r\n\r\n\r\n\r\nSecond.\r\n") == "First.\r\n\r\nSecond.\r\n"


def test_text_without_scars_is_unchanged_and_maps_to_itself() -> None:
    text = "Sec. 1. Policy. Each agency shall act.\n\n(a) It shall report.\n"
    repaired = repair_scars(text)
    assert repaired.clean == text
    assert repaired.offsets == tuple(range(len(text) + 1))


def test_span_over_a_joining_space_takes_in_the_whole_scar() -> None:
    original = "component\n\n— 9 —\n\nof the team."
    repaired = repair_scars(original)
    start = repaired.clean.index("component")
    end = repaired.clean.index("of") + 2
    first, last = repaired.to_original(start, end)
    assert original[first:last] == original[: original.index("of") + 2]


def test_span_ending_before_a_hyphen_scar_leaves_it_out() -> None:
    original = "overall plan-\n\nning."
    repaired = repair_scars(original)
    first, last = repaired.to_original(0, len("overall plan"))
    assert original[first:last] == "overall plan"


# --- property: random paragraphs, random scars, exact round trip ---------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of the generated original and what repair must turn it into."""

    original: str
    clean: str
    scar: bool = False


def keep(text: str) -> Piece:
    return Piece(text, text)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
PAGE_NUMBERS = st.builds(
    str.format,
    st.sampled_from(["— {} —", "- {} -", "– {} –", "{}", "Page {}"]),
    st.integers(min_value=1, max_value=999),
)


@st.composite
def scarred_documents(draw: st.DrawFn) -> list[Piece]:
    pieces: list[Piece] = []
    if draw(st.booleans()):
        pieces.append(Piece(draw(st.sampled_from(["\n", "\n\n", f"{draw(PAGE_NUMBERS)}\n\n"])), "", True))
    paragraph_count = draw(st.integers(min_value=1, max_value=4))
    for paragraph in range(paragraph_count):
        words = draw(st.lists(WORDS, min_size=1, max_size=10))
        words[0] = words[0].capitalize()
        for index, word in enumerate(words):
            pieces.extend(draw(scarred_word(word)))
            if index == len(words) - 1:
                pieces.append(keep("."))
                continue
            if draw(st.booleans()):
                pieces.append(keep(","))
            pieces.append(draw(word_gap()))
        if paragraph < paragraph_count - 1:
            pieces.append(keep("\n\n"))
            extra = draw(st.sampled_from(["", "\n", "\n\n", f"{draw(PAGE_NUMBERS)}\n\n"]))
            if extra:
                pieces.append(Piece(extra, "", True))
        elif draw(st.booleans()):
            pieces.append(keep("\n"))
            trailing = draw(st.sampled_from(["", "\n\n", f"\n{draw(PAGE_NUMBERS)}\n"]))
            if trailing:
                pieces.append(Piece(trailing, "", True))
    return pieces


@st.composite
def scarred_word(draw: st.DrawFn, word: str) -> list[Piece]:
    """The word as is, hyphenated across a page, or with a page number glued inside."""
    kind = draw(st.sampled_from(["plain", "plain", "hyphen", "glued"]))
    if kind == "plain" or len(word) < 2:
        return [keep(word)]
    cut = draw(st.integers(min_value=1, max_value=len(word) - 1))
    page = f"— {draw(st.integers(min_value=1, max_value=999))} —"
    scar = f"-\n\n{draw(PAGE_NUMBERS)}\n\n" if kind == "hyphen" and draw(st.booleans()) else "-\n\n"
    if kind == "glued":
        scar = f"{page}\n\n"
    return [keep(word[:cut]), Piece(scar, "", True), keep(word[cut:])]


@st.composite
def word_gap(draw: st.DrawFn) -> Piece:
    """The space between two words, or a page break that cut the sentence there."""
    kind = draw(st.sampled_from(["space", "space", "cut", "cut-page", "cut-glued"]))
    if kind == "space":
        return keep(" ")
    page = draw(PAGE_NUMBERS)
    scar = {"cut": "\n\n" * draw(st.integers(1, 3)), "cut-page": f"\n\n{page}\n\n", "cut-glued": " — 7 —\n\n"}[kind]
    return Piece(scar, " ", True)


def strip_scars(pieces: list[Piece], start: int, end: int) -> str:
    """The original characters in [start, end) with each scar replaced by its repair; a span that
    cuts a scar in two is an error."""
    out, position = [], 0
    for piece in pieces:
        piece_end = position + len(piece.original)
        if piece.scar:
            inside = start <= position and piece_end <= end
            outside = piece_end <= start or end <= position or not piece.original
            assert inside or outside, f"span [{start}, {end}) cuts scar {piece.original!r} at {position}"
            if inside:
                out.append(piece.clean)
        else:
            out.append(piece.original[max(start, position) - position : max(0, min(end, piece_end) - position)])
        position = piece_end
    return "".join(out)


def join_space_positions(pieces: list[Piece]) -> set[int]:
    positions, position = set(), 0
    for piece in pieces:
        if piece.scar and piece.clean:
            positions.add(position)
        position += len(piece.clean)
    return positions


@settings(max_examples=300, deadline=None)
@given(pieces=scarred_documents(), data=st.data())
def test_repair_removes_every_scar_and_maps_spans_back(pieces: list[Piece], data: st.DataObject) -> None:
    original = "".join(piece.original for piece in pieces)
    repaired: RepairedText = repair_scars(original)
    assert repaired.clean == "".join(piece.clean for piece in pieces)
    assert len(repaired.offsets) == len(repaired.clean) + 1

    joins = join_space_positions(pieces)
    for index, char in enumerate(repaired.clean):
        if index in joins:
            assert char == " " and original[repaired.offsets[index]].isspace()
        else:
            assert char == original[repaired.offsets[index]]

    for _ in range(5):
        start = data.draw(st.integers(min_value=0, max_value=len(repaired.clean)))
        end = data.draw(st.integers(min_value=start, max_value=len(repaired.clean)))
        first, last = repaired.to_original(start, end)
        assert strip_scars(pieces, first, last) == repaired.clean[start:end]


def test_a_word_hyphenated_at_a_line_end_inside_a_paragraph_is_rejoined():
    original = "Make overall plan-\nning for the team, and a long-\nTerm view.\n"
    repaired = repair_scars(original)
    assert repaired.clean.startswith("Make overall planning for the team, and a long-\nTerm view.")
    start = repaired.clean.index("planning")
    s, e = repaired.to_original(start, start + len("planning"))
    assert original[s:e] == "plan-\nning"


def test_a_hyphen_before_a_line_opening_with_an_item_marker_ends_a_lead_in_and_joins_no_word():
    assert repair_scars("shall be classified as-\na. Balances with banks;\n").clean == \
        "shall be classified as-\na. Balances with banks;\n"
    assert repair_scars("shall be classified as-\na.\n").clean == "shall be classified as-\na.\n"
    assert repair_scars("make plan-\nning for it.").clean == "make planning for it."
