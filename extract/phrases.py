"""The parts of a duty read off the parse: action, object, condition, deadline, extent, actor phrases.

Kept apart from `duties.py`, which decides *whether* a verb is a duty; this module says *what*
the duty is. All functions are pure over spaCy tokens and return tokens, spans or strings.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from extract.duties import (CELL_MARK, LEAD_IN_MARKS, DutyMatch, closes_reported_clause, continues_infinitive_series,
                            has_relative_subject, has_to_marker, is_cue_modal, is_participle_adjective, is_that_clause)
from extract.lexicon import directing_verbs, roles, singular, word_list

CONDITION_MARKERS = {"if", "where", "when", "unless", "provided", "once", "whenever", "until"}
PURPOSE_MARKERS = {"so", "order", "to"}
EXPLANATION_MARKS = {"i.e.", "ie", "i.e", "viz.", "namely"}  # an aside restating the object, left out whole
ACTOR_NOUN_LISTS = ("body_nouns", "unit_nouns", "role_nouns", "territorial_nouns", "actor_heads")
ACTOR_ENTITIES = {"ORG", "PERSON", "NORP", "GPE"}
NAMING_PREPS = {"of", "for", "on", "under", "in", "than", "to"}
RELATIVE_PRONOUNS = {"that", "which", "who"}
_TRAILING_MARKS = {"-", "—", "–", ",", ";", ":"}  # never the last character of a duty's span, nor "and"
ITEM_MARKER = re.compile(r"\s*\(?(?:([A-Za-z])\1?|\d{1,2}|[ivxlIVXL]{1,4})[.)](?=\s|$)")  # "a)", "(aa)", "A.", "(iv)"


def _is_coordinated_verb(token: Token) -> bool:
    return token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"}


def conj_root(token: Token) -> Token:
    """The first verb or noun of a coordination the token belongs to."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def is_actor_noun(token: Token) -> bool:
    """A noun that names a body or a role ('agency', 'Secretary', 'office')."""
    lemma = singular(token.lemma_.lower())
    return any(lemma in word_list(name) for name in ACTOR_NOUN_LISTS)


def noun_phrase(head: Token) -> Span:
    """The head noun with its modifiers, without relative clauses or trailing appositions."""
    tokens = [t for t in head.subtree if not _inside(t, head, {"relcl", "acl", "appos", "punct"})
              and not _inside(t, head, set(), stop_preps=True) and not _coordinated_with(t, head)]
    start = min(t.i for t in tokens)
    commas = [t.i for t in head.subtree if t.text in {",", "—", "–"} and t.i > head.i]  # an aside ends it
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
    """Head verb lemma with its particle; light verbs keep their noun, catenatives their verb (not
    across an object: "propose alterations to meet X" is "propose")."""
    verb = match.verb
    words = [_lemma(verb)] + [c.lower_ for c in verb.children if c.dep_ == "prt"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if words[0] in word_list("light_verbs") and objects and objects[0].pos_ == "NOUN":
        words.append(objects[0].lemma_.lower())
    complements = [c for c in verb.children if c.dep_ in {"xcomp", "pcomp"} and c.pos_ == "VERB"]
    if words[0] in word_list("catenative_verbs") and complements and not any(o.i < complements[0].i for o in objects):
        words += (["to"] if any(c.lower_ == "to" for c in complements[0].children) else []) + [_lemma(complements[0])]
    return " ".join(words)


def _right_material(verb: Token, keep_purpose: bool = False) -> list[Token]:
    """Tokens after the verb that belong to its own clause (not to coordinated duties), without its
    purpose ("adjust the tax policy [to encourage X]"), which the duty's span keeps when it follows
    the object directly (`keep_purpose`) as the verb phrase's own adjunct."""
    out: list[Token] = []
    for child in verb.rights:
        if _is_coordinated_verb(child) and (_is_participle_aside(verb, child) or _is_wh_complement(verb, child)
                                            or _is_further_that_clause(verb, child)
                                            or _completes_that_clause(verb, child)
                                            or _is_relative_clause_of_a_noun(child)):
            stop = next((c.i for c in child.rights if _is_coordinated_verb(c)), len(verb.doc))
            out.extend(t for t in child.subtree if t.i < stop)  # not the duty coordinated after it
            continue
        if _is_coordinated_verb(child) and not closes_reported_clause(child):
            break
        if child.dep_ in {"advcl", "xcomp"} and child.pos_ in {"VERB", "AUX"} and _is_purpose(child) \
                and not all(t.pos_ == "ADV" for t in out) and not (keep_purpose and _adjoins_object(child)) \
                and not _object_does(verb, child) and not _infinitive_completes_object(verb, out[-1], child):
            break  # after an object, a purpose; right after the verb ("plan positively to improve"), its complement
        if child.dep_ == "prep" and any(c.lower_ == "order" and c.i + 1 < len(c.doc) and c.nbor().lower_ in {"to", "that"}
                                        for c in child.children) and out:  # not "in order of liquidity"
            break  # "... in order to reduce the burden"
        if child.lower_ in EXPLANATION_MARKS and out:
            break  # "disclose all 'material' items, i.e., the items if …": what follows explains the object
        if child.dep_ in {"cc", "punct"}:
            continue
        out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _is_wh_complement(verb: Token, conj: Token) -> bool:
    """"there shall be indicated by way of note how such amounts have been used": a clause opened by
    a wh-word, with no 'and', 'or' or comma before it, is what the verb states; the parser
    coordinated it with the verb. After 'and', one whose wh-word and subject are its own and whose
    modal directs nothing is a second object ("set clear expectations for X and how this can be
    maintained"); a duty coordinated with the verb does not open with 'how'."""
    opening = conj.left_edge
    if opening.i == 0 or not (opening.tag_ in {"WRB", "WP", "WDT"} or opening.lower_ == "whether"):
        return False
    between = verb.doc[verb.i + 1:opening.i]
    if not any(t.pos_ == "CCONJ" or t.text in {",", ";", ":"} for t in between):
        return True
    own = {c.i for c in conj.children}
    return opening.i in own and opening.nbor(-1).pos_ == "CCONJ" \
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children) \
        and not any(is_cue_modal(c) for c in conj.children)


