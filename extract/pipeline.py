"""One function from text to every record of it: `extract_text(text, name) -> Extraction`.

The steps run in one direction: repair PDF scars (keeping an offset map), find documents and
sections, split sentences and semicolon clauses, parse every clause with one `nlp.pipe` pass,
then read duties, owners, actors, mechanisms and goals off the parses. Every offset stored in a
record is an offset of the original text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import goals as goal_rules
from extract import mechanisms as mechanism_rules
from extract.actors import ActorRegistry, abbreviations
from extract.deadlines import deadline_and_frequency, deadline_in, resolve_year
from extract.duties import (DutyMatch, descriptive_items_start, find_duties, modality_of_modal, opens_infinitive_list,
                            participle_lead_in, whole_phrase_end)
from extract.integrity import drop_broken_records
from extract.limits import check_document_length, for_parser, skipped_message
from extract.modal_sense import granted_modality, is_not_a_duty
from extract.nlp import load_pipeline
from extract.owners import UNNAMED_ISSUER, OwnerResolver
from extract.phrases import (ITEM_MARKER, action_of, actor_phrases, balanced_end, before_next_clause, condition_of, extent,
                             is_verbless_item, object_of, role_of, stranded_items_end)
from extract.provenance import cue_tokens, duty_family, mention_family
from extract.read import Scar, source_id
from extract.read.scars import AMENDMENT_MARK, CELL_SEPARATOR, FOOTNOTE_MARK
from extract.records import Actor, DocumentInfo, Duty, Extraction, Goal, Mechanism, Mention, Section, Sentence
from extract.records import Span as TextSpan
from extract.repair import RepairedText, repair_scars
from extract.sentences import split_sentences
from extract.structure import Paragraph, parse_structure

# A list marker opening a clause: "(a)", "(iv)", "1.", "2)", "•". It is kept out of the parse,
# where the tagger would read "(i)" as a subject.
LIST_MARKER = re.compile(r"(?:\((?:[0-9]{1,3}|[ivxlc]{1,7}|[a-z]{1,2}|[A-Z])\)|[0-9]{1,3}[.)]|[•▪◦·–-])\s+")
# A heading over definitions ("Annex 2: Glossary", "Sec. 603. Definitions."): its clauses define
# terms ("To be considered deliverable, sites should be available now"), and direct nobody; a duty a
# definition mentions is stated where the term is used.
_DEFINING_HEADING = re.compile(r"\b(?:glossary(?: of terms)?|definitions?|interpretation|meaning of terms)\W*$", re.I)
_MARKER_INSIDE = re.compile(r"\s\((?:[a-z]{1,2}|[ivxl]{1,5}|\d{1,2})\)\s")  # " (a) " within a duty's text
_OPENING_CONJUNCTION = re.compile(r"\s*(?:and|or)\s+", re.I)  # "; and (c) …", "; or d) …"
# A caption before a sentence ("Additional Information: A Company shall disclose …"): a few
# capitalised words and a colon, then a capitalised word. It is kept out of the parse, where the
# tagger would read the sentence as the caption's apposition.
_CAPTION = re.compile(r"(?:[A-Z][a-z’'-]+)(?:\s+(?:[A-Z][a-z’'-]+|of|and|for|the|to|on|in)){0,4}:\s+(?=[A-Z][a-z]*\s)")
HEADER_SENTENCE = ""  # header mentions get their sentence once sentences are known


@dataclass
class _Clause:
    """A semicolon clause to parse, with the sentence and paragraph it belongs to."""

    paragraph: Paragraph
    sentence: Sentence
    first_in_sentence: bool
    last_in_sentence: bool
    start: int  # clean offsets
    end: int
    marked: bool = False  # opens with a list or item marker: an item of its own, not the words a duty goes on with


class _Reader:
    """Turns parsed clauses of one input into records, keeping the owner scopes in force."""

    def __init__(self, repaired: RepairedText, documents: list[DocumentInfo], sections: list[Section]) -> None:
        self.repaired = repaired
        self.documents = {d.id: d for d in documents}
        self.actors = ActorRegistry(abbreviations(repaired.clean), issuer=None)
        self.mechanisms = mechanism_rules.MechanismRegistry()
        self.owners = OwnerResolver(documents, sections)
        self.duties: list[Duty] = []
        self.duty_spans: set[tuple[int, int]] = set()
        # the duty whose span ran to the end of the last clause: "publish the plan; the budget; and
        # the accounts" goes on over the semicolon items that have no verb
        self.open_duty: Duty | None = None
        self.goals: list[Goal] = []
        self.gerund_mode = False
        self.stated_sentence = False  # the sentence opened with a clause that states, not directs
        self.infinitive_list = False
        # "Personal data shall be: (a) processed lawfully; (b) collected for ...": the lead-in's
        # section and modality, while its deeper items each open with a participle duty
        self.participle_list: tuple[str, str] | None = None
        self.condition_list: str | None = None  # the section whose items are a lead-in's conditions
        self.descriptive_items = False  # the sentence's later clauses are such items ("places which: a) …; b) …")
        self.defining_section: str | None = None  # the section a "Glossary" or "Definitions" heading opened
        self.sentence_year: int | None = None
        self.years = goal_rules.GoalScope()
        self._register_defaults(documents)

    def _register_defaults(self, documents: list[DocumentInfo]) -> None:
        """Each addressee is an actor; together they are the default owner of the document and of
        the documents after it that have no addressees of their own (the opinions a circular
        issues). A document with none falls back on its issuer, named or not; a fragment without
        a title (the tail of a cut page) on nobody."""
        default: Actor | None = None
        for document in documents:
            self.actors.issuer = document.issuer or self.actors.issuer
            issuer = self._mention_in_document(document, document.issuer, "issuer") if document.issuer else None
            if document.addressees:
                mentions = [self._mention_in_document(document, a, "addressee").mentions[-1] for a in document.addressees]
                label = f"addressees of {document.number or document.title}"
                start, end = min(m.start for m in mentions), max(m.end for m in mentions)
                default = self.actors.mention(self.repaired.original[start:end], start, end, HEADER_SENTENCE,
                                              label=label, found_by="addressee")
                default.kind = "collective"
                default.aliases.extend(a for a in document.addressees if a not in default.aliases)
            if issuer is None and _has_title_line(document):  # a titled document is issued by someone
                issuer = lambda: self.actors.described(UNNAMED_ISSUER, "collective")  # noqa: E731
            self.owners.set_defaults(document.id, default, issuer)

    def _mention_in_document(self, document: DocumentInfo, text: str, found_by: str) -> Actor:
        at = self.repaired.original.find(text, document.start, document.end)
        start = at if at >= 0 else document.start
        return self.actors.mention(text, start, start + len(text) if at >= 0 else start, HEADER_SENTENCE,
                                   found_by=found_by)

    def span(self, clause: _Clause, start_char: int, end_char: int) -> tuple[int, int]:
        return self.repaired.to_original(clause.start + start_char, clause.start + end_char)

    def mention_in(self, clause: _Clause, found_by: str = "named-body",
                   made: list[Mention] | None = None) -> Callable[[Span], Actor]:
        """How the owner chain records a body it names in this clause: an actor mention at its span,
        found by the rule family `found_by`, also kept in `made` when given."""
        def mention(phrase: Span) -> Actor:
            actor = self.actors.mention(phrase.text, *self.span(clause, phrase.start_char, phrase.end_char),
                                        clause.sentence.id, found_by=found_by)
            if made is not None:
                made.append(actor.mentions[-1])
            return actor
        return mention

    def read(self, clause: _Clause, doc: Doc) -> None:
        paragraph = clause.paragraph
        self.owners.enter(paragraph.document, paragraph.section, paragraph.start, clause.first_in_sentence)
        section = paragraph.section or ""
        if paragraph.is_heading:
            self.owners.read_heading(doc[:], self.mention_in(clause, "section-heading"))
            self.defining_section = section if _DEFINING_HEADING.search(paragraph.text) else None
        elif self.defining_section not in (None, section) and not _within(section, self.defining_section):
            self.defining_section = None  # the next section, headed or numbered, is no glossary
        self.owners.read_applies_to(self.repaired.clean[clause.start:clause.end], doc[:],
                                    self.mention_in(clause, "section-heading"))
        if clause.first_in_sentence:
            self.gerund_mode = self.infinitive_list = self.descriptive_items = False
            self.sentence_year = self.years.for_sentence(clause.paragraph, clause.paragraph.section,
                                                         clause.sentence.text)
        span = doc[:]
        if self.participle_list is not None and not _within(section, self.participle_list[0]):
            self.participle_list = None
        if self.condition_list is not None and (not _within(section, self.condition_list)
                                                or (clause.first_in_sentence and not clause.marked)):
            self.condition_list = None  # "(d) it is cash …. All other assets shall be …": no item goes on
        items_start = descriptive_items_start(span)
        matches = [m for m in self._duty_matches(span, paragraph) if items_start is None or m.verb.i < items_start]
        if self.stated_sentence:  # "X elaborates on gifts; facilitating payments; ...": items of a statement
            matches = [m for m in matches if m.family != "gerund"]
        self.gerund_mode = self.gerund_mode or any(m.family == "gerund" for m in matches)
        self.infinitive_list = (self.infinitive_list and not matches) or opens_infinitive_list(span, matches)
        mentioned = []
        for phrase in mechanism_rules.find_mechanisms(span, heading=clause.paragraph.is_heading):
            start, end = self.span(clause, phrase.span.start_char, phrase.span.end_char)
            mechanism = self.mechanisms.mention(phrase, start, end, clause.sentence.id, clause.paragraph.document,
                                                clause.paragraph.section, clause.paragraph.is_heading)
            if mechanism is not None:
                mentioned.append((phrase, mechanism))
        open_duty, self.open_duty = self.open_duty, None
        if open_duty is not None and not matches and not clause.first_in_sentence \
                and (not clause.marked or _opens_its_list(open_duty)) and not paragraph.is_heading \
                and is_verbless_item(span):
            self._continue_duty(open_duty, clause, doc)
        for match in [m for m in matches if not is_not_a_duty(m)]:
            duty = self._add_duty(clause, doc, match)
            for phrase, mechanism in mentioned:
                if duty is not None and mechanism_rules.acted_on_by(phrase, match.verb):
                    self.mechanisms.link(mechanism, duty)
        for phrase in [] if clause.paragraph.is_heading else actor_phrases(span):
            start, end = self.span(clause, phrase.start_char, phrase.end_char)
            if not self.actors.has_mention(start, end):
                self.actors.mention(phrase.text, start, end, clause.sentence.id)
        # a heading names a topic ("Transitioning to 100 Percent ..."), not a goal
        goals = [] if clause.paragraph.is_heading else goal_rules.find_goals(span, self.sentence_year, self.years.listing)
        for goal in goals:
            self._add_goal(clause, goal)
        self.owners.after_clause(span, clause.last_in_sentence, clause.sentence.text, self.mention_in(clause, "lead-in"))
        if clause.last_in_sentence:
            modal = participle_lead_in(span)
            if modal is not None and clause.paragraph.section:
                self.participle_list = (clause.paragraph.section, modality_of_modal(modal))
            if items_start == len(span) and clause.paragraph.section:  # the items follow as paragraphs
                self.condition_list = clause.paragraph.section
        self.descriptive_items = self.descriptive_items or items_start is not None
        self.stated_sentence = not matches and (clause.first_in_sentence or self.stated_sentence) \
            and not clause.last_in_sentence and not span.text.rstrip().endswith((":", "—", "-"))

    def _duty_matches(self, span: Span, paragraph: Paragraph) -> list[DutyMatch]:
        """The clause's duty verbs, read with what the sentences before it opened; none in the
        items of a condition or relative lead-in ("… as current when-: (a) it is expected to be
        realised …", "places which: a) …; b) …")."""
        if self.condition_list is not None or self.descriptive_items or self.defining_section is not None:
            return []  # a glossary's "should" states what a term requires ("To be considered deliverable, sites should …")
        return find_duties(span, gerund_mode=self.gerund_mode, continues_infinitives=self.infinitive_list,
                           participle_modality=self.participle_list[1] if self.participle_list else None,
                           in_table=CELL_SEPARATOR in paragraph.text)

    def _add_duty(self, clause: _Clause, doc: Doc, match: DutyMatch) -> Duty | None:
        action_object = object_of(match)
        if clause.paragraph.is_heading and (action_object is None or clause.paragraph.is_marked_title):
            return None  # a title such as "Buy Clean." or "# Determining applications" is not a command heading
        made: list[Mention] = []
        owner = self.owners.resolve(match, doc[:], self.mention_in(clause, made=made))
        for mention in made:  # the bodies the owner chain named: found as what it found them
            mention.found_by = mention_family(owner.source)
        role = "lead" if owner.source == "leader" else role_of(match, action_of(match))
        first, last = extent(match, owner.span)
        last = stranded_items_end(match.verb, whole_phrase_end(match.verb, last))
        last = before_next_clause(match.verb, balanced_end(doc, match.verb.i, last))
        start, end = self.span(clause, doc[first].idx, doc[last - 1].idx + len(doc[last - 1]))
        cue_start, _ = self.span(clause, match.verb.idx, match.verb.idx + len(match.verb))
        start, end = outside_marks(self.repaired.scars, start, end, cue_start)
        start, end = with_amendment_marks(self.repaired.scars, start, end)
        if (start, end) in self.duty_spans:
            return None  # two verbs read onto one span ("collaborate to identify"): one duty, not two
        self.duty_spans.add((start, end))
        reaches_the_end = end >= self._content_end(clause, doc)
        family = duty_family(match, lead_in_item=owner.source == "lead-in")
        cue_first, cue_last = cue_tokens(match, family)
        cue_span = TextSpan(*self.span(clause, cue_first.idx, cue_last.idx + len(cue_last)))
        text = self.repaired.original[start:end]
        clause_text = self.repaired.clean[clause.start:clause.end]
        deadline, frequency = deadline_and_frequency(clause_text, doc, first, last, match)
        document = self.documents[clause.paragraph.document]
        duty = Duty(
            id=f"{clause.sentence.id}/duty{len(self.duties) + 1}", document=document.id,
            section=clause.paragraph.section, sentence=clause.sentence.id,
            sentence_text=clause.sentence.text, text=text, start=start, end=end,
            sentence_start=clause.sentence.start, sentence_end=clause.sentence.end,
            modality=owner.modality if match.family == "imperative" and owner.modality else granted_modality(match),
            action=action_of(match), object=action_object,
            actor=owner.actor.label if owner.actor else None,
            actor_id=owner.actor.id if owner.actor else None, actor_inferred=owner.inferred, role=role,
            owners=[a.id for a in owner.actors], owner_source=owner.source, owner_cue=owner.cue,
            condition=condition_of(match), deadline=deadline,
            deadline_year=resolve_year(deadline, document.date) if deadline else None,
            frequency=frequency,
            is_heading=clause.paragraph.is_heading, cue_start=cue_start,
            found_by=family, cue_span=cue_span,
        )
        self.duties.append(duty)
        self.open_duty = duty if reaches_the_end else None
        return duty

    def _content_end(self, clause: _Clause, doc: Doc) -> int:
        """Where a clause's words end in the original text, before its closing ';', ',' or '.'."""
        last = len(doc)
        while last > 1 and doc[last - 1].is_punct and doc[last - 1].text not in {")", "]", "”", "\"", "'"}:
            last -= 1
        return self.span(clause, 0, doc[last - 1].idx + len(doc[last - 1]))[1]

    def _continue_duty(self, duty: Duty, clause: _Clause, doc: Doc) -> None:
        """Extend a duty over a verbless item of its object list ("; procedures for auditing ...;
        and recommendations for grants"); it stays open for the next one."""
        end = self._content_end(clause, doc)
        start, end = outside_marks(self.repaired.scars, duty.start, end, duty.cue_start)
        start, end = with_amendment_marks(self.repaired.scars, start, end)
        if end <= duty.end or (start, end) in self.duty_spans:
            return
        self.duty_spans.discard((duty.start, duty.end))
        self.duty_spans.add((start, end))
        duty.start, duty.end, duty.text = start, end, self.repaired.original[start:end]
        self.open_duty = duty

    def _add_goal(self, clause: _Clause, goal: goal_rules.GoalMatch) -> None:
        if goal.year is None:  # "within three years", counted from the document's date
            duration = deadline_in(goal.span.text) or deadline_in(goal.span.doc.text[:goal.span.start_char])
            goal.year = resolve_year(duration, self.documents[clause.paragraph.document].date) if duration else None
        start, end = self.span(clause, *goal.chars)
        self.goals.append(goal_rules.to_record(
            goal, f"{clause.sentence.id}/goal{len(self.goals) + 1}", clause.paragraph.document,
            clause.paragraph.section, clause.sentence, self.repaired.original[start:end], start, end))


