"""The owner chain (extract/owners.py): each resolver on invented sentences in three genres.

Chinese-style opinions and circulars, EU-style regulation articles, US and UK guidance. Each test
checks who owns the duty and which resolver said so (`owner_source`), since a reader is shown why.
"""
from __future__ import annotations

import pytest

from extracting import duty, extract
from extract.owners import UNNAMED_ISSUER
from extract.records import OWNER_SOURCES


def owner(text: str, action: str) -> tuple[str | None, str, bool]:
    found = duty(extract(text), action)
    return found.actor, found.owner_source, found.actor_inferred


# --- named in the clause -----------------------------------------------------------------------

@pytest.mark.parametrize("text, action, expected", [
    ("The provincial finance departments shall allocate special funds.", "allocate",
     ("provincial finance departments", "subject", False)),
    ("Article 3\n\nThe importer shall keep a copy of the declaration.", "keep", ("importer", "subject", False)),
    ("The Secretary of Labor shall issue guidance within 90 days.", "issue", ("Secretary of Labor", "subject", False)),
])
def test_a_named_subject_owns_its_duty(text, action, expected):
    assert owner(text, action) == expected


@pytest.mark.parametrize("text, action, expected", [
    ("Every listed company shall disclose its emissions each year.", "disclose", "Every listed company"),
    ("Each agency head shall appoint a chief data officer.", "appoint", "Each agency head"),
    ("The organizers of the trade fairs shall register every exhibitor.", "register", "organizers of the trade fairs"),
])
def test_quantified_titled_and_agent_noun_subjects_are_named_owners(text, action, expected):
    assert owner(text, action) == (expected, "subject", False)


@pytest.mark.parametrize("text, first, second", [
    ("The controller or the processor shall notify the supervisory authority.", "controller", "processor"),
    ("The Ministry of Finance and the Ministry of Commerce shall jointly issue the rules.",
     "Ministry of Finance", "Ministry of Commerce"),
    ("The Secretary of Energy and the Administrator shall publish a joint report.", "Secretary of Energy",
     "Administrator"),
])
def test_coordinated_subjects_each_own_the_duty(text, first, second):
    extraction = extract(text)
    [found] = extraction.duties
    labels = {a.id: a.label for a in extraction.actors}
    assert (found.actor, found.owner_source) == (first, "coordinated-subjects")
    assert [labels[i] for i in found.owners] == [first, second]


@pytest.mark.parametrize("text, action, expected", [
    ("Distributors that believe, or have reason to believe, that a product is unsafe shall withdraw it.",
     "withdraw", "Distributors"),
    ("The operator shall, for five years after the last delivery, retain the records.", "retain", "operator"),
    ("Where the notice contains an address, the provider shall send a receipt to the sender.", "send", "provider"),
    ("Local governments that have not yet set up a guarantee fund shall, within two years, establish one.",
     "establish", "Local governments"),
    ("Agencies which hold personal records but which share them with contractors shall audit those contractors.",
     "audit", "Agencies"),
])
def test_the_main_clause_subject_owns_a_duty_far_from_it(text, action, expected):
    assert owner(text, action) == (expected, "subject", False)


@pytest.mark.parametrize("text, action", [
    ("The completed questionnaire shall be submitted by the end of March 2025.", "submit"),
    ("The register shall be published by 1 January 2026.", "publish"),
])
def test_a_date_or_a_reference_never_owns_a_duty(text, action):
    found = duty(extract(text), action)
    assert found.actor is None or not any(ch.isdigit() for ch in found.actor)
    assert found.owner_source != "agent"


@pytest.mark.parametrize("text, action, expected", [
    ("The annual plan shall be approved by the Steering Committee.", "approve", "Steering Committee"),
    ("The conformity assessment shall be carried out by the notified body.", "carry out", "notified body"),
    ("The pilot projects shall be organised by the provincial science departments.", "organise",
     "provincial science departments"),
])
def test_the_agent_of_a_passive_owns_it(text, action, expected):
    assert owner(text, action) == (expected, "agent", False)


@pytest.mark.parametrize("text, action, expected", [
    ("Under the leadership of the State Council, set up a coordination mechanism.", "set up", "State Council"),
    ("Led by the Department of Education, the pilot schools shall share their curricula.", "share",
     "pilot schools"),
])
def test_a_leader_owns_only_what_no_subject_owns(text, action, expected):
    found = duty(extract(text), action)
    assert found.actor == expected
    assert found.owner_source == ("leader" if expected == "State Council" else "subject")


# --- pronouns ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, action, expected", [
    ("Importers shall keep a register of complaints. They shall make it available to the authorities.",
     "make", "Importers"),
    ("The county bureaus shall report every quarter. They shall also publish the results.", "publish",
     "county bureaus"),
    ("The Agency shall keep records of every inspection. Where a Member State requests it, it shall provide "
     "those records.", "provide", "Agency"),
])
def test_a_pronoun_subject_names_the_earlier_body_it_agrees_with(text, action, expected):
    assert owner(text, action) == (expected, "pronoun", False)


def test_a_pronoun_never_picks_a_body_of_another_number():
    text = "The Commission shall adopt guidelines. Member States shall consult the public. It shall publish them."
    assert owner(text, "publish")[0] == "Commission"