def _is_further_that_clause(verb: Token, conj: Token) -> bool:
    """"ensure that worked land is reclaimed …, and that restoration takes place": a clause opened
    by 'that' after a comma or coordinator, where the verb's phrase already has a that-clause, is
    one more thing it states, not a clause coordinated with the duty; so is a finite clause with a
    subject and no modal ("work with officers to ensure that the right trees are planted, and
    solutions are found …"), which a directive's modal cannot govern."""
    opening = conj.left_edge
    if opening.i == 0 or not (opening.nbor(-1).text in {",", ";"} or opening.nbor(-1).pos_ == "CCONJ"):
        return False
    finite = any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children) and not any(c.tag_ == "MD" for c in conj.children) \
        and (conj.tag_ in {"VBZ", "VBP"} or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP"} for c in conj.children))
    if opening.lower_ != "that" and not finite:
        return False
    return any(c.dep_ == "ccomp" and verb.i < c.i < conj.i and is_that_clause(c) for c in verb.subtree)


def _completes_that_clause(verb: Token, conj: Token) -> bool:
    """"recognise that sites to meet local needs may have to be found beyond settlements": the
    parser read the that-clause's subject with its infinitive as the clause and coordinated the
    clause's own modal verb with the duty's. A that-clause has a finite verb, so a subjectless
    modal verb after an infinitival one is that verb."""
    return any(c.tag_ == "MD" for c in conj.children) and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children) \
        and any(c.dep_ == "ccomp" and c.i < conj.i and has_to_marker(c) and is_that_clause(c) for c in verb.children)


def _is_relative_clause_of_a_noun(conj: Token) -> bool:
    """"take an approach to meeting X, and to development that will widen choice": a clause whose
    subject is a relative pronoun right after a noun describes that noun; the parser coordinated
    it with the verb."""
    pronoun = conj.left_edge
    return pronoun.tag_ in {"WDT", "WP"} and pronoun.head == conj and pronoun.dep_ in {"nsubj", "nsubjpass"} \
        and pronoun.i > 0 and pronoun.nbor(-1).pos_ in {"NOUN", "PROPN"}


def _completes_condition(verb: Token, conj: Token) -> bool:
    """"prevented if there would be an unacceptable impact, or the residual impacts, following
    mitigation, would be severe": a subjectless verb with a modal that directs nothing ('would',
    'could'), after a condition of the duty's verb, is the rest of that condition."""
    modals = [c for c in conj.children if c.tag_ == "MD"]
    return bool(modals) and not any(is_cue_modal(m) for m in modals) \
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in conj.children) \
        and any(c.dep_ == "advcl" and verb.i < c.i < conj.i and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS
                                                                    for m in c.children)
                for link in _chain(verb) for c in link.children)


