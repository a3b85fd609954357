"""Read models for the viewer: small functions over a store that return plain rows and dataclasses.

The rows of the register are the export rows (`graph.export.records`, the evaluation contract),
so the viewer shows, filters and downloads exactly what `policykg export` writes; each view adds
only what a page needs on top (the owner as a reader should see it, titles, ids to link by).
Records are keyed by `(source, id)`: ids are unique within a source's graph, not across sources.
Text is always cut from the source text stored in the graph, by offset, for example a duty in
its sentence: `passage(source_text(store, duty["source"]), duty["start"], duty["end"],
duty["sentence_start"], duty["sentence_end"])`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, RdfFormat, Store

from extract.records import OWNER_SOURCES
from graph import GraphError
from graph.build import MODALITIES
from graph.export import records
from graph.query import QueryResult, run_query
from graph.short_labels import short_actor_label
from graph.sparql_guard import QueryRefused
from graph.store import SourceInfo, list_sources

if TYPE_CHECKING:
    from graph.validate import ValidationReport

NOT_STATED = "not stated"
OWNER_STATUSES = ("named", "inferred", NOT_STATED)

# Binds ?g and ?source (the source id) for a pattern inside `GRAPH ?g { ... }`.
_SOURCE = "?src a pkg:Source ; dcterms:identifier ?source ."


@dataclass(frozen=True)
class Counts:
    """How much the store holds, for the overview."""

    sources: int
    documents: int
    duties: int
    actors: int
    mechanisms: int
    goals: int
    duties_by_modality: dict[str, int]


@dataclass(frozen=True)
class DocumentSummary:
    """A document found in a source, with its header fields as written."""

    source: str
    id: str
    title: str
    issuer: str | None
    number: str | None
    date: str | None
    addressees: list[str]
    cites: list[str]
    duties: int
    goals: int


@dataclass(frozen=True)
class Passage:
    """A span inside its context: `before + span + after` is the context, exactly as in the text."""

    before: str
    span: str
    after: str


@dataclass(frozen=True)
class Segment:
    """A run of a source text and the marks (`("duty", id)` or `("goal", id)`) that cover all of it."""

    text: str
    marks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SectionEntry:
    """A heading of a document's structure tree, with where it is in the text and its duty count."""

    document: str
    id: str
    label: str
    title: str
    level: int
    parent: str | None
    start: int
    end: int
    duties: int


