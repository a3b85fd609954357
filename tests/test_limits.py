"""Pathological texts are read in bounded pieces: never a hang, never spaCy's E088, always reported."""
from __future__ import annotations

import pytest

from extract.limits import (
    MAX_CLAUSE_CHARS, MAX_DOCUMENT_CHARS, MAX_WORD_CHARS, TextTooLong, check_document_length, for_parser,
)
from extract.pipeline import PreparedText, extract_text


def test_a_document_over_the_limit_is_one_line() -> None:
    with pytest.raises(TextTooLong, match=r"^big\.txt: the text is 10,000,001 characters long") as error:
        check_document_length("a" * (MAX_DOCUMENT_CHARS + 1), "big.txt")
    assert "\n" not in str(error.value)
    with pytest.raises(TextTooLong):
        PreparedText("The Office shall act.\n" + "a" * MAX_DOCUMENT_CHARS, "big.txt")


def test_long_space_free_runs_are_letters_to_the_parser_with_the_same_offsets() -> None:
    clause = "Publish it at " + "(" * 500 + " and " + "https://a.example/" + "b" * (MAX_WORD_CHARS - 18)
    text, skipped = for_parser(clause)
    assert not skipped and len(text) == len(clause)
    assert text.startswith("Publish it at " + "x" * 500 + " and https://a.example/")  # a URL within the limit stays


def test_a_clause_over_the_limit_is_skipped() -> None:
    assert for_parser("a " * MAX_CLAUSE_CHARS) == ("", True)


@pytest.mark.parametrize("wall", ["(" * 200_000 + ")" * 200_000, "( " * 300_000, "[(" * 100_000])
def test_walls_of_brackets_are_skipped_and_reported_and_the_rest_is_read(wall: str) -> None:
    text = "The Office shall publish the plan.\n\n" + wall + "\n\nThe Ministry shall review the plan.\n"
    extraction = extract_text(text, "walls.txt")
    assert sorted(duty.action for duty in extraction.duties) == ["publish", "review"]
    [skipped] = extraction.skipped
    assert skipped.startswith(f"walls.txt: skipped a clause of {len(wall.strip()):,} characters at character 36")


def test_a_line_longer_than_spacys_limit_is_skipped_not_an_e088() -> None:
    line = "the plan of the office " * 45_000  # 1,035,000 characters, over nlp.max_length
    extraction = extract_text("The Office shall publish the plan.\n\n" + line + "\n", "long-line.txt")
    assert [duty.action for duty in extraction.duties] == ["publish"]
    assert len(extraction.skipped) == 1 and "1,034,999 characters" in extraction.skipped[0]  # trimmed


def test_many_short_lines_after_a_paragraph_are_read_in_bounded_time() -> None:
    lines = "".join(f"a{number}\n" for number in range(100_000))
    extraction = extract_text("The Office shall publish the plan.\n\n" + lines, "lines.txt")
    assert [duty.action for duty in extraction.duties] == ["publish"]
    assert extraction.skipped