def _chain(verb: Token) -> list[Token]:
    """The verbs of the coordination the verb belongs to, in text order."""
    root = conj_root(verb)
    return sorted([root, *(t for t in root.subtree if t.dep_ == "conj" and conj_root(t) == root)], key=lambda t: t.i)


def _takes_an_infinitive(word: Token) -> bool:
    """'means', 'capability', 'steps': a noun whose 'to' infinitive is part of the duty
    (`lexicon/infinitive_nouns.txt`); and an adjective, whose infinitive completes it ("limited to
    those necessary to address the priorities")."""
    return word.pos_ == "ADJ" or _noun_in(word, "infinitive_nouns") \
        or singular(word.lemma_.lower()) in word_list("infinitive_nouns")


def _noun_in(word: Token, list_name: str) -> bool:
    """The word, or its singular, is in the lexicon list ("policies" under "policy")."""
    nouns = word_list(list_name)
    return word.lower_ in nouns or singular(word.lower_) in nouns


def _infinitive_completes_object(verb: Token, last: Token, clause: Token) -> bool:
    """Whether a 'to' infinitive `clause` after the verb's object belongs to the object rather than
    being the duty's purpose: after `last`, the object's last word, or its head, a noun that takes
    one ("use all means to", "optimise the potential of the site to"), or an instrument the verb
    lays down ("set out policies to encourage X"; but "adjust the tax policy to encourage X", and
    "adopt policies so that X", are purposes)."""
    if not has_to_marker(clause):
        return False
    heads = [last, *(c for c in verb.children if c.dep_ == "dobj")]
    if any(_takes_an_infinitive(word) for word in heads):
        return True
    return verb.lemma_.lower() in word_list("laying_down_verbs") and any(_noun_in(word, "instrument_nouns") for word in heads)


def _object_does(verb: Token, infinitive: Token) -> bool:
    """"require an applicant to describe X": the infinitive says what the verb's object is to do."""
    lemma = verb.lemma_.lower()
    hands_on = lemma in directing_verbs() or lemma in word_list("enabling_verbs") \
        or lemma in word_list("object_infinitive_verbs")
    return hands_on and infinitive.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.i < infinitive.i for c in verb.children)


def _is_participle_aside(verb: Token, conj: Token) -> bool:
    """"make information about the environment, gathered as part of plan-making, publicly
    accessible": a past participle set off by a comma, with no subject or auxiliary, after a verb
    that is none, describes the object; the parser coordinated it with the verb."""
    return conj.tag_ in {"VBN", "VBD"} and verb.tag_ not in {"VBN", "VBD"} and conj.nbor(-1).text == "," \
        and conj.lower_ not in CONDITION_MARKERS | {"given", "assuming"} \
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in conj.children)


def _adjoins_object(purpose: Token) -> bool:
    """A 'to' infinitive right after the object, not set off by a comma or dash and not opened by
    'so as' ("set up a fund to support small firms"): part of the verb phrase, though no object."""
    first = purpose.left_edge
    return first.lower_ == "to" and first.i > 0 and first.nbor(-1).text not in {",", ")", "–", "—", "as"}


def _is_purpose(token: Token) -> bool:
    return any(c.dep_ in {"aux", "mark"} and c.lower_ in PURPOSE_MARKERS for c in token.children)


def object_of(match: DutyMatch) -> str | None:
    """The object phrase of the duty; passives take their grammatical subject."""
    verb = match.verb
    if match.passive:
        subject = [c for c in match.anchor.children if c.dep_ == "nsubjpass"] or \
                  [c for c in conj_root(verb).children if c.dep_ == "nsubjpass"]
        return noun_phrase(subject[0]).text if subject else None
    skip = {c.i for c in verb.children if c.dep_ == "prt"}
    if action_of(match).count(" ") and verb.lemma_.lower() in word_list("light_verbs"):
        skip |= {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}  # "take the lead"
    tokens = [t for t in _right_material(verb) if t.i not in skip]
    if not tokens:
        shared = [c for c in verb.children if _is_coordinated_verb(c)]
        return object_of(DutyMatch(shared[0], match.modality, match.family, match.anchor)) if shared else None
    doc = verb.doc
    text = doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,;:")
    return text or None


