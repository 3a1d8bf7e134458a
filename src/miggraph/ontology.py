"""The ontology as the authority for term names, property kinds and datatypes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, Graph, URIRef

from .config import MIG, RDF, RDFS, XSD


@dataclass(frozen=True)
class PropertyInfo:
    """What the ontology says about one mig: property."""

    iri: URIRef
    is_object: bool
    range: URIRef | None


class Ontology:
    """The parsed ontology with lookups by mig: local name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.graph = Graph()
        self.graph.parse(path, format="turtle")
        self.classes: set[str] = set()
        self.properties: dict[str, PropertyInfo] = {}
        self.individuals: set[str] = set()
        ns = str(MIG)
        for s in self.graph.subjects(RDF.type, OWL.Class):
            if isinstance(s, URIRef) and str(s).startswith(ns):
                self.classes.add(str(s)[len(ns):])
        for kind, is_object in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
            for s in self.graph.subjects(RDF.type, kind):
                if isinstance(s, URIRef) and str(s).startswith(ns):
                    rng = self.graph.value(s, RDFS.range)
                    self.properties[str(s)[len(ns):]] = PropertyInfo(
                        s, is_object, rng if isinstance(rng, URIRef) else None
                    )
        for s in self.graph.subjects(RDF.type, OWL.NamedIndividual):
            if isinstance(s, URIRef) and str(s).startswith(ns):
                self.individuals.add(str(s)[len(ns):])

    def is_subclass(self, cls: str, ancestor: str) -> bool:
        """True when mig:cls is mig:ancestor or below it."""
        target = MIG[ancestor]
        return target in set(self.graph.transitive_objects(MIG[cls], RDFS.subClassOf))


DATE_RANGES = {MIG.flexibleDate, XSD.date, XSD.gYear, XSD.gYearMonth}
