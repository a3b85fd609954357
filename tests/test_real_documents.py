"""Public documents as users bring them (tests/data/real, origins in SOURCES.md): what each must
and must not give. Every file is read the way `policykg add` reads it (reader, scars, title)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from extracting import extract_file
from extract.ingest import load_document
from extract.read import InputError
from extract.records import Extraction
from extract.repair import repair_scars
from graph.validate import validate_extraction

REAL = Path(__file__).parent / "data" / "real"
FOOTNOTE = re.compile(r"\[\^\d*\]?|[\u00b9\u00b2\u00b3\u2070-\u2079]")
CONTENTS_LINE = re.compile(r"^[^.;:!?]{3,120}?[\s.·…]+\d{1,4}\s*$")


@lru_cache(maxsize=None)
def extracted(name: str) -> Extraction:
    return extract_file(REAL / name)


def clean_text(name: str) -> str:
    document = load_document(REAL / name)
    return repair_scars(document.text, document.scars).clean


def said(extraction: Extraction) -> set[str]:
    """Each duty's text on one line, as a reader sees it."""
    return {" ".join(duty.text.split()) for duty in extraction.duties}


def one_word_spans(extraction: Extraction) -> list[str]:
    """Duty spans of one word that are not one of several coordinated verbs (as lint.py counts them)."""
    text = extraction.text
    return [duty.text for duty in extraction.duties if len(duty.text.split()) == 1
            and not re.match(r"\s*(,|and\b|or\b|/|\.|;|:|!|$)", text[duty.end:duty.end + 6])]


def assert_sound(extraction: Extraction) -> None:
    """What must hold for every document: offsets are the text's, no broken records, no duty on a
    contents line, no two duties on one span, every mention a real span, and the graph validates."""
    assert extraction.warnings == []
    for duty in extraction.duties:
        assert extraction.text[duty.start:duty.end] == duty.text
        assert not CONTENTS_LINE.match(duty.sentence_text.strip()) or len(duty.sentence_text.split()) > 16
    spans = [(duty.start, duty.end) for duty in extraction.duties]
    assert len(spans) == len(set(spans))
    assert all(m.start < m.end for actor in extraction.actors for m in actor.mentions)
    assert validate_extraction(extraction).conforms


# --- the three documents the issue was filed with ---------------------------------------------------


def test_planning_framework_reads_its_contents_as_structure_not_duties():
    extraction = extracted("uk-nppf-december-2024.txt")
    assert_sound(extraction)
    assert not any("Achieving sustainable development" == d.text.strip() for d in extraction.duties)
    assert not any(re.search(r"\s\d{1,3}$", duty.text) for duty in extraction.duties if len(duty.text.split()) < 8)


def test_planning_framework_footnote_marks_never_end_a_duty_or_name_an_actor():
    extraction = extracted("uk-nppf-december-2024.txt")
    assert not any(FOOTNOTE.search(duty.text[-6:]) for duty in extraction.duties)
    assert not any(FOOTNOTE.search(actor.label) for actor in extraction.actors)
    assert not any(FOOTNOTE.search(goal.metric or "") for goal in extraction.goals)
    assert "[^" not in clean_text("uk-nppf-december-2024.txt")


def test_planning_framework_footnote_marks_link_to_their_footnote_text():
    document = load_document(REAL / "uk-nppf-december-2024.txt")
    marks = [scar for scar in document.scars if scar.kind == "footnote-mark" and scar.target]
    assert len(marks) > 80
    start, end = marks[0].target
    assert document.text[start:end].startswith("This document replaces the previous version")


def test_planning_framework_coordinated_gerunds_each_keep_a_second_phrase_of_the_same_preposition():
    items = [span for span in said(extracted("uk-nppf-december-2024.txt"))
             if "the environmental impacts of traffic and transport infrastructure" in span]
    assert len(items) == 3  # identifying, assessing and taking into account
    assert all(span.endswith("for avoiding and mitigating any adverse effects, and for net environmental gains")
               for span in items)