def condition_of(match: DutyMatch) -> str | None:
    """An 'if / where / unless ...' clause attached to the duty or to the verb it is coordinated with."""
    for holder in (match.verb, conj_root(match.verb), match.anchor):
        for child in holder.children:
            if child.dep_ == "advcl" and child.left_edge.lower_ in CONDITION_MARKERS:
                return child.doc[child.left_edge.i:child.right_edge.i + 1].text.strip(" ,")
    return None


def extent(match: DutyMatch, subject: Span | None) -> tuple[int, int]:
    """Token range [start, end) of the duty clause: modal or subject, verb, and its own material."""
    verb = match.verb
    start = verb.i
    while start > 0 and verb.doc[start - 1].head == verb and _opens_verb_group(verb.doc[start - 1]):
        start -= 1  # "vigorously apply", "timely study", "or be set at differential rates"
    # "..., and agencies shall incorporate"; one whose modal is no cue ("shall develop X and will
    # publish it") starts at that modal, which took the duty's modality from the verb before it
    own_modal = any(c.tag_ == "MD" for c in verb.children) and match.anchor == verb
    if match.family in {"modal", "responsibility"} and match.anchor.i <= verb.i and (conj_root(verb) == verb or own_modal):
        auxiliaries = [c.i for c in match.anchor.children if c.dep_ in {"aux", "auxpass", "neg"}]
        if match.anchor != verb:
            auxiliaries.append(match.anchor.i)
        subjects = _nearest_subjects([c for c in match.anchor.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i
                                      and not _is_a_titles_year(c)])
        misparsed = _misparsed_subjects(match.anchor)
        if (lost := _root_noun_of_lost_main_clause(match.anchor)) is not None:
            edges, heads = [lost.left_edge.i], [lost.i]
        elif subjects:  # "..., and membership of the organisation should be open": its own subject
            edges, heads = [_past_stray_complement(c) for c in subjects], [subjects[-1].i]
        elif subject is not None and subject.end <= verb.i and not _inside_any(subject, misparsed) \
                and conj_root(verb) == verb:  # "..., may hold hearings": the shared subject is the first clause's
            edges, heads = [subject.start], [subject.root.i]
        else:  # no owner named before the verb, or one inside the subject the parser made a clause
            edges = [_after_opening_adverb(c) for c in misparsed]
            heads = edges[:1]
        # a caption's colon stands before the subject's head word, though a parse may hang it on the subject
        start = _after_lead_in(verb.doc, min([start] + auxiliaries + edges), min(auxiliaries + heads, default=verb.i))
        start = _with_fronted_phrase(match.anchor, start)
    start = _after_item_marker(verb.doc, start, verb.i)
    material = _material(verb)
    while material and material[-1].is_punct and material[-1].text in {".", ",", ";", ":"}:
        material.pop()  # a clause taken in whole brings its full stop
    end = (material[-1].i if material else verb.i) + 1
    return _with_opening_quote(verb.doc, start, end), end


def _is_a_titles_year(subject: Token) -> bool:
    """"… required by the Companies Act, 2013 shall be made in the Notes": a bare year after a
    comma closes a title; the subject before it was cut off (here by a page foot), so the span
    starts at the modal."""
    return subject.like_num and subject.left_edge == subject == subject.right_edge and subject.i > 0 \
        and subject.nbor(-1).text == ","


def _nearest_subjects(subjects: list[Token]) -> list[Token]:
    """A verb's subjects, without a condition's a comma sets apart before the last: in "Where a planning
    application conflicts with the plan, permission should not be granted" the parser read
    'conflicts' as a noun and the condition as a second subject."""
    if len(subjects) < 2:
        return subjects
    first, last = subjects[0], subjects[-1]
    opener = first.doc[first.left_edge.i - 1] if first.left_edge.i > 0 else None
    between = last.doc[first.right_edge.i + 1:last.left_edge.i]
    in_condition = opener is not None and opener.lower_ in CONDITION_MARKERS
    return [last] if in_condition and any(t.text == "," for t in between) else subjects


def _past_stray_complement(subject: Token) -> int:
    """Where a subject starts when the parser hung the last word of a condition before it on it: in
    "Where impacts are unavoidable, suitable measures should be proposed" 'unavoidable' completes
    'are'; an adjective between a verb and a comma opens no subject."""
    doc, edge = subject.doc, subject.left_edge.i
    if 0 < edge < subject.i - 1 and doc[edge].pos_ == "ADJ" and doc[edge + 1].text == "," \
            and doc[edge - 1].pos_ in {"AUX", "VERB"}:
        return edge + 2
    return edge


