"""The parts of a duty read off the parse: subject, action, object, condition, deadline, extent.

Kept apart from `duties.py`, which decides *whether* a verb is a duty; this module says *what*
the duty is. All functions are pure over spaCy tokens and return tokens, spans or strings.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extract.duties import PASSIVE_DEPS, DutyMatch, modality_of_modal
from extract.lexicon import directing_verbs, modal_cues, roles, singular, word_list

CONDITION_MARKERS = {"if", "where", "when", "unless", "provided", "once", "whenever", "until"}
PURPOSE_MARKERS = {"so", "order", "to"}
ACTOR_NOUN_LISTS = ("body_nouns", "unit_nouns", "role_nouns", "territorial_nouns", "actor_heads")
ACTOR_ENTITIES = {"ORG", "PERSON", "NORP", "GPE"}
NAMING_PREPS = {"of", "for", "on", "under", "in", "than", "to"}
RELATIVE_PRONOUNS = {"that", "which", "who"}
PRONOUN_SUBJECTS = {"it", "they", "we", "you", "i", "which", "that", "who", "this", "these"}
ANAPHORIC_PRONOUNS = {"it", "they"}
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|thirty|sixty|ninety|\d+)"
DEADLINE = re.compile(
    r"\b(?:by|before|within|no later than|not later than|prior to|until)\s+(?:the\s+end\s+of\s+)?"
    r"(?:(?:fiscal|calendar)\s+year\s+)?"
    rf"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    rf"\s+\d{{1,2}},\s+)?(?:\d{{4}}\b|{_NUMBER_WORD}\s+(?:calendar\s+|business\s+)?(?:days?|weeks?|months?|years?)\b)",
    re.IGNORECASE,
)


def _conj_root(token: Token) -> Token:
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def subject_of(match: DutyMatch) -> Span | None:
    """The named subject that owns the duty, or None (imperatives, pronouns, passives without agent).

    The subject nearest before the verb wins ("Consistent with law, the Secretary shall ...");
    when the parser hangs a modal verb under a reduced relative ("The Task Force established
    under section 5 shall provide"), the subject is looked for on the verbs above it.
    """
    if match.family in {"imperative", "gerund"}:
        return None
    holders = [match.anchor, _conj_root(match.anchor)]
    if match.family == "modal":  # "The Secretary shall, within 90 days, submit": the parser may hang it on 'shall'
        holders += [c for c in match.anchor.children if c.tag_ == "MD"] + list(match.anchor.ancestors)
    for holder in holders:
        subject = _best_subject([c for c in holder.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < match.verb.i])
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and holder.dep_ == "relcl" \
                and is_actor_noun(holder.head):
            return _noun_phrase(holder.head)  # "a Council that shall advise ...": the Council advises
        if subject is not None:
            catenative_cue = holder == match.anchor and match.anchor != match.verb
            enabled = match.verb.lemma_.lower() in word_list("enabling_verbs")  # 'the Commission shall be empowered'
            if subject.lower_ in ANAPHORIC_PRONOUNS and subject.dep_ == "nsubj":
                return _antecedent_body(subject)
            if (subject.dep_ == "nsubjpass" and not catenative_cue and not enabled) or subject.lower_ in PRONOUN_SUBJECTS:
                return None  # 'agencies are encouraged to ...' keeps its subject; a plain passive does not
            return _noun_phrase(_antecedent_of_relative(subject))
    return None


def _antecedent_body(pronoun: Token) -> Span | None:
    """The body a subject pronoun refers to within its sentence: "Where deployers have reason to
    consider ..., they shall inform the provider" → deployers; None when no body subject precedes."""
    earlier = [t for t in pronoun.doc[:pronoun.i] if t.dep_ in {"nsubj", "nsubjpass"} and is_actor_noun(t)]
    return _noun_phrase(earlier[-1]) if earlier else None


def owner_phrase(subject: Span) -> Span | None:
    """The subject when it can own a duty: a body, a role or a name ("the Commission", "IP
    offices", "Member States"); for a thing ("Those measures shall include ...") its possessor
    ("Each agency's acquisitions shall be ..."), else None, so that a scope names the owner."""
    root = subject.root
    if is_actor_noun(root):
        return subject
    if singular(root.lemma_.lower()) not in word_list("thing_heads") \
            and any(t.pos_ == "PROPN" or t.ent_type_ in ACTOR_ENTITIES for t in subject):
        return subject  # a name, but not a titled document ("Each Forensic Readiness Plan must ...")
    owners = [c for c in root.children if c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"}]
    return _noun_phrase(owners[0]) if owners else None


def is_actor_noun(token: Token) -> bool:
    """A noun that names a body or a role ('agency', 'Secretary', 'office')."""
    lemma = singular(token.lemma_.lower())
    return any(lemma in word_list(name) for name in ACTOR_NOUN_LISTS)


def _best_subject(subjects: list[Token]) -> Token | None:
    """One subject when the parser gave a verb several: a body or role noun first, else the nearest."""
    nouns = [s for s in subjects if s.pos_ in {"NOUN", "PROPN"}] or subjects
    actors = [s for s in nouns if is_actor_noun(s)]
    return (actors or nouns)[-1] if nouns else None


LEAD_IN_ENDINGS = (":", "—", "--")  # "agencies shall:", "a covered entity must—"
_REQUIREMENTS_LEAD_IN = re.compile(r"\b(?:as follows|the following(?: requirements)?)\s*[.:]\s*$", re.I)


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
    return _noun_phrase(holders[0]) if holders else None


def lead_in_cue(clause: Span) -> tuple[Token, str] | None:
    """The cue a lead-in ends on and the modality it gives its items: a modal ("government
    should:", "the operator may either:") or a catenative ("departments are expected to:")."""
    if not clause.text.rstrip().endswith(LEAD_IN_ENDINGS):
        return None
    words = [t for t in clause if not t.is_punct]
    if len(words) >= 2 and words[-1].lower_ == "to":
        cue = words[-2]
        catenatives = modal_cues()["catenatives"]
        key = next((k for k in (f"be {cue.lower_} to", f"be {cue.lemma_.lower()} to", f"{cue.lemma_.lower()} to")
                    if k in catenatives), None)
        if key is not None:
            negated = any(c.dep_ == "neg" for c in cue.children)
            return cue, catenatives[key]["negated" if negated else "modality"]
    modal = next((t for t in reversed(clause) if t.tag_ == "MD"), None)
    return (modal, modality_of_modal(modal)) if modal is not None else None


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
    return _noun_phrase(objects[0]), modality


def lead_in_subject(clause: Span, cue: tuple[Token, str] | None) -> Span | None:
    """The subject of a lead-in that ends on its cue (`lead_in_cue`): "(c) To reduce emissions,
    agencies shall:"."""
    if cue is None:
        return None
    modal = cue[0]
    adjacent = clause.doc[modal.i - 1] if modal.i > clause.start else None
    if adjacent is not None and adjacent.pos_ in {"NOUN", "PROPN"}:
        # the noun right before the modal, whatever the parser made of it; the first of coordinated
        # bodies, as for a sentence's subject ("A covered entity or business associate must:")
        subject = _conj_root(_phrase_head(adjacent))
    else:
        subject = _best_subject([t for t in clause if t.dep_ in {"nsubj", "nsubjpass"} and t.i < modal.i])
    return _noun_phrase(subject) if subject is not None and subject.lower_ not in PRONOUN_SUBJECTS else None


def _phrase_head(noun: Token) -> Token:
    """The head of the noun phrase a noun ends: 'State' in "the Secretary of State" → 'Secretary'."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in NAMING_PREPS \
            and noun.head.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head.head
    return noun


def _antecedent_of_relative(subject: Token) -> Token:
    """"Controllers that process health data shall ...": the parser may make 'data' the subject;
    the noun before the relative pronoun is the one that owns the duty."""
    doc = subject.doc
    for i in range(subject.i - 1, max(-1, subject.i - 8), -1):
        if doc[i].lower_ in RELATIVE_PRONOUNS and doc[i].dep_ in {"nsubj", "nsubjpass"} and i > 0 \
                and doc[i - 1].pos_ in {"NOUN", "PROPN"} and doc[i].head.i < subject.i:
            return doc[i - 1]
    return subject


def coordinated_subjects(subject: Span) -> list[Span]:
    """The other bodies of a coordinated subject ('the Secretary of Energy, and the Administrator')."""
    return [_noun_phrase(t) for t in subject.root.children if t.dep_ == "conj" and t.pos_ in {"NOUN", "PROPN"}]


def agent_of(match: DutyMatch) -> Span | None:
    """The 'by X' agent of a passive duty ("shall be submitted by the Secretary")."""
    for child in match.verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
    return None


def _noun_phrase(head: Token) -> Span:
    """The head noun with its modifiers, without relative clauses or trailing appositions."""
    tokens = [t for t in head.subtree if not _inside(t, head, {"relcl", "acl", "appos", "punct"})
              and not _inside(t, head, set(), stop_preps=True) and not _coordinated_with(t, head)]
    start = min(t.i for t in tokens)
    commas = [t.i for t in head.subtree if t.text == "," and t.i > head.i]
    end = max(t.i for t in tokens if not commas or t.i < commas[0])
    while end > start and head.doc[end].is_punct and head.doc[end].text != ")":
        end -= 1
    return head.doc[start:end + 1]


def _coordinated_with(token: Token, head: Token) -> bool:
    """True for tokens of another body coordinated with the head ("X, and the Director of Y"),
    not for coordination inside its name ("Ministry of Science and Technology")."""
    while token != head:
        if token.dep_ in {"cc", "conj"} and token.head == head:
            return True
        token = token.head
    return False


def _inside(token: Token, top: Token, deps: set[str], stop_preps: bool = False) -> bool:
    """True when a token on the path from `token` up to `top` has one of `deps`; with
    `stop_preps`, also when the path leaves `top` through a preposition other than those that
    name a body ('Chair *of* the Council', 'agencies *other than* ...', not 'agency *with* a fleet')."""
    while token != top:
        if token.dep_ in deps:
            return True
        if stop_preps and token.head == top and token.dep_ == "prep" and token.lower_ not in NAMING_PREPS:
            return True
        token = token.head
    return False


def _lemma(token: Token) -> str:
    if token.pos_ in {"VERB", "AUX"}:
        return token.lemma_.lower()
    word = token.lower_
    if word.endswith("ing"):  # a gerund the tagger read as a noun: 'coordinating'
        stem = word[:-3]
        for candidate in (stem + "e", stem, stem[:-1]):
            if candidate in word_list("directive_verbs"):
                return candidate
        return stem + "e" if len(stem) > 2 and stem[-1] not in "aeiouy" and stem[-2] in "aeiou" else stem
    return word


def action_of(match: DutyMatch) -> str:
    """Head verb lemma with its particle; light verbs keep their noun, catenatives their verb."""
    verb = match.verb
    words = [_lemma(verb)] + [c.lower_ for c in verb.children if c.dep_ == "prt"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if words[0] in word_list("light_verbs") and objects and objects[0].pos_ == "NOUN":
        words.append(objects[0].lemma_.lower())
    complements = [c for c in verb.children if c.dep_ in {"xcomp", "pcomp"} and c.pos_ == "VERB"]
    if words[0] in word_list("catenative_verbs") and complements:
        words += (["to"] if any(c.lower_ == "to" for c in complements[0].children) else []) + [_lemma(complements[0])]
    return " ".join(words)


def _right_material(verb: Token) -> list[Token]:
    """Tokens after the verb that belong to its own clause (not to coordinated duties or purposes)."""
    out = []
    for child in verb.rights:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
            break
        if child.dep_ in {"advcl", "xcomp"} and _is_purpose(child) and out:
            break
        if child.dep_ == "prep" and any(c.lower_ == "order" for c in child.children) and out:
            break  # "... in order to reduce the burden"
        if child.dep_ in {"cc", "punct"}:
            continue
        out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _is_purpose(token: Token) -> bool:
    return any(c.dep_ in {"aux", "mark"} and c.lower_ in PURPOSE_MARKERS for c in token.children)


def object_of(match: DutyMatch) -> str | None:
    """The object phrase of the duty; passives take their grammatical subject."""
    verb = match.verb
    if match.passive:
        subject = [c for c in match.anchor.children if c.dep_ == "nsubjpass"] or \
                  [c for c in _conj_root(verb).children if c.dep_ == "nsubjpass"]
        return _noun_phrase(subject[0]).text if subject else None
    skip = {c.i for c in verb.children if c.dep_ == "prt"}
    if action_of(match).count(" ") and verb.lemma_.lower() in word_list("light_verbs"):
        skip |= {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}  # "take the lead"
    tokens = [t for t in _right_material(verb) if t.i not in skip]
    if not tokens:
        shared = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
        return object_of(DutyMatch(shared[0], match.modality, match.family, match.anchor)) if shared else None
    doc = verb.doc
    text = doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,;:")
    return text or None


def condition_of(match: DutyMatch) -> str | None:
    """An 'if / where / unless ...' clause attached to the duty or to the verb it is coordinated with."""
    for holder in (match.verb, _conj_root(match.verb), match.anchor):
        for child in holder.children:
            if child.dep_ == "advcl" and child.left_edge.lower_ in CONDITION_MARKERS:
                return child.doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,")
    return None


def extent(match: DutyMatch, subject: Span | None) -> tuple[int, int]:
    """Token range [start, end) of the duty clause: modal or subject, verb, and its own material."""
    verb = match.verb
    start = verb.i
    while start > 0 and verb.doc[start - 1].head == verb and \
            (verb.doc[start - 1].pos_ == "ADV" or verb.doc[start - 1].dep_ in {"advmod", "amod", "npadvmod"}):
        start -= 1  # "vigorously apply", "timely study"
    own_modal = any(c.tag_ == "MD" for c in verb.children)  # "..., and agencies shall incorporate"
    if match.family in {"modal", "responsibility"} and match.anchor.i <= verb.i and (_conj_root(verb) == verb or own_modal):
        auxiliaries = [c.i for c in match.anchor.children if c.dep_ in {"aux", "auxpass", "neg"}]
        if match.anchor != verb:
            auxiliaries.append(match.anchor.i)
        if subject is not None and subject.end <= verb.i:
            auxiliaries.append(subject.start)
        if match.passive:  # "The investment mechanism ... shall be built": its object comes first
            auxiliaries += [c.left_edge.i for c in match.anchor.children if c.dep_ == "nsubjpass"]
        start = min([start] + auxiliaries)
    material = _right_material(verb)
    end = (material[-1].i if material else verb.i) + 1
    return start, end


def deadline_in(text: str) -> str | None:
    """The first deadline phrase in the text ('by 2015', 'within 90 days', 'before the end of 2014')."""
    found = DEADLINE.search(text)
    return found.group(0) if found else None


def actor_phrases(clause: Span) -> list[Span]:
    """Organisation names and noun phrases headed by a body or role noun ('the employers',
    'the SIPO Leading Party Members' Group'), wherever they stand in the clause."""
    phrases = [phrase for phrase in (_noun_phrase(chunk.root) for chunk in clause.noun_chunks if is_actor_noun(chunk.root))
               if plausible_name(phrase)]
    for entity in clause.ents:
        named = len(entity) > 1 or entity.text.isupper()  # 'Federal' alone is an adjective read as a name
        if entity.label_ == "ORG" and named and entity.root.dep_ != "compound" and plausible_name(entity):
            phrases.append(entity)
    return phrases


_NOT_A_NAME = re.compile(
    r"§|\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|^(?:Section|Article|Chapter|Part|Annex|Title|Paragraph)\s+[\dIVXL]|^(?:NB|N\.B\.|inter alia|"
    r"e\.g\.|i\.e\.|etc\.?)$", re.I)


def plausible_name(entity: Span) -> bool:
    """An organisation the tagger found, unless it is a date, a section reference or a Latin
    abbreviation ("COUNCIL of 27 April 2016", "§ 164.302 Applicability", "Section 1", "NB")."""
    return _NOT_A_NAME.search(entity.text) is None


def role_of(match: DutyMatch, action: str) -> str:
    """lead | participant | owner: "X shall take the lead, and Y shall participate"."""
    words = action.replace(" the ", " ").split()
    for role in ("lead", "participant"):
        if any(words[:len(cue.split())] == cue.split() for cue in roles()[role]):
            return role
    if match.family == "responsibility":
        return "lead"
    return "owner"


def leader_in(clause: Span) -> Span | None:
    """The body named by 'under the leadership of X' / 'led by X' in the clause, if any."""
    text = clause.text.lower()
    for phrase in roles()["leader_phrases"]:
        at = text.find(phrase)
        if at >= 0:
            last = clause.char_span(at, at + len(phrase), alignment_mode="expand")
            objects = [c for c in last[-1].children if c.dep_ == "pobj"] if last is not None else []
            if objects and (is_actor_noun(objects[0]) or objects[0].ent_type_ == "ORG"):
                return _noun_phrase(objects[0])  # a body leads; 'the guidance of the Outline' does not
    return None
