"""Ontology quality checks: the shipped ontology, data and shapes pass; a fixture breaking each check is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from miggraph import ontology_checks as oc
from miggraph.config import MIG

ROOT = Path(__file__).resolve().parents[1]

HEAD = """
@prefix mig:  <https://w3id.org/miggraph/ontology#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/miggraph/ontology> a owl:Ontology ;
    dcterms:title "t"@en ; dcterms:description "d"@en ; dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:creator "c" ; owl:versionIRI <https://w3id.org/miggraph/ontology/9> ; owl:versionInfo "9" .
mig:Good a owl:Class ; rdfs:label "good"@en ; rdfs:comment "A good class."@en ; rdfs:subClassOf prov:Entity .
mig:goodProp a owl:ObjectProperty ; rdfs:label "good property"@en ; rdfs:comment "A good property."@en ;
    rdfs:domain mig:Good ; rdfs:range mig:Good .
"""


def _ont(extra: str = "") -> Graph:
    return Graph().parse(data=HEAD + extra, format="turtle")


def _terms(findings: list[oc.OntologyFinding], check: str) -> set:
    return {f.term for f in findings if f.check == check}


def test_shipped_ontology_data_and_shapes_pass(built):
    ontology = Graph().parse(ROOT / "ontology" / "miggraph.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "shapes" / "miggraph.shacl.ttl", format="turtle")
    data = Graph().parse(built / "miggraph.nt", format="nt")
    assert [str(f) for f in oc.run_all(ontology, data, shapes)] == []


def test_fixture_ontology_passes():
    assert oc.run_all(_ont()) == []


def test_term_without_label_or_comment():
    found = oc.check_documented(_ont('mig:Bare a owl:Class ; rdfs:subClassOf mig:Good .\n'
                                     'mig:TwoLabels a owl:Class ; rdfs:label "a"@en , "b"@en ; rdfs:comment "c"@en ; '
                                     'rdfs:subClassOf mig:Good .'))
    assert _terms(found, "documented") == {MIG.Bare, MIG.TwoLabels}
    assert any("rdfs:comment" in f.message for f in found if f.term == MIG.Bare)


def test_property_without_domain_or_range():
    found = oc.check_domain_range(_ont('mig:loose a owl:DatatypeProperty ; rdfs:label "l"@en ; rdfs:comment "c"@en ; '
                                       'rdfs:subPropertyOf mig:goodProp .'))
    assert _terms(found, "domain-range") == {MIG.loose}
    assert {f.message for f in found} == {"has no rdfs:domain", "has no rdfs:range"}


def test_undeclared_term_in_data_and_shapes():
    data = Graph().parse(data='@prefix mig: <https://w3id.org/miggraph/ontology#> .\n'
                              '<https://w3id.org/miggraph/id/org/x> a mig:Good ; mig:goodProp <https://w3id.org/miggraph/id/org/y> ; '
                              'mig:invented "z" .', format="turtle")
    shapes = Graph().parse(data='@prefix mig: <https://w3id.org/miggraph/ontology#> .\n'
                                '@prefix sh: <http://www.w3.org/ns/shacl#> .\n'
                                '<https://example.org/s> sh:targetClass mig:Missing .', format="turtle")
    found = oc.check_declared(_ont(), [("data", data), ("shapes", shapes)])
    assert _terms(found, "declared") == {MIG.invented, MIG.Missing}
    assert any("data" in f.message for f in found if f.term == MIG.invented)
    assert any("shapes" in f.message for f in found if f.term == MIG.Missing)


def test_two_entities_of_a_class_with_one_label():
    data = Graph().parse(data='@prefix mig: <https://w3id.org/miggraph/ontology#> .\n'
                              '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                              '<https://w3id.org/miggraph/id/org/a> a mig:UNEntity ; rdfs:label "Same name"@en .\n'
                              '<https://w3id.org/miggraph/id/org/b> a mig:UNEntity ; rdfs:label "same name"@en .\n'
                              '<https://w3id.org/miggraph/id/person/c> a mig:Person ; rdfs:label "Same name"@en .\n',
                         format="turtle")
    found = oc.check_unique_labels(data)
    assert _terms(found, "unique-labels") == {MIG.UNEntity}
    assert "org/a" in found[0].message and "org/b" in found[0].message and "person/c" not in found[0].message


def test_unconnected_class_and_property():
    found = oc.check_connected(_ont('mig:Island a owl:Class ; rdfs:label "i"@en ; rdfs:comment "c"@en .\n'
                                    'mig:floating a owl:ObjectProperty ; rdfs:label "f"@en ; rdfs:comment "c"@en .'))
    assert _terms(found, "connected") == {MIG.Island, MIG.floating}


@pytest.mark.parametrize("drop", ["title", "description", "license", "creator", "versionIRI", "versionInfo"])
def test_missing_ontology_metadata(drop):
    ont = _ont()
    ontology_iri = URIRef("https://w3id.org/miggraph/ontology")
    for p in list(ont.predicates(ontology_iri)):
        if str(p).endswith(drop):
            ont.remove((ontology_iri, p, None))
    found = oc.check_metadata(ont)
    assert len(found) == 1 and found[0].term == ontology_iri and drop.lower()[:5] in found[0].message.lower().replace(" ", "")