def _with_fronted_phrase(anchor: Token, start: int) -> int:
    """A modal before its subject in a statement ("and only if suitable sites are not available
    should out of centre sites be considered", "nor should X be …") was moved there by the phrase
    that opens its clause; the span starts with that phrase, after the clause's boundary."""
    doc = anchor.doc
    modal = next((c for c in anchor.children if c.tag_ == "MD"), None)
    if modal is None or modal.i != start or anchor.sent.text.rstrip().endswith("?") \
            or not any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in doc[modal.i + 1:anchor.i]):
        return start  # no subject between the modal and its verb: no inversion
    opening = modal.i
    while opening > anchor.sent.start and doc[opening - 1].text not in {";", ":", "."}:
        opening -= 1
    while opening < modal.i and (doc[opening].is_space or doc[opening].text == ","
                                 or doc[opening].lower_ in {"and", "or", "but"}):
        opening += 1
    first, second = doc[opening], doc[opening + 1] if opening + 1 < len(doc) else doc[opening]
    inverts = first.lower_ in _INVERTING_OPENERS or (first.pos_ == "ADP" and second.lower_ == "no")
    return opening if inverts else start


# Words that open a phrase putting the modal before its subject: "only if …", "nor", "under no circumstances".
_INVERTING_OPENERS = {"only", "nor", "neither", "never", "not", "rarely", "seldom", "hardly"}


def _opens_verb_group(token: Token) -> bool:
    """An adverb or an auxiliary of the verb standing right before it: a coordinated verb's own
    passive 'be' or negation ("may be set as a single rate or be set at …") belongs to its span."""
    return token.pos_ == "ADV" or token.dep_ in {"advmod", "amod", "npadvmod", "auxpass", "neg"} \
        or (token.dep_ == "aux" and token.lower_ != "to")


_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'"}


def _with_opening_quote(doc: Doc, start: int, end: int) -> int:
    """A span that closes a quotation opens it too: in '“Minority interests” shall be presented'
    the parser may hang the opening mark on the verb, leaving the subject's closing mark alone."""
    if start == 0 or (closing := _QUOTE_PAIRS.get(doc[start - 1].text)) is None:
        return start
    opening, inside = doc[start - 1].text, [t.text for t in doc[start:end]]
    if opening == closing:  # a straight quote: the span holds an odd number of them
        return start - 1 if inside.count(closing) % 2 else start
    return start - 1 if inside.count(closing) > inside.count(opening) else start


def _material(verb: Token) -> list[Token]:
    """The verb's own material, and, when it ends on a stranded preposition ("contribute to [and
    enhance X]", "preventing development from contributing to, [being put at risk from, or being
    affected by, pollution]"), what it shares with the verb coordinated with it."""
    material = _right_material(verb, keep_purpose=True)
    words = [token for token in material if not token.is_punct]
    if not words or _is_stranded_preposition(words[-1]):
        material += _shared_material(verb)
    return material


def _is_stranded_preposition(token: Token) -> bool:
    """A preposition whose object is shared with a verb after it: 'contribute to and enhance X'."""
    return token.dep_ == "prep" and all(child.is_punct for child in token.children)


def _inside_any(phrase: Span, clauses: list[Token]) -> bool:
    """The phrase lies within one of the clauses ("in which any director is a partner" of a subject)."""
    return any(c.left_edge.i <= phrase.start and phrase.end <= c.right_edge.i + 1 for c in clauses)


def _root_noun_of_lost_main_clause(anchor: Token) -> Token | None:
    """The noun the parser made the sentence's root when it read the modal's own clause as a
    subordinate one: in "Conditions that are required to be discharged before development commences
    should be avoided" it took 'commences' for a noun and gave 'before' to 'avoided'. A modal verb
    with a subordinating mark under a verbless root is the main verb; the root's phrase, its subject."""
    root = anchor.sent.root
    if anchor.dep_ == "advcl" and root.pos_ in {"NOUN", "PROPN"} and root.i < anchor.i \
            and any(c.dep_ == "mark" for c in anchor.children) and any(c.tag_ == "MD" for c in anchor.children):
        return root
    return None


def _misparsed_subjects(anchor: Token) -> list[Token]:
    """A long subject the parser hung on the modal's verb as a clause ("the period for which the money
    has been pending ... along with the reason ... shall be disclosed" made 'pending' a ccomp): what
    is to be done is in it, so the span keeps it."""
    return [c for c in anchor.lefts if c.dep_ in {"ccomp", "csubj", "csubjpass", "dep"}]