@dataclass(frozen=True)
class Mention:
    """Where a record is named: the span and its sentence, as offsets into the source text."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class ActorDetail:
    """One actor with everything the actor page shows."""

    record: dict[str, Any]
    units: list[str]
    duties: list[dict[str, Any]]
    mechanisms: list[str]
    goals: list[dict[str, Any]]


@dataclass(frozen=True)
class MechanismDetail:
    """One mechanism, the duties that create or improve it, and where it is named."""

    record: dict[str, Any]
    duties: list[dict[str, Any]]
    mentions: list[Mention] = field(default_factory=list)


def owner_reason(source: str | None, cue: str | None, actor: str | None) -> str:
    """Why the register names this owner, in words: how the owner chain found it.

    >>> owner_reason("pronoun", "they", "providers of hosting services")
    "'they' → providers of hosting services"
    >>> owner_reason("section-heading", "Duties of suppliers", "suppliers")
    "from the heading 'Duties of suppliers'"
    >>> owner_reason("subject", None, "Commission")
    'named as subject'
    """
    if source == "pronoun" and cue:
        return f"'{cue}' → {actor}"
    if source == "section-heading" and cue:
        return f"from the heading '{cue}'"
    return OWNER_SOURCES.get(source or "none", OWNER_SOURCES["none"])


def owner_label(actor: str | None, inferred: bool | None) -> str:
    """The owner as the register shows it: never blank, an inferred owner marked as such.

    >>> owner_label("SIPO", True), owner_label(None, False)
    ('(inferred) SIPO', 'not stated')
    """
    if actor is None:
        return NOT_STATED
    return f"(inferred) {actor}" if inferred else actor


def counts(store: Store) -> Counts:
    """Sources, documents found in them, duties (also by modality), actors, mechanisms and goals."""
    found = {row["kind"]: row["n"] for row in run_query(store, """
        SELECT ?kind (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?g {
          { VALUES (?class ?kind) { (pkg:Source "sources") (pkg:Duty "duties") (pkg:Actor "actors")
                                    (pkg:Mechanism "mechanisms") (pkg:Goal "goals") }
            ?node a ?class }
          UNION { ?node a pkg:Document ; pkg:inSource ?source . BIND ("documents" AS ?kind) }
        } } GROUP BY ?kind""").rows}
    labels = {iri.value: label for label, iri in MODALITIES.items()}
    by_modality = dict.fromkeys(MODALITIES, 0)
    for row in run_query(store, """SELECT ?modality (COUNT(DISTINCT ?duty) AS ?n)
            WHERE { GRAPH ?g { ?duty a pkg:Duty ; pkg:modality ?modality } } GROUP BY ?modality""").rows:
        by_modality[labels.get(row["modality"], row["modality"])] = row["n"]
    kinds = ("sources", "documents", "duties", "actors", "mechanisms", "goals")
    return Counts(*(found.get(kind, 0) for kind in kinds), duties_by_modality=by_modality)


def sources(store: Store) -> list[SourceInfo]:
    """The input files in the store, by id (also those in which no document header was found)."""
    return list_sources(store)


def documents(store: Store) -> list[DocumentSummary]:
    """The documents found in the sources (not those only cited), in source and text order."""
    rows = run_query(store, f"""
        SELECT ?source ?id ?title ?issuer ?number ?date ?begin
               (COUNT(DISTINCT ?duty) AS ?duties) (COUNT(DISTINCT ?goal) AS ?goals)
        WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?doc a pkg:Document ; pkg:inSource ?src ; dcterms:identifier ?id ; dcterms:title ?title ;
               prov:wasDerivedFrom/nif:beginIndex ?begin .
          OPTIONAL {{ ?doc pkg:issuer ?issuer }} OPTIONAL {{ ?doc pkg:number ?number }}
          OPTIONAL {{ ?doc dcterms:issued ?date }} OPTIONAL {{ ?doc pkg:hasDuty ?duty }}
          OPTIONAL {{ ?goal pkg:inDocument ?doc ; a pkg:Goal }} }} }}
        GROUP BY ?source ?id ?title ?issuer ?number ?date ?begin ORDER BY ?source ?begin""").rows
    addressees = _values(store, "?doc pkg:addressee ?value")
    cites = _values(store, "?doc pkg:cites/dcterms:title ?value")
    return [DocumentSummary(row["source"], row["id"], row["title"], row["issuer"], row["number"], row["date"],
                            addressees.get((row["source"], row["id"]), []), cites.get((row["source"], row["id"]), []),
                            row["duties"], row["goals"])
            for row in rows]


def duty_register(store: Store) -> list[dict[str, Any]]:
    """The export rows of every duty, plus `owner` (as shown), `owner_short` (the same, short:
    `graph.short_labels`), `owner_status`, `owner_why`, `actor_id`, `document_title` and `section_title`."""
    owners = {(row["source"], row["id"]): row["actor_id"] for row in run_query(store, f"""
        SELECT ?source ?id ?actor_id WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?duty a pkg:Duty ; dcterms:identifier ?id ; pkg:owner/dcterms:identifier ?actor_id }} }}""").rows}
    titles = {(row["source"], row["id"]): row["title"] for row in _document_rows(store)}
    short = short_actor_labels(store)
    sections = {(row["source"], row["document"], row["label"]): row["title"] for row in run_query(store, f"""
        SELECT ?source ?document ?label ?title WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?section a pkg:Section ; skos:notation ?label ; dcterms:title ?title ;
                   pkg:inDocument/dcterms:identifier ?document }} }}""").rows}
    register = records(store, "duties")
    for row in register:
        row["owner"] = owner_label(row["actor"], row["actor_inferred"])
        row["owner_short"] = (NOT_STATED if row["actor"] is None else
                              short[row["source"], row["actor"]] + (", inferred" if row["actor_inferred"] else ""))
        row["owner_status"] = NOT_STATED if row["actor"] is None else "inferred" if row["actor_inferred"] else "named"
        row["owner_why"] = owner_reason(row["owner_source"], row["owner_cue"], row["actor"])
        row["actor_id"] = owners.get((row["source"], row["id"]))
        row["document_title"] = titles.get((row["source"], row["document"]))
        row["section_title"] = sections.get((row["source"], row["document"], row["section"]))
    return register


def short_actor_labels(store: Store) -> dict[tuple[str, str], str]:
    """Each actor's label as the register and the graph show it (`graph.short_labels`), by (source, label)."""
    documents: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for row in _document_rows(store):
        documents[row["source"]].append((row["number"], row["title"]))
    labels = run_query(store, f"""SELECT DISTINCT ?source ?label WHERE {{ GRAPH ?g {{ {_SOURCE}
        ?actor a pkg:Actor ; skos:prefLabel ?label }} }}""").rows
    return {(row["source"], row["label"]): short_actor_label(row["label"], documents[row["source"]]) for row in labels}


