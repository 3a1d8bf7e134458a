"""The ontology declares the whole vocabulary contract, documented and aligned."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from miggraph.config import MIG

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_CLASSES = """
Document Resolution Report MeetingSummary Correspondence DraftResolution Instrument Convention Protocol Recommendation
CodeOfPractice Declaration PlanOfAction PolicyFramework Meeting HighLevelDialogue GlobalForumMeeting RoundTable Conference
Debate Hearing CoordinationMeeting ConsultativeProcess RegionalConsultativeProcess GlobalConsultativeProcess Organization
UNEntity IntergovernmentalOrganization InterAgencyGroup Body CivilSocietyOrganization Person Country Place Region Programme
Theme Role Membership RatificationStatus Passage
""".split()

CONTRACT_PROPERTIES = """
symbol resolutionNumber adoptedBy adoptedOn mandatedBy requestedBy references startDate endDate location hostedBy organizedBy
convenedBy chairedBy partOf followUpTo hasOutcome transmits sentBy theme region developmentFocus establishedBy established
succeeds supplements member group asOf holder roleName roleIn instrument count participantCount mentions inDocument paragraph
quote acronym
""".split()

EXTERNAL = ("https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
            "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/linked-data/cube#")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ROOT / "ontology" / "miggraph.ttl", format="turtle")


def test_contract_terms_declared(ont):
    for name in CONTRACT_CLASSES:
        assert (MIG[name], RDF.type, OWL.Class) in ont, name
    for name in CONTRACT_PROPERTIES:
        assert any((MIG[name], RDF.type, t) in ont for t in (OWL.ObjectProperty, OWL.DatatypeProperty)), name
    for name in ("SystematicFocus", "AdHocFocus", "NoDevelopmentFocus"):
        assert (MIG[name], RDF.type, MIG.DevelopmentFocus) in ont


def test_every_term_documented(ont):
    terms = {s for s in ont.subjects() if isinstance(s, URIRef) and str(s).startswith(str(MIG))}
    assert len(terms) > 100
    for term in terms:
        labels = list(ont.objects(term, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", term
        assert list(ont.objects(term, RDFS.comment)), term
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ont.subjects(RDF.type, kind):
            assert ont.value(prop, RDFS.domain) is not None, prop
            assert ont.value(prop, RDFS.range) is not None, prop


def test_every_class_aligned_to_a_standard_vocabulary(ont):
    for cls in ont.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(MIG)):
            continue
        ancestors = set(ont.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(a).startswith(EXTERNAL) for a in ancestors), cls


# Properties no term of those vocabularies means: counts of particular things, offsets and labels of passages,
# session names, statuses, the development focus classification, meeting order, table totals, corpus file names,
# the qualifier of a stated number and the change a figure states.
UNALIGNED_PROPERTIES = """
corpusFile count memberCount participantCount regionalProcessCount startOffset endOffset paragraph session status
developmentFocus precedes isTotal qualifier changePercent agendaItem adoptedAs
""".split()


def test_every_property_aligned_or_listed_as_having_no_standard_counterpart(ont):
    """A property is a sub-property of a standard one, or a Data Cube component, or in the list the README gives."""
    components = {URIRef("http://purl.org/linked-data/cube#" + k) for k in ("MeasureProperty", "DimensionProperty",
                                                                          "AttributeProperty")}
    unaligned = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ont.subjects(RDF.type, kind):
            if not str(prop).startswith(str(MIG)):
                continue
            supers = set(ont.transitive_objects(prop, RDFS.subPropertyOf))
            if any(str(a).startswith(EXTERNAL) for a in supers) or components & set(ont.objects(prop, RDF.type)):
                continue
            unaligned.add(str(prop).removeprefix(str(MIG)))
    assert unaligned == set(UNALIGNED_PROPERTIES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`mig:{name}`" in readme for name in UNALIGNED_PROPERTIES)


def test_ontology_metadata(ont):
    o = URIRef("https://w3id.org/miggraph/ontology")
    for p in ("title", "description", "license", "creator"):
        assert ont.value(o, URIRef("http://purl.org/dc/terms/" + p)) is not None, p
    assert ont.value(o, OWL.versionIRI) is not None
    assert ont.value(o, OWL.versionInfo) is not None