def _after_opening_adverb(clause: Token) -> int:
    """Where a clause's words begin after a sentence adverb ("Further, the period ...")."""
    start = clause.left_edge.i
    while start < clause.i and clause.doc[start].pos_ in {"ADV", "PUNCT", "CCONJ"}:
        start += 1
    return start


def _shared_material(verb: Token) -> list[Token]:
    """What a verb with nothing after it shares with the verb coordinated with it: "should maintain
    or have access to a record", "be sensitively located and designed to avoid harm" act on one
    object, so the first verb's span runs to the second's end. A verb with a subject or modal of its
    own ("X shall comply, and Y shall report it") heads a clause of its own and shares nothing."""
    for child in verb.rights:
        if _is_coordinated_verb(child):
            if any(c.dep_ in {"nsubj", "nsubjpass"} or c.tag_ == "MD" for c in child.children):
                return []
            material = _material(child)
            return [child, *material] if material else []
    return []


def _after_item_marker(doc: Doc, start: int, verb: int) -> int:
    """A span starts after an item marker that stands between its start and its verb at a clause
    boundary ("; and d) development ... should be supported", "which should: a) demonstrate",
    "(iii) Debts due by directors ... should be stated"), or a letter or number with a full stop that
    opens its sentence ("V. Where ... there shall be indicated", "J. Where ..."). A marker inside a
    noun phrase ("the bodies in paragraph (a) shall report") is a reference and stays."""
    if start < verb - 1 and _opens_with_a_dotted_marker(doc[start]):
        return start + 1
    for i in range(verb - 1, start, -1):
        label = i - 1
        if doc[i].text != ")" or not (doc[label].text.isalnum() and len(doc[label].text) <= 4):
            continue
        opening = label - 1 if label > 0 and doc[label - 1].text == "(" else label
        before = doc[opening - 1] if opening > 0 else None
        if opening > start and before is not None and _open_lead_in(doc, before.i - before.is_space):
            continue  # "Substantial harm to or loss of:\na) grade II listed buildings … should be exceptional"
        if opening <= start or before is None or before.is_space or before.text in {";", ":", "and", "or"}:
            return i + 1
    return start


def _opens_with_a_dotted_marker(token: Token) -> bool:
    """"V." or "J." first in its sentence and followed by a word that is no name ("J. Smith shall")."""
    return token.i == token.sent.start and token.text.endswith(".") \
        and ITEM_MARKER.fullmatch(token.text) is not None and token.nbor().pos_ != "PROPN"


def _after_lead_in(doc: Doc, start: int, lead: int) -> int:
    """A span does not take in a caption before a colon ahead of its subject or modal: "Note:— Broad
    heads shall be decided", "Other Financial Liabilities: Other Financial liabilities shall be ...".
    A colon after the modal ("should: a) encourage ...") stays."""
    colons = [i for i in range(start, lead) if doc[i].text.rstrip("—–-").endswith(":") and not _open_lead_in(doc, i)]
    return colons[-1] + 1 if colons else start  # ":", ":—", "):"


def _open_lead_in(doc: Doc, colon: int) -> bool:
    """A colon after a preposition, coordinator or article ("Substantial harm to or loss of: a) …")
    opens no caption: the words after it complete the phrase before it."""
    return 0 < colon < len(doc) and doc[colon].text == ":" and doc[colon - 1].pos_ in {"ADP", "CCONJ", "DET"}


def balanced_end(doc: Doc, verb: int, end: int) -> int:
    """A span ends inside the bracket or table cell its verb stands in. "reallocate the land ... (or,
    if appropriate, deallocate a site ...)" ends before "(or", whose verb is a duty of its own; that
    inner duty ends before its ")"; "Develop a national strategy | 2025" ends before the "|"; "used
    where the space is: a) close to ...; b) ..." ends before the colon that opens the items."""
    unclosed: list[int] = []
    edge = None
    for i in range(verb + 1, end):
        if doc[i].text == "(":
            unclosed.append(i)
        elif doc[i].text == ")" and unclosed:
            unclosed.pop()
        elif doc[i].text in {")", CELL_MARK} or _opens_item_list(doc, i):
            edge = i
            break
    if unclosed:
        edge = unclosed[0]
    if edge is None:  # no bracket or cell to close, only a lead-in's dash or a stray comma to leave out
        while end > verb + 1 and (doc[end - 1].text in _TRAILING_MARKS or doc[end - 1].pos_ == "CCONJ"):
            end -= 1
        return end
    while edge > verb + 1 and doc[edge - 1].is_punct:
        edge -= 1
    return edge


