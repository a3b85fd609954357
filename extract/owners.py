"""Who owns a duty: an ordered chain of named resolvers; the first that answers wins.

Each resolver is a small function over the duty's parse and what the reader remembers of the
document (`Discourse`). The duty keeps the name of the one that answered (`owner_source`), so a
reader can see why a body owns it:

| source | the owner is | example |
|---|---|---|
| agent | the 'by X' of a passive | "The plan shall be approved **by the Board**" |
| subject | the body named as subject | "**The Commission** shall publish ..." |
| coordinated-subjects | each of coordinated bodies | "**Providers and deployers** shall ..." |
| leader | the body that leads | "**Under the leadership of the Ministry**, set up ..." |
| pronoun | the body a pronoun refers to | "**They** shall ensure ..." → the providers of the sentence before |
| sentence | the owner named earlier in the sentence | "The offices shall set up X; **designate** Y" |
| lead-in | the owner of a list's lead-in | "The Secretary shall: (a) **review** ..." |
| section-heading | the body a heading gives its provisions to | "Duties of suppliers" → "**That file shall be kept** ..." |
| discourse | the last body given a duty in the paragraph or article | "Providers shall publish a report. **Those reports shall include** ..." |
| addressees | the bodies an "Applies to:" block names for its section, else the document's addressees | "Primarily applies to: Device Manufacturers"; "To the IP offices of all provinces: ... **Improve** ..." |
| issuer | the body that issues the document, named or not | "Opinions of the Ministry of X ... **Improve** ..." |
| none | nobody can honestly be inferred | |

Owners from lead-ins, headings, discourse, addressees and the issuer are marked inferred; a
heading or discourse owner is given only to passive duties and thing subjects ("That file
shall be retained"), never to an imperative, whose owner is the document's addressees or issuer.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extract.duties import DutyMatch, modality_of_modal
from extract.modal_sense import grants_power
from extract.phrases import noun_phrase
from extract.records import Actor, DocumentInfo, Section
from extract.subjects import (agent_of, antecedent_in_sentence, coordinated_subjects, ends_lead_in,
                              heading_holder, inline_list_start, is_plural, is_plural_pronoun,
                              lead_in_addressee, lead_in_cue, lead_in_subject, leader_in, names_a_body, owner_phrase,
                              pronoun_subject, requirements_holder, stray_modal, subject_of)

UNNAMED_ISSUER = "the issuing authority (not named in the text)"
# A block naming whom the provisions of its section are for: "Primarily applies to: Device
# Manufacturers, Service Providers", "Applicable to: operators of ports".
_APPLIES_TO = re.compile(r"^\s*(?:(?:primarily|mainly|this\s+\w+)\s+)?(?:applies|apply|applicable)\s+to\s*:\s*(?P<names>\S.*)$",
                         re.I | re.S)
_NAME_SEPARATORS = re.compile(r"\s*(?:\n|;|,|\band\b)\s*")
NAMED_SOURCES = frozenset({"agent", "subject", "coordinated-subjects", "leader", "pronoun", "sentence"})


@dataclass
class Owner:
    """The bodies that own a duty (the first is preferred), how they were found, and the words
    they were found through (the pronoun, the heading)."""

    actors: list[Actor]
    source: str
    inferred: bool
    cue: str | None = None
    modality: str | None = None  # a lead-in's (or a loose modal's) modality, for imperative items
    span: Span | None = None  # the words of the clause that name the owner (subject, agent)

    @property
    def actor(self) -> Actor | None:
        return self.actors[0] if self.actors else None

    def inherited(self, source: str, modality: str | None = None) -> Owner:
        """This owner as a later duty takes it over: inferred unless it was named in the sentence."""
        return Owner(self.actors, source, inferred=self.inferred or source not in NAMED_SOURCES, cue=self.cue,
                     modality=modality)


NO_OWNER = Owner([], "none", inferred=True)


@dataclass
class Bearer:
    """A body that was given a duty, for later pronouns and thing subjects to refer to."""

    owner: Owner
    plural: bool


@dataclass
class LeadIn:
    """A lead-in in force: its owner and where its list lies, below its own section ('205.c' →
    '205.c.i'), or as a run of siblings that starts at item 1, a or i right after it."""

    owner: Owner
    section: str | None
    list_parent: str | None = None

    def covers(self, label: str | None) -> bool:
        """Whether a section is one of its items; the first item of a sibling run starts the run."""
        if not label:
            return False
        if label.startswith(f"{self.section}."):
            return True
        parent, _, item = label.rpartition(".")
        if self.list_parent is None and item.lower() in {"1", "a", "i"}:
            self.list_parent = parent
        return parent == self.list_parent


@dataclass
class Discourse:
    """What the chain remembers while one document is read, narrowest first."""

    addressees: Actor | None = None
    issuer: Actor | Callable[[], Actor] | None = None  # a callable makes the unnamed issuer when first needed
    sentence: Owner | None = None  # the first owner named in the sentence
    sentence_list: Owner | None = None  # an inline lead-in: "Policies should: a) ...; b) ..."
    lead_ins: list[LeadIn] = field(default_factory=list)  # nested lists: the innermost last
    paragraph: list[Bearer] = field(default_factory=list)  # bodies given duties, latest last
    article: list[Bearer] = field(default_factory=list)
    headings: dict[str, Owner] = field(default_factory=dict)  # section label → its heading's holder
    applies_to: dict[str, Owner] = field(default_factory=dict)  # section label → the bodies it applies to

    def issuing_body(self) -> Actor | None:
        if callable(self.issuer):
            self.issuer = self.issuer()
        return self.issuer


@dataclass
class DutyClause:
    """What a resolver sees of one duty: its parse, where it stands, and how to record a mention."""

    match: DutyMatch
    clause: Span
    discourse: Discourse
    mention: Callable[[Span], Actor]
    section_chain: list[str]  # the duty's section label and its ancestors', nearest first


Resolver = Callable[[DutyClause], "Owner | None"]


def by_agent(duty: DutyClause) -> Owner | None:
    if not duty.match.passive or grants_power(duty.match):
        return None
    agent = agent_of(duty.match)
    agent = owner_phrase(agent) if agent is not None else None
    return Owner([duty.mention(agent)], "agent", inferred=False, span=agent) if agent is not None else None


def by_subject(duty: DutyClause) -> Owner | None:
    if duty.match.passive and not grants_power(duty.match) and agent_of(duty.match) is not None:
        return None  # the agent, not the subject, does a passive duty
    subject = subject_of(duty.match)
    body = owner_phrase(subject) if subject is not None else None
    if body is None:
        return None
    actors = [duty.mention(body)]
    for other in map(duty.mention, coordinated_subjects(body)):
        if all(other.id != actor.id for actor in actors):
            actors.append(other)
    modal = stray_modal(duty.match)  # "Authorities should: a) promote ...": the modal the parser left loose
    return Owner(actors, "coordinated-subjects" if len(actors) > 1 else "subject", inferred=False, span=subject,
                 modality=modality_of_modal(modal) if modal is not None else None)


def by_leader(duty: DutyClause) -> Owner | None:
    leader = leader_in(duty.clause)
    return Owner([duty.mention(leader)], "leader", inferred=False, span=leader) if leader is not None else None


def by_pronoun(duty: DutyClause) -> Owner | None:
    """'They shall ensure ...': the body of the same sentence the pronoun agrees with, else the
    body last given a duty in the paragraph, then the article; 'we' is the issuer."""
    pronoun = pronoun_subject(duty.match)
    if pronoun is None:
        return None
    span = duty.clause.doc[pronoun.i:pronoun.i + 1]
    if pronoun.lower_ == "we":
        issuer = duty.discourse.issuing_body()
        return Owner([issuer], "pronoun", inferred=True, cue="we", span=span) if issuer is not None else None
    within = antecedent_in_sentence(pronoun)
    if within is not None:
        return Owner([duty.mention(within)], "pronoun", inferred=False, cue=pronoun.text, span=span)
    plural = is_plural_pronoun(pronoun)
    for bearers in (duty.discourse.paragraph, duty.discourse.article):
        agreeing = [b for b in bearers if b.plural == plural]
        if agreeing:
            owner = agreeing[-1].owner
            return Owner(owner.actors, "pronoun", inferred=False, cue=pronoun.text, span=span)
    return None


def by_sentence(duty: DutyClause) -> Owner | None:
    listed = duty.discourse.sentence_list
    if listed is not None:
        return listed
    owner = duty.discourse.sentence
    return owner.inherited("sentence") if owner is not None else None


def by_lead_in(duty: DutyClause) -> Owner | None:
    lead_ins = duty.discourse.lead_ins
    return lead_ins[-1].owner.inherited("lead-in", lead_ins[-1].owner.modality) if lead_ins else None


def by_section_heading(duty: DutyClause) -> Owner | None:
    if not _has_unowned_subject(duty):
        return None
    owner = _nearest(duty.discourse.headings, duty.section_chain)
    return owner.inherited("section-heading") if owner is not None else None


def by_applies_to(duty: DutyClause) -> Owner | None:
    """The bodies an 'Applies to:' block names for the section the duty stands in."""
    owner = _nearest(duty.discourse.applies_to, duty.section_chain)
    return owner.inherited("addressees") if owner is not None else None


def _nearest(by_section: dict[str, Owner], section_chain: list[str]) -> Owner | None:
    """The owner given to the duty's section or, failing that, to the nearest section above it."""
    return next((by_section[label] for label in section_chain if label in by_section), None)


