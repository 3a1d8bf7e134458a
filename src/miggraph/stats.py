"""Counts that describe a built graph: entities per class, facts, passages, provenance share."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from . import support
from .config import MIG, PROV, QB

_NON_FACT = {MIG.inDocument, MIG.paragraph, MIG.quote, MIG.startOffset, MIG.endOffset, MIG.mentions,
             MIG.withinRegion, MIG.withinRegionEditorial}  # the region hierarchy is vocabulary, not a fact of a document


@dataclass
class Stats:
    triples: int
    classes: dict[str, int]
    facts: int
    facts_with_provenance: int
    passages: int
    statements: int
    support: dict[str, int]  # reified facts by the support check's verdict (support.py)

    @property
    def provenance_share(self) -> float:
        return self.facts_with_provenance / self.facts if self.facts else 1.0


def curated_facts(graph: Graph) -> list[tuple]:
    """Every triple with a mig: predicate outside passages and statistical observations."""
    observations = set(graph.subjects(RDF.type, QB.Observation))
    out = []
    for s, p, o in graph:
        if isinstance(p, URIRef) and str(p).startswith(str(MIG)) and p not in _NON_FACT and s not in observations:
            out.append((s, p, o))
    return out


def compute(graph: Graph) -> Stats:
    classes: dict[str, int] = {}
    for _s, o in graph.subject_objects(RDF.type):
        if isinstance(o, URIRef) and str(o).startswith(str(MIG)):
            key = "mig:" + str(o)[len(str(MIG)):]
            classes[key] = classes.get(key, 0) + 1
    sourced: set[tuple] = set()
    for st in graph.subjects(RDF.type, RDF.Statement):
        if (st, PROV.wasDerivedFrom, None) in graph:
            sourced.add((graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)))
    facts = curated_facts(graph)
    return Stats(
        triples=len(graph),
        classes=dict(sorted(classes.items())),
        facts=len(facts),
        facts_with_provenance=sum(1 for f in facts if f in sourced),
        passages=classes.get("mig:Passage", 0),
        statements=sum(1 for _ in graph.subjects(RDF.type, RDF.Statement)),
        support=dict(support.check_graph(graph).counts()),
    )