def stranded_items_end(verb: Token, end: int) -> int:
    """The end of a duty's span past the last items of its object list that the parser hung
    elsewhere: in "set out the policies, the priorities and the sites" it may coordinate 'sites'
    with the verb, in "shall publish the plan, and the budget" with the subject across the verb,
    and in "support X by creating jobs, protecting health, and building resilience" the gerund
    with the verb. Each such item after a comma or 'and' goes on the span."""
    doc, given = verb.doc, end
    while end > verb.i + 1 and (doc[end - 1].text == "," or doc[end - 1].pos_ == "CCONJ"):
        end -= 1  # the comma or 'and' before the item may have come with the object: "X, avoid Y"
    while (opening := _phrase_opening_at(doc, end)) is not None:
        head = doc[opening]
        while head.head != head and head.head.left_edge.i >= opening:
            head = head.head
        if not _is_stranded_item(verb, head):
            break
        end = head.right_edge.i + 1
    return max(end, given)


def _phrase_opening_at(doc: Doc, i: int) -> int | None:
    """Where the phrase after a comma and/or a coordinator at `i` opens ("…, and the budget")."""
    start = i
    while i < len(doc) and i - start < 2 and (doc[i].text == "," or doc[i].lower_ in {"and", "or"}):
        i += 1
    return i if start < i < len(doc) and not doc[i].is_punct else None


def _is_stranded_item(verb: Token, head: Token) -> bool:
    """A noun coordinated with a verb of the duty's chain, or with the subject before the verb; a
    gerund coordinated with a verb that is none; a second "to" infinitive of the verb; a bare verb
    the parser coordinated with a finite one though it goes on the duty's infinitive ("responsible
    for guiding enterprises to increase X, gather Y, and boost Z"); or a finite verb it coordinated
    with the duty's verb though it goes on a relative clause: each with no subject, auxiliary or
    modal of its own."""
    if head.pos_ == "ADP" and head.dep_ in {"prep", "conj"} and head.head.pos_ == "VERB" \
            and (conj_root(head.head) == conj_root(verb) or head.head in verb.ancestors):
        # "… including opportunities for avoiding X, and for net gains": a second phrase of the same
        # preposition, which the parser hung on the first verb of the duty's coordination
        return any(t.lower_ == head.lower_ and t.dep_ == "prep" for t in verb.doc[verb.i:head.i - 1])
    if head.dep_ not in {"conj", "appos"}:
        return False
    attached = head.head
    in_chain = attached.pos_ in {"VERB", "AUX"} and conj_root(attached) == conj_root(verb) and head.dep_ == "conj"
    if head.pos_ in {"NOUN", "PROPN", "NUM"}:
        on_subject = attached.dep_ in {"nsubj", "nsubjpass"} and attached.i < verb.i
        return in_chain or on_subject
    if in_chain and _completes_condition(verb, head):
        return True
    own = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} or c.tag_ == "MD"]
    if own and all(c.lower_ == "to" for c in own):  # "utilized to increase X, and to promote Y"
        return in_chain and _has_infinitive_before(attached, head)
    if (in_chain or attached in verb.ancestors) and _continues_subordinate_clause(verb, head):
        return True
    if own:
        return False
    if head.tag_ in {"VBD", "VBN"} and in_chain and verb.tag_ in {"VB", "VBP"} and head.i >= 2 \
            and head.nbor(-1).pos_ == "CCONJ" and head.nbor(-2).pos_ == "ADJ":
        return True  # "in active and abandoned coalfield areas": a participle coordinated with an adjective
    if head.tag_ == "VBG":  # "realising X, and changing transport technology": a noun phrase
        return in_chain and (attached.tag_ != "VBG" or is_participle_adjective(head))
    return head.tag_ == "VB" and (_continues_infinitive(verb, head) or continues_infinitive_series(attached, head))


def _has_infinitive_before(verb: Token, item: Token) -> bool:
    """The verb has a 'to' infinitive of its own before the item: the item is a second one."""
    return any(c.dep_ in {"xcomp", "advcl"} and c.i < item.i and any(g.lower_ == "to" for g in c.children)
               for c in verb.children)


