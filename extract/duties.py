"""Duty clauses of one parsed semicolon clause: which verbs are directives, and how binding.

A duty is one coordinated verb phrase of a directive. Four grammatical families are found:

* modal clauses: a verb governed by a modal auxiliary ("The Secretary shall submit ...") or a
  catenative cue ("agencies are encouraged to develop ...", "the system has to unify ...");
* imperatives: a subjectless base-form verb that opens a clause ("In accordance with X,
  improve ...", "(1) establish ...");
* responsibility statements: "X is responsible for coordinating ..." (each gerund a duty);
* gerund directives: a sentence with no finite verb, opened by a gerund ("Intensifying ...").

Each directive verb brings its coordinated verbs ("encourage and support X" is two duties).
Verbs of purpose clauses ("to encourage ..."), relative clauses and reported speech are not
duties. The approach follows textacy's subject-verb-object rules (dependency labels named once
as constants), extended with a positional rescue for verbs the small tagger mislabels.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from extract.lexicon import modal_cues, word_list
from extract.read.scars import CELL_SEPARATOR

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
PASSIVE_DEPS = {"nsubjpass", "auxpass"}
EMBEDDED_DEPS = {"relcl", "acl", "pcomp"}
CLAUSE_OPENERS = {",", ";", ":", "and", "or", "as well as", "then"}
LIST_MARKER_TAGS = {"LS", "-LRB-", "-RRB-", "NFP", ":"}
PERSONAL_PRONOUNS = {"we", "they", "it", "he", "she", "you", "i"}
QUESTION_WORDS = {"how", "why", "what", "which", "who", "whom", "whether"}  # 'sets out how X should be done'
CONDITION_MARKS = {"if", "where", "when", "unless", "whenever", "provided"}
ITEM_RELATIVES = {"which", "who", "whom", "whose"}  # "places which: a) promote …" describes the places
LEAD_IN_MARKS = {":", "-", "—", "–"}  # what ends a lead-in before its items: "as:", "as-", "into—"
STATEMENT_AUXILIARIES = {"will", "would", "can", "could", "might", "do", "does", "did"}
FINITE_TAGS = {"VBZ", "VBP", "VBD"}
HYPOTHETICAL_AUXILIARIES = {"would", "could", "might"}  # a clause with one states what may be, directs nothing
NOMINAL_POS = {"NOUN", "PROPN"}
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
SERIES_DEPS = {"conj", "cc", "punct", "appos"}
AUXILIARY_DEPS = {"aux", "auxpass"}
NOUN_ROLE_DEPS = {"attr", "pobj", "nsubj", "nsubjpass", "appos"}
REFERENCE_VERBS = {"see", "cf", "refer"}
OBJECT_DEPS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative"}
CELL_MARK = CELL_SEPARATOR.strip()  # the token that parts the cells of a table row
_TERM_WORDS = 4  # at most this many words of a glossary term before its colon
_CELL_CAPTION_WORDS = 3


@dataclass
class DutyMatch:
    """A directive verb found in a clause, before owners and offsets are resolved."""

    verb: Token
    modality: str
    family: str  # modal | imperative | responsibility | gerund
    anchor: Token  # the token whose subject owns the duty (the verb, or the cue that governs it)
    passive: bool = False


def _modality_from_aux(verb: Token) -> str | None:
    cues = modal_cues()["auxiliaries"]
    for child in verb.children:
        if child.dep_ in {"aux", "auxpass"} and child.lemma_.lower() in cues:
            cue = cues[child.lemma_.lower()]
            negated = any(c.dep_ == "neg" for c in verb.children)
            return cue["negated"] if negated else cue["modality"]
    return None


def modality_of_modal(modal: Token) -> str:
    """The modality a modal verb gives ("should" → recommendation, "may not" → prohibition)."""
    cue = modal_cues()["auxiliaries"].get(modal.lemma_.lower(), {"modality": "obligation", "negated": "prohibition"})
    negated = any(c.dep_ == "neg" for c in modal.children) or any(c.dep_ == "neg" for c in modal.head.children)
    return cue["negated"] if negated else cue["modality"]


def _stranded_modal_verbs(modal: Token) -> list[Token]:
    """Verbs of a modal the parser left as the root: "the controller shall without undue delay
    and, where feasible, ..., notify the breach" hangs 'notify' on 'shall'."""
    return [c for c in modal.children if c.dep_ in {"conj", "xcomp", "ccomp", "dep"} and c.tag_ in {"VB", "VBP"}]


def _in_reported_content(verb: Token) -> bool:
    """A modal inside a 'that' clause or a question clause of a verb that neither directs nor
    obliges ("unless the authority decides that the plan should not be made", "guidance sets out
    how these policies should be implemented") reports what is so; it is not a duty. "shall
    ensure that ... shall" still is one."""
    token = _conj_root(verb)
    head = token.head
    marked = any(child.dep_ == "mark" and child.lower_ in {"that", "whether"} for child in token.children) \
        or token.left_edge.lower_ in QUESTION_WORDS
    return token.dep_ == "ccomp" and marked and head.lemma_.lower() not in word_list("directing_content_verbs")


def closes_reported_clause(verb: Token) -> bool:
    """'set out how digital infrastructure, providing access ..., is expected to be delivered': the
    parser may coordinate a how-clause's own verb with the verb that reports it. A coordinated verb
    with a finite auxiliary and no subject, after a question word, is that clause's verb."""
    if verb.dep_ != "conj" or _has_subject(verb) or not any(
            c.dep_ in AUXILIARY_DEPS and c.tag_ in FINITE_TAGS for c in verb.children):
        return False
    return any(t.lower_ in QUESTION_WORDS for t in verb.doc[verb.head.i + 1:verb.i])


