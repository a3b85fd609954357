"""Plain records that extraction produces and the graph layer consumes.

Every record that stands for something said in the text carries character offsets into the
*original* input (scars included), so a reader can always go back to the exact characters.
Nothing here knows about spaCy or RDF: this module is the contract between `extract/` and
`graph/`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# How a duty's owner was found (`Duty.owner_source`, the resolvers of `extract/owners.py`), each
# with the phrase a reader is shown for it ("owner: named as subject").
OWNER_SOURCES = {
    "agent": "named as the agent ('by ...')",
    "subject": "named as subject",
    "coordinated-subjects": "named among coordinated subjects",
    "leader": "named as the body that leads",
    "pronoun": "a pronoun referring to an earlier body",
    "sentence": "named earlier in the same sentence",
    "lead-in": "from the lead-in of its list",
    "section-heading": "from the heading of its article or section",
    "discourse": "the body last given a duty in the same paragraph or article",
    "addressees": "the document's addressees",
    "issuer": "the body that issues the document",
    "none": "not stated",
    "reviewer": "set by a reviewer",  # in the reviewed view only (graph/reviewed.py)
}


@dataclass(frozen=True)
class Span:
    """A half-open character span `[start, end)` of the original input text."""

    start: int
    end: int


@dataclass
class DocumentInfo:
    """One document found in an input file (a file may hold a circular and the opinions it issues)."""

    id: str
    title: str
    start: int
    end: int
    issuer: str | None = None
    number: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when the text gives a full date
    addressees: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)  # titles of documents it cites


@dataclass
class Section:
    """A part, subsection or numbered paragraph heading. `label` is dotted, e.g. "III.iii"."""

    id: str
    document: str
    label: str
    title: str
    level: int
    start: int
    end: int
    parent: str | None = None


@dataclass
class Sentence:
    id: str
    document: str
    section: str | None  # section label, e.g. "III.iii"
    text: str  # the original characters, scars included
    start: int
    end: int


@dataclass
class Duty:
    """One obligation clause: one coordinated verb phrase of a directive."""

    id: str
    document: str
    section: str | None
    sentence: str  # sentence id
    sentence_text: str
    text: str  # the clause, original characters
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    modality: str  # obligation | permission | prohibition | recommendation
    action: str  # head verb lemma with particle or light-verb noun: "set up", "give support"
    object: str | None
    actor: str | None  # canonical actor label, None when no owner is known
    actor_id: str | None
    actor_inferred: bool
    role: str = "owner"  # owner | lead | participant
    owners: list[str] = field(default_factory=list)  # ids of every owning actor, `actor_id` first
    owner_source: str = "none"  # which owner resolver answered (extract/owners.py: OWNER_SOURCES)
    owner_cue: str | None = None  # the words the owner was found through: the pronoun, the heading
    mechanisms: list[str] = field(default_factory=list)  # mechanism ids
    condition: str | None = None
    deadline: str | None = None  # the deadline phrase as written
    deadline_year: int | None = None
    frequency: str | None = None  # how often the duty recurs: annual, quarterly, "every two years" ...
    is_heading: bool = False
    cue_start: int = 0  # where the duty's verb starts in the original text
    # Why this record: the rule family that found it (`extract.provenance.DUTY_FAMILIES`) and
    # the cue's span ("shall ensure": from the modal to the verb's end).
    found_by: str | None = None
    cue_span: Span | None = None


@dataclass
class Mention:
    """Where an actor or mechanism is named: its sentence and exact span."""

    text: str
    start: int
    end: int
    sentence: str  # sentence id
    found_by: str | None = None  # the rule family that found it (`extract.provenance.MENTION_FAMILIES`)


@dataclass
class Actor:
    id: str
    label: str
    kind: str  # government-body | unit | role | collective | external
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None  # parent actor id
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Mechanism:
    id: str
    label: str
    type: str  # the head noun: mechanism, system, platform, plan, project, base ...
    mentions: list[Mention] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)  # ids of duties that create or improve it


@dataclass
class Goal:
    id: str
    document: str
    section: str | None
    sentence: str
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    year: int | None
    value: float | None
    comparator: str | None  # = | > | >= | < | <= | about
    metric: str | None
    frequency: str | None = None  # annual | monthly | ...
    unit: str | None = None  # percent | times | a currency ...
    value_max: float | None = None  # the upper bound of a range target ("four to six")
    actors: list[str] = field(default_factory=list)  # actor ids
    mechanisms: list[str] = field(default_factory=list)  # mechanism ids
    found_by: str | None = None  # forecast | target (`extract.provenance.GOAL_FAMILIES`)


@dataclass
class Extraction:
    """Everything extracted from one input file."""

    source_id: str  # slug naming the input, used for its named graph
    source_name: str  # file name as given
    text: str  # the original input text
    documents: list[DocumentInfo] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    mechanisms: list[Mechanism] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    # SHA-256 of the file's bytes when the text came from a file: tells whether re-adding it is a
    # no-op. A PDF's text is derived, so the text's own hash cannot say the file is unchanged.
    file_sha256: str | None = None
    # One line per piece of the text that was not read, being over a limit of `extract.limits`.
    skipped: list[str] = field(default_factory=list)
    # One line per record dropped or link cut because real text broke an invariant (extract.integrity).
    warnings: list[str] = field(default_factory=list)