def _document_rows(store: Store) -> list[dict[str, Any]]:
    """Source, id, title and number (None if none) of every document."""
    return run_query(store, f"""
        SELECT ?source ?id ?title ?number WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?doc a pkg:Document ; pkg:inSource ?src ; dcterms:identifier ?id ; dcterms:title ?title .
          OPTIONAL {{ ?doc pkg:number ?number }} }} }}""").rows


def actors(store: Store) -> list[dict[str, Any]]:
    """The export rows of every actor, most duties first."""
    return sorted(records(store, "actors"), key=lambda row: (-row["duties"], row["label"].casefold()))


def actor_detail(store: Store, source: str, actor_id: str) -> ActorDetail:
    """An actor's record, its units, the duties it owns (with role), their mechanisms and its goals."""
    record = _one(actors(store), source, actor_id, "actor")
    units = sorted(row["label"] for row in run_query(store, f"""
        SELECT ?label WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?unit org:subOrganizationOf ?actor ; skos:prefLabel ?label . ?actor dcterms:identifier {_literal(actor_id)}
          FILTER (?source = {_literal(source)}) }} }}""").rows)
    duties = [row for row in duty_register(store) if (row["source"], row["actor_id"]) == (source, actor_id)]
    goal_ids = {row["id"] for row in run_query(store, f"""
        SELECT ?id WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?goal pkg:concerns/dcterms:identifier {_literal(actor_id)} ; a pkg:Goal ; dcterms:identifier ?id
          FILTER (?source = {_literal(source)}) }} }}""").rows}
    goals = [row for row in records(store, "goals") if row["source"] == source and row["id"] in goal_ids]
    mechanisms = sorted({label for duty in duties for label in duty["mechanisms"]}, key=str.casefold)
    return ActorDetail(record, units, duties, mechanisms, goals)


def mechanisms(store: Store) -> list[dict[str, Any]]:
    """The export rows of every mechanism, most duties first."""
    return sorted(records(store, "mechanisms"), key=lambda row: (-row["duties"], row["label"].casefold()))


def mechanism_detail(store: Store, source: str, mechanism_id: str) -> MechanismDetail:
    """A mechanism's record, the duties that create or improve it, and its mentions in text order."""
    record = _one(mechanisms(store), source, mechanism_id, "mechanism")
    duty_ids = {row["id"] for row in run_query(store, f"""
        SELECT ?id WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?duty pkg:createsOrImproves/dcterms:identifier {_literal(mechanism_id)} ; a pkg:Duty ;
                dcterms:identifier ?id FILTER (?source = {_literal(source)}) }} }}""").rows}
    duties = [row for row in duty_register(store) if row["source"] == source and row["id"] in duty_ids]
    mentions = [Mention(**row) for row in run_query(store, f"""
        SELECT DISTINCT ?start ?end ?sentence_start ?sentence_end WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?mechanism a pkg:Mechanism ; dcterms:identifier {_literal(mechanism_id)} ; prov:wasDerivedFrom ?span .
          ?span nif:beginIndex ?start ; nif:endIndex ?end ; pkg:inSentence ?s .
          ?s nif:beginIndex ?sentence_start ; nif:endIndex ?sentence_end
          FILTER (?source = {_literal(source)}) }} }} ORDER BY ?start""").rows]
    return MechanismDetail(record, duties, mentions)


def goals(store: Store) -> list[dict[str, Any]]:
    """The export rows of every goal, in text order."""
    return records(store, "goals")


def source_text(store: Store, source: str) -> str:
    """The full original text of a source, as stored in its graph."""
    rows = run_query(store, f"""SELECT ?text WHERE {{ GRAPH ?g {{
        ?src a pkg:Source ; dcterms:identifier {_literal(source)} ; nif:isString ?text }} }}""").rows
    if not rows:
        raise GraphError(f"the store holds no source {source!r}; rebuild it with `policykg build`")
    return rows[0]["text"]


def passage(text: str, start: int, end: int, context_start: int, context_end: int) -> Passage:
    """`text[start:end]` inside `text[context_start:context_end]`, e.g. a duty inside its sentence."""
    if not 0 <= context_start <= start <= end <= context_end <= len(text):
        raise GraphError(f"the span {start}-{end} does not lie inside {context_start}-{context_end} "
                         f"of a text of {len(text)} characters; rebuild the store")
    return Passage(text[context_start:start], text[start:end], text[end:context_end])