def by_paragraph(duty: DutyClause) -> Owner | None:
    """A thing subject or passive: the body last given a duty in the same paragraph."""
    bearers = duty.discourse.paragraph
    return bearers[-1].owner.inherited("discourse") if bearers and _has_unowned_subject(duty) else None


def by_article(duty: DutyClause) -> Owner | None:
    """... else in the same article (or numbered part), once no heading has said whose it is."""
    bearers = duty.discourse.article
    return bearers[-1].owner.inherited("discourse") if bearers and _has_unowned_subject(duty) else None


def by_addressees(duty: DutyClause) -> Owner | None:
    addressees = duty.discourse.addressees
    return Owner([addressees], "addressees", inferred=True) if addressees is not None else None


def by_issuer(duty: DutyClause) -> Owner | None:
    """An imperative in a document that names no addressees is its issuer's to carry out."""
    if duty.match.family not in {"imperative", "gerund"}:
        return None
    issuer = duty.discourse.issuing_body()
    return Owner([issuer], "issuer", inferred=True) if issuer is not None else None


def _has_unowned_subject(duty: DutyClause) -> bool:
    """A passive duty or a thing as subject ("That file shall be retained", "The notice shall
    state"), or a modal duty whose subject the parser lost: not an imperative."""
    return duty.match.family not in {"imperative", "gerund"}