def test_planning_framework_headings_and_non_verbs_give_no_duties():
    extraction = extracted("uk-nppf-december-2024.txt")
    spans = {duty.text.lower() for duty in extraction.duties}
    assert not {"design", "better", "being", "complete", "existing", "set", "grade"} & spans  # "design quality" ...
    assert not any(duty.is_heading for duty in extraction.duties if duty.text.startswith("#"))
    assert one_word_spans(extraction) == []


def test_companies_act_schedule_adds_and_its_tables_are_read_row_by_row():
    extraction = extracted("in-companies-act-2013-schedule-iii.pdf")
    assert_sound(extraction)
    assert len(extraction.duties) > 300
    # a row is one paragraph with its cells joined by " | ": no sentence, so no duty, runs across it
    assert not any(" | " in duty.text for duty in extraction.duties)
    assert not any(re.match(r"\d{1,2}\[", actor.label) for actor in extraction.actors)


def test_companies_act_schedule_amendment_marks_are_scars():
    document = load_document(REAL / "in-companies-act-2013-schedule-iii.pdf")
    marks = [document.text[scar.start:scar.end] for scar in document.scars if scar.kind == "amendment-mark"]
    assert "1[" in marks and "]" in marks  # each amended passage's opening and its closing bracket
    clean = clean_text("in-companies-act-2013-schedule-iii.pdf")
    assert "1[Division I" not in clean and "should]" not in clean
    # a duty's span shows an amendment's brackets in pairs, not a stray "]" at its start
    assert not any(re.match(r"[^\[]*\]", duty.text) for duty in extracted("in-companies-act-2013-schedule-iii.pdf").duties)


def test_companies_act_schedule_quotes_set_in_look_alike_glyphs_are_quotes():
    # the file's font maps curly quotes to "‗", "―" and "‖": read as glyphs, "‗enterprise" is no word
    text = load_document(REAL / "in-companies-act-2013-schedule-iii.pdf").text
    assert not re.search(r"‗\w|―\w|\w‖", text)
    assert "“" in text and "”" in text
    assert not re.search(r"\w‘(?!\w)", text)  # an opening quote set to close a word ("the parent‘ shall") closes it


def test_companies_act_schedule_column_captions_and_compounds_are_no_duties():
    extraction = extracted("in-companies-act-2013-schedule-iii.pdf")
    assert not any(duty.text.split()[0].lower() in {"work-in-progress", "rounding"} for duty in extraction.duties)
    assert not any(":" in duty.text.split(" shall ")[0] for duty in extraction.duties if " shall " in duty.text)


def test_ministry_circular_html_validates_and_its_deadline_owns_nothing():
    extraction = extracted("cn-mofcom-franchise-circular-2005.html")
    assert_sound(extraction)
    assert extraction.documents[0].title.startswith("Circular of the Ministry of Commerce")
    assert not any("March 2005" in actor.label for actor in extraction.actors)
    sent = next(duty for duty in extraction.duties if duty.action == "send")
    assert sent.text.endswith("by the end of March 2005") and "March" not in (sent.actor or "")
    assert sent.actor_inferred  # the circular's addressees, not the date, are its owner


# --- the project's own corpus of public documents ---------------------------------------------------


def test_a_three_column_gazette_is_read_column_by_column():
    text = clean_text("us-federal-register-2020-17221-excerpt.pdf")
    assert "completed by the Indonesian authorities" in " ".join(text.split())
    assert "Reports from the accident investigation" in " ".join(text.split())  # superscript 1 is a scar
    extraction = extracted("us-federal-register-2020-17221-excerpt.pdf")
    assert_sound(extraction)
    assert not any("VerDate" in duty.text or "Frm 000" in duty.text for duty in extraction.duties)
    assert not {"see"} & {duty.action for duty in extraction.duties}  # "See 14 CFR 25.1581" is a cross-reference
    assert "design changes must comply with FAA regulations" in said(extraction)