def _opens_its_list(duty: Duty) -> bool:
    """The duty's own span opens a marked list ("shall provide where required (a) narrative
    descriptions …"), so a marked item after it ("; and (b) information about …") is more of its object."""
    return _MARKER_INSIDE.search(duty.text) is not None


def _within(section: str, lead_in: str) -> bool:
    """Whether a section is one of the items under a lead-in's section ("III.2.a" under "III.2")."""
    return section.startswith(f"{lead_in}.")


def outside_marks(scars: Sequence[Scar], start: int, end: int, cue: int) -> tuple[int, int]:
    """A duty's span without the footnote marks inside it: a span is the original characters, so
    it stops before a mark after its verb ("make sufficient provision[^12] for ..." → "make
    sufficient provision") and starts after one before it; the parse never saw the mark.

    >>> outside_marks([Scar(24, 29, FOOTNOTE_MARK)], 0, 40, 0)
    (0, 24)
    """
    for scar in scars:
        if scar.kind == FOOTNOTE_MARK and start < scar.end and scar.start < end:
            if scar.start >= cue:
                end = min(end, scar.start)
            else:
                start = max(start, scar.end)
    return start, end


def with_amendment_marks(scars: Sequence[Scar], start: int, end: int) -> tuple[int, int]:
    """A duty's span with the amendment marks that touch it: one that opens or ends on an amended
    passage ("1[plain vanilla], redeemable shares shall be ...") shows its bracket, not half a pair.

    >>> with_amendment_marks([Scar(3, 5, AMENDMENT_MARK), Scar(11, 12, AMENDMENT_MARK)], 5, 11)
    (3, 12)
    """
    for scar in scars:
        if scar.kind == AMENDMENT_MARK and scar.end == start:
            start = scar.start
        elif scar.kind == AMENDMENT_MARK and scar.start == end:
            end = scar.end
    return start, end