# --- from the provision ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, action, expected", [
    ("Operators shall draw up an annual report. Those reports shall include the number of incidents.", "include",
     "Operators"),
    ("The provincial offices shall build a talent database. The database shall be updated every year.", "update",
     "provincial offices"),
    ("Each agency shall adopt a records policy. That policy shall be reviewed annually.", "review", "Each agency"),
])
def test_a_thing_subject_or_passive_takes_the_body_last_given_a_duty(text, action, expected):
    assert owner(text, action) == (expected, "discourse", True)


@pytest.mark.parametrize("heading, expected", [
    ("Duties of suppliers", "suppliers"),
    ("Obligations of the data controller", "data controller"),
    ("Provisions applicable to all operators of ports", "operators of ports"),
    ("Responsibilities of the Secretary", "Secretary"),
    ("Main tasks of the county governments", "county governments"),
])
def test_a_heading_that_gives_provisions_to_a_body_owns_its_passive_duties(heading, expected):
    text = f"""
        Article 7

        {heading}

        1. The technical file shall be retained for ten years.
        """
    assert owner(text, "retain") == (expected, "section-heading", True)


def test_a_heading_that_only_names_a_topic_or_a_beneficiary_owns_nothing():
    text = """
        Article 7

        Points of contact for recipients

        1. The technical file shall be retained for ten years.
        """
    assert owner(text, "retain")[1] != "section-heading"


@pytest.mark.parametrize("block, owners", [
    ("Primarily applies to:\nDevice Manufacturers\nService Providers", ["Device Manufacturers", "Service Providers"]),
    ("Applicable to: operators of ports, harbour authorities", ["operators of ports", "harbour authorities"]),
])
def test_an_applies_to_block_names_the_owners_of_its_section(block, owners):
    extraction = extract(f"""
        2) Keep software updated

        {block}

        All software components shall be securely updateable.
        """)
    [found] = [d for d in extraction.duties if "updateable" in d.text]
    labels = {a.id: a.label for a in extraction.actors}
    assert ([labels[i] for i in found.owners], found.owner_source, found.actor_inferred) == (owners, "addressees", True)


# --- lists ------------------------------------------------------------------------------------------

def test_an_inline_list_gives_every_item_the_lead_in_owner_and_modality():
    extraction = extract("Planning authorities should: a) promote walking routes; b) support local shops; and "
                         "c) protect green belts.")
    assert [(d.action, d.actor, d.modality) for d in extraction.duties] == [
        ("promote", "Planning authorities", "recommendation"), ("support", "Planning authorities", "recommendation"),
        ("protect", "Planning authorities", "recommendation")]


def test_an_outer_list_resumes_its_lead_in_owner_after_a_nested_list():
    extraction = extract("""
        Sec. 4. (a) The head of each agency shall:

        (i) assess its hiring practices;

        (ii) consult staff, and its review should:

        (A) cover every grade;

        (B) name the barriers found;

        (iii) report to the Director.
        """)
    assert (duty(extraction, "report").actor, duty(extraction, "report").owner_source) == ("head of each agency", "lead-in")


def test_a_lead_in_subject_set_off_by_an_aside_between_dashes_owns_its_items():
    extraction = extract("""
        (a) The Director of Personnel—in coordination with the Budget Office—shall:

        (i) publish a staffing plan; and

        (ii) review it every year.
        """)
    assert {d.actor for d in extraction.duties if d.action in {"publish", "review"}} == {"Director of Personnel"}


def test_a_thing_lead_in_hands_its_items_to_the_body_that_draws_it_up():
    extraction = extract("""
        4. The coordinators shall draw up a report every two years. That report shall in particular:

        (a) list the complaints received;

        (b) identify best practices.
        """)
    items = [d for d in extraction.duties if d.action in {"list", "identify"}]
    assert [(d.actor, d.owner_source, d.actor_inferred) for d in items] == [("coordinators", "lead-in", True)] * 2


# --- the document --------------------------------------------------------------------------------

def test_imperatives_of_a_document_without_addressees_belong_to_the_issuer_its_title_names():
    text = """
        Opinions of the Ministry of Ecology on Strengthening River Monitoring

        Improve the monitoring network and train local inspectors.
        """
    assert owner(text, "improve") == ("Ministry of Ecology", "issuer", True)


def test_an_order_names_its_issuer_in_its_opening_paragraph():
    text = """
        Executive Order on Safer Federal Buildings

        By the authority vested in me as President by the Constitution and the laws of the United States of America, it is hereby ordered as follows:

        Sec. 2. Actions. Review the fire codes of every Federal building.
        """
    assert owner(text, "review") == ("President", "issuer", True)


def test_we_in_a_document_without_addressees_is_its_issuer():
    text = """
        Guidance on Safer Streets

        We must publish the casualty figures every year.
        """
    assert owner(text, "publish") == (UNNAMED_ISSUER, "pronoun", True)


def test_every_duty_says_which_resolver_found_its_owner():
    extraction = extract("""
        Opinions on Promoting Rural Broadband

        The provincial offices shall survey coverage. Those surveys shall be published. Expand fibre networks.
        """)
    assert [d.owner_source for d in extraction.duties] == ["subject", "discourse", "issuer"]
    assert all(d.owner_source in OWNER_SOURCES for d in extraction.duties)