def _continues_infinitive(verb: Token, bare: Token) -> bool:
    """A base-form verb coordinated with a finite verb without a modal ("are ... gather"), after a
    'to' infinitive the duty's verb governs: it is one more item of that infinitive."""
    finite = bare.head
    if finite.tag_ not in {"VBZ", "VBP", "VBD"} or any(c.tag_ == "MD" for c in finite.children):
        return False
    return any(t.tag_ == "VB" and any(c.lower_ == "to" for c in t.children) and verb in t.ancestors
               for t in verb.doc[verb.i + 1:bare.i])


def _third_person(verb: Token) -> bool:
    """'allows', 'does not have': the verb's form, or its auxiliary's, agrees with a third-person
    subject only."""
    return verb.tag_ == "VBZ" or any(c.dep_ == "aux" and c.tag_ == "VBZ" for c in verb.children)


def _continues_subordinate_clause(verb: Token, finite: Token) -> bool:
    """A third-person verb with no subject of its own that the parser coordinated with a base-form
    verb of the duty's chain or above it: its form agrees with a clause inside the duty, not with
    the modal's verb, so it is one more predicate of that clause, a relative clause's 'that'
    ("promote X … in a way that can respond to Y, allows Z and reflects W") or a that-clause's
    subject ("ensure that development is sensitive to X, does not have Y and exploits Z")."""
    if not _third_person(finite) or finite.head.tag_ != "VB" or \
            any(c.dep_ in {"nsubj", "nsubjpass"} or c.tag_ == "MD" for c in finite.children):
        return False
    clauses = [t for t in verb.doc[verb.i + 1:finite.i] if verb in t.ancestors]
    return any(t.dep_ == "relcl" or (t.dep_ == "ccomp" and _third_person(t)) for t in clauses)


# Dependencies through which a verb sits inside a noun phrase or its modifiers, not heading a clause.
_EMBEDDING_DEPS = {"relcl", "acl", "advcl", "pcomp", "pobj", "prep", "amod", "compound", "nmod", "appos", "poss", "npadvmod"}


def is_verbless_item(span: Span) -> bool:
    """A clause that names things and directs nothing ("procedures for auditing declarations",
    "75 percent by fiscal year 2030"): its roots are nouns or numbers without a subject, and any
    verb in it sits inside a noun phrase ("for auditing", "the data they produce")."""
    roots = [token for token in span if token.dep_ == "ROOT"]
    return bool(roots) and all(root.pos_ in {"NOUN", "PROPN", "NUM"} for root in roots) \
        and not any(child.dep_ in {"nsubj", "nsubjpass", "aux"} for root in roots for child in root.children) \
        and all(_embedded(token) for token in span if token.pos_ in {"VERB", "AUX"})


def _embedded(token: Token) -> bool:
    while token.head != token:
        if token.dep_ in _EMBEDDING_DEPS:
            return True
        token = token.head
    return False


def before_next_clause(verb: Token, end: int) -> int:
    """Where a span ends when the parser hung the next clause's subject on its last phrase: in
    "shall be classified and presented under X as Y and the disclosure requirements ... shall be
    applicable ...", 'requirements' was read as a second 'as' object, though a modal verb
    coordinated with this one and without a subject of its own follows. The span ends before the
    'and' that opens that subject."""
    doc = verb.doc
    modal = next((t for t in doc[end:verb.sent.end] if t.tag_ == "MD"), None)
    if modal is None:
        return end
    clause = modal.head
    if clause.dep_ != "conj" or conj_root(clause) != conj_root(verb) or \
            any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
        return end
    if modal.i > 0 and modal.nbor(-1).pos_ == "CCONJ":
        return end  # "tailored to the circumstances and scale of change, and should allow X": its own 'and'
    for i in range(end - 1, verb.i, -1):
        if doc[i].pos_ in {"VERB", "AUX"}:
            break
        if doc[i].pos_ == "CCONJ":
            return i
    return end


def _opens_item_list(doc: Doc, i: int) -> bool:
    """A colon, or a dash set for one, followed by an item marker ("is: a) close to", "as: (i)",
    "in the Notes: A.", "classified into- (A) Items that …")."""
    return (doc[i].text.endswith(":") or doc[i].text in LEAD_IN_MARKS) \
        and ITEM_MARKER.match(doc.text, doc[i].idx + len(doc[i])) is not None


def actor_phrases(clause: Span) -> list[Span]:
    """Organisation names and noun phrases headed by a body or role noun ('the employers',
    'the SIPO Leading Party Members' Group'), wherever they stand in the clause."""
    phrases = [phrase for phrase in (noun_phrase(chunk.root) for chunk in clause.noun_chunks if is_actor_noun(chunk.root))
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