def marked_text(store: Store, source: str) -> list[Segment]:
    """The whole text of a source cut into runs, each with the duties, goals and actor mentions covering it."""
    text = source_text(store, source)
    spans = [("duty", row["id"], row["start"], row["end"]) for row in records(store, "duties")
             if row["source"] == source]
    spans += [("goal", row["id"], row["start"], row["end"]) for row in records(store, "goals")
              if row["source"] == source]
    spans += [("actor", row["id"], row["start"], row["end"]) for row in run_query(store, f"""
        SELECT DISTINCT ?id ?start ?end WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?actor a pkg:Actor ; dcterms:identifier ?id ; prov:wasDerivedFrom ?span .
          ?span nif:beginIndex ?start ; nif:endIndex ?end FILTER (?source = {_literal(source)}) }} }}
        ORDER BY ?start""").rows]
    return segments(text, spans)


def structure(store: Store, source: str) -> list[SectionEntry]:
    """The headings of a source's documents (parts, sections, numbered paragraphs) in text order."""
    return [SectionEntry(**row) for row in run_query(store, f"""
        SELECT ?document ?id ?label ?title ?level ?parent ?start ?end (COUNT(DISTINCT ?duty) AS ?duties)
        WHERE {{ GRAPH ?g {{ {_SOURCE}
          ?section a pkg:Section ; dcterms:identifier ?id ; skos:notation ?label ; pkg:level ?level ;
                   pkg:inDocument/dcterms:identifier ?document ;
                   prov:wasDerivedFrom [ nif:beginIndex ?start ; nif:endIndex ?end ] .
          OPTIONAL {{ ?section dcterms:title ?given }}
          OPTIONAL {{ ?section pkg:partOf/dcterms:identifier ?parent }}
          OPTIONAL {{ ?duty pkg:inSection ?section ; a pkg:Duty }}
          BIND (COALESCE(?given, "") AS ?title)
          FILTER (?source = {_literal(source)}) }} }}
        GROUP BY ?document ?id ?label ?title ?level ?parent ?start ?end ORDER BY ?start""").rows]


def segments(text: str, spans: Iterable[tuple[str, str, int, int]]) -> list[Segment]:
    """Cut `text` at every span boundary; overlapping spans give runs with several marks, innermost first.

    >>> segments("abcdef", [("duty", "d1", 1, 3)])
    [Segment(text='a', marks=()), Segment(text='bc', marks=(('duty', 'd1'),)), Segment(text='def', marks=())]
    """
    # Within a run, marks go from the innermost (shortest) span out, so a reader's click opens it.
    spans = sorted(((kind, key, max(0, start), min(len(text), end)) for kind, key, start, end in spans),
                   key=lambda span: span[3] - span[2])
    cuts = sorted({0, len(text), *(start for *_, start, _ in spans), *(end for *_, end in spans)})
    runs: list[Segment] = []
    for start, end in zip(cuts, cuts[1:]):
        marks = tuple((kind, key) for kind, key, first, last in spans if first <= start and end <= last)
        if runs and runs[-1].marks == marks:
            runs[-1] = Segment(runs[-1].text + text[start:end], marks)
        else:
            runs.append(Segment(text[start:end], marks))
    return runs


def shacl_report(store: Store, source: str) -> ValidationReport:
    """What the SHACL shapes say of one source's graph, as `graph.validate.validate_store` says of each."""
    from graph.validate import validate_ntriples  # pyshacl loads only when a page asks for a check

    graph = next((info.graph for info in list_sources(store) if info.source_id == source), None)
    if graph is None:
        raise GraphError(f"the store holds no source {source!r}; rebuild it with `policykg build`")
    return validate_ntriples(source, store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(graph)))


def read_only_query(store: Store, sparql: str, sources: Sequence[str] = ()) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over every source or `sources`; updates and SERVICE are refused."""
    try:
        return run_query(store, sparql, sources=sources)
    except QueryRefused as refusal:
        if refusal.kind == "update":
            raise GraphError("the viewer is read-only: SPARQL updates (INSERT, DELETE, LOAD, DROP ...) are refused") from None
        raise


def _values(store: Store, pattern: str) -> dict[tuple[str, str], list[str]]:
    """The values of a many-valued document field, by (source, document id)."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in run_query(store, f"""SELECT ?source ?id ?value WHERE {{ GRAPH ?g {{ {_SOURCE}
            ?doc pkg:inSource ?src ; dcterms:identifier ?id . {pattern} }} }} ORDER BY ?value""").rows:
        found[(row["source"], row["id"])].append(row["value"])
    return found


def _one(rows: list[dict[str, Any]], source: str, key: str, kind: str) -> dict[str, Any]:
    for row in rows:
        if (row["source"], row["id"]) == (source, key):
            return row
    raise GraphError(f"the store holds no {kind} {key!r} in source {source!r}")


def _literal(value: str) -> str:
    """A SPARQL string literal; escaping every quote and backslash keeps user values out of the syntax."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
