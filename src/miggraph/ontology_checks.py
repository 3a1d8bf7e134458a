"""Quality checks on the ontology and on how data and shapes use it (the kind OOPS! and ROBOT's report make).

Each check returns findings naming the check, the term or entity, and what is wrong:

- ``documented``: every term of the ontology has one English rdfs:label and an rdfs:comment;
- ``domain-range``: every property has an rdfs:domain and an rdfs:range;
- ``declared``: every ``mig:`` term used in the data or in the shapes is declared by the ontology;
- ``unique-labels``: no two entities of the same class share a label;
- ``connected``: no class or property is left unconnected from the rest of the ontology;
- ``metadata``: the ontology has a title, a description, a licence, a creator, a version IRI and version info.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .config import MIG

CHECKS = ("documented", "domain-range", "declared", "unique-labels", "connected", "metadata")

ONTOLOGY_IRI = URIRef(str(MIG).rstrip("#"))
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
# Data Cube and n-ary helper nodes are not entities whose labels must be unique in their class.
_NOT_ENTITIES = {RDF.Statement, MIG.Passage}


@dataclass(frozen=True)
class OntologyFinding:
    """One problem found by an ontology check."""

    check: str
    term: Node
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.term}: {self.message}"


def _mig_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(MIG))}


def _declared(ontology: Graph) -> set[URIRef]:
    declared: set[URIRef] = set()
    for s, _, _ in ontology.triples((None, RDF.type, None)):
        if isinstance(s, URIRef) and str(s).startswith(str(MIG)):
            declared.add(s)
    return declared


def _properties(ontology: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        found.update(p for p in ontology.subjects(RDF.type, kind) if isinstance(p, URIRef) and str(p).startswith(str(MIG)))
    return found


def _classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(MIG))}


def check_documented(ontology: Graph) -> list[OntologyFinding]:
    out = []
    for term in sorted(_mig_terms(ontology)):
        labels = [lbl for lbl in ontology.objects(term, RDFS.label) if isinstance(lbl, Literal) and lbl.language == "en"]
        if len(labels) != 1:
            out.append(OntologyFinding("documented", term, f"has {len(labels)} English rdfs:label(s); needs exactly one"))
        if not list(ontology.objects(term, RDFS.comment)):
            out.append(OntologyFinding("documented", term, "has no rdfs:comment"))
    return out


def check_domain_range(ontology: Graph) -> list[OntologyFinding]:
    out = []
    for prop in sorted(_properties(ontology)):
        if ontology.value(prop, RDFS.domain) is None:
            out.append(OntologyFinding("domain-range", prop, "has no rdfs:domain"))
        if ontology.value(prop, RDFS.range) is None:
            out.append(OntologyFinding("domain-range", prop, "has no rdfs:range"))
    return out


def _used_terms(graph: Graph) -> set[URIRef]:
    used: set[URIRef] = set()
    ns = str(MIG)
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(ns):
                used.add(term)
    return used


def check_declared(ontology: Graph, graphs: Iterable[tuple[str, Graph]]) -> list[OntologyFinding]:
    declared = _declared(ontology)
    out = []
    for where, graph in graphs:
        for term in sorted(_used_terms(graph) - declared):
            out.append(OntologyFinding("declared", term, f"is used in the {where} but not declared by the ontology"))
    return out


def check_unique_labels(data: Graph, ontology: Graph | None = None) -> list[OntologyFinding]:
    """No two entities of one class share a label (passages, statements and text mentions are not entities)."""
    skip = set(_NOT_ENTITIES)
    if ontology is not None:
        skip |= set(ontology.transitive_subjects(RDFS.subClassOf, MIG.Mention))
    by_class: dict[tuple[Node, str], list[Node]] = defaultdict(list)
    for entity, cls in data.subject_objects(RDF.type):
        if cls in skip or not (isinstance(cls, URIRef) and str(cls).startswith(str(MIG))):
            continue
        for label in data.objects(entity, RDFS.label):
            by_class[(cls, str(label).strip().casefold())].append(entity)
    out = []
    for (cls, label), entities in sorted(by_class.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        distinct = sorted(set(entities), key=str)
        if len(distinct) > 1:
            names = ", ".join(f"<{e}>" for e in distinct)
            out.append(OntologyFinding("unique-labels", cls, f"{len(distinct)} entities share the label {label!r}: {names}"))
    return out


def _class_mentions(ontology: Graph, node: Node) -> set[Node]:
    """The named classes a domain/range expression names (a class, or a union/intersection of classes)."""
    if isinstance(node, URIRef):
        return {node}
    found: set[Node] = set()
    for key in (OWL.unionOf, OWL.intersectionOf):
        lst = ontology.value(node, key)
        if lst is not None:
            for member in Collection(ontology, lst):
                found |= _class_mentions(ontology, member)
    return found


def check_connected(ontology: Graph) -> list[OntologyFinding]:
    classes = _classes(ontology)
    props = _properties(ontology)
    in_signature: set[Node] = set()
    for prop in props:
        for key in (RDFS.domain, RDFS.range):
            for value in ontology.objects(prop, key):
                in_signature |= _class_mentions(ontology, value)
    out = []
    for cls in sorted(classes):
        supers = {o for o in ontology.objects(cls, RDFS.subClassOf) if isinstance(o, URIRef)}
        subs = set(ontology.subjects(RDFS.subClassOf, cls))
        typed = set(ontology.subjects(RDF.type, cls))
        if not (supers or subs or typed or cls in in_signature or list(ontology.objects(cls, OWL.equivalentClass))):
            out.append(OntologyFinding("connected", cls, "is unconnected: no superclass, subclass, instance, or use as a domain or range"))
    for prop in sorted(props):
        has_signature = ontology.value(prop, RDFS.domain) is not None or ontology.value(prop, RDFS.range) is not None
        related = list(ontology.objects(prop, RDFS.subPropertyOf)) + list(ontology.subjects(RDFS.subPropertyOf, prop))
        if not (has_signature or related):
            out.append(OntologyFinding("connected", prop, "is unconnected: no domain, range or super/sub-property"))
    return out


def check_metadata(ontology: Graph) -> list[OntologyFinding]:
    onts = list(ontology.subjects(RDF.type, OWL.Ontology))
    if not onts:
        return [OntologyFinding("metadata", ONTOLOGY_IRI, "no owl:Ontology is declared")]
    out = []
    for ont in onts:
        for prop, what in ((DCTERMS.title, "title (dcterms:title)"), (DCTERMS.description, "description (dcterms:description)"),
                           (DCTERMS.license, "licence (dcterms:license)"), (DCTERMS.creator, "creator (dcterms:creator)"),
                           (OWL.versionIRI, "version IRI (owl:versionIRI)"), (OWL.versionInfo, "version (owl:versionInfo)")):
            if ontology.value(ont, prop) is None:
                out.append(OntologyFinding("metadata", ont, f"has no {what}"))
    return out


def run_all(ontology: Graph, data: Graph | None = None, shapes: Graph | None = None) -> list[OntologyFinding]:
    """Every check; the data and shape checks run only when those graphs are given."""
    findings = check_documented(ontology) + check_domain_range(ontology) + check_connected(ontology) + check_metadata(ontology)
    used: list[tuple[str, Graph]] = []
    if data is not None:
        used.append(("data", data))
    if shapes is not None:
        used.append(("shapes", shapes))
    findings += check_declared(ontology, used)
    if data is not None:
        findings += check_unique_labels(data, ontology)
    return findings
