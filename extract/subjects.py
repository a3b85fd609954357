"""The bodies a clause itself names as doing its duty: subject, agent, leader, a lead-in's holder.

Pure functions over the parse. They say *who the words name*; which of them owns a duty, and
where to look when the clause names nobody, is the resolver chain of `owners.py`.

The small English model often attaches a subject oddly when it stands far from its modal (a long
relative clause, a conditional clause before it, an inserted phrase), so each function checks
the attachment it relies on rather than trusting the first `nsubj` it meets.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extract.deadlines import deadline_in
from extract.duties import DutyMatch, modality_of_modal
from extract.lexicon import directing_verbs, modal_cues, roles, singular, word_list
from extract.phrases import (ACTOR_ENTITIES, CONDITION_MARKERS, NAMING_PREPS, RELATIVE_PRONOUNS, conj_root,
                             is_actor_noun, noun_phrase, plausible_name)

PRONOUN_SUBJECTS = {"it", "they", "we", "you", "i", "which", "that", "who", "this", "these", "he", "she"}
ANAPHORIC_PRONOUNS = {"it", "they", "he", "she"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LEAD_IN_ENDINGS = (":", "—", "--")  # "agencies shall:", "a covered entity must—"
_REQUIREMENTS_LEAD_IN = re.compile(r"\b(?:as follows|the following(?: requirements)?)\s*[.:]\s*$", re.I)
# Agent nouns: "organizers", "suppliers", "insurers", "auditors", "consultants", "employees"
# ("-ment" nouns and the common things in lexicon/non_agent_nouns.txt excepted).
_AGENT_SUFFIX = re.compile(r"^[a-z]{3,}(?<!m)(?:er|or|ist|ant|ent|ee)$")
_OBJECT_PRONOUNS = {False: {"it", "him", "her"}, True: {"them"}}
_NOT_BODIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def grammatical_subject(match: DutyMatch) -> Token | None:
    """The token standing as the duty's subject, whatever it is (a body, a pronoun, a thing), or
    None for imperatives, gerunds and plain passives without one.

    The subject nearest before the verb wins ("Consistent with law, the Secretary shall ...");
    when the parser hangs the verb on 'shall' or under a reduced relative ("The Task Force
    established under section 5 shall provide"), the verbs above it are searched too.
    """
    if match.family in {"imperative", "gerund"}:
        return _subject_of_stray_modal(match.verb)
    holders = [match.anchor, conj_root(match.anchor)]
    if match.family == "modal":  # "The Secretary shall, within 90 days, submit": the parser may hang it on 'shall'
        holders += [c for c in match.anchor.children if c.tag_ == "MD"] + list(match.anchor.ancestors)
    for holder in holders:
        candidates = [c for c in holder.children if c.dep_ in SUBJECT_DEPS and c.i < match.verb.i
                      and not _in_condition(c)]
        subject = _best_subject(candidates)
        if subject is not None:
            return subject
    modal = next((c for c in match.anchor.children if c.tag_ == "MD"), None)
    return _noun_before(modal) if match.family == "modal" and modal is not None else None


def _subject_of_stray_modal(verb: Token) -> Token | None:
    """"The Coordinator shall, for five years, which may be renewed, certify the body": the small
    model may leave 'shall' out of the verb's auxiliaries, so the verb looks imperative; a subject
    with a modal between it and the verb still owns it."""
    found = _stray_modal(verb)
    return found[0] if found else None


# Words that open an aside between a subject and its modal: "DHS, in coordination with agencies,
# should ...", "the Secretary, acting through the Director, shall ...", "the operator, where relevant, shall".
_ASIDE_OPENERS = {"ADP", "ADV", "SCONJ"}
_ASIDE_MARKS = {",", "—", "–"}


def _noun_before(modal: Token) -> Token | None:
    """The noun a modal follows, across asides set off by commas, when the parse gave its verb
    no subject: "DHS, in coordination with agencies, should streamline", "Taking into account
    ..., the controller and the processor shall implement" (the first of coordinated bodies)."""
    doc, i = modal.doc, modal.i - 1
    for _ in range(6):  # asides may hold commas of their own ("in coordination with A, B, and C,")
        if i < 0 or doc[i].text not in _ASIDE_MARKS:
            break
        mark = doc[i].text  # an aside between dashes ("X—in coordination with Y—shall") opens with any word
        opening = next((j for j in range(i - 1, max(-1, i - 40), -1) if doc[j].text == mark
                        and (mark != "," or doc[j + 1].pos_ in _ASIDE_OPENERS or doc[j + 1].tag_ in {"VBG", "VBN"})),
                       None)
        if opening is None:
            return None
        i = opening - 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
        return None
    return conj_root(_phrase_head(doc[i]))


def stray_modal(match: DutyMatch) -> Token | None:
    """The modal between such a subject and its 'imperative' verb, whose modality the duty has."""
    found = _stray_modal(match.verb) if match.family == "imperative" else None
    return found[1] if found else None


def _stray_modal(verb: Token) -> tuple[Token, Token] | None:
    for holder in (verb, verb.head):
        subjects = [c for c in holder.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
        modals = [t for t in verb.doc[subjects[-1].i:verb.i] if t.tag_ == "MD"] if subjects else []
        if modals and not _in_relative_clause(modals[0]):
            return subjects[-1], modals[0]
    return None


def subject_of(match: DutyMatch) -> Span | None:
    """The noun phrase the duty's subject names, or None (imperatives, pronouns, plain passives).

    'agencies are encouraged to ...' keeps its subject, a plain passive does not; a relative
    pronoun gives its antecedent ("a Council that shall advise ..."), and a subject the parser
    found inside a relative clause gives the noun that clause describes ("Providers which do not
    have an establishment in the Union but which offer services in the Union shall designate").
    """
    subject = grammatical_subject(match)
    if subject is None:
        return None
    holder = subject.head
    if subject.lower_ in RELATIVE_PRONOUNS and holder.dep_ == "relcl" and is_actor_noun(holder.head):
        return noun_phrase(holder.head)
    catenative_cue = holder == match.anchor and match.anchor != match.verb
    enabled = match.verb.lemma_.lower() in word_list("enabling_verbs")  # 'the Commission shall be empowered'
    if (subject.dep_ == "nsubjpass" and not catenative_cue and not enabled) or subject.lower_ in PRONOUN_SUBJECTS:
        return None
    described = _described_by_relative(subject)
    if described is not None and not is_actor_noun(subject):
        return noun_phrase(described)
    return noun_phrase(_antecedent_of_relative(subject))


def pronoun_subject(match: DutyMatch) -> Token | None:
    """The subject when it is a pronoun that refers to a body: 'they', 'it', 'he or she', 'we';
    not the 'it' of "It is important to ..." or "It shall be possible for ...", which refers to nothing."""
    subject = grammatical_subject(match)
    if subject is None or subject.dep_ != "nsubj" or subject.lower_ not in ANAPHORIC_PRONOUNS | {"we"}:
        return None
    if subject.lower_ == "it" and subject.head.lemma_ == "be" and any(c.dep_ in {"acomp", "attr"} for c in subject.head.children):
        return None
    return subject


def is_plural_pronoun(pronoun: Token) -> bool:
    return pronoun.lower_ in {"they", "we"}


def antecedent_in_sentence(pronoun: Token) -> Span | None:
    """The body a subject pronoun refers to within its clause, agreeing in number: "Where regional
    offices detect a leak, they shall inform ..." → the offices. Not the subject of a condition
    that itself refers to the pronoun's body ("Where a Member State requests it, it shall ...":
    'it' is another party, named earlier)."""
    plural = is_plural_pronoun(pronoun)
    earlier = [t for t in pronoun.doc[:pronoun.i] if t.dep_ in SUBJECT_DEPS and is_actor_noun(t)
               and t.head.dep_ not in {"acl", "relcl", "amod"}  # "the Member State concerned" is no subject
               and is_plural(t) == plural and not _asks_another_party(t, plural)]
    return noun_phrase(earlier[-1]) if earlier else None


def is_plural(noun: Token) -> bool:
    """Plural by its tag or its ending (the small model tags 'Member States' NNP), or coordinated."""
    return noun.tag_ in {"NNS", "NNPS"} or (noun.pos_ in {"NOUN", "PROPN"} and singular(noun.lower_) != noun.lower_) \
        or any(c.dep_ == "conj" for c in noun.children)


def _asks_another_party(subject: Token, plural: bool) -> bool:
    """'Where a Member State requests it': a condition whose object is a pronoun of the main
    clause's number speaks of the main clause's body as someone else."""
    return _in_condition(subject) and any(t.lower_ in _OBJECT_PRONOUNS[plural] and t.dep_ in {"dobj", "pobj", "dative"}
                                          for t in subject.head.subtree)


def _in_condition(token: Token) -> bool:
    """True when the token sits inside a 'where / if / when / unless ...' adverbial clause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "advcl" and ancestor.left_edge.lower_ in CONDITION_MARKERS and ancestor.left_edge.i <= token.i:
            return True
    return False


def owner_phrase(subject: Span) -> Span | None:
    """The subject when it can own a duty: a body, a role, a name or an agent noun ("the
    Commission", "Member States", "the organizers of the fair"), a party that acts on what is
    its own ("Very large platforms shall publish their terms"); for a thing ("Those measures
    shall include ...") its possessor or the agent it names ("The fees charged by the body shall
    be reasonable"), else None, so that the chain looks further."""
    root = subject.root
    lemma = singular(root.lemma_.lower())
    if root.ent_type_ in _NOT_BODIES or not plausible_name(subject):
        return None  # "by the end of March 2005", "Article 12", "§ 164.302"
    if is_actor_noun(root):
        return subject
    if lemma in word_list("thing_heads") or not root.is_alpha:
        return _owner_named_inside(subject)
    if any((t.pos_ == "PROPN" and t.ent_type_ not in _NOT_BODIES) or t.ent_type_ in ACTOR_ENTITIES for t in subject):
        return subject  # a name, but not a titled document ("Each Forensic Readiness Plan must ...")
    if root.pos_ == "NOUN" and (is_agent_noun(root) or _acts_on_its_own(root)):
        return subject
    return _owner_named_inside(subject)


def names_a_body(name: Span) -> bool:
    """A name standing alone in a list ("Device Manufacturers", "operators of ports"): the last
    word before any preposition heads it, whatever the parser made of a line without a verb."""
    before = next((name[:i] for i, t in enumerate(name) if t.pos_ == "ADP" and i > 0), name)
    head = next((t for t in reversed(before) if t.is_alpha), None)
    return head is not None and (is_actor_noun(head) or is_agent_noun(head))


def is_agent_noun(token: Token) -> bool:
    """A noun made from a verb for the one who does it ('organizer', 'supplier', 'consultant')."""
    lemma = singular(token.lemma_.lower())
    return _AGENT_SUFFIX.search(lemma) is not None and lemma not in word_list("non_agent_nouns")


def _owner_named_inside(subject: Span) -> Span | None:
    """A body named inside a thing subject: its possessor ("Each ministry's plans") or the agent
    of a participle ("The information provided by the providers", "the fees charged by the body")."""
    root = subject.root
    owners = [c for c in root.children if c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"}]
    if owners:
        return noun_phrase(owners[0])
    for participle in (c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        for agent in (c for c in participle.children if c.dep_ == "agent"):
            bodies = [o for o in agent.children if o.dep_ == "pobj" and is_actor_noun(o)]
            if bodies:
                return noun_phrase(bodies[0])
    return None


def _acts_on_its_own(subject: Token) -> bool:
    """A subject whose verb acts on something of its own ('publish *their* terms'): a party, not a thing."""
    verb = subject.head
    while verb.dep_ == "aux" and verb.head != verb:
        verb = verb.head
    possessive = "their" if is_plural(subject) else "its"
    return any(t.dep_ == "poss" and t.lower_ == possessive and t.i > verb.i for t in verb.subtree)


def _best_subject(subjects: list[Token]) -> Token | None:
    """One subject when the parser gave a verb several: a body or role noun first, else the nearest."""
    nouns = [s for s in subjects if s.pos_ in {"NOUN", "PROPN"}] or subjects
    actors = [s for s in nouns if is_actor_noun(s)]
    return (actors or nouns)[-1] if nouns else None


def _described_by_relative(subject: Token) -> Token | None:
    """The noun a relative clause describes when the parser put the subject inside that clause:
    "Providers which ... offer services in the Union shall designate" makes 'services' the subject
    of 'designate', a clause hung under 'offer'."""
    for ancestor in subject.ancestors:
        if ancestor.dep_ == "relcl" and ancestor.head.i < subject.i and ancestor.head.pos_ in {"NOUN", "PROPN"} \
                and is_actor_noun(ancestor.head):
            return ancestor.head
    return None


def _antecedent_of_relative(subject: Token) -> Token:
    """"Controllers that process health data shall ...": the parser may make 'data' the subject;
    the noun before the relative pronoun is the one that owns the duty, when the subject lies
    inside that relative clause (not after it: "... the entity that submitted it, the provider shall")."""
    doc = subject.doc
    for i in range(subject.i - 1, max(-1, subject.i - 8), -1):
        relative = doc[i]
        if relative.lower_ in RELATIVE_PRONOUNS and relative.dep_ in SUBJECT_DEPS and i > 0 \
                and doc[i - 1].pos_ in {"NOUN", "PROPN"} and relative.head.i < subject.i \
                and subject in relative.head.subtree:
            return doc[i - 1]
    return subject


def coordinated_subjects(subject: Span) -> list[Span]:
    """The other bodies of a coordinated subject ('the Secretary of Energy, and the Administrator';
    'Providers and deployers shall ...'; 'the Director, the Chair, and the Deputy Director shall')."""
    return [noun_phrase(t) for t in _conjuncts(subject.root)]


def _conjuncts(noun: Token) -> list[Token]:
    found = [c for c in noun.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    return [t for c in found for t in (c, *_conjuncts(c))]


def agent_of(match: DutyMatch) -> Span | None:
    """The 'by X' agent of a passive duty ("shall be submitted by the Secretary"); "by the end of
    March 2005" is its deadline, not its agent."""
    for child in match.verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and not _is_time(match.verb.doc[child.i:objects[0].right_edge.i + 1]):
                return noun_phrase(objects[0])
    return None


def _is_time(phrase: Span) -> bool:
    """'by the end of March 2005', 'by 2025': a deadline, whatever the parser made of it."""
    return deadline_in(phrase.text) is not None or any(token.ent_type_ in {"DATE", "TIME"} for token in phrase[1:])


def leader_in(clause: Span) -> Span | None:
    """The body named by 'under the leadership of X' / 'led by X' in the clause, if any."""
    text = clause.text.lower()
    for phrase in roles()["leader_phrases"]:
        at = text.find(phrase)
        if at >= 0:
            last = clause.char_span(at, at + len(phrase), alignment_mode="expand")
            objects = [c for c in last[-1].children if c.dep_ == "pobj"] if last is not None else []
            if objects and (is_actor_noun(objects[0]) or objects[0].ent_type_ == "ORG"):
                return noun_phrase(objects[0])  # a body leads; 'the guidance of the Outline' does not
    return None


# --- lead-ins: a clause that hands a list to the items after it ----------------------------------

def ends_lead_in(text: str) -> bool:
    """A sentence that hands a list to what follows: "... shall:", "... must—", or "The
    requirements for service providers are as follows."."""
    return text.rstrip().endswith(LEAD_IN_ENDINGS) or _REQUIREMENTS_LEAD_IN.search(text) is not None


def requirements_holder(clause: Span) -> Span | None:
    """The body a requirements lead-in names: "The requirements for service providers are as
    follows." or "Operators shall meet the following requirements:" → the providers, the operators."""
    if _REQUIREMENTS_LEAD_IN.search(clause.text) is None:
        return None
    holders = [t for t in clause if is_actor_noun(t) and t.dep_ in {"pobj", "nsubj"}
               and (t.dep_ == "nsubj" or t.head.lower_ == "for")]
    return noun_phrase(holders[0]) if holders else None


def lead_in_cue(clause: Span) -> tuple[Token, str] | None:
    """The cue a lead-in ends on and the modality it gives its items: a modal ("government
    should:", "the operator may either:") or a catenative ("departments are expected to:")."""
    cut = inline_list_start(clause)
    if cut is None and not clause.text.rstrip().endswith(LEAD_IN_ENDINGS):
        return None
    words = [t for t in (clause if cut is None else clause[:cut]) if not t.is_punct]
    if len(words) >= 2 and words[-1].lower_ == "to":
        cue = words[-2]
        catenatives = modal_cues()["catenatives"]
        key = next((k for k in (f"be {cue.lower_} to", f"be {cue.lemma_.lower()} to", f"{cue.lemma_.lower()} to")
                    if k in catenatives), None)
        if key is not None:
            negated = any(c.dep_ == "neg" for c in cue.children)
            return cue, catenatives[key]["negated" if negated else "modality"]
    modal = next((t for t in reversed(words) if t.tag_ == "MD" and not _in_relative_clause(t)), None)
    return (modal, modality_of_modal(modal)) if modal is not None else None


def _in_relative_clause(token: Token) -> bool:
    """'for five years, which may be renewed,': a modal of a relative clause is not the lead-in's."""
    return any(a.dep_ in {"relcl", "acl"} for a in token.ancestors)


_INLINE_ITEMS = re.compile(r"[:—]\s*\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]\s")


def inline_list_start(clause: Span) -> int | None:
    """Where an inline list begins, as a token offset in the clause: the colon of "Planning
    policies should: a) promote ...; b) ...", followed by an item label; None for no such list."""
    found = _INLINE_ITEMS.search(clause.text)
    if found is None:
        return None
    colon = clause.char_span(found.start(), found.start() + 1, alignment_mode="expand")
    return colon.start - clause.start if colon is not None else None


def lead_in_addressee(clause: Span) -> tuple[Span, str] | None:
    """The body a lead-in hands its list to, and the modality: "The Secretary shall direct the
    Board to: (A) ..." gives the items to the Board, "... shall encourage States to:" recommends."""
    if not clause.text.rstrip().endswith(LEAD_IN_ENDINGS):
        return None
    words = [t for t in clause if not t.is_punct]
    if len(words) < 3 or words[-1].lower_ != "to":
        return None
    verb = words[-1].head if words[-1].head.pos_ in {"VERB", "AUX"} else words[-2].head
    modality = directing_verbs().get(verb.lemma_.lower())
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.pos_ in {"NOUN", "PROPN"}]
    if modality is None or not objects or not (is_actor_noun(objects[0]) or objects[0].pos_ == "PROPN"):
        return None
    return noun_phrase(objects[0]), modality


def lead_in_subject(clause: Span, cue: tuple[Token, str] | None) -> Token | None:
    """The subject of a lead-in that ends on its cue (`lead_in_cue`): "(c) To reduce emissions,
    agencies shall:"; a pronoun or a thing too ("That report shall in particular:"), for the
    chain to resolve."""
    if cue is None:
        return None
    modal = cue[0]
    adjacent = clause.doc[modal.i - 1] if modal.i > clause.start else None
    if adjacent is not None and adjacent.pos_ in {"NOUN", "PROPN"}:
        # the noun right before the modal, whatever the parser made of it; the first of coordinated
        # bodies, as for a sentence's subject ("A covered entity or business associate must:")
        return conj_root(_phrase_head(adjacent))
    subjects = [t for t in clause if t.dep_ in SUBJECT_DEPS and t.i < modal.i and not _in_condition(t)]
    found = _best_subject(subjects)
    if found is None and adjacent is not None and adjacent.text in _ASIDE_MARKS:
        return _noun_before(modal)  # "The Director—in coordination with the Council—shall:"
    return found


def _phrase_head(noun: Token) -> Token:
    """The head of the noun phrase a noun ends: 'State' in "the Secretary of State" → 'Secretary'."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in NAMING_PREPS \
            and noun.head.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head.head
    return noun


# --- headings that say whose provisions follow ---------------------------------------------------

def heading_holder(heading: Span) -> Span | None:
    """The body a heading gives its provisions to: "Duties of suppliers", "Provisions applicable
    to all providers of hosting services", "Transparency obligations for deployers", "Obligations
    of the controller". A heading that only names a topic or a beneficiary ("Points of contact for
    recipients") gives none: its head must be a word for duties."""
    duty_words = word_list("duty_heading_nouns")
    for noun in (t for t in heading if singular(t.lemma_.lower()) in duty_words and t.pos_ in {"NOUN", "PROPN"}):
        for prep in _heading_preps(noun):
            bodies = [o for o in prep.children if o.dep_ == "pobj" and (is_actor_noun(o) or _AGENT_SUFFIX.search(
                singular(o.lemma_.lower())))]
            if bodies:
                return noun_phrase(bodies[0])
        owners = [c for c in noun.children if c.dep_ == "poss" and is_actor_noun(c)]
        if owners:  # "The supplier's obligations"
            return noun_phrase(owners[0])
    return None


def _heading_preps(noun: Token) -> list[Token]:
    """The prepositions that attach the holder: 'of/for/on X', or 'applicable/incumbent to/on X'."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "for", "on", "upon"}]
    for modifier in (c for c in noun.children if c.dep_ in {"amod", "acl"}):
        preps += [c for c in modifier.children if c.dep_ == "prep" and c.lower_ in {"to", "on", "upon", "for"}]
    return preps