def _has_title_line(document: DocumentInfo) -> bool:
    """A title of its own: not a cut-off fragment ("ment specific duties ...") nor a first
    sentence read as a title ("(a) Each agency shall:", "The Ministry shall publish it.")."""
    title = (document.title or "").strip()
    return bool(title) and not title[0].islower() and not title.endswith((".", ":", ";", "—"))


def _clauses(paragraphs: Iterable[Paragraph], repaired: RepairedText) -> Iterator[_Clause]:
    count = 0
    for paragraph in paragraphs:
        for found in split_sentences(paragraph.text):
            count += 1
            start, end = repaired.to_original(paragraph.start + found.start, paragraph.start + found.end)
            sentence = Sentence(id=f"{paragraph.document}/s{count}", document=paragraph.document,
                                section=paragraph.section, text=repaired.original[start:end], start=start, end=end)
            for index, (c_start, c_end) in enumerate(found.clauses):
                marker = LIST_MARKER.match(paragraph.text, c_start, c_end)
                conjunction = _OPENING_CONJUNCTION.match(paragraph.text, c_start, c_end)
                item = ITEM_MARKER.match(paragraph.text, conjunction.end() if conjunction else c_start, c_end)
                start = marker.end() if marker else c_start
                caption = _CAPTION.match(paragraph.text, start, c_end) if index == 0 else None
                yield _Clause(paragraph, sentence, index == 0, index == len(found.clauses) - 1,
                              paragraph.start + (caption.end() if caption else start), paragraph.start + c_end,
                              marked=bool(marker or item))


