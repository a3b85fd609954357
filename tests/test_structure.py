"""Documents, metadata, sections and paragraphs, on the bundled file, an executive order and
small invented texts of other genres."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.read import bundled_document, read_text
from extract.repair import repair_scars
from extract.sentences import split_sentences
from extract.structure import Paragraph, Structure, parse_structure

# The shared corpus sits beside the repository (see the Makefile's SHARED).
EXECUTIVE_ORDER = Path(__file__).resolve().parents[2] / "shared/corpus/us-eo14057-federal-sustainability-2021.txt"

EU_CHAPTER = """CHAPTER IV
Controller and processor

Article 24
Responsibility of the controller
1. Taking into account the nature, scope, context and purposes of processing, the controller shall implement appropriate technical and organisational measures.
2. Where proportionate in relation to processing activities, the measures referred to in paragraph 1 shall include appropriate data protection policies.

Article 25
Data protection by design and by default
1. The controller shall implement appropriate measures which are designed to:
(a) implement data-protection principles in an effective manner; and
(b) integrate the necessary safeguards into the processing.
"""

NUMBERED_NOTICE = """Notice of the Ministry of Finance on Strengthening Budget Management

Cai Yu [2020] No. 12

The finance departments of all provinces and municipalities, and the relevant ministries:

In order to improve the management of budgets and the use of public funds, the following requirements are hereby notified.

1. Strengthen budget review

All departments shall review their budgets before the end of each quarter.

2. Improve reporting

(1) Each department shall report its spending to the Ministry every month.

(2) Provincial finance departments shall publish the reports on their websites.

15 March 2020
"""

STATE_COUNCIL_OPINIONS = """Guiding Opinions of the State Council on Promoting the "Internet Plus" Action
Guo Fa [2015] No. 40

The people's governments of all provinces, autonomous regions and municipalities, all ministries and commissions of the State Council, and all institutions directly under the State Council:

In accordance with the *Outline of the National Informatization Development Strategy*, these opinions are hereby put forward.

I. General Requirements

(i) Basic principles. Stick to openness and sharing, and build a favourable environment.

