"""Modal clauses that state rather than oblige, and those that grant: invented sentences in the
styles of EU regulations, UK guidance and US rules."""
from __future__ import annotations

import pytest

from extracting import actions, duty, extract


@pytest.mark.parametrize("sentence", [
    "Paragraph 2 shall not apply to micro-enterprises.",
    "This Regulation shall enter into force on the twentieth day following its publication.",
    "Article 9 shall not affect the rules on the validity of contracts.",
    "The transfer shall be lawful only where the recipient gives adequate safeguards.",
    "Nothing in this section shall be construed to limit the powers of the Secretary.",
    "A record kept in electronic form shall be deemed compliant with this Part.",
    "Such breaches may occur without warning.",
    "This may deter staff from misusing the system.",
    "Repeated outages might affect public trust.",
    "We should expect rapid growth in demand over the next decade.",
    "To keep pace, the number of engineers would need to double by 2030.",
    "If the owner cannot be reached, Article 12 shall apply mutatis mutandis.",
    "For leased trucks, the Road Haulage Directive shall apply.",
    "This paragraph shall be without prejudice to national rules on archives.",
])
def test_a_statement_of_effect_possibility_or_expectation_is_not_a_duty(sentence):
    assert actions(extract(sentence)) == []


@pytest.mark.parametrize("sentence, action, owner", [
    ("The Commission shall be empowered to adopt delegated acts.", "empower", "Commission"),
    ("The applicant shall have the right to appeal the decision.", "have", "applicant"),
    ("The supervisory authority may suspend the licence.", "suspend", "supervisory authority"),
    ("A business associate may permit a subcontractor to store the records.", "permit", "business associate"),
])
def test_a_right_an_empowerment_or_a_body_s_may_is_a_permission(sentence, action, owner):
    granted = duty(extract(sentence), action)
    assert (granted.modality, granted.actor) == ("permission", owner)


def test_an_exemption_from_an_obligation_is_a_permission_not_a_prohibition():
    exempt = duty(extract("The provider shall not be obliged to keep the logs."), "oblige")
    assert exempt.modality == "permission"


@pytest.mark.parametrize("sentence, action, modality", [
    ("The agency shall apply the standard to all new buildings.", "apply", "obligation"),
    ("Member States shall consider the opinion of the Board.", "consider", "obligation"),
    ("Such proposals should be considered for funding.", "consider", "recommendation"),
])
def test_the_same_verbs_with_a_body_or_as_an_action_stay_duties(sentence, action, modality):
    assert duty(extract(sentence), action).modality == modality



@pytest.mark.parametrize("sentence, action", [
    ("No refund may be issued by the clerk without a receipt.", "issue"),
    ("No person shall enter the site without a permit.", "enter"),
    ("In no case shall a suspended licence be renewed without a hearing.", "renew"),
])
def test_a_subject_with_no_makes_a_prohibition(sentence, action):
    assert duty(extract(sentence), action).modality == "prohibition"


def test_a_possibility_in_a_relative_clause_is_not_a_duty():
    assert actions(extract("Operators shall keep only data which may be needed for billing.")) == ["keep"]


def test_no_in_an_ordinary_phrase_does_not_negate():
    assert duty(extract("The agency shall provide the service at no cost to users."), "provide").modality == "obligation"


@pytest.mark.parametrize("sentence", [
    "Words used in this Schedule shall have the same meaning as in the Act.",
    "In this Part, “operator” shall mean any person who runs a service.",
])
def test_a_definition_is_not_a_duty(sentence):
    assert actions(extract(sentence)) == []


def test_a_modal_inside_a_how_clause_of_a_describing_verb_is_not_a_duty():
    found = extract("Guidance from the ministry sets out how these policies should be implemented.")
    assert "implement" not in actions(found)
    assert "implement" in actions(extract("The ministry shall specify how these policies shall be implemented."))