class PreparedText:
    """One input text cut into clauses for the parser, with the reader that turns their parses into records.

    Preparing (repair, structure, sentences, clauses) is split from parsing so that the clauses
    of many texts can flow through one `nlp.pipe` call (`extract.corpus`): hand `texts()` to the
    parser, each parse to `read` in order, then call `finish()`.
    """

    def __init__(self, text: str, source_name: str, scars: Sequence[Scar] = (), title: str | None = None) -> None:
        check_document_length(text, source_name)
        self.text = text
        self.source_name = source_name
        self.source_id = source_id(source_name)
        self.skipped: list[str] = []  # clauses over the limits of `extract.limits`, reported by the caller
        self._repaired = repair_scars(text, scars)
        self._structure = parse_structure(self._repaired, self.source_id, title)
        self._clauses = list(_clauses(self._structure.paragraphs, self._repaired))
        self._reader = _Reader(self._repaired, self._structure.documents, self._structure.sections)
        self._sentences: dict[str, Sentence] = {}
        self._parsed = 0

    def texts(self) -> Iterator[str]:
        """The text the parser gets for each clause, in order; a clause over the limits gets an empty text."""
        for clause in self._clauses:
            # Hard-wrapped lines inside a paragraph are spaces to the parser; same length, same offsets.
            text, skipped = for_parser(self._repaired.clean[clause.start:clause.end].replace("\n", " "))
            if skipped:
                start = self._repaired.to_original(clause.start, clause.end)[0]
                self.skipped.append(skipped_message(self.source_name, start, clause.end - clause.start))
            yield text

    def read(self, doc: Doc) -> None:
        """Read the parse of the next clause; parses must come in the order `texts` gave them."""
        clause = self._clauses[self._parsed]
        self._parsed += 1
        self._sentences.setdefault(clause.sentence.id, clause.sentence)
        self._reader.read(clause, doc)

    @property
    def clauses_read(self) -> tuple[int, int]:
        """How many clauses' parses were read, of how many: a long document's progress."""
        return self._parsed, len(self._clauses)

    @property
    def all_read(self) -> bool:
        """Whether every clause's parse has been read, so `finish` may run."""
        return self._parsed == len(self._clauses)

    def finish(self) -> Extraction:
        """Every record of the text, once all its clauses are read."""
        reader, sentences = self._reader, list(self._sentences.values())
        actors = reader.actors.finish()
        _attach_header_mentions(actors, sentences)
        mechanisms = reader.mechanisms.finish(reader.duties)
        _link_goals(reader.goals, actors, mechanisms)
        extraction = Extraction(
            source_id=self.source_id, source_name=self.source_name, text=self.text,
            documents=self._structure.documents, sections=self._structure.sections, sentences=sentences,
            duties=reader.duties, actors=actors, mechanisms=mechanisms, goals=reader.goals, skipped=self.skipped,
        )
        extraction.warnings = drop_broken_records(extraction)
        return extraction