# Nearest evidence first: the clause's own words, then the sentence, the list, the provision, the document.
CHAIN: tuple[Resolver, ...] = (by_agent, by_subject, by_leader, by_pronoun, by_sentence, by_lead_in,
                               by_applies_to, by_paragraph, by_section_heading, by_article, by_addressees, by_issuer)


class OwnerResolver:
    """Runs the chain for each duty of one input, keeping the discourse of each document in force.

    The reader tells it where each clause stands (`enter`), hands it heading clauses
    (`read_heading`) and each duty (`resolve`), and lets it see every clause's end
    (`after_clause`), where lead-ins hand their owner to the list after them.
    """

    def __init__(self, documents: list[DocumentInfo], sections: list[Section]) -> None:
        self.discourses = {d.id: Discourse() for d in documents}
        self._parents = _section_parents(sections)
        self._document: str | None = None
        self._section: str | None = None
        self._paragraph: int | None = None
        self._article: str | None = None

    def set_defaults(self, document: str, addressees: Actor | None, issuer: Actor | Callable[[], Actor] | None) -> None:
        """The document's addressees and issuer, the last links of the chain; `issuer` may be a
        function making an actor for an issuer the text does not name, called when first needed."""
        discourse = self.discourses[document]
        discourse.addressees, discourse.issuer = addressees, issuer

    @property
    def discourse(self) -> Discourse:
        return self.discourses[self._document]

    def enter(self, document: str, section: str | None, paragraph_start: int, first_in_sentence: bool) -> None:
        """Note where the next clause stands: a new sentence, paragraph, section or article
        closes the scopes that end there."""
        self._document = document
        discourse = self.discourse
        if section != self._section:
            self._section = section
            self._start_section(discourse, section)
        article = (section or "").split(".")[0]
        if article != self._article:
            self._article, discourse.article = article, []
        if paragraph_start != self._paragraph:
            self._paragraph, discourse.paragraph = paragraph_start, []
        if first_in_sentence:
            discourse.sentence = discourse.sentence_list = None

    def _start_section(self, discourse: Discourse, label: str | None) -> None:
        """A lead-in's scope ends with its list; the list of an outer lead-in then resumes
        ("(a) ...; (b) ... should: (i) ...; (ii) ...; (c) report ..." gives (c) to the outer one)."""
        while discourse.lead_ins and not discourse.lead_ins[-1].covers(label):
            discourse.lead_ins.pop()

    def read_heading(self, heading: Span, mention: Callable[[Span], Actor]) -> None:
        """A heading that gives its provisions to a body ("Duties of suppliers") names the owner
        of the passive and thing-subject duties below it."""
        holder = heading_holder(heading)
        if holder is not None and self._section is not None:
            self.discourse.headings[self._section] = Owner([mention(holder)], "section-heading", inferred=True,
                                                          cue=heading.text.strip())

    def read_applies_to(self, text: str, clause: Span, mention: Callable[[Span], Actor]) -> None:
        """"Primarily applies to: Device Manufacturers / IoT Service Providers" (one a line, or
        separated by commas): the section's duties are those bodies' unless a clause names its own.
        `text` is the clause as written, line breaks kept, `clause` its parse."""
        found = _APPLIES_TO.match(text)
        if found is None or self._section is None:
            return
        actors = []
        for name in _NAME_SEPARATORS.split(found.group("names")):
            at = text.find(name, found.start("names")) if name else -1
            span = clause.char_span(at, at + len(name), alignment_mode="expand") if at >= 0 else None
            if span is not None and names_a_body(span):
                actors.append(mention(span))
        if actors:
            self.discourse.applies_to[self._section] = Owner(actors, "addressees", inferred=True,
                                                              cue=" ".join(text[:found.start("names")].split()))

    def resolve(self, match: DutyMatch, clause: Span, mention: Callable[[Span], Actor]) -> Owner:
        """The owner of one duty: the first resolver of the chain that answers."""
        duty = DutyClause(match, clause, self.discourse, mention, self._section_chain())
        owner = next((found for found in (resolver(duty) for resolver in CHAIN) if found is not None), NO_OWNER)
        self._remember(owner, match)
        return owner

    def _remember(self, owner: Owner, match: DutyMatch) -> None:
        if owner.source not in NAMED_SOURCES or owner.source == "sentence":
            return
        discourse = self.discourse
        if discourse.sentence is None and match.verb.dep_ not in {"relcl", "acl"}:
            discourse.sentence = owner
        plural = len(owner.actors) > 1 or (owner.span is not None and _names_plural(owner.span))
        bearer = Bearer(Owner(owner.actors, owner.source, inferred=owner.inferred), plural)
        discourse.paragraph.append(bearer)
        discourse.article.append(bearer)

    def after_clause(self, clause: Span, last_in_sentence: bool, sentence_text: str,
                     mention: Callable[[Span], Actor]) -> None:
        """Lead-ins hand their owner and modal to the items after them: "shall direct the Board
        to:" gives them to the Board, "agencies shall:" to the agencies, "That report shall:" to
        whoever the chain says draws the report up; an inline "should: a) ...; b) ..." to the
        clauses after it in the sentence."""
        discourse = self.discourse
        if inline_list_start(clause) is not None:
            owner = self._lead_in_owner(clause, mention)
            if owner is not None:  # named in the same sentence, so named for its items too
                discourse.sentence_list = owner
        if not last_in_sentence:
            return
        owner = self._lead_in_owner(clause, mention) if ends_lead_in(sentence_text) else None
        if owner is not None:
            discourse.lead_ins.append(LeadIn(owner, self._section))

    def _lead_in_owner(self, clause: Span, mention: Callable[[Span], Actor]) -> Owner | None:
        addressee = lead_in_addressee(clause)
        if addressee is not None:
            body, modality = addressee
            return Owner([mention(body)], "lead-in", inferred=False, modality=modality)
        cue = lead_in_cue(clause)
        subject = lead_in_subject(clause, cue)
        modality = cue[1] if cue is not None else None
        named = owner_phrase(noun_phrase(subject)) if subject is not None else None
        if named is None and cue is None:
            named = requirements_holder(clause)
        if named is not None:
            return Owner([mention(named)], "lead-in", inferred=False, modality=modality)
        if subject is None:
            sentence = self.discourse.sentence
            return Owner(sentence.actors, "lead-in", sentence.inferred, modality=modality) if sentence else None
        found = self._owner_of_subject(subject)  # a pronoun or a thing: "That report shall in particular:"
        return Owner(found.actors, "lead-in", found.inferred, modality=modality) if found is not None else None

    def _owner_of_subject(self, subject: Token) -> Owner | None:
        """The body a lead-in's pronoun or thing subject stands for: the one last given a duty
        in the paragraph, then the article (agreeing in number with a pronoun)."""
        pronoun = subject.lower_ in {"they", "it"}
        for bearers in (self.discourse.paragraph, self.discourse.article):
            agreeing = [b for b in bearers if not pronoun or b.plural == (subject.lower_ == "they")]
            if agreeing:
                return agreeing[-1].owner.inherited("discourse")
        return None

    def _section_chain(self) -> list[str]:
        chain, label = [], self._section
        while label is not None and label not in chain:
            chain.append(label)
            label = self._parents.get((self._document, label))
        return chain


def _names_plural(span: Span) -> bool:
    return span.root.lower_ == "they" or is_plural(span.root)


def _section_parents(sections: list[Section]) -> dict[tuple[str, str], str]:
    """Each section's parent label, by document and label: "11.2" → "11" → "III.1" → "III"."""
    labels = {s.id: s.label for s in sections}
    return {(s.document, s.label): labels[s.parent] for s in sections if s.parent in labels}