State Council
July 1, 2015
"""


def parse(text: str) -> Structure:
    return parse_structure(repair_scars(text), "src")


def paragraph_starting(structure: Structure, prefix: str) -> Paragraph:
    return next(paragraph for paragraph in structure.paragraphs if paragraph.text.startswith(prefix))


@pytest.fixture(scope="module")
def bundled() -> Structure:
    return parse(read_text(bundled_document()))


@pytest.fixture(scope="module")
def executive_order() -> Structure:
    if not EXECUTIVE_ORDER.exists():
        pytest.skip("the shared corpus is not available")
    return parse(read_text(EXECUTIVE_ORDER))


# --- the bundled file: a circular's tail, a circular, and the opinions it issues -----------------


def test_bundled_file_holds_two_documents_after_a_cut_fragment(bundled: Structure) -> None:
    assert [document.id for document in bundled.documents] == ["src/d1", "src/d2"]


def test_a_fragment_before_the_first_title_is_a_scar_not_a_document(bundled: Structure) -> None:
    text = read_text(bundled_document())
    start, end = bundled.fragment
    assert text[start:end].startswith("ment specific duties") and text[start:end].endswith("May 21, 2013")
    assert all(not paragraph.text.startswith("ment specific") for paragraph in bundled.paragraphs)
    assert bundled.documents[0].title.startswith("Circular of the State Intellectual Property Office")


def test_a_text_opening_mid_sentence_with_no_later_title_is_still_one_document() -> None:
    structure = parse("ment duties to persons, and report yearly.\n\nEach office shall report.\n")
    assert structure.fragment is None and len(structure.documents) == 1


def test_circular_metadata_is_read_from_its_header_and_closing(bundled: Structure) -> None:
    circular = bundled.documents[0]
    assert circular.title.startswith("Circular of the State Intellectual Property Office on")
    assert circular.issuer == "State Intellectual Property Office"
    assert circular.number == "G. ZH. F. R. Z. [2013] No. 65"
    assert circular.date == "2013-09-16"
    assert any("provinces" in addressee for addressee in circular.addressees)
    assert "all departments under the SIPO Patent Office" in circular.addressees


def test_cited_titles_are_collected(bundled: Structure) -> None:
    cites = bundled.documents[0].cites
    assert "12th Five-year Plan for IP Talents (2011-2015)" in cites
    assert "Outline of the National Mid and Long-term Talent Development Plan (2010-2020)" in cites


def test_opinions_issued_by_a_circular_inherit_its_issuer(bundled: Structure) -> None:
    opinions = bundled.documents[1]
    assert opinions.title == "Opinions on Strengthening the Building of the Intellectual Property Talents System"
    assert opinions.issuer == "State Intellectual Property Office"


def test_opinions_have_roman_parts_one_to_four(bundled: Structure) -> None:
    parts = [section.label for section in bundled.sections if section.document == "src/d2" and section.level == 1]
    assert parts == ["I", "II", "III", "IV"]


def test_paragraph_under_a_subsection_carries_its_dotted_label(bundled: Structure) -> None:
    assert paragraph_starting(bundled, "Build a leadership mechanism").section == "III.i"
    assert paragraph_starting(bundled, "Improve the talents selection").section == "III.iii"


def test_paragraph_cut_by_a_page_break_is_one_paragraph(bundled: Structure) -> None:
    paragraph = paragraph_starting(bundled, "Build a leadership mechanism")
    assert "give play to the core and leading role" in paragraph.text


def test_subsection_heading_is_a_heading_paragraph_with_its_title(bundled: Structure) -> None:
    heading = paragraph_starting(bundled, "i. Establish and improve the mechanism")
    assert heading.is_heading and heading.section == "III.i"
    section = next(section for section in bundled.sections if section.label == "III.i")
    assert section.title == "Establish and improve the mechanism for building the IP talents system"
    assert section.parent == "src/d2/s/III"


def test_paragraphs_before_the_first_heading_have_no_section(bundled: Structure) -> None:
    assert paragraph_starting(bundled, "This Circular is hereby given.").section is None


def test_section_spans_run_to_the_next_sibling_in_original_offsets(bundled: Structure) -> None:
    text = read_text(bundled_document())
    first, second = (section for section in bundled.sections if section.label in {"III.i", "III.ii"})
    assert first.end == second.start
    assert text[first.start :].startswith("i. Establish and improve")
    assert text[second.start :].startswith("ii. Strengthen macro management")


def test_paragraph_offsets_are_clean_offsets(bundled: Structure) -> None:
    clean = repair_scars(read_text(bundled_document())).clean
    assert all(clean[p.start : p.end] == p.text for p in bundled.paragraphs)


# --- an executive order: inline "Sec." headings and (a)/(i) subsections ----------------------------


def test_executive_order_title_and_date(executive_order: Structure) -> None:
    (order,) = executive_order.documents
    assert order.title.startswith("Executive Order on Catalyzing Clean Energy Industries")
    assert order.date == "2021-12-08"
    assert "Executive Order 14008" in order.cites


def test_inline_section_heading_is_split_from_its_body(executive_order: Structure) -> None:
    heading = paragraph_starting(executive_order, "Sec. 201.")
    assert heading.text == "Sec. 201. Agency Goals and Targets." and heading.is_heading
    body = paragraph_starting(executive_order, "(a) In implementing the policy")
    assert body.section == "201.a" and not body.is_heading
    section = next(section for section in executive_order.sections if section.label == "201")
    assert section.title == "Agency Goals and Targets"


def test_roman_items_nest_under_lettered_subsections(executive_order: Structure) -> None:
    labels = {section.label for section in executive_order.sections}
    assert {"101", "102", "102.a", "102.a.i", "102.a.vii", "102.b", "205.c.iv", "603.h"} <= labels
    assert paragraph_starting(executive_order, "(ii) 100 percent zero-emission").section == "102.a.ii"


def test_letter_after_h_is_not_read_as_a_roman_numeral() -> None:
    text = "Sec. 3. Definitions.\n\n" + "\n\n".join(f"({c}) Term {c} means a thing." for c in "ghij")
    labels = [section.label for section in parse(text).sections]
    assert labels == ["3", "3.g", "3.h", "3.i", "3.j"]


# --- other genres ----------------------------------------------------------------------------------


def test_eu_articles_are_labelled_by_number_with_numbered_paragraphs() -> None:
    structure = parse(EU_CHAPTER)
    labels = [section.label for section in structure.sections]
    assert labels == ["IV", "24", "24.1", "24.2", "25", "25.1", "25.1.a", "25.1.b"]
    article = structure.sections[1]
    assert article.title == "Responsibility of the controller" and article.parent == "src/d1/s/IV"
    assert paragraph_starting(structure, "Responsibility of the controller").is_heading
    assert paragraph_starting(structure, "1. Taking into account").section == "24.1"


def test_numbered_notice_metadata_and_sections() -> None:
    structure = parse(NUMBERED_NOTICE)
    (notice,) = structure.documents
    assert notice.issuer == "Ministry of Finance"
    assert notice.number == "Cai Yu [2020] No. 12"
    assert notice.date == "2020-03-15"
    assert notice.addressees == ["The finance departments of all provinces and municipalities", "the relevant ministries"]
    assert [section.label for section in structure.sections] == ["1", "2", "2.1", "2.2"]
    assert paragraph_starting(structure, "2. Improve reporting").is_heading
    assert paragraph_starting(structure, "(1) Each department").section == "2.1"


def test_closing_date_line_ends_a_document_and_the_next_title_opens_one() -> None:
    text = (
        "Each office shall report its progress to the council before the end of the year.\n\n"
        "This Notice is hereby given.\n\n2020-03-15\n\n"
        "Implementing Rules for Budget Reporting\n\nI. General Requirements\n"
    )
    structure = parse(text)
    assert [document.title for document in structure.documents][1] == "Implementing Rules for Budget Reporting"
    assert structure.documents[0].date == "2020-03-15"
    assert structure.sections[0].document == "src/d2" and structure.sections[0].label == "I"


def test_title_and_number_sharing_a_block_are_read_apart() -> None:
    structure = parse(STATE_COUNCIL_OPINIONS)
    (opinions,) = structure.documents
    assert opinions.title == 'Guiding Opinions of the State Council on Promoting the "Internet Plus" Action'
    assert (opinions.issuer, opinions.number, opinions.date) == ("State Council", "Guo Fa [2015] No. 40", "2015-07-01")
    assert opinions.addressees[-1] == "all institutions directly under the State Council"
    assert opinions.cites == ["Outline of the National Informatization Development Strategy"]


def test_run_in_title_of_a_numbered_paragraph_names_its_section() -> None:
    section = parse(STATE_COUNCIL_OPINIONS).sections[-1]
    assert (section.label, section.title) == ("I.i", "Basic principles")


def test_a_subheading_run_onto_the_end_of_a_paragraph_is_cut_off_as_a_title() -> None:
    text = ("12. Authorities should support the move to low carbon energy and take full account of flood risk. "
            "Planning for coastal change\n\n13. Plans should identify coastal change areas.\n")
    structure = parse(text)
    title = paragraph_starting(structure, "Planning for coastal change")
    assert title.is_heading and title.is_marked_title
    assert paragraph_starting(structure, "12. Authorities").text.endswith("flood risk.")


@pytest.mark.parametrize("before, ending", [
    ("Each office should report its progress every year.", "The Board shall publish it"),  # a clause, no full stop
    ("See.", "Annex 2"),  # too little before it to be a paragraph of running text
])
def test_a_paragraph_ending_in_a_clause_or_after_a_marker_keeps_its_last_words(before: str, ending: str) -> None:
    structure = parse(f"{before} {ending}\n")
    assert not any(paragraph.text == ending for paragraph in structure.paragraphs)


def test_a_heading_mark_glued_to_a_full_stop_opens_a_new_sentence() -> None:
    """A Markdown heading that lost its line break ("... be reviewed. ## Plan-making") starts a
    sentence of its own, so the duty before it does not run on into the heading; a '#' that is
    no heading mark ("item #5") does not."""
    text = "Plans must be reviewed every five years. ## Plan-making Councils should consult. See item #5 first."
    sentences = [text[found.start:found.end] for found in split_sentences(text)]
    assert sentences[0] == "Plans must be reviewed every five years."
    assert sentences[1].startswith("## Plan-making")
    assert sentences[-1] == "See item #5 first."