def test_a_pdf_of_only_a_table_keeps_each_row_on_one_line_and_gives_no_duties():
    lines = clean_text("us-senate-expenditures-table.pdf").splitlines()
    assert any("BAIN,JMATTHEW" in line and "37,499.96" in line for line in lines)  # a ruled-less table: rows as lines
    assert extracted("us-senate-expenditures-table.pdf").duties == []


def test_a_form_pdf_keeps_its_instructions_and_no_column_soup():
    extraction = extracted("us-wi-dcf-90-day-incident-report.pdf")
    assert_sound(extraction)
    assert "Individuals may be referenced by relationship or position" in said(extraction)
    assert all(len(duty.text) < 400 for duty in extraction.duties)


def test_a_scanned_pdf_with_no_text_layer_is_refused_in_one_line():
    with pytest.raises(InputError) as refused:
        load_document(REAL / "us-cupertino-board-agenda-scanned.pdf")
    message = str(refused.value)
    assert "no extractable text" in message and "OCR" in message and "\n" not in message


def test_an_html_page_loses_its_navigation_and_keeps_its_table_rows():
    document = load_document(REAL / "github-account-recovery-policy.html")
    for chrome in ("Skip to main content", "Sign in", "Site policy /", "In this article", "Next: GitHub", "© GitHub"):
        assert chrome not in document.text
    assert "Account recovery | GitHub Support" in document.text
    assert document.title == "GitHub Account Recovery Policy"
    assert [document.text[s.start:s.end] for s in document.scars] == ["1"]  # the <sup> footnote number
    extraction = extracted("github-account-recovery-policy.html")
    assert_sound(extraction)
    assert "You must use existing account recovery methods" in said(extraction)
    # "See <another article>" points the reader on; "Remember, ..." asks them to notice what follows
    assert not any(duty.text.startswith(("See ", "Remember")) for duty in extraction.duties)
    assert not any("below.1" in duty.sentence_text for duty in extraction.duties)


def test_a_word_document_gives_its_table_duties_and_leaves_its_footnote_out():
    document = load_document(REAL / "github-username-policy.docx")
    assert document.title == "GitHub Username Policy"
    assert "Trademark complaints follow" not in document.text  # the footnote's own text
    extraction = extracted("github-username-policy.docx")
    assert_sound(extraction)
    held = next(duty for duty in extraction.duties
                if " ".join(duty.text.split()) == "Account holders must not reserve names for future use")
    assert held.modality == "prohibition" and held.actor == "Account holders"


def test_markdown_front_matter_links_and_emphasis_are_scars():
    document = load_document(REAL / "github-gifts-and-entertainment-policy.md")
    assert document.title == "GitHub Gifts and Entertainment Policy"
    clean = clean_text("github-gifts-and-entertainment-policy.md")
    assert "redirect_from" not in clean and "## " not in clean and "_Here are" not in clean
    extraction = extracted("github-gifts-and-entertainment-policy.md")
    assert_sound(extraction)
    assert extraction.documents[0].title == "GitHub Gifts and Entertainment Policy"
    never = next(duty for duty in extraction.duties if duty.action == "pay")
    assert never.modality == "prohibition" and never.text.startswith("You must never pay")


def test_markdown_bullets_are_items_of_their_own():
    extraction = extracted("github-event-code-of-conduct.md")
    assert_sound(extraction)
    items = said(extraction)
    assert "Using welcoming and inclusive language" in items
    assert "Being respectful of differing viewpoints and experiences" in items
    assert not any("* " in duty.text for duty in extraction.duties)


def test_companies_act_schedule_table_cells_mend_words_hyphenated_across_their_lines():
    # a narrow column breaks "Share applica-/tion money pending allot-/ment" over four lines
    text = load_document(REAL / "in-companies-act-2013-schedule-iii.pdf").text
    assert "Share application money pending allotment |" in text
    assert "applica- tion" not in text and "allot- ment" not in text
