"""The vocabularies of the graph, as Oxigraph nodes, so a misspelt term is an error where it is written.

`PKG` lists the terms of `ontology/policykg.ttl` (a test checks the two agree both ways); the W3C
vocabularies list the terms this project uses. `PREFIXES` is the one prefix table for SPARQL
queries and serialisations.

The terms are plain `pyoxigraph.NamedNode`s rather than rdflib's namespace classes: building,
reading and correcting the graph all go through pyoxigraph, and importing rdflib only for its
constants cost every viewer start about 0.1 s; rdflib loads where it is used (SHACL validation).

    >>> PKG.Duty
    <NamedNode value=https://w3id.org/policykg/ontology#Duty>
"""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policykg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

DATA = "https://w3id.org/policykg/data/"


class Vocabulary:
    """The listed terms of one namespace IRI: `PKG.Duty` is a node, `PKG.Dutty` an AttributeError."""

    def __init__(self, iri: str, terms: str) -> None:
        """`terms` are names separated by white space; lines starting with "#" are comments."""
        self.iri = iri
        names = [name for line in terms.splitlines() if not line.lstrip().startswith("#") for name in line.split()]
        self.terms: dict[str, NamedNode] = {name: NamedNode(iri + name) for name in names}

    def __getattr__(self, name: str) -> NamedNode:
        try:
            return self.__dict__["terms"][name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of <{self.__dict__.get('iri')}> in graph.namespace") from None

    def __contains__(self, term: object) -> bool:
        """Whether a node or IRI string is one of the listed terms."""
        iri = term.value if isinstance(term, NamedNode) else term
        return isinstance(iri, str) and iri.startswith(self.iri) and iri[len(self.iri):] in self.terms


PKG = Vocabulary("https://w3id.org/policykg/ontology#", """
    # classes
    Source Document Section TextSpan Sentence Duty Actor Mechanism Goal Modality
    # modalities
    Modalities Obligation Permission Prohibition Recommendation
    # mechanism types (skos:notation = pkg:mechanismType)
    MechanismTypes MechanismInstrument SystemInstrument ProcedureInstrument RecordInstrument
    ReportInstrument AssessmentInstrument AgreementInstrument PlanInstrument ProgrammeInstrument
    PlatformInstrument ContactPointInstrument BodyInstrument FacilityInstrument FundInstrument
    RuleInstrument
    # structure
    inSource inDocument hasDuty partOf inSection inSentence cites sourceName sha256 fileSha256
    issuer number addressee level
    # duties
    modality owner coOwner ownerSource ownerCue ownerRole actorInferred action object condition
    deadline deadlineText createsOrImproves isHeading cueIndex
    # actors, mechanisms
    actorKind nameKey mechanismType
    # goals
    targetValue targetValueMax comparator metric frequency unit concerns
    # why this record: rule families
    extractedBy cue RuleFamilies ImperativeRule ModalRule CatenativeRule PassiveModalRule
    ResponsibilityRule GerundLineRule LeadInItemRule ReviewerRule ForecastRule TargetRule
    SubjectRule CoordinatedSubjectRule LeaderRule LeadInRule AgentRule AntecedentRule
    SectionHeadingRule AddresseeRule IssuerRule NamedBodyRule MechanismHeadRule
    # review
    Correction ofSource targetKind targetId corrects change field oldValue newValue newReference
    batch sequence anchor reviewed correctedBy
""")
"""The policykg ontology: duties, owners, mechanisms, goals and their text spans."""

NIF = Vocabulary("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
                 "Context String Sentence isString beginIndex endIndex anchorOf referenceContext")
"""NIF 2.1 Core: character offsets into a text (the nif:Context)."""

DPV = Vocabulary("https://w3id.org/dpv#", "Rule Obligation Permission Prohibition")
"""Data Privacy Vocabulary 2.x rules: the modalities duties are aligned to."""

RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#", "label subClassOf subPropertyOf")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#", "Class ObjectProperty DatatypeProperty NamedIndividual")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#", "date dateTime gYear")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#",
                  "prefLabel altLabel notation inScheme closeMatch ConceptScheme")
DCTERMS = Vocabulary("http://purl.org/dc/terms/", "identifier title issued")
ODRL = Vocabulary("http://www.w3.org/ns/odrl/2/", "Duty assignee")
ORG = Vocabulary("http://www.w3.org/ns/org#", "Organization subOrganizationOf")
PROV = Vocabulary("http://www.w3.org/ns/prov#",
                  "wasDerivedFrom qualifiedDerivation Derivation entity wasAttributedTo generatedAtTime Agent")
TIME = Vocabulary("http://www.w3.org/2006/time#", "Instant inXSDgYear")

PREFIXES: dict[str, str] = {
    "pkg": PKG.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "dcterms": DCTERMS.iri,
    "odrl": ODRL.iri,
    "dpv": DPV.iri,
    "org": ORG.iri,
    "prov": PROV.iri,
    "time": TIME.iri,
    "nif": NIF.iri,
}
