"""Modal clauses that are not duties, and modal clauses that grant rather than bind.

A modal verb does not always oblige. Regulations state a provision's legal effect ("Paragraph 1
shall not apply", "Processing shall be lawful where ...", "Nothing in this order shall be
construed to ...") or defines its words ("shall have the same meaning as ..."); guidance states a possibility ("This may deter staff", "Skilled
perpetrators may attempt to ..."), a hypothesis ("graduates would need to triple") or an
expectation ("we should expect improvements"). Those are not duties. A right or an
empowerment ("shall have the right to lodge a complaint", "shall be empowered to adopt
delegated acts") is a permission for its holder. The rules read the verb,
its subject and its complements, with the general legal vocabulary of `lexicon/`.
"""
from __future__ import annotations

from spacy.tokens import Token

from extract.duties import HYPOTHETICAL_AUXILIARIES, DutyMatch
from extract.lexicon import singular, word_list
from extract.phrases import ACTOR_ENTITIES, RELATIVE_PRONOUNS, conj_root, is_actor_noun

POSSIBILITY_MODALS = {"may", "might", "could"}
DEMONSTRATIVE_SUBJECTS = {"this", "that", "it", "these", "those", "there", "which", "such"}
# "shall be without prejudice to …", "the terms used herein shall be as per …": how to read a rule, not a duty
READING_PREPOSITIONS = {("without", "prejudice"), ("as", "per")}
NEGATING_CIRCUMSTANCES = {"case", "circumstance", "event", "account", "condition"}  # 'in no case shall'


def is_not_a_duty(match: DutyMatch) -> bool:
    """True for a modal clause that states an effect, a possibility or an expectation."""
    if match.family != "modal":
        return False
    verb, lemma = match.verb, match.verb.lemma_.lower()
    subject = _subject(match)
    if lemma in word_list("expectation_verbs"):
        return True
    if lemma == "be" and verb.i + 1 < len(verb.doc) and verb.nbor(1).text in {":", "—"}:
        return True  # "Personal data shall be:" leads in to its items, which are the duties
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUXILIARIES for c in match.anchor.children):
        return True  # 'graduates would need to triple': a hypothesis, not a duty
    if lemma in word_list("legal_effect_verbs") and not _is_actor(subject):
        return True
    if lemma == "need" and subject is not None and not _is_actor(subject) \
            and not any(c.dep_ in {"xcomp", "ccomp"} for c in verb.children):
        return True  # 'these figures should not need re-testing': what a thing needs, nobody's act
    if lemma == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in word_list("legal_states") for c in verb.children):
        return True
    if lemma == "be" and any(c.dep_ == "attr" and m.dep_ == "amod" and m.i < c.i and m.lemma_.lower() in word_list("legal_states")
                             for c in verb.children for m in c.children):
        return True  # "shall be applicable mutatis mutandis", the state read as the Latin phrase's modifier
    if match.passive and lemma in word_list("construal_verbs") and _has_complement(verb):
        return True  # 'shall be deemed compliant', 'construed to impair'; not 'should be considered for AI'
    if lemma == "mean" or (lemma == "have" and any(c.dep_ == "dobj" and c.lemma_.lower() == "meaning"
                                                   for c in verb.children)):
        return True  # '"company" shall mean ...', 'words shall have the same meaning as in the Act': a definition
    if lemma == "be" and any(c.dep_ == "prep" and (c.lower_, g.lower_) in READING_PREPOSITIONS
                             for c in verb.children for g in c.children):
        return True  # 'shall be without prejudice to national rules', 'shall be as per the Standards'
    modal = next((c for c in match.anchor.children if c.tag_ == "MD"), None)
    if modal is None or modal.lower_ not in POSSIBILITY_MODALS:
        return False
    subject = subject if subject is not None else _subject_of_modal_clause_before(match.anchor)
    if subject is None:
        return False
    if subject.lower_ in RELATIVE_PRONOUNS:
        return True  # 'data which may be needed for billing'
    return not match.passive and not _is_actor(subject)


def granted_modality(match: DutyMatch) -> str:
    """A permission for a right or an empowerment the clause grants, a prohibition for a 'no'
    subject or circumstance ("No person shall", "In no case shall"), else the cue's own modality."""
    verb, lemma = match.verb, match.verb.lemma_.lower()
    subject = _subject(match)
    negating = [subject] if subject is not None else []
    negating += [g for c in verb.children if c.dep_ == "prep" for g in c.children
                 if g.dep_ == "pobj" and g.lemma_.lower() in NEGATING_CIRCUMSTANCES]
    if match.modality in {"obligation", "permission", "recommendation"} and (
            any(c.dep_ == "det" and c.lower_ == "no" for noun in negating for c in noun.children)
            or any(c.lower_ in {"never", "nor", "neither"} and c.i < match.anchor.i for c in verb.children)):
        return "prohibition"  # 'No refund may be issued', 'In no case shall X be', 'Nor should X be approved'
    if match.modality == "prohibition" and match.passive and lemma in {"oblige", "require", "obligate"}:
        return "permission"  # 'shall not be obliged to retain': free not to, an exemption
    if match.modality != "obligation":
        return match.modality
    if lemma == "have" and any(c.dep_ == "dobj" and c.lemma_.lower() in word_list("right_nouns") for c in verb.children):
        return "permission"
    if grants_power(match):
        return "permission"
    return match.modality


def grants_power(match: DutyMatch) -> bool:
    """'The Commission shall be empowered to adopt': the passive subject holds the power."""
    return match.passive and match.verb.lemma_.lower() in word_list("enabling_verbs")


def _has_complement(verb: Token) -> bool:
    """A reading verb with what the text is read as: 'deemed compliant', 'considered to be', 'regarded as'."""
    return any(c.dep_ in {"xcomp", "oprd", "acomp", "attr", "ccomp"} or (c.dep_ == "prep" and c.lower_ == "as")
               or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))  # 'construed to limit'
               for c in verb.children)


def _subject(match: DutyMatch) -> Token | None:
    """The clause's subject, or that of the verb it is coordinated with ("Its extent is not fixed
    and may change as ...": 'extent' is the subject of 'may change' too)."""
    for holder in (match.verb, match.anchor, conj_root(match.anchor)):
        subject = next((c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
        if subject is not None:
            return subject
    return None


def _subject_of_modal_clause_before(anchor: Token) -> Token | None:
    """The subject of the nearest modal clause before a subjectless one in its sentence: in "Elements
    of a setting may make X, may affect Y or may be neutral" the parser hangs the first clause on a
    later one, so the later ones find no subject of their own to share."""
    for token in reversed(anchor.doc[anchor.sent.start:anchor.i]):
        if token.dep_ in {"nsubj", "nsubjpass"} and any(c.tag_ == "MD" for c in token.head.children):
            return token
    return None


def _is_actor(subject: Token | None) -> bool:
    """A body, role or name can hold a duty; a provision, a thing or 'this' cannot."""
    if subject is None:
        return True  # no subject: the owner comes from the scope, which names an actor
    if subject.lower_ in DEMONSTRATIVE_SUBJECTS or singular(subject.lemma_.lower()) in word_list("thing_heads"):
        return False  # 'this', 'Article 12', 'the Road Haulage Directive'
    if subject.pos_ == "NUM":  # a count or a reference: "two of the members", "157 of this Framework"
        whole = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        return whole is not None and _is_actor(whole)
    phrase = list(subject.subtree)
    return is_actor_noun(subject) or subject.lower_ in {"we", "they", "you", "i", "he", "she"} \
        or any(t.pos_ == "PROPN" or t.ent_type_ in ACTOR_ENTITIES for t in phrase)