def _main_verb_past_condition(verb: Token) -> Token | None:
    """The verb a modal belongs to when the parser gave it to the verb of a condition set between
    them: in "They should also, where they think this would be beneficial, encourage any
    applicants …" 'should' (and 'They') went to 'think', and 'encourage' was left the subjectless
    root. The duty is the later verb's; the condition's verb is none."""
    modal = next((c for c in verb.children if c.tag_ == "MD"), None)
    main = verb.head
    if modal is None or verb.dep_ not in {"ccomp", "advcl"} or main.i < verb.i or main.tag_ != "VB" \
            or any(c.dep_ in SUBJECT_DEPS or c.tag_ == "MD" for c in main.children):
        return None
    opener = next((c for c in verb.children if c.lower_ in CONDITION_MARKS and modal.i < c.i < verb.i), None)
    return main if opener is not None and opener.i > 0 and verb.doc[opener.i - 1].text == "," else None


def _in_condition(verb: Token) -> bool:
    """A modal inside a condition ("Where processing is to be carried out on behalf of ...", or
    one opened by an inverted 'should': "Should the applicant fail to respond, the authority may
    refuse …") sets the scene for a duty; it is not one."""
    token = verb
    while token.dep_ in {"conj", "xcomp"} and token.head != token:
        token = token.head
    opening = token.left_edge
    inverted = opening.lower_ == "should" and opening.head == token and opening.i < token.head.i
    return token.dep_ == "advcl" and (opening.lower_ in CONDITION_MARKS or inverted)


def _in_prepositional_relative(verb: Token) -> bool:
    """A modal in a relative clause opened by a preposition ("criteria against which every
    decision should be judged", "sites for which the Golden Rules should apply", "orders through
    which councils can grant permission") says what its noun is for; the duty, if any, is the
    sentence's own. Set off by a comma ("…, after which the system must be restored") the clause
    goes on the sentence and may direct."""
    clause = _conj_root(verb)
    opening = next((child for child in clause.children if child.dep_ == "prep" and child.i < clause.i
                    and any(o.lower_ in {"which", "whom"} for o in child.children)), None)
    return clause.dep_ == "relcl" and opening is not None and opening.i > 0 and opening.nbor(-1).text != ","


def _in_relative_clause(verb: Token) -> bool:
    """The verb's coordination is a relative clause, or one the parser left as a root with a
    relative pronoun for subject ("installations, that require X, or need to be located in Y")."""
    clause = _conj_root(verb)
    return clause.dep_ in {"relcl", "acl"} or has_relative_subject(clause)


def has_relative_subject(verb: Token) -> bool:
    """The verb's subject is a relative pronoun: 'that', 'which', 'who'."""
    return any(c.dep_ in SUBJECT_DEPS and c.tag_ in {"WDT", "WP"} for c in verb.children)


def is_that_clause(verb: Token) -> bool:
    """The verb heads a clause opened by the conjunction 'that'."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def is_cue_modal(token: Token) -> bool:
    """A modal of `lexicon/modal_cues.json` ('shall', 'should', 'may'), not 'will', 'would' or 'can'."""
    return token.tag_ == "MD" and token.lemma_.lower() in modal_cues()["auxiliaries"]


def has_to_marker(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _cue_verb(verb: Token) -> Token | None:
    """The verb that may govern `verb` as a catenative cue: its head for 'to'-complements, and for
    verbs the parser coordinated with 'has to' / 'need to' ('has to, under X, develop ...')."""
    if verb.dep_ == "xcomp" and has_to_marker(verb):
        return verb.head
    root = _conj_root(verb)
    if root != verb and root.lemma_.lower() in {"have", "need"} and root.i + 1 < len(root.doc) \
            and root.nbor(1).lower_ == "to" and not _has_subject(verb):
        return root
    return None


def _catenative_modality(verb: Token) -> tuple[str, Token] | None:
    """'has to develop', 'are encouraged to develop', 'make efforts to ...': modality and cue verb."""
    head = _cue_verb(verb)
    if head is None or head == verb:
        return None
    lemma = head.lemma_.lower()
    if lemma in word_list("catenative_verbs") and _modality_from_aux(head):
        return None  # 'shall strive to comply': one duty, on the modal verb
    if _completes_an_adjective_of_a_thing(head, verb):
        return None
    passive = any(c.dep_ in PASSIVE_DEPS for c in head.children)
    objects = [c.lemma_.lower().rstrip("s") for c in head.children if c.dep_ == "dobj"]
    keys = [f"{lemma} to"]
    if passive:
        keys[:0] = [f"be {head.lower_} to", f"be {lemma} to"]
    keys += [f"{lemma} {obj} to" for obj in objects]
    catenatives = modal_cues()["catenatives"]
    for key in keys:
        if key in catenatives:
            negated = any(c.dep_ == "neg" for c in head.children)
            cue = catenatives[key]
            return (cue["negated"] if negated else cue["modality"]), head
    return None


def _completes_an_adjective_of_a_thing(head: Token, verb: Token) -> bool:
    """"Effective enforcement is important to maintain confidence": the infinitive completes the
    adjective and says what the subject serves, so it is no "be to" duty. With "it" ("It is
    necessary to strengthen X") the sentence directs, and stays one."""
    adjective = any(c.dep_ == "acomp" and c.i < verb.i for c in head.children)
    return adjective and not any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in head.children)


def _infinitive_on_chain(token: Token, stop: Token | None = None) -> Token | None:
    """The nearest 'to' infinitive up the token's coordination chain, the token itself included,
    short of `stop`: in "should look for opportunities … to enhance or better reveal their
    significance" the parser coordinated 'to enhance' with 'look', and 'reveal' with 'enhance'."""
    while token != stop:
        if has_to_marker(token):
            return token
        if token.dep_ != "conj" or token.head == token:
            return None
        token = token.head
    return None


