"""Why a record was found: the rule family that found it and the cue that fired.

A reviewer who sees a wrong record first asks which rule made it. Every duty, goal, actor
mention and mechanism mention therefore carries one of the family names below (`found_by`),
and a duty the span of its cue ("shall ensure", "are encouraged to develop"). The names are the
notations (`skos:notation`) of the `pkg:RuleFamilies` concept scheme of the ontology, which
gives each its label ("catenative" is a "catenative cue"); `graph/` maps them onto it.
"""
from __future__ import annotations

from spacy.tokens import Token

from extract.duties import DutyMatch

# The notations of the concepts; their labels ("modal clause") are in the ontology.
DUTY_FAMILIES = frozenset({"imperative", "modal", "catenative", "passive-modal", "responsibility", "gerund-line",
                           "lead-in-item", "reviewer"})
GOAL_FAMILIES = frozenset({"forecast", "target"})
MENTION_FAMILIES = frozenset({"subject", "agent", "coordinated-subject", "leader", "antecedent", "lead-in",
                              "section-heading", "addressee", "issuer", "named-body", "mechanism-head"})
RULE_FAMILIES = DUTY_FAMILIES | GOAL_FAMILIES | MENTION_FAMILIES

# A body the owner chain named (`Duty.owner_source`) was found as what the chain found it.
_OWNER_MENTIONS = {"agent": "agent", "coordinated-subjects": "coordinated-subject", "leader": "leader",
                   "pronoun": "antecedent", "lead-in": "lead-in", "section-heading": "section-heading"}
_CUE_DEPS = {"aux", "auxpass", "neg"}
_CUE_REACH = 4  # a catenative or responsibility cue further than this many tokens is not shown as the cue


def duty_family(match: DutyMatch, lead_in_item: bool) -> str:
    """The rule family of a duty match; an imperative under a lead-in ("shall: (a) ensure") is its item."""
    if match.family == "modal":
        anchor = match.anchor
        if anchor.i != match.verb.i and anchor.tag_ != "MD" and not any(c.tag_ == "MD" for c in anchor.children):
            return "catenative"  # "are encouraged to develop", "has to unify"; not "shall build X and improve Y"
        return "passive-modal" if match.passive else "modal"
    if match.family == "imperative":
        return "lead-in-item" if lead_in_item or match.passive else "imperative"
    return "gerund-line" if match.family == "gerund" else match.family


def cue_tokens(match: DutyMatch, family: str) -> tuple[Token, Token]:
    """The first and last token of the cue: the verb with its own modal and negation before it
    ("shall not use"), or from a nearby modal, catenative or responsibility cue to the verb
    ("are encouraged to develop"); a coordinated verb's cue is its own ("study and [comprehend]")."""
    verb = match.verb
    first = min((child for child in verb.children if child.dep_ in _CUE_DEPS and child.i < verb.i),
                key=lambda token: token.i, default=verb)
    governs = match.anchor.tag_ == "MD" or family in ("catenative", "responsibility")
    if governs and match.anchor.i < first.i and first.i - match.anchor.i <= _CUE_REACH:
        first = match.anchor
    return first, verb


def mention_family(owner_source: str) -> str:
    """The family of a mention the owner chain made ("subject" for a subject, or one named earlier)."""
    return _OWNER_MENTIONS.get(owner_source, "subject")
