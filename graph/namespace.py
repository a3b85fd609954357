"""The vocabularies of the graph, as typed namespaces, so a misspelt term is an error.

`PKG` lists the terms of `ontology/policykg.ttl` (a test checks the two agree both ways).
The W3C vocabularies rdflib does not ship (NIF, DPV) get the few terms this project uses.
`PREFIXES` is the one prefix table for SPARQL queries and serialisations.

    >>> PKG.Duty
    rdflib.term.URIRef('https://w3id.org/policykg/ontology#Duty')
"""
# No `from __future__ import annotations` here: DefinedNamespace reads the annotations as types.
from functools import lru_cache
from pathlib import Path

from pyoxigraph import NamedNode
from rdflib.namespace import DCTERMS, ODRL2, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policykg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

DATA = "https://w3id.org/policykg/data/"


class PKG(DefinedNamespace):
    """The policykg ontology: duties, owners, mechanisms, goals and their text spans."""

    _fail = True
    _NS = Namespace("https://w3id.org/policykg/ontology#")

    # classes
    Source: URIRef
    Document: URIRef
    Section: URIRef
    TextSpan: URIRef
    Sentence: URIRef
    Duty: URIRef
    Actor: URIRef
    Mechanism: URIRef
    Goal: URIRef
    Modality: URIRef
    # modalities
    Modalities: URIRef
    Obligation: URIRef
    Permission: URIRef
    Prohibition: URIRef
    Recommendation: URIRef
    # mechanism types (skos:notation = pkg:mechanismType)
    MechanismTypes: URIRef
    MechanismInstrument: URIRef
    SystemInstrument: URIRef
    ProcedureInstrument: URIRef
    RecordInstrument: URIRef
    ReportInstrument: URIRef
    AssessmentInstrument: URIRef
    AgreementInstrument: URIRef
    PlanInstrument: URIRef
    ProgrammeInstrument: URIRef
    PlatformInstrument: URIRef
    ContactPointInstrument: URIRef
    BodyInstrument: URIRef
    FacilityInstrument: URIRef
    FundInstrument: URIRef
    RuleInstrument: URIRef
    # structure
    inSource: URIRef
    inDocument: URIRef
    hasDuty: URIRef
    partOf: URIRef
    inSection: URIRef
    inSentence: URIRef
    cites: URIRef
    sourceName: URIRef
    sha256: URIRef
    fileSha256: URIRef
    issuer: URIRef
    number: URIRef
    addressee: URIRef
    level: URIRef
    # duties
    modality: URIRef
    owner: URIRef
    coOwner: URIRef
    ownerSource: URIRef
    ownerCue: URIRef
    ownerRole: URIRef
    actorInferred: URIRef
    action: URIRef
    object: URIRef
    condition: URIRef
    deadline: URIRef
    deadlineText: URIRef
    createsOrImproves: URIRef
    isHeading: URIRef
    cueIndex: URIRef
    # actors, mechanisms
    actorKind: URIRef
    nameKey: URIRef
    mechanismType: URIRef
    # goals
    targetValue: URIRef
    targetValueMax: URIRef
    comparator: URIRef
    metric: URIRef
    frequency: URIRef
    unit: URIRef
    concerns: URIRef
    # why this record: rule families
    extractedBy: URIRef
    cue: URIRef
    RuleFamilies: URIRef
    ImperativeRule: URIRef
    ModalRule: URIRef
    CatenativeRule: URIRef
    PassiveModalRule: URIRef
    ResponsibilityRule: URIRef
    GerundLineRule: URIRef
    LeadInItemRule: URIRef
    ReviewerRule: URIRef
    ForecastRule: URIRef
    TargetRule: URIRef
    SubjectRule: URIRef
    CoordinatedSubjectRule: URIRef
    LeaderRule: URIRef
    LeadInRule: URIRef
    AgentRule: URIRef
    AntecedentRule: URIRef
    SectionHeadingRule: URIRef
    AddresseeRule: URIRef
    IssuerRule: URIRef
    NamedBodyRule: URIRef
    MechanismHeadRule: URIRef
    # review
    Correction: URIRef
    ofSource: URIRef
    targetKind: URIRef
    targetId: URIRef
    corrects: URIRef
    change: URIRef
    field: URIRef
    oldValue: URIRef
    newValue: URIRef
    newReference: URIRef
    batch: URIRef
    sequence: URIRef
    anchor: URIRef
    reviewed: URIRef
    correctedBy: URIRef


class NIF(DefinedNamespace):
    """NIF 2.1 Core: character offsets into a text (the nif:Context)."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    String: URIRef
    Sentence: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef


class DPV(DefinedNamespace):
    """Data Privacy Vocabulary 2.x rules: the modalities duties are aligned to."""

    _fail = True
    _NS = Namespace("https://w3id.org/dpv#")

    Rule: URIRef
    Obligation: URIRef
    Permission: URIRef
    Prohibition: URIRef


PREFIXES: dict[str, str] = {
    "pkg": str(PKG._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "owl": str(OWL._NS),
    "xsd": str(XSD._NS),
    "skos": str(SKOS._NS),
    "dcterms": str(DCTERMS._NS),
    "odrl": str(ODRL2._NS),
    "dpv": str(DPV._NS),
    "org": str(ORG._NS),
    "prov": str(PROV._NS),
    "time": str(TIME._NS),
    "nif": str(NIF._NS),
}


@lru_cache(maxsize=None)
def node(term: URIRef) -> NamedNode:
    """The Oxigraph node of a vocabulary term (cached: a build uses the same few terms thousands of times)."""
    return NamedNode(str(term))