def _conj_root(token: Token) -> Token:
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def _is_statement(verb: Token) -> bool:
    """A main verb with its own subject, or any verb with a non-modal auxiliary ('will', 'can'):
    it states, not directs. A catenative cue ('has to') is not a statement."""
    if _modality_from_aux(verb) or any(c.dep_ == "xcomp" and has_to_marker(c) and _catenative_modality(c)
                                       for c in verb.children):
        return False  # not 'can help to reduce X, and improve Y', which states what a thing can do
    if any(c.dep_ == "aux" and c.lower_ != "to" for c in verb.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(s.lower_ in PERSONAL_PRONOUNS for s in subjects) or (verb.dep_ in {"ROOT", "conj"} and bool(subjects))


def _in_purpose(verb: Token) -> bool:
    """True for verbs of a purpose clause ('to encourage them', '... and drive X' after it, '... to
    enhance or better reveal X' when the parser coordinated 'to enhance' with the duty's verb)."""
    token = _infinitive_on_chain(verb)
    if token is None:
        return False
    catenative = _catenative_modality(token)
    return catenative is None or _names_a_purpose(catenative[1])  # "whose objective is to conserve or enhance X"


def _in_purpose_or_embedded(verb: Token) -> bool:
    """True for verbs inside a purpose clause, a relative clause and the like."""
    token = _conj_root(verb)
    if _in_purpose(verb):
        return True
    if any(c.dep_ == "mark" and c.lower_ in {"that", "which", "whether", "because", "as", "so"}
           for c in token.children):
        return True
    if token.dep_ == "acl" and token.tag_ == "VB" and not any(c.dep_ == "aux" for c in token.children):
        return False  # a bare base verb cannot modify a noun: "ways of X, build and perfect Y" is a slip
    return token.dep_ in EMBEDDED_DEPS and _modality_from_aux(token) is None


def _is_base_verb(token: Token) -> bool:
    """A base-form verb, or a directive verb the tagger mislabelled at a clause opening."""
    if token.tag_ in {"VB", "VBP"} and token.pos_ in {"VERB", "AUX"}:
        return token.pos_ == "VERB" or token.lower_ == token.lemma_.lower()  # 'be', not 'are'
    if token.tag_ in {"VBD", "VBN"} and token.lower_ == token.lemma_.lower():
        # 'set', 'put': the past form is the base form; with nothing acted on ("Set out in Regulation
        # 122(2) of …", a footnote citing its source) it is the participle
        return any(c.dep_ in {"dobj", "ccomp", "xcomp", "dative"} for c in token.children)
    if token.lower_ not in word_list("directive_verbs") or token.tag_ in {"VBD", "VBN", "VBZ", "VBG"}:
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in {"and", "or"} and token.i + 2 < len(token.doc):
        following = token.nbor(2)  # 'complete and perfect the goals'
        if following.text == "," and _starts_clause(token):
            return True  # 'issue and, as needed, update guidance'
    if following is not None and following.text == "," and _starts_clause(token):
        return True  # '(c) establish, as appropriate, committees ...'
    return following is not None and following.lower_ not in {"of", "'s", "is", "are", "was"} \
        and following.pos_ in {"DET", "ADJ", "NOUN", "PROPN", "ADP", "NUM", "PRON", "ADV", "PART", "VERB"}


def _starts_clause(token: Token) -> bool:
    """True when only list markers, punctuation and adverbs stand before the token."""
    return all(t.is_punct or t.pos_ in {"ADV", "X", "NUM", "CCONJ"} or t.tag_ in LIST_MARKER_TAGS
               or t.lower_ in {"timely", "also"}
               for t in token.doc[:token.i])


def _imperative_shape(token: Token) -> bool:
    """A subjectless directive verb: at the start of a clause anything goes but a purpose 'to';
    after a comma the verb must not have a subject of its own nor sit in a relative clause.
    A 'subject' left of the comma before a base-form verb is a parser slip, not a subject."""
    if token.dep_ in {"aux", "auxpass"} or _in_purpose(token):
        return False
    if _starts_clause(token):
        return True
    if token.is_title:
        return False  # mid-sentence capitals: a title such as "(Equity and Support for Communities)"
    if token.dep_ == "conj" and _is_statement(_conj_root(token)):
        return False  # 'They are X, and play Y', 'will protect X, drive Y': a statement's verbs
    if token.dep_ == "conj" and (root := _conj_root(token)).tag_ == "VBP" and _has_subject(root):
        return False  # 'ensuring patterns of movement are integral to X, and contribute to Y': it agrees with 'are'
    if token.dep_ == "conj" and token.head.pos_ in NOMINAL_POS and \
            any(a.dep_ in {"relcl", "acl"} for a in token.head.ancestors):
        return False  # 'open spaces that reflect needs and support health': the relative clause's verb
    before = token.nbor(-1)
    if before.pos_ == "CCONJ" and token.i >= 2:
        before = token.nbor(-2)  # "issue guidance, ..., or revise existing guidance"
    slipped = before.text == "," and not any(c.dep_ == "aux" for c in token.children)
    return (slipped or not _has_subject(token)) and not _in_purpose_or_embedded(token) \
        and _verbless_modal_before(token) is None


def _verbless_modal_before(token: Token) -> Token | None:
    """A modal the parser left without its verb, set off from it by an aside: in "the items if they
    could, individually or collectively, influence the decisions" 'influence' is the verb of
    'could', not a command after a comma."""
    i = token.i - 1
    while i >= token.sent.start and (token.doc[i].is_punct or token.doc[i].pos_ in {"ADV", "CCONJ"}):
        i -= 1
    before = token.doc[i] if i >= token.sent.start else None
    return before if before is not None and before.tag_ == "MD" and before.dep_ != "aux" else None


def _opens_clause(token: Token) -> bool:
    """True when only markers, adverbs or a clause boundary stand before the token."""
    i = token.i - 1
    while i >= 0 and (token.doc[i].pos_ == "ADV" or token.doc[i].lower_ in {"timely", "also"}):
        i -= 1
    if i < 0:
        return True
    before = token.doc[i]
    if before.lower_ in CLAUSE_OPENERS or before.tag_ in LIST_MARKER_TAGS:
        return True
    return before.text in {")", "."} and i <= 3  # "(a)", "1." list markers


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _is_fixed_participle(token: Token) -> bool:
    """'taking into account', 'including', 'according to': participles that work as prepositions."""
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return token.lower_ in {"including", "according", "regarding", "concerning", "excluding"} or \
        (token.lemma_ == "take" and following == "into")


def _is_participle_adjunct(token: Token) -> bool:
    """"c) making provision for X in their plans, taking account of the advice of Y": a participle
    the parser hung on the gerund before it, after its object and a comma, says how that item is done."""
    head = token.head
    series = [c for c in (*head.children, *token.children) if c.dep_ in {"conj", "advcl"} and c != token]
    return token.dep_ == "advcl" and head.tag_ == "VBG" and head.dep_ == "ROOT" and head.i < token.i \
        and token.nbor(-1).text == "," and any(c.dep_ == "dobj" and c.i < token.i for c in head.children) \
        and not series  # not "identifying, assessing and …", nor one of a series of gerunds


def _is_bracketed_aside(token: Token) -> bool:
    """"using opportunities to reduce flooding, (making as much use as possible of natural
    techniques)": a gerund opening a bracket says how the verb it hangs on is done."""
    return token.i > 0 and token.nbor(-1).text == "(" and token.head != token and token.head.pos_ == "VERB"


def is_participle_adjective(token: Token) -> bool:
    """"changing transport technology": a participle of `lexicon/participle_adjectives.txt` whose
    object has no article or possessive names a thing; the parser read it as a gerund with its object."""
    if token.tag_ != "VBG" or token.lower_ not in word_list("participle_adjectives"):
        return False
    noun = next((c for c in token.children if c.dep_ == "dobj"), None)
    return noun is not None and not any(c.dep_ in {"det", "poss"} for c in noun.children) \
        and all(t.head == noun and t.dep_ in {"compound", "amod"} for t in token.doc[token.i + 1:noun.i])


def _opens_with_gerund(clause: Span) -> Token | None:
    """The gerund opening a verbless directive sentence ('Intensifying the publicity of ...')."""
    first = next((t for t in clause if not t.is_punct and t.tag_ not in LIST_MARKER_TAGS), None)
    if first is None or first.tag_ != "VBG" or first.dep_ != "ROOT" or _cites_a_title(clause, first):
        return None
    return first


def _cites_a_title(clause: Span, gerund: Token) -> bool:
    """'Transforming our World: the 2030 Agenda for Sustainable Development': a cited work's
    title and subtitle, told by a capitalised word inside the gerund's phrase before a colon
    and no verb after the colon."""
    colon = next((t for t in clause if t.text == ":" and t.i > gerund.i), None)
    if colon is None:
        return False
    capitalised = any(t.is_title for t in clause.doc[gerund.i + 1:colon.i])
    return capitalised and not any(t.pos_ in {"VERB", "AUX"} for t in clause.doc[colon.i + 1:clause.end])


def participle_lead_in(clause: Span) -> Token | None:
    """The modal of a lead-in that ends "shall be:" ("Personal data shall be:"), whose list items
    each open with a participle: "(a) processed lawfully", "(b) collected for ...", else None."""
    words = [t for t in clause if not t.is_space]
    if len(words) < 3 or words[-1].text not in {":", "—"} or words[-2].lower_ != "be" or words[-3].tag_ != "MD":
        return None
    return words[-3]


def descriptive_items_start(clause: Span) -> int | None:
    """Where the items of a lead-in that ends on a condition word or a relative pronoun begin
    ("An entity shall classify an asset as current when-", "… provided that:", "places which:
    a) promote social interaction", "… unless the following apply:"): those items are conditions or descriptions, not duties.
    The token index after its colon or dash, or None. "ensure that: (a) …" directs, so it is not one."""
    words = [t for t in clause if not t.is_space]
    for before, mark in zip(words, words[1:]):
        if mark.text not in LEAD_IN_MARKS or mark.i <= clause.start + 1:
            continue
        provided_that = before.lower_ == "that" and before.i > 0 and before.nbor(-1).lower_ == "provided"
        if before.lower_ in CONDITION_MARKS or before.lower_ in ITEM_RELATIVES or provided_that \
                or _infinitives_of_a_thing(before) \
                or (_in_a_condition(before) and _closes_a_line_or_clause(mark)):
            after = next((t.i for t in words if t.i > mark.i and t.text not in LEAD_IN_MARKS), clause.end)
            return after  # past a doubled mark too: "criteria:—"
    return None


def _infinitives_of_a_thing(to: Token) -> bool:
    """"support proposals to: a) use retail land …; b) make more effective use of sites": the items
    are what the thing is to do (`lexicon/thing_heads.txt`, `instrument_nouns.txt`), not duties."""
    if to.lower_ != "to" or to.i == 0 or to.nbor(-1).pos_ != "NOUN":
        return False
    noun = to.nbor(-1)
    lemma = noun.lemma_.lower()
    return any(lemma in word_list(name) for name in ("thing_heads", "instrument_nouns"))


def _closes_a_line_or_clause(mark: Token) -> bool:
    """A colon, or a dash with space or the line's end after it: not the hyphen of "decision-making"."""
    following = mark.nbor() if mark.i + 1 < len(mark.doc) else None
    return mark.text == ":" or bool(mark.whitespace_) or following is None or following.is_space


def _in_a_condition(word: Token) -> bool:
    """"… should avoid isolated homes unless one or more of the following circumstances apply:": the
    lead-in ends inside a condition set after what it conditions, so its items are the
    circumstances, not duties. A lead-in that opens with its condition ("When determining
    applications, authorities should:", "Where the authority considers …:") conditions its items,
    and a condition without a subject of its own ("shall provide where required- (a) …") is an
    aside: the items are what the verb asks for."""
    clause = next((t for t in (word, *word.ancestors) if t.dep_ == "advcl"), None)
    if clause is None or clause.left_edge.i < clause.head.i or not _has_subject(clause):
        return False
    markers = [clause.left_edge, *(c for c in clause.children if c.dep_ in {"mark", "advmod"})]
    return any(marker.lower_ in CONDITION_MARKS for marker in markers)


def opens_infinitive_list(clause: Span, matches: list[DutyMatch]) -> bool:
    """True when the clause leaves a list of infinitives open for the next semicolon clause.

    Either a statement with no duty that holds 'to V' ("we have an opportunity to create jobs;
    support a just transition; ..."), or a clause whose last verb is an infinitive complementing
    a noun ("in accordance with policies to combat the crisis; help businesses ...").
    """
    verbs = [t for t in clause if t.pos_ == "VERB"]
    if not verbs:
        return False
    last = _conj_root(verbs[-1])
    if has_to_marker(last) and last.head.pos_ in {"NOUN", "PROPN"}:
        return True
    return not matches and any(has_to_marker(v) for v in verbs)


def find_duties(clause: Span, *, gerund_mode: bool = False, continues_infinitives: bool = False,
                participle_modality: str | None = None, in_table: bool = False) -> list[DutyMatch]:
    """All duty verbs of one clause, in text order.

    `gerund_mode` carries a gerund directive across semicolons: once a sentence opens with
    "Intensifying ...", later clauses of it may open with gerunds too. `continues_infinitives`
    says the clause goes on a list of infinitives, so its opening bare verbs are not directives.
    `participle_modality` says the clause is an item of a "shall be:" lead-in, so a participle
    opening it ("(a) processed lawfully") is a passive duty of that modality. `in_table` says the
    clause is a cell of a table row, where a bare verb with nothing to act on is a column caption.
    """
    found: dict[int, DutyMatch] = {}
    purpose_end = _purpose_prefix_end(clause)
    words = [t for t in clause if not t.is_punct and t.tag_ not in LIST_MARKER_TAGS]
    # a caption such as "Scope" or "Review" on a line of its own, or a table cell ("Note No. |")
    lone_word = len(words) == 1 or (len(words) <= _CELL_CAPTION_WORDS and clause[-1:].text == CELL_MARK)

    def add(match: DutyMatch) -> None:
        if match.verb.i not in found:
            found[match.verb.i] = match
            for conj in _coordinated_verbs(match.verb):
                if _modality_from_aux(conj) and conj.i > match.verb.i:
                    continue  # "shall not use it and shall inform the provider": its own modal decides
                if _infinitive_on_chain(conj, stop=match.verb) is not None and not has_to_marker(match.verb):
                    continue  # "shall be used to increase X, and to promote Y": a purpose goes on
                found.setdefault(conj.i, DutyMatch(conj, match.modality, match.family, match.anchor,
                                                   match.passive or _is_passive(conj)))

    for token in clause:
        if token.pos_ not in {"VERB", "AUX", "NOUN", "ADJ", "PROPN", "ADV"}:
            continue
        modality = _modality_from_aux(token) if token.pos_ in {"VERB", "AUX"} else None
        if modality and (main := _main_verb_past_condition(token)) is not None:
            add(DutyMatch(main, modality, "modal", token, _is_passive(main)))
            continue
        if modality and not _in_condition(token) and not _in_reported_content(token) \
                and not _in_prepositional_relative(token):
            add(DutyMatch(token, modality, "modal", token, _is_passive(token)))
            continue
        if token.tag_ == "MD" and token.dep_ == "ROOT":
            for verb in _stranded_modal_verbs(token):
                add(DutyMatch(verb, modality_of_modal(token), "modal", token, _is_passive(verb)))
            continue
        catenative = _catenative_modality(token) if token.pos_ in {"VERB", "AUX"} else None
        if catenative and not _in_condition(token) and not _in_condition(catenative[1]) \
                and not closes_reported_clause(catenative[1]) and not _in_reported_content(catenative[1]) \
                and not _in_relative_clause(catenative[1]):  # "the procedures they need to go through"
            add(DutyMatch(token, catenative[0], "modal", catenative[1]))
            continue
        if token.lower_ == "responsible":
            for gerund in _responsibility_gerunds(token):
                add(DutyMatch(gerund, _modality_from_aux(token.head) or "obligation", "responsibility", token.head))
            continue
        if not lone_word and _is_base_verb(token) and _opens_clause(token) and _imperative_shape(token) \
                and token.i >= purpose_end \
                and not (continues_infinitives and _starts_clause(_conj_root(token))) \
                and not _continues_statement(token, found) and not _continues_statement(_conj_root(token), found) \
                and not _in_relative_series(token):
            add(DutyMatch(token, "obligation", "imperative", token))
    if participle_modality is not None and words and words[0].tag_ in {"VBN", "VBD"}:
        add(DutyMatch(words[0], participle_modality, "imperative", words[0], passive=True))
    for token in clause:
        if token.i not in found and _agreement_slip(token):
            earlier = [found[i] for i in sorted(found) if i < token.i]
            if earlier:
                add(DutyMatch(token, earlier[-1].modality, earlier[-1].family, earlier[-1].anchor))
    gerund = _opens_with_gerund(clause)
    if gerund is not None or gerund_mode:
        for token in clause:
            if token.tag_ == "VBG" and (token == gerund or _opens_clause(token)) and not _in_purpose(token) \
                    and token.dep_ not in {"prep", "amod"} and _conj_root(token).dep_ not in {"pcomp", "pobj", "relcl"} \
                    and not _is_fixed_participle(token) and not is_participle_adjective(token) \
                    and not _is_bracketed_aside(token) and not _is_participle_adjunct(token):
                add(DutyMatch(token, "obligation", "gerund", token))
    return [found[i] for i in sorted(found)
            if not _is_no_verb(found[i].verb) and not _is_cross_reference(found[i]) and not _is_aside(found[i])
            and not _is_defined_term(found[i].verb) and not _states_a_purpose(found[i])
            and not (in_table and _is_column_caption(found[i]))]


def _is_column_caption(match: DutyMatch) -> bool:
    """In a table row, a cell opened by a bare verb with nothing it acts on ("Rounding off",
    "Share in profit or loss |") is a column's caption; "Develop a national strategy |" is an
    action plan's entry and keeps its duty."""
    return match.family in {"imperative", "gerund"} and not any(
        child.dep_ in OBJECT_DEPS for child in match.verb.children)


def _is_defined_term(verb: Token) -> bool:
    """'Design guide: A document providing ...', 'Build to Rent: Purpose built housing': a glossary
    term opening its definition, not a command. The term is a few words with no article before a colon."""
    words = list(verb.doc[verb.i + 1:verb.i + _TERM_WORDS + 1])
    colon = next((index for index, token in enumerate(words) if token.text == ":"), None)
    return _starts_clause(verb) and colon is not None and all(
        token.pos_ not in {"DET", "PRON"} for token in words[:colon]) and verb.i + colon + 2 < len(verb.doc) \
        and verb.doc[verb.i + colon + 2].is_title


def _states_a_purpose(match: DutyMatch) -> bool:
    """'The fundamental aim of Green Belt policy is to prevent ...': 'is to' after a noun naming an
    aim says what a thing is for, not who must act."""
    return _names_a_purpose(match.anchor)


def _names_a_purpose(cue: Token) -> bool:
    """'is' with a subject naming an aim ('the aim ... is to', 'whose primary objective is to')."""
    return cue.lemma_ == "be" and any(child.dep_ in {"nsubj", "nsubjpass"} and child.lemma_.lower()
                                      in word_list("purpose_nouns") for child in cue.children)


def _is_no_verb(token: Token) -> bool:
    """A word the rules took for a directive verb that the sentence uses otherwise.

    "the pattern, scale and design quality": a noun modifying a noun that is itself a subject, an
    object or one of a series of nouns; "equivalent or better provision", "new and existing
    development": an adjective coordinated into a noun's modifiers; "enhance or better reveal":
    an adverb of the verb after it; "being put at risk": an auxiliary. A mislabelled verb whose 'noun' is the clause's own root ("issue guidance", "set
    criteria") is kept: the tagger read the verb as a modifier of its object.
    """
    if not any(char.isalpha() for char in token.text) or token.dep_ in AUXILIARY_DEPS or _opens_compound(token):
        return True
    if len(token.text) <= 2 and token.lower_ not in {"do", "be", "go"}:
        return True  # "ve Income for the period": the tail of a word a PDF table broke ("Comprehensi-ve")
    roles = NOUN_ROLE_DEPS | ({"dobj"} if token.tag_ == "VBG" else set())  # "emancipate the mind, reform and ..."
    series_head = _conj_root(token)  # "Social Rent, other rented housing and build to rent": a series of nouns
    in_series = token.dep_ == "conj" and not any(child.dep_ in {"dobj", *SUBJECT_DEPS} for child in token.children)
    if in_series and token.head.pos_ in NOMINAL_POS and series_head.pos_ in NOMINAL_POS \
            and (series_head.dep_ in roles or _is_noun_phrase_item(series_head)):
        return True  # "encouraging safeguarding or stockpiling", "the cost of, and scope for, ...": nouns in a series
    if in_series and series_head.dep_ in {"amod", "compound"} and _nominal(series_head.head) \
            and not _noun_is_object_of(series_head.head):
        return True  # "improve damaged and derelict land": a modifier coordinated with a noun's modifier
    conjuncts = [child for child in token.children if child.dep_ == "conj"]
    if conjuncts and all(child.dep_ in {"cc", "conj", "punct"} for child in token.children) \
            and all(child.pos_ in NOMINAL_POS for child in conjuncts):
        return True  # "Advertisement and publicity", a line of a table of expenses: nouns coordinated
    if token.dep_ in {"nmod", "poss"} and _nominal(token.head) \
            and not any(child.dep_ in {"dobj", *SUBJECT_DEPS} for child in token.children):
        return True  # "grade I and II* registered parks": the parser itself made it a noun's modifier
    if token.pos_ in {"VERB", "AUX"} or any(child.dep_ == "dobj" for child in token.children):
        return False
    if token.dep_ == "advmod" and token.head.i > token.i and token.head.pos_ == "VERB":
        return True  # "enhance or better reveal": it qualifies the verb after it
    noun = _modified_noun(token)
    if noun is not None:
        return not _noun_is_object_of(noun)
    root = _conj_root(token)
    return root != token and _is_no_verb(root)


def _is_noun_phrase_item(root: Token) -> bool:
    """A clause that is a noun phrase ("b) the cost of, and scope for, developing ..."): its root is
    a noun with a determiner, so it names, it does not direct."""
    return root.dep_ == "ROOT" and any(child.dep_ == "det" for child in root.children)


def _opens_compound(token: Token) -> bool:
    """'Work-in-progress', 'follow-up': a word joined by a hyphen to the next is part of a compound."""
    return token.i + 2 < len(token.doc) and not token.whitespace_ and token.nbor(1).text == "-" \
        and not token.nbor(1).whitespace_ and token.nbor(2).is_alpha


def _modified_noun(token: Token, deps: frozenset[str] = MODIFIER_DEPS) -> Token | None:
    """The noun a word modifies from its left, through a chain of modifiers ("conduct climate
    adaptation analysis" -> "analysis"), or None when it modifies no noun. A gerund the parser
    made the clause's root counts as a noun ("issue building performance standards")."""
    noun = None
    while token.dep_ in deps and token.head.i > token.i and _nominal(token.head):
        noun = token = token.head
    return noun


def _nominal(token: Token) -> bool:
    return token.pos_ in NOMINAL_POS or (token.dep_ == "ROOT" and token.tag_ == "VBG")


def _noun_is_object_of(noun: Token) -> bool:
    """Whether a noun the tagger made a mislabelled verb modify can be that verb's object: it heads
    the clause, is coordinated with a verb ("allow for X, and support opportunities"), or is the
    'subject' of a verb that takes none, a bare or 'to' infinitive ("designate departments to be
    responsible", "issue guidance ..., or revise ...")."""
    if noun.dep_ == "ROOT" or (noun.dep_ == "conj" and noun.head.pos_ in {"VERB", "AUX"}):
        return True
    governed = noun.head
    non_finite = governed.tag_ == "VB" and not any(c.dep_ in AUXILIARY_DEPS and c.lower_ != "to" for c in governed.children)
    return noun.dep_ in {"nsubj", "nsubjpass"} and non_finite


def _is_cross_reference(match: DutyMatch) -> bool:
    """'see Annex 2', '(see the attachment)', 'See 14 CFR 25.1581', and any bare "See ..." or
    "Refer to ..." addressed to the reader ('See Unlinking your email address'): a pointer, not a
    duty. "See that every site is inspected" and "Refer the case to the police" stay duties."""
    verb = match.verb
    lemma = verb.lemma_.lower()
    if lemma not in REFERENCE_VERBS:
        return False
    after = verb.doc[verb.i + 1:verb.i + 4]
    if match.family == "imperative":
        first = after[:1].text.lower()
        return first == "to" if lemma == "refer" else first not in {"that", "to"}
    return any(token.lemma_.lower() in word_list("reference_nouns") or token.like_num for token in after)


def _is_aside(match: DutyMatch) -> bool:
    """'Remember, the office will not restore ...', 'Note, the board may reject ...': a bare verb
    set off by a comma and acting on nothing asks the reader to notice what follows; it is no duty."""
    verb = match.verb
    if match.family != "imperative" or verb.i + 1 >= len(verb.doc) or verb.nbor(1).text != ",":
        return False
    acts_on = any(child.dep_ in (OBJECT_DEPS - {"ccomp"}) | {"prep", "prt"} for child in verb.children)
    statement = any(token.dep_ in SUBJECT_DEPS and token.head != verb for token in verb.doc[verb.i + 2:])
    return not acts_on and statement


def whole_phrase_end(verb: Token, end: int) -> int:
    """The end of a duty's span, taking in the object the parser hung elsewhere: "issue
    [guidance, including ...]" and "complete and perfect [goals of work]", where the tagger read
    the verbs as modifiers of their object noun, or "pursue [building electrification strategies
    ...]", where the span would hold the verb alone though its object is its own child."""
    head = _modified_noun(_conj_root(verb), MODIFIER_DEPS | {"advmod"})  # "better/advmod the mechanism"
    if head is not None and end <= head.i:
        material = [child for child in head.rights if child.dep_ not in SERIES_DEPS]
        end = head.i + 1
    elif end == verb.i + 1:
        material = [child for child in verb.rights if child.dep_ not in SERIES_DEPS]
    else:
        return end
    return max([end, *(token.right_edge.i + 1 for token in material)])


def _continues_statement(token: Token, found: dict[int, "DutyMatch"]) -> bool:
    """A bare verb that goes on a comma series opened by a statement verb or a noun's infinitive:
    in "stewardship can protect our planet, safeguard investments", "how we build, buy, and
    manage" or "policies to spur growth, address the crisis", the later verbs are not directives."""
    previous = next((t for t in reversed(token.doc[:token.i]) if t.pos_ == "VERB"), None)
    if previous is None or previous.i in found:
        return False
    if _infinitive_of_noun_or_clause(previous):
        return True  # "policies to spur growth, address the crisis": infinitives naming the policies
    if previous.dep_ in EMBEDDED_DEPS:
        return False
    subjects = [c for c in previous.children if c.dep_ == "nsubj" and c.lower_ not in {"that", "which", "who"}]
    helpers = [c for c in previous.children if c.dep_ == "aux" and c.lower_ in STATEMENT_AUXILIARIES]
    return bool(subjects or helpers) and previous.tag_ != "VBN"


def _infinitive_of_noun_or_clause(verb: Token) -> bool:
    """An infinitive naming a noun's purpose ("policies to spur growth"), directly or through
    further infinitives, or one inside a relative clause ("which establishes the policy to
    strengthen X to fight Y"): bare verbs that go on its comma series are not directives."""
    token = verb
    while has_to_marker(token) and _catenative_modality(token) is None and token.head != token:
        token = token.head
        if token.pos_ in {"NOUN", "PROPN"} or token.dep_ in {"relcl", "acl"}:
            return True  # an 'acl' participle names a noun too: "the infrastructure required to mitigate X"
    return False


def _purpose_prefix_end(clause: Span) -> int:
    """Index where an opening purpose phrase ends: "In order to A, B and C, X shall ..." or
    "To A, B, improve ...": everything before the main clause is purpose, not directive."""
    words = [t.lower_ for t in clause[:3]]
    if not (words[:3] == ["in", "order", "to"] or words[:3] == ["so", "as", "to"]
            or (words[:1] == ["to"] and len(clause) > 1 and clause[1].tag_ == "VB")):
        return 0
    root = clause.root
    subjects = [c.left_edge.i for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < root.i]
    if subjects:
        return min(subjects)
    modal = [c.i for c in root.children if c.tag_ == "MD"]
    if modal:
        return min(modal)
    # "In order to A, B and C, the Opinions are hereby developed": the parser may make B the root;
    # a finite auxiliary of a verb coordinated with it marks where the main clause begins.
    for verb in [root] + [c for c in root.children if c.dep_ == "conj"]:
        finite = [c for c in verb.children if c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP", "VBD"}]
        if finite and finite[0].i > root.i:
            start = finite[0].i
            while start > root.i and clause.doc[start - 1].text != ",":
                start -= 1
            return start
    return root.i


def _agreement_slip(token: Token) -> bool:
    """A base-form verb the parser coordinated with a third-person verb of a subordinate clause:
    in "shall increase X, so that it constitutes Y, and seek Z", 'seek' cannot agree with 'it',
    so it is coordinated with the duty before it. One with "to" ("when it is relevant ... or to
    cater to X") goes on the subordinate clause as its purpose."""
    head = token.head
    return token.dep_ == "conj" and token.tag_ in {"VB", "VBP"} and head.tag_ in {"VBZ", "VBD"} \
        and head.dep_ in {"advcl", "ccomp", "relcl"} and not _has_subject(token) and not has_to_marker(token)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def _coordinated_verbs(verb: Token) -> list[Token]:
    """Verbs coordinated with `verb` that share its subject (they have none of their own); one with
    'would', 'could' or 'might' of its own is none ("…, following mitigation, would be severe")."""
    out = []
    for child in verb.children:
        if child.dep_ == "conj" and (child.pos_ in {"VERB", "AUX"} or _is_base_verb(child)) \
                and not _has_subject(child) and child.tag_ not in {"VBD", "VBZ"} \
                and not any(c.lower_ in HYPOTHETICAL_AUXILIARIES for c in child.children) \
                and not is_participle_adjective(child) \
                and (child.tag_ != "VBP" or child.lower_ == child.lemma_.lower()) \
                and (child.tag_ not in {"VBN", "VBG"} or verb.tag_ == child.tag_) \
                and not continues_infinitive_series(verb, child) and _verbless_modal_before(child) is None:
            out.append(child)
            out.extend(_coordinated_verbs(child))
    return out


def continues_infinitive_series(verb: Token, conj: Token) -> bool:
    """In "shall implement the Strategy, which sets the goal to expand rail to cut congestion,
    reduce emissions, and improve safety", and in "should allow each area to build on its
    strengths, counter any weaknesses and address X", the parser may coordinate 'reduce' or
    'counter' with the main verb; an item after a bare comma that follows an infinitive inside a
    relative clause, or the infinitive of the main verb's own object ("allow each area to build"),
    goes on that infinitive's series instead, so it is not the main verb's duty. So does one after
    a clause the verb states ("set out how they will monitor X, investigate Y and take Z") or a
    relative clause of its object ("create places which minimise X, avoid Y, and respond to Z")."""
    if conj.i < 1 or conj.nbor(-1).text != ",":
        return False
    previous = next((t for t in reversed(conj.doc[verb.i + 1:conj.i]) if t.pos_ == "VERB"), None)
    if previous is not None and previous.dep_ == "ccomp" and previous.head == verb and _has_subject(previous):
        return True  # "should set out how they will monitor X, investigate Y and take action"
    if previous is not None and previous.dep_ == "relcl" and previous.tag_ in {"VBP", "VB"} \
            and verb in previous.ancestors and has_relative_subject(previous):
        return True  # "create places … – which minimise X, avoid Y, and respond to Z"
    if previous is None or not has_to_marker(previous):
        return False
    of_its_object = previous.head == verb and previous.dep_ in {"ccomp", "xcomp"} and \
        (_has_subject(previous) or any(c.dep_ == "dobj" and c.i < previous.i for c in verb.children))
    return of_its_object or any(a.dep_ == "relcl" and verb.i < a.i < conj.i for a in previous.ancestors)


def _in_relative_series(token: Token) -> bool:
    """True when a link of the token's coordination chain goes on a relative clause's infinitives."""
    while token.dep_ == "conj" and token.head != token:
        if continues_infinitive_series(token.head, token):
            return True
        token = token.head
    return False


def _responsibility_gerunds(adjective: Token) -> list[Token]:
    """Gerunds governed by 'responsible for', including 'and for developing ...'."""
    gerunds = []
    preps = [c for c in adjective.children if c.dep_ == "prep" and c.lower_ == "for"]
    preps += [c for c in adjective.head.children if c.dep_ == "conj" and c.lower_ == "for"]
    for prep in preps:
        for child in prep.children:
            if child.dep_ in {"pobj", "pcomp"} and child.lower_.endswith("ing"):
                gerunds.append(child)
                gerunds.extend(c for c in child.children if c.dep_ == "conj" and c.lower_.endswith("ing"))
    return gerunds