def extract_text(text: str, source_name: str, nlp: Language | None = None, batch_size: int = 64,
                 scars: Sequence[Scar] = (), title: str | None = None) -> Extraction:
    """Extract every record of one input text; offsets are offsets of `text` itself.

    `scars` and `title` are what its reader found (`extract.read.ReadText`)."""
    nlp = nlp or load_pipeline()
    prepared = PreparedText(text, source_name, scars, title)
    for doc in nlp.pipe(prepared.texts(), batch_size=batch_size):
        prepared.read(doc)
    return prepared.finish()


def _link_goals(goals: list[Goal], actors: list[Actor], mechanisms: list[Mechanism]) -> None:
    """A goal concerns the actors and mechanisms its own words name ("the number of patent
    examiners", "the IP talents library")."""
    for goal in goals:
        goal.actors = [a.id for a in actors if any(goal.start <= m.start and m.end <= goal.end for m in a.mentions)]
        goal.mechanisms = [m.id for m in mechanisms
                           if any(goal.start <= x.start and x.end <= goal.end for x in m.mentions)]


def _attach_header_mentions(actors: list[Actor], sentences: list[Sentence]) -> None:
    """Give header mentions (issuer, addressees) the sentence they stand in; drop those that
    stand in none (a title line that is not a sentence) so every mention keeps its provenance."""
    starts = [s.start for s in sentences]
    for actor in actors:
        kept = []
        for mention in actor.mentions:
            if mention.sentence == HEADER_SENTENCE:
                i = bisect.bisect_right(starts, mention.start) - 1
                if i < 0 or sentences[i].end < mention.end:
                    continue
                mention.sentence = sentences[i].id
            kept.append(mention)
        actor.mentions = kept
